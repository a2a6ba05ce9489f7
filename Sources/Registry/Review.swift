import Foundation
import GRDB
import IntakeModel

extension RegistryStore {
    // MARK: - Reviewer actions

    /// Sets the value of one field in a packet in review (`saveReview` with one edit, optionally on one page).
    /// A value meaning the same as the stored one is a confirmation (`field_confirmed`), not a correction.
    /// Without `pageId` every page holding the key is set (application and consent must agree anyway); if no
    /// page holds it, it is added to the application page. The machine's first reading stays in
    /// `original_value`; the packet's reasons are recomputed and it stays in review until `approve`.
    /// Values follow `FieldRules` (dates as dd.mm.yyyy or yyyy-mm-dd, stored ISO; numbers as digits);
    /// `nil` or blank clears the value (for an absent patronymic).
    @discardableResult
    public func correctField(packetId: Int64, key: String, value newValue: String?, actor: String,
                             pageId: Int64? = nil) throws -> PacketDetail {
        guard let pageId else {
            return try saveReview(packetId: packetId, edits: [FieldEdit(key: key, value: newValue, confirmed: true)],
                                  actor: actor).detail
        }
        let value = try checked([FieldEdit(key: key, value: newValue)])[0].value
        try write { db in
            let packet = try self.packetInReview(db, packetId, action: "correcting a field")
            guard try self.packetPages(db, packetId: packetId).contains(where: { $0.id == pageId }) else {
                throw RegistryError.pageNotInPacket(packetId: packetId, pageId: pageId)
            }
            let rows = try FieldRecord.fetchAll(db, sql: "SELECT * FROM field WHERE packet_id = ? AND key = ? AND page_id = ?",
                                                arguments: [packetId, key, pageId])
            try self.writeCorrection(db, packet: packet, key: key, value: value, rows: rows, pageId: pageId,
                                     actor: actor, now: self.clock())
            try self.keepInReview(packetId, actor: actor, db)
        }
        logger.info("field corrected", metadata: ["packet_id": "\(packetId)", "key": "\(key)"])
        return try packet(id: packetId)
    }

    /// Approves with the packet's stored values, as a supervisor who acknowledges a missing signature would
    /// (the command line's and the tests' path); see `approve(packetId:edits:signatureAcknowledged:actor:role:fourEyes:)`.
    @discardableResult
    public func approve(packetId: Int64, actor: String) throws -> PacketOutcome {
        try approve(packetId: packetId, edits: [], signatureAcknowledged: true, actor: actor, role: .supervisor,
                    fourEyes: .off)
    }

    /// Rejects a packet in review. `reason` (free text from the reviewer) is kept on the packet as a reason
    /// with code `rejected`; the audit row holds only the codes the packet had.
    @discardableResult
    public func reject(packetId: Int64, actor: String, reason: String) throws -> PacketOutcome {
        let outcome = try write { db -> PacketOutcome in
            let packet = try self.packetInReview(db, packetId, action: "rejecting")
            let now = self.clock()
            let reasons = packet.reasons + [PacketReason(code: ReasonCode.rejected, message: Normalize.text(reason) ?? "rejected by a reviewer")]
            try db.execute(sql: "UPDATE packet SET state = 'rejected', reasons = ?, updated_at = ? WHERE id = ?",
                           arguments: [JSONText.encode(reasons), now, packetId])
            try Audit.write(db, at: now, actor: actor, action: AuditAction.rejected, packetId: packetId,
                            registryNumber: packet.registryNumber,
                            detail: ["reasons": .strings(packet.reasons.map(\.code))])
            return try self.outcome(db, packetId: packetId, disposition: .existing)
        }
        logger.info("packet rejected", metadata: ["packet_id": "\(packetId)"])
        return outcome
    }

    /// Re-evaluates a packet in review as the machine would (after a registry import, say): it is activated
    /// if nothing is in doubt any more.
    @discardableResult
    public func reevaluate(packetId: Int64, actor: String = "ingest") throws -> PacketOutcome {
        try write { db in
            _ = try self.packetInReview(db, packetId, action: "re-evaluating")
            try self.apply(self.evaluate(db, packetId: packetId, mode: .automatic), packetId: packetId,
                           actor: actor, municipality: nil, db)
            return try self.outcome(db, packetId: packetId, disposition: .existing)
        }
    }

