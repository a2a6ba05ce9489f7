import XCTest
@testable import Extraction
import IntakeModel

/// The signature verdict on recorded marks of a signature place (boxes and pixel counts as the page
/// measured them): no Tesseract, no image.
final class SignatureMarkTests: XCTestCase {
    let zone = Box(x: 1000, y: 2900, width: 620, height: 120)
    var upper: Box { Box(x: zone.x, y: zone.y, width: zone.width, height: zone.height - 40) }

    /// A mark at (dx, dy) from the zone's corner.
    func mark(_ dx: Int, _ dy: Int, _ w: Int, _ h: Int, _ pixels: Int) -> InkBlob {
        InkBlob(box: Box(x: zone.x + dx, y: zone.y + dy, width: w, height: h), pixels: pixels)
    }

    func measures(_ marks: [InkBlob], faint: [InkBlob] = [], ink: Double = 0, faintShare: Double = 0) -> SignatureEvidence.Measures {
        SignatureEvidence.Measures(zone: zone, lineHeight: 40, ink: ink, faint: faintShare, marks: marks, faintMarks: faint, upper: upper)
    }

    func testAScribbleIsSigned() {
        XCTAssertEqual(SignatureEvidence.decide(measures([mark(120, 10, 380, 100, 5200)], ink: 0.07)), true)
    }

    func testAShortTickIsSigned() {
        // Two strokes of a 6 mm tick at 300 dpi, touching: 70 x 50 pixels, 600 of them.
        XCTAssertEqual(SignatureEvidence.decide(measures([mark(300, 60, 25, 30, 200), mark(322, 40, 50, 50, 420)], ink: 0.008)), true)
    }

    func testAStrayDotOrScannerSpecksAreNoSignature() {
        XCTAssertEqual(SignatureEvidence.decide(measures([mark(250, 70, 15, 13, 160)], ink: 0.002)), false, "a pen dot")
        let specks = [(20, 5), (140, 30), (260, 90), (380, 15), (500, 60), (600, 100), (90, 110)].map { mark($0.0, $0.1, 5, 6, 22) }
        XCTAssertEqual(SignatureEvidence.decide(measures(specks, faint: specks, ink: 0.003, faintShare: 0.004)), false, "scanner specks")
    }

    func testInitialsWrittenThroughTheLineCountWithTheirPartBelowIt() {
        // Seed 2201: small initials across the line, their tops just above the zone's bottom; the
        // marks measured reach half a line below it. Letters of a caption below the line do not count.
        let m = measures([mark(300, 112, 16, 36, 260), mark(326, 110, 14, 38, 240)], ink: 0.001)
        XCTAssertEqual(SignatureEvidence.decide(m), true)
        let caption = measures([mark(300, 124, 40, 16, 250), mark(345, 124, 30, 16, 200)], ink: 0)
        XCTAssertEqual(SignatureEvidence.decide(caption), false)
    }

    func testAnEmptyPlaceIsMissing() {
        XCTAssertEqual(SignatureEvidence.decide(measures([])), false)
    }

    func testPrintedRestsAreNoMark() {
        // The signature line's rest (flat and long) and a fold line (thin, the whole zone's height).
        let rule = mark(0, 112, 600, 4, 2400), fold = mark(330, 0, 5, 120, 600)
        XCTAssertEqual(SignatureEvidence.decide(measures([rule, fold], ink: 0.04)), false)
    }

