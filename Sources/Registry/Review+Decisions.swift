import Foundation
import GRDB
import IntakeModel

/// What a reviewer's form says about one field: the value in its box, and whether they ticked it as checked.
public struct FieldEdit: Sendable, Hashable {
    public var key: String
    /// The box's content (blank = no value). A value that means the same as the stored one is not a correction.
    public var value: String?
    /// The reviewer looked at the scan and states the value is right as it stands.
    public var confirmed: Bool

    public init(key: String, value: String?, confirmed: Bool = false) {
        self.key = key; self.value = value; self.confirmed = confirmed
    }
}

/// What became of one edit.
public enum FieldDecision: String, Codable, Sendable {
    /// The value changed: stored, the machine's reading kept in `original_value`.
    case corrected
    /// Unchanged and ticked: the field is `ok`, with the reviewer in `confirmed_by`.
    case confirmed
    /// Unchanged and not ticked (or already confirmed): nothing written.
    case unchanged
}

/// One value a reviewer typed that breaks its field's rules.
public struct InvalidField: Sendable, Hashable, Codable {
    public var key: String
    public var expected: String
}

/// A reviewer's permissions in the review app.
public enum ReviewerRole: String, Codable, Sendable, CaseIterable {
    /// Corrects, confirms and approves.
    case reviewer
    /// Also gives the second approval (four eyes) and sees statistics.
    case supervisor
    /// Also manages accounts.
    case admin

    public var canGiveSecondApproval: Bool { self != .reviewer }
    public var canManageAccounts: Bool { self == .admin }
}

/// Which corrected fields need a second person's approval.
public struct FourEyesPolicy: Sendable {
    public var applies: @Sendable (String) -> Bool

    public init(_ applies: @escaping @Sendable (String) -> Bool) { self.applies = applies }

    /// Names, dates and numbers (see `FieldRules.isCriticalByDefault`).
    public static let `default` = FourEyesPolicy(FieldRules.isCriticalByDefault)
    /// Nobody's corrections need a second approval.
    public static let off = FourEyesPolicy { _ in false }
}

/// The result of saving a reviewer's form.
public struct ReviewSave: Sendable {
    public var decisions: [String: FieldDecision]
    public var detail: PacketDetail

    public var corrected: [String] { decisions.filter { $0.value == .corrected }.map(\.key).sorted() }
    public var confirmed: [String] { decisions.filter { $0.value == .confirmed }.map(\.key).sorted() }
}

/// Reason codes that exist only while approving.
public enum ApprovalCode {
    /// A doubted field is neither confirmed nor corrected.
    public static let unresolvedFields = "unresolved_fields"
    /// No signature was found and the reviewer has not acknowledged it.
    public static let signatureNotAcknowledged = "signature_not_acknowledged"
    /// A critical field was corrected: a supervisor other than the corrector must approve.
    public static let secondApproval = "second_approval"
}

