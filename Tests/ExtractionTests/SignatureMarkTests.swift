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

    /// A page whose marks are pale grey (174 on paper 229): gone on the binarised page, each a mark
    /// on the grey page below a threshold above 174.
    struct PalePage: ZoneReader {
        var pale: [Box]
        func read(zone: Box, kind: ZoneKind) -> [OCRLine] { [] }
        func inkCoverage(zone: Box) -> Double { 0 }
        func clipped(_ zone: Box) -> [Box] {
            pale.compactMap { b in
                let x0 = max(b.x, zone.x), y0 = max(b.y, zone.y), x1 = min(b.maxX, zone.maxX), y1 = min(b.maxY, zone.maxY)
                return x1 > x0 && y1 > y0 ? Box(x: x0, y: y0, width: x1 - x0, height: y1 - y0) : nil
            }
        }
        func greyInk(zone: Box, threshold: Int) -> Double {
            guard zone.width > 0, zone.height > 0 else { return 0 }
            // The paper is 229: half the zone is darker than any threshold above it.
            if threshold > 229 { return 1 }
            guard threshold > 174 else { return 0 }
            return Double(clipped(zone).reduce(0) { $0 + $1.width * $1.height }) / Double(zone.width * zone.height)
        }
        func inkBlobs(zone: Box, threshold: Int?) -> [InkBlob]? {
            guard let threshold, threshold > 174 else { return [] }
            return clipped(zone).map { InkBlob(box: $0, pixels: $0.width * $0.height) }
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

    func testAPalePenDrawnDownToALineBelowTheRowIsLookedForUpToTheLine() {
        // Seed 2679 p003 (a scan, signed, reported missing): a pale grey pen, 55 levels under the paper
        // and gone in binarisation, drawn down to the signing line 9 pixels under the zone's bottom and
        // through it. Above the old cut (a line height over the zone's bottom) only its loops' tops
        // were, 2 marks of 100 pixels.
        let zone = Box(x: 692, y: 2370, width: 1109, height: 108)
        let lineY = 2487
        let pen = [Box(x: 1182, y: 2418, width: 17, height: 24), Box(x: 1193, y: 2429, width: 13, height: 13),
                   Box(x: 1150, y: 2442, width: 220, height: 36)]
        let page = PalePage(pale: pen)
        XCTAssertEqual(SignatureEvidence.faintBottom(zone: zone, lineHeight: 36, lineY: nil), zone.maxY - 36)
        XCTAssertEqual(SignatureEvidence.faintBottom(zone: zone, lineHeight: 36, lineY: lineY), zone.maxY)
        XCTAssertEqual(SignatureEvidence.signed(zone: zone, lineHeight: 36, zones: page, lineY: lineY), true)
        XCTAssertEqual(SignatureEvidence.signed(zone: zone, lineHeight: 36, zones: page), false, "cut a line height above the bottom")
        // A line found above the zone's bottom keeps the old cut: below such a line stands its caption.
        XCTAssertEqual(SignatureEvidence.faintBottom(zone: zone, lineHeight: 36, lineY: zone.maxY - 50), zone.maxY - 36)
        // An empty place down to the line stays empty; so does one whose only grey is the line itself.
        XCTAssertEqual(SignatureEvidence.signed(zone: zone, lineHeight: 36, zones: PalePage(pale: []), lineY: lineY), false)
        let line = PalePage(pale: [Box(x: 680, y: lineY - 1, width: 1130, height: 5)])
        XCTAssertEqual(SignatureEvidence.signed(zone: zone, lineHeight: 36, zones: line, lineY: lineY), false)
    }

    func testThreeSpecksWithinJoiningDistanceAreNoStroke() {
        // Recorded on sig2697 p023 (a clean unsigned consent, first contact; h 33): three scanner specks in a
        // row, joined into a mark 34 x 19 wide on the grey page, taken for a pen.
        let zone = Box(x: 643, y: 2194, width: 1205, height: 99)
        func at(_ x: Int, _ y: Int, _ w: Int, _ h: Int, _ px: Int) -> InkBlob { InkBlob(box: Box(x: zone.x + x, y: zone.y + y, width: w, height: h), pixels: px) }
        let specks = [at(936, 34, 6, 6, 29), at(949, 42, 7, 6, 38), at(965, 48, 5, 5, 22), at(616, 62, 8, 8, 48), at(608, 32, 8, 7, 42)]
        let m = SignatureEvidence.Measures(zone: zone, lineHeight: 33, ink: 0.0019, faint: 0.0023, marks: specks, faintMarks: specks,
                                           upper: Box(x: zone.x, y: zone.y, width: zone.width, height: 66))
        XCTAssertEqual(SignatureEvidence.join(Array(specks.prefix(3)), gap: 9).count, 1)
        XCTAssertEqual(SignatureEvidence.decide(m), false)
        // A pen come apart into four pieces or more, or one piece longer than a speck, is still a stroke.
        let pen = (0..<4).map { at(300 + $0 * 12, 40, 7, 7, 40) }
        XCTAssertEqual(SignatureEvidence.decide(SignatureEvidence.Measures(zone: zone, lineHeight: 33, ink: 0.002, faint: 0.003, marks: pen,
                                                                           faintMarks: [], upper: m.upper)), true)
    }

    func testAPenDotLengthenedByASpeckIsNoStroke() {
        // Recorded on sig2711 p003 (a scan's unsigned consent, first contact; h 32): a pen dot 15 x 14 pixels and
        // a scanner speck 9 pixels to its right, joined on the grey page into a mark 26 pixels wide.
        let zone = Box(x: 759, y: 2567, width: 1125, height: 96)
        func at(_ x: Int, _ y: Int, _ w: Int, _ h: Int, _ px: Int) -> InkBlob { InkBlob(box: Box(x: zone.x + x, y: zone.y + y, width: w, height: h), pixels: px) }
        let upper = Box(x: zone.x, y: zone.y, width: zone.width, height: 80)
        let dot = at(429, 62, 15, 14, 155), speck = at(453, 70, 2, 3, 6)
        let faint = [at(502, 13, 2, 2, 4), at(385, 18, 2, 3, 5), dot, speck, at(642, 64, 2, 3, 6)]
        let m = SignatureEvidence.Measures(zone: zone, lineHeight: 32, ink: 0.0011, faint: 0.0019, marks: [at(430, 63, 13, 12, 121)],
                                           faintMarks: faint, upper: upper, lineY: zone.y + 105)
        XCTAssertEqual(SignatureEvidence.join([dot, speck], gap: 9).count, 1)
        XCTAssertEqual(SignatureEvidence.decide(m), false)
        // A short stroke with a speck beside it stays a stroke, and so does the dot with a second piece of pen.
        var tick = m
        tick.faintMarks = [at(429, 50, 12, 27, 150), speck]
        XCTAssertEqual(SignatureEvidence.decide(tick), true)
        var two = m
        two.faintMarks = [dot, at(453, 66, 14, 10, 60)]
        XCTAssertEqual(SignatureEvidence.decide(two), true)
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

    func testUnreadInitialsBeforeTheNameAreNoPen() {
        // Recorded on sig2697 p020 (a scan of an unsigned consent, first contact): the signer's "О.О." before
        // the name, unread, at the place's end on the row's print top; a pen dot in the place.
        let zone = Box(x: 493, y: 2052, width: 1419, height: 111)
        func at(_ x: Int, _ y: Int, _ w: Int, _ h: Int, _ px: Int) -> InkBlob { InkBlob(box: Box(x: zone.x + x, y: zone.y + y, width: w, height: h), pixels: px) }
        let initials = [at(1352, 73, 29, 36, 412), at(1397, 73, 22, 36, 276), at(1386, 103, 6, 6, 28)]
        let dot = at(947, 91, 15, 13, 164)
        var m = SignatureEvidence.Measures(zone: zone, lineHeight: 37, ink: 0.0056, faint: 0.0068, marks: initials + [dot],
                                           faintMarks: [at(1352, 73, 29, 37, 485), at(1396, 73, 23, 37, 328), at(946, 90, 17, 14, 178)],
                                           upper: Box(x: zone.x, y: zone.y, width: zone.width, height: 74))
        XCTAssertEqual(SignatureEvidence.decide(m), false)
        // One letter-sized mark there alone may be a pen's: left as it is.
        m.marks = [initials[0], dot]
        m.faintMarks = []
        XCTAssertEqual(SignatureEvidence.decide(m), true)
        // The same marks in the middle of the place are a pen's.
        m.marks = [at(700, 73, 29, 36, 412), at(745, 73, 22, 36, 276), dot]
        XCTAssertEqual(SignatureEvidence.decide(m), true)
        // Or at the end, but taller than the print.
        m.marks = [at(1352, 60, 29, 49, 512), at(1397, 73, 22, 36, 276), dot]
        XCTAssertEqual(SignatureEvidence.decide(m), true)
    }

    func testUnreadCapitalsShorterThanTheWordsBoxesAreNoPen() {
        // Recorded on s2713 p015 (a bilevel scan of an unsigned consent, first contact; h 44, the words' boxes
        // reaching over descenders): the signer's "Е.С." before the name, broken glyphs 34 and 33 pixels tall on
        // the row's print top at the place's end, their pieces between; the line's rests below.
        let zone = Box(x: 602, y: 2693, width: 1315, height: 132)
        func at(_ x: Int, _ y: Int, _ w: Int, _ h: Int, _ px: Int) -> InkBlob { InkBlob(box: Box(x: zone.x + x, y: zone.y + y, width: w, height: h), pixels: px) }
        let marks = [at(1245, 88, 6, 34, 140), at(1264, 88, 5, 5, 17), at(1290, 89, 11, 33, 130), at(1257, 102, 4, 4, 12),
                     at(1278, 117, 4, 5, 16), at(1264, 118, 6, 4, 18), at(956, 131, 54, 4, 151), at(585, 132, 52, 3, 140),
                     at(660, 132, 51, 3, 128), at(733, 132, 53, 3, 143), at(809, 132, 50, 3, 132), at(884, 132, 52, 3, 141)]
        var m = SignatureEvidence.Measures(zone: zone, lineHeight: 44, ink: 0.0020, faint: 0.0003, marks: marks,
                                           faintMarks: [at(929, 7, 2, 2, 3), at(374, 8, 2, 2, 4)],
                                           upper: Box(x: zone.x, y: zone.y, width: zone.width, height: 88))
        XCTAssertEqual(SignatureEvidence.decide(m), false)
        // Two marks there of unlike heights are no print's capitals: a pen's.
        m.marks = [at(1245, 88, 6, 34, 140), at(1290, 89, 11, 44, 170)] + marks.suffix(6)
        XCTAssertEqual(SignatureEvidence.decide(m), true)
        // Nor are marks at half the print's height.
        m.marks = [at(1200, 88, 40, 22, 300), at(1250, 89, 40, 22, 300)] + marks.suffix(6)
        XCTAssertEqual(SignatureEvidence.decide(m), true)
    }

    func testTheDatesUnreadEndAtThePlacesStartIsNoPen() {
        // Recorded on sig2719 p007 (a poor unsigned application, first contact; h 31): the year read only up to its
        // first digits, so the place began a line height after them; "026 г." there: three digits on the binarised
        // page, one mark 77 pixels wide on the grey page, the "г" and its dot on the baseline; the line's rests below.
        let zone = Box(x: 601, y: 1830, width: 1225, height: 93)
        func at(_ x: Int, _ y: Int, _ w: Int, _ h: Int, _ px: Int) -> InkBlob { InkBlob(box: Box(x: zone.x + x, y: zone.y + y, width: w, height: h), pixels: px) }
        let digits = [at(31, 60, 20, 34, 394), at(6, 61, 24, 33, 494), at(53, 62, 23, 32, 430), at(0, 63, 4, 14, 42)]
        let letter = [at(89, 69, 16, 25, 248), at(0, 85, 4, 8, 28), at(107, 85, 8, 8, 48)]
        let rests = [at(1126, 97, 61, 4, 105), at(1189, 99, 36, 2, 48), at(929, 104, 3, 1, 3)]
        let faint = [at(0, 60, 77, 33, 1558), at(0, 62, 4, 16, 52), at(88, 68, 18, 25, 281), at(107, 84, 8, 9, 60), at(800, 29, 4, 4, 9)]
        var m = SignatureEvidence.Measures(zone: zone, lineHeight: 31, ink: 0.0145, faint: 0.0194, marks: digits + letter + rests,
                                           faintMarks: faint, upper: Box(x: zone.x, y: zone.y, width: zone.width, height: 98), lineY: zone.y + 100)
        XCTAssertEqual(SignatureEvidence.decide(m), false)
        // A pen in the place beside them still signs.
        m.marks = digits + letter + rests + [at(400, 20, 180, 70, 1900)]
        XCTAssertEqual(SignatureEvidence.decide(m), true)
        // Marks at the place's start that rise above the print's top are a pen's.
        m.marks = [at(0, 30, 70, 64, 900)] + rests
        m.faintMarks = []
        XCTAssertEqual(SignatureEvidence.decide(m), true)
    }

    func testAnUnreadSurnameInSmallLettersAtThePlacesEndIsNoPen() {
        // Recorded on sig2703 p020 (a poor scan of an unsigned consent, first contact): the signer's surname,
        // unread, a capital and seven small letters (one with a mark above it, one with a descender) running
        // to the place's end; specks and the line's rests below the row.
        let zone = Box(x: 799, y: 1914, width: 1328, height: 108)
        func at(_ x: Int, _ y: Int, _ w: Int, _ h: Int, _ px: Int) -> InkBlob { InkBlob(box: Box(x: zone.x + x, y: zone.y + y, width: w, height: h), pixels: px) }
        let surname = [at(1122, 72, 30, 36, 618), at(1179, 74, 13, 6, 60), at(1154, 81, 18, 26, 381), at(1200, 81, 17, 26, 284),
                       at(1238, 81, 19, 25, 293), at(1261, 81, 20, 25, 324), at(1285, 81, 19, 25, 364), at(1176, 82, 19, 24, 362),
                       at(1218, 82, 18, 32, 314), at(1308, 82, 20, 24, 319)]
        let rest = [at(0, 4, 1, 3, 3), at(1112, 112, 5, 2, 8), at(1262, 114, 16, 4, 51), at(1279, 114, 23, 3, 48), at(1304, 114, 24, 6, 69),
                    at(1245, 115, 10, 3, 21), at(721, 119, 6, 7, 24), at(604, 122, 5, 4, 12), at(1122, 123, 4, 3, 8), at(1219, 123, 6, 3, 12)]
        let faintSurname = [at(1122, 71, 30, 37, 692), at(1175, 73, 21, 34, 503), at(1153, 80, 20, 28, 436), at(1199, 81, 38, 27, 650),
                            at(1237, 81, 21, 26, 353), at(1260, 81, 21, 26, 357), at(1284, 81, 20, 26, 417), at(1308, 81, 20, 25, 366)]
        var m = SignatureEvidence.Measures(zone: zone, lineHeight: 36, ink: 0.0228, faint: 0.0317, marks: surname + rest,
                                           faintMarks: faintSurname, upper: Box(x: zone.x, y: zone.y, width: zone.width, height: 108),
                                           lineY: zone.y + 115)
        XCTAssertEqual(SignatureEvidence.decide(m), false)
        XCTAssertEqual(Set(SignatureEvidence.unreadWord(m.marks!, m)), Set(surname))
        // A scribble in the middle of the place stays a pen's.
        let scribble = at(600, 40, 160, 60, 2400)
        m.marks = surname + rest + [scribble]
        XCTAssertEqual(SignatureEvidence.decide(m), true)
        // A pen's initials, three letter-sized marks on the baseline at the end, are not a printed word.
        m.marks = [at(1230, 81, 25, 26, 300), at(1262, 82, 24, 25, 310), at(1295, 81, 26, 26, 320)] + rest
        m.faintMarks = []
        XCTAssertTrue(SignatureEvidence.unreadWord(m.marks!, m).isEmpty)
        // The same word far from the place's end is left as it is.
        let moved = surname.map { InkBlob(box: $0.box.offset(dx: -600, dy: 0), pixels: $0.pixels) }
        XCTAssertTrue(SignatureEvidence.unreadWord(moved, m).isEmpty)
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

    func testAFoldsShadedBandAcrossTheWholePlaceIsNoFaintPen() {
        // Seed 2633 p014 (poor, an empty application): a fold's shaded band crosses the place on the grey page,
        // one faint mark from its left edge to its right (1048 x 48 pixels), taken for a faint pen. Recorded
        // marks of the place (zone 695,1631 1048 x 162, row height 54, no signing line found).
        let z = Box(x: 695, y: 1631, width: 1048, height: 162)
        let binarised: [(Int, Int, Int, Int, Int)] = [
            (1001, 41, 7, 2, 11), (1017, 41, 29, 2, 33), (988, 42, 4, 1, 4), (897, 44, 3, 1, 3), (884, 45, 2, 1, 2), (872, 46, 2, 1, 2),
            (834, 47, 5, 1, 5), (773, 48, 5, 2, 8), (786, 48, 3, 1, 3), (814, 48, 4, 1, 4), (1028, 49, 2, 1, 2), (1033, 49, 15, 2, 21),
            (1003, 50, 1, 1, 1), (1010, 50, 7, 1, 7), (1000, 51, 1, 1, 1), (963, 52, 3, 2, 4), (667, 53, 6, 1, 6), (919, 53, 5, 1, 5),
            (932, 53, 2, 1, 2), (944, 53, 6, 1, 6), (621, 54, 2, 1, 2), (885, 54, 26, 2, 27), (556, 56, 5, 2, 8), (564, 56, 10, 2, 12),
            (836, 56, 3, 1, 3), (852, 56, 2, 1, 2), (530, 57, 14, 1, 14), (550, 57, 3, 1, 3), (777, 57, 11, 3, 12), (791, 57, 9, 5, 32),
            (807, 57, 4, 1, 4), (816, 57, 8, 1, 8), (350, 59, 32, 7, 55), (768, 59, 6, 1, 6), (719, 60, 6, 1, 6), (735, 60, 9, 1, 9),
            (752, 60, 5, 1, 5), (421, 61, 4, 1, 4), (432, 61, 4, 1, 4), (668, 61, 11, 3, 16), (682, 61, 11, 2, 15), (704, 61, 3, 1, 3),
            (407, 62, 4, 1, 4), (631, 63, 3, 3, 7), (639, 63, 9, 2, 13), (654, 63, 1, 1, 1), (332, 65, 2, 1, 2), (340, 65, 2, 1, 2),
            (567, 65, 13, 2, 23), (587, 65, 9, 2, 16), (600, 65, 5, 1, 5), (273, 66, 3, 1, 3), (287, 66, 5, 1, 5), (297, 66, 3, 1, 3),
            (491, 66, 2, 1, 2), (496, 66, 15, 2, 22), (515, 66, 3, 1, 3), (526, 66, 33, 2, 44), (211, 68, 4, 1, 4), (223, 68, 6, 1, 6),
            (465, 69, 4, 1, 4), (480, 69, 6, 1, 6), (452, 70, 3, 1, 3), (695, 70, 3, 4, 9), (158, 71, 3, 1, 3), (401, 71, 5, 1, 5),
            (412, 71, 4, 1, 4), (80, 72, 4, 1, 4), (358, 72, 3, 1, 3), (364, 72, 4, 1, 4), (373, 72, 3, 1, 3), (393, 72, 2, 1, 2),
            (308, 73, 10, 3, 24), (323, 73, 19, 1, 19), (344, 73, 7, 1, 7), (588, 74, 4, 3, 9), (252, 75, 42, 2, 45), (298, 75, 2, 1, 2),
            (185, 78, 4, 2, 6), (194, 78, 9, 1, 9), (213, 78, 4, 1, 4), (147, 79, 13, 2, 15), (163, 79, 3, 1, 3), (167, 79, 8, 1, 8),
            (376, 80, 4, 6, 16), (121, 81, 4, 1, 4), (33, 82, 22, 4, 37), (57, 82, 8, 2, 12), (76, 82, 1, 1, 1), (83, 82, 1, 1, 1),
            (9, 84, 6, 2, 9), (27, 84, 2, 1, 2), (95, 95, 4, 3, 9), (652, 108, 3, 4, 9), (469, 114, 4, 4, 12), (891, 132, 2, 4, 8),
            (491, 151, 51, 7, 186), (387, 152, 55, 6, 201), (448, 152, 26, 6, 91), (652, 152, 55, 6, 207), (712, 152, 65, 7, 245), (810, 152, 51, 7, 220),
            (366, 153, 12, 5, 39), (480, 153, 5, 4, 17), (545, 153, 35, 4, 116), (597, 153, 5, 4, 15), (604, 153, 19, 5, 63), (624, 153, 25, 4, 75),
            (779, 153, 29, 6, 121), (584, 154, 10, 3, 25)]
        let faint: [(Int, Int, Int, Int, Int)] = [
            (747, 0, 1, 1, 1), (755, 0, 1, 1, 1), (871, 0, 1, 1, 1), (231, 3, 4, 3, 9), (924, 3, 3, 4, 9), (749, 4, 1, 1, 1),
            (562, 12, 4, 4, 12), (863, 24, 4, 3, 9), (544, 27, 4, 5, 11), (253, 30, 3, 3, 7), (29, 31, 3, 3, 8), (1, 32, 3, 3, 7),
            (898, 36, 4, 3, 10), (0, 40, 1048, 48, 11529), (185, 44, 3, 3, 9), (192, 48, 1, 2, 2), (1044, 61, 3, 2, 4), (891, 63, 2, 2, 3),
            (980, 63, 3, 4, 7), (697, 64, 1, 3, 3), (993, 64, 1, 1, 1), (1000, 65, 3, 2, 6), (701, 67, 3, 2, 6), (858, 68, 1, 1, 1),
            (929, 68, 3, 1, 3), (709, 69, 2, 3, 5), (587, 70, 1, 1, 1), (591, 70, 1, 2, 2), (694, 70, 5, 4, 16), (953, 71, 6, 3, 12),
            (965, 71, 2, 1, 2), (585, 74, 2, 3, 4), (588, 74, 7, 4, 16), (650, 75, 1, 1, 1), (724, 75, 3, 2, 4), (664, 77, 2, 1, 2),
            (759, 77, 2, 2, 4), (769, 77, 2, 2, 3), (956, 77, 1, 1, 1), (325, 78, 1, 3, 3), (561, 78, 1, 1, 1), (568, 78, 1, 1, 1),
            (375, 79, 5, 8, 22), (773, 79, 2, 1, 2), (415, 80, 1, 1, 1), (958, 81, 1, 1, 1), (363, 83, 1, 1, 1), (769, 83, 1, 1, 1),
            (763, 84, 4, 5, 12), (774, 85, 1, 1, 1), (184, 87, 1, 1, 1), (263, 87, 2, 3, 5), (366, 87, 1, 1, 1), (1000, 87, 1, 1, 1),
            (41, 88, 4, 3, 11), (896, 89, 1, 1, 1), (151, 90, 10, 3, 18), (999, 91, 4, 5, 12), (164, 92, 1, 1, 1), (74, 93, 1, 1, 1),
            (277, 94, 2, 1, 2), (56, 95, 1, 2, 2), (94, 95, 6, 4, 14), (890, 95, 2, 3, 6), (13, 96, 4, 2, 7), (70, 96, 1, 2, 2),
            (220, 96, 1, 1, 1), (648, 96, 5, 4, 13), (8, 97, 2, 1, 2), (61, 97, 4, 3, 11), (102, 98, 1, 1, 1), (524, 98, 1, 1, 1),
            (531, 100, 3, 4, 9), (93, 101, 3, 4, 7), (393, 101, 4, 7, 14), (98, 103, 1, 2, 2), (968, 103, 3, 5, 12), (324, 105, 4, 3, 10),
            (440, 105, 5, 3, 11), (220, 106, 2, 1, 2), (847, 107, 1, 1, 1)]
        func blobs(_ t: [(Int, Int, Int, Int, Int)]) -> [InkBlob] {
            t.map { InkBlob(box: Box(x: z.x + $0.0, y: z.y + $0.1, width: $0.2, height: $0.3), pixels: $0.4) }
        }
        var m = SignatureEvidence.Measures(zone: z, lineHeight: 54, ink: 0.0146, faint: 0.1057, marks: blobs(binarised),
                                           faintMarks: blobs(faint), upper: Box(x: z.x, y: z.y, width: z.width, height: 108))
        XCTAssertEqual(SignatureEvidence.decide(m), false)
        // The same band ending inside the place would be a faint pen's mark: the band across it is what is left out.
        let band = faint.firstIndex { $0.2 == 1048 }!
        var inside = faint
        inside[band] = (10, 40, 1028, 48, 11300)
        m.faintMarks = blobs(inside)
        XCTAssertEqual(SignatureEvidence.decide(m), true)
        // In a narrow place (less than ten line heights), a mark from edge to edge may be a pen: it stays.
        XCTAssertFalse(SignatureEvidence.acrossThePlace(InkBlob(box: Box(x: 0, y: 0, width: 400, height: 48), pixels: 4000),
                                                       upper: Box(x: 0, y: 0, width: 400, height: 108), lineHeight: 54))
    }
}

/// A pen drawn through the signing line, its pieces above and below the removed line joined across the line's thickness.
final class SignatureAcrossTheLineTests: XCTestCase {
    func testSmallInitialsOnTheLineAreAPenNotTheLinesRest() {
        // s2721 p013, a scan of a signed application (first contact: reported unsigned). Marks as the page
        // measured them, from the place's corner: four pieces 7-8 pixels tall ending at the line's top (104),
        // four 3 pixels tall starting under its 5 pixels, two specks.
        let zone = Box(x: 860, y: 2385, width: 946, height: 96)
        func mark(_ a: [Int]) -> InkBlob { InkBlob(box: Box(x: zone.x + a[0], y: zone.y + a[1], width: a[2], height: a[3]), pixels: a[4]) }
        let marks = [[342, 95, 16, 8, 106], [366, 95, 7, 8, 45], [374, 95, 10, 8, 65], [391, 96, 18, 7, 92],
                     [342, 109, 22, 3, 64], [365, 109, 21, 3, 60], [390, 109, 13, 3, 37], [407, 109, 6, 3, 18],
                     [468, 111, 2, 1, 2], [603, 111, 2, 1, 2]].map(mark)
        var m = SignatureEvidence.Measures(zone: zone, lineHeight: 32, ink: 0.0002, faint: 0.0005, marks: marks, faintMarks: [],
                                           upper: Box(x: zone.x, y: zone.y, width: zone.width, height: 90))
        m.lineY = zone.y + 104
        XCTAssertEqual(SignatureEvidence.decide(m), true)
        // The pieces below alone are a caption's touching the line, and the pieces above alone the line's rest: no pen.
        m.marks = Array(marks[4...])
        XCTAssertEqual(SignatureEvidence.decide(m), false)
        m.marks = Array(marks[..<4])
        XCTAssertEqual(SignatureEvidence.decide(m), false)
    }
}
