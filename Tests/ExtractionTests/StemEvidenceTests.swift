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
        // Half the page's 5s short: misread 3s among them or another face; no judgement.
        XCTAssertNil(StemEvidence.shows(ptSans3, fives: [ptSans5, ptSans3], threes: []))
        // Fewer than two 5s on the page.
        XCTAssertNil(StemEvidence.shows(ptSans3, fives: [ptSans5], threes: [ptSans3, ptSans3]))
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

    var ptSans3RowsHalf: [String] { stride(from: 0, to: 24, by: 2).map { y in String((0..<13).map { ptSans3[$0, y] ? "#" : "." }) } }
}
