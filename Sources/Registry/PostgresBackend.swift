import Foundation
import GRDB
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL registry lives, parsed from `postgres://user[:password]@host[:port]/dbname[?sslmode=…]`
/// (`postgresql://` too). The password may also come from `$PGPASSWORD`. `display` never holds the password.
public struct PostgresLocation: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var user: String
    var password: String?
    public var database: String
    public var sslMode: String

    public static func isURL(_ s: String) -> Bool {
        s.hasPrefix("postgres://") || s.hasPrefix("postgresql://")
    }

    public init(url: String) throws {
        guard let c = URLComponents(string: url), let scheme = c.scheme, scheme == "postgres" || scheme == "postgresql" else {
            throw RegistryError.cannotOpen(path: Self.redact(url), detail: "not a postgres://user@host/dbname address")
        }
        host = c.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        port = c.port ?? 5432
        user = c.user.flatMap { $0.removingPercentEncoding } ?? ProcessInfo.processInfo.environment["PGUSER"]
            ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        password = c.password.flatMap { $0.removingPercentEncoding } ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
        let name = String(c.path.drop { $0 == "/" })
        guard !name.isEmpty else {
            throw RegistryError.cannotOpen(path: Self.redact(url), detail: "the address names no database (postgres://user@host/dbname)")
        }
        database = name.removingPercentEncoding ?? name
        sslMode = c.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        guard ["disable", "prefer", "require", "allow"].contains(sslMode) else {
            throw RegistryError.cannotOpen(path: Self.redact(url), detail: "sslmode must be disable, prefer or require")
        }
    }

    /// The address without the password, for messages and `doctor`.
    public var display: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    static func redact(_ url: String) -> String {
        guard var c = URLComponents(string: url) else { return "postgres://…" }
        if c.password != nil { c.password = "***" }
        return c.string ?? "postgres://…"
    }

    func configuration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require": tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default:
            // Like libpq's "prefer": TLS when the server offers it, without checking the certificate.
            var config = TLSConfiguration.makeClientConfiguration()
            config.certificateVerification = .none
            tls = .prefer(try NIOSSLContext(configuration: config))
        }
        var c = PostgresConnection.Configuration(host: host, port: port, username: user, password: password,
                                                 database: database, tls: tls)
        c.options.connectTimeout = .seconds(10)
        return c
    }
}

/// One connection taken from the backend for a transaction: runs statements synchronously (the registry's
/// API is synchronous, like SQLite's) by waiting on the driver's futures, never on an event-loop thread.
final class PostgresSession {
    let connection: PostgresConnection
    let logger: Logger

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    struct Result {
        var columns: [String]
        var rows: [[DatabaseValue]]
        var changes: Int
    }

    /// A statement with `?`/`?N` parameters; without arguments several statements may be sent at once.
    @discardableResult
    func execute(_ sql: String, _ values: [DatabaseValue]) throws -> Int {
        if values.isEmpty, sql.contains(";") {
            // The extended protocol takes one statement at a time.
            var changes = 0
            for statement in Self.statements(sql) { changes = try fetch(statement, [], decodeRows: false).changes }
            return changes
        }
        return try fetch(sql, values, decodeRows: false).changes
    }

    func fetch(_ sql: String, _ values: [DatabaseValue], decodeRows: Bool = true) throws -> Result {
        var binds = PostgresBindings(capacity: values.count)
        for v in values {
            switch v.storage {
            case .null: binds.appendNull()
            case let .int64(i): binds.append(i)
            case let .double(d): binds.append(d)
            case let .string(s): binds.append(s)
            case let .blob(data): binds.append(ByteBuffer(bytes: data))
            }
        }
        let query = PostgresQuery(unsafeSQL: Self.numberedParameters(sql), binds: binds)
        let result: PostgresQueryResult
        do {
            result = try connection.query(query, logger: logger).wait()
        } catch {
            // The statement's text (never its arguments), for whoever debugs the SQL.
            logger.debug("statement failed", metadata: ["sql": "\(query.sql)"])
            if ProcessInfo.processInfo.environment["PFDO_DEBUG_SQL"] != nil {
                FileHandle.standardError.write(Data("statement failed: \(query.sql)\n".utf8))
            }
            throw error
        }
        var columns: [String] = []
        var rows: [[DatabaseValue]] = []
        rows.reserveCapacity(result.rows.count)
        for row in result.rows where decodeRows {
            var values: [DatabaseValue] = []
            for cell in row {
                if rows.isEmpty { columns.append(cell.columnName) }
                values.append(try Self.value(of: cell))
            }
            rows.append(values)
        }
        return Result(columns: columns, rows: rows, changes: result.metadata.rows ?? 0)
    }

