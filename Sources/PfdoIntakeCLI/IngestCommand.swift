import ArgumentParser
import Foundation
import IntakeModel
import OCR
import Pipeline
import Registry

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: L("Recognise, extract, validate and register scanned packets into the registry.", "Распознать, извлечь, проверить и зарегистрировать в реестре пакеты сканов."),
        discussion: L("""
        Walks the given files and folders (.png .jpg .tif .pdf), reads and extracts every page in \
        parallel (one Tesseract engine per worker), groups pages into packets (the pages of one file, \
        or an application and a consent in separate files with the same application number and \
        child), checks the two forms against each other and registers each packet:
          registered  matched to its registry entry (registry number, child's
                      name and birth date): the entry is activated
          review      sent to the review queue with reasons (unknown registry
                      number, mismatch with the entry, missing consent, forms
                      disagreeing, a field a human must check, ...)

        Documents are stored by content hash: ingesting the same file again changes nothing, and a \
        file given twice (or two files with the same content) is read once. Each page is kept in the \
        database as soon as it is read, so a long PDF never sits in memory whole. Ctrl-C or SIGTERM \
        finishes the pages in flight, commits what is done and exits 130 / 143; even kill -9 loses at \
        most the pages in flight. Running the same command again resumes without registering \
        anything twice. Several ingest processes may share one database.

        Progress goes to stderr: on a terminal one line redrawn after every file (bar, count, ETA, \
        the file), fitted to the terminal's width; otherwise a plain line every 5 seconds and at the \
        end. -v adds one line per packet (its files and what happened), -q leaves only errors. The \
        summary goes to stdout (--format json for programs): the packets sent to review with their \
        files, and how many packets wait in the queue in all (pfdo-intake queue lists them).

        Import the registry first: pfdo-intake registry import FILE. With an empty registry every \
        packet waits for registry_unknown: ingest warns, or refuses with --require-registry. \
        --dry-run does everything on a temporary copy of the database and reports what would happen.

        A batch too big for one machine: with --enqueue (and --db postgres://...) ingest only records \
        each file (content hash and absolute path, which every worker must see on shared storage) as a \
        job and returns; `pfdo-intake worker` processes on any number of machines read them, and \
        `pfdo-intake jobs` shows the progress.
        """, """
        Обходит заданные файлы и каталоги (.png .jpg .tif .pdf), распознаёт и извлекает каждую \
        страницу параллельно (по движку Tesseract на поток), собирает страницы в пакеты (страницы \
        одного файла или заявление и согласие в разных файлах с одним номером заявления и \
        ребёнком), сверяет две формы между собой и регистрирует каждый пакет:
          registered  сопоставлен с записью реестра (реестровый номер, ФИО и
                      дата рождения ребёнка): запись активируется
          review      отправлен на проверку с причинами (номера нет в реестре,
                      расхождение с записью, нет согласия, формы расходятся,
                      поле должен проверить человек, ...)

        Документы хранятся по хешу содержимого: повторная загрузка того же файла ничего не меняет, \
        а файл, указанный дважды (или два файла с одинаковым содержимым), читается один раз. Каждая \
        страница сохраняется в базе сразу после распознавания, поэтому длинный PDF не держится в памяти \
        целиком. Ctrl-C или SIGTERM дочитывают начатые страницы, сохраняют сделанное и завершают работу \
        с кодом 130 / 143; даже kill -9 теряет только начатые страницы. Та же команда, запущенная снова, \
        продолжит с места остановки и ничего не зарегистрирует дважды. Несколько процессов ingest могут \
        работать с одной базой.

        Ход работы пишется в stderr: в терминале одна строка обновляется после каждого файла (полоса, \
        счёт, оставшееся время, файл) по ширине терминала; иначе простая строка раз в 5 секунд и в \
        конце. -v добавляет строку на каждый пакет (его файлы и что с ним стало), -q оставляет только \
        ошибки. Итог пишется в stdout (--format json для программ): пакеты, отправленные на проверку, \
        с их файлами и сколько всего пакетов ждёт в очереди (их список — pfdo-intake queue).

        Сначала загрузите реестр: pfdo-intake registry import ФАЙЛ. При пустом реестре каждый пакет \
        ждёт проверки с причиной registry_unknown: ingest предупреждает, а с --require-registry \
        отказывается работать. --dry-run делает всё на временной копии базы и сообщает, что бы \
        произошло.

        Загрузка, слишком большая для одной машины: с --enqueue (и --db postgres://...) ingest только \
        записывает каждый файл (хеш содержимого и абсолютный путь, который должен быть виден всем \
        обработчикам на общем хранилище) как задание и сразу завершается; процессы `pfdo-intake worker` \
        на любом числе машин читают задания, а `pfdo-intake jobs` показывает ход работы.
        """)
    )

    @Argument(help: ArgumentHelp(L("Files or folders to ingest.", "Файлы или каталоги для загрузки.")))
    var paths: [String]

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var workers: WorkerOptions

    @OptionGroup var output: OutputOptions

    @Flag(name: .shortAndLong, help: ArgumentHelp(L("No progress and no warnings on stderr (errors and the summary still print).",
                                                  "Без хода работы и предупреждений в stderr (ошибки и итог печатаются).")))
    var quiet = false

    @Flag(name: .shortAndLong, help: ArgumentHelp(L("One line per packet on stderr: its files and what happened to them.",
                                                  "Строка на каждый пакет в stderr: его файлы и что с ними стало.")))
    var verbose = false

    @Flag(help: ArgumentHelp(L("Read and check everything, register into a temporary copy of the database and report; the database is not changed.",
                                "Распознать и проверить всё, зарегистрировать во временной копии базы и сообщить итог; база не меняется.")))
    var dryRun = false

    @Flag(help: ArgumentHelp(L("Refuse to run (exit 3) when the registry holds no entries, instead of warning.",
                                "Не запускаться (код 3), если в реестре нет записей, вместо предупреждения.")))
    var requireRegistry = false

    @Flag(help: ArgumentHelp(L("Only queue the files as jobs for `pfdo-intake worker` processes (possibly on other machines) and return at once.",
                                "Только поставить файлы в очередь заданий для процессов `pfdo-intake worker` (в том числе на других машинах) и сразу завершиться.")))
    var enqueue = false

    func validate() throws {
        if enqueue && dryRun { throw ValidationError(L("--enqueue and --dry-run exclude each other", "--enqueue и --dry-run несовместимы")) }
        if quiet && verbose { throw ValidationError(L("--quiet and --verbose exclude each other", "--quiet и --verbose несовместимы")) }
    }

    func run() throws {
        let (files, missing) = try Inputs.require(paths)
        if enqueue { return try enqueueFiles(files, missing: missing) }
        var scratch: DryRun?
        defer { scratch?.remove() }
        var target: RegistryStore
        if dryRun && !database.exists {
            // Nothing may be created by a dry run: it runs against an empty database of its own.
            if !quiet {
                printError(L("note: no database at \(database.displayPath) yet: the dry run uses an empty one and creates nothing there",
                             "примечание: базы \(database.displayPath) ещё нет: пробный прогон идёт на пустой базе и ничего там не создаёт"))
            }
            scratch = try DryRun(copying: nil)
            target = scratch!.store
        } else {
            target = try database.open(create: !dryRun)
        }
        let counts = try registryCall { try target.counts() }
        if counts.entries == 0 {
            let message = L("the registry in \(target.path) holds no entries: every packet will wait in review for registry_unknown. Import the regional export first: pfdo-intake registry import FILE --db \(target.path)",
                            "в реестре \(target.path) нет записей: все пакеты уйдут на проверку с причиной registry_unknown. Сначала загрузите выгрузку: pfdo-intake registry import ФАЙЛ --db \(target.path)")
            if requireRegistry {
                printError(message)
                throw ExitCode(ExitCodes.environment)
            }
            if !quiet { printError(L("warning: ", "предупреждение: ") + message) }
        }
        if dryRun && scratch == nil { scratch = try DryRun(copying: target) }
        if let scratch { target = scratch.store }

        let runner = IngestRunner(store: target, jobs: workers.jobs)
        if let chunk = ProcessInfo.processInfo.environment["PFDO_INGEST_CHUNK"].flatMap(Int.init), chunk > 0 {
            runner.chunkSize = chunk
        }
        let bar = ProgressLine(quiet: quiet)
        if verbose {
            runner.onPacket = { outcome, names in bar.note(packetLine(outcome, files: names)) }
        }
        let signals = StopOnSignal(runner.stop)
        defer { signals.restore() }
        let summary: IngestSummary
        do {
            summary = try runner.run(files: files) { bar.update($0) }
        } catch let e as RegistryError {
            bar.finish()
            printError(e.description)
            throw ExitCode(e.isEnvironment ? ExitCodes.environment : ExitCodes.allInputsFailed)
        } catch let e as OCRError {
            bar.finish()
            printError(e.description)
            throw ExitCode(ExitCodes.environment)
        } catch {
            bar.finish()
            printError(describe(error))
            throw ExitCode(ExitCodes.environment)
        }
        bar.finish()
        for d in summary.duplicates { printError(d) }
        for f in summary.failed { printError(f) }
        let queued = try registryCall { try target.counts().inReview }
        if output.isJSON {
            print(MachineJSON.encode(IngestReport(summary, files: files, missing: missing, database: database.displayPath,
                                                  queueSize: queued, dryRun: dryRun)))
        } else {
            print(render(summary, queueSize: queued))
        }
        if let signal = summary.interruptedBy {
            printError("stopped by \(signal == SIGINT ? "SIGINT (Ctrl-C)" : "SIGTERM"): what was read is committed"
                + (summary.unfinished > 0 ? ", \(summary.unfinished) file(s) not finished (their pages read so far are kept)" : "")
                + "; run the same command again to resume")
            throw ExitCode(128 + signal)
        }
        let failures = summary.failed.count + missing.count
        let code = ExitCodes.forFailures(failures, of: summary.files + missing.count)
        if code != 0 { throw ExitCode(code) }
    }

    /// `--enqueue`: records each file as a job (content hash, absolute path) and returns.
    private func enqueueFiles(_ files: [String], missing: [FailedInput]) throws {
        let store = try database.open()
        var queued: [FileToQueue] = []
        var failed: [String] = []
        for f in files {
            guard let data = try? PageLoader.read(path: f) else {
                failed.append(L("\(printable(f)): cannot be read", "\(printable(f)): не читается"))
                continue
            }
            let absolute = URL(fileURLWithPath: f).standardizedFileURL.path
            queued.append(FileToQueue(sha256: SHA256.hex(data), path: absolute, size: data.count))
        }
        let summary = try registryCall { try store.enqueue(queued) }
        for f in failed { printError(f) }
        if output.isJSON {
            print(MachineJSON.encode(summary, snakeCase: true))
        } else {
            print(L("queued \(summary.queued) file(s) in \(database.displayPath); \(summary.alreadyQueued) queued before, \(summary.alreadyStored) stored before",
                    "в очередь \(database.displayPath) поставлено файлов: \(summary.queued); уже в очереди \(summary.alreadyQueued), уже в базе \(summary.alreadyStored)"))
            if summary.queued > 0, !quiet {
                printError(L("start workers (on this or other machines that see the same paths): pfdo-intake worker --db \(database.displayPath); progress: pfdo-intake jobs --db \(database.displayPath)",
                             "запустите обработчики (здесь или на других машинах, где видны те же пути): pfdo-intake worker --db \(database.displayPath); ход работы: pfdo-intake jobs --db \(database.displayPath)"))
            }
        }
        let code = ExitCodes.forFailures(failed.count + missing.count, of: files.count + missing.count)
        if code != 0 { throw ExitCode(code) }
    }

    private func render(_ s: IngestSummary, queueSize: Int) -> String {
        var out = L("ingest summary (\(database.displayPath))", "итог ingest (\(database.displayPath))")
            + (dryRun ? L(", DRY RUN: nothing was written", ", ПРОБНЫЙ ПРОГОН: ничего не записано") : "") + "\n"
        out += L("""
              files           \(s.files) (\(s.alreadyStored) already stored, skipped\(s.duplicates.isEmpty ? "" : "; \(s.duplicates.count) duplicate(s) read once"))
              pages           \(s.pages) read, \(s.unknownPages) unknown (blank, unrelated or unreadable)
              registered      \(s.packetsRegistered) packets (registry entries activated)
              needs review    \(s.packetsInReview) packets from this run; \(queueSize) waiting in the queue now
              failed files    \(s.failed.count)
            """, """
              файлов          \(s.files) (\(s.alreadyStored) уже в базе, пропущены)
              страниц         \(s.pages) прочитано, \(s.unknownPages) не распознаны (пустые, посторонние, нечитаемые)
              зарегистрировано \(s.packetsRegistered) пакетов (записи реестра активированы)
              на проверку     \(s.packetsInReview) пакетов из этого прогона; в очереди сейчас \(queueSize)
              ошибок файлов   \(s.failed.count)
            """)
        if s.packetsRejected > 0 { out += L("\n  rejected        \(s.packetsRejected) packets", "\n  отклонено       \(s.packetsRejected) пакетов") }
        if s.resumedPages > 0 { out += L("\n  resumed         \(s.resumedPages) pages read by an earlier, stopped run", "\n  продолжено     \(s.resumedPages) страниц, прочитанных прерванным прогоном") }
        if s.interruptedBy != nil { out += L("\n  not finished    \(s.unfinished) files (stopped; run again to resume)", "\n  не закончено    \(s.unfinished) файлов (остановлено; запустите снова)") }
        if !s.review.isEmpty {
            out += L("\n\nsent to review (packet: files: reasons):", "\n\nна проверку (пакет: файлы: причины):")
            for r in s.review.prefix(50) {
                out += "\n  #\(r.packetId): \(r.files.joined(separator: ", ")): \(r.reasons.map(reasonLabel).joined(separator: ", "))"
            }
            if s.review.count > 50 { out += L("\n  ... and \(s.review.count - 50) more", "\n  ... и ещё \(s.review.count - 50)") }
        }
        if queueSize > 0 {
            out += L("\n\nthe queue: pfdo-intake queue; one packet: pfdo-intake packet show ID; to review: pfdo-intake review",
                     "\n\nочередь: pfdo-intake queue; пакет: pfdo-intake packet show ID; проверка: pfdo-intake review")
        }
        out += String(format: L("\n\n%.1f s, %.1f pages/min", "\n\n%.1f с, %.1f стр./мин"),
                      s.seconds, s.seconds > 0 ? Double(s.pages) / s.seconds * 60 : 0)
        return out
    }
}

