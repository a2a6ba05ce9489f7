import Extraction
import Foundation
import IntakeModel
import Logging
import OCR
import Registry

/// What happened to one input file in a batch.
public enum FileStatus: String, Codable, Sendable {
    case registered, review, rejected, alreadyStored = "already_stored", failed
}

public struct IngestSummary: Codable, Sendable {
    /// Distinct documents given (a file given twice, or two files with the same content, count once).
    public var files = 0
    public var pages = 0
    public var packetsRegistered = 0
    public var packetsInReview = 0
    public var packetsRejected = 0
    public var unknownPages = 0
    public var alreadyStored = 0
    public var failed: [String] = []
    /// Files with the same content as an earlier file of the batch: read once, under the first name.
    public var duplicates: [String] = []
    /// Pages of unfinished documents taken from an earlier, stopped run instead of being read again.
    public var resumedPages = 0
    /// Set when a signal stopped the batch: its number (2 SIGINT, 15 SIGTERM).
    public var interruptedBy: Int32?
    /// Files not finished when the batch was stopped (their read pages are kept for the next run).
    public var unfinished = 0
    public var seconds = 0.0
    /// Seconds spent recognising (loading, preparing, Tesseract), summed over workers.
    public var ocrSeconds = 0.0
    /// Packets needing review: id and reason codes (no personal data).
    public var review: [ReviewItem] = []

    public struct ReviewItem: Codable, Sendable {
        public var packetId: Int64
        public var reasons: [String]
        /// The packet's file names in this batch.
        public var files: [String] = []
    }
}

/// Progress of a running batch, reported after every file.
public struct IngestProgress: Sendable {
    public var done: Int
    public var total: Int
    public var summary: IngestSummary
    public var elapsed: Double
    /// The file just finished, if any.
    public var file: String? = nil
    public var eta: Double? { done == 0 ? nil : elapsed / Double(done) * Double(total - done) }
}

/// A request to stop a batch (a signal): workers finish the page in flight and stop.
public final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var signal: Int32?

    public init() {}

    public func request(_ signal: Int32) { lock.lock(); if self.signal == nil { self.signal = signal }; lock.unlock() }
    public var requested: Int32? { lock.lock(); defer { lock.unlock() }; return signal }
}

/// Batch ingest: content-addressed, page by page, resumable. Files already stored are skipped before any
/// OCR; every page is staged in the database as soon as it is read (`RegistryStore.stage`), so a killed run
/// loses at most the pages in flight and a rerun reads only what is missing; each packet is registered in one
/// transaction that also clears its staged pages, so nothing is registered twice.
public final class IngestRunner {
    public let store: RegistryStore
    public var jobs: Int
    /// Files read before their packets are registered (an application and its consent in separate files
    /// pair up within a chunk).
    public var chunkSize: Int
    /// Called after each packet is registered, with the packet's file names.
    public var onPacket: ((PacketOutcome, [String]) -> Void)?
    /// Set from a signal handler: the batch stops after the pages in flight, committing what is done.
    public var stop = StopRequest()
    let logger = Logger(label: "pfdo.ingest")

    public init(store: RegistryStore, jobs: Int, chunkSize: Int = 24) {
        self.store = store
        self.jobs = jobs
        self.chunkSize = chunkSize
    }

