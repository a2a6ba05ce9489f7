import ArgumentParser
import Foundation
import IntakeModel
import Pipeline
import Registry

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: L("Read the files queued by `ingest --enqueue` and register their packets, beside other workers.",
                    "Читать файлы, поставленные в очередь `ingest --enqueue`, и регистрировать пакеты вместе с другими обработчиками."),
        discussion: L("""
        Any number of workers, on this machine or others, may serve one queue in a shared \
        PostgreSQL database (--db postgres://user@host/dbname; an SQLite file works for workers on \
        one machine). Each takes one file at a time per thread (--jobs), under a lease it renews \
        while it reads; every page is kept in the database as soon as it is read. A worker that is \
        killed or loses its machine leaves its files to the others when the lease runs out \
        (--lease), and they read only the pages still missing. A file that fails --max-attempts \
        times, or that is not a document, is parked with its error (pfdo-intake jobs shows it).

        After each file the packet stage runs, once at a time across all workers: an application \
        and its consent read by different workers are paired exactly as ingest pairs them, and each \
        packet is registered once. A lone half waits while files are still to be read. The worker \
        ends when no file is left to read anywhere (exit 0), or after the pages in flight on \
        Ctrl-C / SIGTERM (130 / 143; its files return to the queue).

        The summary (stdout) gives files, pages, packets, pages per minute, and the database's \
        work per page (statements and milliseconds), which decides how many workers one server feeds.
        """, """
        Одну очередь в общей базе PostgreSQL (--db postgres://пользователь@сервер/база; для \
        обработчиков на одной машине подойдёт и файл SQLite) может обслуживать любое число \
        обработчиков на этой и других машинах. Каждый поток (--jobs) берёт по одному файлу под \
        аренду, которую продлевает, пока читает; каждая страница сохраняется в базе сразу после \
        распознавания. Файлы убитого обработчика или потерянной машины по истечении аренды (--lease) \
        достаются остальным, и те дочитывают только недостающие страницы. Файл, не прочитанный \
        --max-attempts раз или не являющийся документом, откладывается с ошибкой (её показывает \
        pfdo-intake jobs).

        После каждого файла выполняется этап пакетов — по одному на все обработчики: заявление и \
        согласие, прочитанные разными обработчиками, собираются в пакет так же, как в ingest, и каждый \
        пакет регистрируется один раз. Одиночная половина ждёт, пока остаются непрочитанные файлы. \
        Обработчик завершается, когда читать больше нечего (код 0), или после начатых страниц по \
        Ctrl-C / SIGTERM (130 / 143; его файлы возвращаются в очередь).

        Итог (stdout): файлы, страницы, пакеты, страниц в минуту и работа базы на страницу \
        (запросы и миллисекунды), от которой зависит, сколько обработчиков потянет один сервер.
        """)
    )

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var workers: WorkerOptions

    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp(L("Seconds a taken file stays this worker's without a heartbeat (renewed every third of it).",
                                 "Сколько секунд взятый файл принадлежит обработчику без продления (продлевается каждую треть срока)."),
                               valueName: "seconds"))
    var lease: Double = 60

    @Option(help: ArgumentHelp(L("Times a file is taken before it is parked as failed.",
                                 "Сколько раз файл берётся в работу, прежде чем отложить его как ошибку."), valueName: "n"))
    var maxAttempts: Int = 3

    @Option(help: ArgumentHelp(L("This worker's name in the queue (default: host:pid).",
                                 "Имя обработчика в очереди (по умолчанию хост:pid)."), valueName: "name"))
    var name: String?

    @Flag(name: .shortAndLong, help: ArgumentHelp(L("One line per file and per packet on stderr.", "Строка на каждый файл и пакет в stderr.")))
    var verbose = false

    func validate() throws {
        guard lease >= 1 else { throw ValidationError(L("--lease must be at least 1 second", "--lease — не меньше 1 секунды")) }
        guard maxAttempts >= 1 else { throw ValidationError(L("--max-attempts must be at least 1", "--max-attempts — не меньше 1")) }
    }

    func run() throws {
        let store = try database.open(create: false)
        let worker = QueueWorker(store: store, name: name ?? "\(ProcessInfo.processInfo.hostName):\(getpid())",
                                 jobs: workers.jobs, lease: lease, maxAttempts: maxAttempts)
        if verbose {
            worker.onFile = { file, ok in printError(ok ? L("read \(printable(file))", "прочитан \(printable(file))")
                                                        : L("failed \(printable(file))", "ошибка \(printable(file))")) }
            worker.onPacket = { outcome, names in printError(packetLine(outcome, files: names)) }
        }
        let signals = StopOnSignal(worker.stop)
        defer { signals.restore() }
        let s: WorkerSummary
        do {
            s = try worker.run()
        } catch {
            printError(describe(error))
            throw ExitCode(ExitCodes.environment)
        }
        for f in s.failed { printError(f) }
        if output.isJSON {
            print(MachineJSON.encode(s, snakeCase: true))
        } else {
            let perMinute = s.seconds > 0 ? Double(s.pages) / s.seconds * 60 : 0
            let perPage = max(s.pages, 1)
            print(L("""
                worker \(s.worker) (\(database.displayPath))
                  files           \(s.files) read, \(s.failed.count) failed
                  pages           \(s.pages) read\(s.resumedPages > 0 ? ", \(s.resumedPages) left by a stopped worker" : "") in \(String(format: "%.0f", s.seconds)) s (\(String(format: "%.1f", perMinute)) pages/min)
                  packets         \(s.packetsRegistered) registered, \(s.packetsInReview) to review\(s.packetsRejected > 0 ? ", \(s.packetsRejected) rejected" : "")
                  database        \(String(format: "%.1f", Double(s.databaseStatements) / Double(perPage))) statements and \(String(format: "%.1f", s.databaseSeconds * 1000 / Double(perPage))) ms per page (\(String(format: "%.1f", s.databaseSerializedSeconds * 1000 / Double(perPage))) ms holding the writers' lock)
                """, """
                обработчик \(s.worker) (\(database.displayPath))
                  файлов          \(s.files) прочитано, \(s.failed.count) с ошибкой
                  страниц         \(s.pages) прочитано\(s.resumedPages > 0 ? ", \(s.resumedPages) от остановленного обработчика" : "") за \(String(format: "%.0f", s.seconds)) с (\(String(format: "%.1f", perMinute)) стр./мин)
                  пакетов         \(s.packetsRegistered) зарегистрировано, \(s.packetsInReview) на проверку\(s.packetsRejected > 0 ? ", \(s.packetsRejected) отклонено" : "")
                  база            \(String(format: "%.1f", Double(s.databaseStatements) / Double(perPage))) запросов и \(String(format: "%.1f", s.databaseSeconds * 1000 / Double(perPage))) мс на страницу (\(String(format: "%.1f", s.databaseSerializedSeconds * 1000 / Double(perPage))) мс под блокировкой записи)
                """))
        }
        if let signal = s.interruptedBy {
            printError(L("stopped: the files in flight return to the queue; start a worker again to go on",
                         "остановлено: начатые файлы вернулись в очередь; запустите обработчик снова"))
            throw ExitCode(128 + signal)
        }
    }
}

struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: L("Show the work queue of `ingest --enqueue`: pending, running, done and failed files, throughput, ETA.",
                    "Показать очередь заданий `ingest --enqueue`: ожидают, в работе, готовы, с ошибкой; скорость и оставшееся время."),
        discussion: L("""
        `read` files have every page read and wait for the other half of their packet (or for the \
        packet stage). Throughput is the pages of the files finished in the last ten minutes. Failed \
        files are listed with their error: fix the cause and queue them again after \
        `pfdo-intake jobs --retry-failed`. (The review queue is `pfdo-intake queue`.)
        """, """
        Файлы `read` прочитаны целиком и ждут вторую половину пакета (или этап пакетов). Скорость \
        считается по страницам файлов, законченных за последние десять минут. Файлы с ошибкой \
        перечислены с причиной: устраните её и верните их в очередь `pfdo-intake jobs --retry-failed`. \
        (Очередь проверки — `pfdo-intake queue`.)
        """)
    )

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var output: OutputOptions

    @Flag(help: ArgumentHelp(L("Put the failed files back in the queue (after fixing the cause).",
                               "Вернуть файлы с ошибкой в очередь (после устранения причины).")))
    var retryFailed = false

    func run() throws {
        let store = try database.open(create: false)
        if retryFailed {
            let n = try registryCall { try store.retryFailedJobs() }
            printError(L("\(n) failed file(s) back in the queue", "в очередь возвращено файлов с ошибкой: \(n)"))
        }
        let s = try registryCall { try store.queueStatistics() }
        if output.isJSON {
            print(MachineJSON.encode(s, snakeCase: true))
            return
        }
        let total = s.pending + s.running + s.read + s.done + s.failed
        var out = L("jobs in \(database.displayPath): \(total) file(s)\n", "задания в \(database.displayPath): файлов \(total)\n")
        out += L("""
              pending         \(s.pending)
              running         \(s.running)\(s.workers.isEmpty ? "" : " (workers: \(s.workers.joined(separator: ", ")))")
              read            \(s.read) (waiting for the other half or the packet stage)
              done            \(s.done) (\(s.pagesDone) pages)
              failed          \(s.failed)
            """, """
              ожидают         \(s.pending)
              в работе        \(s.running)\(s.workers.isEmpty ? "" : " (обработчики: \(s.workers.joined(separator: ", ")))")
              прочитаны       \(s.read) (ждут вторую половину или этап пакетов)
              готовы          \(s.done) (страниц \(s.pagesDone))
              с ошибкой       \(s.failed)
            """)
        if let rate = s.pagesPerMinute {
            out += L("\n  throughput      \(String(format: "%.1f", rate)) pages/min (last 10 min)", "\n  скорость        \(String(format: "%.1f", rate)) стр./мин (за 10 мин)")
            if let eta = s.etaSeconds, s.pending + s.running > 0 {
                out += L("\n  ETA             \(formatDuration(eta))", "\n  осталось        \(formatDuration(eta))")
            }
        }
        if !s.failures.isEmpty {
            out += L("\n\nfailed (job: file: error):", "\n\nс ошибкой (задание: файл: ошибка):")
            for f in s.failures { out += "\n  #\(f.id): \(printable(f.path)): \(f.error)" }
        }
        print(out)
    }
}

private func formatDuration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    return s >= 3600 ? "\(s / 3600) h \(s % 3600 / 60) min" : s >= 60 ? "\(s / 60) min \(s % 60) s" : "\(s) s"
}