    /// The statements of a script separated by `;` (outside quotes), without empty ones.
    static func statements(_ sql: String) -> [String] {
        var out: [String] = [], current = ""
        var quote: Character?
        for c in sql {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == ";" {
                out.append(current)
                current = ""
                continue
            }
            current.append(c)
        }
        out.append(current)
        return out.filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    /// `?` → `$1, $2, …` in order, `?N` → `$N`; question marks inside quoted strings and identifiers stay.
    static func numberedParameters(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.count + 16)
        var next = 1
        var quote: Character?
        var chars = Array(sql)[...]
        while let c = chars.popFirst() {
            if let q = quote {
                out.append(c)
                if c == q { quote = nil }
                continue
            }
            if c == "'" || c == "\"" {
                quote = c
                out.append(c)
            } else if c == "?" {
                var digits = ""
                while let d = chars.first, d.isASCII, d.isNumber { digits.append(d); chars.removeFirst() }
                if digits.isEmpty {
                    out += "$\(next)"
                    next += 1
                } else {
                    out += "$" + digits
                }
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// A PostgreSQL cell as the SQLite storage class GRDB would have read: integers, reals, text, blobs.
    static func value(of cell: PostgresCell) throws -> DatabaseValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2: return try Int64(cell.decode(Int16.self)).databaseValue
        case .int4: return try Int64(cell.decode(Int32.self)).databaseValue
        case .int8: return try cell.decode(Int64.self).databaseValue
        case .bool: return try (cell.decode(Bool.self) ? 1 : 0).databaseValue
        case .float4: return try Double(cell.decode(Float.self)).databaseValue
        case .float8: return try cell.decode(Double.self).databaseValue
        case .numeric:
            let d = try cell.decode(Decimal.self)
            let n = NSDecimalNumber(decimal: d)
            if d == Decimal(n.int64Value) { return n.int64Value.databaseValue }
            return n.doubleValue.databaseValue
        case .bytea:
            var buffer = cell.bytes!
            return Data(buffer.readBytes(length: buffer.readableBytes) ?? []).databaseValue
        default:
            return try cell.decode(String.self).databaseValue
        }
    }
}

/// The PostgreSQL side of a `RegistryStore`: a small pool of connections and transactions that behave as the
/// SQLite store's do. Writers take one transaction-scoped advisory lock, so that they follow each other exactly
/// as SQLite's single writer does (the registration rules read, decide and write in one transaction); readers
/// see one consistent snapshot. Unique constraints still guard every "exactly once".
final class PostgresBackend: @unchecked Sendable {
    let location: PostgresLocation
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    private let lock = NSLock()
    private var idle: [PostgresConnection] = []
    private var nextID = 1
    /// The advisory lock key of the registry's writers ("pfdo" in ASCII).
    static let writerLock: Int64 = 0x7066_646F

    init(location: PostgresLocation) throws {
        self.location = location
        configuration = try location.configuration()
        var logger = Logger(label: "pfdo.postgres")
        logger.logLevel = .warning
        self.logger = logger
    }

    deinit {
        for c in idle { c.close().whenComplete { _ in _ = c } }
    }

    private func take() throws -> PostgresConnection {
        lock.lock()
        if let c = idle.popLast() {
            lock.unlock()
            if !c.isClosed { return c }
            return try take()
        }
        let id = nextID
        nextID += 1
        lock.unlock()
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        return try PostgresConnection.connect(on: loop, configuration: configuration, id: id, logger: logger).wait()
    }

    private func give(_ c: PostgresConnection) {
        guard !c.isClosed else { return }
        lock.lock()
        if idle.count < 8 { idle.append(c); lock.unlock() } else { lock.unlock(); c.close().whenComplete { _ in _ = c } }
    }

    /// Runs `body` on a connection of its own, outside any transaction (the queue's short statements).
    func withSession<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        let c = try take()
        let session = PostgresSession(connection: c, logger: logger)
        do {
            let out = try body(session)
            give(c)
            return out
        } catch {
            // A failed statement outside a transaction leaves the connection usable.
            give(c)
            throw error
        }
    }

