import Foundation
import GRDB
import IntakeModel

/// Every failure of the registry module. Messages name the remedy and never carry personal values
/// (names, dates of birth, documents, contacts): only ids, field keys, codes and counts.
public enum RegistryError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The database file cannot be opened or migrated.
    case cannotOpen(path: String, detail: String)
    /// A database operation failed (SQLite message, statement arguments withheld).
    case database(detail: String)
    /// The import file cannot be read.
    case unreadableFile(path: String)
    /// The import file is in a format the importer does not read (XLSX, ...).
    case unsupportedFormat(String)
    /// The import file is not UTF-8, UTF-16 or Windows-1251 text.
    case unsupportedEncoding
    /// The CSV file ends inside a quoted value opened in record `row` on line `line`: nothing is imported.
    case unterminatedQuote(row: Int, line: Int)
    /// Another process holds the database for longer than the busy timeout.
    case locked(path: String)
    /// The disk (or the file system's quota) holding the database is full.
    case diskFull(path: String)
    /// The file is not a pfdo-intake database (not SQLite, or SQLite without this program's tables).
    case notADatabase(path: String)
    /// The database file is damaged.
    case damaged(path: String, detail: String)
    /// A stored page image no longer matches the hash recorded when it was stored.
    case imageDamaged(pageId: Int64)
    /// The CSV header lacks required columns.
    case missingColumns([String])
    /// A packet without documents was given to `register`.
    case emptyPacket
    /// No packet with this id.
    case packetNotFound(Int64)
    /// No registry entry (and no packet) with the given number.
    case entryNotFound
    /// The action is not allowed in the packet's state.
    case invalidState(packetId: Int64, state: PacketState, action: String)
    /// `approve` found problems a reviewer's approval cannot override.
    case approvalBlocked(packetId: Int64, reasons: [PacketReason])
    /// A corrected value has the wrong format for its field.
    case invalidValue(key: String, expected: String)
    /// A packet operation that cannot be done as asked (the message says why).
    case invalidOperation(String)
    /// Several corrected values break their fields' rules (nothing was saved).
    case invalidValues([InvalidField])
    /// A page id given for a correction does not belong to the packet.
    case pageNotInPacket(packetId: Int64, pageId: Int64)

    public var description: String {
        switch self {
        case let .cannotOpen(path, detail):
            if PostgresLocation.isURL(path) {
                return "cannot open the registry database \(printable(path)): \(detail). Check that the server runs, the database exists (createdb) and the user may connect to it, or pass another --db."
            }
            return "cannot open the registry database \(printable(path)): \(detail). Check that the folder exists and is writable, or pass another file with --db."
        case let .database(detail):
            return "database error: \(detail). The step in progress was not written; run the same command again."
        case let .unreadableFile(path):
            return "cannot read \(printable(path)): check the path and its permissions."
        case let .unsupportedFormat(what):
            return "\(what) is not supported: save the sheet as CSV (UTF-8, comma or semicolon separated) and import that file."
        case .unsupportedEncoding:
            return "the file is not UTF-8, UTF-16 or Windows-1251 text: save it as CSV UTF-8 and import it again."
        case let .unterminatedQuote(row, line):
            return "row \(row) (line \(line)) opens a quoted value that is never closed, so the file ends inside quotes and every later row would be swallowed: nothing was imported. Close the quote (a quote inside a value is doubled) and import again."
        case let .locked(path):
            return "the registry database \(printable(path)) is locked by another process (an ingest, import or review using it): wait for it to finish or stop it, then run the same command again."
        case let .diskFull(path):
            return "the disk holding the registry database \(printable(path)) is full: the step in progress was not written. Free some space and run the same command again; nothing already stored is lost."
        case let .notADatabase(path):
            return "\(printable(path)) is not a pfdo-intake database: give --db the database file (created by pfdo-intake on first use), not an input file."
        case let .damaged(path, detail):
            return "the registry database \(printable(path)) is damaged (\(detail)): restore it from a backup (nothing was changed)."
        case let .imageDamaged(pageId):
            return "the stored image of page \(pageId) does not match the hash recorded when it was stored (the database file is damaged): restore the database from a backup."
        case let .missingColumns(columns):
            return "the header lacks the column(s) \(columns.joined(separator: ", ")): the first row must name the columns (registry_number, last_name, first_name, middle_name, birth_date, category, municipality, status, or their Russian names)."
        case .emptyPacket:
            return "the packet has no documents: group the pages with PacketGrouper and register non-empty packets."
        case let .packetNotFound(id):
            return "no packet with id \(id): list packets with the review queue or `registry status`."
        case .entryNotFound:
            return "no registry entry or packet with the given number: check the number, or import the regional registry export first (`registry import`)."
        case let .invalidState(id, state, action):
            return "packet \(id) is \(state.rawValue): \(action) applies only to packets in review."
        case let .approvalBlocked(id, reasons):
            let list = reasons.map { "\($0.code) (\($0.message))" }.joined(separator: "; ")
            return "packet \(id) cannot be approved yet: \(list). Correct the fields, attach the missing document or reject the packet."
        case let .invalidValue(key, expected):
            return "the value for \(key) is not valid: expected \(expected)."
        case let .invalidOperation(why):
            return "not done: \(why)."
        case let .invalidValues(list):
            return "nothing was saved: " + list.map { "\($0.key) must be \($0.expected)" }.joined(separator: "; ") + "."
        case let .pageNotInPacket(packetId, pageId):
            return "page \(pageId) is not part of packet \(packetId): pick a page of that packet."
        }
    }

    public var errorDescription: String? { description }

    /// An error of the environment (the database file or its disk), as opposed to bad input: exit code 3.
    public var isEnvironment: Bool {
        switch self {
        case .cannotOpen, .database, .locked, .diskFull, .notADatabase, .damaged, .imageDamaged: return true
        default: return false
        }
    }

    /// The registry error for a failure of SQLite (or PostgreSQL: its server message) on the database at `path`: locked, full, not a database,
    /// damaged, else the SQLite message (statement arguments withheld).
    static func from(_ error: Error, path: String, opening: Bool = false) -> RegistryError {
        if let e = error as? RegistryError { return e }
        guard let e = error as? DatabaseError else {
            let detail = RegistryStore.describe(error)
            return opening ? .cannotOpen(path: path, detail: detail) : .database(detail: detail)
        }
        let detail = RegistryStore.describe(e)
        switch e.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .locked(path: path)
        case .SQLITE_FULL: return .diskFull(path: path)
        case .SQLITE_NOTADB: return .notADatabase(path: path)
        case .SQLITE_CORRUPT: return .damaged(path: path, detail: detail)
        default: return opening ? .cannotOpen(path: path, detail: detail) : .database(detail: detail)
        }
    }
}