    func testPiecesOfTheSigningLineOnTheGreyPageAreNoMark() {
        // Seed 2553 p019: an empty clean consent; the grey page kept the line, and its end, 91 pixels
        // past a gap in the print (shorter than a rule's three line heights), was taken for a faint pen.
        var m = SignatureEvidence.Measures(zone: Box(x: 562, y: 2184, width: 1236, height: 105), lineHeight: 35, ink: 0.0069,
                                           faint: 0.0197, marks: [], faintMarks: [
                                               InkBlob(box: Box(x: 1142, y: 2246, width: 486, height: 3), pixels: 1458),
                                               InkBlob(box: Box(x: 1707, y: 2246, width: 91, height: 3), pixels: 273)],
                                           upper: Box(x: 562, y: 2184, width: 1236, height: 70))
        // Without the line's place: the end runs out of the place at its right edge, a rule's piece cut there.
        XCTAssertEqual(SignatureEvidence.decide(m), false)
        m.faintMarks = [InkBlob(box: Box(x: 1142, y: 2246, width: 486, height: 3), pixels: 1458),
                        InkBlob(box: Box(x: 1690, y: 2246, width: 91, height: 3), pixels: 273)]
        // Without the line's place, a flat piece inside it is no stroke either: a straight hairline is a
        // rule's piece (`isHairline`, seed 2619 p002). One a little taller would be, but for the line.
        XCTAssertEqual(SignatureEvidence.decide(m), false)
        m.faintMarks = [InkBlob(box: Box(x: 1142, y: 2246, width: 486, height: 3), pixels: 1458),
                        InkBlob(box: Box(x: 1690, y: 2242, width: 91, height: 7), pixels: 400)]
        XCTAssertEqual(SignatureEvidence.decide(m), true, "without the line's place, a flat piece inside it looks like a stroke")
        m.lineY = 2246
        XCTAssertEqual(SignatureEvidence.decide(m), false)
        // A pen stroke along the line but rising above it still counts.
        m.faintMarks = (m.faintMarks ?? []) + [InkBlob(box: Box(x: 900, y: 2215, width: 120, height: 34), pixels: 900)]
        XCTAssertEqual(SignatureEvidence.decide(m), true)
    }

    /// A page of white paper with dark rectangles (grey 60 on paper 220), read pixel by pixel.
    struct RectPage: ZoneReader {
        var dark: [Box]
        func read(zone: Box, kind: ZoneKind) -> [OCRLine] { [] }
        func inkCoverage(zone: Box) -> Double { greyInk(zone: zone, threshold: 128) }
        func greyInk(zone: Box, threshold: Int) -> Double {
            guard zone.width > 0, zone.height > 0, threshold > 60 else { return 0 }
            var n = 0
            for y in zone.y..<zone.maxY {
                for x in zone.x..<zone.maxX where dark.contains(where: { $0.x <= x && x < $0.maxX && $0.y <= y && y < $0.maxY }) { n += 1 }
            }
            return Double(n) / Double(zone.width * zone.height)
        }
    }

    func testAStreakOfTheScannerThroughThePlaceIsNoPen() {
        // Seed 2555 p003 (poor scan, empty consent): a toner streak 10 pixels wide runs down the whole
        // page through the place; on the grey page its piece in the place, joined with specks beside
        // it, was a 45 x 83 faint mark, taken for a pen.
        let streak = Box(x: zone.x + 225, y: 0, width: 10, height: 3500)
        let page = RectPage(dark: [streak])
        let cols = SignatureEvidence.streakColumns(zone: zone, upper: upper, h: 40, zones: page, threshold: 190)
        XCTAssertEqual(cols.count, 1)
        XCTAssertTrue(cols[0].contains(streak.x) && cols[0].contains(streak.maxX - 1))
        var m = measures([mark(227, 19, 9, 45, 62)], faint: [mark(225, 0, 10, 80, 800), mark(240, 20, 6, 5, 30), mark(214, 50, 5, 6, 25)],
                         ink: 0.0005, faintShare: 0.013)
        XCTAssertEqual(SignatureEvidence.decide(m), true, "without the streak's columns the band is a faint stroke")
        m.streaks = cols
        XCTAssertEqual(SignatureEvidence.decide(m), false)
        // A pen crossing the streak joins it into a mark far wider than the band: signed.
        m.faintMarks = (m.faintMarks ?? []) + [mark(120, 20, 300, 60, 2400)]
        XCTAssertEqual(SignatureEvidence.decide(m), true)
        // Aslant on a straightened page (3 degrees), its columns above and below lie aside.
        let aslant = RectPage(dark: (0..<70).map { Box(x: zone.x + $0 * 5 / 2 - 100, y: $0 * 50, width: 10, height: 50) })
        XCTAssertEqual(SignatureEvidence.streakColumns(zone: zone, upper: upper, h: 40, zones: aslant, threshold: 190).count, 1)
        // A pen stroke alone in the place ends above and below it: no streak.
        let pen = RectPage(dark: [Box(x: zone.x + 300, y: zone.y + 5, width: 8, height: 70)])
        XCTAssertEqual(SignatureEvidence.streakColumns(zone: zone, upper: upper, h: 40, zones: pen, threshold: 190), [])
    }

