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
    public var files = 0
    public var pages = 0
    public var packetsRegistered = 0
    public var packetsInReview = 0
    public var packetsRejected = 0
    public var unknownPages = 0
    public var alreadyStored = 0
    public var failed: [String] = []
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

/// Batch ingest: content-addressed, chunked, resumable. Files already stored are skipped before
/// any OCR; each packet is registered in one transaction, so a killed run loses at most the
/// chunk in flight and a rerun finishes the batch without registering anything twice.
public final class IngestRunner {
    public let store: RegistryStore
    public var jobs: Int
    /// Files recognised before their packets are registered.
    public var chunkSize: Int
    /// Called after each packet is registered, with the packet's file names.
    public var onPacket: ((PacketOutcome, [String]) -> Void)?
    let logger = Logger(label: "pfdo.ingest")

    public init(store: RegistryStore, jobs: Int, chunkSize: Int = 24) {
        self.store = store
        self.jobs = jobs
        self.chunkSize = chunkSize
    }

    public func run(files: [String], progress: ((IngestProgress) -> Void)? = nil) throws -> IngestSummary {
        let start = Date()
        var summary = IngestSummary()
        summary.files = files.count
        // Hash first: stored files are skipped without OCR.
        var hashes: [String: String] = [:]
        for f in files {
            if let d = try? Data(contentsOf: URL(fileURLWithPath: f), options: .mappedIfSafe) { hashes[f] = SHA256.hex(d) }
        }
        let stored = try store.storedDocuments(Array(hashes.values))
        let todo = files.filter { f in hashes[f].map { !stored.contains($0) } ?? true }
        summary.alreadyStored = files.count - todo.count
        logger.info("ingest batch", metadata: ["files": "\(files.count)", "already_stored": "\(summary.alreadyStored)"])
        var done = summary.alreadyStored
        progress?(IngestProgress(done: done, total: files.count, summary: summary, elapsed: 0))

        let workers = try (0..<max(1, min(jobs, todo.count))).map { _ in try PageProcessor() }
        for chunkStart in stride(from: 0, to: todo.count, by: chunkSize) {
            let chunk = Array(todo[chunkStart..<min(todo.count, chunkStart + chunkSize)])
            let lock = NSLock()
            var finished = 0
            let before = summary, base = done
            let outcomes = WorkerPool.run(chunk, workers: workers, progress: { i, _ in
                lock.lock(); defer { lock.unlock() }
                finished += 1
                progress?(IngestProgress(done: base + finished, total: files.count, summary: before,
                                         elapsed: Date().timeIntervalSince(start), file: chunk[i]))
            }) { worker, file in worker.ingest(file: file) }
            var documents: [DocumentPages] = []
            for o in outcomes {
                summary.ocrSeconds += o.seconds
                if let e = o.error {
                    summary.failed.append(e)
                    continue
                }
                summary.pages += o.document.pages.count
                summary.unknownPages += o.document.pages.filter { $0.result.form == .unknown }.count
                documents.append(o.document)
            }
            for var packet in PacketGrouper.group(documents) {
                Ingest.reconcile(&packet)
                let outcome = try store.register(packet)
                let names = packet.documents.map(\.fileName)
                onPacket?(outcome, names)
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
            done += chunk.count
            summary.seconds = Date().timeIntervalSince(start)
            progress?(IngestProgress(done: done, total: files.count, summary: summary, elapsed: summary.seconds))
        }
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }
}

/// A file ready to register: its pages with results and stored images, or the reason it failed.
public struct IngestedFile: Sendable {
    public var document: DocumentPages
    public var error: String?
    public var seconds: Double
}

extension PageProcessor {
    /// Recognises and extracts a file and encodes each prepared page for storage (JPEG, grey),
    /// so no page image is held longer than needed.
    public func ingest(file: String) -> IngestedFile {
        let o = process(file: file)
        let name = (file as NSString).lastPathComponent
        guard o.error == nil, let sha = o.sha256 else {
            return IngestedFile(document: DocumentPages(sha256: o.sha256 ?? "", fileName: name, size: o.size, pages: []),
                                error: o.error?.description ?? "\(file): cannot be read", seconds: o.seconds)
        }
        let pages = o.pages.map { p in
            PageInput(result: p.result, image: p.recognized.prepared.grey.jpegData(quality: 60),
                      width: p.recognized.prepared.grey.width, height: p.recognized.prepared.grey.height)
        }
        return IngestedFile(document: DocumentPages(sha256: sha, fileName: name, size: o.size, pageCount: pages.count, pages: pages),
                            error: nil, seconds: o.seconds)
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
