import CTesseract
import Foundation
import XCTest
@testable import OCR

/// A band the scanner did not see (no ink over the page's height, full print on both sides) is
/// found and filled from its sides; margins, gaps between words and pages without one are left alone.
final class DropoutStreakTests: XCTestCase {
    func testWhiteBandThroughThePrintIsFilledFromItsSides() throws {
        let band = 480..<497
        let page = try TonerStreakTests.page(faint: (band, 0))
        // Nothing of the print is left in the band.
        for x in band { for y in stride(from: 100, to: 1100, by: 2) { XCTAssertGreaterThanOrEqual(TonerStreakTests.value(page, x, y), 200) } }
        let found = Preparer.fillDropoutStreaks(page)
        XCTAssertEqual(found, [band])
        // The form line under the text runs through the band again, so it is one line, not two.
        for x in band { XCTAssertLessThan(TonerStreakTests.value(page, x, 1120), 100, "column \(x)") }
        // Rows where both sides are paper stay paper.
        for x in band { XCTAssertEqual(TonerStreakTests.value(page, x, 60), 230) }
    }

    func testPagesWithoutADropoutAreLeftAlone() throws {
        // An evenly printed page, a faint toner streak (lighter, not empty), a faint table border, and
        // an empty column 4 px wide (a monospaced font's cells leave such gaps down the page).
        let pages = [try TonerStreakTests.page(), try TonerStreakTests.page(faint: (480..<500, 0.45)),
                     try TonerStreakTests.page(border: 480), try TonerStreakTests.page(faint: (480..<484, 0))]
        for (i, page) in pages.enumerated() {
            let copy = try XCTUnwrap(pixCopy(nil, page.pix))
            defer { var c: UnsafeMutablePointer<PIX>? = copy; pixDestroy(&c) }
            XCTAssertEqual(Preparer.fillDropoutStreaks(page), [], "page \(i)")
            var same: Int32 = 0
            pixEqual(page.pix, copy, &same)
            XCTAssertEqual(same, 1, "page \(i) changed")
        }
    }
}
