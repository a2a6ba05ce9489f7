import Foundation
import Hummingbird
import HummingbirdTesting
import IntakeModel
import XCTest
@testable import Registry
@testable import ReviewWeb

final class ReviewFlowTests: WebTestCase {
    func testQueueListsPacketsOldestFirstWithReasonsAndFilters() async throws {
        let blocked = blockedPacket, ready = readyPacket
        try await withApp { browser in
            try await browser.login()
            let queue = try await browser.get("/queue")
            XCTAssertEqual(queue.status, .ok)
            let a = try XCTUnwrap(queue.body.range(of: "href=\"/packets/\(blocked)\""))
            let b = try XCTUnwrap(queue.body.range(of: "href=\"/packets/\(ready)\""))
            XCTAssertLessThan(a.lowerBound, b.lowerBound, "oldest first")
            XCTAssertTrue(queue.body.contains("Расхождение с реестром"))
            XCTAssertTrue(queue.body.contains("differs from registry"))
            XCTAssertTrue(queue.body.contains("Проверить поля"))
            XCTAssertTrue(queue.body.contains("<option value=\"registry_mismatch\">Расхождение с реестром / differs from registry (1)</option>"))
            XCTAssertTrue(queue.body.contains("<option value=\"field_review\">Проверить поля / fields to check (2)</option>"))
            XCTAssertTrue(queue.body.contains("class=\"count\">2<"))

            let byReason = try await browser.get("/queue?reason=registry_mismatch")
            XCTAssertTrue(byReason.body.contains("href=\"/packets/\(blocked)\""))
            XCTAssertFalse(byReason.body.contains("href=\"/packets/\(ready)\""))
            XCTAssertTrue(byReason.body.contains("<option value=\"registry_mismatch\" selected>"))

            let town = "Новокузнецкий городской округ".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let byTown = try await browser.get("/queue?municipality=\(town)")
            XCTAssertFalse(byTown.body.contains("href=\"/packets/\(blocked)\""))
            XCTAssertTrue(byTown.body.contains("href=\"/packets/\(ready)\""))

            let both = try await browser.get("/queue?reason=field_review&municipality=\(town)")
            XCTAssertTrue(both.body.contains("href=\"/packets/\(ready)\""))
            XCTAssertFalse(both.body.contains("href=\"/packets/\(blocked)\""))

            // An unknown reason code is ignored rather than showing an empty queue.
            let bogus = try await browser.get("/queue?reason=%27%3Cscript%3E")
            XCTAssertEqual(bogus.status, .ok)
            XCTAssertTrue(bogus.body.contains("href=\"/packets/\(blocked)\""))
            XCTAssertFalse(bogus.body.contains("<script>"))
        }
    }

