import Foundation
import IntakeModel
import XCTest
@testable import Registry

/// A reviewer's form as one unit: nothing typed is lost, confirming is not correcting, values follow their
/// field's rules, four eyes on critical corrections, claims, packet operations and sessions.
final class ReviewDecisionTests: RegistryTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        try importRegistry()
    }

    /// The reported loss: a correction typed, Tab, another typed, Alt+A. Every edit is stored even though the
    /// approval is refused (the registry still disagrees), and each has its correction row.
    func testApproveSavesEveryEditEvenWhenTheApprovalIsRefused() throws {
        let app = Fixture.application(first: "Алина", birth: "2014-03-06", review: ["child.first_name"])
        let p = try store.register(Fixture.packet("x.pdf", application: app, consent: Fixture.consent(first: "Алина")))
        XCTAssertThrowsError(try store.approve(packetId: p.packetId, edits: [
            FieldEdit(key: "child.first_name", value: "Алёна"),
            FieldEdit(key: "applicant.passport_number", value: "778 890"),
        ], signatureAcknowledged: false, actor: "anna", role: .reviewer)) { error in
            guard case let RegistryError.approvalBlocked(_, reasons) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(reasons.map(\.code), ["second_approval", "registry_mismatch"])
        }
        let fields = try store.packet(id: p.packetId).fields
        XCTAssertEqual(fields.filter { $0.key == "child.first_name" }.map(\.value), ["Алёна", "Алёна"])
        XCTAssertEqual(fields.first { $0.key == "applicant.passport_number" }?.value, "778890")
        XCTAssertEqual(fields.first { $0.key == "child.first_name" }?.correctedBy, "anna")
        XCTAssertEqual(try store.auditLog(packetId: p.packetId).filter { $0.action == "field_corrected" }.count, 2)
        XCTAssertEqual(try store.packet(id: p.packetId).packet.state, .review)
    }

    func testConfirmingIsNotCorrectingAndAnUntickedUnchangedValueWritesNothing() throws {
        let p = try store.register(Fixture.packet("x.pdf", application: Fixture.application(review: ["child.birth_date", "applicant.phone"])))
        let saved = try store.saveReview(packetId: p.packetId, edits: [
            FieldEdit(key: "child.birth_date", value: "05.03.2014", confirmed: true),   // same date, other notation
            FieldEdit(key: "applicant.phone", value: "+79131234567", confirmed: false), // looked at, not ticked
        ], actor: "anna")
        XCTAssertEqual(saved.decisions, ["child.birth_date": .confirmed, "applicant.phone": .unchanged])
        let birth = try XCTUnwrap(saved.detail.fields.first { $0.key == "child.birth_date" })
        XCTAssertEqual(birth.status, .ok)
        XCTAssertEqual(birth.confirmedBy, "anna")
        XCTAssertNil(birth.correctedBy)
        XCTAssertNil(birth.originalValue)
        XCTAssertEqual(saved.detail.fields.first { $0.key == "applicant.phone" }?.status, .review)
        let actions = try store.auditLog(packetId: p.packetId).map(\.action)
        XCTAssertTrue(actions.contains("field_confirmed"))
        XCTAssertFalse(actions.contains("field_corrected"))
        // The single-field path (Enter on an unchanged value) is a confirmation too.
        try store.correctField(packetId: p.packetId, key: "applicant.phone", value: "8 (913) 123-45-67", actor: "anna")
        let phone = try XCTUnwrap(store.packet(id: p.packetId).fields.first { $0.key == "applicant.phone" })
        XCTAssertEqual(phone.confirmedBy, "anna")
        XCTAssertFalse(phone.isCorrected)
        try assertAuditHasNoPersonalData()
    }

    func testOneInvalidValueSavesNothingAndNamesEveryFailure() throws {
        let p = try store.register(Fixture.packet("x.pdf", application: Fixture.application(review: ["child.first_name"])))
        XCTAssertThrowsError(try store.saveReview(packetId: p.packetId, edits: [
            FieldEdit(key: "child.first_name", value: "Алёна"),
            FieldEdit(key: "child.last_name", value: String(repeating: "Я", count: 60_000)),
            FieldEdit(key: "child.birth_date", value: "05.03.2099"),
        ], actor: "anna")) { error in
            guard case let RegistryError.invalidValues(list) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(list.map(\.key), ["child.last_name", "child.birth_date"])
            XCTAssertFalse("\(error)".contains("Я"), "the typed value is not echoed")
        }
        XCTAssertEqual(try store.packet(id: p.packetId).fields.first { $0.key == "child.first_name" }?.value, "Алёна")
        XCTAssertNil(try store.packet(id: p.packetId).fields.first { $0.key == "child.first_name" }?.correctedBy)
        XCTAssertEqual(try store.auditLog(packetId: p.packetId).filter { $0.action.hasPrefix("field_") }.count, 0)
    }

    func testFieldRules() throws {
        let today = "2026-12-01"
        func ok(_ key: String, _ value: String) throws -> String? { try FieldRules.normalized(key: key, value: value, today: today) }
        XCTAssertEqual(try ok("child.last_name", "  Салтыков-Щедрин "), "Салтыков-Щедрин")
        XCTAssertThrowsError(try ok("child.first_name", "Anna"))
        XCTAssertThrowsError(try ok("child.first_name", "Анна2"))
        XCTAssertThrowsError(try ok("child.first_name", "Анна\nПетрова"))
        XCTAssertEqual(try ok("applicant.phone", "8 (913) 123-45-67"), "+79131234567")
        XCTAssertEqual(try ok("applicant.phone", "9131234567"), "+79131234567")
        XCTAssertThrowsError(try ok("applicant.phone", "12345"))
        XCTAssertEqual(try ok("applicant.email", "Olga.Ivanova@Mail.RU"), "olga.ivanova@mail.ru")
        XCTAssertThrowsError(try ok("applicant.email", "ольга@почта.рф"))
        XCTAssertEqual(try ok("applicant.passport_series", "32 12"), "3212")
        XCTAssertThrowsError(try ok("applicant.passport_number", "77889"))
        XCTAssertEqual(try ok("applicant.passport_issue_date", "01.12.2026"), "2026-12-01")
        XCTAssertThrowsError(try ok("applicant.passport_issue_date", "02.12.2026"))
        XCTAssertThrowsError(try ok("child.address", String(repeating: "д", count: 301)))
        XCTAssertNil(try ok("child.middle_name", "   "), "blank clears an absent patronymic")
        XCTAssertTrue(FieldRules.same(key: "child.birth_date", typed: "5.3.2014", stored: "2014-03-05"))
        XCTAssertFalse(FieldRules.same(key: "child.first_name", typed: "Алёна", stored: "Алена"), "ё is a correction")
    }

    func testFourEyesOnCriticalCorrections() throws {
        let app = Fixture.application(birth: "2014-03-06", review: ["child.birth_date"])
        let p = try store.register(Fixture.packet("x.pdf", application: app))
        XCTAssertThrowsError(try store.approve(packetId: p.packetId, edits: [FieldEdit(key: "child.birth_date", value: "05.03.2014")],
                                               signatureAcknowledged: false, actor: "anna", role: .reviewer)) { error in
            guard case let RegistryError.approvalBlocked(_, reasons) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(reasons.map(\.code), ["second_approval"])
        }
        XCTAssertEqual(try store.awaitingSecondApproval()[p.packetId], "anna")
        XCTAssertEqual(try store.auditLog(packetId: p.packetId).last?.action, "approval_requested")
        // A supervisor who made the correction is not a second pair of eyes either.
        XCTAssertThrowsError(try store.approve(packetId: p.packetId, edits: [], signatureAcknowledged: false, actor: "anna", role: .supervisor))
        // Another reviewer without the role cannot, another supervisor can.
        XCTAssertThrowsError(try store.approve(packetId: p.packetId, edits: [], signatureAcknowledged: false, actor: "boris", role: .reviewer))
        let done = try store.approve(packetId: p.packetId, edits: [], signatureAcknowledged: false, actor: "vera", role: .supervisor)
        XCTAssertEqual(done.state, .registered)
        XCTAssertNil(try store.awaitingSecondApproval()[p.packetId])
        // A non-critical correction needs no second approval.
        let q = try store.register(Fixture.packet("y.pdf", application: Fixture.application(number: "7", registry: "4217654321", last: "Петров", first: "Сергей", middle: "Олегович", birth: "2012-11-17", review: ["applicant.phone", "category"]),
                                                  consent: Fixture.consent(number: "7", last: "Петров", first: "Сергей")))
        XCTAssertEqual(try store.approve(packetId: q.packetId, edits: [FieldEdit(key: "applicant.phone", value: "+7 913 000-00-00"),
                                                                      FieldEdit(key: "category", value: Fixture.category, confirmed: true)],
                                         signatureAcknowledged: false, actor: "anna", role: .reviewer).state, .registered)
    }

    func testClaims() throws {
        let p = try store.register(Fixture.packet("x.pdf", consent: nil))
        XCTAssertEqual(try store.claim(packetId: p.packetId, reviewer: "anna", duration: 600)?.reviewer, "anna")
        XCTAssertEqual(try store.claim(packetId: p.packetId, reviewer: "boris", duration: 600)?.reviewer, "anna", "boris sees anna's claim")
        XCTAssertEqual(try store.claims()[p.packetId]?.reviewer, "anna")
        try store.releaseClaim(packetId: p.packetId, reviewer: "anna")
        XCTAssertEqual(try store.claim(packetId: p.packetId, reviewer: "boris", duration: 1)?.reviewer, "boris")
        // The clock moves a second per call: a one-second claim has lapsed by the next look.
        _ = try store.claimOf(packetId: p.packetId)
        XCTAssertNil(try store.claimOf(packetId: p.packetId))
    }

    /// An application and its consent scanned separately whose numbers were misread differently end up as two
    /// packets; pairing moves the consent's page over and the packet is whole again.
    func testPairSplitAndReclassify() throws {
        let app = try store.register(PacketInput(documents: [Fixture.document("app.png", [Fixture.application()])]))
        let consent = try store.register(PacketInput(documents: [Fixture.document("consent.png", [Fixture.consent(number: "40218")])]))
        XCTAssertNotEqual(app.packetId, consent.packetId)
        XCTAssertEqual(codes(app), ["consent_missing"])
        try store.movePages(try store.pageIds(ofPacket: consent.packetId), from: consent.packetId, to: app.packetId, actor: "anna")
        var detail = try store.packet(id: app.packetId)
        XCTAssertEqual(detail.pages.map(\.form), [.application, .consent])
        XCTAssertEqual(detail.documents.count, 2)
        XCTAssertEqual(detail.packet.reasons.map(\.code), ["cross_form_mismatch"], "the misread number is now visible as a disagreement")
        XCTAssertEqual(try store.packet(id: consent.packetId).packet.state, .rejected, "the emptied packet is closed")
        try store.correctField(packetId: app.packetId, key: "application_number", value: "40213", actor: "anna",
                               pageId: detail.pages[1].id)
        XCTAssertEqual(try store.packet(id: app.packetId).packet.reasons, [])

        let created = try store.splitPages([detail.pages[1].id], from: app.packetId, actor: "anna")
        XCTAssertEqual(try store.packet(id: created).pages.map(\.form), [.consent])
        XCTAssertEqual(try store.packet(id: app.packetId).packet.reasons.map(\.code), ["consent_missing"])
        try store.reclassifyPage(pageId: try store.pageIds(ofPacket: created)[0], in: created, as: .unknown, actor: "anna")
        detail = try store.packet(id: created)
        XCTAssertEqual(detail.packet.reasons.map(\.code), ["unknown_form"])
        XCTAssertEqual(detail.fields.count, 0)
        XCTAssertThrowsError(try store.splitPages(try store.pageIds(ofPacket: created), from: created, actor: "anna"))
        let actions = try store.auditLog().map(\.action)
        for a in ["pages_moved", "packet_split", "page_reclassified"] { XCTAssertTrue(actions.contains(a), a) }
        try assertAuditHasNoPersonalData()
    }

    func testSessionsSurviveAReopenAndEndOnPasswordChangeOrDisable() throws {
        let hash = "$2b$12$" + String(repeating: "a", count: 53)
        try store.addReviewer(name: "anna", passwordHash: hash, role: .supervisor, actor: "admin")
        try store.createSession(tokenHash: "t1", reviewer: "anna", csrfToken: "c1")
        let clock = self.clock
        let reopened = try RegistryStore(path: dbPath, clock: { clock.next() })
        XCTAssertEqual(try reopened.session(tokenHash: "t1", lifetime: 3600, idleTimeout: 3600)?.reviewer, "anna")
        XCTAssertEqual(try reopened.reviewer(name: "anna")?.role, .supervisor)
        try store.setReviewerPassword(name: "anna", passwordHash: hash, actor: "admin")
        XCTAssertNil(try store.session(tokenHash: "t1", lifetime: 3600, idleTimeout: 3600))
        try store.createSession(tokenHash: "t2", reviewer: "anna", csrfToken: "c2")
        try store.setReviewerDisabled(name: "anna", disabled: true, actor: "admin")
        XCTAssertNil(try store.session(tokenHash: "t2", lifetime: 3600, idleTimeout: 3600))
        XCTAssertEqual(try store.reviewer(name: "anna")?.disabled, true)
    }

    func testStatistics() throws {
        let p = try store.register(Fixture.packet("x.pdf", application: Fixture.application(review: ["child.first_name"])))
        try store.approve(packetId: p.packetId, edits: [FieldEdit(key: "child.first_name", value: "Алёна", confirmed: true)],
                          signatureAcknowledged: false, actor: "anna", role: .reviewer)
        let s = try store.reviewStatistics()
        XCTAssertEqual(s.perReviewerHour.first?.reviewer, "anna")
        XCTAssertEqual(s.perReviewerHour.first?.confirmed, 1)
        XCTAssertEqual(s.perReviewerHour.first?.approved, 1)
        XCTAssertEqual(s.confirmationsPerField.first?.key, "child.first_name")
        XCTAssertEqual(s.decidedPackets, 1)
        XCTAssertNotNil(s.medianSecondsToDecision)
    }
}
