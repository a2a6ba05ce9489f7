import Foundation
import IntakeModel
import XCTest
@testable import Registry

/// The work queue of a batch spread over several workers, on SQLite and (second pass) on PostgreSQL.
final class WorkQueueTests: RegistryTestCase {
    private func queue(_ docs: [DocumentPages]) throws -> EnqueueSummary {
        try store.enqueue(docs.map { FileToQueue(sha256: $0.sha256, path: "/shared/\($0.fileName)", size: $0.size) })
    }

    /// A worker reads a document: every page staged, then the job marked read.
    private func read(_ doc: DocumentPages, as job: QueuedJob, worker: String) throws {
        for (i, p) in doc.pages.enumerated() { try store.stage(p, number: i + 1, document: doc.sha256, pageCount: doc.pages.count) }
        XCTAssertTrue(try store.finishReading(job, worker: worker, pages: doc.pages.count))
    }

    func testEachContentIsQueuedOnceAndStoredOnesAreNotQueued() throws {
        try importRegistry()
        let stored = Fixture.packet("stored.pdf")
        try store.register(stored)
        let a = Fixture.document("a.pdf", [Fixture.application(number: "1")])
        XCTAssertEqual(try queue([a, a] + stored.documents), EnqueueSummary(queued: 1, alreadyQueued: 1, alreadyStored: 1))
        XCTAssertEqual(try queue([a]), EnqueueSummary(queued: 0, alreadyQueued: 1, alreadyStored: 0))
        XCTAssertEqual(try store.queueStatistics().pending, 1)
    }

    func testALostWorkersJobGoesToAnotherAndIsParkedAfterMaxAttempts() throws {
        let a = Fixture.document("a.pdf", [Fixture.application(number: "1")])
        _ = try queue([a])
        let first = try XCTUnwrap(try store.claimJob(worker: "w1", lease: 0.5, maxAttempts: 2))
        // w1 is killed (no heartbeat): w2 takes the same file when the lease is over.
        let second = try XCTUnwrap(try store.claimJob(worker: "w2", lease: 0.5, maxAttempts: 2))
        XCTAssertEqual(second.id, first.id)
        XCTAssertEqual(second.attempts, 2)
        XCTAssertFalse(try store.finishReading(first, worker: "w1", pages: 1), "w1 no longer holds it")
        // w2 dies too: the job is parked with its reason instead of being tried forever.
        XCTAssertNil(try store.claimJob(worker: "w3", lease: 0.5, maxAttempts: 2))
        let stats = try store.queueStatistics()
        XCTAssertEqual(stats.failed, 1)
        XCTAssertTrue(stats.failures.first?.error.contains("stopped before the end") == true, "\(stats.failures)")
        XCTAssertEqual(try store.retryFailedJobs(), 1)
        XCTAssertNotNil(try store.claimJob(worker: "w4", lease: 100, maxAttempts: 2))
    }

    func testAHeartbeatKeepsTheJob() throws {
        let a = Fixture.document("a.pdf", [Fixture.application(number: "1")])
        _ = try queue([a])
        XCTAssertNotNil(try store.claimJob(worker: "w1", lease: 5, maxAttempts: 3))
        for _ in 0..<6 { try store.renewLeases(worker: "w1", lease: 5) }
        XCTAssertNil(try store.claimJob(worker: "w2", lease: 5, maxAttempts: 3), "renewed: nobody else takes it")
        XCTAssertEqual(try store.queueStatistics().workers, ["w1"])
    }

    func testHalvesReadByTwoWorkersMakeOnePacketRegisteredOnce() throws {
        try importRegistry()
        let app = Fixture.document("app.pdf", [Fixture.application()])
        let consent = Fixture.document("consent.pdf", [Fixture.consent()])
        _ = try queue([app, consent])
        let j1 = try XCTUnwrap(try store.claimJob(worker: "w1", lease: 100, maxAttempts: 3))
        let j2 = try XCTUnwrap(try store.claimJob(worker: "w2", lease: 100, maxAttempts: 3))
        XCTAssertEqual(Set([j1.sha256, j2.sha256]), Set([app.sha256, consent.sha256]))
        let docs = [app.sha256: app, consent.sha256: consent]
        try read(docs[j1.sha256]!, as: j1, worker: "w1")
        // The other half is still being read: nothing is registered yet.
        let early = try store.runPacketStage { _ in }
        XCTAssertEqual(early.outcomes.count, 0)
        XCTAssertEqual(early.waiting, 1)
        try read(docs[j2.sha256]!, as: j2, worker: "w2")
        let stage = try store.runPacketStage { _ in }
        XCTAssertEqual(stage.outcomes.count, 1)
        XCTAssertEqual(stage.outcomes.first?.outcome.state, .registered, "\(stage.outcomes.first?.outcome.reasons ?? [])")
        XCTAssertEqual(try store.runPacketStage { _ in }.outcomes.count, 0, "registered once")
        XCTAssertEqual(try count("packet"), 1)
        XCTAssertEqual(try count("document"), 2)
        XCTAssertEqual(try count("ingest_page"), 0)
        let stats = try store.queueStatistics()
        XCTAssertEqual(stats.done, 2)
        XCTAssertEqual(stats.pagesDone, 2)
    }

    func testALoneHalfWaitsWhileFilesAreUnreadThenGoesToReview() throws {
        try importRegistry()
        let app = Fixture.document("app.pdf", [Fixture.application()])
        let other = Fixture.document("other.pdf", [Fixture.application(number: "555", registry: "4217654321")])
        _ = try queue([app, other])
        let j1 = try XCTUnwrap(try store.claimJob(worker: "w1", lease: 100, maxAttempts: 3))
        try read(j1.sha256 == app.sha256 ? app : other, as: j1, worker: "w1")
        XCTAssertEqual(try store.runPacketStage { _ in }.outcomes.count, 0, "a file is still unread")
        let j2 = try XCTUnwrap(try store.claimJob(worker: "w1", lease: 100, maxAttempts: 3))
        try read(j2.sha256 == app.sha256 ? app : other, as: j2, worker: "w1")
        let stage = try store.runPacketStage { _ in }
        XCTAssertEqual(stage.outcomes.count, 2, "nothing left to read: the lone applications are registered")
        XCTAssertEqual(Set(stage.outcomes.map(\.outcome.state)), [.review])
        XCTAssertTrue(stage.outcomes.allSatisfy { $0.outcome.reasons.map(\.code).contains("consent_missing") })
    }
}
