import Foundation
import GRDB
import IntakeModel

// MARK: - Input

/// One extracted page to store: the extraction result, and optionally the prepared grey page image
/// (PNG or JPEG bytes) the reviewer will see next to the values.
public struct PageInput: Hashable, Sendable {
    public var result: PageResult
    public var image: Data?
    public var width: Int?
    public var height: Int?

    public init(result: PageResult, image: Data? = nil, width: Int? = nil, height: Int? = nil) {
        self.result = result; self.image = image; self.width = width; self.height = height
    }
}

/// One input file and its extracted pages. Documents are stored by content hash.
public struct DocumentPages: Hashable, Sendable {
    /// Lower-case hex SHA-256 of the file's bytes.
    public var sha256: String
    public var fileName: String
    public var size: Int
    public var pageCount: Int
    public var pages: [PageInput]

    public init(sha256: String, fileName: String, size: Int, pageCount: Int? = nil, pages: [PageInput]) {
        self.sha256 = sha256.lowercased(); self.fileName = fileName; self.size = size
        self.pageCount = pageCount ?? pages.count; self.pages = pages
    }
}

/// The documents of one packet (an application and its consent, in one file or several).
public struct PacketInput: Hashable, Sendable {
    public var documents: [DocumentPages]
    /// The municipality of the batch, if known; otherwise the matched registry entry's is used.
    public var municipality: String?

    public init(documents: [DocumentPages], municipality: String? = nil) {
        self.documents = documents; self.municipality = municipality
    }

    /// The packet key: SHA-256 over the sorted, distinct document hashes. The same files always give the same key.
    public var key: String { PacketInput.key(for: documents.map(\.sha256)) }

    public static func key(for hashes: [String]) -> String {
        SHA256.hex(Array(Set(hashes.map { $0.lowercased() }).sorted().joined(separator: "\n").utf8))
    }
}

// MARK: - Packet state and reasons

public enum PacketState: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Matched the registry; the entry is activated by this packet.
    case registered
    /// A reviewer must look; `reasons` say why.
    case review
    /// A reviewer rejected it.
    case rejected
}

/// Why a packet is in review. `message` and `fields` never carry personal values, only field keys and ids.
public struct PacketReason: Codable, Hashable, Sendable {
    public var code: String
    public var message: String
    /// Field keys concerned, when the reason is about fields.
    public var fields: [String]?

    public init(code: String, message: String, fields: [String]? = nil) {
        self.code = code; self.message = message; self.fields = fields
    }
}

/// Stable reason codes.
public enum ReasonCode {
    public static let registryUnknown = "registry_unknown"
    public static let registryMismatch = "registry_mismatch"
    public static let registryStatus = "registry_status"
    public static let alreadyActivated = "already_activated"
    public static let consentMissing = "consent_missing"
    public static let consentRevoked = "consent_revoked"
    public static let crossFormMismatch = "cross_form_mismatch"
    public static let fieldReview = "field_review"
    public static let fieldMissing = "field_missing"
    public static let applicationMissing = "application_missing"
    public static let multipleApplications = "multiple_applications"
    public static let possibleDuplicate = "possible_duplicate"
    public static let unknownForm = "unknown_form"
    public static let ageOutsideCategory = "age_outside_category"
    public static let impossibleDate = "impossible_date"
    public static let signatureMissing = "signature_missing"
    /// Non-critical fields in doubt (phone, e-mail, passport details, addresses): they do not hold back
    /// activation and stay marked unverified (the data-quality list).
    public static let unverifiedFields = "unverified_fields"
    /// The registry number's first reading named no entry; another reading of the paper names the entry that
    /// holds the paper's child exactly, and the packet is registered against it (a note, not a doubt).
    public static let registryNumberReading = "registry_number_reading"
    /// Reasons that are reported but never hold a packet back.
    public static let informational: Set<String> = [unverifiedFields, registryNumberReading]
    public static let rejected = "rejected"

    /// Reasons a reviewer's `approve` cannot override: the packet must change first.
    public static let blocking: Set<String> = [
        unknownForm, applicationMissing, multipleApplications, fieldMissing, registryUnknown,
        registryMismatch, registryStatus, alreadyActivated, consentMissing, crossFormMismatch,
    ]
}

/// What `register` did with a packet.
public struct PacketOutcome: Codable, Hashable, Sendable {
    public enum Disposition: String, Codable, Sendable {
        /// A new packet was stored.
        case created
        /// New documents were attached to a packet in review, which was then re-evaluated.
        case attached
        /// Every document was stored before: the stored packet is returned unchanged.
        case existing
    }

    public var packetId: Int64
    public var key: String
    public var state: PacketState
    public var reasons: [PacketReason]
    public var applicationNumber: String?
    public var registryNumber: String?
    public var disposition: Disposition

    enum CodingKeys: String, CodingKey {
        case packetId = "packet_id", key, state, reasons
        case applicationNumber = "application_number", registryNumber = "registry_number", disposition
    }
}

