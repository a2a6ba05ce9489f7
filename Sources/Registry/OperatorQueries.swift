import Foundation
import GRDB
import IntakeModel

// Read-only views for the operator's command line: the review queue with its files and doubted
// fields, one packet field by field beside the other form and the registry, counts for warnings.

/// One packet waiting in review, with what an operator needs to find it on the desk: the queue item
/// (encoded flat, its keys beside these) plus its files and doubted fields.
public struct QueueListing: Encodable, Hashable, Sendable {
    public var item: QueueItem
    /// The packet's file names (nil for a name deleted by a consent revocation).
    public var files: [String?]
    /// Field keys a reason names or the machine marked for review, in order of first mention.
    public var doubtedFields: [String]

    enum CodingKeys: String, CodingKey { case files, doubtedFields = "doubted_fields" }

    public func encode(to encoder: Encoder) throws {
        try item.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(files, forKey: .files)
        try c.encode(doubtedFields, forKey: .doubtedFields)
    }
}

/// A packet field by field, for `packet show`.
public struct PacketOverview: Codable, Hashable, Sendable {
    public struct Document: Codable, Hashable, Sendable {
        public var fileName: String?
        public var pages: Int
        public var sha256: String
        enum CodingKeys: String, CodingKey { case fileName = "file_name", pages, sha256 }
    }

    /// One field key across the packet: the value on its main form (the application, else the consent),
    /// the other form's value and the registry entry's value where the registry holds one.
    public struct Field: Codable, Hashable, Sendable {
        public var key: String
        public var form: FormKind
        public var value: String?
        /// ok, review, missing, or: confirmed (a reviewer kept the machine's value), corrected (changed it).
        public var status: String
        /// Why the machine doubts it: the field's own note, else the packet reasons naming it.
        public var reason: String?
        /// Reason codes of the packet that name this field.
        public var reasonCodes: [String]
        public var otherFormValue: String?
        public var registryValue: String?
        public var confidence: Double
        /// The code of the machine's doubt behind `reason` (`Labels.doubts` names it in Russian), if any.
        public var doubt: String?

        enum CodingKeys: String, CodingKey {
            case key, form, value, status, reason, reasonCodes = "reason_codes"
            case otherFormValue = "other_form_value", registryValue = "registry_value", confidence, doubt
        }
    }

    public var packetId: Int64
    public var state: PacketState
    public var applicationNumber: String?
    public var registryNumber: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var reasons: [PacketReason]
    public var documents: [Document]
    /// Whether the registry number is in the imported registry.
    public var registryEntryFound: Bool
    public var fields: [Field]

    enum CodingKeys: String, CodingKey {
        case packetId = "packet_id", state, applicationNumber = "application_number"
        case registryNumber = "registry_number", createdAt = "created_at", updatedAt = "updated_at", reasons
        case documents, registryEntryFound = "registry_entry_found", fields
    }
}

/// Counts for the operator's warnings and `doctor`.
public struct RegistryCounts: Codable, Hashable, Sendable {
    public var entries: Int
    public var activated: Int
    public var packets: Int
    public var inReview: Int
    public var rejected: Int
    public var reviewers: Int

    enum CodingKeys: String, CodingKey {
        case entries, activated, packets, inReview = "in_review", rejected, reviewers
    }
}

/// How a field taken from paper stands after review.
public enum PaperStatus {
    /// `corrected` when a reviewer changed the machine's reading, `confirmed` when they confirmed it, else the
    /// machine's status; a field a packet reason names stays `review` while the packet waits.
    public static func of(_ field: FieldRecord, doubted: Bool) -> String {
        if field.isCorrected { return "corrected" }
        if field.isConfirmed { return "confirmed" }
        if doubted && field.status == .ok { return FieldStatus.review.rawValue }
        return field.status.rawValue
    }
}

extension RegistryStore {
    /// Packets in review, oldest first (optionally only those with a reason code), with files and doubted fields.
    public func reviewQueue(reason: String? = nil) throws -> [QueueListing] {
        let items = try queue(reason: reason)
        return try read { db in
            try items.map { item in
                let files = try String?.fetchAll(db, sql: "SELECT file_name FROM document WHERE packet_id = ? ORDER BY id",
                                                 arguments: [item.packetId])
                let review = try String.fetchAll(db, sql: "SELECT key FROM field WHERE packet_id = ? AND status = 'review' GROUP BY key ORDER BY MIN(id)",
                                                 arguments: [item.packetId])
                return QueueListing(item: item, files: files,
                                    doubtedFields: Self.ordered(item.reasons.flatMap { $0.fields ?? [] } + review))
            }
        }
    }

    static func ordered(_ keys: [String]) -> [String] {
        var seen = Set<String>()
        return keys.filter { seen.insert($0).inserted }
    }

