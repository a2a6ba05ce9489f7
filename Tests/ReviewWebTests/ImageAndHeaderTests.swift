import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest
@testable import Registry
@testable import ReviewWeb

final class ImageAndHeaderTests: WebTestCase {
    func testPageImagesOnlyByKnownPageId() async throws {
        let pages = try store.packet(id: blockedPacket).pages
        let known = try XCTUnwrap(pages.first?.id)
        let noImage = try store.register(WebFixture.packet("noimage.pdf", [
            WebFixture.application(number: "11", registry: "4217000011", last: "Смирнов", first: "Олег", middle: nil,
                                   birth: "2013-12-12", review: []),
        ], image: false))
        let pageWithoutImage = try XCTUnwrap(store.packet(id: noImage.packetId).pages.first?.id)
        try await withApp { browser in
            try await browser.login()
            let image = try await browser.get("/pages/\(known)/image")
            XCTAssertEqual(image.status, .ok)
            XCTAssertEqual(image.headers[.contentType], "image/png")
            XCTAssertEqual(Data(image.bytes), WebFixture.png)
            XCTAssertEqual(image.headers[.xContentTypeOptions], "nosniff")
            XCTAssertTrue(image.headers[.cacheControl]?.contains("no-store") ?? false)

            let unknown = ["/pages/999999/image", "/pages/0/image", "/pages/-1/image", "/pages/abc/image",
                           "/pages/\(known)x/image", "/pages/1e3/image", "/pages/\(pageWithoutImage)/image",
                           "/pages/..%2F..%2F..%2Fetc%2Fpasswd/image", "/pages/%2e%2e/image",
                           "/pages/\(known)/../../../../etc/passwd", "/pages/\(known)/image/../../../Package.swift",
                           "/static/../Package.swift", "/static/..%2F..%2FPackage.swift", "/pages/99999999999999999999999/image"]
            for uri in unknown {
                let page = try await browser.get(uri)
                XCTAssertEqual(page.status, .notFound, uri)
                XCTAssertFalse(page.body.contains("swift-tools-version"), uri)
                XCTAssertFalse(page.body.contains("root:"), uri)
            }
        }
    }

    func testSecurityHeadersOnEveryResponse() async throws {
        let packet = blockedPacket
        try await withApp { browser in
            var pages = [try await browser.get("/login"), try await browser.get("/queue")]
            try await browser.login()
            pages += [try await browser.get("/queue"), try await browser.get("/packets/\(packet)"),
                      try await browser.get("/registry?q=4217"), try await browser.get("/nonexistent"),
                      try await browser.get("/pages/1/image")]
            for page in pages {
                let csp = page.headers[.contentSecurityPolicy] ?? ""
                XCTAssertTrue(csp.contains("default-src 'none'"), csp)
                XCTAssertTrue(csp.contains("frame-ancestors 'none'"), csp)
                XCTAssertFalse(csp.contains("unsafe-inline"), csp)
                XCTAssertEqual(page.headers[.xContentTypeOptions], "nosniff")
                XCTAssertEqual(page.headers[HTTPFields.Element.Name("X-Frame-Options")!], "DENY")
                XCTAssertTrue(page.headers[.cacheControl]?.contains("no-store") ?? false)
            }
            XCTAssertEqual(pages[5].status, .notFound)
            // No inline script: only the app's own file, which the pages do not need to work.
            for page in pages {
                let scripts = page.body.components(separatedBy: "<script").count - 1
                let own = page.body.components(separatedBy: "<script src=\"/static/review.js\" defer></script>").count - 1
                XCTAssertEqual(scripts, own, "inline script on a page")
                XCTAssertFalse(page.headers[.contentSecurityPolicy]?.contains("unsafe") ?? true)
            }
        }
    }

    func testImageDimensions() throws {
        let png = try XCTUnwrap(ImageInfo.dimensions(WebFixture.png))
        XCTAssertEqual(png.width, 600)
        XCTAssertEqual(png.height, 400)
        // A minimal JPEG header: SOI, APP0 (16 bytes), SOF0 with 480x640.
        var jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]
        jpeg += Array(repeating: 0, count: 14)
        jpeg += [0xFF, 0xC0, 0x00, 0x11, 0x08, 0x02, 0x80, 0x01, 0xE0, 0x03]
        jpeg += Array(repeating: 0, count: 12)
        let j = try XCTUnwrap(ImageInfo.dimensions(Data(jpeg)))
        XCTAssertEqual(j.width, 480)
        XCTAssertEqual(j.height, 640)
        XCTAssertNil(ImageInfo.dimensions(Data("not an image".utf8)))
    }
}