    func testAStreaksMarkWidenedByASpeckBesideItIsNoPen() {
        // Seed 2627 p001 (poor scan, empty consent, activated): on the grey page the streak's piece in the
        // place, 1,101 pixels, joined a speck beside it into a box 34 wide, 18 columns of it in the streak.
        var m = measures([], faint: [mark(209, 0, 34, 79, 1101)], faintShare: 0.016)
        XCTAssertEqual(SignatureEvidence.decide(m), true)
        m.streaks = [(zone.x + 206)...(zone.x + 226)]
        XCTAssertEqual(SignatureEvidence.decide(m), false)
        // A pen crossing the streak holds more ink than the streak's columns of its box.
        m.faintMarks = [mark(150, 0, 160, 79, 2900)]
        XCTAssertEqual(SignatureEvidence.decide(m), true)
    }

    func testACaptionUnderALineThePageLostIsNoPen() {
        // Seed 2627 p001: no signing line found; "(подпись)", unread, 5 pixels into the zone above its bottom.
        XCTAssertEqual(SignatureEvidence.decide(measures([mark(229, 115, 185, 29, 926)], ink: 0.003)), false)
        // A pen rising above the row's bottom signs.
        XCTAssertEqual(SignatureEvidence.decide(measures([mark(229, 90, 185, 54, 1400)], ink: 0.003)), true)
    }

    func testAFaintPenLostInBinarisationIsAStrokeOnTheGreyPage() {
        let pen = mark(140, 20, 300, 60, 2100)
        XCTAssertEqual(SignatureEvidence.decide(measures([], faint: [pen], faintShare: 0.03)), true)
    }

    func testBrokenStrokesOfOneMarkAreTakenTogether() {
        // A faint pen comes apart on the threshold: pieces a few pixels apart make one stroke.
        let pieces = (0..<6).map { mark(100 + $0 * 14, 40, 10, 12, 45) }
        XCTAssertEqual(SignatureEvidence.decide(measures([], faint: pieces)), true)
        XCTAssertEqual(SignatureEvidence.join(pieces, gap: 12).count, 1)
    }

    func testWithoutMarksTheSharesDecide() {
        var m = measures([], ink: 0.02)
        m.marks = nil
        XCTAssertEqual(SignatureEvidence.decide(m), true)
        m.ink = 0.001
        m.faint = 0.002
        XCTAssertEqual(SignatureEvidence.decide(m), false)
    }
}

/// Words of the signing row read as print (a caption, a surname the place did not stop before) are no mark.
final class SignaturePrintedWordTests: XCTestCase {
    func testMarksInsideAWordReadAsPrintAreNoSignature() {
        // Recorded on seed 2101 (an unsigned consent): a surname of 146 x 27 pixels at the row's level
        // inside the place, its letters one mark.
        let zone = Box(x: 584, y: 2215, width: 1298, height: 105)
        let surname = InkBlob(box: Box(x: 584 + 750, y: 2215 + 74, width: 146, height: 27), pixels: 1148)
        var m = SignatureEvidence.Measures(zone: zone, lineHeight: 35, ink: 0.0105, faint: 0.0293, marks: [surname], faintMarks: [],
                                           upper: Box(x: zone.x, y: zone.y, width: zone.width, height: 70))
        XCTAssertEqual(SignatureEvidence.decide(m), true, "unknown to be print, a mark this size is a stroke")
        m.printed = [Box(x: 1332, y: 2287, width: 150, height: 30)]
        XCTAssertEqual(SignatureEvidence.decide(m), false)
    }

    func testAWordReadAsPrintIsSureLettersOfTheRowsHeight() {
        XCTAssertTrue(Extractor.readAsPrint(OCRWord(text: "Рахимова", confidence: 0.92, box: Box(x: 0, y: 0, width: 200, height: 36)), lineHeight: 36))
        XCTAssertTrue(Extractor.readAsPrint(OCRWord(text: "(подпись)", confidence: 0.85, box: Box(x: 0, y: 0, width: 150, height: 30)), lineHeight: 36))
        XCTAssertFalse(Extractor.readAsPrint(OCRWord(text: "Жпр", confidence: 0.41, box: Box(x: 0, y: 0, width: 200, height: 36)), lineHeight: 36),
                       "an unsure reading is a scribble's")
        XCTAssertFalse(Extractor.readAsPrint(OCRWord(text: "Жпрвн", confidence: 0.9, box: Box(x: 0, y: 0, width: 300, height: 110)), lineHeight: 36),
                       "a word three lines tall is a scribble's")
    }