    public func run(files given: [String], progress: ((IngestProgress) -> Void)? = nil) throws -> IngestSummary {
        let start = Date()
        var summary = IngestSummary()
        // Hash first: stored files are skipped without OCR, and a content given twice is read once.
        var hashes: [String: String] = [:]
        var firstWithHash: [String: String] = [:]
        var files: [String] = []
        for f in given {
            if let d = try? PageLoader.read(path: f) {
                let h = SHA256.hex(d)
                if let first = firstWithHash[h] {
                    summary.duplicates.append("\(printable(f)): same content as \(printable(first)), read once")
                    continue
                }
                firstWithHash[h] = f
                hashes[f] = h
            }
            files.append(f)
        }
        summary.files = files.count
        let stored = try store.storedDocuments(Array(hashes.values))
        let todo = files.filter { f in hashes[f].map { !stored.contains($0) } ?? true }
        summary.alreadyStored = files.count - todo.count
        logger.info("ingest batch", metadata: ["files": "\(files.count)", "already_stored": "\(summary.alreadyStored)",
                                               "duplicates": "\(summary.duplicates.count)"])
        var done = summary.alreadyStored
        progress?(IngestProgress(done: done, total: files.count, summary: summary, elapsed: 0))

        let layouts = LayoutStore()
        let workers = try Self.startWorkers(max(1, min(jobs, todo.count)), layouts: layouts)
        // Reading and registering overlap: the workers read the files one after another without waiting
        // (each page is staged as soon as it is read), and this thread registers a chunk's packets as soon as
        // the chunk's files are read, while the workers go on with the next chunk. No core waits for a chunk's
        // slowest file or for the database between chunks.
        let reading = ReadAhead(count: todo.count)
        let readers = DispatchGroup()
        readers.enter()
        DispatchQueue.global(qos: .userInitiated).async {
            _ = WorkerPool.run(todo, workers: workers, progress: { i, outcome in
                reading.finished(i, outcome)
            }) { worker, file in
                reading.abandoned ? IngestedFile.abandoned(file) : worker.ingest(file: file, into: self.store, stop: self.stop)
            }
            readers.leave()
        }
        // Whatever ends the loop (a stop, a store error), the readers finish the files in flight before returning.
        defer { reading.abandon(); readers.wait() }
        for chunkStart in stride(from: 0, to: todo.count, by: chunkSize) {
            // After a stop, the files read meanwhile are registered; those the stop caught come back interrupted
            // (their pages read so far staged for the next run), and the loop ends after this chunk.
            let chunk = Array(todo[chunkStart..<min(todo.count, chunkStart + chunkSize)])
            let before = summary, base = done
            let outcomes = reading.wait(for: chunkStart..<(chunkStart + chunk.count)) { finished, i in
                progress?(IngestProgress(done: base + finished, total: files.count, summary: before,
                                         elapsed: Date().timeIntervalSince(start), file: todo[i]))
            }
            var documents: [DocumentPages] = []
            var unfinished = 0
            for o in outcomes {
                summary.ocrSeconds += o.seconds
                summary.resumedPages += o.resumedPages
                if let e = o.storeError { throw e }
                if o.interrupted { unfinished += 1; continue }
                if let e = o.error {
                    summary.failed.append(e)
                    continue
                }
                var document = o.document
                document.pages = try store.stagedPages(document.sha256, images: false)
                if document.pages.count != document.pageCount {
                    // Another process sharing the database registered this document meanwhile (and cleared its pages).
                    if try store.storedDocuments([document.sha256]).contains(document.sha256) {
                        try store.clearStaged(document.sha256)
                        summary.alreadyStored += 1
                        continue
                    }
                    summary.failed.append("\(printable(o.source)): \(document.pageCount - document.pages.count) page(s) could not be kept: run the same command again to read them")
                    continue
                }
                summary.pages += document.pages.count
                summary.unknownPages += document.pages.filter { $0.result.form == .unknown }.count
                documents.append(document)
            }
            for var packet in PacketGrouper.group(documents) {
                Ingest.reconcile(&packet)
                let outcome = try store.register(packet)
                let names = packet.documents.map(\.fileName)
                onPacket?(outcome, names)
                if outcome.disposition == .existing {
                    // Another process registered these documents first: what this one staged is not needed.
                    for d in packet.documents { try store.clearStaged(d.sha256) }
                }
                switch outcome.state {
                case .registered: summary.packetsRegistered += 1
                case .review:
                    summary.packetsInReview += 1
                    summary.review.append(.init(packetId: outcome.packetId, reasons: outcome.reasons.map(\.code), files: names))
                case .rejected: summary.packetsRejected += 1
                }
                logger.info("packet", metadata: ["packet": "\(outcome.packetId)", "state": "\(outcome.state.rawValue)",
                                                 "reasons": "\(outcome.reasons.map(\.code).joined(separator: ","))"])
            }
            done += chunk.count - unfinished
            summary.unfinished += unfinished
            summary.seconds = Date().timeIntervalSince(start)
            progress?(IngestProgress(done: done, total: files.count, summary: summary, elapsed: summary.seconds))
            if let signal = stop.requested {
                summary.interruptedBy = signal
                summary.unfinished += todo.count - (chunkStart + chunk.count)
                break
            }
        }
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// One page processor per worker, their engines started side by side.
    static func startWorkers(_ count: Int, layouts: LayoutStore) throws -> [PageProcessor] {
        let lock = NSLock()
        var made = [PageProcessor?](repeating: nil, count: count)
        var failure: Error?
        DispatchQueue.concurrentPerform(iterations: count) { i in
            do {
                let p = try PageProcessor(layouts: layouts)
                lock.lock(); made[i] = p; lock.unlock()
            } catch {
                lock.lock(); if failure == nil { failure = error }; lock.unlock()
            }
        }
        if let failure { throw failure }
        return made.map { $0! }
    }
}

/// The files of a batch as the workers finish them: the registering thread waits for a chunk's files while
/// the workers read on.
final class ReadAhead: @unchecked Sendable {
    private let condition = NSCondition()
    private var outcomes: [IngestedFile?]
    private var stopped = false