final class ReviewerStoreTests: XCTestCase {
    var dir: URL!
    var store: RegistryStore!
    var dropDatabase: () -> Void = {}

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("reviewers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let location = try TestRegistry.location(in: dir, "r.db")
        dropDatabase = location.drop
        store = try RegistryStore(path: location.path)
    }

    override func tearDownWithError() throws {
        store = nil
        try? FileManager.default.removeItem(at: dir)
        dropDatabase()
    }

    func testReviewersAreStoredWithBcryptHashesOnly() throws {
        let hash = Passwords.hash("a long enough password", cost: 10)
        XCTAssertTrue(hash.hasPrefix("$2"))
        XCTAssertTrue(hash.contains("$10$"))
        XCTAssertTrue(Passwords.verify("a long enough password", hash: hash))
        XCTAssertFalse(Passwords.verify("a long enough passworD", hash: hash))
        XCTAssertTrue(Passwords.hash("another long password").contains("$12$"), "default cost 12")

        try store.addReviewer(name: "anna", passwordHash: hash, actor: "admin")
        XCTAssertThrowsError(try store.addReviewer(name: "anna", passwordHash: hash, actor: "admin")) {
            XCTAssertEqual($0 as? ReviewerError, .alreadyExists("anna"))
        }
        XCTAssertThrowsError(try store.addReviewer(name: "plain", passwordHash: "a long enough password", actor: "admin")) {
            XCTAssertEqual($0 as? ReviewerError, .invalidHash)
        }
        let raised = Passwords.hash("x", cost: 4)
        XCTAssertTrue(raised.contains("$10$"), "a cost below 10 is raised to 10")
        try store.addReviewer(name: "weak", passwordHash: raised, actor: "admin")
        XCTAssertThrowsError(try store.addReviewer(name: "bad name", passwordHash: hash, actor: "admin")) {
            XCTAssertEqual($0 as? ReviewerError, .invalidName)
        }
        XCTAssertEqual(try store.reviewers().map(\.name), ["anna", "weak"])
        XCTAssertEqual(try store.reviewer(name: "anna")?.passwordHash, hash)

        let other = Passwords.hash("a second long password", cost: 10)
        try store.setReviewerPassword(name: "anna", passwordHash: other, actor: "admin")
        XCTAssertEqual(try store.reviewer(name: "anna")?.passwordHash, other)

        try store.removeReviewer(name: "anna", actor: "admin")
        XCTAssertThrowsError(try store.removeReviewer(name: "anna", actor: "admin")) {
            XCTAssertEqual($0 as? ReviewerError, .notFound("anna"))
        }
        let audit = try store.auditLog().map(\.action)
        XCTAssertEqual(audit, ["reviewer_added", "reviewer_added", "reviewer_password_changed", "reviewer_removed"])
        for row in try store.auditLog() { XCTAssertFalse(row.detail.contains("$2")) }
    }

    func testPasswordRules() {
        XCTAssertThrowsError(try Passwords.validate("short"))
        XCTAssertThrowsError(try Passwords.validate("          "))
        XCTAssertThrowsError(try Passwords.validate(String(repeating: "я", count: 40)), "80 bytes: bcrypt would cut it")
        XCTAssertNoThrow(try Passwords.validate("ten chars!"))
        XCTAssertNoThrow(try Passwords.validate("пароль из слов"))
    }

    func testAcceptedHashes() {
        XCTAssertTrue(RegistryStore.isAcceptedPasswordHash("$2b$12$" + String(repeating: "a", count: 53)))
        XCTAssertFalse(RegistryStore.isAcceptedPasswordHash("$2b$09$" + String(repeating: "a", count: 53)))
        XCTAssertFalse(RegistryStore.isAcceptedPasswordHash("$1$12$" + String(repeating: "a", count: 53)))
        XCTAssertFalse(RegistryStore.isAcceptedPasswordHash("plain text"))
    }
}