    /// One packet field by field: value, status, reason, the other form's value and the registry's value.
    public func packetOverview(id: Int64) throws -> PacketOverview {
        try read { db in
            let d = try self.detail(db, id)
            let entry = try d.packet.registryNumber.flatMap { try RegistryEntry.fetchOne(db, key: $0) }
            let formOf = Dictionary(uniqueKeysWithValues: d.pages.map { ($0.id, $0.form) })
            let rank: [FormKind: Int] = [.application: 0, .consent: 1, .unknown: 2]
            var byKey: [String: [FieldRecord]] = [:]
            var keys: [String] = []
            for f in d.fields {
                if byKey[f.key] == nil { keys.append(f.key) }
                byKey[f.key, default: []].append(f)
            }
            let reasonsByKey = Dictionary(grouping: d.packet.reasons.flatMap { r in (r.fields ?? []).map { ($0, r) } }, by: \.0)
                .mapValues { $0.map(\.1) }
            keys.sort { (Labels.fieldOrder($0), $0) < (Labels.fieldOrder($1), $1) }
            let fields: [PacketOverview.Field] = keys.map { key in
                let all = byKey[key]!.sorted { (rank[formOf[$0.pageId] ?? .unknown] ?? 2) < (rank[formOf[$1.pageId] ?? .unknown] ?? 2) }
                let main = all[0]
                let mainForm = formOf[main.pageId] ?? .unknown
                let other = all.dropFirst().first { formOf[$0.pageId] != mainForm }
                let named = reasonsByKey[key] ?? []
                let doubted = d.packet.state == .review && !named.isEmpty
                let noted = all.first { $0.status == .review && $0.reason != nil } ?? main
                return PacketOverview.Field(
                    key: key, form: mainForm, value: main.value,
                    status: PaperStatus.of(main, doubted: doubted),
                    reason: noted.reason ?? (named.isEmpty ? nil : named.map(\.message).joined(separator: "; ")),
                    reasonCodes: Self.ordered(named.map(\.code)),
                    otherFormValue: other?.value, registryValue: entry.flatMap { Self.registryValue(key, $0) },
                    confidence: main.confidence, doubt: noted.reason == nil ? nil : noted.doubt)
            }
            return PacketOverview(
                packetId: d.packet.id, state: d.packet.state, applicationNumber: d.packet.applicationNumber,
                registryNumber: d.packet.registryNumber, createdAt: d.packet.createdAt, updatedAt: d.packet.updatedAt,
                reasons: d.packet.reasons,
                documents: d.documents.map { .init(fileName: $0.fileName, pages: $0.pageCount, sha256: $0.sha256) },
                registryEntryFound: entry != nil, fields: fields)
        }
    }

    /// The registry entry's value for a form field, for the fields the registry holds.
    static func registryValue(_ key: String, _ e: RegistryEntry) -> String? {
        switch key {
        case "registry_number": return e.registryNumber
        case "child.last_name": return e.lastName
        case "child.first_name": return e.firstName
        case "child.middle_name": return e.middleName
        case "child.birth_date": return e.birthDate
        case "category": return e.category
        default: return nil
        }
    }

    /// Entry, packet and reviewer counts.
    public func counts() throws -> RegistryCounts {
        try read { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            return RegistryCounts(
                entries: try count("SELECT COUNT(*) FROM registry_entry"),
                activated: try count("SELECT COUNT(*) FROM registry_entry WHERE activated_at IS NOT NULL"),
                packets: try count("SELECT COUNT(*) FROM packet"),
                inReview: try count("SELECT COUNT(*) FROM packet WHERE state = 'review'"),
                rejected: try count("SELECT COUNT(*) FROM packet WHERE state = 'rejected'"),
                reviewers: try count("SELECT COUNT(*) FROM reviewer"))
        }
    }

    /// The state and reason codes of every packet in review, to tell what a re-check changed.
    public func reviewSnapshot() throws -> [Int64: [String]] {
        try read { db in
            var out: [Int64: [String]] = [:]
            for p in try PacketRecord.fetchAll(db, sql: "SELECT * FROM packet WHERE state = 'review'") {
                out[p.id] = p.reasons.map(\.code)
            }
            return out
        }
    }

    /// Copies the whole registry into a new SQLite file, for a dry run on the copy: SQLite's backup, or from
    /// PostgreSQL table by table in one snapshot.
    public func copy(to path: String) throws {
        do {
            switch backend {
            case let .sqlite(pool):
                let target = try DatabaseQueue(path: path)
                try pool.backup(to: target)
                try target.close()
            case .postgres:
                let target = try RegistryStore(path: path)
                try read { source in
                    try target.rawWrite { db in
                        for table in Self.tablesInInsertOrder {
                            for row in try Row.fetchAll(source, sql: "SELECT * FROM \(table)") {
                                let columns = Array(row.columnNames)
                                try db.execute(sql: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(SQLDB.inList(columns.count))",
                                               arguments: SQLArguments(columns.map { row[$0] as DatabaseValue }))
                            }
                        }
                    }
                }
            }
        } catch let error as RegistryError {
            throw error
        } catch {
            throw RegistryError.database(detail: Self.describe(error))
        }
    }

    /// The registry's tables, each after the tables its rows refer to.
    static let tablesInInsertOrder = ["registry_entry", "packet", "document", "page", "field", "audit", "reviewer",
                                      "review_session", "ingest_page", "ingest_job"]
}
