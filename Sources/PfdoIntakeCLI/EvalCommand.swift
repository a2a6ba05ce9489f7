import ArgumentParser
import Foundation
import OCR
import Pipeline

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: L("Score extraction against a corpus with known truth (e.g. samples/).", "Оценить распознавание на образцах с известными ответами (например, samples/)."),
        discussion: """
        DIR holds input files with a <id>.expected.json beside each (the extract --json schema) and,
        optionally, manifest.json giving each file's quality level and packet (see
        docs/sample-schema.md). Files of one packet are checked against each other, as in ingest.

        Reported per quality level, overall and per field:
          correct  exact match with the truth after normalisation
          silent   wrong value with status ok (auto-accepted): the worst outcome
          review   fields not auto-accepted (status review, or missing where a value was printed)
          form     pages classified right (application / consent / unknown)
        and pages per minute, end to end.

        With a registry export (--registry FILE, or registry.csv in DIR) the corpus is also
        registered as ingest does, into a temporary database holding that export, and the
        packet-level results are reported: packets registered with no person, packets wrongly
        activated (the paper disagrees with the entry), packets split by grouping, the reasons
        packets went to review, and the reviewer time per packet with its cost model. The
        calibration table shows, of the fields accepted, how many were right, per field kind
        and quality.

        Truth files are checked too: a malformed value or an unknown key is reported as an error
        and the command exits with 1.
        """
    )

    @Argument(help: "Corpus folder.")
    var dir: String

    @OptionGroup var output: OutputOptions
    var json: Bool { output.isJSON }

    @Flag(name: .shortAndLong, help: "List every field that was wrong or not accepted.")
    var verbose = false

    @Option(help: "Registry export (CSV) for packet-level results (default: DIR/registry.csv when present).")
    var registry: String?

    @OptionGroup var workers: WorkerOptions

    func run() throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            printError("\(dir): not a folder")
            throw ExitCode(ExitCodes.allInputsFailed)
        }
        let (samples, truthErrors) = try Evaluation.loadCorpus(dir)
        guard !samples.isEmpty else {
            printError("\(dir): no samples (expected <id>.expected.json beside each input file)")
            for e in truthErrors { printError(e) }
            throw ExitCode(ExitCodes.allInputsFailed)
        }
        let start = Date()
        var outcomes: [FileOutcome]
        do {
            outcomes = try WorkerPool.run(samples.map(\.file), jobs: workers.jobs, makeWorker: { try PageProcessor() },
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
