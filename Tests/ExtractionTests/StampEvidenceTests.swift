import XCTest
@testable import Extraction
import IntakeModel

/// A round stamp over the signing place is print, not a pen: drawn ink on a page mask, no Tesseract.
final class StampEvidenceTests: XCTestCase {
    /// A page of `width` × `height` pixels whose ink is drawn point by point; both the prepared and
    /// the grey page are this ink.
    struct InkPage: ZoneReader {
        var width = 1400, height = 1100
        var bits: [Bool]
        init() { bits = [Bool](repeating: false, count: 1400 * 1100) }

        mutating func dot(_ x: Double, _ y: Double, thickness t: Int = 4) {
            let (cx, cy) = (Int(x.rounded()), Int(y.rounded()))
            for yy in (cy - t / 2)...(cy + (t - 1) / 2) where yy >= 0 && yy < height {
                for xx in (cx - t / 2)...(cx + (t - 1) / 2) where xx >= 0 && xx < width { bits[yy * width + xx] = true }
            }
        }
        mutating func circle(_ cx: Double, _ cy: Double, _ r: Double, thickness t: Int = 4) {
            for k in 0..<Int(8 * r) { let a = Double(k) / (8 * r) * 2 * .pi; dot(cx + r * cos(a), cy + r * sin(a), thickness: t) }
        }
        mutating func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, thickness t: Int = 3) {
            let n = Int(max(abs(x1 - x0), abs(y1 - y0))) + 1
            for k in 0...n { let f = Double(k) / Double(n); dot(x0 + (x1 - x0) * f, y0 + (y1 - y0) * f, thickness: t) }
        }
        /// A round stamp as seals are printed: two rings, lettering between them (short strokes), lines of print inside.
        /// `touching`: the lettering runs into the outer ring (ink spread on a blurred scan).
        mutating func stamp(_ cx: Double, _ cy: Double, _ r: Double, touching: Bool = false) {
            circle(cx, cy, r)
            circle(cx, cy, 0.72 * r, thickness: 3)
            for k in 0..<40 {
                let a = Double(k) / 40 * 2 * .pi, rr = 0.86 * r
                // Every other stroke of the lettering reaching the ring when they touch: 70% of the piece on the circle.
                let reach = touching && k % 2 == 0 ? 0.135 * r : 0.06 * r
                line(cx + (rr - 0.06 * r) * cos(a), cy + (rr - 0.06 * r) * sin(a), cx + (rr + reach) * cos(a + 0.05), cy + (rr + reach) * sin(a + 0.05))
            }
            for dy in [-0.25, 0, 0.25] { line(cx - 0.5 * r, cy + dy * 0.72 * r, cx + 0.5 * r, cy + dy * 0.72 * r) }
        }
        /// A stamp whose band between its circles is hatched with radial ticks, not lettered, over the
        /// signing line (drawn through it from `lineFrom` to `lineTo` at `lineY`), with a caption's
        /// letters on the line inside the ring.
        mutating func hatchedStamp(_ cx: Double, _ cy: Double, _ r: Double, lineY: Double, lineFrom: Double, lineTo: Double) {
            circle(cx, cy, r)
            circle(cx, cy, 0.72 * r)
            for k in 0..<44 {
                let a = Double(k) / 44 * 2 * .pi
                line(cx + 0.78 * r * cos(a), cy + 0.78 * r * sin(a), cx + 0.92 * r * cos(a + 0.03), cy + 0.92 * r * sin(a + 0.03))
            }
            for dy in [-0.3, -0.15] { line(cx - 0.3 * r, cy + dy * r, cx + 0.3 * r, cy + dy * r, thickness: 2) }
            line(lineFrom, lineY, lineTo, lineY)
            for k in 0..<9 { line(cx - 0.6 * r + Double(k) * 14, lineY + 8, cx - 0.6 * r + Double(k) * 14 + 6, lineY + 28) }
        }
        /// A hand's scribble: loops running right, up and down across `height` pixels.
        mutating func scribble(_ x0: Double, _ y0: Double, width: Double, height: Double) {
            let n = Int(width * 4)
            var last: (Double, Double)? = nil
            for k in 0...n {
                let f = Double(k) / Double(n), a = f * 9 * .pi
                let p = (x0 + width * f + 18 * cos(a), y0 + height / 2 + height / 2 * sin(a) * (0.7 + 0.3 * sin(f * 5)))
                if let l = last { line(l.0, l.1, p.0, p.1, thickness: 3) }
                last = p
            }
        }

