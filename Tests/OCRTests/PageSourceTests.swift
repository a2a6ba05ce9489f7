import Foundation
import XCTest
@testable import OCR

/// Pages are read one at a time; sizes are checked before decoding; truncation is called truncation.
final class PageSourceTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("pfdo-source-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        PageLoader.maxPixels = 150_000_000
        try? FileManager.default.removeItem(at: dir)
    }

    func testAPDFIsOpenedWithoutDecodingItsPagesAndReadOnePageAtATime() throws {
        let pdf = TestData.samples.appendingPathComponent("p014-scan-inline.pdf")
        let source = try PageLoader.open(path: pdf.path)
        XCTAssertEqual(source.pageCount, 3)
        let third = try source.page(3)
        XCTAssertEqual(third.page, 3)
        XCTAssertGreaterThan(third.image.width, 800)
        XCTAssertEqual(try source.page(1).page, 1)
    }

    func testAMultiPageTIFFIsReadByPage() throws {
        let tiff = try TestData.firstSample(withExtension: "tif", minPages: 2)
        let source = try PageLoader.open(path: tiff.path)
        XCTAssertEqual(source.pageCount, 2)
        XCTAssertEqual(try source.page(2).page, 2)
    }

    func testAnImageAboveTheLimitIsRefusedWithItsSize() throws {
        PageLoader.maxPixels = 1_000_000
        let png = TestData.samples.appendingPathComponent("p001-clean-inline-app.png").path
        XCTAssertThrowsError(try PageLoader.load(path: png)) { error in
            guard case .tooLarge(_, let w, let h, 1_000_000)? = error as? OCRError else { return XCTFail("\(error)") }
            XCTAssertGreaterThan(w * h, 1_000_000)
            XCTAssertTrue("\(error)".contains("above the limit of 1 megapixels"), "\(error)")
        }
        let pdf = TestData.samples.appendingPathComponent("p014-scan-inline.pdf").path
        XCTAssertThrowsError(try PageLoader.open(path: pdf).page(1)) { error in
            guard case .tooLarge? = error as? OCRError else { return XCTFail("\(error)") }
        }
    }

    func testTruncatedTIFFIsTruncated() throws {
        let tiff = try Data(contentsOf: TestData.firstSample(withExtension: "tif", minPages: 2))
        for cut in [tiff.count / 2, 100] {
            let path = dir.appendingPathComponent("cut-\(cut).tif").path
            try tiff.prefix(cut).write(to: URL(fileURLWithPath: path))
            XCTAssertThrowsError(try PageLoader.load(path: path)) { error in
                XCTAssertTrue("\(error)".contains("truncated"), "\(cut): \(error)")
            }
        }
    }

    func testOnePixelIsTooSmallNotCorrupt() throws {
        let one = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAsTj2FAAAAABJRU5ErkJggg==")!
        let path = dir.appendingPathComponent("pixel.png").path
        try one.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try PageLoader.load(path: path)) { error in
            XCTAssertEqual(error as? OCRError, .tooSmall(path: path, width: 1, height: 1))
        }
    }

    func testPrivateFoldersOfDeadRunsAreSwept() throws {
        let dead = URL(fileURLWithPath: PrivateTemp.base).appendingPathComponent("\(PrivateTemp.prefix)pdf-test\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: dead, withIntermediateDirectories: false)
        FileManager.default.createFile(atPath: dead.appendingPathComponent(PrivateTemp.lockName).path, contents: nil)
        let live = try PrivateTemp.Directory(kind: "test")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: live.url.path)[.posixPermissions] as? Int, 0o700)
        PrivateTemp.sweep()
        XCTAssertFalse(FileManager.default.fileExists(atPath: dead.path), "nobody holds its lock: removed")
        XCTAssertTrue(FileManager.default.fileExists(atPath: live.url.path), "a folder in use is kept")
    }
}
