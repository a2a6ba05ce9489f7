import ArgumentParser
import Foundation
import OCR
import Pipeline
import Registry

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Recognise, extract, validate and register scanned packets into the registry.",
        discussion: """
        Walks the given files and folders (.png .jpg .tif .pdf), reads and extracts every page in
        parallel (one Tesseract engine per worker), groups pages into packets (the pages of one file,
        or an application and a consent in separate files with the same application number and child),
        checks the two forms against each other and registers each packet:
          registered  matched to its registry entry (registry number, child's name and birth date):
                      the entry is activated
          review      sent to the review queue with reasons (unknown registry number, mismatch with
                      the entry, missing consent, forms disagreeing, a field a human must check, ...)

        Documents are stored by content hash: ingesting the same file again changes nothing. The
        batch can be stopped at any moment (even kill -9); running the same command again finishes
        it without registering anything twice. Several ingest processes may share one database.

        Progress goes to stderr (a live line on a terminal, plain lines otherwise); the summary goes to
        stdout (--json for machines). Import the registry first: pfdo-intake registry import FILE.
        """
    )

    @Argument(help: "Files or folders to ingest.")
    var paths: [String]

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var workers: WorkerOptions

    @Flag(help: "Print the summary as JSON.")
    var json = false


    func run() throws {
        let (files, missing) = try Inputs.require(paths)
        let store = try database.open()
        let runner = IngestRunner(store: store, jobs: workers.jobs)
        if let chunk = ProcessInfo.processInfo.environment["PFDO_INGEST_CHUNK"].flatMap(Int.init), chunk > 0 {
            runner.chunkSize = chunk
        }
        let bar = ProgressLine()
        let summary: IngestSummary
        do {
            summary = try runner.run(files: files) { bar.update($0) }
        } catch let e as OCRError {
            bar.finish()
            printError(e.description)
            throw ExitCode(ExitCodes.environment)
        } catch {
            bar.finish()
            printError("\(error)")
            throw ExitCode(ExitCodes.environment)
        }
        bar.finish()
        for f in summary.failed { printError(f) }
        if json {
            print(JSONOutput.encode(summary))
        } else {
            print(render(summary))
        }
        let failures = summary.failed.count + missing.count
        let code = ExitCodes.forFailures(failures, of: files.count + missing.count)
        if code != 0 { throw ExitCode(code) }
    }

    private func render(_ s: IngestSummary) -> String {
        var out = """
        ingest summary (\(database.resolvedPath))
          files           \(s.files) (\(s.alreadyStored) already stored, skipped)
          pages           \(s.pages) read, \(s.unknownPages) unknown (blank, unrelated or unreadable)
          registered      \(s.packetsRegistered) packets (registry entries activated)
          needs review    \(s.packetsInReview) packets
          failed files    \(s.failed.count)
        """
        if s.packetsRejected > 0 { out += "\n  rejected        \(s.packetsRejected) packets" }
        if !s.review.isEmpty {
            out += "\n\nreview queue (packet: reasons):"
            for r in s.review.prefix(50) { out += "\n  #\(r.packetId): \(r.reasons.joined(separator: ", "))" }
            if s.review.count > 50 { out += "\n  ... and \(s.review.count - 50) more (pfdo-intake review)" }
        }
        out += String(format: "\n\n%.1f s, %.1f pages/min", s.seconds, s.seconds > 0 ? Double(s.pages) / s.seconds * 60 : 0)
        return out
    }
}

/// Progress on stderr: a live line with counts and ETA on a terminal, a plain line every few seconds otherwise.
final class ProgressLine: @unchecked Sendable {
    private let tty = isatty(2) != 0
    private var lastPlain = Date.distantPast
    private var shown = false

    func update(_ p: IngestProgress) {
        let s = p.summary
        var line = "ingest: \(p.done)/\(p.total) files, \(s.pages) pages, \(s.packetsRegistered) registered, \(s.packetsInReview) review, \(s.failed.count) failed"
        if let eta = p.eta, p.done < p.total { line += ", ETA " + Self.duration(eta) }
        if tty {
            let width = 30
            let filled = p.total == 0 ? width : width * p.done / p.total
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(Data("\r\u{1B}[K[\(bar)] \(line)".utf8))
            shown = true
        } else if Date().timeIntervalSince(lastPlain) >= 5 || p.done == p.total {
            FileHandle.standardError.write(Data((line + "\n").utf8))
            lastPlain = Date()
        }
    }

    func finish() {
        if tty && shown { FileHandle.standardError.write(Data("\n".utf8)) }
        shown = false
    }

    static func duration(_ s: Double) -> String {
        let t = Int(s.rounded())
        return t >= 3600 ? "\(t / 3600)h\(t % 3600 / 60)m" : (t >= 60 ? "\(t / 60)m\(t % 60)s" : "\(t)s")
    }
}
