import Foundation
import GRDB
import IntakeModel

/// Who is working on a packet, until when.
public struct Claim: Sendable, Hashable, Codable {
    public var reviewer: String
    public var until: Date
}

/// One doubted value of a field kind across packets, for group verification.
public struct GroupItem: Sendable, Hashable {
    public var packetId: Int64
    public var key: String
    public var value: String?
    public var pageId: Int64
    public var box: Box?
    public var reason: String?
    public var confidence: Double
    public var width: Int?
    public var height: Int?
}

/// Work done by one reviewer in one hour.
public struct ReviewerHour: Sendable, Hashable {
    public var reviewer: String
    /// `yyyy-mm-dd HH:00` in UTC.
    public var hour: String
    public var confirmed: Int
    public var corrected: Int
    public var approved: Int
    public var rejected: Int
}

/// Statistics for supervisors: throughput per reviewer and hour, corrections per field, time to decision.
public struct ReviewStatistics: Sendable {
    public var perReviewerHour: [ReviewerHour]
    /// Field key → number of corrections.
    public var correctionsPerField: [(key: String, count: Int)]
    /// Field key → number of confirmations.
    public var confirmationsPerField: [(key: String, count: Int)]
    public var decidedPackets: Int
    /// Median and 90th percentile of the time from ingest to a reviewer's decision, in seconds.
    public var medianSecondsToDecision: Double?
    public var p90SecondsToDecision: Double?
    public var inReview: Int
    public var registeredByMachine: Int
    public var registeredByReviewer: Int
}

extension RegistryStore {
    // MARK: - Claims

    /// Claims a packet for `reviewer` for `duration` unless another reviewer holds a live claim; returns the
    /// claim in force (the other reviewer's, when there is one).
    @discardableResult
    public func claim(packetId: Int64, reviewer: String, duration: TimeInterval) throws -> Claim? {
        let now = clock()
        return try write { db -> Claim? in
            guard let row = try Row.fetchOne(db, sql: "SELECT state, claimed_by, claimed_until FROM packet WHERE id = ?",
                                             arguments: [packetId]) else { throw RegistryError.packetNotFound(packetId) }
            guard (row["state"] as String?) == PacketState.review.rawValue else { return nil }
            if let other: String = row["claimed_by"], other != reviewer, let until: Date = row["claimed_until"], until > now {
                return Claim(reviewer: other, until: until)
            }
            let until = now.addingTimeInterval(duration)
            try db.execute(sql: "UPDATE packet SET claimed_by = ?, claimed_until = ? WHERE id = ?",
                           arguments: [reviewer, until, packetId])
            return Claim(reviewer: reviewer, until: until)
        }
    }

    /// Ends a reviewer's claim (after a decision, or when they leave the packet).
    public func releaseClaim(packetId: Int64, reviewer: String) throws {
        try write { db in
            try db.execute(sql: "UPDATE packet SET claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?",
                           arguments: [packetId, reviewer])
        }
    }

    /// Ends every claim of a reviewer (at sign-out).
    public func releaseClaims(reviewer: String) throws {
        try write { db in
            try db.execute(sql: "UPDATE packet SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?", arguments: [reviewer])
        }
    }

