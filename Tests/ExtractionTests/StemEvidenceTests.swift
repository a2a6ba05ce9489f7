import XCTest
@testable import Extraction
import IntakeModel

/// 3 and 5 told apart by the 5's stem (`StemEvidence`), on glyphs drawn as the faces print them
/// (rendered at 34 pixels and binarised): no Tesseract, no image.
final class StemEvidenceTests: XCTestCase {
    /// PT Sans: a flat-topped 3 that the page's model reads as 5 (seed 2681 p021 and p024, scans).
    let ptSans3 = GlyphEvidence.Glyph(rows: [
        "############.", "############.", "############.", "........###..", ".......###...", "......###....",
        "......###....", ".....###.....", "....###......", "....##.......", "...######....", "...########..",
        "...#########.", "........####.", ".........####", "..........###", "..........###", "..........###",
        "..........###", ".........###.", ".#......####.", "###########..", "##########...", ".#######.....",
    ])
    let ptSans5 = GlyphEvidence.Glyph(rows: [
        ".###########", ".###########", ".###########", ".###........", ".###........", ".###........",
        ".###........", ".###........", ".###........", ".#######....", ".#########..", ".##########.",
        ".......#####", ".........###", ".........###", "..........##", "..........##", ".........###",
        ".........###", "........####", "#......####.", "##########..", "#########...", ".######.....",
    ])
    /// FreeSerif: a 5 whose stem is short and slanted, about as short as a 3's terminal.
    let freeSerif5 = GlyphEvidence.Glyph(rows: [
        ".....#########", "....#########.", "....#########.", "....#.........", "...#..........", "...#..........",
        "..####........", "..#######.....", ".#########....", ".....#######..", ".......#####..", ".........####.",
        "..........###.", "..........###.", "...........##.", "...........##.", "...........##.", "...........##.",
        "...........##.", "..........##..", ".##.......##..", "#####....##...", ".########.....",
    ])

    func testTheStemIsLongInA5AndShortInA3() {
        XCTAssertGreaterThanOrEqual(StemEvidence.stem(ptSans5), 0.45)
        XCTAssertLessThanOrEqual(StemEvidence.stem(ptSans3), 0.15)
        XCTAssertLessThan(StemEvidence.stem(freeSerif5), StemEvidence.longStem)
    }

    func testAGlyphIsJudgedAgainstThePagesOwn5sAnd3s() {
        // The page's 5s long-stemmed: a short-stemmed glyph is a 3, even with no 3 read surely on the page.
        XCTAssertEqual(StemEvidence.shows(ptSans3, fives: [ptSans5, ptSans5], threes: []), "3")
        XCTAssertEqual(StemEvidence.shows(ptSans3, fives: [ptSans5, ptSans5, ptSans3], threes: [ptSans3, ptSans3]), "3",
                       "a third of the page's 5s may be misread 3s")
        // A long stem is a 5 only where the page's 3s show theirs short.
        XCTAssertEqual(StemEvidence.shows(ptSans5, fives: [ptSans5, ptSans5], threes: [ptSans3, ptSans3]), "5")
        XCTAssertNil(StemEvidence.shows(ptSans5, fives: [ptSans5, ptSans5], threes: []))
    }

    func testNothingIsJudgedWhereThePageCannotTell() {
        // A face whose 5 has a short stem: the page's 5s show it, and nothing is judged.
        XCTAssertNil(StemEvidence.shows(ptSans3, fives: [freeSerif5, freeSerif5], threes: []))
        XCTAssertNil(StemEvidence.shows(freeSerif5, fives: [freeSerif5, freeSerif5, ptSans5], threes: []))
        // One 5 on the page: only beside a short 3, and only a very short stem (not FreeSerif's 5).
        XCTAssertNil(StemEvidence.shows(ptSans3, fives: [ptSans5], threes: []))
        XCTAssertEqual(StemEvidence.shows(ptSans3, fives: [ptSans5], threes: [ptSans3]), "3")
        XCTAssertNil(StemEvidence.shows(freeSerif5, fives: [ptSans5], threes: [ptSans3]))
        // Seed 2685 p008: the page's two 5s read surely, one of them a misread 3 (short); its 3 short too.
        XCTAssertEqual(StemEvidence.shows(ptSans3, fives: [ptSans5, ptSans3], threes: [ptSans3]), "3")
        XCTAssertNil(StemEvidence.shows(ptSans3, fives: [ptSans5, ptSans3], threes: []), "no 3 shows the short 5 to be one")
        XCTAssertNil(StemEvidence.shows(ptSans3, fives: [ptSans5, ptSans3, ptSans3], threes: [ptSans3]), "more short 5s than long")
        // A 5 broken in its stem by the scan measures short, but is two pieces: not judged.
        var rows = (0..<ptSans5.height).map { y in String((0..<ptSans5.width).map { ptSans5[$0, y] ? "#" : "." }) }
        rows[5] = "............"
        let broken = GlyphEvidence.Glyph(rows: rows)
        XCTAssertFalse(StemEvidence.onePiece(broken))
        XCTAssertNil(StemEvidence.shows(broken, fives: [ptSans5, ptSans5], threes: []))
        // A glyph of another height than the page's digits (a piece of something else).
        let small = GlyphEvidence.Glyph(rows: Array(ptSans3RowsHalf))
        XCTAssertNil(StemEvidence.shows(small, fives: [ptSans5, ptSans5], threes: []))
    }