extension RegistryStore {
    static func today(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1)
    }

    /// Checks every edit against its field's rules; all failures at once, nothing written.
    func checked(_ edits: [FieldEdit]) throws -> [(edit: FieldEdit, value: String?)] {
        let today = Self.today(clock())
        var out: [(FieldEdit, String?)] = []
        var invalid: [InvalidField] = []
        for e in edits {
            do {
                out.append((e, try FieldRules.normalized(key: e.key, value: e.value, today: today)))
            } catch let RegistryError.invalidValue(key, expected) {
                invalid.append(InvalidField(key: key, expected: expected))
            }
        }
        if !invalid.isEmpty { throw RegistryError.invalidValues(invalid) }
        return out
    }

    /// Saves a reviewer's form for a packet in review in one transaction: changed values are corrections,
    /// unchanged ticked ones confirmations (separate audit actions); the packet's reasons are recomputed and it
    /// stays in review. Every value is checked first: one invalid value saves nothing
    /// (`RegistryError.invalidValues` lists them all).
    @discardableResult
    public func saveReview(packetId: Int64, edits: [FieldEdit], actor: String) throws -> ReviewSave {
        let checked = try checked(edits)
        let decisions = try write { db -> [String: FieldDecision] in
            let packet = try self.packetInReview(db, packetId, action: "saving a review")
            let decisions = try self.apply(checked, to: packet, actor: actor, db)
            if decisions.values.contains(where: { $0 != .unchanged }) { try self.keepInReview(packetId, actor: actor, db) }
            return decisions
        }
        logger.info("review saved", metadata: ["packet_id": "\(packetId)",
                                               "corrected": "\(decisions.values.filter { $0 == .corrected }.count)",
                                               "confirmed": "\(decisions.values.filter { $0 == .confirmed }.count)"])
        return ReviewSave(decisions: decisions, detail: try packet(id: packetId))
    }

    /// Saves the reviewer's form (as `saveReview`) and approves the packet in one step. The edits are kept
    /// even when the approval is refused, so nothing typed is lost. Approval is refused
    /// (`RegistryError.approvalBlocked`, after the edits are committed) while
    /// - a field the machine doubted is neither confirmed nor corrected,
    /// - a page has no signature and `signatureAcknowledged` is false,
    /// - a field under `fourEyes` was corrected and the approver is not a supervisor, or corrected it themself
    ///   (the packet is then marked as waiting for a second approval),
    /// - or any `ReasonCode.blocking` reason remains (registry mismatch, forms disagree, ...).
    @discardableResult
    public func approve(packetId: Int64, edits: [FieldEdit], signatureAcknowledged: Bool, actor: String,
                        role: ReviewerRole, fourEyes: FourEyesPolicy = .default) throws -> PacketOutcome {
        let checked = try checked(edits)
        enum Result { case approved(PacketOutcome), blocked([PacketReason]) }
        let result = try write { db -> Result in
            let packet = try self.packetInReview(db, packetId, action: "approving")
            let decisions = try self.apply(checked, to: packet, actor: actor, db)
            var blocked: [PacketReason] = []
            let fields = try FieldRecord.fetchAll(db, sql: "SELECT * FROM field WHERE packet_id = ? ORDER BY id", arguments: [packetId])
            let unresolved = Self.orderedKeys(fields.filter { $0.status == .review })
            if !unresolved.isEmpty {
                blocked.append(PacketReason(code: ApprovalCode.unresolvedFields,
                                            message: "confirm or correct each field the machine doubted: \(unresolved.joined(separator: ", "))",
                                            fields: unresolved))
            }
            let pages = try self.packetPages(db, packetId: packetId)
            if !signatureAcknowledged, pages.contains(where: { $0.form != .unknown && $0.signed == false }) {
                blocked.append(PacketReason(code: ApprovalCode.signatureNotAcknowledged,
                                            message: "no signature was found: check the paper and acknowledge it explicitly"))
            }
            let critical = fields.filter { $0.isCorrected && fourEyes.applies($0.key) }
            if !critical.isEmpty, !role.canGiveSecondApproval || critical.contains(where: { $0.correctedBy == actor }) {
                let keys = Self.orderedKeys(critical)
                blocked.append(PacketReason(code: ApprovalCode.secondApproval,
                                            message: "corrected critical field(s) need a supervisor's approval (not the corrector's): \(keys.joined(separator: ", "))",
                                            fields: keys))
            }
            let eval = try self.evaluate(db, packetId: packetId, mode: .approval)
            if eval.state != .registered {
                blocked += eval.reasons.filter { ReasonCode.blocking.contains($0.code) }
                if eval.entry == nil, !blocked.contains(where: { $0.code == ReasonCode.registryUnknown }) {
                    blocked.append(PacketReason(code: ReasonCode.registryUnknown,
                                                message: "no registry entry to activate: correct the registry number or import the registry"))
                }
            }
            if !blocked.isEmpty {
                if decisions.values.contains(where: { $0 != .unchanged }) { try self.keepInReview(packetId, actor: actor, db) }
                let waiting = blocked.count == 1 && blocked[0].code == ApprovalCode.secondApproval
                try db.execute(sql: "UPDATE packet SET approval_requested_by = ? WHERE id = ?",
                               arguments: [waiting ? actor : nil, packetId])
                if waiting {
                    // The reviewer's part is done: the packet is free for a supervisor.
                    try db.execute(sql: "UPDATE packet SET claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?",
                                   arguments: [packetId, actor])
                    try Audit.write(db, at: self.clock(), actor: actor, action: AuditAction.approvalRequested,
                                    packetId: packetId, registryNumber: packet.registryNumber,
                                    detail: ["fields": .strings(blocked[0].fields ?? [])])
                }
                return .blocked(blocked)
            }
            try db.execute(sql: "UPDATE packet SET approval_requested_by = NULL WHERE id = ?", arguments: [packetId])
            let confirmed = Self.orderedKeys(fields.filter { $0.confirmedBy != nil })
            let corrected = Self.orderedKeys(fields.filter(\.isCorrected))
            try self.apply(eval, packetId: packetId, actor: actor, municipality: nil, db, approval: true, approvalDetail: [
                "confirmed": .strings(confirmed), "corrected": .strings(corrected),
                "signature_acknowledged": .bool(signatureAcknowledged), "role": .string(role.rawValue),
            ])
            return .approved(try self.outcome(db, packetId: packetId, disposition: .existing))
        }
        switch result {
        case let .approved(outcome):
            logger.info("packet approved", metadata: ["packet_id": "\(packetId)"])
            return outcome
        case let .blocked(reasons):
            throw RegistryError.approvalBlocked(packetId: packetId, reasons: reasons)
        }
    }

    static func orderedKeys(_ fields: [FieldRecord]) -> [String] {
        var keys: [String] = []
        for f in fields where !keys.contains(f.key) { keys.append(f.key) }
        return keys
    }

    func packetInReview(_ db: SQLDB, _ packetId: Int64, action: String) throws -> PacketRecord {
        guard let packet = try PacketRecord.fetchOne(db, key: packetId) else { throw RegistryError.packetNotFound(packetId) }
        guard packet.state == .review else {
            throw RegistryError.invalidState(packetId: packetId, state: packet.state, action: action)
        }
        return packet
    }

    /// Re-evaluates after a change by a reviewer; a change never activates by itself: approve does.
    func keepInReview(_ packetId: Int64, actor: String, _ db: SQLDB) throws {
        var eval = try evaluate(db, packetId: packetId, mode: .automatic)
        eval.state = .review
        try apply(eval, packetId: packetId, actor: actor, municipality: nil, db)
    }

    /// Writes checked edits: corrections and confirmations, one audit row each, no values in the audit.
    func apply(_ edits: [(edit: FieldEdit, value: String?)], to packet: PacketRecord, actor: String,
               _ db: SQLDB) throws -> [String: FieldDecision] {
        let now = clock()
        var decisions: [String: FieldDecision] = [:]
        for (edit, value) in edits {
            let rows = try FieldRecord.fetchAll(db, sql: "SELECT * FROM field WHERE packet_id = ? AND key = ? ORDER BY id",
                                                arguments: [packet.id, edit.key])
            let unchanged = rows.isEmpty ? value == nil
                                         : rows.allSatisfy { FieldRules.same(key: edit.key, typed: value, stored: $0.value) }
            if unchanged {
                let open = rows.filter { $0.status != .ok }
                guard edit.confirmed, !open.isEmpty else { decisions[edit.key] = .unchanged; continue }
                for row in open {
                    try db.execute(sql: """
                        UPDATE field SET status = 'ok', confirmed_by = ?, confirmed_at = ? WHERE id = ?
                        """, arguments: [actor, now, row.id])
                }
                try Audit.write(db, at: now, actor: actor, action: AuditAction.fieldConfirmed, packetId: packet.id,
                                registryNumber: packet.registryNumber,
                                detail: ["key": .string(edit.key), "fields": .int(Int64(open.count))])
                decisions[edit.key] = .confirmed
            } else {
                try writeCorrection(db, packet: packet, key: edit.key, value: value, rows: rows, pageId: nil, actor: actor, now: now)
                decisions[edit.key] = .corrected
            }
        }
        return decisions
    }

    /// Stores a corrected value on every given row (or adds it to the application page when none holds the
    /// key); the machine's first reading stays in `original_value`. One audit row, without values.
    func writeCorrection(_ db: SQLDB, packet: PacketRecord, key: String, value: String?, rows: [FieldRecord],
                         pageId: Int64?, actor: String, now: Date) throws {
        if rows.isEmpty {
            let pages = try packetPages(db, packetId: packet.id)
            guard let target = pageId ?? (pages.first { $0.form == .application } ?? pages.first)?.id else {
                throw RegistryError.packetNotFound(packet.id)
            }
            try db.execute(sql: """
                INSERT INTO field (packet_id, page_id, key, value, status, confidence, rule, corrected_by, corrected_at)
                VALUES (?, ?, ?, ?, 'ok', 1, 'manual', ?, ?)
                """, arguments: [packet.id, target, key, value, actor, now])
        }
        for row in rows {
            try db.execute(sql: """
                UPDATE field SET original_value = CASE WHEN corrected_by IS NULL THEN value ELSE original_value END,
                       value = ?, status = 'ok', reason = NULL, corrected_by = ?, corrected_at = ?
                WHERE id = ?
                """, arguments: [value, actor, now, row.id])
        }
        try Audit.write(db, at: now, actor: actor, action: AuditAction.fieldCorrected, packetId: packet.id,
                        registryNumber: packet.registryNumber, detail: [
                            "key": .string(key), "fields": .int(Int64(max(rows.count, 1))), "added": .bool(rows.isEmpty),
                        ])
    }
}