    func testAFlatFaintMarkAlongTheLineIsTheRulesRest() {
        // Recorded on seed 2101: the grey page kept 487 x 11 pixels of the signature line's rest.
        let rest = InkBlob(box: Box(x: 1164, y: 2275, width: 487, height: 11), pixels: 2011)
        XCTAssertTrue(SignatureEvidence.isPrintedRest(rest, in: Box(x: 584, y: 2215, width: 1298, height: 105), h: 35))
    }

    func testAFlatMarkRunningOutOfThePlaceIsARulesPieceCutThere() {
        // Seed 2595 p019 (poor, empty): the signing line printed as dashes the form lines did not hold;
        // on the grey page its piece at the place's left edge, 56 x 6 pixels (2.3 line heights), was
        // taken for a pen. Recorded measures (PFDO_DEBUG_SIGNATURE).
        let zone = Box(x: 2347, y: 2839, width: 552, height: 72)
        let upper = Box(x: zone.x, y: zone.y, width: zone.width, height: 48)
        func at(_ dx: Int, _ dy: Int, _ w: Int, _ h: Int, _ p: Int) -> InkBlob {
            InkBlob(box: Box(x: zone.x + dx, y: zone.y + dy, width: w, height: h), pixels: p)
        }
        var m = SignatureEvidence.Measures(zone: zone, lineHeight: 24, ink: 0.0036, faint: 0.0418, marks: [at(38, 24, 11, 5, 34)],
                                           faintMarks: [at(0, 24, 56, 6, 264), at(0, 45, 1, 3, 3)], upper: upper)
        XCTAssertEqual(SignatureEvidence.decide(m), false)
        // The same flat mark inside the place, off its edges, is a pen's dash.
        m.faintMarks = [at(200, 24, 56, 6, 264)]
        XCTAssertEqual(SignatureEvidence.decide(m), true)
        // A pen's stroke at the edge, not flat, stays a stroke; so does a flat dash joined to it.
        m.faintMarks = [at(0, 10, 40, 30, 500), at(30, 24, 56, 6, 264)]
        XCTAssertEqual(SignatureEvidence.decide(m), true)
    }

    func testInitialsCutByTheRemovedLineAreOnePenMark() {
        // Seed 2601 p027 p2 (scan, signed with initials written down through the line onto its caption):
        // preparation took the line out, leaving the pen's pieces above it 11-12 pixels tall and below
        // it 5-6 pixels (to the marks' reach), each as flat as a rule's rest. Recorded (PFDO_DEBUG_SIGNATURE).
        let zone = Box(x: 733, y: 2826, width: 1052, height: 117)
        func b(_ x: Int, _ y: Int, _ w: Int, _ h: Int, _ p: Int) -> InkBlob { InkBlob(box: Box(x: x, y: y, width: w, height: h), pixels: p) }
        let abovePieces = [b(1223, 2939, 25, 12, 213), b(1191, 2940, 21, 11, 183), b(1256, 2940, 26, 11, 210)]
        let belowPieces = [b(1190, 2956, 28, 6, 163), b(1222, 2956, 10, 6, 57), b(1243, 2957, 9, 5, 34), b(1256, 2957, 13, 5, 62),
                           b(1278, 2957, 7, 5, 28)]
        var m = SignatureEvidence.Measures(zone: zone, lineHeight: 39, ink: 0.0010, faint: 0.0004, marks: abovePieces + belowPieces,
                                           faintMarks: [], upper: Box(x: zone.x, y: zone.y, width: zone.width, height: 78))
        m.lineY = 2952
        XCTAssertEqual(SignatureEvidence.decide(m), true)
        // The pieces below alone are a caption's letters or the line's shadow: they do not reach above it.
        m.marks = belowPieces
        XCTAssertEqual(SignatureEvidence.decide(m), false)
        // A rule's sliver left above the line (3 pixels) over a caption's letters touching it from below is no pen.
        m.marks = [b(1150, 2948, 200, 3, 600)] + belowPieces
        XCTAssertEqual(SignatureEvidence.decide(m), false)
        // Pieces above the line with nothing below it in their columns stay a rule's rest.
        m.marks = abovePieces + [b(1400, 2956, 28, 6, 163)]
        XCTAssertEqual(SignatureEvidence.decide(m), false)
    }
}
