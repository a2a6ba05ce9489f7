import Foundation
import XCTest
@testable import Registry

final class ImportTests: RegistryTestCase {
    func testImportWithBOMSemicolonAndRussianDates() throws {
        let summary = try importRegistry()
        XCTAssertEqual(summary.inserted, 5)
        XCTAssertEqual(summary.rejected, [])
        let entry = try XCTUnwrap(store.entry(registryNumber: "4217123456"))
        XCTAssertEqual(entry.lastName, "Иванова")
        XCTAssertEqual(entry.birthDate, "2014-03-05")
        XCTAssertNil(entry.middleName)
        XCTAssertEqual(entry.municipality, "Кемеровский городской округ")
        XCTAssertEqual(entry.status, "Не активирован")
        XCTAssertFalse(entry.consentRevoked)
        XCTAssertNil(entry.activatedAt)
        // A 9-digit entry is kept as text.
        XCTAssertNotNil(try store.entry(registryNumber: "421700001"))
    }

    func testRussianHeadersAnyOrderCommaAndQuotedFields() throws {
        let csv = """
        "Статус","Фамилия","Имя","Отчество","Дата рождения","Реестровый номер","Группа сертификата","Муниципальное образование"\r
        "Не активирован","Иванова-Петрова","Анна","","2014-03-05","4217111111","Дети с ОВЗ, 5-18 лет","Кемеровский ""городской"" округ"\r
        Не активирован,Орлов,Иван,Петрович,1.2.2011,4217222222,"Дети в возрасте
        от 5 до 18 лет",Юргинский\r

        """
        let summary = try importRegistry(csv)
        XCTAssertEqual(summary.inserted, 2, "\(summary.rejected)")
        let a = try XCTUnwrap(store.entry(registryNumber: "4217111111"))
        XCTAssertEqual(a.lastName, "Иванова-Петрова")
        XCTAssertEqual(a.category, "Дети с ОВЗ, 5-18 лет")
        XCTAssertEqual(a.municipality, "Кемеровский \"городской\" округ")
        let b = try XCTUnwrap(store.entry(registryNumber: "4217222222"))
        XCTAssertEqual(b.birthDate, "2011-02-01")
        XCTAssertEqual(b.category, "Дети в возрасте от 5 до 18 лет", "an embedded newline is one space")
        XCTAssertEqual(b.middleName, "Петрович")
    }

    func testEnglishHeaderCaseInsensitiveWithTabs() throws {
        let csv = "Registry_Number\tLAST_NAME\tFirst_Name\tBirth_Date\n4217333333\tЛис\tОля\t2015-01-31\n"
        XCTAssertEqual(try importRegistry(csv).inserted, 1)
    }

    func testBadRowsAreReportedWithRowNumbersAndGoodRowsLoad() throws {
        let csv = """
        registry_number,last_name,first_name,middle_name,birth_date
        4217000010,Белов,Денис,,01.01.2012
        42170,Белова,Дина,,01.01.2012
        4217000011,,Дина,,01.01.2012
        4217000012,Белова,Дина,,31.02.2012
        4217000010,Белов,Денис,,01.01.2012
        "4217000013","Белова","Дина","","01.01.2012","лишнее"
        4.217E+09,Белова,Дина,,01.01.2012

        4217000014,Белова,Дина,,2012-01-01
        """
        let summary = try importRegistry(csv)
        XCTAssertEqual(summary.inserted, 2)
        XCTAssertEqual(summary.rejected.map(\.row), [3, 4, 5, 6, 7, 8])
        XCTAssertEqual(summary.rejected[0].reason, "\"registry_number\" (A): must be 9 or 10 digits")
        XCTAssertEqual(summary.rejected[0].column, "\"registry_number\" (A)", "the column as the file's header names it")
        XCTAssertEqual(summary.rejected[1].reason, "\"last_name\" (B): is empty")
        XCTAssertTrue(summary.rejected[2].reason.hasPrefix("\"birth_date\" (E): not a real date"))
        XCTAssertEqual(summary.rejected[3].reason, "\"registry_number\" (A): the number repeats row 2")
        XCTAssertEqual(summary.rejected[3].reasonRu, "\"registry_number\" (A): номер повторяет строку 2")
        XCTAssertNil(summary.rejected[4].column, "a row with too many cells is wrong as a whole")
        XCTAssertTrue(summary.rejected[4].reason.contains("unquoted delimiter"))
        for r in summary.rejected {
            for value in ["Белов", "Дина", "Денис", "42170", "31.02.2012", "4.217E+09"] {
                XCTAssertFalse(r.reason.contains(value), "row \(r.row) reason leaks a value")
            }
        }
    }