        var mask: InkMask { InkMask(origin: Box(x: 0, y: 0, width: width, height: height), bits: bits) }
        func read(zone: Box, kind: ZoneKind) -> [OCRLine] { [] }
        func clip(_ zone: Box) -> Box {
            let x = max(0, zone.x), y = max(0, zone.y)
            return Box(x: x, y: y, width: max(0, min(width, zone.maxX) - x), height: max(0, min(height, zone.maxY) - y))
        }
        func inkCoverage(zone: Box) -> Double {
            let c = clip(zone)
            guard c.width > 0, c.height > 0 else { return 0 }
            var n = 0
            for y in c.y..<c.maxY { for x in c.x..<c.maxX where bits[y * width + x] { n += 1 } }
            return Double(n) / Double(c.width * c.height)
        }
        /// Paper is 220, ink 60.
        func greyInk(zone: Box, threshold: Int) -> Double { threshold > 60 ? inkCoverage(zone: zone) : 0 }
        func inkBlobs(zone: Box, threshold: Int?) -> [InkBlob]? { StampEvidence.blobs(mask, in: zone) }
        func inkMask(zone: Box) -> InkMask? { inkMask(zone: zone, threshold: nil) }
        func inkMask(zone: Box, threshold: Int?) -> InkMask? {
            let c = clip(zone)
            guard c.width > 0, c.height > 0 else { return nil }
            var out = [Bool](repeating: false, count: c.width * c.height)
            for y in c.y..<c.maxY { for x in c.x..<c.maxX { out[(y - c.y) * c.width + (x - c.x)] = bits[y * width + x] } }
            return InkMask(origin: c, bits: out)
        }
    }

    /// The signing place: 40-pixel print, the line at the zone's bottom.
    let zone = Box(x: 300, y: 420, width: 700, height: 100)
    let h = 40

    func verdict(_ page: InkPage) -> Bool? {
        SignatureEvidence.signed(zone: zone, lineHeight: h, zones: page, reachBelow: h / 2, lineY: zone.maxY)
    }

    func testARingIsFoundWithItsCircles() throws {
        var page = InkPage()
        page.stamp(650, 480, 200)
        let ring = try XCTUnwrap(StampEvidence.ring(in: page.mask, lineHeight: h))
        XCTAssertEqual(ring.cx, 650, accuracy: 3)
        XCTAssertEqual(ring.cy, 480, accuracy: 3)
        XCTAssertEqual(ring.radii.count, 2)
        XCTAssertEqual(ring.outer, 200, accuracy: 4)
        XCTAssertEqual(ring.radii[1], 144, accuracy: 4)
    }

    func testAStampAloneIsNoSignature() {
        // Seed 2607 p018 and p020: unsigned pages with a stamp over the line, reported signed.
        var page = InkPage()
        page.stamp(650, 480, 200)
        XCTAssertNil(verdict(page), "a stamp and no pen: undecided, for a person")
        XCTAssertNotNil(StampEvidence.ring(in: page.mask, lineHeight: h))
    }

    func testAStampWhoseLetteringTouchesItsRingIsFoundWithAnOverEstimatedLineHeight() {
        // Seed 2613 p018: the lettering joined the outer ring (70% of the piece on the circle); p009:
        // the row's height came out 71 pixels, the inner ring 1.9 of them, and the stamp's inner rule
        // (197 x 5 pixels, shorter than three such heights) was a stroke.
        var page = InkPage()
        page.stamp(650, 480, 190, touching: true)
        let ring = StampEvidence.ring(in: page.mask, lineHeight: 71)
        XCTAssertEqual(ring?.radii.count, 2)
        XCTAssertEqual(ring?.outer ?? 0, 190, accuracy: 4)
        XCTAssertNil(SignatureEvidence.signed(zone: Box(x: 300, y: 400, width: 700, height: 140), lineHeight: 71, zones: page,
                                              reachBelow: 35, lineY: 540))
        page.scribble(420, 430, width: 330, height: 80)
        XCTAssertEqual(SignatureEvidence.signed(zone: Box(x: 300, y: 400, width: 700, height: 140), lineHeight: 71, zones: page,
                                                reachBelow: 35, lineY: 540), true)
    }

    func testAHatchedStampJoinedToTheSigningLineIsFoundAndIsNoSignature() throws {
        // Seed 2623 p008 (poor, unsigned, a stamp alone over the line, both forms reported signed): the
        // ring, its band of radial ticks, the signing line and the caption were one piece, 19% of it on
        // the first fit's circle, whose centre the rest pulled 36 pixels aside into the band; the true
        // circles stayed as long arcs, taken for a pen.
        var page = InkPage()
        page.hatchedStamp(640, 470, 180, lineY: 515, lineFrom: 250, lineTo: 900)
        let ring = try XCTUnwrap(StampEvidence.ring(in: page.mask, lineHeight: h, crossing: zone))
        XCTAssertEqual(ring.cx, 640, accuracy: 3)
        XCTAssertEqual(ring.cy, 470, accuracy: 3)
        XCTAssertEqual(ring.radii.count, 2)
        XCTAssertEqual(ring.outer, 180, accuracy: 3)
        XCTAssertEqual(ring.radii.last ?? 0, 130, accuracy: 3)
        XCTAssertNil(verdict(page), "a stamp and no pen: undecided, for a person")
        page.scribble(400, 440, width: 300, height: 70)
        XCTAssertEqual(verdict(page), true)
    }

    func testAPenOverTheStampIsASignature() {
        var page = InkPage()
        page.stamp(650, 480, 200)
        page.scribble(420, 430, width: 330, height: 80)
        XCTAssertEqual(verdict(page), true)
        // A pen beside the stamp, not touching it.
        var beside = InkPage()
        beside.stamp(820, 480, 170)
        beside.scribble(340, 440, width: 250, height: 70)
        XCTAssertEqual(verdict(beside), true)
    }

    func testAPenAloneIsStillASignatureAndAnEmptyPlaceMissing() {
        var page = InkPage()
        page.scribble(420, 430, width: 330, height: 80)
        XCTAssertEqual(verdict(page), true)
        XCTAssertNil(StampEvidence.ring(in: page.mask, lineHeight: h), "a hand's loops are no ring")
        XCTAssertEqual(verdict(InkPage()), false)
    }

    func testAHandDrawnLoopIsNoRing() {
        // A large oval drawn by hand: wobbling radius, not closed.
        var page = InkPage()
        var last: (Double, Double)? = nil
        for k in 0...600 {
            let a = Double(k) / 600 * 1.8 * .pi
            let r = 150 * (1 + 0.12 * sin(3 * a))
            let p = (650 + 1.3 * r * cos(a), 480 + r * sin(a))
            if let l = last { page.line(l.0, l.1, p.0, p.1) }
            last = p
        }
        XCTAssertNil(StampEvidence.ring(in: page.mask, lineHeight: h))
        XCTAssertEqual(verdict(page), true)
    }

    func testTheKasaFitFindsACircleFromAnArc() throws {
        let points = (0..<90).map { k -> (Int, Int) in
            let a = Double(k) / 90 * .pi
            return (Int((100 + 80 * cos(a)).rounded()), Int((200 + 80 * sin(a)).rounded()))
        }
        let fit = try XCTUnwrap(StampEvidence.kasa(points))
        XCTAssertEqual(fit.cx, 100, accuracy: 1)
        XCTAssertEqual(fit.cy, 200, accuracy: 1)
        XCTAssertEqual(fit.r, 80, accuracy: 1)
    }
}