    /// Re-evaluates every packet in review (oldest first), e.g. after importing a newer registry export.
    public func reevaluateQueue(actor: String = "ingest") throws -> [PacketOutcome] {
        let ids = try read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM packet WHERE state = 'review' ORDER BY created_at, id")
        }
        return try ids.map { try reevaluate(packetId: $0, actor: actor) }
    }

    // MARK: - Queries

    /// Packets in review, oldest first, optionally only those with a reason code or in a municipality.
    public func queue(reason: String? = nil, municipality: String? = nil, limit: Int? = nil) throws -> [QueueItem] {
        try read { db in
            let packets = try PacketRecord.fetchAll(db, sql: """
                SELECT * FROM packet
                WHERE state = 'review'
                  AND (\(db.jsonArrayHasCode("packet.reasons", parameter: "?1")) OR ?1 IS NULL)
                  AND (municipality = ?2 OR ?2 IS NULL)
                ORDER BY created_at, id
                LIMIT ?3
                """, arguments: [reason, Normalize.text(municipality), limit ?? Int(Int32.max)])
            return packets.map {
                QueueItem(packetId: $0.id, applicationNumber: $0.applicationNumber, registryNumber: $0.registryNumber,
                          municipality: $0.municipality, createdAt: $0.createdAt, reasons: $0.reasons)
            }
        }
    }

    /// A packet with its documents, pages (without images) and fields.
    public func packet(id: Int64) throws -> PacketDetail {
        try read { db in try self.detail(db, id) }
    }

    func detail(_ db: SQLDB, _ id: Int64) throws -> PacketDetail {
        guard let packet = try PacketRecord.fetchOne(db, key: id) else { throw RegistryError.packetNotFound(id) }
        return PacketDetail(
            packet: packet,
            documents: try DocumentRecord.fetchAll(db, sql: """
                SELECT * FROM document WHERE id IN (SELECT document_id FROM page WHERE packet_id = ?1)
                   OR (packet_id = ?1 AND EXISTS (SELECT 1 FROM page WHERE page.document_id = document.id AND page.packet_id IS NULL))
                ORDER BY id
                """, arguments: [id]),
            pages: try packetPages(db, packetId: id),
            fields: try FieldRecord.fetchAll(db, sql: "SELECT * FROM field WHERE packet_id = ? ORDER BY page_id, key", arguments: [id]))
    }

    /// The stored page image (PNG or JPEG bytes and the format), nil when none is stored.
    public func pageImage(pageId: Int64) throws -> (data: Data, format: String)? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT image, image_format, image_sha256 FROM page WHERE id = ? AND image IS NOT NULL",
                                             arguments: [pageId]) else { return nil }
            let data: Data = row["image"]
            try Self.checkImage(data, sha256: row["image_sha256"], pageId: pageId)
            return (data, row["image_format"] ?? "unknown")
        }
    }

    /// A registry entry.
    public func entry(registryNumber: String) throws -> RegistryEntry? {
        try read { db in try RegistryEntry.fetchOne(db, key: Normalize.digits(registryNumber) ?? registryNumber) }
    }

    /// Everything known about a registry number: the entry, the packets naming it, their documents and the
    /// audit history. Throws `entryNotFound` if neither an entry nor a packet has the number.
    public func status(registryNumber: String) throws -> EntryStatus {
        let number = Normalize.digits(registryNumber) ?? registryNumber
        return try read { db in
            let entry = try RegistryEntry.fetchOne(db, key: number)
            let packets = try PacketRecord.fetchAll(db, sql: "SELECT * FROM packet WHERE registry_number = ? ORDER BY id",
                                                    arguments: [number])
            guard entry != nil || !packets.isEmpty else { throw RegistryError.entryNotFound }
            let ids = packets.map(\.id)
            let documents = try DocumentRecord.fetchAll(db, sql: """
                SELECT * FROM document WHERE packet_id IN (\(db.jsonIntegers())) ORDER BY id
                """, arguments: [JSONText.encode(ids)])
            let audit = try AuditRecord.fetchAll(db, sql: """
                SELECT * FROM audit WHERE registry_number = ? OR packet_id IN (\(db.jsonIntegers())) ORDER BY id
                """, arguments: [number, JSONText.encode(ids)])
            return EntryStatus(entry: entry, packets: packets, documents: documents, audit: audit)
        }
    }

    /// The number of rows in one of the registry's tables (for diagnostics and tests).
    func rowCount(_ table: String) throws -> Int {
        let tables = ["registry_entry", "packet", "document", "page", "field", "audit", "reviewer"]
        guard let name = tables.first(where: { $0 == table }) else { return 0 }
        return try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(name)") ?? 0 }
    }

    /// Audit rows, newest last; optionally those of one packet.
    public func auditLog(packetId: Int64? = nil) throws -> [AuditRecord] {
        try read { db in
            try AuditRecord.fetchAll(db, sql: "SELECT * FROM audit WHERE packet_id = ?1 OR ?1 IS NULL ORDER BY id",
                                     arguments: [packetId])
        }
    }

    /// Entries whose registry number starts with the query (digits), or whose surname starts with it
    /// (case, ё/е and Latin look-alikes ignored). Ordered by registry number.
    public func searchEntries(_ query: String, limit: Int = 50) throws -> [RegistryEntry] {
        guard let text = Normalize.text(query) else { return [] }
        let isNumber = text.allSatisfy { $0.isASCII && $0.isNumber }
        let prefix = (isNumber ? text : Normalize.name(text))
        let pattern = Self.likeEscaped(prefix) + "%"
        return try read { db in
            try RegistryEntry.fetchAll(db, sql: """
                SELECT * FROM registry_entry WHERE \(isNumber ? "registry_number" : "search_name") LIKE ? ESCAPE '\\'
                ORDER BY registry_number LIMIT ?
                """, arguments: [pattern, limit])
        }
    }

    static func likeEscaped(_ s: String) -> String {
        var out = ""
        for c in s {
            if c == "%" || c == "_" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// Every registry entry with its activation state and the values read from paper (the activating packet's,
    /// else the entry's latest packet's), corrected values marked. Ordered by registry number.
    public func export() throws -> [ExportRow] {
        try read { db in
            try self.entriesWithPackets(db).map { entry, packet in
                let fields = try packet.map { try self.paperFields(db, packetId: $0.id) } ?? []
                let paper = Dictionary(uniqueKeysWithValues: fields.map {
                    ($0.key, PaperValue(value: $0.value, status: $0.status, corrected: $0.isCorrected))
                })
                return ExportRow(entry: entry, packetId: packet?.id, packetState: packet?.state, paper: paper)
            }
        }
    }

    // MARK: - Consent revocation

    /// Deletes the personal data taken from paper for a registry number: field values, raw readings,
    /// original values and extraction notes, page images and file names, in every packet naming the number;
    /// packets still in review are rejected (nothing is left to review). The registry entry is marked
    /// `consent_revoked`; its names and birth date stay, since they come from the regional registry, not from
    /// paper. Audit rows record counts only.
    @discardableResult
    public func revokeConsent(registryNumber: String, actor: String) throws -> RevocationSummary {
        let number = Normalize.digits(registryNumber) ?? registryNumber
        return try revoke(actor: actor, registryNumber: number, stagedKey: "registry_number", stagedNumber: number) { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM packet WHERE registry_number = ?", arguments: [number])
        }
    }

    /// The same by application number: every packet with that application number (and its registry entry,
    /// if the packet names one).
    @discardableResult
    public func revokeConsent(applicationNumber: String, actor: String) throws -> RevocationSummary {
        let number = Normalize.digits(applicationNumber) ?? applicationNumber
        return try revoke(actor: actor, registryNumber: nil, stagedKey: "application_number", stagedNumber: number) { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM packet WHERE application_number = ?", arguments: [number])
        }
    }

    private func revoke(actor: String, registryNumber: String?, stagedKey: String, stagedNumber: String,
                        packets find: @escaping (SQLDB) throws -> [Int64]) throws -> RevocationSummary {
        let summary = try write { db -> RevocationSummary in
            let ids = try find(db)
            let staged = try Self.stagedDocuments(db, naming: stagedKey, number: stagedNumber)
            var registryNumbers = Set<String>()
            if let registryNumber { registryNumbers.insert(registryNumber) }
            for id in ids {
                if let n = try String.fetchOne(db, sql: "SELECT registry_number FROM packet WHERE id = ?", arguments: [id]) {
                    registryNumbers.insert(n)
                }
            }
            let entries = try registryNumbers.sorted().filter {
                try Bool.fetchOne(db, sql: "SELECT 1 FROM registry_entry WHERE registry_number = ?", arguments: [$0]) ?? false
            }
            guard !ids.isEmpty || !entries.isEmpty || !staged.isEmpty else { throw RegistryError.entryNotFound }
            let now = self.clock()
            var s = RevocationSummary(packets: ids.count, fields: 0, images: 0, documents: 0, packetsRejected: 0,
                                      entryMarked: !entries.isEmpty)
            // Pages of a stopped batch that name the number: their whole document is forgotten (a rerun
            // of the batch would read it again from the file, which the institution holds, not this database).
            try db.execute(sql: "DELETE FROM ingest_page WHERE sha256 IN (\(db.jsonStrings()))",
                           arguments: [JSONText.encode(staged)])
            s.stagedPages = db.changesCount
            let idList = JSONText.encode(ids)
            try db.execute(sql: """
                UPDATE field SET value = NULL, raw = NULL, original_value = NULL, reason = NULL, readings = NULL
                WHERE packet_id IN (\(db.jsonIntegers()))
                  AND (value IS NOT NULL OR raw IS NOT NULL OR original_value IS NOT NULL OR reason IS NOT NULL
                       OR readings IS NOT NULL)
                """, arguments: [idList])
            s.fields = db.changesCount
            try db.execute(sql: """
                UPDATE page SET image = NULL, image_format = NULL
                WHERE image IS NOT NULL
                  AND (document_id IN (SELECT id FROM document WHERE packet_id IN (\(db.jsonIntegers("?1"))))
                       OR packet_id IN (\(db.jsonIntegers("?1"))))
                """, arguments: [idList])
            s.images = db.changesCount
            try db.execute(sql: "UPDATE document SET file_name = NULL WHERE packet_id IN (\(db.jsonIntegers()))",
                           arguments: [idList])
            s.documents = db.changesCount
            // A queued batch's job rows name the files too (a file name may name the person).
            try db.execute(sql: """
                UPDATE ingest_job SET path = '(deleted with the consent)', hint = NULL
                WHERE sha256 IN (SELECT sha256 FROM document WHERE packet_id IN (\(db.jsonIntegers()))) OR sha256 IN (\(db.jsonStrings()))
                """, arguments: [idList, JSONText.encode(staged)])
            for id in ids {
                guard let packet = try PacketRecord.fetchOne(db, key: id) else { continue }
                // A reviewer's free-text rejection reason may name people: keep only the code.
                var reasons = packet.reasons.map { r -> PacketReason in
                    r.code == ReasonCode.rejected ? PacketReason(code: r.code, message: "rejected by a reviewer (text deleted with the consent)") : r
                }
                var state = packet.state
                if state == .review {
                    state = .rejected
                    reasons.append(PacketReason(code: ReasonCode.consentRevoked, message: "consent revoked: personal data deleted"))
                    s.packetsRejected += 1
                }
                try db.execute(sql: "UPDATE packet SET person_key = NULL, state = ?, reasons = ?, updated_at = ? WHERE id = ?",
                               arguments: [state, JSONText.encode(reasons), now, id])
            }
            for number in entries {
                try db.execute(sql: "UPDATE registry_entry SET consent_revoked = 1, updated_at = ? WHERE registry_number = ?",
                               arguments: [now, number])
            }
            let detail: [String: AuditValue] = [
                "packets": .ints(ids), "fields": .int(Int64(s.fields)), "images": .int(Int64(s.images)),
                "documents": .int(Int64(s.documents)), "packets_rejected": .int(Int64(s.packetsRejected)),
                "staged_pages": .int(Int64(s.stagedPages)),
            ]
            if entries.isEmpty {
                try Audit.write(db, at: now, actor: actor, action: AuditAction.consentRevoked, detail: detail)
            }
            for number in entries {
                try Audit.write(db, at: now, actor: actor, action: AuditAction.consentRevoked, registryNumber: number, detail: detail)
            }
            return s
        }
        logger.info("consent revoked", metadata: [
            "packets": "\(summary.packets)", "fields": "\(summary.fields)", "images": "\(summary.images)",
            "staged_pages": "\(summary.stagedPages)",
        ])
        return summary
    }

    /// Content hashes of the documents with a staged page (read by a batch that stopped before registering
    /// them) whose reading of field `key` is `number`, compared as digits.
    static func stagedDocuments(_ db: SQLDB, naming key: String, number: String) throws -> [String] {
        var hashes = Set<String>()
        for row in try Row.fetchAll(db, sql: "SELECT sha256, result FROM ingest_page") {
            guard let result = JSONText.decode(PageResult.self, row["result"]),
                  let value = result.value(key), (Normalize.digits(value) ?? value) == number else { continue }
            hashes.insert(row["sha256"])
        }
        return hashes.sorted()
    }
}
