import Foundation
import GRDB
import IntakeModel

/// What a reviewer can do to the shape of packets: reclassify a page, move pages between packets (which pairs
/// an orphan application with its consent), split pages off into a new packet. Only packets in review change;
/// every operation is audited (ids and counts) and re-evaluates the packets it touched, which stay in review.
extension RegistryStore {
    /// The packet a page belongs to (a moved page's own packet, else its document's).
    public func packetId(ofPage pageId: Int64) throws -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: """
                SELECT COALESCE(page.packet_id, document.packet_id) FROM page JOIN document ON document.id = page.document_id
                WHERE page.id = ?
                """, arguments: [pageId])
        }
    }

    public func pageIds(ofPacket packetId: Int64) throws -> [Int64] {
        try read { db in try packetPages(db, packetId: packetId).map(\.id) }
    }

    /// Sets a page's form. A page made `unknown` loses the fields read from it (nothing to check there any
    /// more); a page made an application or a consent keeps what was read and shows the form's empty required
    /// fields for the reviewer to type.
    public func reclassifyPage(pageId: Int64, in packetId: Int64, as form: FormKind, actor: String) throws {
        try write { db in
            let packet = try packetInReview(db, packetId, action: "reclassifying a page")
            guard let page = try packetPages(db, packetId: packetId).first(where: { $0.id == pageId }) else {
                throw RegistryError.pageNotInPacket(packetId: packetId, pageId: pageId)
            }
            guard page.form != form else { return }
            try db.execute(sql: "UPDATE page SET form = ? WHERE id = ?", arguments: [form, pageId])
            var removed = 0
            if form == .unknown {
                try db.execute(sql: "DELETE FROM field WHERE page_id = ?", arguments: [pageId])
                removed = db.changesCount
            }
            try Audit.write(db, at: clock(), actor: actor, action: AuditAction.pageReclassified, packetId: packetId,
                            registryNumber: packet.registryNumber, detail: [
                                "page_id": .int(pageId), "from": .string(page.form.rawValue), "to": .string(form.rawValue),
                                "fields_removed": .int(Int64(removed)),
                            ])
            try keepInReview(packetId, actor: actor, db)
        }
    }

    /// Moves pages (with their fields) from one packet in review to another. A packet left without pages is
    /// rejected as emptied. Used to pair an orphan application with its consent.
    public func movePages(_ pageIds: [Int64], from source: Int64, to target: Int64, actor: String) throws {
        guard source != target else { throw RegistryError.invalidOperation("a packet cannot receive its own pages") }
        try write { db in
            let from = try packetInReview(db, source, action: "moving pages")
            let to = try packetInReview(db, target, action: "receiving pages")
            let pages = Set(try packetPages(db, packetId: source).map(\.id))
            for id in pageIds where !pages.contains(id) { throw RegistryError.pageNotInPacket(packetId: source, pageId: id) }
            try relocate(pageIds, to: target, db)
            let now = clock()
            try Audit.write(db, at: now, actor: actor, action: AuditAction.pagesMoved, packetId: source,
                            registryNumber: from.registryNumber,
                            detail: ["pages": .ints(pageIds), "to_packet": .int(target)])
            try Audit.write(db, at: now, actor: actor, action: AuditAction.pagesMoved, packetId: target,
                            registryNumber: to.registryNumber,
                            detail: ["pages": .ints(pageIds), "from_packet": .int(source)])
            try settle(source, actor: actor, emptiedInto: target, db)
            try keepInReview(target, actor: actor, db)
        }
    }

    /// Moves pages of a packet in review into a new packet (in review); returns its id.
    public func splitPages(_ pageIds: [Int64], from source: Int64, actor: String) throws -> Int64 {
        try write { db in
            let from = try packetInReview(db, source, action: "splitting")
            let all = try packetPages(db, packetId: source).map(\.id)
            for id in pageIds where !all.contains(id) { throw RegistryError.pageNotInPacket(packetId: source, pageId: id) }
            guard pageIds.count < all.count else {
                throw RegistryError.invalidOperation("leave at least one page in the packet (a split needs pages on both sides)")
            }
            let now = clock()
            let created = try db.insertReturningID(sql: """
                INSERT INTO packet (key, state, reasons, municipality, created_at, updated_at) VALUES (?, 'review', '[]', ?, ?, ?)
                """, arguments: ["split:\(source):\(Token.hex(pageIds))", from.municipality, from.createdAt, now])
            try relocate(pageIds, to: created, db)
            try Audit.write(db, at: now, actor: actor, action: AuditAction.packetSplit, packetId: source,
                            registryNumber: from.registryNumber, detail: ["pages": .ints(pageIds), "new_packet": .int(created)])
            try Audit.write(db, at: now, actor: actor, action: AuditAction.packetCreated, packetId: created,
                            detail: ["pages": .int(Int64(pageIds.count)), "split_from": .int(source)])
            try keepInReview(source, actor: actor, db)
            try keepInReview(created, actor: actor, db)
            return created
        }
    }

    private func relocate(_ pageIds: [Int64], to packetId: Int64, _ db: SQLDB) throws {
        let list = JSONText.encode(pageIds)
        try db.execute(sql: "UPDATE page SET packet_id = ? WHERE id IN (\(db.jsonIntegers()))", arguments: [packetId, list])
        try db.execute(sql: "UPDATE field SET packet_id = ? WHERE page_id IN (\(db.jsonIntegers()))", arguments: [packetId, list])
        try db.execute(sql: "UPDATE packet SET claimed_by = NULL, claimed_until = NULL, approval_requested_by = NULL WHERE id = ?",
                       arguments: [packetId])
    }

    /// Re-evaluates a packet after pages left it; one left empty is rejected with the reason.
    private func settle(_ packetId: Int64, actor: String, emptiedInto target: Int64, _ db: SQLDB) throws {
        if try packetPages(db, packetId: packetId).isEmpty {
            let reasons = [PacketReason(code: ReasonCode.rejected, message: "emptied: every page was moved to packet \(target)")]
            try db.execute(sql: "UPDATE packet SET state = 'rejected', reasons = ?, updated_at = ? WHERE id = ?",
                           arguments: [JSONText.encode(reasons), clock(), packetId])
            try Audit.write(db, at: clock(), actor: actor, action: AuditAction.rejected, packetId: packetId,
                            detail: ["reasons": .strings(["emptied"])])
        } else {
            try keepInReview(packetId, actor: actor, db)
        }
    }
}

private enum Token {
    static func hex(_ ids: [Int64]) -> String { ids.map(String.init).joined(separator: "-") }
}
