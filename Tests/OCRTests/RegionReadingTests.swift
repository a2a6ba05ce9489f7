import CTesseract
import Foundation
import IntakeModel
import XCTest
@testable import OCR

/// A region of a page is recognised from a cut-out of it (Tesseract copies whatever image it is
/// given): the words and their boxes in the page's coordinates must be those of Tesseract's own
/// rectangle on the whole page.
final class RegionReadingTests: XCTestCase {
    func testACutOutReadsAsTheRectangleOfTheWholePage() throws {
        let path = PreparerTests.root.appendingPathComponent("samples/p001-clean-inline-app.png").path
        let page = try XCTUnwrap(PageLoader.load(path: path).first)
        let prepared = Preparer.prepare(page)
        let engine = try TesseractEngine(language: "rus")
        let dpi = prepared.preparation.dpi
        // Lines of the page from its skeleton: the title, a label and value, a number.
        let lines = prepared.binary.projectedLines().prefix(8)
        XCTAssertGreaterThan(lines.count, 4)
        var compared = 0
        for l in lines {
            let zone = Box(x: l.x - 6, y: l.y - 6, width: l.width + 12, height: l.height + 12)
            let cut = try engine.recognize(prepared.binary, dpi: dpi, mode: .singleLine, region: zone)
            let whole = try engine.recognizeWholeImage(prepared.binary, dpi: dpi, mode: .singleLine, region: zone)
            XCTAssertFalse(cut.flatMap(\.words).isEmpty, "line at \(l.y) read")
            XCTAssertEqual(cut.flatMap(\.words).map(\.text), whole.flatMap(\.words).map(\.text), "line at \(l.y)")
            XCTAssertEqual(cut.flatMap(\.words).map(\.box), whole.flatMap(\.words).map(\.box), "boxes of the line at \(l.y)")
            // Boxes lie in the zone, in page coordinates.
            for w in cut.flatMap(\.words) {
                XCTAssertTrue(w.box.x >= zone.x && w.box.maxX <= zone.maxX && w.box.y >= zone.y && w.box.maxY <= zone.maxY, "\(w.box) in \(zone)")
            }
            let choicesCut = try engine.recognizeChoices(prepared.grey, dpi: dpi, region: zone)
            let choicesWhole = try engine.recognizeChoicesWholeImage(prepared.grey, dpi: dpi, region: zone)
            XCTAssertEqual(choicesCut.map(\.text), choicesWhole.map(\.text), "choices of the line at \(l.y)")
            compared += 1
        }
        XCTAssertEqual(compared, lines.count)
    }

    func testARegionPartlyOffThePageIsClipped() throws {
        let path = PreparerTests.root.appendingPathComponent("samples/p001-clean-inline-app.png").path
        let page = try XCTUnwrap(PageLoader.load(path: path).first)
        let prepared = Preparer.prepare(page)
        let engine = try TesseractEngine(language: "rus")
        let first = try XCTUnwrap(prepared.binary.projectedLines().first)
        let zone = Box(x: -50, y: first.y - 6, width: first.maxX + 56, height: first.height + 12)
        let words = try engine.recognize(prepared.binary, dpi: prepared.preparation.dpi, mode: .singleLine, region: zone).flatMap(\.words)
        XCTAssertFalse(words.isEmpty)
        XCTAssertTrue(words.allSatisfy { $0.box.x >= 0 }, "page coordinates")
        XCTAssertTrue(try engine.recognize(prepared.binary, dpi: 300, mode: .singleLine,
                                           region: Box(x: prepared.binary.width + 10, y: 0, width: 50, height: 50)).isEmpty, "a region off the page reads nothing")
    }
}
