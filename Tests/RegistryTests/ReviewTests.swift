import Foundation
import IntakeModel
import XCTest
@testable import Registry

final class ReviewTests: RegistryTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        try importRegistry()
    }

    func testEveryDoubtCodeHasItsRussianLabel() {
        // A reviewer reads why a field was doubted: a code added without its words would show raw.
        for d in Doubt.allCases { XCTAssertNotNil(Labels.doubts[d.rawValue], d.rawValue) }
    }

    func testCorrectionThenApproveActivates() throws {
        // The machine read "Алина" on both forms and the wrong birth day.
        let app = Fixture.application(first: "Алина", birth: "2014-03-06", review: ["child.first_name"])
        let outcome = try store.register(Fixture.packet("x.pdf", application: app, consent: Fixture.consent(first: "Алина")))
        XCTAssertEqual(codes(outcome), ["registry_mismatch", "field_review"])

        XCTAssertThrowsError(try store.approve(packetId: outcome.packetId, actor: "anna")) { error in
            guard case let RegistryError.approvalBlocked(_, reasons) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(reasons.map(\.code), ["unresolved_fields", "registry_mismatch"])
            XCTAssertEqual(reasons[0].fields, ["child.first_name"])
            XCTAssertFalse("\(error)".contains("Алина"))
        }

        var detail = try store.correctField(packetId: outcome.packetId, key: "child.first_name", value: "Алёна", actor: "anna")
        let names = detail.fields.filter { $0.key == "child.first_name" }
        XCTAssertEqual(names.count, 2, "application and consent are both corrected")
        for f in names {
            XCTAssertEqual(f.value, "Алёна")
            XCTAssertEqual(f.originalValue, "Алина")
            XCTAssertEqual(f.status, .ok)
            XCTAssertEqual(f.correctedBy, "anna")
            XCTAssertTrue(f.isCorrected)
        }
        XCTAssertEqual(detail.packet.state, .review, "a correction does not activate by itself")
        XCTAssertEqual(detail.packet.reasons.map(\.code), ["registry_mismatch"])
        XCTAssertEqual(detail.packet.reasons[0].fields, ["child.birth_date"])

        XCTAssertThrowsError(try store.correctField(packetId: outcome.packetId, key: "child.birth_date", value: "31.02.2014", actor: "anna"))
        detail = try store.correctField(packetId: outcome.packetId, key: "child.birth_date", value: "05.03.2014", actor: "anna")
        XCTAssertEqual(detail.fields.first { $0.key == "child.birth_date" }?.value, "2014-03-05")
        // A second correction keeps the machine's original reading.
        try store.correctField(packetId: outcome.packetId, key: "child.first_name", value: "Алена", actor: "boris")
        XCTAssertEqual(try store.packet(id: outcome.packetId).fields.first { $0.key == "child.first_name" }?.originalValue, "Алина")

        let approved = try store.approve(packetId: outcome.packetId, actor: "boris")
        XCTAssertEqual(approved.state, .registered)
        XCTAssertEqual(try store.entry(registryNumber: "4217123456")?.activatedPacketId, outcome.packetId)
        XCTAssertEqual(try store.auditLog(packetId: outcome.packetId).map(\.action), [
            "packet_created", "queued_for_review", "field_corrected", "review_updated", "field_corrected",
            "review_updated", "field_corrected", "approved", "activated",
        ])
        let corrections = try store.auditLog(packetId: outcome.packetId).filter { $0.action == "field_corrected" }
        XCTAssertEqual(corrections[0].detail, #"{"added":false,"fields":2,"key":"child.first_name"}"#)
        XCTAssertEqual(corrections[0].actor, "anna")
        try assertAuditHasNoPersonalData()

        // The export marks corrected values.
        let row = try XCTUnwrap(store.export().first { $0.entry.registryNumber == "4217123456" })
        XCTAssertEqual(row.paper["child.first_name"], PaperValue(value: "Алена", status: .ok, corrected: true))
        XCTAssertEqual(row.paper["child.last_name"]?.corrected, false)

        // Registered packets are closed to corrections.
        XCTAssertThrowsError(try store.correctField(packetId: outcome.packetId, key: "child.first_name", value: "Алена", actor: "anna")) { error in
            XCTAssertEqual(error as? RegistryError, .invalidState(packetId: outcome.packetId, state: .registered, action: "saving a review"))
        }
    }

    func testApprovalNeedsEveryDoubtResolvedAndTheSignatureAcknowledged() throws {
        let issues = [Issue(code: "signature_missing", field: nil, message: "no signature")]
        let a = try store.register(Fixture.packet("a.pdf", application: Fixture.application(signed: false, issues: issues, review: ["applicant.email"])))
        XCTAssertEqual(codes(a), ["unverified_fields", "signature_missing"])
        // One click with nothing looked at is refused: the doubted e-mail and the missing signature.
        XCTAssertThrowsError(try store.approve(packetId: a.packetId, edits: [], signatureAcknowledged: false, actor: "anna", role: .reviewer)) { error in
            guard case let RegistryError.approvalBlocked(_, reasons) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(reasons.map(\.code), ["unresolved_fields", "signature_not_acknowledged"])
        }
        let approved = try store.approve(packetId: a.packetId,
                                         edits: [FieldEdit(key: "applicant.email", value: "Olga.Ivanova@mail.ru", confirmed: true)],
                                         signatureAcknowledged: true, actor: "anna", role: .reviewer)
        XCTAssertEqual(approved.state, .registered)
        let email = try XCTUnwrap(store.packet(id: a.packetId).fields.first { $0.key == "applicant.email" })
        XCTAssertEqual(email.confirmedBy, "anna")
        XCTAssertFalse(email.isCorrected, "the same address in other letter case is a confirmation")
        XCTAssertEqual(try store.auditLog(packetId: a.packetId).filter { $0.action.hasPrefix("field_") }.map(\.action), ["field_confirmed"])
        XCTAssertEqual(try store.auditLog(packetId: a.packetId).first { $0.action == "approved" }?.detail,
                       #"{"acknowledged":["signature_missing"],"confirmed":["applicant.email"],"corrected":[],"role":"reviewer","signature_acknowledged":true}"#)

        let b = try store.register(Fixture.packet("b.pdf", application: Fixture.application(number: "7", registry: "4217654321", last: "Петров", first: "Сергей", middle: "Олегович", birth: "2012-11-17"),
                                                  consent: nil))
        XCTAssertThrowsError(try store.approve(packetId: b.packetId, actor: "anna")) { error in
            guard case let RegistryError.approvalBlocked(_, reasons) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(reasons.map(\.code), ["consent_missing"])
            XCTAssertTrue("\(error)".contains("consent_missing"))
        }
        XCTAssertEqual(try store.packet(id: b.packetId).packet.state, .review)
    }

    func testCorrectingAMissingFieldAddsIt() throws {
        var app = Fixture.application(registry: nil)
        app.fields.removeValue(forKey: "registry_number")
        let outcome = try store.register(Fixture.packet("x.pdf", application: app))
        XCTAssertEqual(codes(outcome), ["field_missing"])
        XCTAssertThrowsError(try store.correctField(packetId: outcome.packetId, key: "registry_number", value: "42171", actor: "anna"))
        let detail = try store.correctField(packetId: outcome.packetId, key: "registry_number", value: "4217 123456", actor: "anna")
        let field = try XCTUnwrap(detail.fields.first { $0.key == "registry_number" })
        XCTAssertEqual(field.value, "4217123456")
        XCTAssertEqual(field.rule, "manual")
        XCTAssertNil(field.originalValue)
        XCTAssertEqual(detail.packet.reasons, [])
        XCTAssertEqual(try store.approve(packetId: outcome.packetId, actor: "anna").state, .registered)
    }

    func testCorrectionOnOnePage() throws {
        let outcome = try store.register(Fixture.packet("x.pdf", consent: Fixture.consent(last: "Ивавова")))
        XCTAssertEqual(codes(outcome), ["cross_form_mismatch"])
        let pages = try store.packet(id: outcome.packetId).pages
        XCTAssertThrowsError(try store.correctField(packetId: outcome.packetId, key: "child.last_name", value: "Иванова", actor: "anna", pageId: 9999))
        let detail = try store.correctField(packetId: outcome.packetId, key: "child.last_name", value: "Иванова", actor: "anna", pageId: pages[1].id)
        XCTAssertEqual(detail.fields.filter { $0.key == "child.last_name" }.map(\.isCorrected), [false, true])
        XCTAssertEqual(detail.packet.reasons, [])
    }

    func testReject() throws {
        let outcome = try store.register(Fixture.packet("x.pdf", consent: nil))
        let rejected = try store.reject(packetId: outcome.packetId, actor: "anna", reason: "a photocopy, not the original")
        XCTAssertEqual(rejected.state, .rejected)
        XCTAssertEqual(rejected.reasons.map(\.code), ["consent_missing", "rejected"])
        XCTAssertEqual(rejected.reasons.last?.message, "a photocopy, not the original")
        let audit = try XCTUnwrap(store.auditLog(packetId: outcome.packetId).last)
        XCTAssertEqual(audit.action, "rejected")
        XCTAssertEqual(audit.detail, #"{"reasons":["consent_missing"]}"#, "the free text is not in the audit")
        XCTAssertThrowsError(try store.approve(packetId: outcome.packetId, actor: "anna"))
        XCTAssertThrowsError(try store.reject(packetId: 4242, actor: "anna", reason: "x")) { error in
            XCTAssertEqual(error as? RegistryError, .packetNotFound(4242))
        }
        XCTAssertEqual(try store.queue(), [])
    }

    func testQueueIsOldestFirstAndFilters() throws {
        let a = try store.register(Fixture.packet("a.pdf", consent: nil, municipality: "Кемеровский городской округ"))
        let b = try store.register(Fixture.packet("b.pdf", application: Fixture.application(number: "2", registry: "4217000099", last: "Орлов", first: "Ян", birth: "2015-05-05"),
                                                  consent: Fixture.consent(number: "2", last: "Орлов", first: "Ян")))
        let c = try store.register(Fixture.packet("c.pdf", application: Fixture.application(number: "3", registry: "4217654321", last: "Петров", first: "Сергей", middle: "Олегович", birth: "2012-11-17"),
                                                  consent: nil))
        XCTAssertEqual(try store.queue().map(\.packetId), [a.packetId, b.packetId, c.packetId])
        XCTAssertEqual(try store.queue(reason: "consent_missing").map(\.packetId), [a.packetId, c.packetId])
        XCTAssertEqual(try store.queue(reason: "registry_unknown").map(\.packetId), [b.packetId])
        XCTAssertEqual(try store.queue(municipality: "Кемеровский городской округ").map(\.packetId), [a.packetId])
        XCTAssertEqual(try store.queue(municipality: "Новокузнецкий городской округ").map(\.packetId), [c.packetId],
                       "the matched entry's municipality is used when the batch gives none")
        XCTAssertEqual(try store.queue(limit: 1).map(\.packetId), [a.packetId])
        XCTAssertEqual(try store.queue()[1].reasons.map(\.code), ["registry_unknown"])
    }

    func testRevokeConsentDeletesPaperData() throws {
        let registered = try store.register(Fixture.packet("Иванова_заявление.pdf"))
        let review = try store.register(Fixture.packet("rescan.pdf", application: Fixture.application(number: "40999", review: ["child.first_name"]),
                                                       consent: Fixture.consent(number: "40999")))
        XCTAssertEqual(review.state, .review)
        let other = try store.register(Fixture.packet("p.pdf", application: Fixture.application(number: "8", registry: "4217654321", last: "Петров", first: "Сергей", middle: "Олегович", birth: "2012-11-17"),
                                                      consent: Fixture.consent(number: "8", last: "Петров", first: "Сергей")))

        let summary = try store.revokeConsent(registryNumber: "4217123456", actor: "operator")
        XCTAssertEqual(summary.packets, 2)
        XCTAssertEqual(summary.images, 4)
        XCTAssertEqual(summary.documents, 2)
        XCTAssertEqual(summary.packetsRejected, 1)
        XCTAssertTrue(summary.entryMarked)
        XCTAssertGreaterThan(summary.fields, 40)

        for id in [registered.packetId, review.packetId] {
            let detail = try store.packet(id: id)
            XCTAssertTrue(detail.fields.allSatisfy { $0.value == nil && $0.raw == nil && $0.originalValue == nil && $0.reason == nil })
            XCTAssertTrue(detail.pages.allSatisfy { $0.imageFormat == nil })
            for page in detail.pages { XCTAssertNil(try store.pageImage(pageId: page.id)) }
            XCTAssertTrue(detail.documents.allSatisfy { $0.fileName == nil })
        }
        XCTAssertEqual(try store.packet(id: review.packetId).packet.state, .rejected)
        XCTAssertEqual(try store.packet(id: registered.packetId).packet.state, .registered)

        // The imported registry row stays (it comes from the regional system), marked.
        let entry = try XCTUnwrap(store.entry(registryNumber: "4217123456"))
        XCTAssertTrue(entry.consentRevoked)
        XCTAssertEqual(entry.lastName, "Иванова")
        XCTAssertNotNil(entry.activatedAt)

        // Somebody else's data is untouched.
        XCTAssertEqual(try store.packet(id: other.packetId).fields.first { $0.key == "child.last_name" }?.value, "Петров")
        XCTAssertNotNil(try store.pageImage(pageId: store.packet(id: other.packetId).pages[0].id))

        let audit = try XCTUnwrap(store.auditLog().last)
        XCTAssertEqual(audit.action, "consent_revoked")
        XCTAssertEqual(audit.registryNumber, "4217123456")
        XCTAssertEqual(audit.detail, #"{"documents":2,"fields":\#(summary.fields),"images":4,"packets":[\#(registered.packetId),\#(review.packetId)],"packets_rejected":1,"staged_pages":0}"#)
        try assertAuditHasNoPersonalData()

        // Registering the same files again does not bring the data back.
        XCTAssertEqual(try store.register(Fixture.packet("Иванова_заявление.pdf")).disposition, .existing)
        XCTAssertNil(try store.packet(id: registered.packetId).fields.first { $0.key == "child.last_name" }?.value)
    }

    func testRevokeByApplicationNumberAndUnknownNumber() throws {
        let outcome = try store.register(PacketInput(documents: [Fixture.document("c.png", [Fixture.consent(number: "777")])]))
        let summary = try store.revokeConsent(applicationNumber: "777", actor: "operator")
        XCTAssertEqual(summary.packets, 1)
        XCTAssertFalse(summary.entryMarked)
        XCTAssertEqual(try store.packet(id: outcome.packetId).packet.state, .rejected)
        XCTAssertThrowsError(try store.revokeConsent(registryNumber: "4217000077", actor: "operator")) { error in
            XCTAssertEqual(error as? RegistryError, .entryNotFound)
        }
        // An entry without packets is still marked.
        XCTAssertTrue(try store.revokeConsent(registryNumber: "4217654321", actor: "operator").entryMarked)
        try assertAuditHasNoPersonalData()
    }

    func testErrorMessagesNameTheRemedyWithoutValues() {
        let errors: [RegistryError] = [
            .entryNotFound, .packetNotFound(3), .missingColumns(["birth_date"]), .unsupportedEncoding,
            .approvalBlocked(packetId: 1, reasons: [PacketReason(code: "registry_mismatch", message: "differs: child.last_name")]),
            .invalidValue(key: "child.birth_date", expected: "a real date"),
        ]
        for e in errors {
            XCTAssertGreaterThan(e.description.count, 30)
            XCTAssertEqual(e.errorDescription, e.description)
        }
    }
}