    init(count: Int) { outcomes = Array(repeating: nil, count: count) }

    func finished(_ i: Int, _ outcome: IngestedFile) {
        condition.lock(); outcomes[i] = outcome; condition.broadcast(); condition.unlock()
    }

    /// Files not yet begun are given back unread (the loop that registers them has ended).
    var abandoned: Bool { condition.lock(); defer { condition.unlock() }; return stopped }
    func abandon() { condition.lock(); stopped = true; condition.unlock() }

    /// The outcomes of `range`, in order, once all are in; `progress` is told of each as it comes
    /// (how many of the range are done, and which).
    func wait(for range: Range<Int>, progress: (Int, Int) -> Void) -> [IngestedFile] {
        var told = Set<Int>()
        condition.lock()
        while true {
            let done = range.filter { outcomes[$0] != nil }
            for i in done where !told.contains(i) {
                told.insert(i)
                condition.unlock(); progress(told.count, i); condition.lock()
            }
            if done.count == range.count { break }
            condition.wait()
        }
        let result = range.map { outcomes[$0]! }
        condition.unlock()
        return result
    }
}

/// A file read for ingest: its pages are staged in the store; `document` carries its identity and page count.
public struct IngestedFile: Sendable {
    public var source: String
    public var document: DocumentPages
    public var error: String?
    /// The store failed (locked, full): the batch stops.
    public var storeError: RegistryError?
    /// A stop was requested before every page was read; the pages read are staged for the next run.
    public var interrupted = false
    /// Pages found staged by an earlier run, not read again.
    public var resumedPages = 0
    public var seconds: Double
}

extension IngestedFile {
    /// A file not begun because the batch ended first (it is read by the next run).
    static func abandoned(_ file: String) -> IngestedFile {
        var out = IngestedFile(source: file, document: DocumentPages(sha256: "", fileName: (file as NSString).lastPathComponent, size: 0, pages: []),
                               seconds: 0)
        out.interrupted = true
        return out
    }
}

extension PageProcessor {
    /// Reads a file page by page: each page is loaded, recognised, extracted, encoded for storage (JPEG, grey)
    /// and staged in the store before the next one is loaded, so memory holds one page whatever the page
    /// count, and a stop or a kill loses at most the page in flight. Pages staged by an earlier run are skipped.
    public func ingest(file: String, into store: RegistryStore, stop: StopRequest) -> IngestedFile {
        ingest(file: file, data: nil, into: store, stop: stop)
    }

    /// The same, for a file whose bytes the caller has read already (and whose hash it has checked).
    public func ingest(file: String, data given: Data?, sha256 givenHash: String? = nil, into store: RegistryStore,
                       stop: StopRequest) -> IngestedFile {
        let start = Date()
        let name = (file as NSString).lastPathComponent
        var out = IngestedFile(source: file, document: DocumentPages(sha256: "", fileName: name, size: 0, pages: []), seconds: 0)
        do {
            let data = try given ?? PageLoader.read(path: file)
            let sha = givenHash ?? SHA256.hex(data)
            out.document = DocumentPages(sha256: sha, fileName: name, size: data.count, pageCount: 0, pages: [])
            let source = try PageLoader.open(data: data, source: file)
            out.document.pageCount = source.pageCount
            let staged = try store.stagedPageNumbers(sha)
            out.resumedPages = staged.filter { $0 <= source.pageCount }.count
            for number in 1...source.pageCount where !staged.contains(number) {
                if stop.requested != nil { out.interrupted = true; break }
                let page = try process(page: source.page(number))
                let prepared = page.recognized.prepared.grey
                var result = page.result
                result.page = number
                let input = PageInput(result: result, image: prepared.jpegData(quality: 60),
                                      width: prepared.width, height: prepared.height)
                try store.stage(input, number: number, document: sha, pageCount: source.pageCount)
            }
        } catch let e as RegistryError {
            out.storeError = e
        } catch let e as OCRError {
            // A poppler tool stopped by the terminal's Ctrl-C is no failure of the file.
            if stop.requested != nil { out.interrupted = true } else { out.error = e.description }
        } catch {
            out.error = "\(printable(file)): \(error)"
        }
        out.seconds = Date().timeIntervalSince(start)
        return out
    }
}

public enum Ingest {
    /// Checks the packet's application against its consent (same values on both forms).
    public static func reconcile(_ packet: inout PacketInput) {
        let refs = packet.documents.indices.flatMap { d in packet.documents[d].pages.indices.map { (d, $0) } }
        var results = refs.map { packet.documents[$0.0].pages[$0.1].result }
        guard CrossForm.reconcile(packet: &results) else { return }
        for (r, ref) in zip(results, refs) { packet.documents[ref.0].pages[ref.1].result = r }
    }

}