    func testPacketPageIsOneKeyboardFirstFormWithBoxesAndCrops() async throws {
        let packet = blockedPacket
        try await withApp { browser in
            try await browser.login()
            let page = try await browser.get("/packets/\(packet)")
            XCTAssertEqual(page.status, .ok)
            let body = page.body
            // One form for the whole packet; the fields needing review come first, the first has the focus,
            // each followed by its "ok" tick in tab order.
            XCTAssertTrue(body.contains("<form id=\"packet-form\" method=\"post\" action=\"/packets/\(packet)/save\""), body)
            XCTAssertTrue(body.contains("<input id=\"f-child-first_name\" name=\"v.child.first_name\" value=\"Алина\" data-original=\"Алина\" form=\"packet-form\" tabindex=\"1\" autofocus"), body)
            XCTAssertTrue(body.contains("name=\"c.child.first_name\" value=\"1\" form=\"packet-form\" tabindex=\"2\""))
            XCTAssertTrue(body.contains("name=\"v.registry_number\" value=\"4217123456\" data-original=\"4217123456\" form=\"packet-form\" autocomplete"),
                          "fields read with confidence are in the form but get no tab stop of their own")
            XCTAssertEqual(body.components(separatedBy: " autofocus").count - 1, 1, "exactly one autofocus")
            let firstReview = try XCTUnwrap(body.range(of: "id=\"f-child-first_name\""))
            let firstOk = try XCTUnwrap(body.range(of: "id=\"f-application_number\""))
            XCTAssertLessThan(firstReview.lowerBound, firstOk.lowerBound, "review fields first in the document too")
            // Approve (Alt+A) and approve-and-next (Alt+N) submit the same form; Save is the form's first button (Enter).
            XCTAssertTrue(body.contains("formaction=\"/packets/\(packet)/approve\" class=\"approve\" accesskey=\"a\" tabindex=\"4\""), body)
            XCTAssertTrue(body.contains("accesskey=\"n\""))
            let save = try XCTUnwrap(body.range(of: "value=\"save\""))
            let approve = try XCTUnwrap(body.range(of: "value=\"approve\""))
            XCTAssertLessThan(save.lowerBound, approve.lowerBound, "Enter saves, it does not approve")
            XCTAssertTrue(body.contains("1 из 2"), "k of n")
            // The pages with every box drawn in image pixels, and readable crops beside the values.
            XCTAssertTrue(body.contains("viewBox=\"0 0 600 400\""))
            XCTAssertTrue(body.contains("<rect x=\"20\" y=\"280\" width=\"540\" height=\"24\""), "box of the 5th field (index 4)")
            XCTAssertTrue(body.contains("class=\"box review\""))
            XCTAssertTrue(body.contains("<svg class=\"crop\" viewBox=\"0 268 600 48\" width=\"480\" height=\"38\""), "crop padded around the box")
            XCTAssertTrue(body.contains("href=\"/pages/"))
            XCTAssertTrue(body.contains("/view#y"), "a crop links to the zoomable page")
            XCTAssertTrue(body.contains("41%"), "confidence shown")
            XCTAssertTrue(body.contains("low confidence"), "reason shown")
            // What the machine compares with: the registry's spelling beside the child's first name.
            XCTAssertTrue(body.contains("реестр / registry:</span> <b>Ал<mark>е</mark>на</b> <span class=\"differs\">"), body)
            XCTAssertTrue(page.headers[.cacheControl] == "no-store")
            XCTAssertEqual(try self.store.claimOf(packetId: packet)?.reviewer, "anna", "opening claims the packet")
        }
    }

