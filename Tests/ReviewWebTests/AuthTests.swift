import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest
@testable import Registry
@testable import ReviewWeb

final class AuthTests: WebTestCase {
    func testEveryRouteRequiresASession() async throws {
        let blocked = blockedPacket
        let store = self.store!
        let auditBefore = try auditCount()
        try await withApp { browser in
            let gets = ["/", "/queue", "/queue?reason=field_review", "/packets/\(blocked)", "/packets/999",
                        "/pages/1/image", "/pages/999/image", "/registry", "/registry?q=%D0%98%D0%B2",
                        "/registry/4217123456", "/nonexistent", "/static/../Package.swift"]
            for uri in gets {
                let page = try await browser.get(uri)
                XCTAssertEqual(page.status, .seeOther, uri)
                XCTAssertTrue(page.location?.hasPrefix("/login?next=") ?? false, "\(uri) → \(page.location ?? "nil")")
                XCTAssertFalse(page.body.contains("Иванова"), uri)
            }
            let posts = ["/packets/\(blocked)/fields", "/packets/\(blocked)/approve", "/packets/\(blocked)/reject", "/logout"]
            for uri in posts {
                let page = try await browser.post(uri, [("key", "child.first_name"), ("value", "Алёна"), ("reason", "x")])
                XCTAssertEqual(page.status, .unauthorized, uri)
            }
            // Only the sign-in page and the stylesheet are public.
            let login = try await browser.get("/login")
            XCTAssertEqual(login.status, .ok)
            XCTAssertTrue(login.body.contains("name=\"password\""))
            let css = try await browser.get("/static/review.css")
            XCTAssertEqual(css.status, .ok)
            XCTAssertEqual(css.headers[.contentType], "text/css; charset=utf-8")
        }
        XCTAssertEqual(try auditCount(), auditBefore)
        XCTAssertEqual(try store.packet(id: blocked).packet.state, .review)
    }

    func testSignInRedirectsBackToTheRequestedPage() async throws {
        let packet = blockedPacket
        try await withApp { browser in
            let first = try await browser.get("/packets/\(packet)")
            XCTAssertEqual(first.location, "/login?next=/packets/\(packet)")
            let done = try await browser.login(next: "/packets/\(packet)")
            XCTAssertEqual(done.status, .seeOther)
            XCTAssertEqual(done.location, "/packets/\(packet)")
            // Somewhere else is never a destination.
            let b2 = Browser(browser.client)
            let other = try await b2.login(next: "//evil.example/x")
            XCTAssertEqual(other.location, "/queue")
        }
    }

    func testWrongPasswordAndUnknownNameAreRejected() async throws {
        try await withApp { browser in
            let wrong = try await browser.login("anna", password: "not the password")
            XCTAssertEqual(wrong.status, .unauthorized)
            XCTAssertNil(wrong.cookie("pfdo_session"))
            XCTAssertTrue(wrong.body.contains("Неверное имя или пароль"))
            do { let value = try await browser.get("/queue").status; XCTAssertEqual(value, .seeOther) }

            let unknown = try await browser.login("nobody", password: WebFixture.password)
            XCTAssertEqual(unknown.status, .unauthorized)
            XCTAssertNil(unknown.cookie("pfdo_session"))

            let ok = try await browser.login()
            XCTAssertEqual(ok.status, .seeOther)
            XCTAssertEqual(ok.location, "/queue")
            let cookie = try XCTUnwrap(ok.setCookies.first { $0.hasPrefix("pfdo_session=") })
            XCTAssertTrue(cookie.contains("HttpOnly"), cookie)
            XCTAssertTrue(cookie.contains("SameSite=Strict"), cookie)
            XCTAssertTrue(cookie.contains("Path=/"), cookie)
            let token = try XCTUnwrap(ok.cookie("pfdo_session"))
            XCTAssertEqual(token.count, 64, "256-bit random session id in hex")
            XCTAssertTrue(token.allSatisfy(\.isHexDigit))
            do { let value = try await browser.get("/queue").status; XCTAssertEqual(value, .ok) }
        }
    }

