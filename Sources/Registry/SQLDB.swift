import Foundation
import GRDB

/// Which SQL engine a store speaks to. The registry's statements are written once, in the subset both engines
/// share (`?` parameters, `INSERT … RETURNING`, `ON CONFLICT … DO UPDATE`, `substr`, `COALESCE`); the few
/// places where they differ (JSON lists, time arithmetic) ask `SQLDB.dialect`.
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}

/// Statement arguments for either engine: the values as GRDB's `DatabaseValue` (null, integer, real, text,
/// blob), which both engines bind the same way. Written as an array literal at the call site.
struct SQLArguments: ExpressibleByArrayLiteral {
    var values: [DatabaseValue]

    init(arrayLiteral elements: (any DatabaseValueConvertible)?...) {
        values = elements.map { $0?.databaseValue ?? .null }
    }

    init(_ elements: [(any DatabaseValueConvertible)?]) {
        values = elements.map { $0?.databaseValue ?? .null }
    }

    init<S: Sequence>(_ elements: S) where S.Element: DatabaseValueConvertible {
        values = elements.map(\.databaseValue)
    }

    static func + (a: SQLArguments, b: SQLArguments) -> SQLArguments {
        var out = a
        out.values += b.values
        return out
    }

    var grdb: StatementArguments { StatementArguments(values) }
}

/// Statements this process sent to the registry's database and the seconds it waited for them (both engines),
/// so that a worker can report the database's cost per page.
public enum DatabaseMeter {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var statements = 0
    nonisolated(unsafe) private static var seconds = 0.0
    nonisolated(unsafe) private static var serialized = 0.0

    /// Statements, seconds waited for them, and seconds spent holding the registry's writer lock (the part of
    /// the work that no second worker can do at the same time).
    public static func snapshot() -> (statements: Int, seconds: Double, serializedSeconds: Double) {
        lock.lock(); defer { lock.unlock() }
        return (statements, seconds, serialized)
    }

    static func addSerialized(_ s: Double) {
        lock.lock(); serialized += s; lock.unlock()
    }

    static func measure<T>(_ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            lock.lock(); statements += 1; seconds += elapsed; lock.unlock()
        }
        return try body()
    }
}

/// One connection of a store inside a transaction (or a read), on either engine. Every statement of the
/// registry goes through it; rows come back as GRDB `Row`s, so that the records decode the same way from both.
final class SQLDB {
    enum Connection {
        case sqlite(Database)
        case postgres(PostgresSession)
    }

    let connection: Connection
    private var postgresChanges = 0

    init(_ connection: Connection) {
        self.connection = connection
    }

