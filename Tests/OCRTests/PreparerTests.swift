import CTesseract
import Foundation
import XCTest
@testable import OCR

/// The page preparation's own fast paths give what Leptonica's general ones give.
final class PreparerTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testMedianMatchesLeptonicasRankFilter() throws {
        // A real scan (speckle, grey paper) and an odd-sized crop of it, so that edges and the
        // last partial word of each row are covered.
        let page = try XCTUnwrap(PageLoader.load(path: Self.root.appendingPathComponent("samples/p009-poor-underline-app.jpg").path).first)
        let grey = try XCTUnwrap(pixConvertTo8(page.image.pix, 0))
        var box = boxCreate(3, 5, 1001, 777)
        let crop = try XCTUnwrap(pixClipRectangle(grey, box, nil))
        boxDestroy(&box)
        for pix in [grey, crop] {
            let image = PageImage(owning: pixClone(pix))
            let ours = try XCTUnwrap(Preparer.median3x3(image))
            var theirs: UnsafeMutablePointer<PIX>? = try XCTUnwrap(pixRankFilterGray(pix, 3, 3, 0.5))
            defer { pixDestroy(&theirs) }
            var same: Int32 = 0
            pixEqual(ours.pix, theirs, &same)
            XCTAssertEqual(same, 1, "median differs on a \(image.width)x\(image.height) image")
        }
        var g: UnsafeMutablePointer<PIX>? = grey, c: UnsafeMutablePointer<PIX>? = crop
        pixDestroy(&g); pixDestroy(&c)

        // And it does filter: an isolated dark speck on white disappears.
        let white = try XCTUnwrap(pixCreate(20, 20, 8))
        pixSetAllArbitrary(white, 255)
        pixSetPixel(white, 10, 10, 0)
        let filtered = try XCTUnwrap(Preparer.median3x3(PageImage(owning: white)))
        var v: UInt32 = 0
        pixGetPixel(filtered.pix, 10, 10, &v)
        XCTAssertEqual(v, 255)
    }

    func testMajorityOfThresholdIsTheThresholdOfTheMedian() throws {
        // Odd sizes cover the edges and the last partial word of a row; 32 and 64 a full last word.
        let page = try XCTUnwrap(PageLoader.load(path: Self.root.appendingPathComponent("samples/p009-poor-underline-app.jpg").path).first)
        let grey = PageImage(owning: try XCTUnwrap(pixConvertTo8(page.image.pix, 0)))
        for (w, h) in [(grey.width, grey.height), (1001, 777), (64, 40), (32, 3), (33, 2), (2, 2)] {
            let crop = try XCTUnwrap(grey.crop((3, 5, w, h)))
            let median = try XCTUnwrap(Preparer.median3x3(crop))
            for t: Int32 in [150, 170, 190] {
                var expected: UnsafeMutablePointer<PIX>? = try XCTUnwrap(pixThresholdToBinary(median.pix, t))
                defer { pixDestroy(&expected) }
                let plain = PageImage(owning: try XCTUnwrap(pixThresholdToBinary(crop.pix, t)))
                let ours = try XCTUnwrap(Preparer.majority3x3(plain))
                var same: Int32 = 0
                pixEqual(ours.pix, expected, &same)
                XCTAssertEqual(same, 1, "majority differs on a \(crop.width)x\(crop.height) image at \(t)")
            }
        }
        // And it does filter: an isolated speck goes, a 3-pixel-thick stroke stays.
        let white = try XCTUnwrap(pixCreate(40, 20, 1))
        pixSetPixel(white, 10, 10, 1)
        for x in 20..<30 { for y in 5..<8 { pixSetPixel(white, Int32(x), Int32(y), 1) } }
        let filtered = try XCTUnwrap(Preparer.majority3x3(PageImage(owning: white)))
        var v: UInt32 = 0
        pixGetPixel(filtered.pix, 10, 10, &v)
        XCTAssertEqual(v, 0)
        pixGetPixel(filtered.pix, 25, 6, &v)
        XCTAssertEqual(v, 1)
    }

    func testFormLineMaskIsTheSameWithTheCompositeBrick() throws {
        for name in ["p005-scan-table-app.tif", "p009-poor-underline-app.jpg", "p008-poor-table-app.png"] {
            let page = try XCTUnwrap(PageLoader.load(path: Self.root.appendingPathComponent("samples/\(name)").path).first)
            let grey = PageImage(owning: try XCTUnwrap(pixConvertTo8(page.image.pix, 0)))
            let bin = PageImage(owning: try XCTUnwrap(pixThresholdToBinary(grey.pix, 190)))
            for horizontal in [true, false] {
                let fast = try XCTUnwrap(Preparer.thinLines(bin, horizontal: horizontal, composite: true))
                let plain = try XCTUnwrap(Preparer.thinLines(bin, horizontal: horizontal, composite: false))
                var same: Int32 = 0
                pixEqual(fast.pix, plain.pix, &same)
                XCTAssertEqual(same, 1, "\(name) horizontal=\(horizontal)")
                if horizontal { XCTAssertFalse(Preparer.componentBoxes(fast).isEmpty, "\(name): the form has lines") }
            }
        }
    }

    func testAWordsBarsAreNoFormLineButAnUnderlineOrASigningLineUnderAPenIs() throws {
        // s2735 p028 (a bold narrow sans, scanned): letters closer than the line finder's 5 px gap
        // made their tops, bars and feet runs of 150 px and more, which were taken out as form lines
        // ("Давыдова" read "Павыпаяа"). Three rows of that page, prepared (binary, text intact).
        let path = Self.root.appendingPathComponent("Tests/OCRTests/Fixtures/bold-narrow-rows.png").path
        let rows = try XCTUnwrap(PageLoader.load(path: path).first)
        let text = PageImage(owning: try XCTUnwrap(pixConvertTo1(rows.image.pix, 128)))
        let lines = try XCTUnwrap(Preparer.thinLines(text, horizontal: true))
        let found = Preparer.componentBoxes(lines)
        XCTAssertGreaterThanOrEqual(found.count, 3, "the words make runs the line finder takes for lines")
        XCTAssertEqual(Preparer.textStrokeRuns(lines, text: text).count, found.count, "every one of them is a word's")

        // An underline longer than the word on it, and a signing line crossed by a pen's strokes.
        let pix = try XCTUnwrap(pixCreate(1200, 300, 1))
        func fill(_ x: Int, _ y: Int, _ w: Int, _ h: Int) {
            for yy in y..<(y + h) { for xx in x..<(x + w) { pixSetPixel(pix, Int32(xx), Int32(yy), 1) } }
        }
        for i in 0..<10 { fill(150 + i * 26, 80, 22, 30) }  // a word of filled letters
        fill(100, 116, 900, 2)                             // 6 px under it, three times its length
        fill(300, 236, 500, 3)                             // a signing line
        for i in 0..<23 { for k in 0..<60 { fill(300 + i * 22 + k, 200 + k, 3, 1) } }  // dense slanted pen strokes across it
        let page = PageImage(owning: pix)
        let marked = try XCTUnwrap(Preparer.thinLines(page, horizontal: true))
        let boxes = Preparer.componentBoxes(marked)
        XCTAssertTrue(boxes.contains { $0.width >= 800 } && boxes.contains { $0.y == 236 && $0.width >= 450 }, "both lines are found")
        let runs = Preparer.textStrokeRuns(marked, text: page)
        XCTAssertFalse(runs.contains { $0.width >= 800 }, "the underline stays a form line")
        XCTAssertFalse(runs.contains { $0.y == 236 }, "and so does the signing line")
    }
}