    func testSignInNeedsTheFormToken() async throws {
        try await withApp { browser in
            // A cross-site form cannot know the token of the sign-in form's cookie.
            let page = try await browser.request("/login", method: .post, form: [
                ("_login", String(repeating: "a", count: 64)), ("name", "anna"), ("password", WebFixture.password),
            ])
            XCTAssertEqual(page.status, .forbidden)
            XCTAssertNil(page.cookie("pfdo_session"))
        }
    }

    /// Failures slow the next attempts of the same (name, address) down, but nobody is locked out: the right
    /// password still signs in, and other names are not slowed by anna's failures.
    func testRepeatedFailuresDelayButNeverRefuseTheRightPassword() async throws {
        try await withApp { browser in
            for _ in 0..<6 {
                let r = try await browser.login("anna", password: "wrong password!")
                XCTAssertEqual(r.status, .unauthorized)
            }
            let start = Date()
            let ok = try await browser.login()
            XCTAssertEqual(ok.status, .seeOther, "a correct password is never refused")
            XCTAssertNotNil(ok.cookie("pfdo_session"))
            XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(start), 0.2, "but it waited its turn")
            let boris = Browser(browser.client)
            do { let value = try await boris.login("boris").status; XCTAssertEqual(value, .seeOther) }
        }
    }

    func testThrottleGrowsPerPairAndResets() async throws {
        let throttle = LoginThrottle(freeFailures: 2, addressFreeFailures: 100, maxDelay: 8, window: 900, clock: { Date(timeIntervalSince1970: 0) })
        var delays: [TimeInterval] = []
        for _ in 0..<6 {
            delays.append(await throttle.delay(afterFailures: await throttle.failures(user: "anna", address: "10.0.0.1"), free: 2))
            await throttle.recordFailure(user: "anna", address: "10.0.0.1")
        }
        XCTAssertEqual(delays, [0, 0, 1, 2, 4, 8])
        let elsewhere = await throttle.reserve(user: "anna", address: "10.0.0.2")
        XCTAssertEqual(elsewhere, 0, "anna from another address is not slowed")
        await throttle.reset(user: "anna")
        let after = await throttle.failures(user: "anna", address: "10.0.0.1")
        XCTAssertEqual(after, 0)
    }

    func testForwardedForIsReadOnlyFromATrustedProxy() {
        XCTAssertEqual(ReviewContext.clientAddress(peer: "10.0.0.5", forwardedFor: "203.0.113.9", trusted: []), "10.0.0.5")
        XCTAssertEqual(ReviewContext.clientAddress(peer: "10.0.0.5", forwardedFor: "1.2.3.4, 203.0.113.9", trusted: ["10.0.0.5"]), "203.0.113.9",
                       "the address the proxy saw, not one the client wrote")
        XCTAssertEqual(ReviewContext.clientAddress(peer: "10.0.0.5", forwardedFor: nil, trusted: ["10.0.0.5"]), "10.0.0.5")
    }

    func testSessionsExpireWhenIdleAndAfterEightHours() async throws {
        let clock = self.clock
        try await withApp { browser in
            try await browser.login()
            clock.advance(29 * 60)
            do { let value = try await browser.get("/queue").status; XCTAssertEqual(value, .ok, "29 minutes idle: still signed in") }
            clock.advance(31 * 60)
            let expired = try await browser.get("/queue")
            XCTAssertEqual(expired.status, .seeOther, "31 minutes idle: signed out")
            XCTAssertTrue(expired.location?.hasPrefix("/login") ?? false)

            // Active all day: the session still ends 8 hours after sign-in.
            try await browser.login()
            var elapsed: TimeInterval = 0
            while elapsed + 20 * 60 < 8 * 3600 {
                clock.advance(20 * 60)
                elapsed += 20 * 60
                do { let value = try await browser.get("/queue").status; XCTAssertEqual(value, .ok, "after \(Int(elapsed / 60)) minutes") }
            }
            clock.advance(8 * 3600 - elapsed)
            do { let value = try await browser.get("/queue").status; XCTAssertEqual(value, .seeOther, "8 hours after sign-in") }
        }
    }

    func testLogoutEndsTheSession() async throws {
        try await withApp { browser in
            try await browser.login()
            let token = try XCTUnwrap(browser.cookies["pfdo_session"])
            let csrf = try await browser.csrf()
            let out = try await browser.post("/logout", [("_csrf", csrf)])
            XCTAssertEqual(out.status, .seeOther)
            XCTAssertEqual(out.location, "/login")
            XCTAssertTrue(out.setCookies.contains { $0.hasPrefix("pfdo_session=;") && $0.contains("Max-Age=0") })
            // The old token is dead on the server too, not just forgotten by the browser.
            browser.cookies["pfdo_session"] = token
            do { let value = try await browser.get("/queue").status; XCTAssertEqual(value, .seeOther) }
        }
    }

    func testRemovedReviewerLosesAccessAtOnce() async throws {
        let store = self.store!
        try await withApp { browser in
            try await browser.login("boris")
            do { let value = try await browser.get("/queue").status; XCTAssertEqual(value, .ok) }
            try store.removeReviewer(name: "boris", actor: "test")
            do { let value = try await browser.get("/queue").status; XCTAssertEqual(value, .seeOther) }
        }
    }

    func testCSRFTokenIsRequiredAndDatabaseStaysUnchanged() async throws {
        let packet = blockedPacket, ready = readyPacket
        let store = self.store!
        let before = try store.packet(id: packet)
        let auditBefore = try auditCount()
        try await withApp { browser in
            try await browser.login()
            let good = try await browser.csrf(from: "/packets/\(packet)")
            let otherSession = Browser(browser.client)
            try await otherSession.login("boris")
            let borisToken = try await otherSession.csrf()
            XCTAssertNotEqual(good, borisToken)

            let attempts: [(String, [(String, String)])] = [
                ("/packets/\(packet)/fields", [("key", "child.first_name"), ("value", "Алёна")]),
                ("/packets/\(packet)/fields", [("_csrf", ""), ("key", "child.first_name"), ("value", "Алёна")]),
                ("/packets/\(packet)/fields", [("_csrf", String(repeating: "0", count: 64)), ("key", "child.first_name"), ("value", "Алёна")]),
                ("/packets/\(packet)/fields", [("_csrf", borisToken), ("key", "child.first_name"), ("value", "Алёна")]),
                ("/packets/\(ready)/approve", []),
                ("/packets/\(ready)/approve", [("_csrf", borisToken)]),
                ("/packets/\(packet)/reject", [("reason", "spam")]),
                ("/logout", []),
            ]
            for (uri, form) in attempts {
                let page = try await browser.post(uri, form)
                XCTAssertEqual(page.status, .forbidden, "\(uri) \(form.map(\.0))")
            }
            // The right token from another site's page (Origin of another host) is refused too.
            let crossSite = try await browser.request("/packets/\(ready)/approve", method: .post, form: [("_csrf", good)],
                                                      headers: [.origin: "http://evil.example"])
            XCTAssertEqual(crossSite.status, .forbidden)
            // Still signed in: the logout without a token did nothing.
            do { let value = try await browser.get("/queue").status; XCTAssertEqual(value, .ok) }
        }
        XCTAssertEqual(try store.packet(id: packet), before)
        XCTAssertEqual(try store.packet(id: ready).packet.state, .review)
        XCTAssertEqual(try auditCount(), auditBefore)
        XCTAssertNil(try store.entry(registryNumber: "4217654321")?.activatedAt)
    }
}
