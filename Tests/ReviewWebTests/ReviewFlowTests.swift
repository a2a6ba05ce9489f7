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

    func testPacketPageIsKeyboardFirstWithBoxesAndCrops() async throws {
        let packet = blockedPacket
        try await withApp { browser in
            try await browser.login()
            let page = try await browser.get("/packets/\(packet)")
            XCTAssertEqual(page.status, .ok)
            let body = page.body
            // The fields needing review come first; the first has the focus and tab index 1.
            XCTAssertTrue(body.contains("<input id=\"f-child-first_name\" name=\"value\" value=\"Алина\" tabindex=\"1\" autofocus"), body)
            XCTAssertTrue(body.contains("id=\"f-registry_number\"") && !body.contains("id=\"f-registry_number\" name=\"value\" value=\"4217123456\" tabindex"),
                          "fields read with confidence get no tab stop of their own")
            XCTAssertEqual(body.components(separatedBy: " autofocus").count - 1, 1, "exactly one autofocus")
            let firstReview = try XCTUnwrap(body.range(of: "id=\"f-child-first_name\""))
            let firstOk = try XCTUnwrap(body.range(of: "id=\"f-application_number\""))
            XCTAssertLessThan(firstReview.lowerBound, firstOk.lowerBound, "review fields first in the document too")
            // Approve by access key, after the review fields in tab order.
            XCTAssertTrue(body.contains("accesskey=\"a\" tabindex=\"2\""), "approve button: Alt+A, next tab stop after the review field")
            XCTAssertTrue(body.contains("Alt+A"))
            // One form per field: Enter in the input submits that field.
            XCTAssertTrue(body.contains("<form method=\"post\" action=\"/packets/\(packet)/fields\" class=\"fieldform\">"))
            // The pages with every box drawn in image pixels, and crops beside the values.
            XCTAssertTrue(body.contains("viewBox=\"0 0 600 400\""))
            XCTAssertTrue(body.contains("<rect x=\"20\" y=\"280\" width=\"540\" height=\"24\""), "box of the 5th field (index 4)")
            XCTAssertTrue(body.contains("class=\"box review\""))
            XCTAssertTrue(body.contains("<svg class=\"crop\" viewBox=\"0 268 584 48\" width=\"467\" height=\"38\""), "crop padded around the box")
            XCTAssertTrue(body.contains("href=\"/pages/"))
            XCTAssertTrue(body.contains("41%"), "confidence shown")
            XCTAssertTrue(body.contains("low confidence"), "reason shown")
            XCTAssertTrue(page.headers[.cacheControl] == "no-store")
        }
    }

    func testCorrectionChangesTheDatabaseWritesAnAuditRowAndIsMarked() async throws {
        let packet = blockedPacket
        let store = self.store!
        try await withApp { browser in
            try await browser.login()
            let csrf = try await browser.csrf(from: "/packets/\(packet)")
            let r = try await browser.post("/packets/\(packet)/fields", [("_csrf", csrf), ("key", "child.first_name"), ("value", "Алёна")])
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
            let audit = try XCTUnwrap(store.auditLog(packetId: packet).last { $0.action == "field_corrected" })
            XCTAssertEqual(audit.actor, "anna")
            XCTAssertEqual(audit.detail, #"{"added":false,"fields":2,"key":"child.first_name"}"#)

            let after = try await browser.get("/packets/\(packet)")
            XCTAssertTrue(after.body.contains("Сохранено"), "flash after the redirect")
            XCTAssertTrue(after.body.contains("is-corrected"))
            XCTAssertTrue(after.body.contains("исправлено"))
            XCTAssertTrue(after.body.contains("было <small>was</small>: Алина"))
            XCTAssertTrue(after.body.contains("class=\"box corrected\""))
            let again = try await browser.get("/packets/\(packet)")
            XCTAssertFalse(again.body.contains("Сохранено"), "the flash shows once")
        }
    }

    func testInvalidCorrectionIsShownAndNotStored() async throws {
        let packet = blockedPacket
        let store = self.store!
        let before = try store.packet(id: packet)
        try await withApp { browser in
            try await browser.login()
            let csrf = try await browser.csrf(from: "/packets/\(packet)")
            let r = try await browser.post("/packets/\(packet)/fields", [("_csrf", csrf), ("key", "child.birth_date"), ("value", "31.02.2014")])
            XCTAssertEqual(r.status, .unprocessableContent)
            XCTAssertTrue(r.body.contains("Неверный формат"))
            XCTAssertTrue(r.body.contains("value=\"31.02.2014\" tabindex=\"2\" autofocus"), "the typed value comes back, focused")
            // Keys outside the form are refused.
            let odd = try await browser.post("/packets/\(packet)/fields", [("_csrf", csrf), ("key", "'; DROP TABLE field;--"), ("value", "x")])
            XCTAssertEqual(odd.status, .badRequest)
        }
        XCTAssertEqual(try store.packet(id: packet), before)
    }

    func testApprovalIsRefusedWithReasonsThenActivatesAfterCorrection() async throws {
        let packet = blockedPacket
        let store = self.store!
        try await withApp { browser in
            try await browser.login()
            var csrf = try await browser.csrf(from: "/packets/\(packet)")
            let refused = try await browser.post("/packets/\(packet)/approve", [("_csrf", csrf)])
            XCTAssertEqual(refused.status, .conflict)
            XCTAssertTrue(refused.body.contains("Одобрение невозможно"))
            XCTAssertTrue(refused.body.contains("Расхождение с реестром"))
            XCTAssertNil(try store.entry(registryNumber: "4217123456")?.activatedAt)

            try await browser.post("/packets/\(packet)/fields", [("_csrf", csrf), ("key", "child.first_name"), ("value", "Алёна")])
            csrf = try await browser.csrf(from: "/packets/\(packet)")
            let approved = try await browser.post("/packets/\(packet)/approve", [("_csrf", csrf)])
            XCTAssertEqual(approved.status, .seeOther)
            XCTAssertEqual(approved.location, "/queue")
            let queue = try await browser.get("/queue")
            XCTAssertTrue(queue.body.contains("одобрен"))
            XCTAssertFalse(queue.body.contains("href=\"/packets/\(packet)\""), "gone from the queue")

            let entry = try XCTUnwrap(store.entry(registryNumber: "4217123456"))
            XCTAssertNotNil(entry.activatedAt)
            XCTAssertEqual(entry.activatedPacketId, packet)
            XCTAssertEqual(entry.status, "Активирован")
            let actions = try store.auditLog(packetId: packet).filter { $0.actor == "anna" }.map(\.action)
            XCTAssertEqual(Array(actions.suffix(2)), ["approved", "activated"])

            // The packet is now read-only; a late correction is refused without a change.
            let view = try await browser.get("/packets/\(packet)")
            XCTAssertTrue(view.body.contains("Зарегистрирован"))
            XCTAssertFalse(view.body.contains("class=\"fieldform\""))
            let late = try await browser.post("/packets/\(packet)/fields", [("_csrf", csrf), ("key", "child.first_name"), ("value", "Х")])
            XCTAssertEqual(late.status, .seeOther)
            XCTAssertEqual(try self.field(packet, "child.first_name").first?.value, "Алёна")
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

            let csrf = try await browser.csrf(from: "/packets/\(ready)")
            try await browser.post("/packets/\(ready)/approve", [("_csrf", csrf)])
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
            let csrf = try await browser.csrf(from: "/packets/\(packet)")
            try await browser.post("/packets/\(packet)/fields", [("_csrf", csrf), ("key", "child.first_name"), ("value", "Алёна")])
            try await browser.post("/packets/\(packet)/fields", [("_csrf", csrf), ("key", "child.birth_date"), ("value", "05.03.2099x")])
            try await browser.post("/packets/\(packet)/approve", [("_csrf", csrf)])
            try await browser.get("/registry?q=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%D0%B0")
            try await browser.get("/registry/4217123456")
            try await browser.post("/packets/\(packet)/fields", [("key", "child.first_name"), ("value", "Алина")])
        }
        let lines = logs.all
        XCTAssertGreaterThan(lines.count, 10)
        XCTAssertTrue(lines.contains { $0.contains("route=/packets/{id}") && $0.contains("id=\(packet)") }, lines.joined(separator: "\n"))
        for line in lines {
            for value in WebFixture.personalValues {
                XCTAssertFalse(line.contains(value), "log line carries \(value): \(line)")
            }
            XCTAssertFalse(line.contains("%D0"), "raw query in the log: \(line)")
        }
    }
}
