import Foundation
import XCTest

/// The operator's day from the command line, through the real executable: the registry (CSV and XLSX),
/// ingest, the review queue, one packet, status, the export for the regional system, safe databases.
final class OperatorCLITests: XCTestCase {
    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("pfdo-op-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: tmp) }

    func run(_ args: [String], env: [String: String] = ["LANG": "C.UTF-8"]) throws -> CLITests.Run {
        try CLITests.run(args, env: env)
    }

    /// Runs another program (no standard input) and collects its output.
    func tool(_ path: String, _ args: [String], env: [String: String] = [:]) throws -> CLITests.Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.environment = ProcessInfo.processInfo.environment.merging(env) { _, n in n }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLITests.Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func json(_ r: CLITests.Run, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any],
                                   "stdout is a JSON object: \(r.stdout.prefix(300)) \(r.stderr)", file: file, line: line)
        XCTAssertEqual(object["schema_version"] as? Int, 1, "every JSON output has a schema_version", file: file, line: line)
        return object
    }

    /// The sample registry with one line changed (or dropped) by `edit`.
    func registry(_ name: String, _ edit: (String) -> String?) throws -> String {
        let text = try String(contentsOf: CLITests.samples.appendingPathComponent("registry.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let path = tmp.appendingPathComponent(name).path
        try ([lines[0]] + lines.dropFirst().compactMap(edit)).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    // MARK: - queue, packet show, ingest summary, registry re-check, status, export

    /// Also on PostgreSQL (scripts/test.sh runs it a second time with `$PFDO_TEST_POSTGRES`).
    func testQueuePacketShowRecheckStatusAndExport() throws {
        let db = try CLITests.registryLocation(in: tmp, "day.db")
        let inbox = tmp.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        for f in ["p001-clean-inline-app.png", "p001-clean-inline-consent.png", "p016-negative-blank.jpg"] {
            try FileManager.default.copyItem(at: CLITests.samples.appendingPathComponent(f), to: inbox.appendingPathComponent(f))
        }
        // The p001 child is not in this registry: its packet waits for registry_unknown.
        let without = try registry("without.csv") { $0.hasPrefix("4201312138;") ? nil : $0 }
        XCTAssertEqual(try run(["registry", "import", without, "--db", db]).status, 0)

        let first = try run(["ingest", inbox.path, "--db", db, "--jobs", "2"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("p016-negative-blank.jpg"), "the summary names the files: \(first.stdout)")
        XCTAssertTrue(first.stdout.contains("p001-clean-inline-app.png"), first.stdout)
        XCTAssertTrue(first.stdout.contains("2 waiting in the queue now"), first.stdout)

        // Ingesting the same files again registers nothing, and still shows the queue.
        let again = try json(try run(["ingest", inbox.path, "--db", db, "--format", "json"]))
        XCTAssertEqual(again["already_stored"] as? Int, 3)
        XCTAssertEqual(again["packets_in_review"] as? Int, 0)
        XCTAssertEqual(again["queue_size"] as? Int, 2, "the current queue, not only this run's")

        // The queue: files, numbers, reasons, doubted fields.
        let queue = try json(try run(["queue", "--db", db, "--format", "json"]))
        let packets = try XCTUnwrap(queue["packets"] as? [[String: Any]])
        XCTAssertEqual(packets.count, 2)
        let blank = try XCTUnwrap(packets.first { ($0["files"] as? [String]) == ["p016-negative-blank.jpg"] })
        XCTAssertEqual((blank["reasons"] as? [[String: Any]])?.map { $0["code"] as? String }, ["unknown_form"])
        let p001 = try XCTUnwrap(packets.first { ($0["files"] as? [String])?.contains("p001-clean-inline-app.png") == true })
        XCTAssertEqual(Set(p001["files"] as? [String] ?? []), ["p001-clean-inline-app.png", "p001-clean-inline-consent.png"])
        XCTAssertEqual(p001["registry_number"] as? String, "4201312138")
        XCTAssertTrue((p001["doubted_fields"] as? [String] ?? []).contains("registry_number"))
        let p001Id = try XCTUnwrap(p001["packet_id"] as? Int)

        let filtered = try json(try run(["queue", "--db", db, "--reason", "unknown_form", "--json"]))
        XCTAssertEqual((filtered["packets"] as? [[String: Any]])?.count, 1, "--json is an alias of --format json")
        let text = try run(["queue", "--db", db])
        XCTAssertTrue(text.stdout.contains("#\(p001Id)") && text.stdout.contains("not in registry [registry_unknown]"), text.stdout)
        XCTAssertEqual(try run(["queue", "--db", db, "--reason", "registry_unknwn"]).status, 64, "a misspelt reason is a usage error")

        // One packet: value, status, reason, the other form's value, the registry's value.
        let show = try json(try run(["packet", "show", String(p001Id), "--db", db, "--format", "json"]))
        let fields = try XCTUnwrap(show["fields"] as? [[String: Any]])
        func field(_ key: String, in list: [[String: Any]]) throws -> [String: Any] {
            try XCTUnwrap(list.first { $0["key"] as? String == key }, key)
        }
        let number = try field("registry_number", in: fields)
        XCTAssertEqual(number["status"] as? String, "review", "a field the packet's reason names is in review")
        XCTAssertNotNil(number["reason"] as? String)
        XCTAssertEqual(number["reason_codes"] as? [String], ["registry_unknown"])
        XCTAssertTrue(number["registry_value"] is NSNull || number["registry_value"] == nil, "no entry yet")
        let surname = try field("child.last_name", in: fields)
        XCTAssertEqual(surname["form"] as? String, "application")
        XCTAssertEqual(surname["other_form_value"] as? String, surname["value"] as? String, "the consent names the same child")
        XCTAssertEqual(show["registry_entry_found"] as? Bool, false)
        XCTAssertEqual(try run(["packet", "show", "9999", "--db", db]).status, 2)

        // Registry import re-checks the waiting packet and says what changed. The entry differs in the
        // birth date, so the packet now waits for registry_mismatch on that field.
        let changed = try registry("changed.csv") { $0.hasPrefix("4201312138;") ? $0.replacingOccurrences(of: "07.12.2015", with: "08.12.2015") : $0 }
        let dry = try json(try run(["registry", "import", changed, "--db", db, "--dry-run", "--format", "json"]))
        XCTAssertEqual(dry["dry_run"] as? Bool, true)
        XCTAssertEqual(dry["inserted"] as? Int, 1)
        XCTAssertEqual(try json(try run(["queue", "--db", db, "--reason", "registry_unknown", "--format", "json"]))["count"] as? Int, 1,
                       "a dry run changes nothing")
        let imported = try json(try run(["registry", "import", changed, "--db", db, "--format", "json"]))
        XCTAssertEqual(imported["inserted"] as? Int, 1)
        let change = try XCTUnwrap((imported["changed"] as? [[String: Any]])?.first { $0["packet_id"] as? Int == p001Id })
        XCTAssertTrue((change["reasons_before"] as? [String] ?? []).contains("registry_unknown"))
        XCTAssertTrue((change["reasons_after"] as? [String] ?? []).contains("registry_mismatch"), "\(change)")
        XCTAssertFalse((change["reasons_after"] as? [String] ?? []).contains("registry_unknown"))

        let after = try json(try run(["packet", "show", String(p001Id), "--db", db, "--format", "json"]))
        let birth = try field("child.birth_date", in: after["fields"] as? [[String: Any]] ?? [])
        XCTAssertEqual(birth["registry_value"] as? String, "2015-12-08")
        XCTAssertEqual(birth["status"] as? String, "review")
        let ru = try run(["packet", "show", String(p001Id), "--db", db], env: ["LANG": "ru_RU.UTF-8"])
        XCTAssertTrue(ru.stdout.contains("Расхождение с реестром") && ru.stdout.contains("08.12.2015"), "Russian labels, dd.mm.yyyy: \(ru.stdout)")
        XCTAssertTrue(try run(["packet", "show", String(p001Id), "--db", db, "--lang", "en"], env: ["LANG": "ru_RU.UTF-8"])
            .stdout.contains("differs from registry"), "--lang overrides LANG")
        // In an 80-column terminal the fields are blocks (the table would wrap), reasons name fields in Russian.
        let narrow = try run(["packet", "show", String(p001Id), "--db", db], env: ["LANG": "ru_RU.UTF-8", "COLUMNS": "80"])
        XCTAssertTrue(narrow.stdout.contains("Расхождение с реестром [registry_mismatch]: Дата рождения ребёнка\n"), narrow.stdout)
        XCTAssertTrue(narrow.stdout.contains("\nДата рождения ребёнка: 07.12.2015  [проверить]\n    другая форма: "), narrow.stdout)
        XCTAssertTrue(narrow.stdout.contains("реестр: 08.12.2015\n"), narrow.stdout)
        XCTAssertFalse(narrow.stdout.contains("field(s)"), "no English note in the Russian output: \(narrow.stdout)")

        // Status shows the stored reasons; its JSON has the audit detail as an object.
        let status = try run(["registry", "status", "4201312138", "--db", db])
        XCTAssertTrue(status.stdout.contains("registry_mismatch") && status.stdout.contains("child.birth_date"), status.stdout)
        let statusJSON = try json(try run(["registry", "status", "4201312138", "--db", db, "--format", "json"]))
        let audit = try XCTUnwrap(statusJSON["audit"] as? [[String: Any]])
        XCTAssertFalse(audit.isEmpty)
        XCTAssertTrue(audit.allSatisfy { $0["detail"] is [String: Any] }, "audit detail is an object")

        // The export shows the doubted field as review, and can be filtered.
        let export = try json(try run(["registry", "export", "--db", db, "--format", "json", "--state", "review"]))
        let entries = try XCTUnwrap(export["entries"] as? [[String: Any]])
        XCTAssertEqual(entries.count, 1, "only the entry whose packet is in review")
        let paper = try XCTUnwrap(entries[0]["paper"] as? [String: [String: Any]])
        XCTAssertEqual(paper["child.birth_date"]?["status"] as? String, "review")
        XCTAssertEqual((try json(try run(["registry", "export", "--db", db, "--format", "json", "--since", "31.12.2099"]))["entries"] as? [Any])?.count, 0)
    }

    // MARK: - export for the regional system

    /// Also on PostgreSQL (scripts/test.sh runs it a second time with `$PFDO_TEST_POSTGRES`).
    func testExcelExportIsImportableAgain() throws {
        let db = try CLITests.registryLocation(in: tmp, "a.db")
        XCTAssertEqual(try run(["registry", "import", CLITests.samples.appendingPathComponent("registry.csv").path, "--db", db]).status, 0)
        let excel = try run(["registry", "export", "--excel", "--db", db])
        XCTAssertEqual(excel.status, 0, excel.stderr)
        XCTAssertTrue(excel.stdout.hasPrefix("\u{FEFF}Номер сертификата;Фамилия;Имя;Отчество;Дата рождения"), String(excel.stdout.prefix(120)))
        XCTAssertTrue(excel.stdout.contains(";07.12.2015;"), "dates as dd.mm.yyyy")
        XCTAssertTrue(excel.stdout.contains("\r\n"))
        let file = tmp.appendingPathComponent("export.csv")
        try Data(excel.stdout.utf8).write(to: file)
        let other = try CLITests.registryLocation(in: tmp, "b.db")
        let back = try json(try run(["registry", "import", file.path, "--db", other, "--format", "json"]))
        XCTAssertEqual(back["inserted"] as? Int, 16)
        XCTAssertEqual((back["rejected"] as? [Any])?.count, 0)
        XCTAssertEqual(try run(["registry", "export", "--db", other]).stdout, try run(["registry", "export", "--db", db]).stdout,
                       "the export read back gives the same registry")
    }

    // MARK: - XLSX import

    struct WorkbookMakerFailed: Error, CustomStringConvertible { var description: String }

    /// Writes the test workbooks with openpyxl (scripts/make_registry_xlsx.py); a machine without it fails
    /// here with the remedy, never skips.
    func makeWorkbooks() throws -> URL {
        let out = tmp.appendingPathComponent("book")
        let maker = try tool("/usr/bin/env", ["python3", CLITests.root.appendingPathComponent("scripts/make_registry_xlsx.py").path,
                                              CLITests.samples.appendingPathComponent("registry.csv").path, out.path])
        guard maker.status == 0 else {
            throw WorkbookMakerFailed(description: "scripts/make_registry_xlsx.py failed (openpyxl is installed by scripts/setup.sh --dev "
                                      + "from scripts/requirements.txt): " + maker.stderr)
        }
        return out
    }

    func testXLSXImportMatchesTheCSVOfTheSameData() throws {
        let out = try makeWorkbooks()

        let csvDB = tmp.appendingPathComponent("csv.db").path, xlsxDB = tmp.appendingPathComponent("xlsx.db").path
        let csv = try run(["registry", "import", out.appendingPathComponent("registry.csv").path, "--db", csvDB, "--format", "json"])
        let xlsx = try run(["registry", "import", out.appendingPathComponent("registry.xlsx").path, "--sheet", "Реестр",
                            "--db", xlsxDB, "--format", "json"])
        XCTAssertEqual(csv.status, 1, "one bad row: " + csv.stderr)
        XCTAssertEqual(xlsx.status, 1, "one bad row: " + xlsx.stderr)
        let a = try json(csv), b = try json(xlsx)
        for key in ["inserted", "updated", "unchanged"] { XCTAssertEqual(a[key] as? Int, b[key] as? Int, key) }
        XCTAssertEqual(b["inserted"] as? Int, 16)
        let rejectedA = try XCTUnwrap(a["rejected"] as? [[String: Any]]), rejectedB = try XCTUnwrap(b["rejected"] as? [[String: Any]])
        XCTAssertEqual(rejectedA.map { "\($0["row"]!) \($0["reason"]!)" }, rejectedB.map { "\($0["row"]!) \($0["reason"]!)" })
        XCTAssertEqual(rejectedB.first?["row"] as? Int, 19, "the sheet's own row number (blank row counted)")
        XCTAssertTrue(xlsx.stderr.contains("row 19: \"Номер сертификата\" (A): must be 9 or 10 digits"), xlsx.stderr)
        let exportA = try run(["registry", "export", "--db", csvDB]).stdout
        XCTAssertEqual(exportA, try run(["registry", "export", "--db", xlsxDB]).stdout,
                       "dates from date cells and text, numbers from number cells, shared and inline strings: the same entries")
        XCTAssertTrue(exportA.contains("4201312138,Королев,Даниил,Константинович,2015-12-07"), exportA)

        // The first sheet is read by default; a missing sheet is named with the ones there are.
        let first = try json(try run(["registry", "import", out.appendingPathComponent("first.xlsx").path,
                                      "--db", tmp.appendingPathComponent("first.db").path, "--format", "json"]))
        XCTAssertEqual(first["inserted"] as? Int, 16)
        let noteFirst = try run(["registry", "import", out.appendingPathComponent("registry.xlsx").path, "--db", xlsxDB])
        XCTAssertEqual(noteFirst.status, 2)
        XCTAssertTrue(noteFirst.stderr.contains("--sheet 'Реестр'"), noteFirst.stderr)
        let missing = try run(["registry", "import", out.appendingPathComponent("registry.xlsx").path, "--sheet", "Лист9", "--db", xlsxDB])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("'Инструкция', 'Реестр'"), missing.stderr)
    }

    /// The school's own headers ("Дата рождения ребёнка", another column order) are read, and a bad date in
    /// row 7 is named by that row and that header, in CSV and XLSX alike, in English and in Russian.
    func testImportErrorsNameTheColumnAsTheFileNamesIt() throws {
        let out = try makeWorkbooks()
        for file in ["child.csv", "child.xlsx"] {
            let path = out.appendingPathComponent(file).path
            let en = try run(["registry", "import", path, "--db", tmp.appendingPathComponent("\(file)-en.db").path])
            XCTAssertEqual(en.status, 1, file + ": " + en.stderr)
            XCTAssertEqual(en.stderr, "pfdo-intake: \(path): row 7: \"Дата рождения ребёнка\" (A): not a real date as dd.mm.yyyy or yyyy-mm-dd\n")
            XCTAssertTrue(en.stdout.contains("inserted 7, updated 0, unchanged 0, rejected 1"), file + ": " + en.stdout)
            let ru = try run(["registry", "import", path, "--db", tmp.appendingPathComponent("\(file)-ru.db").path],
                             env: ["LANG": "ru_RU.UTF-8"])
            XCTAssertEqual(ru.stderr, "pfdo-intake: \(path): строка 7: \"Дата рождения ребёнка\" (A): не настоящая дата дд.мм.гггг или гггг-мм-дд\n")
            let rows = try XCTUnwrap(try json(try run(["registry", "import", path, "--db", tmp.appendingPathComponent("\(file)-j.db").path,
                                                        "--format", "json"]))["rejected"] as? [[String: Any]])
            XCTAssertEqual(rows.first?["column"] as? String, "\"Дата рождения ребёнка\" (A)")
            for value in ["31.02.2013", "Симонова", "Екатерина"] { XCTAssertFalse(en.stderr.contains(value) || ru.stderr.contains(value)) }
        }
        // A header without the needed columns names them by their Russian names, in Russian too.
        let header = tmp.appendingPathComponent("header.csv")
        try "Номер;Ф.И.О.\n4201312138;Королев Даниил\n".write(to: header, atomically: true, encoding: .utf8)
        let bad = try run(["registry", "import", header.path, "--db", tmp.appendingPathComponent("h.db").path], env: ["LANG": "ru_RU.UTF-8"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("в заголовке нет столбцов: Номер сертификата (registry_number), Фамилия (last_name)"), bad.stderr)
    }

    // MARK: - safe databases

    func testReadOnlyCommandsNeverCreateADatabase() throws {
        let typo = tmp.appendingPathComponent("typo.db").path
        for args in [["queue"], ["packet", "show", "1"], ["registry", "export"], ["registry", "status", "4201312138"],
                     ["users", "list"], ["registry", "revoke-consent", "--registry-number", "4201312138", "--yes"]] {
            let r = try run(args + ["--db", typo])
            XCTAssertEqual(r.status, 3, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("no registry database at \(typo)"), r.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: typo), "\(args) created the database")
        }
    }

    func testIngestWarnsOnAnEmptyRegistryAndRefusesWhenAsked() throws {
        let db = tmp.appendingPathComponent("empty.db").path
        let blank = CLITests.samples.appendingPathComponent("p016-negative-blank.jpg").path
        let refused = try run(["ingest", blank, "--db", db, "--require-registry"])
        XCTAssertEqual(refused.status, 3)
        XCTAssertTrue(refused.stderr.contains("holds no entries"), refused.stderr)
        XCTAssertEqual(try CLITests.count(db, "document"), 0, "nothing ingested")
        let warned = try run(["ingest", blank, "--db", db, "--dry-run", "-v"])
        XCTAssertEqual(warned.status, 0, warned.stderr)
        XCTAssertTrue(warned.stderr.contains("warning: the registry in \(db) holds no entries"), warned.stderr)
        XCTAssertTrue(warned.stdout.contains("DRY RUN"), warned.stdout)
        XCTAssertTrue(warned.stderr.contains("p016-negative-blank.jpg → #1 in review: unknown form"), "verbose: one line per packet: \(warned.stderr)")
        XCTAssertTrue(warned.stderr.contains("ingest: 1/1 files, 1 pages, 0 registered, 1 review, 0 failed"), "piped: plain lines: \(warned.stderr)")
        XCTAssertEqual(try CLITests.count(db, "document"), 0, "a dry run writes nothing")
        let quiet = try run(["ingest", blank, "--db", db, "--dry-run", "-q"])
        XCTAssertEqual(quiet.stderr, "", "quiet: nothing on stderr")
        // A dry run before the first import: an empty database of its own, nothing created at --db.
        let none = tmp.appendingPathComponent("not-yet.db").path
        let first = try run(["ingest", blank, "--db", none, "--dry-run"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("no database at \(none) yet: the dry run uses an empty one"), first.stderr)
        XCTAssertTrue(first.stdout.contains("DRY RUN"), first.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: none), "a dry run creates no database")
    }

    /// On a terminal the progress line is redrawn in place and never wider than the terminal.
    func testLiveProgressLineFitsTheTerminal() throws {
        let db = tmp.appendingPathComponent("tty.db").path
        XCTAssertEqual(try run(["registry", "import", CLITests.samples.appendingPathComponent("registry.csv").path, "--db", db]).status, 0)
        let files = ["p016-negative-blank.jpg", "p017-negative-spravka.png"].map { CLITests.samples.appendingPathComponent($0).path }
        let command = ([CLITests.binary.path, "ingest"] + files + ["--db", db, "--jobs", "1"]).map { "'\($0)'" }.joined(separator: " ")
        let terminal = try tool("/usr/bin/script", ["-qec", command + " 2>&1 >/dev/null", "/dev/null"],
                                env: ["COLUMNS": "50", "LANG": "C.UTF-8"])
        XCTAssertEqual(terminal.status, 0)
        let screen = terminal.stdout
        let redraws = screen.components(separatedBy: "\r\u{1B}[K").dropFirst().map { $0.trimmingCharacters(in: .newlines) }
        XCTAssertGreaterThanOrEqual(redraws.filter { !$0.isEmpty }.count, 3, "a redraw per file and per chunk: \(screen.debugDescription)")
        for line in redraws { XCTAssertLessThan(line.count, 50, "fits 50 columns: \(line)") }
        XCTAssertTrue(redraws.contains { $0.contains("[") && $0.contains("2/2") }, screen.debugDescription)
    }

    // MARK: - ergonomics

    func testSubcommandSuggestionsHelpErrorsAndVersion() throws {
        let typo = try run(["ingset", "box1"])
        XCTAssertEqual(typo.status, 64)
        XCTAssertTrue(typo.stderr.contains("Did you mean: ingest?"), typo.stderr)
        let help = try run(["help", "ingset"])
        XCTAssertEqual(help.status, 64, "help for an unknown command is an error")
        XCTAssertTrue(help.stderr.contains("ingest"), help.stderr)
        XCTAssertEqual(try run(["registry", "exprot"]).status, 64)
        let early = try run(["--db", "x.db", "queue"])
        XCTAssertEqual(early.status, 64)
        XCTAssertTrue(early.stderr.contains("options go after the command: pfdo-intake queue ... --db ..."), early.stderr)
        XCTAssertEqual(try run(["help", "queue"]).status, 0)
        for flag in ["--version", "-V", "version"] {
            let v = try run([flag])
            XCTAssertEqual(v.status, 0, flag)
            for word in ["tesseract", "leptonica", "model rus  sha256 ", "build"] { XCTAssertTrue(v.stdout.contains(word), "\(flag): \(v.stdout)") }
        }
        let ru = try run(["queue", "--help"], env: ["LANG": "ru_RU.UTF-8"])
        XCTAssertTrue(ru.stdout.contains("Пакеты на проверке"), "help follows LANG: \(ru.stdout)")
        // The examples stay one per line at 80 columns, in both languages.
        let top = try run(["--help"], env: ["LANG": "C.UTF-8", "COLUMNS": "80"])
        XCTAssertTrue(top.stdout.contains("\n  pfdo-intake queue                       packets in review, and why\n"), top.stdout)
        let topRu = try run(["--help", "--lang", "ru"], env: ["COLUMNS": "80"])
        XCTAssertTrue(topRu.stdout.contains("\n  pfdo-intake queue                       пакеты на проверке и причины\n"), topRu.stdout)
    }

    /// The operator's commands explain themselves in Russian under a Russian LANG (or --lang ru): the
    /// abstract, the discussion and every option's help; English under any other LANG.
    func testHelpOfTheOperatorsCommandsIsRussian() throws {
        let commands = [[], ["ingest"], ["registry"], ["registry", "import"], ["registry", "export"], ["registry", "status"],
                        ["registry", "revoke-consent"], ["queue"], ["packet"], ["packet", "show"], ["review"], ["users"],
                        ["users", "add"], ["users", "passwd"], ["users", "remove"], ["users", "list"], ["users", "set-role"],
                        ["users", "disable"], ["doctor"], ["eval"], ["extract"], ["ocr"]]
        let english = try NSRegularExpression(pattern: #"\b(the|and|of|to|is|with|from|for|a|an|or)\b"#, options: [.caseInsensitive])
        func englishLines(_ text: String) -> [String] {
            text.split(separator: "\n").map(String.init).filter { line in
                // The parser's own lines (usage, -h/--help, --version) stay English; commands and paths are not prose.
                let prose = line.replacingOccurrences(of: #"`[^`]*`|pfdo-intake[^ ]*( [a-z-]+)*|--?[a-z-]+"#, with: "", options: .regularExpression)
                return !line.hasPrefix("USAGE:") && !line.contains("Show help information") && !line.contains("Show the version")
                    && !line.contains("for detailed help.")
                    && line.range(of: "[А-Яа-яЁё]", options: .regularExpression) == nil
                    && english.firstMatch(in: prose, range: NSRange(prose.startIndex..., in: prose)) != nil
            }
        }
        for command in commands {
            let ru = try run(command + ["--help"], env: ["LANG": "ru_RU.UTF-8", "COLUMNS": "80"])
            XCTAssertEqual(ru.status, 0, "\(command): \(ru.stderr)")
            let overview = ru.stdout.split(separator: "\n").first.map(String.init) ?? ""
            XCTAssertNotNil(overview.range(of: "[А-Яа-яЁё]", options: .regularExpression), "\(command): the abstract is Russian: \(overview)")
            XCTAssertEqual(englishLines(ru.stdout), [], "\(command): English left in the Russian help")
            let flag = try run(command + ["--help", "--lang", "ru"], env: ["LANG": "C.UTF-8", "COLUMNS": "80"])
            XCTAssertEqual(flag.stdout, ru.stdout, "\(command): --lang ru gives the same help as LANG")
            let en = try run(command + ["--help"], env: ["LANG": "C.UTF-8", "COLUMNS": "80"])
            XCTAssertNil(en.stdout.split(separator: "\n").first?.range(of: "[А-Яа-яЁё]", options: .regularExpression),
                         "\(command): English abstract under LANG=C")
        }
    }

    func testDoctorJSONChecksTheDatabase() throws {
        let db = tmp.appendingPathComponent("d.db").path
        XCTAssertEqual(try run(["registry", "import", CLITests.samples.appendingPathComponent("registry.csv").path, "--db", db]).status, 0)
        let report = try json(try run(["doctor", "--db", db, "--format", "json"]))
        XCTAssertEqual(report["ok"] as? Bool, true)
        let database = try XCTUnwrap(report["database"] as? [String: Any])
        XCTAssertEqual((database["counts"] as? [String: Any])?["entries"] as? Int, 16)
        XCTAssertTrue((report["warnings"] as? [String] ?? []).contains { $0.contains("no reviewer") })
        XCTAssertFalse((report["warnings"] as? [String] ?? []).contains { $0.contains("stopped batch") })
        // A batch stopped halfway leaves staged pages: doctor says so and how to finish them.
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [db, "INSERT INTO ingest_page (sha256, page_number, page_count, result, staged_at) VALUES ('ab12', 1, 3, '{}', 0)"]
        try sqlite.run(); sqlite.waitUntilExit()
        XCTAssertEqual(sqlite.terminationStatus, 0)
        let stopped = try json(try run(["doctor", "--db", db, "--format", "json"]))
        XCTAssertTrue((stopped["warnings"] as? [String] ?? []).contains {
            $0.contains("1 document(s) of a stopped batch") && $0.contains("pfdo-intake ingest")
        }, "\(stopped["warnings"] ?? "")")
        let users = try json(try run(["users", "list", "--db", db, "--format", "json"]))
        XCTAssertEqual((users["reviewers"] as? [Any])?.count, 0)
    }
}
