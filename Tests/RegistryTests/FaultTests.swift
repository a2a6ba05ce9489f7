import Foundation
import GRDB
import IntakeModel
import XCTest
@testable import Registry

/// Faults of the database and its disk, and damage inside it: each is its own clear error.
final class FaultTests: RegistryTestCase {
    func testStrictCSVReader() throws {
        XCTAssertThrowsError(try CSV.parse("a;b\n1;\"open\n2;3\n", delimiter: ";")) { error in
            XCTAssertEqual(error as? CSV.UnterminatedQuote, CSV.UnterminatedQuote(record: 2, line: 2))
        }
        let records = try CSV.parse("a,b\r\n\"x\"\"y\",\"multi\r\nline\"\r\n\"Петров\"x,Пет\"ров\r\n", delimiter: ",")
        XCTAssertEqual(records.map(\.fields), [["a", "b"], ["x\"y", "multi\r\nline"], ["Петровx", "Пет\"ров"]])
        XCTAssertEqual(records.map(\.line), [1, 2, 4])
        XCTAssertEqual(records.map(\.strayQuote), [nil, nil, 0])
        XCTAssertThrowsError(try store.importer.importCSV(text: "registry_number;last_name;first_name;birth_date\n4217000010;\"Белов;Денис;01.01.2012\n")) { error in
            XCTAssertEqual(error as? RegistryError, .unterminatedQuote(row: 2, line: 2))
            XCTAssertFalse("\(error)".contains("Белов"))
        }
    }

    func testALockedDatabaseSaysItIsLockedByAnotherProcess() throws {
        try XCTSkipIf(isPostgres, "SQLite's file lock")
        let impatient = try RegistryStore(path: dbPath, busyTimeout: 0.2)
        // Another process's writer holds the database (a connection of its own, in a transaction).
        let other = try DatabaseQueue(path: dbPath)
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), released = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? other.inTransaction(.exclusive) { _ in holding.signal(); release.wait(); return .rollback }
            released.signal()
        }
        holding.wait()
        defer { release.signal(); released.wait() }
        XCTAssertThrowsError(try impatient.importer.importCSV(text: Fixture.registryCSV)) { error in
            XCTAssertEqual(error as? RegistryError, .locked(path: dbPath))
            XCTAssertTrue("\(error)".contains("locked by another process"), "\(error)")
            XCTAssertTrue((error as? RegistryError)?.isEnvironment == true)
        }
    }

    func testAFullDiskSaysTheDiskIsFull() throws {
        try XCTSkipIf(isPostgres, "SQLite's page limit")
        // SQLite's page limit gives exactly the error of a full disk (SQLITE_FULL).
        try store.write { db in try db.execute(sql: "PRAGMA max_page_count = \(try Int.fetchOne(db, sql: "PRAGMA page_count")! + 2)") }
        var csv = "registry_number;last_name;first_name;birth_date\n"
        for i in 0..<5000 { csv += "42\(String(format: "%08d", i));Белов;Денис;01.01.2012\n" }
        XCTAssertThrowsError(try store.importer.importCSV(text: csv)) { error in
            XCTAssertEqual(error as? RegistryError, .diskFull(path: dbPath))
            XCTAssertTrue("\(error)".contains("is full"), "\(error)")
        }
        XCTAssertEqual(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM registry_entry") }, 0, "nothing half-written")
    }

    func testAnotherProgramsSQLiteFileIsNotMigrated() throws {
        try XCTSkipIf(isPostgres, "an SQLite file")
        let path = dir.appendingPathComponent("other.sqlite").path
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE contacts (name TEXT)") }
        XCTAssertThrowsError(try RegistryStore(path: path)) { error in
            XCTAssertEqual(error as? RegistryError, .notADatabase(path: path))
        }
        XCTAssertFalse(try DatabaseQueue(path: path).read { db in try db.tableExists("packet") })
    }

    func testDamageInAStoredPageImageIsDetected() throws {
        try importRegistry()
        let outcome = try store.register(Fixture.packet("damaged"))
        let pageId = try XCTUnwrap(store.packet(id: outcome.packetId).pages.first?.id)
        XCTAssertEqual(try store.pageImage(pageId: pageId)?.data, Fixture.png, "intact: served")
        try store.write { db in
            try db.execute(sql: "UPDATE page SET image = ? WHERE id = ?", arguments: [Fixture.png.dropLast() + Data([0]), pageId])
        }
        XCTAssertThrowsError(try store.pageImage(pageId: pageId)) { error in
            XCTAssertEqual(error as? RegistryError, .imageDamaged(pageId: pageId))
        }
    }

    func testStagedPagesAreRegisteredOnceAndDamagedOnesReadAgain() throws {
        let doc = Fixture.document("long.pdf", [Fixture.application(), Fixture.consent()])
        for (i, p) in doc.pages.enumerated() { try store.stage(p, number: i + 1, document: doc.sha256, pageCount: 2) }
        try store.stage(doc.pages[0], number: 1, document: doc.sha256, pageCount: 2) // a rerun staging it again
        XCTAssertEqual(try store.stagedPageNumbers(doc.sha256), [1, 2])
        try store.write { db in
            try db.execute(sql: "UPDATE ingest_page SET image = ? WHERE page_number = 2", arguments: [Data([0])])
        }
        XCTAssertEqual(try store.stagedPageNumbers(doc.sha256), [1], "a damaged staged page is read again")
        try store.stage(doc.pages[1], number: 2, document: doc.sha256, pageCount: 2)
        var complete = doc
        complete.pages = try store.stagedPages(doc.sha256, images: false)
        XCTAssertEqual(complete.pages.map(\.result.form), [.application, .consent])
        XCTAssertEqual(complete.pages.map(\.image), [nil, nil], "images stay in the database")
        let outcome = try store.register(PacketInput(documents: [complete]))
        XCTAssertEqual(try store.stagedDocuments(), [:], "registering clears the staged pages")
        for page in try store.packet(id: outcome.packetId).pages {
            XCTAssertEqual(page.imageFormat, "png")
            XCTAssertEqual(try store.pageImage(pageId: page.id)?.data, Fixture.png, "the staged image, checked against its hash")
        }
    }

    func testRevokingConsentDeletesTheStagedPagesOfAStoppedBatchThatNameTheNumber() throws {
        try importRegistry()
        let named = Fixture.document("named.pdf", [Fixture.application(number: "40213", registry: "4217123456")])
        let other = Fixture.document("other.pdf", [Fixture.application(number: "55501", registry: "4217654321"),
                                                   Fixture.consent(number: "55501")])
        try store.stage(named.pages[0], number: 1, document: named.sha256, pageCount: 3)
        for (i, p) in other.pages.enumerated() { try store.stage(p, number: i + 1, document: other.sha256, pageCount: 3) }
        let summary = try store.revokeConsent(registryNumber: "4217 123 456", actor: "operator")
        XCTAssertEqual(summary.stagedPages, 1)
        XCTAssertEqual(try store.stagedDocuments(), [other.sha256.lowercased(): 2], "pages naming other numbers stay")
        // By application number, with nothing else in the database naming it.
        XCTAssertEqual(try store.revokeConsent(applicationNumber: "55501", actor: "operator").stagedPages, 2)
        XCTAssertEqual(try store.stagedDocuments(), [:])
        XCTAssertThrowsError(try store.revokeConsent(applicationNumber: "55501", actor: "operator")) { error in
            XCTAssertEqual(error as? RegistryError, .entryNotFound)
        }
    }
}

extension RegistryStore {
    var importer: RegistryImporter { RegistryImporter(store: self) }
}
