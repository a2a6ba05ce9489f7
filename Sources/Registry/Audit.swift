import Foundation
import GRDB

/// A value in an audit detail: ids, counts, codes and field keys only.
enum AuditValue: Encodable {
    case int(Int64)
    case string(String)
    case strings([String])
    case ints([Int64])
    case bool(Bool)

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case let .int(v): try c.encode(v)
        case let .string(v): try c.encode(v)
        case let .strings(v): try c.encode(v)
        case let .ints(v): try c.encode(v)
        case let .bool(v): try c.encode(v)
        }
    }
}

/// Audit actions.
public enum AuditAction {
    public static let packetCreated = "packet_created"
    public static let documentsAttached = "documents_attached"
    public static let queuedForReview = "queued_for_review"
    public static let reviewUpdated = "review_updated"
    public static let activated = "activated"
    public static let fieldCorrected = "field_corrected"
    public static let fieldConfirmed = "field_confirmed"
    public static let approvalRequested = "approval_requested"
    public static let pageReclassified = "page_reclassified"
    public static let pagesMoved = "pages_moved"
    public static let packetSplit = "packet_split"
    public static let approved = "approved"
    public static let rejected = "rejected"
    public static let consentRevoked = "consent_revoked"
    public static let registryImported = "registry_imported"
}

enum Audit {
    static func write(_ db: SQLDB, at: Date, actor: String, action: String, packetId: Int64? = nil,
                      registryNumber: String? = nil, detail: [String: AuditValue] = [:]) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let json = String(decoding: try enc.encode(detail), as: UTF8.self)
        try db.execute(
            sql: "INSERT INTO audit (at, actor, action, packet_id, registry_number, detail) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [at, actor, action, packetId, registryNumber, json])
    }
}

enum JSONText {
    static func encode<T: Encodable>(_ value: T) -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        return (try? enc.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