/// The year's "г." of the signing row's date, when the reading left it out, is print.
final class UnreadYearMarkTests: XCTestCase {
    func testTheUnreadLetterAfterTheYearIsPrint() throws {
        // Seed 2607 p017 (scan, unsigned consent): "2026" read, its "г." not; the letter, 16 x 23
        // pixels at the place's left edge, was a stroke.
        let words = [OCRWord(text: "«14»", confidence: 0.9, box: Box(x: 300, y: 2357, width: 80, height: 29)),
                     OCRWord(text: "2026", confidence: 0.93, box: Box(x: 504, y: 2357, width: 94, height: 29))]
        let box = try XCTUnwrap(Extractor.unreadYearMark(words, dateEnd: 598, lineHeight: 28))
        let zone = Box(x: 626, y: 2306, width: 1199, height: 84)
        let letter = InkBlob(box: Box(x: 631, y: 2363, width: 16, height: 23), pixels: 136)
        var m = SignatureEvidence.Measures(zone: zone, lineHeight: 28, ink: 0.002, faint: 0.002, marks: [letter], faintMarks: [],
                                           upper: Box(x: zone.x, y: zone.y, width: zone.width, height: 56))
        XCTAssertEqual(SignatureEvidence.decide(m), true, "unknown to be print, a letter this size is a stroke")
        m.printed = [box]
        XCTAssertEqual(SignatureEvidence.decide(m), false)
        // A pen starting further along the line still counts.
        m.marks = [letter, InkBlob(box: Box(x: 700, y: 2320, width: 200, height: 60), pixels: 1800)]
        XCTAssertEqual(SignatureEvidence.decide(m), true)
        // With "г." read, the date ends after it: nothing is added.
        let read = words + [OCRWord(text: "г.", confidence: 0.9, box: Box(x: 610, y: 2363, width: 30, height: 23))]
        XCTAssertNil(Extractor.unreadYearMark(read, dateEnd: 640, lineHeight: 28))
    }
}