    /// Glyphs side by side, 3 px apart, as one word's ink.
    func word(_ glyphs: [GlyphEvidence.Glyph]) -> [String] {
        let h = glyphs.map(\.height).max()!
        let rows = (0..<h).map { y in glyphs.map { g in
            String((0..<g.width).map { x in y >= h - g.height && g[x, y - (h - g.height)] ? "#" : "." })
        }.joined(separator: "...") }
        return GlyphEvidenceTests.padded(rows)
    }

    /// The application number "35" (its 3 drawn `three`) on a page whose other words are "55" and "33",
    /// read by the third model as `third`, with a close call on its first digit; through
    /// `Extractor.settleThreeFive` and `Validator.decide`.
    func decided(three: GlyphEvidence.Glyph, third: String, eng: String = "35", other: String = "35",
                 grey: [CharChoice]? = nil) -> (Candidate, FieldResult) {
        let words: [(text: String, rows: [String])] = [("55", word([ptSans5, ptSans5])), ("33", word([ptSans3, ptSans3])),
                                                       ("35", word([three, ptSans5]))]
        let (tokens, inks) = GlyphEvidenceTests.laidOut(words)
        var c = Candidate(key: "application_number", kind: .number, value: "35", wellFormed: true, repaired: false,
                          raw: "35", tokens: [2], box: nil, confidence: 0.95, minConfidence: 0.95, rule: "test")
        c.rereads = [eng]
        c.rereadConfidence = 0.95
        c.otherModel = other
        c.thirdModel = third
        c.digitChoices = grey ?? [CharChoice(text: "3", confidence: 0.55, alternatives: [.init(text: "5", confidence: 0.44)]),
                                  CharChoice(text: "5", confidence: 0.97, alternatives: [])]
        var candidates = ["application_number": c]
        let stream = PageStream(tokens: tokens)
        Extractor().settleThreeFive(&candidates, stream: stream, pagePrint: PagePrint(stream: stream, zones: GlyphEvidenceTests.Page(inks: inks)))
        let ctx = ValidationContext(today: SimpleDate(year: 2026, month: 12, day: 6)!, signingDate: nil, selfApplication: false,
                                    categories: [], pageConfidence: 0.95)
        let settled = candidates["application_number"]!
        return (settled, Validator.decide(key: "application_number", candidate: settled, context: ctx))
    }

    func testA3Or5TheStemsShowAsThePageReadsItLiftsTheOtherReadingsDoubt() {
        // Seed 2695 p011 (a scan): "935469" on both forms, a close call 3/5 and the third model "955469",
        // the 3's stem as short as the page's 3s.
        let (c, f) = decided(three: ptSans3, third: "55")
        XCTAssertTrue(c.stemsConfirm)
        XCTAssertEqual(f.value, "35")
        XCTAssertEqual(f.status, .ok)
        // The same readings over a 3 whose stem cannot be judged (broken in two by the scan): held.
        var rows = (0..<ptSans3.height).map { y in String((0..<ptSans3.width).map { ptSans3[$0, y] ? "#" : "." }) }
        rows[6] = "............."
        let broken = GlyphEvidence.Glyph(rows: rows)
        XCTAssertFalse(StemEvidence.onePiece(broken))
        let (c1, f1) = decided(three: broken, third: "55")
        XCTAssertFalse(c1.stemsConfirm)
        XCTAssertEqual(f1.status, .review)
        XCTAssertEqual(f1.doubt, .closeDigitAlternative)
        // Every other model reading "55" against the page: the stems do not outweigh three readings.
        let (c3, _) = decided(three: ptSans3, third: "55", eng: "55", other: "55")
        XCTAssertFalse(c3.stemsConfirm)
        // The digits re-read and the grey zone's reading settling "55" against the page, the other two models
        // with the page, the stems showing its 3: the readings are split, and a person looks.
        let sure55 = [CharChoice(text: "5", confidence: 0.97, alternatives: []), CharChoice(text: "5", confidence: 0.97, alternatives: [])]
        let (c4, f4) = decided(three: ptSans3, third: "35", eng: "55", grey: sure55)
        XCTAssertTrue(c4.stemsConfirm)
        XCTAssertEqual(f4.status, .review, "\(f4)")
        XCTAssertEqual(f4.value, "35", "the page's reading is shown, the settled one kept among the readings")
        XCTAssertEqual(f4.reason, "other readings give a 3 or 5 that the print's stems show the other way")
        // A dissent that is no 3/5 flip (1 for 3) is not the stems' to settle.
        let (c2, f2) = decided(three: ptSans3, third: "15")
        XCTAssertFalse(c2.stemsConfirm)
        XCTAssertEqual(f2.status, .review)
    }