    /// Runs `body` in one transaction: a writer's holds the writers' lock (unless `lockWriters` is false: the
    /// queue's short updates); a reader's sees one snapshot.
    func transaction<T>(write: Bool, lockWriters: Bool = true, _ body: (SQLDB) throws -> T) throws -> T {
        let c = try take()
        let session = PostgresSession(connection: c, logger: logger)
        // BEGIN, the lock and COMMIT are round trips too: counted with the statements.
        func control(_ sql: String) throws { try DatabaseMeter.measure { _ = try session.execute(sql, []) } }
        do {
            var locked: UInt64?
            if write {
                try control("BEGIN")
                if lockWriters {
                    try control("SELECT pg_advisory_xact_lock(\(Self.writerLock))")
                    locked = DispatchTime.now().uptimeNanoseconds
                }
            } else {
                try control("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            }
            let out = try body(SQLDB(.postgres(session)))
            try control("COMMIT")
            if let locked { DatabaseMeter.addSerialized(Double(DispatchTime.now().uptimeNanoseconds - locked) / 1e9) }
            give(c)
            return out
        } catch {
            if (try? session.execute("ROLLBACK", [])) != nil { give(c) } else { c.close().whenComplete { _ in _ = c } }
            throw error
        }
    }

    /// Applies the registry's migrations not yet applied, in order, each in a writer's transaction, and refuses
    /// a database that holds tables of something else.
    func migrate() throws {
        try transaction(write: true) { db in
            let tables = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()
                """) ?? 0
            let ours = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM information_schema.tables
                               WHERE table_schema = current_schema() AND table_name = 'pfdo_migrations')
                """) ?? false
            if tables > 0, !ours { throw RegistryError.notADatabase(path: location.display) }
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS pfdo_migrations (identifier TEXT PRIMARY KEY NOT NULL)")
            let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM pfdo_migrations"))
            for m in Schema.migrations where !applied.contains(m.name) {
                try db.execute(sql: Schema.postgres(m.sql))
                try db.execute(sql: "INSERT INTO pfdo_migrations (identifier) VALUES (?)", arguments: [m.name])
            }
        }
    }

    /// Whether `error` is a unique or other constraint violation (a concurrent writer stored it first).
    static func isConstraintViolation(_ error: Error) -> Bool {
        guard let e = error as? PSQLError, let state = e.serverInfo?[.sqlState] else { return false }
        return state.hasPrefix("23")
    }

    /// A short description for messages: the server's own message and SQLSTATE, never statement arguments.
    static func describe(_ error: Error) -> String? {
        guard let e = error as? PSQLError else { return nil }
        if let info = e.serverInfo {
            return "PostgreSQL error \(info[.sqlState] ?? "?"): \(info[.message] ?? "unknown")"
        }
        switch e.code {
        case .connectionError, .serverClosedConnection: return "cannot connect to the PostgreSQL server"
        default: return "PostgreSQL: \(e.code)"
        }
    }
}

/// Creating and dropping whole databases on a PostgreSQL server (the test suites and the benchmark make one
/// throwaway registry per run).
public enum PostgresAdmin {
    /// Creates the database `name` (letters, digits, `_`) on the server of `serverURL` and returns its address.
    public static func createDatabase(serverURL: String, name: String) throws -> String {
        try run(serverURL, "CREATE DATABASE \(try identifier(name))")
        guard var c = URLComponents(string: serverURL) else { throw RegistryError.cannotOpen(path: "postgres://…", detail: "bad address") }
        c.path = "/" + name
        return c.string!
    }

    /// A new database with a random name (`t_…`) on the server of `serverURL`: its name and address.
    public static func throwawayDatabase(serverURL: String) throws -> (name: String, url: String) {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return (name, try createDatabase(serverURL: serverURL, name: name))
    }

    /// Drops the database `name`, disconnecting its sessions first.
    public static func dropDatabase(serverURL: String, name: String) throws {
        try run(serverURL, "DROP DATABASE IF EXISTS \(try identifier(name)) WITH (FORCE)")
    }

    private static func identifier(_ name: String) throws -> String {
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw RegistryError.invalidOperation("a database name is letters, digits and _")
        }
        return name
    }

    private static func run(_ serverURL: String, _ sql: String) throws {
        let backend = try PostgresBackend(location: PostgresLocation(url: serverURL))
        do {
            try backend.withSession { session in _ = try session.execute(sql, []) }
        } catch {
            throw RegistryError.database(detail: PostgresBackend.describe(error) ?? "\(error)")
        }
    }
}
