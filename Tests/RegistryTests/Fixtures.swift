import Foundation
import IntakeModel
import XCTest
@testable import Registry

/// PageResult fixtures built in code, and a store in a temporary folder.
enum Fixture {
    static let engine = EngineInfo(tesseract: "5.3.0", models: ["rus": "0f1e2d3c"])
    static let category = "Дети в возрасте от 5 до 18 лет"
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 64)

    /// The registry export the tests import: `;`, BOM, dd.mm.yyyy.
    static let registryCSV = "\u{FEFF}" + """
    registry_number;last_name;first_name;middle_name;birth_date;category;municipality;status
    4217123456;Иванова;Алена;;05.03.2014;Дети в возрасте от 5 до 18 лет;Кемеровский городской округ;Не активирован
    4217654321;Петров;Сергей;Олегович;17.11.2012;Дети в возрасте от 5 до 18 лет;Новокузнецкий городской округ;Не активирован
    421700001;Сидорова;Мария;Ивановна;01.02.2010;Дети в возрасте от 5 до 18 лет;Кемеровский городской округ;Не активирован
    4217000002;Кузнецов;Артём;Андреевич;09.09.2009;Дети в возрасте от 5 до 18 лет;Кемеровский городской округ;Активирован
    4217000003;Смирнов;Олег;;12.12.2013;Дети в возрасте от 5 до 18 лет;Кемеровский городской округ;Заморожен
    """

    /// Every personal value in the fixtures: none may appear in audit rows, logs or error messages.
    static let personalValues = [
        "Иванова", "Алёна", "Алена", "Ольга", "Петровна", "2014-03-05", "05.03.2014", "+79131234567",
        "olga.ivanova@mail.ru", "Весенняя", "3212", "778899", "Петров", "Сергей", "Олегович", "2012-11-17",
        "Сидорова", "Мария", "Кузнецов", "Артём",
    ]

    static func field(_ value: String?, _ status: FieldStatus = .ok, rule: String = "anchor:label") -> FieldResult {
        FieldResult(value: value, status: value == nil ? .missing : status, confidence: value == nil ? 0 : 0.93,
                    box: value == nil ? nil : Box(x: 120, y: 340, width: 400, height: 32), raw: value,
                    reason: status == .review ? "low confidence" : nil, rule: rule)
    }

    static func application(number: String? = "40213", registry: String? = "4217123456",
                            last: String? = "Иванова", first: String? = "Алёна", middle: String? = nil,
                            birth: String? = "2014-03-05", selfApplication: Bool? = nil, signed: Bool? = true,
                            issues: [Issue] = [], review: Set<String> = [], source: String = "app.png") -> PageResult {
        var fields: [String: FieldResult] = [
            "application_number": field(number), "registry_number": field(registry), "category": field(category),
            "child.last_name": field(last), "child.first_name": field(first), "child.middle_name": field(middle),
            "child.birth_date": field(birth),
            "child.address": field("Кемеровская область - Кузбасс, г. Кемерово, ул. Весенняя, д. 5, кв. 12"),
            "applicant.last_name": field("Иванова"), "applicant.first_name": field("Ольга"),
            "applicant.middle_name": field("Петровна"), "applicant.phone": field("+79131234567"),
            "applicant.email": field("olga.ivanova@mail.ru"),
        ]
        for k in review { fields[k]?.status = .review }
        return PageResult(source: source, page: 1, form: .application, fields: fields, issues: issues,
                          engine: engine, signed: signed, selfApplication: selfApplication)
    }

    static func consent(number: String? = "40213", last: String? = "Иванова", first: String? = "Алёна",
                        applicantLast: String = "Иванова", issues: [Issue] = [], source: String = "consent.png",
                        page: Int = 1) -> PageResult {
        let fields: [String: FieldResult] = [
            "application_number": field(number), "applicant.last_name": field(applicantLast),
            "applicant.first_name": field("Ольга"), "applicant.middle_name": field("Петровна"),
            "applicant.address": field("Кемеровская область - Кузбасс, г. Кемерово, ул. Весенняя, д. 5, кв. 12"),
            "applicant.passport_series": field("3212"), "applicant.passport_number": field("778899"),
            "applicant.passport_issue_date": field("2015-06-01"),
            "applicant.passport_issued_by": field("ОУФМС России по Кемеровской области"),
            "child.last_name": field(last), "child.first_name": field(first), "child.middle_name": field(nil),
            "child.address": field("Кемеровская область - Кузбасс, г. Кемерово, ул. Весенняя, д. 5, кв. 12"),
        ]
        return PageResult(source: source, page: page, form: .consent, fields: fields, issues: issues,
                          engine: engine, signed: true)
    }

    static func unknown(source: String = "blank.png", page: Int = 1) -> PageResult {
        PageResult(source: source, page: page, form: .unknown, engine: engine)
    }

    /// A document whose hash derives from its name (unique per test file name).
    static func document(_ name: String, _ pages: [PageResult], image: Bool = true) -> DocumentPages {
        var numbered = pages
        for i in numbered.indices { numbered[i].page = i + 1 }
        return DocumentPages(sha256: SHA256.hex(Array("file:\(name)".utf8)), fileName: name, size: 1000 + name.count,
                             pages: numbered.map { PageInput(result: $0, image: image ? png : nil, width: 2480, height: 3508) })
    }

    /// Application and consent in one file.
    static func packet(_ name: String, application: PageResult = application(), consent: PageResult? = consent(),
                       municipality: String? = nil) -> PacketInput {
        PacketInput(documents: [document(name, [application] + (consent.map { [$0] } ?? []))], municipality: municipality)
    }
}