// MARK: - Stored records

/// A registry entry, imported from the regional export (names and birth date come from there, not from paper).
public struct RegistryEntry: Codable, Hashable, Sendable, FetchableRecord, TableRecord, KeyedRecord {
    static let keyColumn = "registry_number"
    public static let databaseTableName = "registry_entry"

    public var registryNumber: String
    public var lastName: String
    public var firstName: String
    public var middleName: String?
    /// ISO `yyyy-mm-dd`.
    public var birthDate: String
    public var category: String?
    public var municipality: String?
    public var status: String?
    public var consentRevoked: Bool
    public var importedAt: Date
    public var updatedAt: Date
    public var activatedAt: Date?
    public var activatedPacketId: Int64?

    public var isActivated: Bool { activatedAt != nil }

    enum CodingKeys: String, CodingKey {
        case registryNumber = "registry_number", lastName = "last_name", firstName = "first_name"
        case middleName = "middle_name", birthDate = "birth_date", category, municipality, status
        case consentRevoked = "consent_revoked", importedAt = "imported_at", updatedAt = "updated_at"
        case activatedAt = "activated_at", activatedPacketId = "activated_packet_id"
    }

    public enum Columns {
        public static let registryNumber = Column(CodingKeys.registryNumber)
        public static let searchName = Column("search_name")
        public static let personKey = Column("person_key")
    }
}

/// A stored packet.
public struct PacketRecord: Codable, Hashable, Sendable, FetchableRecord, TableRecord, KeyedRecord {
    static let keyColumn = "id"
    public static let databaseTableName = "packet"

    public var id: Int64
    public var key: String
    public var applicationNumber: String?
    public var registryNumber: String?
    public var state: PacketState
    public var reasons: [PacketReason]
    public var municipality: String?
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, key, applicationNumber = "application_number", registryNumber = "registry_number"
        case state, reasons, municipality, createdAt = "created_at", updatedAt = "updated_at"
    }

    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let key = Column(CodingKeys.key)
        public static let state = Column(CodingKeys.state)
        public static let registryNumber = Column(CodingKeys.registryNumber)
        public static let applicationNumber = Column(CodingKeys.applicationNumber)
        public static let createdAt = Column(CodingKeys.createdAt)
    }
}

/// A stored input file. `fileName` is nil after a consent revocation (file names can hold names).
public struct DocumentRecord: Codable, Hashable, Sendable, FetchableRecord, TableRecord {
    public static let databaseTableName = "document"

    public var id: Int64
    public var sha256: String
    public var fileName: String?
    public var size: Int
    public var pageCount: Int
    public var packetId: Int64?
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, sha256, fileName = "file_name", size, pageCount = "page_count", packetId = "packet_id"
        case createdAt = "created_at"
    }

    public enum Columns {
        public static let sha256 = Column(CodingKeys.sha256)
        public static let packetId = Column(CodingKeys.packetId)
    }
}

/// A stored page without its image (see `RegistryStore.pageImage(pageId:)`).
public struct PageRecord: Codable, Hashable, Sendable, FetchableRecord, TableRecord {
    public static let databaseTableName = "page"

    public var id: Int64
    public var documentId: Int64
    public var pageNumber: Int
    public var form: FormKind
    public var width: Int?
    public var height: Int?
    /// `png`, `jpeg`, or nil when no image is stored (none given, or deleted by a consent revocation).
    public var imageFormat: String?
    public var tesseractVersion: String?
    /// Model name → checksum, as JSON.
    public var modelChecksums: [String: String]?
    public var signed: Bool?
    public var selfApplication: Bool?
    public var issues: [Issue]

    enum CodingKeys: String, CodingKey {
        case id, documentId = "document_id", pageNumber = "page_number", form, width, height
        case imageFormat = "image_format", tesseractVersion = "tesseract_version"
        case modelChecksums = "model_checksums", signed, selfApplication = "self_application", issues
    }

    /// Every column but the image.
    static let selection: [any SQLSelectable] = CodingKeys.allCases.map { Column($0.rawValue) }
}

extension PageRecord.CodingKeys: CaseIterable {}

/// A stored field with its provenance (page, box, raw reading, rule, confidence) and correction trail.
public struct FieldRecord: Codable, Hashable, Sendable, FetchableRecord, TableRecord {
    public static let databaseTableName = "field"

    public var id: Int64
    public var packetId: Int64
    public var pageId: Int64
    public var key: String
    public var value: String?
    public var status: FieldStatus
    public var confidence: Double
    public var box: Box?
    public var raw: String?
    public var rule: String?
    public var reason: String?
    /// The machine's value before the first correction (nil if never corrected or nothing was read).
    public var originalValue: String?
    public var correctedBy: String?
    public var correctedAt: Date?
    /// The reviewer who confirmed the machine's value as right (a confirmation is not a correction).
    public var confirmedBy: String?
    public var confirmedAt: Date?

