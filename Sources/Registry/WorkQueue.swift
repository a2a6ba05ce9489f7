import Foundation
import GRDB
import IntakeModel

/// One file of a batch spread over several workers (`ingest --enqueue`, `worker`).
public struct QueuedJob: Sendable, Hashable {
    public var id: Int64
    public var sha256: String
    /// Where every worker finds the file (shared storage).
    public var path: String
    public var size: Int
    public var municipality: String?
    /// How many times a worker has taken it (this time included).
    public var attempts: Int
}

/// A file to queue: its content hash, its path on storage every worker sees, its size.
public struct FileToQueue: Sendable {
    public var sha256: String
    public var path: String
    public var size: Int

    public init(sha256: String, path: String, size: Int) {
        self.sha256 = sha256.lowercased(); self.path = path; self.size = size
    }
}

public struct EnqueueSummary: Codable, Sendable, Equatable {
    public var queued = 0
    /// The same content is queued already (by this or an earlier `--enqueue`).
    public var alreadyQueued = 0
    /// The content is stored as a document already (read by `ingest` or a worker before).
    public var alreadyStored = 0
}

/// What the queue holds: `pfdo-intake jobs`.
public struct QueueStatistics: Codable, Sendable {
    public var pending = 0
    public var running = 0
    /// Every page read, waiting for its other half or the packet stage.
    public var read = 0
    public var done = 0
    public var failed = 0
    public var pagesDone = 0
    /// Pages of the jobs finished in the last ten minutes, per minute.
    public var pagesPerMinute: Double?
    /// Seconds until the pending and running jobs are done at that rate.
    public var etaSeconds: Double?
    public var workers: [String] = []
    public var failures: [Failure] = []

    public struct Failure: Codable, Sendable {
        public var id: Int64
        public var path: String
        public var attempts: Int
        public var error: String
    }
}

/// What one run of the packet stage did.
public struct PacketStageResult: Sendable {
    public var outcomes: [(outcome: PacketOutcome, files: [String])] = []
    /// Documents read whose other half is still to be read: left for a later run.
    public var waiting = 0
}

