import CTesseract
import Foundation
import IntakeModel
import XCTest
@testable import OCR

/// The page skeleton without recognition: text lines by projection, and the painting out of lines.
final class SkeletonTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testProjectedLinesFindTextRowsAndTheirExtent() throws {
        // Three ink blocks standing for lines (one with a dot above it, like ё), on a white page.
        let pix = try XCTUnwrap(pixCreate(400, 300, 1))
        for (x, y, w, h) in [(50, 40, 300, 20), (80, 100, 200, 18), (50, 200, 320, 22), (60, 192, 4, 4)] {
            var b = boxCreate(Int32(x), Int32(y), Int32(w), Int32(h))
            pixSetInRect(pix, b)
            boxDestroy(&b)
        }
        let image = PageImage(owning: pix)
        let lines = image.projectedLines()
        XCTAssertEqual(lines, [Box(x: 50, y: 40, width: 300, height: 20), Box(x: 80, y: 100, width: 200, height: 18),
                               Box(x: 50, y: 192, width: 320, height: 30)], "the dot joins the line below it")
        let blanked = try XCTUnwrap(image.blanking([Box(x: 0, y: 90, width: 400, height: 40)]))
        XCTAssertEqual(blanked.projectedLines().count, 2, "a painted-out line is gone")
        XCTAssertEqual(image.projectedLines().count, 3, "the original is untouched")
    }

    func testSkeletonOfAPreparedConsentHasItsLegalParagraphs() throws {
        let page = try XCTUnwrap(PageLoader.load(path: Self.root.appendingPathComponent("samples/p001-clean-inline-consent.png").path).first)
        let prepared = Preparer.prepare(page)
        let skeleton = PageSkeleton(lines: prepared.binary.projectedLines())
        XCTAssertGreaterThan(skeleton.lines.count, 20)
        let indented = skeleton.paragraphs.indices.filter { skeleton.isIndented($0) && skeleton.paragraphs[$0].count >= 3 }
        XCTAssertGreaterThanOrEqual(indented.count, 3, "the opening paragraph and the legal paragraphs")
    }
}