    /// The live claim on a packet, nil when nobody holds one.
    public func claimOf(packetId: Int64) throws -> Claim? {
        let now = clock()
        return try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT claimed_by, claimed_until FROM packet WHERE id = ?", arguments: [packetId]),
                  let by: String = row["claimed_by"], let until: Date = row["claimed_until"], until > now else { return nil }
            return Claim(reviewer: by, until: until)
        }
    }

    /// Live claims of packets in review, by packet id.
    public func claims() throws -> [Int64: Claim] {
        let now = clock()
        return try read { db in
            var out: [Int64: Claim] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT id, claimed_by, claimed_until FROM packet WHERE state = 'review' AND claimed_by IS NOT NULL AND claimed_until > ?
                """, arguments: [now]) {
                out[row["id"]] = Claim(reviewer: row["claimed_by"], until: row["claimed_until"])
            }
            return out
        }
    }

    /// Packets waiting for a supervisor's second approval, with who asked.
    public func awaitingSecondApproval() throws -> [Int64: String] {
        try read { db in
            var out: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, approval_requested_by FROM packet WHERE state = 'review' AND approval_requested_by IS NOT NULL") {
                out[row["id"]] = row["approval_requested_by"]
            }
            return out
        }
    }

    /// Whether a packet is in review or still holds a field in review (the data-quality queue): what a
    /// reviewer (not a supervisor) may look at. One indexed query, since every image request asks it.
    public func isOpenForReview(packetId: Int64) throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM packet WHERE id = ?1 AND state = 'review')
                    OR EXISTS (SELECT 1 FROM field WHERE packet_id = ?1 AND status = 'review')
                """, arguments: [packetId]) ?? false
        }
    }

    // MARK: - Group verification

    /// Doubted fields (status `review`) of one key in packets in review, oldest packet first; packets claimed by
    /// another reviewer are left out. One item per packet (the application's reading first).
    public func doubtedFields(key: String, excludingClaimsOf reviewer: String, limit: Int = 50) throws -> [GroupItem] {
        let now = clock()
        return try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT field.packet_id, field.key, field.value, field.page_id, field.box, field.reason, field.confidence,
                       page.width, page.height, page.form
                FROM field
                JOIN packet ON packet.id = field.packet_id
                JOIN page ON page.id = field.page_id
                WHERE field.key = ? AND field.status = 'review' AND packet.state = 'review'
                  AND (packet.claimed_by IS NULL OR packet.claimed_by = ? OR packet.claimed_until <= ?)
                ORDER BY packet.created_at, packet.id, CASE page.form WHEN 'application' THEN 0 ELSE 1 END, field.id
                """, arguments: [key, reviewer, now])
            var seen = Set<Int64>()
            var items: [GroupItem] = []
            for r in rows {
                let packetId: Int64 = r["packet_id"]
                guard seen.insert(packetId).inserted else { continue }
                items.append(GroupItem(packetId: packetId, key: r["key"], value: r["value"], pageId: r["page_id"],
                                       box: JSONText.decode(Box.self, r["box"]), reason: r["reason"],
                                       confidence: r["confidence"], width: r["width"], height: r["height"]))
                if items.count >= limit { break }
            }
            return items
        }
    }

    /// Field key → number of packets in review with that field doubted.
    public func doubtedFieldCounts() throws -> [(key: String, count: Int)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT field.key AS key, COUNT(DISTINCT field.packet_id) AS n FROM field JOIN packet ON packet.id = field.packet_id
                WHERE field.status = 'review' AND packet.state = 'review' GROUP BY field.key ORDER BY n DESC, field.key
                """).map { (key: $0["key"], count: $0["n"]) }
        }
    }

    // MARK: - Data-quality queue

    /// Registered packets that still hold unverified fields (doubts on fields that do not block activation).
    public func qualityQueue(limit: Int = 500) throws -> [QueueItem] {
        try read { db in
            let packets = try PacketRecord.fetchAll(db, sql: """
                SELECT * FROM packet WHERE state = 'registered'
                  AND EXISTS (SELECT 1 FROM field WHERE field.packet_id = packet.id AND field.status = 'review')
                ORDER BY updated_at, id LIMIT ?
                """, arguments: [limit])
            return try packets.map { p in
                let keys = try String.fetchAll(db, sql: "SELECT DISTINCT key FROM field WHERE packet_id = ? AND status = 'review' ORDER BY key",
                                               arguments: [p.id])
                return QueueItem(packetId: p.id, applicationNumber: p.applicationNumber, registryNumber: p.registryNumber,
                                 municipality: p.municipality, createdAt: p.createdAt,
                                 reasons: [PacketReason(code: "unverified_fields", message: "fields not verified: \(keys.joined(separator: ", "))",
                                                        fields: keys)])
            }
        }
    }

    /// Confirms or corrects unverified fields of a registered packet (the data-quality queue). Fields critical
    /// for activation cannot be changed here: the registry entry was activated with them.
    @discardableResult
    public func saveQuality(packetId: Int64, edits: [FieldEdit], actor: String) throws -> ReviewSave {
        if let critical = edits.first(where: { FieldRules.isCriticalForActivation($0.key) }) {
            throw RegistryError.invalidValue(key: critical.key, expected: "no change: the entry was activated with this value")
        }
        let checked = try checked(edits)
        let decisions = try write { db -> [String: FieldDecision] in
            guard let packet = try PacketRecord.fetchOne(db, key: packetId) else { throw RegistryError.packetNotFound(packetId) }
            guard packet.state == .registered else {
                throw RegistryError.invalidState(packetId: packetId, state: packet.state, action: "verifying data quality")
            }
            return try self.apply(checked, to: packet, actor: actor, db)
        }
        return ReviewSave(decisions: decisions, detail: try packet(id: packetId))
    }

    // MARK: - Statistics

    public func reviewStatistics(since: Date? = nil) throws -> ReviewStatistics {
        let from = since ?? .distantPast
        return try read { db in
            var hours: [String: ReviewerHour] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT actor, substr(at, 1, 13) || ':00' AS hour, action, COUNT(*) AS n FROM audit
                WHERE at >= ? AND action IN ('field_confirmed', 'field_corrected', 'approved', 'rejected')
                GROUP BY actor, hour, action ORDER BY hour DESC, actor
                """, arguments: [from]) {
                let actor: String = r["actor"], hour: String = r["hour"] ?? "", action: String = r["action"], n: Int = r["n"]
                var h = hours["\(actor)|\(hour)"] ?? ReviewerHour(reviewer: actor, hour: hour, confirmed: 0, corrected: 0, approved: 0, rejected: 0)
                switch action {
                case AuditAction.fieldConfirmed: h.confirmed += n
                case AuditAction.fieldCorrected: h.corrected += n
                case AuditAction.approved: h.approved += n
                default: h.rejected += n
                }
                hours["\(actor)|\(hour)"] = h
            }
            func perField(_ action: String) throws -> [(key: String, count: Int)] {
                try Row.fetchAll(db, sql: """
                    SELECT \(db.jsonText("detail", key: "key")) AS key, COUNT(*) AS n FROM audit
                    WHERE action = ? AND at >= ? GROUP BY key ORDER BY n DESC, key
                    """, arguments: [action, from]).compactMap { r in (r["key"] as String?).map { (key: $0, count: r["n"]) } }
            }
            let seconds = try Double.fetchAll(db, sql: """
                SELECT \(db.secondsBetween("packet.created_at", "audit.at")) FROM audit
                JOIN packet ON packet.id = audit.packet_id
                WHERE audit.action IN ('approved', 'rejected') AND audit.at >= ?
                ORDER BY 1
                """, arguments: [from])
            func percentile(_ p: Double) -> Double? {
                guard !seconds.isEmpty else { return nil }
                return seconds[min(seconds.count - 1, Int((Double(seconds.count - 1) * p).rounded()))]
            }
            let inReview = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM packet WHERE state = 'review'") ?? 0
            let byReviewer = try Int.fetchOne(db, sql: """
                SELECT COUNT(DISTINCT packet_id) FROM audit WHERE action = 'approved' AND at >= ?
                """, arguments: [from]) ?? 0
            let registered = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM packet WHERE state = 'registered' AND created_at >= ?",
                                              arguments: [from]) ?? 0
            return ReviewStatistics(
                perReviewerHour: hours.values.sorted { ($0.hour, $0.reviewer) > ($1.hour, $1.reviewer) },
                correctionsPerField: try perField(AuditAction.fieldCorrected),
                confirmationsPerField: try perField(AuditAction.fieldConfirmed),
                decidedPackets: seconds.count, medianSecondsToDecision: percentile(0.5), p90SecondsToDecision: percentile(0.9),
                inReview: inReview, registeredByMachine: max(0, registered - byReviewer), registeredByReviewer: byReviewer)
        }
    }
}
