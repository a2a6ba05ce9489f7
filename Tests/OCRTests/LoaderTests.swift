import Foundation
import XCTest
@testable import OCR

/// Bad files give one clear error naming the file and the reason; they never crash or hang.
final class LoaderTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("pfdo-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func write(_ name: String, _ data: Data) throws -> String {
        let url = dir.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    func assertError(_ path: String, contains reason: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try PageLoader.load(path: path), file: file, line: line) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix(path), "error should name the file: \(text)", file: file, line: line)
            XCTAssertTrue(text.contains(reason), "expected '\(reason)' in: \(text)", file: file, line: line)
            XCTAssertFalse(text.contains("\n"), "one line", file: file, line: line)
        }
    }

    func testZeroBytes() throws {
        assertError(try write("empty.png", Data()), contains: "empty")
    }

    func testTextNamedJpg() throws {
        assertError(try write("letter.jpg", Data("Уважаемый заявитель, это не картинка.\n".utf8)), contains: "named .jpg")
    }

    func testTruncatedPNG() throws {
        let png = try Data(contentsOf: TestData.samples.appendingPathComponent("p001-clean-inline-app.png"))
        assertError(try write("cut.png", png.prefix(png.count / 3)), contains: "truncated")
    }

    func testTruncatedJPEG() throws {
        let jpg = try Data(contentsOf: TestData.firstSample(withExtension: "jpg"))
        assertError(try write("cut.jpg", jpg.prefix(jpg.count / 2)), contains: "truncated")
    }

    func testPDFWithNoPages() throws {
        // A well-formed PDF (correct xref) whose page tree is empty.
        var pdf = "%PDF-1.4\n"
        var offsets: [Int] = []
        for obj in ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"] {
            offsets.append(pdf.utf8.count)
            pdf += "\(offsets.count) 0 obj\n\(obj)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 3\n0000000000 65535 f \n"
        for o in offsets { pdf += String(repeating: "0", count: 10 - String(o).count) + "\(o) 00000 n \n" }
        pdf += "trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        assertError(try write("nopages.pdf", Data(pdf.utf8)), contains: "no pages")
    }

    func testGarbagePDF() throws {
        assertError(try write("broken.pdf", Data("%PDF-1.7\n garbage garbage".utf8)), contains: "PDF")
    }

    func testMissingFile() {
        assertError(dir.appendingPathComponent("nothere.png").path, contains: "no such file")
    }

    func testMultiPageTIFFPagesAreNumbered() throws {
        let tiff = try TestData.firstSample(withExtension: "tif", minPages: 2)
        let pages = try PageLoader.load(path: tiff.path)
        XCTAssertGreaterThanOrEqual(pages.count, 2)
        XCTAssertEqual(pages.map(\.page), Array(1...pages.count))
        XCTAssertTrue(pages.allSatisfy { $0.source == tiff.path })
    }

    func testPDFPagesKeepTheirScanResolution() throws {
        let pdf = try TestData.firstSample(withExtension: "pdf")
        let pages = try PageLoader.load(path: pdf.path)
        XCTAssertFalse(pages.isEmpty)
        for p in pages {
            XCTAssertGreaterThanOrEqual(p.resolution, 100)
            XCTAssertGreaterThan(p.image.width, 800)
        }
    }
}

enum TestData {
    static var root: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }
    static var samples: URL { root.appendingPathComponent("samples") }

    struct Entry: Decodable { var id: String; var file: String; var quality: String; var pages: Int? }
    struct Manifest: Decodable { var samples: [Entry] }

    static func manifest() throws -> [Entry] {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: samples.appendingPathComponent("manifest.json"))).samples
    }

    static func firstSample(withExtension ext: String, minPages: Int = 1, quality: String? = nil) throws -> URL {
        let e = try manifest().first { ($0.file as NSString).pathExtension == ext && ($0.pages ?? 1) >= minPages && (quality == nil || $0.quality == quality) }
        return samples.appendingPathComponent(try XCTUnwrap(e, "no .\(ext) sample").file)
    }
}
