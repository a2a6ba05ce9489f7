import CTesseract
import Foundation
import XCTest
@testable import OCR

/// Bands of thin toner are found and stretched back; pages without one are left alone.
final class TonerStreakTests: XCTestCase {
    /// A flattened page (paper 230) with lines of letter-like marks between x = 100 and 900:
    /// stems and bars with a core of `ink` and a lighter rim. `faint` multiplies the darkness of
    /// the columns in its range, as a printer's thin toner does. `border`: a faint vertical table
    /// border (5 px, blurred: much lighter than the letters) down the page at that x.
    static func page(ink: Int = 30, faint: (range: Range<Int>, factor: Double)? = nil, border: Int? = nil) throws -> PageImage {
        let w = 1000, h = 1200, paper = 230
        let pix = try XCTUnwrap(pixCreate(Int32(w), Int32(h), 8))
        pixSetAllArbitrary(pix, UInt32(paper))
        var seed: UInt32 = 12345
        func next(_ n: Int) -> Int { seed = seed &* 1_103_515_245 &+ 12345; return Int((seed >> 16) % UInt32(n)) }
        func mark(_ x: Int, _ y: Int, _ value: Int) {
            guard x >= 0, x < w, y >= 0, y < h else { return }
            var old: UInt32 = 0
            pixGetPixel(pix, Int32(x), Int32(y), &old)
            var v = min(Int(old), value)
            if let faint, faint.range.contains(x) {
                v = paper - Int((Double(paper - v) * faint.factor).rounded())
            }
            pixSetPixel(pix, Int32(x), Int32(y), UInt32(v))
        }
        let rim = (paper + ink) / 2
        for top in stride(from: 100, to: 1100, by: 50) {
            var x = 100
            while x < 880 {
                // Two stems and a bar per letter, at varying places.
                for stem in [x + next(4), x + 8 + next(6)] {
                    for y in top..<top + 28 {
                        mark(stem - 1, y, rim); mark(stem + 3, y, rim)
                        for dx in 0..<3 { mark(stem + dx, y, ink) }
                    }
                }
                let bar = top + 4 + next(20)
                for dx in 0..<16 { mark(x + dx, bar - 1, rim); mark(x + dx, bar + 2, rim); mark(x + dx, bar, ink); mark(x + dx, bar + 1, ink) }
                x += 22 + next(4)
            }
        }
        // A form line across the page, printed darker than the text and not thinned.
        for x in 80..<920 { pixSetPixel(pix, Int32(x), 1120, 40); pixSetPixel(pix, Int32(x), 1121, 40) }
        if let border {
            for y in 90..<1110 { for dx in 0..<5 { mark(border + dx, y, 175) } }
        }
        return PageImage(owning: pix)
    }

    static func value(_ image: PageImage, _ x: Int, _ y: Int) -> Int {
        var v: UInt32 = 0
        pixGetPixel(image.pix, Int32(x), Int32(y), &v)
        return Int(v)
    }

    func testFaintBandIsFoundAndStretchedBack() throws {
        let band = 480..<500
        let faint = try Self.page(faint: (band, 0.45))
        let full = try Self.page()
        let streaks = Preparer.compensateTonerStreaks(faint)
        XCTAssertEqual(streaks.count, 1, "\(streaks)")
        let streak = try XCTUnwrap(streaks.first)
        XCTAssertLessThanOrEqual(abs(streak.x - band.lowerBound), 4)
        XCTAssertLessThanOrEqual(abs(streak.x + streak.width - band.upperBound), 4)
        XCTAssertEqual(streak.factor, 1 / 0.45, accuracy: 0.4)
        // Every column of the band is as dark again as the page: the text threshold keeps its
        // strokes as it does elsewhere.
        for x in band {
            var before = 0, after = 0
            for y in 100..<1100 {
                if Self.value(full, x, y) < 170 { before += 1 }
                if Self.value(faint, x, y) < 170 { after += 1 }
            }
            XCTAssertGreaterThan(before, 0)
            XCTAssertEqual(Double(after), Double(before), accuracy: Double(before) * 0.1, "column \(x)")
        }
        // Far from the band nothing moved.
        let reference = try Self.page(faint: (band, 0.45))
        for x in [100, 300, 700, 880] {
            for y in stride(from: 100, to: 1100, by: 3) {
                XCTAssertEqual(Self.value(faint, x, y), Self.value(reference, x, y))
            }
        }
    }

    func testPagesWithoutBandAreLeftAlone() throws {
        // An evenly printed page, one printed faint all over (a printer low on toner), one whose
        // middle third is lighter (a region far wider than a streak), and one with a faint
        // vertical table border among the letters.
        let pages = [try Self.page(), try Self.page(ink: 140), try Self.page(faint: (350..<650, 0.5)),
                     try Self.page(border: 480)]
        for (i, page) in pages.enumerated() {
            let copy = try XCTUnwrap(pixCopy(nil, page.pix))
            defer { var c: UnsafeMutablePointer<PIX>? = copy; pixDestroy(&c) }
            XCTAssertEqual(Preparer.compensateTonerStreaks(page), [], "page \(i)")
            var same: Int32 = 0
            pixEqual(page.pix, copy, &same)
            XCTAssertEqual(same, 1, "page \(i) changed")
        }
    }
}
