import Foundation

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
            return "cannot open the registry database \(path): \(detail). Check that the folder exists and is writable, or pass another file with --db."
        case let .database(detail):
            return "database error: \(detail). If another process holds the database for long, retry; if the file is damaged, restore it from a backup."
        case let .unreadableFile(path):
            return "cannot read \(path): check the path and its permissions."
        case let .unsupportedFormat(what):
            return "\(what) is not supported: save the sheet as CSV (UTF-8, comma or semicolon separated) and import that file."
        case .unsupportedEncoding:
            return "the file is not UTF-8, UTF-16 or Windows-1251 text: save it as CSV UTF-8 and import it again."
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
}
