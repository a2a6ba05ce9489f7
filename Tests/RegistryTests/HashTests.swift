import Foundation
import IntakeModel
import XCTest
@testable import Registry

/// Content addresses, packet keys and person keys are stored: the SHA-256 behind them must never change.
/// The expected values were computed independently (FIPS 180-4 examples, `sha256sum`, Python's hashlib).
final class HashTests: XCTestCase {
    func testFIPSVectors() {
        XCTAssertEqual(SHA256.hex([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex(Data(repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        let bytes = (0..<300).flatMap { _ in (0...255).map(UInt8.init) }
        XCTAssertEqual(SHA256.hex(bytes), "f8b0585eb91f58c007a5634362c9f90d8543822c113f702523bc7b73408a9392")
    }

    /// A stored document's address, its packet key and a person key computed as they were when stored.
    func testStoredKeysAreUnchanged() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let app = try Data(contentsOf: root.appendingPathComponent("samples/p001-clean-inline-app.png"))
        let consent = try Data(contentsOf: root.appendingPathComponent("samples/p001-clean-inline-consent.png"))
        XCTAssertEqual(SHA256.hex(app), "9b7e4b748635ed10d4149c59c7335da25e82b03510368add5413d9dc41e9472d")
        XCTAssertEqual(SHA256.hex(consent), "1ba72a62fb8b2dd495f282363ebe685f913a1218d4124ec5a9e278c827075706")
        XCTAssertEqual(PacketInput.key(for: [SHA256.hex(app), SHA256.hex(consent)]),
                       "f7a855d8a5f9f790082c883ed580e0ca4b23e2ec56c1ecb92048d2a2a0217af5")
        XCTAssertEqual(Normalize.personKey(lastName: "Семёнова - Петрова", firstName: "МАРИЯ", birthDate: "04.03.2015"),
                       "e912b35cf59854d340c53ec688c591eb8144ba8dcf7b122ca3fc07e42862d596")
    }
}