/// The ingest summary for programs (docs/output-formats.md).
struct IngestReport: Encodable {
    struct Review: Encodable {
        var packetId: Int64
        var reasons: [String]
        var files: [String]
        enum CodingKeys: String, CodingKey { case packetId = "packet_id", reasons, files }
    }

    var database: String
    var dryRun: Bool
    var files: Int
    var alreadyStored: Int
    var pages: Int
    var unknownPages: Int
    var packetsRegistered: Int
    var packetsInReview: Int
    var packetsRejected: Int
    var queueSize: Int
    var failed: [FailedInput]
    var review: [Review]
    var seconds: Double
    var ocrSeconds: Double
    /// Files with the same content as an earlier one, read once; pages taken over from a stopped run;
    /// the signal that stopped this one (nil when it ran to the end) and the files it left unfinished.
    var duplicates: [String]
    var resumedPages: Int
    var interruptedBy: Int32?
    var unfinished: Int

    enum CodingKeys: String, CodingKey {
        case database, dryRun = "dry_run", files, alreadyStored = "already_stored", pages, unknownPages = "unknown_pages"
        case packetsRegistered = "packets_registered", packetsInReview = "packets_in_review"
        case packetsRejected = "packets_rejected", queueSize = "queue_size", failed, review, seconds
        case ocrSeconds = "ocr_seconds", duplicates, resumedPages = "resumed_pages", interruptedBy = "interrupted_by", unfinished
    }

