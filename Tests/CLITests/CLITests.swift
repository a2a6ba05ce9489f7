import Foundation
import XCTest

/// Runs the real `pfdo-intake` executable, as a user or a batch job would.
final class CLITests: XCTestCase {
    static var root: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }
    static var samples: URL { root.appendingPathComponent("samples") }

    /// The built executable next to the test bundle.
    static var binary: URL {
        var dir = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("pfdo-intake")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/pfdo-intake")
    }

    struct Run { var status: Int32; var stdout: String; var stderr: String }

    @discardableResult
    static func run(_ args: [String], env: [String: String] = [:], cwd: URL? = nil) throws -> Run {
        try run(executable: binary, args, env: env, cwd: cwd)
    }

    /// Runs any program to its end and collects its output.
    static func run(executable: URL, _ args: [String], env: [String: String] = [:], cwd: URL? = nil) throws -> Run {
        let p = Process()
        p.executableURL = executable
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment.merge(env) { _, new in new }
        p.environment = environment
        if let cwd { p.currentDirectoryURL = cwd }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// Runs one statement with psql and returns its unaligned output.
    @discardableResult
    static func psql(_ url: String, _ sql: String) throws -> String {
        let r = try run(executable: URL(fileURLWithPath: "/usr/bin/psql"), [url, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql])
        guard r.status == 0 else { throw NSError(domain: "psql", code: Int(r.status), userInfo: [NSLocalizedDescriptionKey: r.stderr]) }
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Where a test's registry goes: a file in `dir`, or (with `$PFDO_TEST_POSTGRES`, the second pass of
    /// scripts/test.sh) a new database on that PostgreSQL server.
    static func registryLocation(in dir: URL, _ name: String) throws -> String {
        guard let server = ProcessInfo.processInfo.environment["PFDO_TEST_POSTGRES"], !server.isEmpty else {
            return dir.appendingPathComponent(name).path
        }
        let db = "c_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try psql(server, "CREATE DATABASE \(db)")
        var c = URLComponents(string: server)!
        c.path = "/" + db
        return c.string!
    }

    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("pfdo-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }

    /// The pages of `extract` / `ocr --format json`: `{schema_version: 1, pages: [...], failed: [...]}`.
    static func pages(_ r: Run, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any],
                                   "a JSON object: \(r.stdout.prefix(200))", file: file, line: line)
        XCTAssertEqual(object["schema_version"] as? Int, 1, file: file, line: line)
        XCTAssertNotNil(object["failed"] as? [Any], file: file, line: line)
        return try XCTUnwrap(object["pages"] as? [[String: Any]], file: file, line: line)
    }

    func testOCRJSONHasASchemaVersionAndNamesFailedInputs() throws {
        let missing = tmp.appendingPathComponent("nowhere.png").path
        let r = try Self.run(["ocr", "--format", "json", Self.samples.appendingPathComponent("p001-clean-inline-app.png").path, missing])
        XCTAssertEqual(r.status, 1, r.stderr)
        let pages = try Self.pages(r)
        XCTAssertEqual(pages.count, 1)
        XCTAssertFalse((pages[0]["lines"] as? [Any] ?? []).isEmpty)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let failed = try XCTUnwrap(object["failed"] as? [[String: Any]])
        XCTAssertEqual(failed.first?["path"] as? String, missing)
        XCTAssertEqual(failed.first?["reason"] as? String, "no such file or directory")
    }

    /// docs/man/pfdo-intake.1 (scripts/man.sh) says what the parser says now: every command and every option,
    /// in the parser's order, each with its current abstract. A new option or a changed help text without
    /// `scripts/man.sh` fails here; scripts/test.sh also regenerates the page and diffs it (`--check`).
    func testManualPageIsNotStale() throws {
        let dump = try Self.run(["--experimental-dump-help"], env: ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"])
        XCTAssertEqual(dump.status, 0, dump.stderr)
        let root = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])?["command"] as? [String: Any])
        let page = try String(contentsOf: Self.root.appendingPathComponent("docs/man/pfdo-intake.1"), encoding: .utf8)
        let lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var at = 0
        /// Finds the next line satisfying `match` from the current position on (the page keeps the parser's order).
        func next(_ what: String, _ match: (String) -> Bool) {
            guard let i = lines[at...].firstIndex(where: match) else {
                return XCTFail("docs/man/pfdo-intake.1 lacks \(what) (after line \(at + 1)): run scripts/man.sh")
            }
            at = i + 1
        }
        func walk(_ command: [String: Any], path: [String]) {
            let name = command["commandName"] as? String ?? ""
            if !path.isEmpty { next("the command \((path + [name]).joined(separator: " "))") { $0 == ".It Em \(name)" } }
            if let abstract = command["abstract"] as? String, !path.isEmpty {
                XCTAssertTrue(lines[at] == abstract, "\(name): the abstract in the page is \(lines[at]), the parser's is \(abstract)")
            }
            for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["shouldDisplay"] as? Bool != false {
                let long = (argument["names"] as? [[String: Any]] ?? []).first { $0["kind"] as? String == "long" }?["name"] as? String
                guard let long, let abstract = argument["abstract"] as? String else { continue }
                next("--\(long) of \(name)") { $0.hasPrefix(".It Fl") && $0.contains("-\(long)") }
                XCTAssertEqual(lines[at], abstract, "--\(long) of \(name): run scripts/man.sh")
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] { walk(sub, path: path + [name]) }
        }
        walk(root, path: [])
    }

    func testHelpTeaches() throws {
        let r = try Self.run(["--help"])
        XCTAssertEqual(r.status, 0)
        for word in ["ocr", "extract", "eval", "ingest", "registry", "doctor", "Exit codes"] {
            XCTAssertTrue(r.stdout.contains(word), "help mentions \(word)")
        }
    }

    func testDoctorFindsModels() throws {
        let r = try Self.run(["doctor"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("model rus"))
        XCTAssertTrue(r.stdout.contains("model eng"))
        XCTAssertTrue(r.stdout.contains("OMP_THREAD_LIMIT=1"), "the executable pins OpenMP to one thread itself")
    }

    func testBadFilesAreOneLineErrorsAndTheRestIsProcessed() throws {
        let empty = tmp.appendingPathComponent("empty.png")
        try Data().write(to: empty)
        let text = tmp.appendingPathComponent("note.jpg")
        try Data("это не изображение".utf8).write(to: text)
        let good = Self.samples.appendingPathComponent("p016-negative-blank.jpg")
        let r = try Self.run(["ocr", empty.path, text.path, good.path])
        XCTAssertEqual(r.status, 1, "some inputs failed")
        let errors = r.stderr.split(separator: "\n").filter { $0.contains("pfdo-intake:") }
        XCTAssertEqual(errors.count, 2, r.stderr)
        XCTAssertTrue(errors.contains { $0.contains(empty.path) && $0.contains("empty") })
        XCTAssertTrue(errors.contains { $0.contains(text.path) && $0.contains("not a PNG, JPEG, TIFF or PDF") })
        XCTAssertTrue(r.stdout.contains(good.path), "the good file is still processed")

        let all = try Self.run(["ocr", empty.path])
        XCTAssertEqual(all.status, 2, "nothing could be processed")
    }

    func testUsageErrorExitCode() throws {
        XCTAssertEqual(try Self.run(["ocr", "--format", "xml", "x.png"]).status, 64)
    }

    func testNoisyLowResolutionScanReadsTitleAndValues() throws {
        // p008: 150 dpi, skewed, blurred, speckled, with a fold line.
        let r = try Self.run(["ocr", Self.samples.appendingPathComponent("p008-poor-table-app.png").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("ЗАЯВЛЕНИЕ"), r.stdout)
        XCTAssertTrue(r.stdout.contains("СЕРТИФИКАТА"), r.stdout)
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.samples.appendingPathComponent("p008-poor-table-app.expected.json"))) as! [[String: Any]]
        let fields = truth[0]["fields"] as! [String: [String: Any]]
        let lastName = fields["child.last_name"]!["value"] as! String
        XCTAssertTrue(r.stdout.contains(lastName), "the child's surname is readable")
    }

    func testExtractJSONContract() throws {
        let r = try Self.run(["extract", "--json",
                              Self.samples.appendingPathComponent("p001-clean-inline-app.png").path,
                              Self.samples.appendingPathComponent("p001-clean-inline-consent.png").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let pages = try Self.pages(r)
        XCTAssertEqual(pages.map { $0["form"] as? String }, ["application", "consent"])
        for p in pages {
            for key in ["source", "page", "form", "fields", "issues", "engine"] { XCTAssertNotNil(p[key], key) }
            let engine = p["engine"] as! [String: Any]
            XCTAssertEqual((engine["models"] as? [String: String])?["rus"]?.count, 64, "model checksum")
            let fields = p["fields"] as! [String: [String: Any]]
            for (_, f) in fields {
                XCTAssertTrue(["ok", "review", "missing"].contains(f["status"] as! String))
                if f["status"] as? String == "review" { XCTAssertNotNil(f["reason"] as? String, "review says why") }
            }
        }
        let app = pages[0]["fields"] as! [String: [String: Any]]
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.samples.appendingPathComponent("p001-clean-inline-app.expected.json"))) as! [[String: Any]]
        let want = (truth[0]["fields"] as! [String: [String: Any]])
        for key in ["application_number", "registry_number", "child.birth_date", "applicant.phone"] {
            XCTAssertEqual(app[key]?["value"] as? String, want[key]?["value"] as? String, key)
            if key == "applicant.phone", app[key]?["status"] as? String == "review" {
                // The phone does not hold back activation; the third reading may see a close call
                // in it (an 8 that could be a 3), which sends it to the data-quality queue.
                XCTAssertEqual(app[key]?["reason"] as? String, "a digit may also read another way", key)
                continue
            }
            if key == "application_number", app[key]?["status"] as? String == "review" {
                // The other model (eng, digits, 2x) reads this clean 53117 as 93117: a wrong alarm that the
                // rule accepts (a person confirms it) to stop the 3/5 misreadings both Russian readings share.
                XCTAssertEqual(app[key]?["reason"] as? String, "another model reading the digits at twice the scale gives a different value", key)
                continue
            }
            XCTAssertEqual(app[key]?["status"] as? String, "ok", key)
        }
    }

    func testUnknownPagesAreOutcomesNotCrashes() throws {
        let files = ["p016-negative-blank.jpg", "p017-negative-spravka.png", "p019-negative-foreign.png"]
        let r = try Self.run(["extract", "--json"] + files.map { Self.samples.appendingPathComponent($0).path })
        XCTAssertEqual(r.status, 0, r.stderr)
        let pages = try Self.pages(r)
        XCTAssertEqual(pages.count, 3)
        for p in pages {
            XCTAssertEqual(p["form"] as? String, "unknown")
            XCTAssertFalse((p["issues"] as! [Any]).isEmpty, "an unknown page says why")
        }
    }

    func testEvalOnSamples() throws {
        let r = try Self.run(["eval", Self.samples.path, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let overall = report["overall"] as! [String: Any]
        let fields = overall["fields"] as! Int
        let correct = overall["correct"] as! Int
        let silent = overall["silent"] as! Int
        XCTAssertGreaterThan(fields, 300)
        // Floors well under the README's figures: a regression trips them, noise does not.
        XCTAssertGreaterThanOrEqual(Double(correct) / Double(fields), 0.74)
        XCTAssertLessThanOrEqual(Double(silent) / Double(fields), 0.01)
        XCTAssertEqual(overall["pages"] as? Int, overall["form_correct"] as? Int, "every page classified right")
        XCTAssertTrue((report["truth_errors"] as! [Any]).isEmpty)
        XCTAssertEqual(report["schema_version"] as? Int, 1)
        // After the packet stage (samples/ holds a registry export): clean fields all accepted, and no
        // wrong value among those no person sees.
        let packets = try XCTUnwrap(report["packets"] as? [String: Any])
        let after = try XCTUnwrap(packets["after_packet"] as? [String: Any])
        for quality in ["clean", "scan", "poor"] {
            let c = try XCTUnwrap(after[quality] as? [String: Any], quality)
            let fields = try XCTUnwrap(c["fields"] as? Int), accepted = try XCTUnwrap(c["accepted"] as? Int)
            XCTAssertGreaterThan(fields, 50, quality)
            XCTAssertLessThanOrEqual(accepted, fields, quality)
            XCTAssertEqual(c["wrong_accepted"] as? Int, 0, quality)
            if quality == "clean" { XCTAssertGreaterThanOrEqual(Double(accepted) / Double(fields), 0.9) }
        }
    }

    func testEvalReportsAMistakeInATruthFile() throws {
        let fm = FileManager.default
        for name in ["p016-negative-blank.jpg", "p001-clean-inline-app.png"] {
            try fm.copyItem(at: Self.samples.appendingPathComponent(name), to: tmp.appendingPathComponent(name))
        }
        try fm.copyItem(at: Self.samples.appendingPathComponent("p016-negative-blank.expected.json"),
                        to: tmp.appendingPathComponent("p016-negative-blank.expected.json"))
        var truth = try String(contentsOf: Self.samples.appendingPathComponent("p001-clean-inline-app.expected.json"), encoding: .utf8)
        // A birth date typed the way it is printed, not normalised: the truth is wrong.
        let json = try JSONSerialization.jsonObject(with: Data(truth.utf8)) as! [[String: Any]]
        let birth = ((json[0]["fields"] as! [String: [String: Any]])["child.birth_date"]!["value"] as! String)
        let parts = birth.split(separator: "-")
        truth = truth.replacingOccurrences(of: "\"\(birth)\"", with: "\"\(parts[2]).\(parts[1]).\(parts[0])\"")
        try truth.write(to: tmp.appendingPathComponent("p001-clean-inline-app.expected.json"), atomically: true, encoding: .utf8)
        let r = try Self.run(["eval", tmp.path])
        XCTAssertEqual(r.status, 1, "a truth mistake is an error")
        XCTAssertTrue(r.stdout.contains("ERRORS in the truth files"), r.stdout)
        XCTAssertTrue(r.stdout.contains("child.birth_date"), r.stdout)
    }

    /// kill -9 in the middle of a batch, run again: everything registered once.
    func testKilledIngestResumesWithoutDuplicates() throws {
        let inbox = tmp.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let files = ["p001-clean-inline-app.png", "p001-clean-inline-consent.png", "p002-clean-table.pdf",
                     "p010-scan-inline.png", "p016-negative-blank.jpg", "p017-negative-spravka.png"]
        for f in files { try FileManager.default.copyItem(at: Self.samples.appendingPathComponent(f), to: inbox.appendingPathComponent(f)) }
        let db = tmp.appendingPathComponent("registry.db").path
        XCTAssertEqual(try Self.run(["registry", "import", Self.samples.appendingPathComponent("registry.csv").path, "--db", db]).status, 0)

        // First run: chunks of one file, killed as soon as the first packet is in the database.
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = ["ingest", inbox.path, "--db", db, "--jobs", "1"]
        p.environment = ProcessInfo.processInfo.environment.merging(["PFDO_INGEST_CHUNK": "1"]) { _, n in n }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, p.isRunning {
            if (try? Self.count(db, "packet")) ?? 0 >= 1 { break }
            usleep(100_000)
        }
        XCTAssertTrue(p.isRunning, "the batch should still be running when it is killed")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let before = try Self.count(db, "document")
        XCTAssertLessThan(before, files.count, "killed before the end")

        let second = try Self.run(["ingest", inbox.path, "--db", db, "--json"])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try Self.count(db, "document"), files.count, "every file stored once")
        let summary = try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(summary["already_stored"] as? Int, before)

        // A third run changes nothing.
        let packets = try Self.count(db, "packet")
        let third = try Self.run(["ingest", inbox.path, "--db", db, "--json"])
        XCTAssertEqual(third.status, 0)
        XCTAssertEqual(try Self.count(db, "packet"), packets)
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(third.stdout.utf8)) as! [String: Any])["already_stored"] as? Int, files.count)
        // The application and its consent, in two files, form one packet.
        let status = try Self.run(["registry", "status", "4201312138", "--db", db, "--format", "json"])
        let entry = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let documents = try XCTUnwrap(entry["documents"] as? [[String: Any]])
        XCTAssertEqual(Set(documents.compactMap { $0["file_name"] as? String }),
                       ["p001-clean-inline-app.png", "p001-clean-inline-consent.png"])
        XCTAssertEqual(Set(documents.compactMap { $0["packet_id"] as? Int }).count, 1)
    }

    /// Two ingest processes on one database and the same files: nothing stored or registered twice.
    func testTwoIngestProcessesShareADatabase() throws {
        let inbox = tmp.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let files = ["p001-clean-inline-app.png", "p001-clean-inline-consent.png", "p010-scan-inline.png", "p016-negative-blank.jpg"]
        for f in files { try FileManager.default.copyItem(at: Self.samples.appendingPathComponent(f), to: inbox.appendingPathComponent(f)) }
        let db = tmp.appendingPathComponent("shared.db").path
        XCTAssertEqual(try Self.run(["registry", "import", Self.samples.appendingPathComponent("registry.csv").path, "--db", db]).status, 0)
        let procs = (0..<2).map { _ -> Process in
            let p = Process()
            p.executableURL = Self.binary
            p.arguments = ["ingest", inbox.path, "--db", db, "--jobs", "1"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            return p
        }
        for p in procs { try p.run() }
        for p in procs { p.waitUntilExit(); XCTAssertEqual(p.terminationStatus, 0) }
        XCTAssertEqual(try Self.count(db, "document"), files.count, "each file stored once")
        XCTAssertEqual(try Self.count(db, "packet"), 3, "application+consent, self-application, blank page")
        XCTAssertEqual(try Self.count(db, "page"), files.count)
    }

    /// Row count through the sqlite3 shell (a separate reader, as another process would be).
    static func count(_ db: String, _ table: String) throws -> Int {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [db, "SELECT count(*) FROM \(table);"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let d = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Int(String(decoding: d, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}
