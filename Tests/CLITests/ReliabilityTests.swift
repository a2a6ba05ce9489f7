import Foundation
import XCTest

/// Bad input and faults, through the real executable: every case is a clear one-line error or a
/// counted outcome, never data lost without a word.
final class ReliabilityTests: XCTestCase {
    static var fixtures: URL { CLITests.root.appendingPathComponent("Tests/CLITests/Fixtures") }
    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("pfdo-rel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }

    func errorLines(_ r: CLITests.Run) -> [Substring] { r.stderr.split(separator: "\n").filter { $0.hasPrefix("pfdo-intake:") } }

    // MARK: - Registry CSV

    /// `registry import` of a fixture into a fresh database.
    func importFixture(_ name: String) throws -> (db: String, csv: String, run: CLITests.Run) {
        let db = tmp.appendingPathComponent("r.db").path
        let csv = Self.fixtures.appendingPathComponent(name).path
        return (db, csv, try CLITests.run(["registry", "import", csv, "--db", db]))
    }

    /// A status opened with a quote on row 6 and never closed: the old reader swallowed rows 6-101 into one
    /// value and said "inserted 5, rejected 0". Now nothing is imported and the row is named.
    func testUnterminatedQuoteRefusesTheFileAndNamesTheRow() throws {
        let (db, _, r) = try importFixture("registry-unterminated-quote.csv")
        XCTAssertEqual(r.status, 2, r.stderr)
        let errors = errorLines(r)
        XCTAssertEqual(errors.count, 1, r.stderr)
        XCTAssertTrue(errors[0].contains("row 6 (line 6)") && errors[0].contains("never closed"), r.stderr)
        XCTAssertEqual(try CLITests.count(db, "registry_entry"), 0, "nothing half-imported")
    }

    func testRowShorterThanTheHeaderIsRejectedWithItsNumber() throws {
        let (_, csv, r) = try importFixture("registry-short-row.csv")
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(errorLines(r).map(String.init), ["pfdo-intake: \(csv): row 4: the row has 6 fields, the header 8: a value or a delimiter is missing"])
        XCTAssertTrue(r.stdout.contains("inserted 9, updated 0, unchanged 0, rejected 1"), r.stdout)
    }

    func testStrayQuotesRejectTheRowInsteadOfAlteringTheValue() throws {
        let (db, _, r) = try importFixture("registry-stray-quote.csv")
        XCTAssertEqual(r.status, 1, r.stderr)
        let errors = errorLines(r)
        XCTAssertEqual(errors.count, 2, r.stderr)
        XCTAssertTrue(errors[0].contains("row 3: \"last_name\" (B): a stray quote"), r.stderr)
        XCTAssertTrue(errors[1].contains("row 5: \"first_name\" (C): a stray quote"), r.stderr)
        XCTAssertFalse(r.stderr.contains("Петров"), "reasons name the column, never the value")
        XCTAssertTrue(r.stdout.contains("inserted 8"), r.stdout)
        // The quoted value with a doubled quote and a delimiter is read exactly.
        let export = try CLITests.run(["registry", "export", "--db", db, "--format", "json"])
        XCTAssertTrue(export.stdout.contains(#"Кемерово; \"центр\""#), export.stdout)
        XCTAssertFalse(export.stdout.contains("Петровx"))
    }

    // MARK: - Databases

    func testAFileThatIsNotADatabaseIsNamedSo() throws {
        let csv = tmp.appendingPathComponent("registry.csv")
        try FileManager.default.copyItem(at: CLITests.samples.appendingPathComponent("registry.csv"), to: csv)
        let before = try Data(contentsOf: csv)
        let r = try CLITests.run(["registry", "import", csv.path, "--db", csv.path])
        XCTAssertEqual(r.status, 3, r.stderr)
        XCTAssertEqual(errorLines(r).count, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("is not a pfdo-intake database"), r.stderr)
        XCTAssertFalse(r.stderr.contains("folder exists"), r.stderr)
        XCTAssertEqual(try Data(contentsOf: csv), before, "the file is left as it was")
    }

    func testImportIntoADamagedDatabaseIsAnEnvironmentError() throws {
        let db = tmp.appendingPathComponent("r.db").path
        let csv = CLITests.samples.appendingPathComponent("registry.csv").path
        XCTAssertEqual(try CLITests.run(["registry", "import", csv, "--db", db]).status, 0)
        // Overwrite everything after the first page (the schema's root pages and the data) with garbage.
        let h = try XCTUnwrap(FileHandle(forUpdatingAtPath: db))
        let size = try h.seekToEnd()
        try h.seek(toOffset: 4096)
        try h.write(contentsOf: Data(repeating: 0xA5, count: Int(size) - 4096))
        try h.close()
        let r = try CLITests.run(["registry", "import", csv, "--db", db])
        XCTAssertEqual(r.status, 3, r.stderr)
        XCTAssertEqual(errorLines(r).count, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("damaged") || r.stderr.contains("not a pfdo-intake database"), r.stderr)
    }

    // MARK: - Input files

    /// Images in a folder: BMP, GIF, WebP read (and HEIC when Debian's heif-convert is there); a PSD is a
    /// named, counted failure (exit 1); a text file is counted as skipped.
    func testEveryFileInAFolderIsReadOrReported() throws {
        let inbox = tmp.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        for f in ["phone-export.bmp", "scan.gif", "scan.webp", "photo.heic", "layers.psd"] {
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("images/\(f)"), to: inbox.appendingPathComponent(f))
        }
        try Data("notes".utf8).write(to: inbox.appendingPathComponent("notes.txt"))
        let r = try CLITests.run(["ocr", inbox.path])
        XCTAssertEqual(r.status, 1, r.stderr)
        let errors = errorLines(r)
        XCTAssertTrue(errors.contains { $0.contains("layers.psd") && $0.contains("unsupported file format") }, r.stderr)
        XCTAssertTrue(errors.contains { $0.contains("skipped 1 file(s)") && $0.contains(".txt") }, r.stderr)
        for f in ["phone-export.bmp", "scan.gif", "scan.webp"] {
            XCTAssertTrue(r.stdout.contains(f), "\(f) is read: \(r.stdout)")
            XCTAssertFalse(errors.contains { $0.contains(f) }, r.stderr)
        }
        let heifInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/heif-convert")
        if heifInstalled {
            XCTAssertTrue(r.stdout.contains("photo.heic"), r.stdout)
        } else {
            XCTAssertTrue(errors.contains { $0.contains("photo.heic") && $0.contains("libheif-examples") }, r.stderr)
        }
        XCTAssertTrue(r.stdout.contains("ЗАЯВЛЕНИЕ"), r.stdout)
    }

    /// One line each, with the right reason, and nothing from libpng/libjpeg/libtiff on stderr.
    func testBadImagesGiveOneLineWithTheRightReason() throws {
        let fm = FileManager.default
        let pixel = tmp.appendingPathComponent("pixel.png"), tiff = tmp.appendingPathComponent("cut.tif")
        try fm.copyItem(at: Self.fixtures.appendingPathComponent("images/pixel.png"), to: pixel)
        try fm.copyItem(at: Self.fixtures.appendingPathComponent("images/cut.tif"), to: tiff)
        let png = try Data(contentsOf: CLITests.samples.appendingPathComponent("p001-clean-inline-app.png"))
        let cutPNG = tmp.appendingPathComponent("cut.png")
        try png.prefix(png.count / 2).write(to: cutPNG)
        let jpg = try Data(contentsOf: CLITests.samples.appendingPathComponent("p016-negative-blank.jpg"))
        let badJPG = tmp.appendingPathComponent("bad.jpg")
        try (jpg.prefix(jpg.count * 2 / 3) + Data([0xFF, 0xD9])).write(to: badJPG) // cut inside the data, end marker kept
        let newline = tmp.appendingPathComponent("scan\nfake.png")
        try Data("not an image".utf8).write(to: newline)

        let r = try CLITests.run(["ocr", pixel.path, tiff.path, cutPNG.path, badJPG.path, newline.path])
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        XCTAssertEqual(lines.count, 5, "one line per bad file, nothing else:\n\(r.stderr)")
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("pfdo-intake: ") }, r.stderr)
        XCTAssertTrue(lines.contains { $0.contains("pixel.png") && $0.contains("too small to be a scan") }, r.stderr)
        XCTAssertTrue(lines.contains { $0.contains("cut.tif") && $0.contains("truncated") }, r.stderr)
        XCTAssertTrue(lines.contains { $0.contains("cut.png") && $0.contains("truncated") }, r.stderr)
        XCTAssertTrue(lines.contains { $0.contains("bad.jpg") && $0.contains("corrupt") }, r.stderr)
        XCTAssertTrue(lines.contains { $0.contains(#"scan\nfake.png"#) }, "the newline is escaped: \(r.stderr)")
        XCTAssertEqual(r.status, 2)
    }

    // MARK: - Batches

    /// The same file twice and a copy under another name: read once, one packet, one document.
    func testTheSameFileTwiceIsReadAndCountedOnce() throws {
        let a = tmp.appendingPathComponent("blank.jpg"), b = tmp.appendingPathComponent("copy-of-blank.jpg")
        try FileManager.default.copyItem(at: CLITests.samples.appendingPathComponent("p016-negative-blank.jpg"), to: a)
        try FileManager.default.copyItem(at: a, to: b)
        let db = tmp.appendingPathComponent("r.db").path
        let r = try CLITests.run(["ingest", a.path, a.path, tmp.appendingPathComponent("./blank.jpg").path, b.path, "--db", db, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(summary["files"] as? Int, 1)
        XCTAssertEqual(summary["pages"] as? Int, 1)
        XCTAssertEqual((summary["duplicates"] as? [String])?.count, 1)
        XCTAssertEqual((summary["packets_in_review"] as? Int ?? 0) + (summary["packets_registered"] as? Int ?? 0), 1)
        XCTAssertTrue(r.stderr.contains("2 path(s) given more than once"), r.stderr)
        XCTAssertTrue(r.stderr.contains("copy-of-blank.jpg: same content as"), r.stderr)
        XCTAssertEqual(try CLITests.count(db, "document"), 1)
        XCTAssertEqual(try CLITests.count(db, "page"), 1)
    }

    /// Ctrl-C in the middle of a batch: the page in flight is finished, what is read is committed, the
    /// command says how to resume and exits 130; the rerun reads only what is left, without duplicates.
    func testSIGINTCommitsWhatIsDoneAndTheRerunResumes() throws {
        let inbox = tmp.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        // A 3-page PDF first (named to sort first), then three more files.
        let files = ["p014-scan-inline.pdf": "a-three-pages.pdf", "p003-clean-underline.tif": "b.tif",
                     "p010-scan-inline.png": "c.png", "p016-negative-blank.jpg": "d.jpg"]
        for (f, to) in files { try FileManager.default.copyItem(at: CLITests.samples.appendingPathComponent(f), to: inbox.appendingPathComponent(to)) }
        let db = tmp.appendingPathComponent("r.db").path
        XCTAssertEqual(try CLITests.run(["registry", "import", CLITests.samples.appendingPathComponent("registry.csv").path, "--db", db]).status, 0)

        let p = Process()
        p.executableURL = CLITests.binary
        p.arguments = ["ingest", inbox.path, "--db", db, "--jobs", "1"]
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        // Interrupt as soon as the first page of the PDF is kept: its second page is in flight.
        let deadline = Date().addingTimeInterval(180)
        while Date() < deadline, p.isRunning, ((try? CLITests.count(db, "ingest_page")) ?? 0) < 1 { usleep(50_000) }
        XCTAssertTrue(p.isRunning, "still running when interrupted")
        kill(p.processIdentifier, SIGINT)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 130, stderr)
        XCTAssertTrue(stderr.contains("run the same command again to resume"), stderr)
        let staged = try CLITests.count(db, "ingest_page")
        XCTAssertEqual(staged, 2, "the page read and the page in flight are kept: \(stderr)")
        XCTAssertEqual(try CLITests.count(db, "document"), 0, "the PDF is not finished, the other files not started")

        let second = try CLITests.run(["ingest", inbox.path, "--db", db, "--json"])
        XCTAssertEqual(second.status, 0, second.stderr)
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(summary["resumed_pages"] as? Int, staged, "pages read before the stop are not read again")
        XCTAssertEqual(try CLITests.count(db, "document"), files.count)
        XCTAssertEqual(try CLITests.count(db, "page"), 3 + 2 + 1 + 1, "every page stored once")
        XCTAssertEqual(try CLITests.count(db, "ingest_page"), 0, "nothing left staged")
    }

    /// A run killed while a PDF is open leaves its private folder (0700, files 0600); the next run removes it.
    func testTemporaryFilesArePrivateAndLeftoversAreRemoved() throws {
        let scratch = tmp.appendingPathComponent("scratch")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let pdf = CLITests.samples.appendingPathComponent("p014-scan-inline.pdf").path
        let db = tmp.appendingPathComponent("r.db").path
        let p = Process()
        p.executableURL = CLITests.binary
        p.arguments = ["ingest", pdf, "--db", db, "--jobs", "1"] // the PDF stays open while its pages are read
        p.environment = ProcessInfo.processInfo.environment.merging(["TMPDIR": scratch.path]) { _, n in n }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        var folder: String?
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, p.isRunning, folder == nil {
            folder = try FileManager.default.contentsOfDirectory(atPath: scratch.path).first { $0.hasPrefix("pfdo-work-pdf-") }
            usleep(20_000)
        }
        let leftover = scratch.appendingPathComponent(try XCTUnwrap(folder, "the PDF is opened in a private folder"))
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let mode = try FileManager.default.attributesOfItem(atPath: leftover.path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o700)
        for f in try FileManager.default.contentsOfDirectory(atPath: leftover.path) {
            let m = try FileManager.default.attributesOfItem(atPath: leftover.appendingPathComponent(f).path)[.posixPermissions] as? Int
            XCTAssertEqual(m, 0o600, f)
        }
        let r = try CLITests.run(["ocr", CLITests.samples.appendingPathComponent("p002-clean-table.pdf").path], env: ["TMPDIR": scratch.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: leftover.path), "the next run removes what the killed one left")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.path), [], "and its own folder")
    }
}