    init(_ s: IngestSummary, files paths: [String], missing: [FailedInput], database: String, queueSize: Int, dryRun: Bool) {
        self.database = database; self.dryRun = dryRun
        files = s.files; alreadyStored = s.alreadyStored; pages = s.pages; unknownPages = s.unknownPages
        packetsRegistered = s.packetsRegistered; packetsInReview = s.packetsInReview; packetsRejected = s.packetsRejected
        self.queueSize = queueSize
        failed = missing + s.failed.map { FailedInput.from($0, paths: paths) }
        review = s.review.map { Review(packetId: $0.packetId, reasons: $0.reasons, files: $0.files) }
        seconds = s.seconds; ocrSeconds = s.ocrSeconds
        duplicates = s.duplicates; resumedPages = s.resumedPages; interruptedBy = s.interruptedBy; unfinished = s.unfinished
    }
}

/// A private temporary copy of the database for a dry run, removed afterwards.
struct DryRun {
    let folder: URL
    let store: RegistryStore

    /// A private copy of `source`, or an empty database when there is none.
    init(copying source: RegistryStore?) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pfdo-dry-run-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            let path = folder.appendingPathComponent("copy.db").path
            try source?.copy(to: path)
            store = try RegistryStore(path: path)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            printError(L("cannot make a temporary copy of the database for the dry run: \(error)",
                         "не удалось сделать временную копию базы для пробного прогона: \(error)"))
            throw ExitCode(ExitCodes.environment)
        }
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// One packet for -v: its files, its id, what happened and why.
func packetLine(_ outcome: PacketOutcome, files: [String]) -> String {
    var line = "\(files.map(printable).joined(separator: ", ")) → #\(outcome.packetId) \(stateLabel(outcome.state.rawValue))"
    if outcome.disposition == .existing { line += L(" (stored before)", " (уже был)") }
    if !outcome.reasons.isEmpty { line += ": " + outcome.reasons.map { reasonLabel($0.code) }.joined(separator: ", ") }
    return line
}