/// A fresh store per test in a temporary folder, with a clock that advances one second per call.
class RegistryTestCase: XCTestCase {
    var dir: URL!
    var store: RegistryStore!
    /// The registry of this test: an SQLite file, or a database of its own on the PostgreSQL server named by
    /// `$PFDO_TEST_POSTGRES` (scripts/test.sh runs the registry and review suites a second time that way).
    var dbPath: String!
    private var databases: [String] = []

    static var postgresServer: String? {
        ProcessInfo.processInfo.environment["PFDO_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }
    var isPostgres: Bool { Self.postgresServer != nil }

    /// A location for a new, empty registry (a file in the test's directory, or a new database).
    func freshLocation(_ name: String) throws -> String {
        guard let server = Self.postgresServer else { return dir.appendingPathComponent(name).path }
        let db = try PostgresAdmin.throwawayDatabase(serverURL: server)
        databases.append(db.name)
        return db.url
    }

    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var t = Date(timeIntervalSince1970: 1_760_000_000)
        func next() -> Date { lock.lock(); defer { lock.unlock() }; t += 1; return t }
    }

    let clock = Clock()

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("registry-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let clock = self.clock
        dbPath = try freshLocation("registry.db")
        store = try RegistryStore(path: dbPath, clock: { clock.next() })
    }

    override func tearDownWithError() throws {
        store = nil
        try? FileManager.default.removeItem(at: dir)
        if let server = Self.postgresServer {
            for db in databases { try PostgresAdmin.dropDatabase(serverURL: server, name: db) }
        }
    }

    @discardableResult
    func importRegistry(_ csv: String = Fixture.registryCSV) throws -> ImportSummary {
        try RegistryImporter(store: store).importCSV(Data(csv.utf8))
    }

    func codes(_ outcome: PacketOutcome) -> [String] { outcome.reasons.map(\.code) }

    func count(_ table: String) throws -> Int {
        try store.rowCount(table)
    }

    /// Fails if any audit row holds a personal value from the fixtures.
    func assertAuditHasNoPersonalData(file: StaticString = #filePath, line: UInt = #line) throws {
        for row in try store.auditLog() {
            let text = "\(row.actor) \(row.action) \(row.detail)"
            for value in Fixture.personalValues {
                XCTAssertFalse(text.contains(value), "audit row \(row.id) (\(row.action)) contains personal data", file: file, line: line)
            }
        }
    }
}


