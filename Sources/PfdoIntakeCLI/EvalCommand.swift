import ArgumentParser
import Foundation
import IntakeModel
import OCR
import Pipeline

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: L("Score extraction against a corpus with known truth (e.g. samples/).", "Оценить распознавание на образцах с известными ответами (например, samples/)."),
        discussion: L("""
        DIR holds input files with a <id>.expected.json beside each (the extract
        --json schema) and, optionally, manifest.json giving each file's quality
        level and packet (see docs/sample-schema.md). Files of one packet are
        checked against each other, as in ingest.

        Reported per quality level, overall and per field:
          correct  exact match with the truth after normalisation
          silent   wrong value with status ok (auto-accepted): the worst outcome
          review   fields not auto-accepted (status review, or missing where
                   a value was printed)
          form     pages classified right (application / consent / unknown)
        and pages per minute, end to end.

        With a registry export (--registry FILE, or registry.csv in DIR) the
        corpus is also registered as ingest does, into a temporary database
        holding that export, and the packet-level results are reported: packets
        registered with no person (of those whose paper agrees with the entry
        and whose two forms are there and signed; the others must go to a
        person), packets wrongly activated (the paper disagrees with the entry,
        or a form is missing or unsigned), packets split by grouping, the reasons
        packets went to review, the fields no person sees after the packet stage
        (accepted on the page, by the other form, or settled by the registry
        entry in a packet activated with no person) per quality, and the
        reviewer time per packet with its cost model. The calibration table shows, of the fields accepted, how many
        were right, per field kind and quality.

        Truth files are checked too: a malformed value or an unknown key is
        reported as an error and the command exits with 1.
        """, """
        В папке DIR лежат входные файлы и рядом с каждым <id>.expected.json
        (схема extract --json), а также, по желанию, manifest.json с уровнем
        качества и пакетом каждого файла (см. docs/sample-schema.md). Файлы
        одного пакета сверяются между собой, как при ingest.

        По каждому уровню качества, в целом и по каждому полю:
          correct  совпадает с верным ответом после нормализации
          silent   неверное значение со статусом ok (принято без человека):
                   худший исход
          review   поля, не принятые автоматически (на проверке или не
                   найдены, хотя напечатаны)
          form     страницы, вид которых определён верно (заявление,
                   согласие, неизвестная)
        и страниц в минуту от начала до конца.

        С выгрузкой реестра (--registry ФАЙЛ или registry.csv в DIR) образцы ещё
        и регистрируются, как при ingest, во временную базу с этой выгрузкой, и
        выводятся итоги по пакетам: пакеты, зарегистрированные без человека (из
        тех, где бумага совпадает с записью и оба бланка есть и подписаны;
        остальные должен увидеть человек); пакеты, активированные ошибочно
        (бумага расходится с записью, или бланка нет, или он не подписан); пакеты,
        разбитые при группировке; причины отправки на проверку; поля, которых
        после этапа пакета не видит человек (приняты на странице, другой формой
        или записью реестра в пакете, активированном без человека), по
        качеству; время проверяющего на пакет по его модели затрат. Таблица калибровки
        показывает, сколько принятых полей верны, по виду поля и качеству.

        Файлы с ответами тоже проверяются: неверное значение или неизвестный
        ключ выводятся как ошибка, и команда завершается с кодом 1.
        """)
    )

    @Argument(help: ArgumentHelp(L("Corpus folder.", "Папка с образцами.")))
    var dir: String

    @OptionGroup var output: OutputOptions
    var json: Bool { output.isJSON }

    @Flag(name: .shortAndLong, help: ArgumentHelp(L("List every field that was wrong or not accepted.", "Перечислить каждое поле, которое неверно или не принято.")))
    var verbose = false

    @Option(help: ArgumentHelp(L("Registry export (CSV) for packet-level results (default: DIR/registry.csv when present).", "Выгрузка реестра (CSV) для итогов по пакетам (по умолчанию DIR/registry.csv, если есть).")))
    var registry: String?

    @OptionGroup var workers: WorkerOptions

    func run() throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            printError(L("\(dir): not a folder", "\(dir): это не папка"))
            throw ExitCode(ExitCodes.allInputsFailed)
        }
        let (samples, truthErrors) = try Evaluation.loadCorpus(dir)
        guard !samples.isEmpty else {
            printError(L("\(dir): no samples (expected <id>.expected.json beside each input file)", "\(dir): образцов нет (рядом с каждым входным файлом нужен <id>.expected.json)"))
            for e in truthErrors { printError(e) }
            throw ExitCode(ExitCodes.allInputsFailed)
        }
        let start = Date()
        var outcomes: [FileOutcome]
        do {
            let layouts = LayoutStore()
            outcomes = try WorkerPool.run(samples.map(\.file), jobs: workers.jobs, makeWorker: { try PageProcessor(layouts: layouts) },
                                          progress: nil) { $0.process(file: $1) }
        } catch {
            printError("\(error)")
            throw ExitCode(ExitCodes.environment)
        }
        let seconds = Date().timeIntervalSince(start)
        let unreconciled = outcomes
        let groups = Dictionary(grouping: samples.indices, by: { samples[$0].packet }).values.map { $0.sorted() }
        Packets.reconcile(&outcomes, groups: groups)
        var report = Evaluation.score(samples: samples, outcomes: outcomes, seconds: seconds)
        report.truthErrors = truthErrors
        let defaultRegistry = (dir as NSString).appendingPathComponent("registry.csv")
        if let path = registry ?? (FileManager.default.fileExists(atPath: defaultRegistry) ? defaultRegistry : nil) {
            do {
                report.packets = try PacketEvaluation.run(samples: samples, outcomes: unreconciled, registryCSV: path)
            } catch {
                printError("\(path): packet-level results not computed: \(error)")
                throw ExitCode(ExitCodes.someInputsFailed)
            }
        }
        if json {
            print(MachineJSON.encode(report, snakeCase: true))
        } else {
            print(Evaluation.render(report, verbose: verbose), terminator: "")
        }
        if !truthErrors.isEmpty { throw ExitCode(ExitCodes.someInputsFailed) }
    }
}