    func testReimportUpsertsWithoutDuplicates() throws {
        try importRegistry()
        let again = Fixture.registryCSV
            .replacingOccurrences(of: "4217654321;Петров;Сергей;Олегович;17.11.2012", with: "4217654321;Петров;Сергей;Олегович;18.11.2012")
            + "\n4217999999;Новый;Ребёнок;;2016-06-06;;;\n"
        let summary = try importRegistry(again)
        XCTAssertEqual(summary.inserted, 1)
        XCTAssertEqual(summary.updated, 1)
        XCTAssertEqual(summary.unchanged, 4)
        XCTAssertEqual(try count("registry_entry"), 6)
        XCTAssertEqual(try store.entry(registryNumber: "4217654321")?.birthDate, "2012-11-18")
        XCTAssertEqual(try importRegistry(again).unchanged, 6)
    }

    func testActivationSurvivesAnOlderExport() throws {
        try importRegistry()
        XCTAssertEqual(try store.register(Fixture.packet("a.pdf")).state, .registered)
        let summary = try importRegistry()
        XCTAssertEqual(summary.unchanged, 5)
        let entry = try XCTUnwrap(store.entry(registryNumber: "4217123456"))
        XCTAssertEqual(entry.status, "Активирован")
        XCTAssertNotNil(entry.activatedAt)
    }

    func testHeaderWithoutRequiredColumnsIsRefused() throws {
        XCTAssertThrowsError(try importRegistry("number;surname\n1;2\n")) { error in
            guard case let RegistryError.missingColumns(columns) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(columns, ["Номер сертификата (registry_number)", "Фамилия (last_name)", "Имя (first_name)",
                                     "Дата рождения (birth_date)"])
        }
    }

    func testWindows1251IsRead() throws {
        let text = "Номер сертификата;Фамилия;Имя;Дата рождения\r\n4217444444;Ёлкина;Анна;03.03.2013\r\n"
        let data = try XCTUnwrap(text.data(using: .windowsCP1251))
        XCTAssertEqual(try RegistryImporter(store: store).importCSV(data).inserted, 1)
        XCTAssertEqual(try store.entry(registryNumber: "4217444444")?.lastName, "Ёлкина")
    }

    func testXLSXIsRefusedWithRemedy() throws {
        let path = dir.appendingPathComponent("registry.xlsx").path
        _ = FileManager.default.createFile(atPath: path, contents: Data([0x50, 0x4B, 0x03, 0x04, 0, 0]))
        XCTAssertThrowsError(try RegistryImporter(store: store).importFile(atPath: path)) { error in
            XCTAssertTrue("\(error)".contains("save the sheet as CSV"))
        }
    }

    func testImportWritesOneAuditRowWithCountsOnly() throws {
        try importRegistry()
        let audit = try store.auditLog()
        XCTAssertEqual(audit.map(\.action), ["registry_imported"])
        XCTAssertEqual(audit[0].detail, #"{"inserted":5,"rejected":0,"unchanged":0,"updated":0}"#)
    }

    func testCSVParserEdgeCases() throws {
        let records = try CSV.parse("a,\"b,\"\"c\"\"\",\n\"x\ny\",,z\r\n", delimiter: ",")
        XCTAssertEqual(records.map(\.fields), [["a", "b,\"c\"", ""], ["x\ny", "", "z"]])
        XCTAssertEqual(CSV.sniffDelimiter("\"a;b\",c,d;e\n"), ",")
        XCTAssertEqual(CSV.sniffDelimiter("a;b;c,d\n"), ";")
    }
}