    var dialect: SQLDialect {
        switch connection {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changesCount: Int {
        switch connection {
        case let .sqlite(db): db.changesCount
        case .postgres: postgresChanges
        }
    }

    /// Runs one statement (or, without arguments, several separated by `;`).
    func execute(sql: String, arguments: SQLArguments = []) throws {
        try DatabaseMeter.measure { try run(sql: sql, arguments: arguments) }
    }

    private func run(sql: String, arguments: SQLArguments) throws {
        switch connection {
        case let .sqlite(db):
            try db.execute(sql: sql, arguments: arguments.grdb)
        case let .postgres(session):
            postgresChanges = try session.execute(sql, arguments.values)
        }
    }

    func fetchRows(sql: String, arguments: SQLArguments = []) throws -> [Row] {
        try DatabaseMeter.measure { try rows(sql: sql, arguments: arguments) }
    }

    private func rows(sql: String, arguments: SQLArguments) throws -> [Row] {
        switch connection {
        case let .sqlite(db):
            return try Row.fetchAll(db, sql: sql, arguments: arguments.grdb)
        case let .postgres(session):
            let result = try session.fetch(sql, arguments.values)
            postgresChanges = result.changes
            return result.rows.map { values in
                // GRDB finds a column by name case-insensitively, the leftmost of equal names first.
                var dictionary: [String: (any DatabaseValueConvertible)?] = [:]
                for (name, value) in zip(result.columns, values).reversed() { dictionary[name] = value }
                return Row(dictionary)
            }
        }
    }

    /// The first column of every row.
    func fetchFirstColumn(sql: String, arguments: SQLArguments = []) throws -> [DatabaseValue] {
        try DatabaseMeter.measure { try firstColumn(sql: sql, arguments: arguments) }
    }

    private func firstColumn(sql: String, arguments: SQLArguments) throws -> [DatabaseValue] {
        switch connection {
        case let .sqlite(db):
            return try Row.fetchAll(db, sql: sql, arguments: arguments.grdb).map { $0[0] as DatabaseValue }
        case let .postgres(session):
            let result = try session.fetch(sql, arguments.values)
            postgresChanges = result.changes
            return result.rows.map { $0.first ?? .null }
        }
    }

    /// Runs an INSERT into a table with an `id` key and returns the new row's id.
    func insertReturningID(sql: String, arguments: SQLArguments = []) throws -> Int64 {
        guard let id = try Int64.fetchOne(self, sql: sql + " RETURNING id", arguments: arguments) else {
            throw RegistryError.database(detail: "an insert returned no id")
        }
        return id
    }

    // MARK: - What the two dialects write differently

    /// `IN (…)` over a list of values bound one parameter each (an empty list matches nothing).
    static func inList(_ count: Int) -> String {
        count == 0 ? "(NULL)" : "(" + Array(repeating: "?", count: count).joined(separator: ", ") + ")"
    }

    /// A subquery over the integers of a JSON array bound at `parameter` (`?` or `?N`), for `x IN (…)`.
    func jsonIntegers(_ parameter: String = "?") -> String {
        switch dialect {
        case .sqlite: "SELECT value FROM json_each(\(parameter))"
        case .postgres: "SELECT value::bigint FROM json_array_elements_text(\(parameter)::json) AS value"
        }
    }

    /// A subquery over the strings of a JSON array bound at `parameter`, for `x IN (…)`.
    func jsonStrings(_ parameter: String = "?") -> String {
        switch dialect {
        case .sqlite: "SELECT value FROM json_each(\(parameter))"
        case .postgres: "SELECT value FROM json_array_elements_text(\(parameter)::json) AS value"
        }
    }

    /// A condition true when the JSON array of objects in `column` has one whose `code` is the next parameter.
    func jsonArrayHasCode(_ column: String, parameter: String = "?") -> String {
        switch dialect {
        case .sqlite:
            "EXISTS (SELECT 1 FROM json_each(\(column)) WHERE json_extract(json_each.value, '$.code') = \(parameter))"
        case .postgres:
            "EXISTS (SELECT 1 FROM json_array_elements(\(column)::json) AS e WHERE e->>'code' = \(parameter))"
        }
    }

    /// The text member `key` of the JSON object in `column`.
    func jsonText(_ column: String, key: String) -> String {
        switch dialect {
        case .sqlite: "json_extract(\(column), '$.\(key)')"
        case .postgres: "(\(column)::json->>'\(key)')"
        }
    }

    /// Seconds from timestamp column `a` to `b` (both stored as text `YYYY-MM-DD HH:MM:SS.SSS`, UTC).
    func secondsBetween(_ a: String, _ b: String) -> String {
        switch dialect {
        case .sqlite: "((julianday(\(b)) - julianday(\(a))) * 86400.0)"
        case .postgres: "EXTRACT(EPOCH FROM (\(b)::timestamp - \(a)::timestamp))::float8"
        }
    }
}

// MARK: - Fetching typed values and records, as GRDB's own requests do

extension DatabaseValueConvertible {
    static func fetchAll(_ db: SQLDB, sql: String, arguments: SQLArguments = []) throws -> [Self] {
        try db.fetchFirstColumn(sql: sql, arguments: arguments).compactMap { Self.fromDatabaseValue($0) }
    }

    static func fetchOne(_ db: SQLDB, sql: String, arguments: SQLArguments = []) throws -> Self? {
        try db.fetchFirstColumn(sql: sql, arguments: arguments).first.flatMap { Self.fromDatabaseValue($0) }
    }
}

extension Optional where Wrapped: DatabaseValueConvertible {
    static func fetchAll(_ db: SQLDB, sql: String, arguments: SQLArguments = []) throws -> [Wrapped?] {
        try db.fetchFirstColumn(sql: sql, arguments: arguments).map { Wrapped.fromDatabaseValue($0) }
    }
}

extension FetchableRecord {
    static func fetchAll(_ db: SQLDB, sql: String, arguments: SQLArguments = []) throws -> [Self] {
        try db.fetchRows(sql: sql, arguments: arguments).map { try Self(row: $0) }
    }

    static func fetchOne(_ db: SQLDB, sql: String, arguments: SQLArguments = []) throws -> Self? {
        try db.fetchRows(sql: sql, arguments: arguments).first.map { try Self(row: $0) }
    }
}

/// A record stored in one table under a one-column primary key.
protocol KeyedRecord: FetchableRecord, TableRecord {
    static var keyColumn: String { get }
}

extension KeyedRecord {
    static func fetchOne(_ db: SQLDB, key: some DatabaseValueConvertible) throws -> Self? {
        try fetchOne(db, sql: "SELECT * FROM \(databaseTableName) WHERE \(keyColumn) = ?", arguments: [key])
    }
}

extension Row {
    static func fetchAll(_ db: SQLDB, sql: String, arguments: SQLArguments = []) throws -> [Row] {
        try db.fetchRows(sql: sql, arguments: arguments)
    }

    static func fetchOne(_ db: SQLDB, sql: String, arguments: SQLArguments = []) throws -> Row? {
        try db.fetchRows(sql: sql, arguments: arguments).first
    }
}