/// The work queue of a batch, in the registry's own database (`ingest_job`). Workers take jobs under a lease
/// they renew; a killed worker's jobs return to the queue when the lease runs out, and a job taken
/// `maxAttempts` times without finishing is parked as failed with its error. On PostgreSQL jobs are taken
/// with `FOR UPDATE SKIP LOCKED` and do not wait for the registry's writers; on SQLite, SQLite's single writer
/// orders them.
extension RegistryStore {
    /// Queues files: each content once; contents stored already are counted, not queued.
    public func enqueue(_ files: [FileToQueue], municipality: String? = nil) throws -> EnqueueSummary {
        var summary = EnqueueSummary()
        let now = clock()
        try write { db in
            for f in files {
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM document WHERE sha256 = ?", arguments: [f.sha256]) ?? false {
                    summary.alreadyStored += 1
                    continue
                }
                try db.execute(sql: """
                    INSERT INTO ingest_job (sha256, path, size, municipality, state, enqueued_at) VALUES (?, ?, ?, ?, 'pending', ?)
                    ON CONFLICT (sha256) DO NOTHING
                    """, arguments: [f.sha256, f.path, f.size, Normalize.text(municipality), now])
                if db.changesCount == 1 { summary.queued += 1 } else { summary.alreadyQueued += 1 }
            }
            try Audit.write(db, at: now, actor: "enqueue", action: "jobs_queued", detail: [
                "queued": .int(Int64(summary.queued)), "already_queued": .int(Int64(summary.alreadyQueued)),
                "already_stored": .int(Int64(summary.alreadyStored)),
            ])
        }
        logger.info("jobs queued", metadata: ["queued": "\(summary.queued)", "already_queued": "\(summary.alreadyQueued)",
                                              "already_stored": "\(summary.alreadyStored)"])
        return summary
    }

    /// Takes the oldest job nobody holds (pending, or running under an expired lease) for `worker`, or nil.
    /// Jobs whose lease expired `maxAttempts` times are parked as failed first.
    public func claimJob(worker: String, lease: TimeInterval, maxAttempts: Int) throws -> QueuedJob? {
        let now = clock()
        return try queueWrite { db in
            try db.execute(sql: """
                UPDATE ingest_job SET state = 'failed', finished_at = ?, worker = NULL, lease_until = NULL,
                       error = COALESCE(error, 'the worker reading it stopped before the end each time (killed, out of memory or the machine lost)')
                WHERE state = 'running' AND lease_until < ? AND attempts >= ?
                """, arguments: [now, now, maxAttempts])
            let rows = try Row.fetchAll(db, sql: """
                UPDATE ingest_job SET state = 'running', worker = ?, lease_until = ?, attempts = attempts + 1,
                       started_at = ?, error = NULL
                WHERE id = (SELECT id FROM ingest_job
                            WHERE (state = 'pending' OR (state = 'running' AND lease_until < ?)) AND attempts < ?
                            ORDER BY id LIMIT 1\(db.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""))
                RETURNING id, sha256, path, size, municipality, attempts
                """, arguments: [worker, now.addingTimeInterval(lease), now, now, maxAttempts])
            return rows.first.map { r in
                QueuedJob(id: r["id"], sha256: r["sha256"], path: r["path"], size: r["size"], municipality: r["municipality"],
                          attempts: r["attempts"])
            }
        }
    }

    /// Extends the lease of every job `worker` is running (its heartbeat).
    public func renewLeases(worker: String, lease: TimeInterval) throws {
        let now = clock()
        try queueWrite { db in
            try db.execute(sql: "UPDATE ingest_job SET lease_until = ? WHERE worker = ? AND state = 'running'",
                           arguments: [now.addingTimeInterval(lease), worker])
        }
    }

    /// Every page of the job's file is staged: the job waits for the packet stage. False when the job is no
    /// longer this worker's (its lease ran out and another worker took it: that one finishes it).
    @discardableResult
    public func finishReading(_ job: QueuedJob, worker: String, pages: Int) throws -> Bool {
        try queueWrite { db in
            let hint = Self.pairingHint(try Self.stagedPages(db, job.sha256))
            try db.execute(sql: """
                UPDATE ingest_job SET state = 'read', pages = ?, hint = ?, lease_until = NULL
                WHERE id = ? AND worker = ? AND state = 'running'
                """, arguments: [pages, hint, job.id, worker])
            return db.changesCount == 1
        }
    }

    /// The fields `PacketGrouper` pairs files on.
    static let pairingKeys: Set<String> = ["application_number", "child.last_name", "child.first_name",
                                           "applicant.last_name", "applicant.first_name"]

    /// A read file's pages reduced to what pairing needs (form, self-application, the pairing fields).
    static func pairingHint(_ pages: [PageInput]) -> String {
        JSONText.encode(pages.map { p -> PageResult in
            var r = p.result
            r.fields = r.fields.filter { pairingKeys.contains($0.key) }
            r.issues = []
            r.reading = nil
            return r
        })
    }

    /// The job could not be read. A `permanent` failure (the file is missing, changed or not a document) is
    /// parked at once; another goes back to the queue until it has been tried `maxAttempts` times.
    public func failJob(_ job: QueuedJob, worker: String, error: String, permanent: Bool, maxAttempts: Int) throws {
        let now = clock()
        try queueWrite { db in
            try db.execute(sql: """
                UPDATE ingest_job SET state = CASE WHEN ? = 1 OR attempts >= ? THEN 'failed' ELSE 'pending' END,
                       error = ?, worker = NULL, lease_until = NULL, finished_at = ?
                WHERE id = ? AND worker = ? AND state = 'running'
                """, arguments: [permanent, maxAttempts, error, now, job.id, worker])
        }
    }

    /// Gives a job back untouched (the worker was asked to stop): it does not count as an attempt.
    public func releaseJob(_ job: QueuedJob, worker: String) throws {
        try queueWrite { db in
            try db.execute(sql: """
                UPDATE ingest_job SET state = 'pending', worker = NULL, lease_until = NULL, attempts = attempts - 1
                WHERE id = ? AND worker = ? AND state = 'running'
                """, arguments: [job.id, worker])
        }
    }

    /// Puts the parked files back in the queue with fresh attempts; returns how many.
    public func retryFailedJobs() throws -> Int {
        try queueWrite { db in
            try db.execute(sql: "UPDATE ingest_job SET state = 'pending', attempts = 0, worker = NULL, lease_until = NULL WHERE state = 'failed'")
            return db.changesCount
        }
    }

    /// Whether jobs are still to be read (pending, or running somewhere).
    public func jobsInFlight() throws -> Int {
        try read(Self.jobsInFlight)
    }

    static func jobsInFlight(_ db: SQLDB) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM ingest_job WHERE state IN ('pending', 'running')") ?? 0
    }

    /// The packet stage of a queued batch, in one writer transaction (so it runs once at a time, whatever the
    /// number of workers): the documents whose every page is read are grouped into packets exactly as `ingest`
    /// groups a chunk; each packet whose halves are both read (application and consent, or a self-application,
    /// or a file of unknown pages) is registered and its jobs marked done. A lone half waits while files are
    /// still to be read, and is registered on its own (to review) once none is.
    /// - Parameter prepare: the cross-form reconciliation `ingest` applies before registering.
    public func runPacketStage(actor: String = "worker", prepare: (inout PacketInput) -> Void) throws -> PacketStageResult {
        let now = clock()
        var result = PacketStageResult()
        // Idle workers look often: without a read file there is nothing to do, and no lock is taken.
        guard try read({ db in try Bool.fetchOne(db, sql: "SELECT 1 FROM ingest_job WHERE state = 'read' LIMIT 1") ?? false }) else {
            return result
        }
        try write { db in
            let jobs = try Row.fetchAll(db, sql: """
                SELECT id, sha256, path, size, municipality, hint FROM ingest_job WHERE state = 'read' ORDER BY id
                """)
            guard !jobs.isEmpty else { return }
            let unread = try Self.jobsInFlight(db)
            // Grouping reads only the hints: files waiting for their other half cost one row each, not their pages.
            var documents: [DocumentPages] = []
            var municipality: [String: String] = [:]
            for job in jobs {
                let sha: String = job["sha256"], path: String = job["path"]
                let light = (job["hint"] as String?).flatMap { JSONText.decode([PageResult].self, $0) }
                let pages = try light.map { $0.map { PageInput(result: $0) } } ?? Self.stagedPages(db, sha)
                documents.append(DocumentPages(sha256: sha, fileName: (path as NSString).lastPathComponent, size: job["size"],
                                               pageCount: pages.count, pages: pages))
                if let m: String = job["municipality"] { municipality[sha] = m }
            }
            for group in PacketGrouper.group(documents) {
                let forms = group.documents.flatMap(\.pages).map(\.result)
                let application = forms.contains { $0.form == .application }
                let consent = forms.contains { $0.form == .consent }
                let selfApplication = forms.contains { $0.form == .application && $0.selfApplication == true }
                let complete = (application && consent) || selfApplication || (!application && !consent)
                guard complete || unread == 0 else {
                    result.waiting += group.documents.count
                    continue
                }
                var packet = group
                for i in packet.documents.indices {
                    packet.documents[i].pages = try Self.stagedPages(db, packet.documents[i].sha256)
                    packet.documents[i].pageCount = packet.documents[i].pages.count
                }
                let hashes = packet.documents.map(\.sha256)
                packet.documents.removeAll { $0.pages.isEmpty } // registered meanwhile by an `ingest` on this database
                if packet.documents.isEmpty {
                    try db.execute(sql: "UPDATE ingest_job SET state = 'done', hint = NULL, finished_at = ? WHERE sha256 IN \(SQLDB.inList(hashes.count))",
                                   arguments: [now] + SQLArguments(hashes))
                    continue
                }
                packet.municipality = packet.documents.lazy.compactMap { municipality[$0.sha256] }.first
                prepare(&packet)
                let outcome = try self.register(packet, actor: actor, db)
                try db.execute(sql: """
                    UPDATE ingest_job SET state = 'done', packet_id = ?, hint = NULL, finished_at = ? WHERE sha256 IN \(SQLDB.inList(hashes.count))
                    """, arguments: [outcome.packetId, now] + SQLArguments(hashes))
                result.outcomes.append((outcome, packet.documents.map(\.fileName)))
            }
        }
        for (o, _) in result.outcomes {
            logger.info("packet registered", metadata: ["packet_id": "\(o.packetId)", "state": "\(o.state.rawValue)",
                                                        "disposition": "\(o.disposition.rawValue)"])
        }
        return result
    }

    /// The queue's counts, recent throughput and the failures with their errors.
    public func queueStatistics() throws -> QueueStatistics {
        let now = clock()
        return try read { db in
            var s = QueueStatistics()
            for row in try Row.fetchAll(db, sql: "SELECT state, count(*) AS n FROM ingest_job GROUP BY state") {
                let n: Int = row["n"]
                switch row["state"] as String {
                case "pending": s.pending = n
                case "running": s.running = n
                case "read": s.read = n
                case "done": s.done = n
                default: s.failed = n
                }
            }
            s.pagesDone = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(pages), 0) FROM ingest_job WHERE state = 'done'") ?? 0
            let window = 600.0
            let recent = try Row.fetchOne(db, sql: """
                SELECT COALESCE(SUM(pages), 0) AS pages, MIN(started_at) AS first FROM ingest_job
                WHERE state = 'done' AND finished_at >= ?
                """, arguments: [now.addingTimeInterval(-window)])
            let recentPages: Int = recent?["pages"] ?? 0
            if recentPages > 0, let first: Date = recent?["first"] {
                let minutes = max(now.timeIntervalSince(max(first, now.addingTimeInterval(-window))), 1) / 60
                let rate = Double(recentPages) / minutes
                s.pagesPerMinute = rate
                let avgPages = s.done > 0 ? Double(s.pagesDone) / Double(s.done) : 1
                s.etaSeconds = Double(s.pending + s.running) * avgPages / rate * 60
            }
            s.workers = try String.fetchAll(db, sql: "SELECT DISTINCT worker FROM ingest_job WHERE state = 'running' AND worker IS NOT NULL ORDER BY 1")
            s.failures = try Row.fetchAll(db, sql: "SELECT id, path, attempts, error FROM ingest_job WHERE state = 'failed' ORDER BY id").map { r in
                .init(id: r["id"], path: r["path"], attempts: r["attempts"], error: r["error"] ?? "")
            }
            return s
        }
    }

    /// A short write of the queue: on PostgreSQL a transaction of its own that does not wait for the
    /// registry's writers (rows are taken with SKIP LOCKED); on SQLite an ordinary write.
    func queueWrite<T>(_ body: (SQLDB) throws -> T) throws -> T {
        try registryErrors {
            switch backend {
            case .sqlite: try rawWrite(body)
            case let .postgres(pg): try pg.transaction(write: true, lockWriters: false, body)
            }
        }
    }
}