/// A straight hairline is a rule's piece, not a pen.
final class HairlineTests: XCTestCase {
    func testPiecesOfABrokenRuleAreNoPen() {
        // Seed 2619 p002 (bilevel scan, the application's faint pen lost): no signing line found, its
        // pieces 57-74 x 3 pixels at one height, and a piece of the caption's rule, were strokes.
        let zone = Box(x: 667, y: 2248, width: 1215, height: 114)
        func mark(_ dx: Int, _ dy: Int, _ w: Int, _ h: Int, _ px: Int) -> InkBlob {
            InkBlob(box: Box(x: zone.x + dx, y: zone.y + dy, width: w, height: h), pixels: px)
        }
        let pieces = [mark(652, 111, 74, 3, 127), mark(547, 111, 65, 3, 126), mark(757, 111, 57, 3, 88), mark(687, 130, 65, 3, 79)]
        var m = SignatureEvidence.Measures(zone: zone, lineHeight: 38, ink: 0.0044, faint: 0.0007, marks: pieces, faintMarks: [],
                                           upper: Box(x: zone.x, y: zone.y, width: zone.width, height: 76))
        XCTAssertEqual(SignatureEvidence.decide(m), false)
        // A pen's stroke wobbles: as wide, but taller than a hairline, it signs.
        m.marks = pieces + [mark(300, 60, 80, 14, 400)]
        XCTAssertEqual(SignatureEvidence.decide(m), true)
        // Fragments of a faint pen that are each flat but join into a stroke still sign.
        m.marks = (0..<6).map { mark(100 + $0 * 14, 40 + $0 * 3, 12, 3, 30) }
        XCTAssertEqual(SignatureEvidence.decide(m), true)
        XCTAssertTrue(SignatureEvidence.isHairline(pieces[0], h: 38))
    }
}
