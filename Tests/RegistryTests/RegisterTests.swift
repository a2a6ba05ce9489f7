import Foundation
import IntakeModel
import XCTest
@testable import Registry

final class RegisterTests: RegistryTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        try importRegistry()
    }

    func testMatchingPacketActivatesTheEntry() throws {
        let outcome = try store.register(Fixture.packet("ivanova.pdf"))
        XCTAssertEqual(outcome.state, .registered, "\(outcome.reasons)")
        XCTAssertEqual(outcome.disposition, .created)
        XCTAssertEqual(outcome.reasons, [])
        XCTAssertEqual(outcome.registryNumber, "4217123456")
        XCTAssertEqual(outcome.applicationNumber, "40213")

        let entry = try XCTUnwrap(store.entry(registryNumber: "4217123456"))
        XCTAssertEqual(entry.status, "Активирован")
        XCTAssertEqual(entry.activatedPacketId, outcome.packetId)
        XCTAssertNotNil(entry.activatedAt)

        let detail = try store.packet(id: outcome.packetId)
        XCTAssertEqual(detail.documents.count, 1)
        XCTAssertEqual(detail.documents[0].fileName, "ivanova.pdf")
        XCTAssertEqual(detail.documents[0].pageCount, 2)
        XCTAssertEqual(detail.pages.map(\.form), [.application, .consent])
        XCTAssertEqual(detail.pages[0].tesseractVersion, "5.3.0")
        XCTAssertEqual(detail.pages[0].modelChecksums, ["rus": "0f1e2d3c"])
        XCTAssertEqual(detail.pages[0].imageFormat, "png")
        XCTAssertEqual(detail.pages[0].width, 2480)
        // Provenance of every field: page, box, raw reading, rule, confidence.
        let surname = try XCTUnwrap(detail.fields.first { $0.key == "child.last_name" && $0.pageId == detail.pages[0].id })
        XCTAssertEqual(surname.value, "Иванова")
        XCTAssertEqual(surname.raw, "Иванова")
        XCTAssertEqual(surname.box, Box(x: 120, y: 340, width: 400, height: 32))
        XCTAssertEqual(surname.rule, "anchor:label")
        XCTAssertEqual(surname.confidence, 0.93, accuracy: 1e-9)
        XCTAssertEqual(try store.pageImage(pageId: detail.pages[0].id)?.data, Fixture.png)

        XCTAssertEqual(try store.auditLog(packetId: outcome.packetId).map(\.action), ["packet_created", "activated"])
        try assertAuditHasNoPersonalData()
    }

    func testReRegisteringIsIdempotent() throws {
        let first = try store.register(Fixture.packet("ivanova.pdf"))
        let counts = try ["packet", "document", "page", "field", "audit"].map(count)
        let again = try store.register(Fixture.packet("ivanova.pdf"))
        XCTAssertEqual(again.disposition, .existing)
        XCTAssertEqual(again.packetId, first.packetId)
        XCTAssertEqual(again.state, first.state)
        XCTAssertEqual(try ["packet", "document", "page", "field", "audit"].map(count), counts)
    }

    func testUnknownRegistryNumber() throws {
        let outcome = try store.register(Fixture.packet("x.pdf", application: Fixture.application(registry: "4217000099")))
        XCTAssertEqual(outcome.state, .review)
        // The child is on another entry: the reviewer gets the hint.
        XCTAssertEqual(codes(outcome), ["registry_unknown", "possible_duplicate"])
        XCTAssertTrue(outcome.reasons[1].message.contains("4217123456"))
        XCTAssertEqual(outcome.reasons[0].fields, ["registry_number"])
        XCTAssertNil(try store.entry(registryNumber: "4217123456")?.activatedAt)
    }

    func testRegistryMismatchNamesTheKeysOnly() throws {
        let app = Fixture.application(first: "Алина", birth: "2014-03-06")
        let outcome = try store.register(Fixture.packet("x.pdf", application: app, consent: Fixture.consent(first: "Алина")))
        XCTAssertEqual(codes(outcome), ["registry_mismatch"])
        XCTAssertEqual(outcome.reasons[0].fields, ["child.first_name", "child.birth_date"])
        XCTAssertFalse(outcome.reasons[0].message.contains("Алина"))
    }

    func testAChildsSurnameTheRegistrySpellsOtherwisePointsAtTheApplicantsSurnameReadAlike() throws {
        // Seed 2593 p011 (a scan): "Галетян" for Галстян on the child's and the applicant's lines of both
        // forms. The registry held the packet back for the child's surname; the applicant's, read with the
        // same letters, was shown as sure. It is now named too, for the reviewer to check.
        let app = Fixture.application(last: "Иваиова")
        var withApplicant = app
        withApplicant.fields["applicant.last_name"]?.value = "Иваиова"
        let outcome = try store.register(Fixture.packet("s.pdf", application: withApplicant,
                                                        consent: Fixture.consent(last: "Иваиова", applicantLast: "Иваиова")))
        XCTAssertEqual(codes(outcome), ["registry_mismatch"])
        XCTAssertEqual(outcome.reasons[0].fields, ["child.last_name", "applicant.last_name"])
        XCTAssertFalse(outcome.reasons[0].message.contains("Иваиова"), "keys only, no personal data")
        // An applicant of another surname is not named.
        var other = app
        other.fields["applicant.last_name"]?.value = "Петрова"
        let second = try store.register(Fixture.packet("t.pdf", application: other,
                                                       consent: Fixture.consent(last: "Иваиова", applicantLast: "Петрова")))
        XCTAssertEqual(second.reasons.first { $0.code == "registry_mismatch" }?.fields, ["child.last_name"])
    }

    func testACategoryOtherThanTheRegistryEntrysGroupIsAMismatch() throws {
        var app = Fixture.application()
        app.fields["category"]?.value = "Дети-инвалиды в возрасте от 5 до 18 лет"
        let outcome = try store.register(Fixture.packet("c.pdf", application: app, consent: Fixture.consent()))
        XCTAssertEqual(codes(outcome), ["registry_mismatch"])
        XCTAssertEqual(outcome.reasons[0].fields, ["category"])
        XCTAssertNil(try store.entry(registryNumber: "4217123456")?.activatedAt)
        // A registry that words its groups otherwise is no evidence either way.
        XCTAssertNil(RegistryStore.configuredCategory("ПФДО, общая группа"))
        XCTAssertEqual(RegistryStore.configuredCategory("дети в возрасте от 5 до 18 лет"), Fixture.category)
    }

    func testComparisonIgnoresCaseYoAndLatinLookAlikes() throws {
        // "ИВAНОВА" with a Latin A, "АЛЕНА" in capitals without ё: the same as the registry's "Иванова Алена".
        let app = Fixture.application(last: "ИВAНОВА", first: "АЛЕНА")
        let outcome = try store.register(Fixture.packet("x.pdf", application: app, consent: Fixture.consent(last: "Иванова", first: "Алёна")))
        XCTAssertEqual(outcome.state, .registered, "\(outcome.reasons)")
    }

    func testMissingPatronymicOnPaperButInRegistryIsAMismatch() throws {
        let app = Fixture.application(registry: "4217654321", last: "Петров", first: "Сергей", middle: nil, birth: "2012-11-17")
        let outcome = try store.register(Fixture.packet("p.pdf", application: app,
                                                        consent: Fixture.consent(last: "Петров", first: "Сергей")))
        XCTAssertEqual(codes(outcome), ["registry_mismatch"])
        XCTAssertEqual(outcome.reasons[0].fields, ["child.middle_name"])
    }

    func testConsentMissing() throws {
        let outcome = try store.register(Fixture.packet("x.pdf", consent: nil))
        XCTAssertEqual(codes(outcome), ["consent_missing"])
    }

    func testSelfApplicationNeedsNoConsent() throws {
        let app = Fixture.application(selfApplication: true)
        let outcome = try store.register(Fixture.packet("x.pdf", application: app, consent: nil))
        XCTAssertEqual(outcome.state, .registered, "\(outcome.reasons)")
    }

    func testCrossFormMismatchFromPageIssueAndFromValues() throws {
        let issue = Issue(code: "cross_form_application_number", field: "application_number",
                          message: "application number differs between application and consent")
        let a = try store.register(Fixture.packet("a.pdf", application: Fixture.application(issues: [issue])))
        XCTAssertEqual(codes(a), ["cross_form_mismatch"])
        XCTAssertEqual(a.reasons[0].fields, ["application_number"])

        let b = try store.register(Fixture.packet("b.pdf", application: Fixture.application(registry: "4217654321", last: "Петров", first: "Сергей", middle: "Олегович", birth: "2012-11-17"),
                                                  consent: Fixture.consent(number: "40218", last: "Петров", first: "Сергей", applicantLast: "Петрова")))
        XCTAssertEqual(codes(b), ["cross_form_mismatch"])
        XCTAssertEqual(b.reasons[0].fields, ["application_number", "applicant.last_name"])
    }

    func testAConsentsMisreadNameDoesNotHoldBackWhenTheApplicationReadsItAsTheRegistryDoes() throws {
        // Seed 2729 p002 (a scan, first contact): the child's surname as the entry spells it on the application,
        // one letter off on the consent; extraction held both for the forms' disagreement.
        func disagreeing(_ page: PageResult) -> PageResult {
            var p = page
            p.fields["child.last_name"]?.status = .review
            p.fields["child.last_name"]?.doubt = .crossFormMismatch
            p.issues.append(Issue(code: "cross_form_mismatch", field: "child.last_name", message: "child.last_name differs between the application and the consent"))
            return p
        }
        func petrov(_ last: String) -> PageResult {
            disagreeing(Fixture.application(number: "40214", registry: "4217654321", last: last, first: "Сергей", middle: "Олегович", birth: "2012-11-17"))
        }
        let outcome = try store.register(Fixture.packet("x.pdf", application: petrov("Петров"),
                                                        consent: disagreeing(Fixture.consent(number: "40214", last: "Петроз", first: "Сергей"))))
        XCTAssertEqual(outcome.state, .registered, "\(outcome.reasons)")
        XCTAssertEqual(codes(outcome), ["unverified_fields"], "the consent's reading is kept as a data-quality note")
        XCTAssertEqual(outcome.reasons[0].fields, ["child.last_name"])
        let detail = try store.packet(id: outcome.packetId)
        XCTAssertEqual(detail.fields.first { $0.key == "child.last_name" && $0.pageId == detail.pages[1].id }?.status, .review,
                       "the consent's misread surname stays in doubt")
        // The application's print misread, the consent's as the entry holds it: the same.
        let mirrored = try store.register(Fixture.packet("z.pdf", application: disagreeing(Fixture.application(number: "40215", registry: "421700001", last: "Сидорсва", first: "Мария", middle: "Ивановна", birth: "2010-02-01")),
                                                         consent: disagreeing(Fixture.consent(number: "40215", last: "Сидорова", first: "Мария"))))
        XCTAssertEqual(mirrored.state, .registered, "\(mirrored.reasons)")
        XCTAssertEqual(codes(mirrored), ["unverified_fields"])
        XCTAssertEqual(mirrored.reasons[0].fields, ["child.last_name"])
        // Neither print read as the entry: the forms' disagreement holds the packet back.
        let other = try store.register(Fixture.packet("y.pdf", application: petrov("Петрон"),
                                                      consent: disagreeing(Fixture.consent(number: "40214", last: "Петрав", first: "Сергей"))))
        XCTAssertEqual(other.state, .review)
        XCTAssertTrue(codes(other).contains("cross_form_mismatch"), "\(other.reasons)")
    }

    func testFieldReviewListsKeys() throws {
        let app = Fixture.application(review: ["child.first_name", "applicant.phone"])
        let outcome = try store.register(Fixture.packet("x.pdf", application: app))
        XCTAssertEqual(codes(outcome), ["field_review", "unverified_fields"])
        XCTAssertEqual(outcome.reasons[0].fields, ["child.first_name"])
        XCTAssertEqual(outcome.reasons[1].fields, ["applicant.phone"])
    }

    func testADoubtOnAFieldThatIsNotCriticalDoesNotHoldBackActivation() throws {
        let app = Fixture.application(review: ["applicant.phone", "applicant.email"])
        let outcome = try store.register(Fixture.packet("x.pdf", application: app))
        XCTAssertEqual(outcome.state, .registered)
        XCTAssertEqual(codes(outcome), ["unverified_fields"], "kept as a data-quality note")
        XCTAssertEqual(outcome.reasons[0].fields, ["applicant.email", "applicant.phone"])
        let detail = try store.packet(id: outcome.packetId)
        XCTAssertEqual(detail.fields.first { $0.key == "applicant.phone" }?.status, .review, "the field stays unverified")
    }

    func testTheRegistryEntryVerifiesTheChildsNameButNeverAnotherBirthDate() throws {
        func doubted(_ app: PageResult) -> PageResult {
            var a = app
            a.fields["child.first_name"]?.status = .review
            a.fields["child.first_name"]?.doubt = .notInNameLexicon
            a.fields["registry_number"]?.status = .review
            a.fields["registry_number"]?.doubt = .readingsDiffer
            return a
        }
        // A first name outside the lexicon and a number read twice differently, both exactly as the
        // registry entry holds the child: verified, the entry is activated.
        let petrov = doubted(Fixture.application(number: "7", registry: "4217654321", last: "Петров", first: "Сергей",
                                                 middle: "Олегович", birth: "2012-11-17"))
        let ok = try store.register(Fixture.packet("p.pdf", application: petrov,
                                                  consent: Fixture.consent(number: "7", last: "Петров", first: "Сергей")))
        XCTAssertEqual(ok.state, .registered, "\(ok.reasons)")
        // "Алёна" on paper, "Алена" in the registry: not an exact agreement, the doubt stays.
        let yo = try store.register(Fixture.packet("i.pdf", application: doubted(Fixture.application())))
        XCTAssertEqual(yo.state, .review)
        XCTAssertEqual(yo.reasons.first { $0.code == "field_review" }?.fields, ["registry_number", "child.first_name"].sorted())
        // The paper gives another birth date than the entry: never activated.
        let other = Fixture.application(number: "8", registry: "421700001", last: "Сидорова", first: "Мария",
                                        middle: "Ивановна", birth: "2010-02-02")
        let bad = try store.register(Fixture.packet("s.pdf", application: other,
                                                   consent: Fixture.consent(number: "8", last: "Сидорова", first: "Мария")))
        XCTAssertEqual(bad.state, .review)
        XCTAssertTrue(codes(bad).contains("registry_mismatch"))
        XCTAssertNil(try store.entry(registryNumber: "421700001")?.activatedAt)
    }

    func testAnotherReadingOfTheRegistryNumberNamesTheEntryOfThisChild() throws {
        // The first reading (2 read as 8) names no entry; the re-read names Petrov's entry, whose child is
        // the paper's letter for letter: registered against it, with a note saying how.
        func petrov(_ registry: String, readings: [String], other: String? = nil, birth: String = "2012-11-17") -> PageResult {
            var app = Fixture.application(number: "7", registry: registry, last: "Петров", first: "Сергей",
                                          middle: "Олегович", birth: birth)
            app.fields["registry_number"]?.status = .review
            app.fields["registry_number"]?.doubt = registry.count > 10 ? .format : .readingsDiffer
            app.fields["registry_number"]?.readings = readings
            app.fields["registry_number"]?.otherModel = other
            return app
        }
        let consent = Fixture.consent(number: "7", last: "Петров", first: "Сергей")
        let outcome = try store.register(Fixture.packet("p.pdf", application: petrov("4217654381", readings: ["4217654381"],
                                                                                       other: "4217654321"), consent: consent))
        XCTAssertEqual(outcome.state, .registered, "\(outcome.reasons)")
        XCTAssertEqual(codes(outcome), ["registry_number_reading"])
        XCTAssertEqual(outcome.registryNumber, "4217654321")
        XCTAssertEqual(try store.entry(registryNumber: "4217654321")?.activatedPacketId, outcome.packetId)
        let detail = try store.packet(id: outcome.packetId)
        XCTAssertEqual(detail.fields.first { $0.key == "registry_number" }?.value, "4217654381",
                       "the field keeps what the first reading gave; the packet names the entry")
        try assertAuditHasNoPersonalData()

        // A first reading with a digit too many ("№" read as one) has a format doubt: settled the same way.
        let eleven = try store.register(Fixture.packet("p11.pdf", application: petrov("42176543211", readings: ["4217654321"]),
                                                       consent: consent))
        XCTAssertEqual(eleven.registryNumber, "4217654321")
        XCTAssertEqual(codes(eleven), ["registry_number_reading", "already_activated"], "the entry was activated above")

        // The other reading names an entry of another child: never chosen.
        let wrongChild = try store.register(Fixture.packet("q.pdf", application: petrov("4217654381", readings: ["4217123456"]),
                                                           consent: consent))
        XCTAssertEqual(wrongChild.state, .review)
        XCTAssertTrue(codes(wrongChild).contains("registry_unknown"), "\(codes(wrongChild))")
        XCTAssertNil(try store.entry(registryNumber: "4217123456")?.activatedAt)
        // The paper's birth date differs from the entry's by a day: never chosen either.
        let otherDay = try store.register(Fixture.packet("r.pdf", application: petrov("4217654381", readings: ["24217654321"],
                                                                                        birth: "2012-11-18"), consent: consent))
        XCTAssertEqual(otherDay.state, .review)
        XCTAssertTrue(codes(otherDay).contains("registry_unknown"), "\(codes(otherDay))")

        // A consent revocation clears the readings with the values.
        _ = try store.revokeConsent(registryNumber: "4217654321", actor: "operator")
        let kept = try store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM field WHERE readings IS NOT NULL AND packet_id = ?",
                             arguments: [outcome.packetId])
        }
        XCTAssertEqual(kept, 0)
    }

    func testRequiredFieldMissing() throws {
        let app = Fixture.application(number: nil, registry: nil)
        let outcome = try store.register(Fixture.packet("x.pdf", application: app, consent: Fixture.consent()))
        XCTAssertEqual(codes(outcome), ["field_missing"])
        XCTAssertEqual(outcome.reasons[0].fields, ["application_number", "registry_number"])
    }

    func testOnlyAConsent() throws {
        let outcome = try store.register(PacketInput(documents: [Fixture.document("c.png", [Fixture.consent()])]))
        XCTAssertEqual(codes(outcome), ["application_missing"])
        XCTAssertEqual(outcome.applicationNumber, "40213")
    }

    func testUnknownPagesOnly() throws {
        let outcome = try store.register(PacketInput(documents: [Fixture.document("blank.png", [Fixture.unknown(), Fixture.unknown()])]))
        XCTAssertEqual(codes(outcome), ["unknown_form"])
    }

    func testUnknownPageBesideFormsIsNoReason() throws {
        let doc = Fixture.document("duplex.pdf", [Fixture.application(), Fixture.unknown(), Fixture.consent(), Fixture.unknown()])
        XCTAssertEqual(try store.register(PacketInput(documents: [doc])).state, .registered)
    }

    func testTwoApplicationsInOneFile() throws {
        let doc = Fixture.document("stack.pdf", [Fixture.application(), Fixture.consent(),
                                                 Fixture.application(number: "40214", registry: "4217654321")])
        XCTAssertEqual(codes(try store.register(PacketInput(documents: [doc]))).first, "multiple_applications")
    }

    func testPageIssuesAreCarried() throws {
        let issues = [
            Issue(code: "age_outside_category", field: "child.birth_date", message: "age 19 on the signing date"),
            Issue(code: "impossible_date", field: "applicant.passport_issue_date", message: "issued in the future"),
        ]
        let outcome = try store.register(Fixture.packet("x.pdf", application: Fixture.application(signed: false, issues: issues)))
        XCTAssertEqual(codes(outcome), ["age_outside_category", "impossible_date", "signature_missing"])
        XCTAssertEqual(outcome.reasons[1].fields, ["applicant.passport_issue_date"])
    }

    func testAFormWhoseSignaturePlaceWasNotFoundIsNotTakenAsSigned() throws {
        // Seed 2509 p003: an unsigned application whose signing row was not found (signed nil) was activated.
        let outcome = try store.register(Fixture.packet("x.pdf", application: Fixture.application(signed: nil)))
        XCTAssertEqual(outcome.state, .review)
        XCTAssertEqual(codes(outcome), ["signature_missing"])
    }

    func testRegistryDuplicateOfTheSameChild() throws {
        // The regional registry holds the same child twice (a digit changed).
        try importRegistry("registry_number;last_name;first_name;birth_date\n4217123457;ИВАНОВА;Алёна;05.03.2014\n")
        let outcome = try store.register(Fixture.packet("x.pdf"))
        XCTAssertEqual(codes(outcome), ["possible_duplicate"])
        XCTAssertTrue(outcome.reasons[0].message.contains("4217123457"))
    }

    func testDuplicateAcrossPackets() throws {
        // A first packet names a wrong registry number for the child...
        let first = try store.register(Fixture.packet("first.pdf", application: Fixture.application(registry: "4217000099")))
        XCTAssertEqual(codes(first), ["registry_unknown", "possible_duplicate"])
        // ...a second names the right one: both are the same child.
        let second = try store.register(Fixture.packet("second.pdf", application: Fixture.application(number: "40999"),
                                                       consent: Fixture.consent(number: "40999")))
        XCTAssertEqual(codes(second), ["possible_duplicate"])
        XCTAssertTrue(second.reasons[0].message.contains("packet(s) \(first.packetId)"))
    }

    func testAlreadyActivatedByAnotherPacket() throws {
        XCTAssertEqual(try store.register(Fixture.packet("first.pdf")).state, .registered)
        let second = try store.register(Fixture.packet("rescan.pdf"))
        XCTAssertEqual(codes(second), ["already_activated"])
    }

    func testAlreadyActivatedInTheRegionalSystemAndFrozen() throws {
        let app = Fixture.application(registry: "4217000002", last: "Кузнецов", first: "Артём", middle: "Андреевич", birth: "2009-09-09")
        let a = try store.register(Fixture.packet("k.pdf", application: app, consent: Fixture.consent(last: "Кузнецов", first: "Артём")))
        XCTAssertEqual(codes(a), ["already_activated"])

        let frozen = Fixture.application(registry: "4217000003", last: "Смирнов", first: "Олег", birth: "2013-12-12")
        let b = try store.register(Fixture.packet("s.pdf", application: frozen, consent: Fixture.consent(last: "Смирнов", first: "Олег")))
        XCTAssertEqual(codes(b), ["registry_status"])
    }

    func testLaterConsentAttachesToTheWaitingApplication() throws {
        let app = try store.register(PacketInput(documents: [Fixture.document("app.png", [Fixture.application()])]))
        XCTAssertEqual(codes(app), ["consent_missing"])
        // A consent for another child with the same number does not attach.
        let other = try store.register(PacketInput(documents: [Fixture.document("other.png", [Fixture.consent(last: "Петров")])]))
        XCTAssertEqual(codes(other), ["application_missing"])
        XCTAssertNotEqual(other.packetId, app.packetId)

        let consent = try store.register(PacketInput(documents: [Fixture.document("consent.png", [Fixture.consent()])]))
        XCTAssertEqual(consent.packetId, app.packetId)
        XCTAssertEqual(consent.disposition, .attached)
        XCTAssertEqual(consent.state, .registered, "\(consent.reasons)")
        XCTAssertEqual(consent.key, PacketInput.key(for: [Fixture.document("app.png", []).sha256, Fixture.document("consent.png", []).sha256]))
        XCTAssertEqual(try store.auditLog(packetId: app.packetId).map(\.action),
                       ["packet_created", "queued_for_review", "documents_attached", "activated"])

        // Both files again, grouped together: nothing changes.
        let again = try store.register(PacketInput(documents: [Fixture.document("app.png", [Fixture.application()]),
                                                               Fixture.document("consent.png", [Fixture.consent()])]))
        XCTAssertEqual(again.disposition, .existing)
        XCTAssertEqual(again.packetId, app.packetId)
    }

    func testLaterApplicationAttachesToTheWaitingConsent() throws {
        let consent = try store.register(PacketInput(documents: [Fixture.document("consent.png", [Fixture.consent()])]))
        XCTAssertEqual(codes(consent), ["application_missing"])
        let app = try store.register(PacketInput(documents: [Fixture.document("app.png", [Fixture.application()])]))
        XCTAssertEqual(app.packetId, consent.packetId)
        XCTAssertEqual(app.state, .registered, "\(app.reasons)")
    }

    func testNewFileWithAKnownOneJoinsItsPacketInReview() throws {
        let app = try store.register(PacketInput(documents: [Fixture.document("app.png", [Fixture.application()])]))
        // The consent is read with another surname: it cannot attach by itself, but the operator groups both.
        let together = try store.register(PacketInput(documents: [
            Fixture.document("app.png", [Fixture.application()]),
            Fixture.document("consent2.png", [Fixture.consent(last: "Иванава")]),
        ]))
        XCTAssertEqual(together.packetId, app.packetId)
        XCTAssertEqual(together.disposition, .attached)
        XCTAssertEqual(codes(together), ["cross_form_mismatch"])
    }

    func testReevaluateAfterImport() throws {
        let outcome = try store.register(Fixture.packet("x.pdf", application: Fixture.application(registry: "4217555555")))
        XCTAssertEqual(codes(outcome), ["registry_unknown", "possible_duplicate"])
        try importRegistry("registry_number;last_name;first_name;birth_date\n4217555555;Иванова;Алёна;05.03.2014\n")
        // The same child is now on two entries (4217123456 and 4217555555).
        XCTAssertEqual(codes(try store.reevaluateQueue().first!), ["possible_duplicate"])
    }

    func testEmptyPacketIsAnError() {
        XCTAssertThrowsError(try store.register(PacketInput(documents: []))) { error in
            XCTAssertEqual(error as? RegistryError, .emptyPacket)
        }
    }

    func testStatusSearchAndExport() throws {
        let registered = try store.register(Fixture.packet("a.pdf"))
        _ = try store.register(Fixture.packet("p.pdf", application: Fixture.application(number: "5", registry: "4217654321", last: "Петров", first: "Сергей", middle: "Олегович", birth: "2012-11-17"),
                                              consent: nil))
        let status = try store.status(registryNumber: "4217123456")
        XCTAssertEqual(status.entry?.activatedPacketId, registered.packetId)
        XCTAssertEqual(status.packets.map(\.id), [registered.packetId])
        XCTAssertEqual(status.documents.map(\.fileName), ["a.pdf"])
        XCTAssertEqual(status.audit.map(\.action), ["packet_created", "activated"])
        XCTAssertThrowsError(try store.status(registryNumber: "4217000077"))

        XCTAssertEqual(try store.searchEntries("4217").count, 5)
        XCTAssertEqual(try store.searchEntries("421712").map(\.registryNumber), ["4217123456"])
        XCTAssertEqual(try store.searchEntries("иван").map(\.registryNumber), ["4217123456"])
        XCTAssertEqual(try store.searchEntries("КУЗНЕЦ").map(\.registryNumber), ["4217000002"])
        XCTAssertEqual(try store.searchEntries("%").count, 0)

        let rows = try store.export()
        XCTAssertEqual(rows.count, 5)
        let a = try XCTUnwrap(rows.first { $0.entry.registryNumber == "4217123456" })
        XCTAssertEqual(a.packetState, .registered)
        XCTAssertEqual(a.paper["child.first_name"]?.value, "Алёна")
        XCTAssertEqual(a.paper["applicant.passport_number"]?.value, "778899", "consent-only fields are added")
        let p = try XCTUnwrap(rows.first { $0.entry.registryNumber == "4217654321" })
        XCTAssertEqual(p.packetState, .review)
        XCTAssertNil(p.entry.activatedAt)
        XCTAssertNil(rows.first { $0.entry.registryNumber == "421700001" }?.packetId)
    }
}