    /// sig2707 p016 (a clean consent): the page read "18355", the digits re-read and the grey page "18335", the
    /// other two models "18555": two values with two readings each. Which one was tried against the stems
    /// depended on the order a dictionary was walked in, so the page's value changed from run to run. Both
    /// are tried now; the one whose 3/5 the stems show is taken. Here "55" read over a printed 35.
    func testTwoValuesWithTwoReadingsEachAreBothTriedAgainstTheStems() {
        let words: [(text: String, rows: [String])] = [("55", word([ptSans5, ptSans5])), ("33", word([ptSans3, ptSans3])),
                                                       ("55", word([ptSans3, ptSans5]))]
        let (tokens, inks) = GlyphEvidenceTests.laidOut(words)
        var c = Candidate(key: "application_number", kind: .number, value: "55", wellFormed: true, repaired: false,
                          raw: "55", tokens: [2], box: nil, confidence: 0.95, minConfidence: 0.95, rule: "test")
        c.rereads = ["35"]
        c.rereadConfidence = 0.95
        c.otherModel = "53"
        c.thirdModel = "53"
        c.digitChoices = [CharChoice(text: "3", confidence: 0.97, alternatives: []), CharChoice(text: "5", confidence: 0.97, alternatives: [])]
        XCTAssertEqual(DigitEvidence.greyValue(c), "35")
        for _ in 0..<4 {
            var candidates = ["application_number": c]
            let stream = PageStream(tokens: tokens)
            Extractor().settleThreeFive(&candidates, stream: stream, pagePrint: PagePrint(stream: stream, zones: GlyphEvidenceTests.Page(inks: inks)))
            XCTAssertEqual(candidates["application_number"]?.value, "35")
        }
    }

    var ptSans3RowsHalf: [String] { stride(from: 0, to: 24, by: 2).map { y in String((0..<13).map { ptSans3[$0, y] ? "#" : "." }) } }

    /// "д. 59X" with the letter `letterHeight` pixels tall beside digits 24 tall, bottoms aligned
    /// (blocks for glyphs: only their heights count), through `Extractor.houseLetterCase`.
    func houseRead(_ read: String, letterHeight: Int) -> String? {
        let heights = [24, 24, letterHeight]
        let rows = (0..<24).map { y in heights.map { h in String(repeating: y >= 24 - h ? "#" : ".", count: 10) }.joined(separator: "...") }
        let words: [(text: String, rows: [String])] = [("ул.", []), ("Юбилейная,", []), ("д.", []), (read, GlyphEvidenceTests.padded(rows))]
        let (tokens, inks) = GlyphEvidenceTests.laidOut(words)
        let value = words.map(\.text).joined(separator: " ")
        var candidates = ["child.address": Candidate(key: "child.address", kind: .address, value: value, wellFormed: true, repaired: false,
                                                     raw: value, tokens: Array(0..<4), box: nil, confidence: 0.95, minConfidence: 0.9, rule: "test")]
        let stream = PageStream(tokens: tokens)
        Extractor().houseLetterCase(&candidates, stream: stream, pagePrint: PagePrint(stream: stream, zones: GlyphEvidenceTests.Page(inks: inks)))
        return candidates["child.address"]?.value
    }

    func testAHouseLettersCaseIsItsHeightBesideTheDigits() {
        // Seed 2685 p026 (a scan, first contact): "59в" printed, "59В" read on both forms and accepted; the
        // letter 0.75 of the digits' height.
        XCTAssertEqual(houseRead("59В", letterHeight: 18), "ул. Юбилейная, д. 59в")
        XCTAssertEqual(houseRead("59в", letterHeight: 24), "ул. Юбилейная, д. 59В")
        XCTAssertEqual(houseRead("59в", letterHeight: 18), "ул. Юбилейная, д. 59в")
        // Between the bounds (0.8-0.9 of the digits) the reading stays.
        XCTAssertEqual(houseRead("59В", letterHeight: 21), "ул. Юбилейная, д. 59В")
        // A letter whose small form is not the capital made smaller (а, б, е, д) is not judged by height.
        XCTAssertEqual(houseRead("59Б", letterHeight: 18), "ул. Юбилейная, д. 59Б")
    }
}