    public var isCorrected: Bool { correctedBy != nil }
    public var isConfirmed: Bool { confirmedBy != nil }
    /// The code of the machine's doubt (nil when none or stored before codes existed).
    public var doubt: String?

    enum CodingKeys: String, CodingKey {
        case id, packetId = "packet_id", pageId = "page_id", key, value, status, confidence, box, raw, rule
        case reason, originalValue = "original_value", correctedBy = "corrected_by", correctedAt = "corrected_at"
        case confirmedBy = "confirmed_by", confirmedAt = "confirmed_at", doubt
    }

    public enum Columns {
        public static let packetId = Column(CodingKeys.packetId)
        public static let pageId = Column(CodingKeys.pageId)
        public static let key = Column(CodingKeys.key)
    }
}

/// One audit row. `detail` is JSON holding ids, field keys, codes and counts, never personal data.
public struct AuditRecord: Codable, Hashable, Sendable, FetchableRecord, TableRecord {
    public static let databaseTableName = "audit"

    public var id: Int64
    public var at: Date
    public var actor: String
    public var action: String
    public var packetId: Int64?
    public var registryNumber: String?
    public var detail: String

    enum CodingKeys: String, CodingKey {
        case id, at, actor, action, packetId = "packet_id", registryNumber = "registry_number", detail
    }
}

// MARK: - Query results

/// A packet with everything stored for it, for the review screen.
public struct PacketDetail: Codable, Hashable, Sendable {
    public var packet: PacketRecord
    public var documents: [DocumentRecord]
    public var pages: [PageRecord]
    public var fields: [FieldRecord]
}

/// One packet waiting in the review queue.
public struct QueueItem: Codable, Hashable, Sendable {
    public var packetId: Int64
    public var applicationNumber: String?
    public var registryNumber: String?
    public var municipality: String?
    public var createdAt: Date
    public var reasons: [PacketReason]

    enum CodingKeys: String, CodingKey {
        case packetId = "packet_id", applicationNumber = "application_number", registryNumber = "registry_number"
        case municipality, createdAt = "created_at", reasons
    }
}

/// Everything known about one registry number.
public struct EntryStatus: Codable, Hashable, Sendable {
    /// nil when the number is not in the imported registry (packets may still name it).
    public var entry: RegistryEntry?
    public var packets: [PacketRecord]
    public var documents: [DocumentRecord]
    public var audit: [AuditRecord]
}

/// A value taken from paper, for the export.
public struct PaperValue: Codable, Hashable, Sendable {
    public var value: String?
    public var status: FieldStatus
    /// A reviewer changed the machine's reading.
    public var corrected: Bool
}

/// One registry entry with its activation state and the values read from the paper that activated it
/// (or, if none did, from its latest packet).
public struct ExportRow: Codable, Hashable, Sendable {
    public var entry: RegistryEntry
    public var packetId: Int64?
    public var packetState: PacketState?
    /// Field key → value; application fields first, consent-only fields added.
    public var paper: [String: PaperValue]

    enum CodingKeys: String, CodingKey {
        case entry, packetId = "packet_id", packetState = "packet_state", paper
    }
}

/// What a consent revocation deleted.
public struct RevocationSummary: Codable, Hashable, Sendable {
    public var packets: Int
    public var fields: Int
    public var images: Int
    public var documents: Int
    /// Review packets moved to `rejected` because their consent is gone.
    public var packetsRejected: Int
    public var entryMarked: Bool
    /// Pages of a stopped batch that named the number (their documents' staged pages are all deleted).
    public var stagedPages: Int = 0

    enum CodingKeys: String, CodingKey {
        case packets, fields, images, documents, packetsRejected = "packets_rejected", entryMarked = "entry_marked"
        case stagedPages = "staged_pages"
    }
}

/// The result of a registry import.
public struct ImportSummary: Codable, Hashable, Sendable {
    public struct RejectedRow: Codable, Hashable, Sendable {
        /// Row number in the file, the header being row 1 (a record with embedded newlines counts once).
        public var row: Int
        /// The column as the file's header names it, with its letter (`"Дата рождения ребёнка" (E)`);
        /// nil when the whole row is wrong.
        public var column: String?
        /// Why: names the column and the rule, never the value.
        public var reason: String
        /// The same in Russian (not in JSON: programs read `reason`).
        public var reasonRu: String = ""

        enum CodingKeys: String, CodingKey { case row, column, reason }

        public init(row: Int, column: String? = nil, reason: String, reasonRu: String = "") {
            self.row = row; self.column = column; self.reason = reason; self.reasonRu = reasonRu.isEmpty ? reason : reasonRu
        }
    }

    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    public var rejected: [RejectedRow] = []

    public var total: Int { inserted + updated + unchanged + rejected.count }

    public init() {}
}
