import Foundation
import Hummingbird
import HummingbirdTesting
import IntakeModel
import Logging
import XCTest
@testable import Registry
@testable import ReviewWeb

/// A clock the tests move by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var t = Date(timeIntervalSince1970: 1_760_000_000)
    var now: Date { lock.lock(); defer { lock.unlock() }; return t }
    func advance(_ seconds: TimeInterval) { lock.lock(); t += seconds; lock.unlock() }
}

/// Log lines the app wrote (message and metadata), to check that none carries personal data.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?,
                 source: String, file: String, function: String, line: UInt) {
            let all = metadata.merging(extra ?? [:]) { $1 }
            capture.append("\(level) \(message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        }
    }
}

/// A response with the body as text.
struct Page {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: String
    var bytes: [UInt8]

    var location: String? { headers[.location] }
    var setCookies: [String] { headers[values: .setCookie] }

    /// The value of a hidden input, e.g. `_csrf`.
    func hidden(_ name: String) -> String? {
        guard let r = body.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = body[r.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    func cookie(_ name: String) -> String? {
        for c in setCookies where c.hasPrefix(name + "=") {
            return String(c.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }
}

/// A browser of sorts over the test client: keeps the session cookie.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    init(_ client: any TestClientProtocol) { self.client = client }

    static func encode(_ form: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return form.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
    }

    @discardableResult
    func request(_ uri: String, method: HTTPRequest.Method = .get, form: [(String, String)]? = nil,
                 headers extra: HTTPFields = [:]) async throws -> Page {
        var headers = extra
        if !cookies.isEmpty {
            headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: Self.encode(form))
        }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
        let bytes = response.body.readableBytesView.map { $0 }
        let page = Page(status: response.status, headers: response.headers, body: String(decoding: bytes, as: UTF8.self), bytes: bytes)
        for c in page.setCookies {
            let nameValue = c.prefix { $0 != ";" }
            guard let eq = nameValue.firstIndex(of: "=") else { continue }
            let name = String(nameValue[..<eq]), value = String(nameValue[nameValue.index(after: eq)...])
            if value.isEmpty || c.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return page
    }

    @discardableResult
    func get(_ uri: String) async throws -> Page { try await request(uri) }

    /// Signs in through the login form; returns the final response of the POST.
    @discardableResult
    func login(_ name: String = "anna", password: String = WebFixture.password, next: String? = nil) async throws -> Page {
        let form = try await get("/login" + (next.map { "?next=" + $0 } ?? ""))
        let token = try XCTUnwrap(form.hidden("_login"))
        return try await request("/login", method: .post, form: [
            ("_login", token), ("next", form.hidden("next") ?? "/queue"), ("name", name), ("password", password),
        ])
    }

    /// The CSRF token from a signed-in page.
    func csrf(from uri: String = "/queue") async throws -> String {
        let page = try await get(uri)
        return try XCTUnwrap(page.hidden("_csrf"))
    }

    @discardableResult
    func post(_ uri: String, _ form: [(String, String)]) async throws -> Page {
        try await request(uri, method: .post, form: form)
    }
}

/// Where a test's registry goes: an SQLite file in `dir`, or a throwaway database on the PostgreSQL server
/// named by `$PFDO_TEST_POSTGRES` (scripts/test.sh runs these suites a second time that way).
enum TestRegistry {
    static var postgresServer: String? {
        ProcessInfo.processInfo.environment["PFDO_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func location(in dir: URL, _ name: String) throws -> (path: String, drop: () -> Void) {
        guard let server = postgresServer else { return (dir.appendingPathComponent(name).path, {}) }
        let db = try PostgresAdmin.throwawayDatabase(serverURL: server)
        return (db.url, { try? PostgresAdmin.dropDatabase(serverURL: server, name: db.name) })
    }
}

class WebTestCase: XCTestCase {
    var dir: URL!
    var store: RegistryStore!
    var dropDatabase: () -> Void = {}
    let clock = TestClock()
    let logs = LogCapture()
    /// Packet ids: 1 needs a correction before approval (first name misread), 2 can be approved as it is.
    var blockedPacket: Int64 = 0
    var readyPacket: Int64 = 0

    override func setUp() async throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("review-web-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let clock = self.clock
        let location = try TestRegistry.location(in: dir, "registry.db")
        dropDatabase = location.drop
        store = try RegistryStore(path: location.path, clock: { clock.now })
        _ = try RegistryImporter(store: store).importCSV(Data(WebFixture.registryCSV.utf8))
        let first = try store.register(WebFixture.packet("ivanova.pdf", [
            WebFixture.application(number: "40213", registry: "4217123456", last: "Иванова", first: "Алина", middle: nil,
                                   birth: "2014-03-05", review: ["child.first_name"]),
            WebFixture.consent(number: "40213", last: "Иванова", first: "Алина", middle: nil),
        ]))
        let second = try store.register(WebFixture.packet("petrov.pdf", [
            WebFixture.application(number: "7", registry: "4217654321", last: "Петров", first: "Сергей", middle: "Олегович",
                                   birth: "2012-11-17", review: ["applicant.email", "category"]),
            WebFixture.consent(number: "7", last: "Петров", first: "Сергей", middle: "Олегович"),
        ]))
        XCTAssertEqual(first.state, .review)
        XCTAssertEqual(first.reasons.map(\.code), ["registry_mismatch", "field_review"])
        XCTAssertEqual(second.state, .review)
        XCTAssertEqual(second.reasons.map(\.code), ["field_review", "unverified_fields"])
        blockedPacket = first.packetId
        readyPacket = second.packetId
        try store.addReviewer(name: "anna", passwordHash: Passwords.hash(WebFixture.password, cost: 10), actor: "test")
        try store.addReviewer(name: "boris", passwordHash: Passwords.hash(WebFixture.password, cost: 10), actor: "test")
        try store.addReviewer(name: "vera", passwordHash: Passwords.hash(WebFixture.password, cost: 10), role: .supervisor, actor: "test")
        try store.addReviewer(name: "root", passwordHash: Passwords.hash(WebFixture.password, cost: 10), role: .admin, actor: "test")
    }

    override func tearDown() async throws {
        store = nil
        try? FileManager.default.removeItem(at: dir)
        dropDatabase()
    }

    func configuration() -> ReviewConfiguration {
        let clock = self.clock, logs = self.logs
        return ReviewConfiguration(maxLoginDelay: 0.2, clock: { clock.now },
                                   logger: Logger(label: "test.review") { _ in LogCapture.Handler(capture: logs) })
    }

    /// Runs `body` against a fresh app over the test store, with a browser that has no cookies yet.
    func withApp(_ body: @escaping @Sendable (Browser) async throws -> Void) async throws {
        let app = try await buildApplication(store: store, configuration: configuration())
        try await app.test(.router) { client in
            try await body(Browser(client))
        }
    }

    func field(_ packetId: Int64, _ key: String) throws -> [FieldRecord] {
        try store.packet(id: packetId).fields.filter { $0.key == key }
    }

    func auditCount() throws -> Int { try store.auditLog().count }

    /// The packet form as the page shows it: every field box with its value, plus `extra` (ticks, edits).
    func packetForm(_ page: Page, _ extra: [(String, String)] = []) throws -> [(String, String)] {
        var form: [(String, String)] = [("_csrf", try XCTUnwrap(page.hidden("_csrf")))]
        var rest = page.body[...]
        while let r = rest.range(of: "name=\"v.") {
            let after = rest[r.upperBound...]
            guard let q = after.firstIndex(of: "\"") else { break }
            let key = String(after[..<q])
            let valueStart = after.range(of: "value=\"")!.upperBound
            let valueEnd = after[valueStart...].firstIndex(of: "\"")!
            let value = String(after[valueStart..<valueEnd]).replacingOccurrences(of: "&quot;", with: "\"")
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&amp;", with: "&")
            if !extra.contains(where: { $0.0 == "v." + key }) { form.append(("v." + key, value)) }
            rest = after[valueEnd...]
        }
        return form + extra
    }
}
