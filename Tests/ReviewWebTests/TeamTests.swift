import Foundation
import Hummingbird
import HummingbirdTesting
import IntakeModel
import XCTest
@testable import Registry
@testable import ReviewWeb

/// Working as a team: group verification, roles, accounts in the app, sessions that survive a restart,
/// claims, the data-quality queue, statistics, page zoom and packet operations.
final class TeamTests: WebTestCase {
    func testGroupVerificationConfirmsAndCorrectsOneFieldAcrossPackets() async throws {
        let blocked = blockedPacket, ready = readyPacket
        let store = self.store!
        // Two packets with a doubted e-mail.
        try store.saveReview(packetId: blocked, edits: [], actor: "test")
        try await withApp { browser in
            try await browser.login()
            let page = try await browser.get("/verify?key=applicant.email")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.body.contains("name=\"v.\(ready)\""), page.body)
            XCTAssertTrue(page.body.contains("<option value=\"applicant.email\" selected>"))
            XCTAssertTrue(page.body.contains("svg class=\"crop\""))
            let csrf = try XCTUnwrap(page.hidden("_csrf"))
            let bad = try await browser.post("/verify", [("_csrf", csrf), ("key", "applicant.email"), ("v.\(ready)", "не почта")])
            XCTAssertEqual(bad.status, .unprocessableContent)
            XCTAssertTrue(bad.body.contains("value=\"не почта\""), "the typed value comes back")
            let ok = try await browser.post("/verify", [("_csrf", csrf), ("key", "applicant.email"),
                                                      ("v.\(ready)", "sergey.petrov@mail.ru"), ("c.\(ready)", "1")])
            XCTAssertEqual(ok.status, .seeOther)
            let email = try XCTUnwrap(self.field(ready, "applicant.email").first)
            XCTAssertEqual(email.status, .ok)
            XCTAssertTrue(email.isCorrected || email.isConfirmed)
            let after = try await browser.get("/verify?key=applicant.email")
            XCTAssertFalse(after.body.contains("name=\"v.\(ready)\""), "a verified value leaves the list")
        }
    }

    func testRolesLimitStatisticsAccountsAndImages() async throws {
        let store = self.store!
        try await withApp { browser in
            try await browser.login("anna")
            do { let value = try await browser.get("/stats").status; XCTAssertEqual(value, .forbidden) }
            do { let value = try await browser.get("/admin/users").status; XCTAssertEqual(value, .forbidden) }
            let csrf = try await browser.csrf()
            let refused = try await browser.post("/admin/users", [("_csrf", csrf), ("action", "disable"), ("name", "boris")])
            XCTAssertEqual(refused.status, .forbidden)
            XCTAssertEqual(try store.reviewer(name: "boris")?.disabled, false)

            let vera = Browser(browser.client)
            try await vera.login("vera")
            let stats = try await vera.get("/stats")
            XCTAssertEqual(stats.status, .ok)
            XCTAssertTrue(stats.body.contains("По проверяющим"))
            do { let value = try await vera.get("/admin/users").status; XCTAssertEqual(value, .forbidden) }
        }
    }

    func testAdminManagesAccountsAndAChangedPasswordEndsSessions() async throws {
        let store = self.store!
        try await withApp { browser in
            let anna = Browser(browser.client)
            try await anna.login("anna")
            do { let value = try await anna.get("/queue").status; XCTAssertEqual(value, .ok) }

            try await browser.login("root")
            let page = try await browser.get("/admin/users")
            XCTAssertEqual(page.status, .ok)
            let csrf = try XCTUnwrap(page.hidden("_csrf"))
            var r = try await browser.post("/admin/users", [("_csrf", csrf), ("action", "add"), ("name", "galina"),
                                                          ("password", "long enough pw"), ("role", "supervisor")])
            XCTAssertEqual(r.status, .seeOther)
            XCTAssertEqual(try store.reviewer(name: "galina")?.role, .supervisor)
            r = try await browser.post("/admin/users", [("_csrf", csrf), ("action", "add"), ("name", "weak"), ("password", "short")])
            XCTAssertEqual(r.status, .unprocessableContent)
            r = try await browser.post("/admin/users", [("_csrf", csrf), ("action", "password"), ("name", "anna"), ("password", "a brand new one")])
            XCTAssertEqual(r.status, .seeOther)
            do { let value = try await anna.get("/queue").status; XCTAssertEqual(value, .seeOther, "anna's session ended with the reset") }
            r = try await browser.post("/admin/users", [("_csrf", csrf), ("action", "role"), ("name", "boris"), ("role", "supervisor")])
            XCTAssertEqual(try store.reviewer(name: "boris")?.role, .supervisor)
            r = try await browser.post("/admin/users", [("_csrf", csrf), ("action", "disable"), ("name", "boris")])
            XCTAssertEqual(try store.reviewer(name: "boris")?.disabled, true)
            let boris = Browser(browser.client)
            do { let value = try await boris.login("boris").status; XCTAssertEqual(value, .unauthorized, "a disabled account cannot sign in") }
            r = try await browser.post("/admin/users", [("_csrf", csrf), ("action", "disable"), ("name", "root")])
            XCTAssertEqual(r.status, .conflict, "an admin cannot lock themself out")
            r = try await browser.post("/admin/users", [("_csrf", csrf), ("action", "unlock"), ("name", "anna")])
            XCTAssertEqual(r.status, .seeOther)
            let actions = try store.auditLog().filter { $0.actor == "root" }.map(\.action)
            XCTAssertEqual(actions, ["reviewer_added", "reviewer_password_changed", "reviewer_role_changed", "reviewer_disabled"])
        }
    }

    func testSessionsSurviveARestartOfTheApp() async throws {
        let cookie = Cookies()
        try await withApp { browser in
            try await browser.login()
            cookie.value = browser.cookies
        }
        try await withApp { browser in
            browser.cookies = cookie.value
            do { let value = try await browser.get("/queue").status; XCTAssertEqual(value, .ok, "still signed in after a restart") }
        }
    }

    final class Cookies: @unchecked Sendable { var value: [String: String] = [:] }

    func testDataQualityQueueAndZoom() async throws {
        let store = self.store!
        // An activated packet whose phone is still unverified (a non-critical doubt).
        let p = try store.register(WebFixture.packet("q.pdf", [
            WebFixture.application(number: "9", registry: "4217654321", last: "Петров", first: "Сергей", middle: "Олегович",
                                   birth: "2012-11-17", review: ["applicant.email"]),
            WebFixture.consent(number: "9", last: "Петров", first: "Сергей", middle: "Олегович"),
        ]))
        // A doubt on the e-mail alone no longer holds the packet back: it is activated by ingest.
        if p.state == .review {
            try store.approve(packetId: p.packetId, edits: [FieldEdit(key: "applicant.email", value: "sergey.petrov@mail.ru")],
                              signatureAcknowledged: true, actor: "vera", role: .supervisor)
        }
        try await store.saveQualityTestHelperMarkUnverified(packetId: p.packetId, key: "applicant.phone")
        try await withApp { browser in
            try await browser.login()
            let q = try await browser.get("/quality")
            XCTAssertTrue(q.body.contains("href=\"/packets/\(p.packetId)\""), q.body)
            XCTAssertTrue(q.body.contains("Телефон"))
            let pageId = try XCTUnwrap(store.packet(id: p.packetId).pages.first?.id)
            let zoom = try await browser.get("/pages/\(pageId)/view?zoom=200")
            XCTAssertEqual(zoom.status, .ok)
            XCTAssertTrue(zoom.body.contains("class=\"zoom-200\""))
            do { let value = try await browser.get("/pages/\(pageId)/view?zoom=../../x").status; XCTAssertEqual(value, .ok) }
        }
        // Fields critical for activation cannot be changed through the data-quality queue.
        XCTAssertThrowsError(try store.saveQuality(packetId: p.packetId, edits: [FieldEdit(key: "child.first_name", value: "Х")], actor: "anna"))
        let unverified = try store.packet(id: p.packetId).fields.filter { $0.status == .review }
        let saved = try store.saveQuality(packetId: p.packetId, edits: unverified.map { FieldEdit(key: $0.key, value: $0.value, confirmed: true) },
                                          actor: "anna")
        XCTAssertTrue(saved.confirmed.contains("applicant.phone"))
        XCTAssertTrue(try store.qualityQueue().isEmpty)
    }

    func testReviewersSeeImagesOfPacketsInReviewOnly() async throws {
        let store = self.store!
        let ready = readyPacket
        let doubted = try store.packet(id: ready).fields.filter { $0.status == .review }
        try store.approve(packetId: ready, edits: doubted.map { FieldEdit(key: $0.key, value: $0.value, confirmed: true) },
                          signatureAcknowledged: true, actor: "vera", role: .supervisor)
        let pageId = try XCTUnwrap(store.packet(id: ready).pages.first?.id)
        try await withApp { browser in
            try await browser.login("anna")
            do { let value = try await browser.get("/pages/\(pageId)/image").status; XCTAssertEqual(value, .notFound) }
            do { let value = try await browser.get("/packets/\(ready)").status; XCTAssertEqual(value, .notFound) }
            let vera = Browser(browser.client)
            try await vera.login("vera")
            do { let value = try await vera.get("/pages/\(pageId)/image").status; XCTAssertEqual(value, .ok) }
        }
    }

    func testPacketOperationsFromThePage() async throws {
        let store = self.store!
        let blocked = blockedPacket, ready = readyPacket
        try await withApp { browser in
            try await browser.login()
            let page = try await browser.get("/packets/\(ready)")
            let csrf = try XCTUnwrap(page.hidden("_csrf"))
            let pages = try store.packet(id: ready).pages
            XCTAssertTrue(page.body.contains("name=\"form.\(pages[1].id)\""))
            var r = try await browser.post("/packets/\(ready)/operations", [("_csrf", csrf), ("op", "split"), ("page.\(pages[1].id)", "1")])
            XCTAssertEqual(r.status, .seeOther)
            let split = try XCTUnwrap(store.auditLog(packetId: ready).last { $0.action == "packet_split" })
            XCTAssertEqual(split.actor, "anna")
            r = try await browser.post("/packets/\(ready)/operations?page=\(pages[0].id)", [("_csrf", csrf), ("op", "reclassify"), ("form.\(pages[0].id)", "unknown")])
            XCTAssertEqual(r.status, .seeOther)
            XCTAssertEqual(try store.packet(id: ready).pages.first?.form, .unknown)
            r = try await browser.post("/packets/\(ready)/operations", [("_csrf", csrf), ("op", "move"), ("target", "\(blocked)")])
            XCTAssertEqual(r.status, .unprocessableContent, "moving needs ticked pages")
            r = try await browser.post("/packets/\(ready)/operations", [("_csrf", csrf), ("op", "pair"), ("target", "\(ready)")])
            XCTAssertEqual(r.status, .conflict, "a packet cannot be paired with itself")
        }
    }
}

extension RegistryStore {
    /// Test setup: marks a field of a registered packet as unverified (as a non-critical doubt would leave it).
    func saveQualityTestHelperMarkUnverified(packetId: Int64, key: String) async throws {
        try write { db in
            try db.execute(sql: "UPDATE field SET status = 'review' WHERE packet_id = ? AND key = ?", arguments: [packetId, key])
        }
    }
}
