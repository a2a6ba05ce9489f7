import Foundation
import XCTest

/// One batch spread over worker processes sharing a PostgreSQL database, as on several machines: the real
/// executable, a real server (scripts/test.sh starts one and sets $PFDO_TEST_PG_SERVER), kill -9 included.
final class WorkerTests: XCTestCase {
    var tmp: URL!
    var server: String!
    var database: String!

    override func setUpWithError() throws {
        guard let s = ProcessInfo.processInfo.environment["PFDO_TEST_PG_SERVER"], !s.isEmpty else {
            throw XCTSkip("needs a PostgreSQL server: run scripts/test.sh, which starts one")
        }
        server = s
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("pfdo-workers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let name = "w_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        _ = try psql(server, "CREATE DATABASE \(name)")
        var c = URLComponents(string: server)!
        c.path = "/" + name
        database = c.string!
    }

    override func tearDownWithError() throws {
        if let database, let name = URLComponents(string: database)?.path.dropFirst() {
            _ = try? psql(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
        if let tmp { try? FileManager.default.removeItem(at: tmp) }
    }

    func psql(_ url: String, _ sql: String) throws -> String { try CLITests.psql(url, sql) }

    func worker(_ name: String) throws -> (Process, Pipe) {
        let p = Process()
        p.executableURL = CLITests.binary
        p.arguments = ["worker", "--db", database, "--jobs", "1", "--lease", "3", "--name", name, "--format", "json"]
        p.environment = ProcessInfo.processInfo.environment.merging(["OMP_THREAD_LIMIT": "1"]) { _, n in n }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        return (p, out)
    }

    /// Two workers share the batch; one is killed with SIGKILL in the middle of a file. The other takes its file
    /// when the lease runs out: every file is stored once, no packet twice, and the same registry entries are
    /// activated as by `ingest` on SQLite over the same files.
    func testKillingAWorkerLosesNothingAndDuplicatesNothing() throws {
        let inbox = tmp.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        // Applications and consents in separate files (pairs that different workers may read), a two-form
        // file, a blank page.
        let files = ["p001-clean-inline-app.png", "p001-clean-inline-consent.png", "p004-scan-inline-app.jpg",
                     "p004-scan-inline-consent.jpg", "p013-clean-inline-app.jpg", "p013-clean-inline-consent.jpg",
                     "p003-clean-underline.tif", "p016-negative-blank.jpg"]
        for f in files { try FileManager.default.copyItem(at: CLITests.samples.appendingPathComponent(f), to: inbox.appendingPathComponent(f)) }
        let registry = CLITests.samples.appendingPathComponent("registry.csv").path

        // The reference: one ingest on SQLite.
        let sqlite = tmp.appendingPathComponent("reference.db").path
        XCTAssertEqual(try CLITests.run(["registry", "import", registry, "--db", sqlite]).status, 0)
        let reference = try CLITests.run(["ingest", inbox.path, "--db", sqlite, "--jobs", "2", "-q"], env: ["OMP_THREAD_LIMIT": "1"])
        XCTAssertEqual(reference.status, 0, reference.stderr)

        XCTAssertEqual(try CLITests.run(["registry", "import", registry, "--db", database]).status, 0)
        let queued = try CLITests.run(["ingest", inbox.path, "--enqueue", "--db", database, "--format", "json"])
        XCTAssertEqual(queued.status, 0, queued.stderr)
        XCTAssertTrue(queued.stdout.contains("\"queued\" : \(files.count)") || queued.stdout.contains("\"queued\":\(files.count)"), queued.stdout)
        let again = try CLITests.run(["ingest", inbox.path, "--enqueue", "--db", database])
        XCTAssertTrue(again.stdout.contains("queued 0 file(s)") && again.stdout.contains("\(files.count) queued before"), again.stdout)

        let (victim, _) = try worker("victim")
        let (survivor, survivorOut) = try worker("survivor")
        // Kill the victim while it holds a file, once the batch is under way.
        let deadline = Date().addingTimeInterval(300)
        var killedHolding = false
        while Date() < deadline, victim.isRunning {
            let holding = try psql(database, "SELECT count(*) FROM ingest_job WHERE worker = 'victim' AND state = 'running'")
            let finished = try psql(database, "SELECT count(*) FROM ingest_job WHERE state IN ('read', 'done')")
            if holding == "1", (Int(finished) ?? 0) >= 1 {
                // Frozen, the victim cannot finish its file between the look and the kill: look again, then kill.
                kill(victim.processIdentifier, SIGSTOP)
                if try psql(database, "SELECT count(*) FROM ingest_job WHERE worker = 'victim' AND state = 'running'") == "1" {
                    kill(victim.processIdentifier, SIGKILL)
                    killedHolding = true
                    break
                }
                kill(victim.processIdentifier, SIGCONT)
            }
            usleep(100_000)
        }
        victim.waitUntilExit()
        XCTAssertTrue(killedHolding, "the victim was killed while it held a file")
        let summaryData = survivorOut.fileHandleForReading.readDataToEndOfFile()
        survivor.waitUntilExit()
        XCTAssertEqual(survivor.terminationStatus, 0)
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: summaryData) as? [String: Any], String(decoding: summaryData, as: UTF8.self))
        XCTAssertGreaterThan(summary["database_statements"] as? Int ?? 0, 0)

        XCTAssertEqual(try psql(database, "SELECT count(*) FROM ingest_job WHERE state <> 'done'"), "0", "every file done, none parked")
        let jobRows = try psql(database, "SELECT id, state, attempts, worker, pages FROM ingest_job ORDER BY id")
        XCTAssertEqual(try psql(database, "SELECT count(*) FROM ingest_job WHERE attempts > 1"), "1",
                       "the killed worker's file was taken over: \(jobRows)")
        XCTAssertEqual(try psql(database, "SELECT count(*), count(DISTINCT sha256) FROM document"), "\(files.count)|\(files.count)", "every file stored once")
        XCTAssertEqual(try psql(database, "SELECT count(*) FROM ingest_page"), "0", "nothing left staged")
        func sqliteRows(_ sql: String) throws -> String {
            try CLITests.run(executable: URL(fileURLWithPath: "/usr/bin/sqlite3"), [sqlite, sql]).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let pages = "SELECT count(*) FROM page"
        XCTAssertEqual(try psql(database, pages), try sqliteRows(pages), "every page stored once")
        let packets = "SELECT state || ':' || count(*) FROM packet GROUP BY state ORDER BY state"
        XCTAssertEqual(try psql(database, packets), try sqliteRows(packets), "the same packets as one ingest")
        let activated = "SELECT registry_number FROM registry_entry WHERE activated_packet_id IS NOT NULL ORDER BY 1"
        let activatedSet = try psql(database, activated)
        XCTAssertFalse(activatedSet.isEmpty, "some entries are activated")
        XCTAssertEqual(activatedSet, try sqliteRows(activated), "the same entries activated as by ingest on SQLite")
        XCTAssertEqual(try psql(database, "SELECT count(*) FROM audit WHERE action = 'activated'"),
                       try psql(database, "SELECT count(DISTINCT registry_number) FROM audit WHERE action = 'activated'"),
                       "each entry activated once")

        let jobs = try CLITests.run(["jobs", "--db", database])
        XCTAssertEqual(jobs.status, 0, jobs.stderr)
        XCTAssertTrue(jobs.stdout.contains("done") && jobs.stdout.contains("\(files.count)"), jobs.stdout)
    }
}