    func testSaveStoresCorrectionsAndConfirmationsApartAndMarksThem() async throws {
        let packet = blockedPacket
        let store = self.store!
        try await withApp { browser in
            try await browser.login()
            let page = try await browser.get("/packets/\(packet)")
            let r = try await browser.post("/packets/\(packet)/save", try self.packetForm(page, [
                ("v.child.first_name", "Алёна"), ("v.applicant.phone", "+7 913 123-45-67"), ("c.applicant.phone", "1"),
            ]))
            XCTAssertEqual(r.status, .seeOther)
            XCTAssertEqual(r.location, "/packets/\(packet)")

            let fields = try store.packet(id: packet).fields.filter { $0.key == "child.first_name" }
            XCTAssertEqual(fields.count, 2, "application and consent")
            for f in fields {
                XCTAssertEqual(f.value, "Алёна")
                XCTAssertEqual(f.originalValue, "Алина")
                XCTAssertEqual(f.correctedBy, "anna")
                XCTAssertEqual(f.status, .ok)
            }
            let audit = try store.auditLog(packetId: packet)
            XCTAssertEqual(audit.filter { $0.action == "field_corrected" }.count, 1, "every unchanged box is not a correction")
            XCTAssertEqual(audit.last { $0.action == "field_corrected" }?.detail, #"{"added":false,"fields":2,"key":"child.first_name"}"#)
            XCTAssertEqual(audit.last { $0.action == "field_corrected" }?.actor, "anna")

            let after = try await browser.get("/packets/\(packet)")
            XCTAssertTrue(after.body.contains("Сохранено"), "flash after the redirect")
            XCTAssertTrue(after.body.contains("исправлено 1"))
            XCTAssertTrue(after.body.contains("is-corrected"))
            XCTAssertTrue(after.body.contains("было <small>was</small>: Алина"))
            XCTAssertTrue(after.body.contains("class=\"box corrected\""))
            let again = try await browser.get("/packets/\(packet)")
            XCTAssertFalse(again.body.contains("Сохранено"), "the flash shows once")

            // The one-field route (scripts, old pages): Enter on an unchanged value confirms, never corrects.
            let csrf = try XCTUnwrap(again.hidden("_csrf"))
            let before = try store.auditLog(packetId: packet).filter { $0.action == "field_corrected" }.count
            try await browser.post("/packets/\(packet)/fields", [("_csrf", csrf), ("key", "child.first_name"), ("value", "Алёна")])
            XCTAssertEqual(try store.auditLog(packetId: packet).filter { $0.action == "field_corrected" }.count, before)
        }
    }

    func testInvalidValuesAreShownBesideTheirFieldsAndNothingIsStored() async throws {
        let packet = blockedPacket
        let store = self.store!
        let before = try store.packet(id: packet)
        try await withApp { browser in
            try await browser.login()
            let page = try await browser.get("/packets/\(packet)")
            let r = try await browser.post("/packets/\(packet)/save", try self.packetForm(page, [
                ("v.child.first_name", "Алёна"), ("v.child.birth_date", "31.02.2014"),
                ("v.child.last_name", String(repeating: "Я", count: 500)),
            ]))
            XCTAssertEqual(r.status, .unprocessableContent)
            XCTAssertTrue(r.body.contains("Ничего не сохранено"))
            XCTAssertTrue(r.body.contains("настоящая дата"), "the rule in Russian")
            XCTAssertTrue(r.body.contains("value=\"31.02.2014\""), "the typed value comes back")
            XCTAssertTrue(r.body.contains("value=\"Алёна\""), "the valid edit typed beside it comes back too")
            XCTAssertTrue(r.body.contains("aria-invalid=\"true\""))
            XCTAssertEqual(r.body.components(separatedBy: "class=\"field-error\"").count - 1, 2)
            // Keys outside the form are ignored, and the one-field route refuses them.
            let csrf = try XCTUnwrap(page.hidden("_csrf"))
            let odd = try await browser.post("/packets/\(packet)/fields", [("_csrf", csrf), ("key", "'; DROP TABLE field;--"), ("value", "x")])
            XCTAssertEqual(odd.status, .badRequest)
        }
        var after = try store.packet(id: packet)
        after.packet.updatedAt = before.packet.updatedAt
        XCTAssertEqual(after.fields, before.fields)
    }

    /// The reported loss: type a correction, Tab, type another, Alt+A. Both are stored; the approval is refused
    /// while the registry disagrees and a name correction waits for a supervisor; the supervisor approves.
    func testApproveSubmitsEveryEditAndFourEyesApply() async throws {
        let packet = blockedPacket
        let store = self.store!
        try await withApp { browser in
            try await browser.login()
            var page = try await browser.get("/packets/\(packet)")
            let refused = try await browser.post("/packets/\(packet)/approve", try self.packetForm(page))
            XCTAssertEqual(refused.status, .conflict)
            XCTAssertTrue(refused.body.contains("Одобрение невозможно"))
            XCTAssertTrue(refused.body.contains("Не все поля проверены"), "nobody looked at the doubted field")
            XCTAssertTrue(refused.body.contains("Расхождение с реестром"))
            XCTAssertNil(try store.entry(registryNumber: "4217123456")?.activatedAt)

            page = try await browser.get("/packets/\(packet)")
            // Another reviewer opening it meanwhile sees anna's claim and cannot change it.
            let boris = Browser(browser.client)
            try await boris.login("boris")
            let seen = try await boris.get("/packets/\(packet)")
            XCTAssertTrue(seen.body.contains("Пакет сейчас проверяет <b>anna</b>"))
            XCTAssertFalse(seen.body.contains("id=\"packet-form\""))
            let refusedForBoris = try await boris.post("/packets/\(packet)/save", [("_csrf", try XCTUnwrap(seen.hidden("_csrf"))),
                                                                                 ("v.child.first_name", "Борис")])
            XCTAssertEqual(refusedForBoris.status, .conflict)
            XCTAssertTrue(refusedForBoris.body.contains("Борис"), "his typed value is shown back, not dropped")
            let held = try await browser.post("/packets/\(packet)/approve", try self.packetForm(page, [
                ("v.child.first_name", "Алена"), ("v.applicant.passport_number", "778 899"), ("action", "approve"),
            ]))
            XCTAssertEqual(held.status, .conflict)
            XCTAssertTrue(held.body.contains("Нужно второе одобрение"), held.body)
            XCTAssertEqual(try self.field(packet, "child.first_name").map(\.value), ["Алена", "Алена"], "the typed edits are stored")
            XCTAssertNil(try store.entry(registryNumber: "4217123456")?.activatedAt)
            XCTAssertEqual(try store.awaitingSecondApproval()[packet], "anna")

            XCTAssertNil(try store.claimOf(packetId: packet), "waiting for a supervisor frees the packet")

            let vera = Browser(browser.client)
            try await vera.login("vera")
            let second = try await vera.get("/packets/\(packet)")
            XCTAssertTrue(second.body.contains("Ждёт второго одобрения"))
            let approved = try await vera.post("/packets/\(packet)/approve", try self.packetForm(second))
            XCTAssertEqual(approved.status, .seeOther)
            XCTAssertEqual(approved.location, "/queue")
            let queue = try await vera.get("/queue")
            XCTAssertTrue(queue.body.contains("одобрен"))
            XCTAssertFalse(queue.body.contains("href=\"/packets/\(packet)\""), "gone from the queue")

            let entry = try XCTUnwrap(store.entry(registryNumber: "4217123456"))
            XCTAssertEqual(entry.activatedPacketId, packet)
            XCTAssertEqual(entry.status, "Активирован")
            XCTAssertEqual(try store.auditLog(packetId: packet).filter { $0.actor == "vera" }.map(\.action), ["approved", "activated"])

            // The packet is now read-only; a late correction is refused without a change.
            let view = try await vera.get("/packets/\(packet)")
            XCTAssertTrue(view.body.contains("Зарегистрирован"))
            XCTAssertFalse(view.body.contains("id=\"packet-form\""))
            let late = try await vera.post("/packets/\(packet)/save", [("_csrf", try XCTUnwrap(view.hidden("_csrf"))), ("v.child.first_name", "Х")])
            XCTAssertEqual(late.status, .seeOther)
            XCTAssertEqual(try self.field(packet, "child.first_name").first?.value, "Алена")
        }
    }

    func testApproveAndNextOpensTheNextPacket() async throws {
        let ready = readyPacket, blocked = blockedPacket
        let store = self.store!
        try await withApp { browser in
            try await browser.login()
            let page = try await browser.get("/packets/\(ready)")
            XCTAssertTrue(page.body.contains("2 из 2"))
            let r = try await browser.post("/packets/\(ready)/approve", try self.packetForm(page, [
                ("c.applicant.email", "1"), ("c.category", "1"), ("action", "approve_next"),
            ]))
            XCTAssertEqual(r.status, .seeOther)
            XCTAssertEqual(r.location, "/packets/\(blocked)")
            XCTAssertEqual(try store.packet(id: ready).packet.state, .registered)
            XCTAssertEqual(try self.field(ready, "applicant.email").first?.confirmedBy, "anna")
        }
    }

    func testRejectNeedsAReason() async throws {
        let packet = readyPacket
        let store = self.store!
        try await withApp { browser in
            try await browser.login()
            let csrf = try await browser.csrf(from: "/packets/\(packet)")
            let empty = try await browser.post("/packets/\(packet)/reject", [("_csrf", csrf), ("reason", "  ")])
            XCTAssertEqual(empty.status, .unprocessableContent)
            XCTAssertEqual(try store.packet(id: packet).packet.state, .review)
            let done = try await browser.post("/packets/\(packet)/reject", [("_csrf", csrf), ("reason", "не та форма")])
            XCTAssertEqual(done.status, .seeOther)
            XCTAssertEqual(try store.packet(id: packet).packet.state, .rejected)
            XCTAssertEqual(try store.auditLog(packetId: packet).last?.actor, "anna")
        }
    }

    func testRegistrySearchAndEntryHistory() async throws {
        let ready = readyPacket
        try await withApp { browser in
            try await browser.login()
            let surname = "иван".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let byName = try await browser.get("/registry?q=\(surname)")
            XCTAssertTrue(byName.body.contains("href=\"/registry/4217123456\""))
            XCTAssertFalse(byName.body.contains("4217654321"))
            let byNumber = try await browser.get("/registry?q=4217")
            XCTAssertTrue(byNumber.body.contains("4217123456") && byNumber.body.contains("4217654321"))
            let none = try await browser.get("/registry?q=9999")
            XCTAssertTrue(none.body.contains("Ничего не найдено"))

            let short = try await browser.get("/registry?q=%D0%B8")
            XCTAssertTrue(short.body.contains("Слишком короткий запрос"), "one letter does not list the registry")
            XCTAssertFalse(short.body.contains("4217123456"))
            do { let value = try await browser.get("/registry?q=421").body; XCTAssertFalse(value.contains("4217123456")) }

            let page = try await browser.get("/packets/\(ready)")
            try await browser.post("/packets/\(ready)/approve", try self.packetForm(page, [("c.applicant.email", "1"), ("c.category", "1")]))
            let entry = try await browser.get("/registry/4217654321")
            XCTAssertEqual(entry.status, .ok)
            XCTAssertTrue(entry.body.contains("Петров Сергей Олегович"))
            XCTAssertTrue(entry.body.contains("активирован"))
            XCTAssertTrue(entry.body.contains("href=\"/packets/\(ready)\""))
            XCTAssertTrue(entry.body.contains("одобрен / approved"))
            XCTAssertTrue(entry.body.contains("<td>anna</td>"))

            do { let value = try await browser.get("/registry/1111111111").status; XCTAssertEqual(value, .notFound) }
            do { let value = try await browser.get("/registry/abc").status; XCTAssertEqual(value, .notFound) }
        }
    }

    func testValuesAreEscaped() async throws {
        let store = self.store!
        let outcome = try store.register(WebFixture.packet("xss.pdf", [
            WebFixture.application(number: "9", registry: "4217000009", last: "Смирнов", first: "Олег", middle: nil,
                                   birth: "2013-12-12", email: "<script>alert(1)</script>\"@x", review: ["applicant.email"]),
        ]))
        try await withApp { browser in
            try await browser.login()
            let page = try await browser.get("/packets/\(outcome.packetId)")
            XCTAssertEqual(page.status, .ok)
            XCTAssertFalse(page.body.contains("<script>"))
            XCTAssertTrue(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;@x"))
        }
    }

    func testLogsCarryNoPersonalData() async throws {
        let packet = blockedPacket
        try await withApp { browser in
            try await Browser(browser.client).login("anna", password: "wrong password!")
            try await browser.login()
            try await browser.get("/queue?municipality=%D0%9A%D0%B5%D0%BC")
            let page = try await browser.get("/packets/\(packet)")
            let csrf = try XCTUnwrap(page.hidden("_csrf"))
            try await browser.post("/packets/\(packet)/save", try self.packetForm(page, [("v.child.first_name", "Алёна")]))
            try await browser.post("/packets/\(packet)/save", try self.packetForm(page, [("v.child.birth_date", "05.03.2099x")]))
            try await browser.post("/packets/\(packet)/approve", try self.packetForm(page))
            try await browser.get("/registry?q=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%D0%B0")
            try await browser.get("/registry/4217123456")
            try await browser.post("/packets/\(packet)/fields", [("key", "child.first_name"), ("value", "Алина")])
        }
        let lines = logs.all
        XCTAssertGreaterThan(lines.count, 10)
        XCTAssertTrue(lines.contains { $0.contains("route=/packets/{id}") && $0.contains("id=\(packet)") }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.contains("route=/packets/{id}") && $0.contains("reviewer=anna") }, "the request log names the actor")
        XCTAssertTrue(lines.contains { $0.contains("sign-in failed") && $0.contains("reviewer=anna") && $0.contains("address=") },
                      "a failed sign-in names the login and the address")
        for line in lines {
            for value in WebFixture.personalValues {
                XCTAssertFalse(line.contains(value), "log line carries \(value): \(line)")
            }
            XCTAssertFalse(line.contains("%D0"), "raw query in the log: \(line)")
        }
    }
}
