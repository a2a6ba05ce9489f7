import Foundation
import GRDB
import IntakeModel

/// A value taken from paper for the regional export, with its review standing.
public struct ExportedValue: Codable, Hashable, Sendable {
    public var value: String?
    /// ok, review, missing, confirmed (a reviewer kept the machine's reading) or corrected (changed it).
    public var status: String
}

/// One registry entry for the regional export: the entry, the packet whose paper values go with it and
/// those values.
public struct ExportRecord: Codable, Hashable, Sendable {
    public var entry: RegistryEntry
    public var packetId: Int64?
    public var packetState: PacketState?
    public var packetUpdatedAt: Date?
    public var paper: [String: ExportedValue]

    enum CodingKeys: String, CodingKey {
        case entry, packetId = "packet_id", packetState = "packet_state", packetUpdatedAt = "packet_updated_at", paper
    }
}

/// Which entries an export holds.
public struct ExportFilter: Sendable {
    /// Only entries whose packet is in this state.
    public var state: PacketState?
    /// Only entries whose packet changed (was registered, queued, corrected, approved, rejected) at or after this instant.
    public var since: Date?

    public init(state: PacketState? = nil, since: Date? = nil) { self.state = state; self.since = since }
}

extension RegistryStore {
    /// Registry entries in registry-number order, each with the packet whose paper goes with it: the one that
    /// activated the entry, else the latest naming it.
    func entriesWithPackets(_ db: SQLDB) throws -> [(entry: RegistryEntry, packet: PacketRecord?)] {
        let entries = try RegistryEntry.fetchAll(db, sql: "SELECT * FROM registry_entry ORDER BY registry_number")
        var latest: [String: PacketRecord] = [:]
        for p in try PacketRecord.fetchAll(db, sql: "SELECT * FROM packet WHERE registry_number IS NOT NULL ORDER BY id") {
            latest[p.registryNumber!] = p
        }
        return try entries.map { entry in
            (entry, try entry.activatedPacketId.flatMap { try PacketRecord.fetchOne(db, key: $0) } ?? latest[entry.registryNumber])
        }
    }

    /// A packet's fields, one per key: the application's reading first, then the consent's, then others'.
    func paperFields(_ db: SQLDB, packetId: Int64) throws -> [FieldRecord] {
        var seen = Set<String>()
        return try FieldRecord.fetchAll(db, sql: """
            SELECT field.* FROM field JOIN page ON page.id = field.page_id
            WHERE field.packet_id = ?
            ORDER BY CASE page.form WHEN 'application' THEN 0 WHEN 'consent' THEN 1 ELSE 2 END, page.id
            """, arguments: [packetId]).filter { seen.insert($0.key).inserted }
    }

    /// Registry entries with their packet (the one that activated the entry, else the latest naming it) and the
    /// values read from paper; a field the packet's reasons name is `review` while the packet waits, and
    /// reviewed fields are `confirmed` or `corrected`. Ordered by registry number.
    public func exportRecords(_ filter: ExportFilter = ExportFilter()) throws -> [ExportRecord] {
        try read { db in
            try self.entriesWithPackets(db).compactMap { entry, packet in
                if let state = filter.state, packet?.state != state { return nil }
                if let since = filter.since, (packet?.updatedAt ?? .distantPast) < since { return nil }
                var paper: [String: ExportedValue] = [:]
                if let packet {
                    let doubted = packet.state == .review ? Set(packet.reasons.flatMap { $0.fields ?? [] }) : []
                    for f in try self.paperFields(db, packetId: packet.id) {
                        paper[f.key] = ExportedValue(value: f.value, status: PaperStatus.of(f, doubted: doubted.contains(f.key)))
                    }
                }
                return ExportRecord(entry: entry, packetId: packet?.id, packetState: packet?.state,
                                    packetUpdatedAt: packet?.updatedAt, paper: paper)
            }
        }
    }
}
