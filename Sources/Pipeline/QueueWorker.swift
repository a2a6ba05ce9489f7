import Foundation
import IntakeModel
import Logging
import OCR
import Registry

/// What a worker did, for its closing summary.
public struct WorkerSummary: Codable, Sendable {
    public var worker = ""
    public var files = 0
    public var pages = 0
    public var resumedPages = 0
    public var failed: [String] = []
    public var packetsRegistered = 0
    public var packetsInReview = 0
    public var packetsRejected = 0
    public var seconds = 0.0
    public var ocrSeconds = 0.0
    /// Statements sent to the database, and the seconds spent waiting for them, by this process.
    public var databaseStatements = 0
    public var databaseSeconds = 0.0
    /// Seconds this process held the registry's writer lock (PostgreSQL): work that does not run in parallel.
    public var databaseSerializedSeconds = 0.0
    public var interruptedBy: Int32?
}

/// A worker of a queued batch (`pfdo-intake worker`): takes files from the database's queue, reads them page by
/// page (each page staged as `ingest` stages it, so a killed worker's successor reads only what is missing),
/// and runs the packet stage after each file. `jobs` threads share one lease heartbeat. The worker ends when no
/// file is left to read anywhere and the packet stage has registered the last lone halves.
public final class QueueWorker: @unchecked Sendable {
    public let store: RegistryStore
    public let name: String
    public var jobs: Int
    /// How long a taken job stays this worker's without a heartbeat.
    public var lease: TimeInterval
    public var maxAttempts: Int
    /// Pause between looks at the queue while other workers still read the last files.
    public var poll: TimeInterval
    public var stop = StopRequest()
    public var onPacket: ((PacketOutcome, [String]) -> Void)?
    public var onFile: ((String, Bool) -> Void)?
    let logger = Logger(label: "pfdo.worker")
    private let lock = NSLock()
    private var summary = WorkerSummary()
    private var fatal: Error?

    public init(store: RegistryStore, name: String, jobs: Int, lease: TimeInterval = 60, maxAttempts: Int = 3, poll: TimeInterval = 1) {
        self.store = store; self.name = name; self.jobs = jobs; self.lease = lease
        self.maxAttempts = maxAttempts; self.poll = poll
    }

    public func run() throws -> WorkerSummary {
        let start = Date()
        let meterStart = DatabaseMeter.snapshot()
        summary = WorkerSummary()
        summary.worker = name
        let layouts = LayoutStore()
        let processors = try (0..<max(1, jobs)).map { _ in try PageProcessor(layouts: layouts) }
        let finished = DispatchSemaphore(value: 0)
        let heartbeat = Thread { [self] in
            while finished.wait(timeout: .now() + max(lease / 3, 0.2)) == .timedOut {
                do { try store.renewLeases(worker: name, lease: lease) } catch {
                    logger.warning("lease renewal failed", metadata: ["error": "\(error)"])
                }
            }
        }
        heartbeat.start()
        defer { finished.signal() }
        fatal = nil
        let group = DispatchGroup()
        for processor in processors {
            group.enter()
            Thread { [self] in
                defer { group.leave() }
                do { try loop(processor) } catch {
                    lock.lock(); if fatal == nil { fatal = error }; lock.unlock()
                    stop.request(SIGTERM)
                }
            }.start()
        }
        group.wait()
        if let fatal = lock.withLock({ fatal }) { throw fatal }
        let meter = DatabaseMeter.snapshot()
        lock.lock(); defer { lock.unlock() }
        summary.seconds = Date().timeIntervalSince(start)
        summary.databaseStatements = meter.statements - meterStart.statements
        summary.databaseSeconds = meter.seconds - meterStart.seconds
        summary.databaseSerializedSeconds = meter.serializedSeconds - meterStart.serializedSeconds
        summary.interruptedBy = stop.requested
        return summary
    }

    private func loop(_ processor: PageProcessor) throws {
        while stop.requested == nil {
            guard let job = try store.claimJob(worker: name, lease: lease, maxAttempts: maxAttempts) else {
                // Nothing to take: finish the packets whose halves are read, then wait for the files other
                // workers still read (or whose worker died: their lease runs out), or end.
                try packetStage()
                if try store.jobsInFlight() == 0 {
                    try packetStage()
                    return
                }
                Thread.sleep(forTimeInterval: poll)
                continue
            }
            try read(job, with: processor)
            try packetStage()
        }
    }

    private func read(_ job: QueuedJob, with processor: PageProcessor) throws {
        let name = (job.path as NSString).lastPathComponent
        // The file must be the one queued: a file replaced or removed on the storage is parked with the reason.
        guard let data = try? PageLoader.read(path: job.path) else {
            try store.failJob(job, worker: self.name, error: "\(printable(job.path)): the file is missing or unreadable on this worker's storage",
                              permanent: false, maxAttempts: maxAttempts)
            record(file: name, failed: "\(printable(job.path)): missing or unreadable")
            return
        }
        guard SHA256.hex(data) == job.sha256 else {
            try store.failJob(job, worker: self.name, error: "\(printable(job.path)): the file changed after it was queued",
                              permanent: true, maxAttempts: maxAttempts)
            record(file: name, failed: "\(printable(job.path)): changed after it was queued")
            return
        }
        let read = processor.ingest(file: job.path, data: data, sha256: job.sha256, into: store, stop: stop)
        lock.lock(); summary.ocrSeconds += read.seconds; summary.resumedPages += read.resumedPages; lock.unlock()
        if let e = read.storeError { throw e }
        if read.interrupted {
            try store.releaseJob(job, worker: self.name)
            return
        }
        if let e = read.error {
            try store.failJob(job, worker: self.name, error: e, permanent: true, maxAttempts: maxAttempts)
            record(file: name, failed: e)
            return
        }
        try store.finishReading(job, worker: self.name, pages: read.document.pageCount)
        lock.lock(); summary.files += 1; summary.pages += read.document.pageCount - read.resumedPages; lock.unlock()
        onFile?(name, true)
    }

    private func record(file: String, failed: String) {
        lock.lock(); summary.failed.append(failed); lock.unlock()
        onFile?(file, false)
    }

    private func packetStage() throws {
        let result = try store.runPacketStage { Ingest.reconcile(&$0) }
        guard !result.outcomes.isEmpty else { return }
        lock.lock()
        for (o, _) in result.outcomes where o.disposition != .existing {
            switch o.state {
            case .registered: summary.packetsRegistered += 1
            case .review: summary.packetsInReview += 1
            case .rejected: summary.packetsRejected += 1
            }
        }
        lock.unlock()
        for (o, files) in result.outcomes { onPacket?(o, files) }
    }
}
