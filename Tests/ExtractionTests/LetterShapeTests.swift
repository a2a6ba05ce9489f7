import XCTest
@testable import Extraction
import IntakeModel

/// An e or a c (Latin or Cyrillic) told apart by its print: the e's bar (glyphs recorded from prepared
/// pages, no Tesseract).
final class LetterShapeTests: XCTestCase {
    /// Seed 2783 p022 (clean, first contact): the c of "fchernova", a face with a ball terminal that
    /// reaches down to 40% of the letter's height, read "e" by both Latin readings.
    static let c = GlyphEvidence.Glyph(rows: [
        ".......###.........", ".....#####...###...", "....#####.....###..", "...#####......####.", "..######......####.",
        "..######.....#####.", ".######.....######.", ".######.....######.", ".######.....######.", "#######.....######.",
        "#######......####..", "#######............", "#######............", "#######............", "#######............",
        "#######............", ".######............", ".######..........##", "..#####..........##", "..######.........#.",
        "...#####........#..", "....#####......##..", ".....######...##...", "......########.....", ".........####......"])
    /// The same page's e, in the same word.
    static let e = GlyphEvidence.Glyph(rows: [
        "......###..##......", ".....####.#####....", "...#####...#####...", "..#####.....#####..", "..#####.....#####..",
        ".######.....######.", ".######.....######.", "#######.....######.", "#######.....#######", "#######.....#######",
        "########...########", "###################", "##################.", "########...........", "#######............",
        "#######............", "#######............", ".######..........##", ".######.........##.", "..#####.........##.",
        "..######.......###.", "...######.....###..", "....######...###...", "......#########....", "........#####......"])

    /// A solid mark (width, height).
    static func block(_ w: Int, _ h: Int) -> GlyphEvidence.Glyph {
        GlyphEvidence.Glyph(width: w, height: h, bits: [Bool](repeating: true, count: w * h))
    }

    /// Glyphs set side by side, 4 px apart, each with its top (px down the zone).
    struct Drawn: ZoneReader {
        var glyphs: [(GlyphEvidence.Glyph, Int)]
        var gap = 4
        var origin = (x: 400, y: 1300)
        var box: Box { Box(x: origin.x, y: origin.y, width: glyphs.reduce(0) { $0 + $1.0.width + gap }, height: 50) }
        func read(zone: Box, kind: ZoneKind) -> [OCRLine] { [] }
        func inkCoverage(zone: Box) -> Double { 0 }
        func inkMask(zone: Box) -> InkMask? {
            var bits = [Bool](repeating: false, count: zone.width * zone.height)
            var x = origin.x
            for (g, top) in glyphs {
                for gy in 0..<g.height { for gx in 0..<g.width where g[gx, gy] {
                    let px = x + gx - zone.x, py = origin.y + top + gy - zone.y
                    if px >= 0, py >= 0, px < zone.width, py < zone.height { bits[py * zone.width + px] = true }
                } }
                x += g.width + gap
            }
            return InkMask(origin: zone, bits: bits)
        }
    }

    /// A value's print: each character's glyph standing on one baseline (40 px down the zone): the
    /// recorded e or c where `shapes` says so, solid blocks for the others (tall characters 36 px, small
    /// letters 25, a dot 6).
    static func printed(_ text: String, shapes: [Character]) -> Drawn {
        var shapes = shapes
        let glyphs: [(GlyphEvidence.Glyph, Int)] = text.map { ch in
            let g: GlyphEvidence.Glyph
            if "ecес".contains(ch), !shapes.isEmpty { g = shapes.removeFirst() == "e" ? e : c }
            else if ch == "." { g = block(6, 6) }
            else if GlyphEvidence.standsTall(ch) || ch == "@" { g = block(20, 36) }
            else { g = block(20, 25) }
            return (g, 40 - g.height)
        }
        return Drawn(glyphs: glyphs)
    }

    /// A drawn zone's ink as rows of text with 2 px of paper around it (as `GlyphEvidenceTests.laidOut` takes it).
    static func rows(_ drawn: Drawn) -> [String] {
        let box = drawn.box
        guard let mask = drawn.inkMask(zone: box) else { return [] }
        // The marks stand 4 to 40 px down the zone: rows 2 to 42 keep 2 px of paper around them.
        return (2..<42).map { y in ".." + String((0..<box.width).map { x in mask.bits[y * box.width + x] ? "#" : "." }) + ".." }
    }

    static func rows(_ text: String, shapes: [Character]) -> [String] { rows(printed(text, shapes: shapes)) }

    /// The page's own е and с: a confident word "сеес" printed with the recorded c and e.
    static let referenceWord: (text: String, rows: [String]) = ("сеес", rows("сеес", shapes: ["c", "e", "e", "c"]))

    /// `value` of `key`, accepted, after the rule, its print `drawn` on a page that prints the reference
    /// word (or not).
    func checked(_ key: String, _ value: String, _ drawn: Drawn, raw: String? = nil, references: Bool = true,
                 page: (text: String, rows: [String])? = nil) -> FieldResult? {
        let words = (page.map { [$0] } ?? (references ? [Self.referenceWord] : [])) + [(text: raw ?? value, rows: Self.rows(drawn))]
        let (tokens, inks) = GlyphEvidenceTests.laidOut(words)
        var fields = [key: FieldResult(value: value, status: .ok, confidence: 0.9)]
        let c = Candidate(key: key, kind: key == "applicant.email" ? .email : .name, value: value, wellFormed: true, repaired: false,
                          raw: raw ?? value, tokens: [tokens.count - 1], box: tokens.last!.word.box, confidence: 0.9, minConfidence: 0.9, rule: "test")
        Validator.doubtEOrCPrintedOtherwise(&fields, candidates: [key: c],
                                            pagePrint: PagePrint(stream: PageStream(tokens: tokens), zones: GlyphEvidenceTests.Page(inks: inks)))
        return fields[key]
    }

    func testTheBarTellsEFromC() {
        XCTAssertEqual(GlyphEvidence.barredOrOpen(Self.e), "e")
        XCTAssertEqual(GlyphEvidence.barredOrOpen(Self.c), "c")
        // A bar broken in a scan: no row across, but the bowl's side on the right: neither.
        var rows = (0..<Self.e.height).map { y in String((0..<Self.e.width).map { Self.e[$0, y] ? "#" : "." }) }
        rows[11] = "#######.....#######"; rows[12] = "#######.....######."
        XCTAssertNil(GlyphEvidence.barredOrOpen(GlyphEvidence.Glyph(rows: rows)))
        // Seed 2733 p016 (a scan): the е of "пер." with the top of its left side and its bar lost, read right;
        // open on the right like a c, but its top is broken too: neither.
        let broken = GlyphEvidence.Glyph(rows: [
            "..........##...", "..........###..", "..........####.", "..#.......#####", ".##.......#####", "###.......#####",
            "###.......#####", "###......######", "###.......####.", "##.............", "##.............", "##.............",
            "###............", "###............", "###............", "####...........", ".####..........", ".#####.....##..",
            "..###########..", "....########..."])
        XCTAssertNil(GlyphEvidence.barredOrOpen(broken))
        // No ink at all in the middle band (seed 2735: a mark read as a letter whose middle rows are paper): no
        // bar, no eye to look for above it.
        let twoStrokes = GlyphEvidence.Glyph(rows: ["############"] + Array(repeating: "............", count: 10) + ["############"])
        XCTAssertNotEqual(GlyphEvidence.barredOrOpen(twoStrokes), "e")
        // Too small to measure.
        XCTAssertNil(GlyphEvidence.barredOrOpen(Self.block(5, 7)))
        // A blot: a row across but no eye above it: neither.
        XCTAssertNil(GlyphEvidence.barredOrOpen(Self.block(18, 24)))
    }

    func testAnEReadWhereThePrintIsOpenIsDoubted() {
        // Seed 2783 p022: "fehernova@mail.ru" for fchernova, its first e printed as the c above.
        let print = Self.printed("fehernova@mail.ru", shapes: ["c", "e"])
        let doubted = checked("applicant.email", "fehernova@mail.ru", print)
        XCTAssertEqual(doubted?.status, .review)
        XCTAssertEqual(doubted?.doubt, .letterPrintedOtherwise)
        XCTAssertTrue(doubted?.reason?.contains("\"e\" looks like \"c\"") ?? false, doubted?.reason ?? "")
        // Both forms print the same face and are misread alike; the registry holds no e-mail.
        XCTAssertFalse(Doubt.letterPrintedOtherwise.liftedByOtherForm)
        XCTAssertTrue(Doubt.letterPrintedOtherwise.liftedByRegistry)
        // On a page that prints no е or с elsewhere, the shape alone speaks.
        XCTAssertEqual(checked("applicant.email", "fehernova@mail.ru", print, references: false)?.doubt, .letterPrintedOtherwise)
        // A glyph unlike the page's own с (seed 2759 p024: 0.20-0.23 from the page's е and с, a stroke of its line
        // cut with it): no doubt.
        let otherC = Drawn(glyphs: [(Self.block(19, 25), 15), (Self.e, 15), (Self.e, 15), (Self.block(19, 25), 15)])
        XCTAssertEqual(checked("applicant.email", "fehernova@mail.ru", print, page: ("сеес", Self.rows(otherC)))?.status, .ok)
        // Read right, the same print: no doubt.
        XCTAssertEqual(checked("applicant.email", "fchernova@mail.ru", print)?.status, .ok)
        // Printed e and read e: no doubt.
        XCTAssertEqual(checked("applicant.email", "fehernova@mail.ru", Self.printed("fehernova@mail.ru", shapes: ["e", "e"]))?.status, .ok)
        // A c read where the print has a bar is doubted too.
        XCTAssertEqual(checked("applicant.email", "fchcrnova@mail.ru", Self.printed("fchcrnova@mail.ru", shapes: ["c", "e"]))?.doubt, .letterPrintedOtherwise)
    }

    func testACyrillicNameIsCheckedAlike() {
        // "Алеу" for Алсу (seed 2775 p007: a face whose с the model read as е in every name).
        let print = Self.printed("Алеу", shapes: ["c"])
        XCTAssertEqual(checked("child.first_name", "Алеу", print)?.doubt, .letterPrintedOtherwise)
        XCTAssertEqual(checked("child.first_name", "Алсу", print)?.status, .ok)
        // A comma after the name is one mark more, and counted.
        var comma = print
        comma.glyphs.append((Self.block(5, 9), 36))
        XCTAssertEqual(checked("child.first_name", "Алеу", comma, raw: "Алеу,")?.doubt, .letterPrintedOtherwise)
    }

    func testMarksThatDoNotStandForTheLettersGiveNoEvidence() {
        // Seed 2783 p016 (a scan): "tatyana_lebedeva86" whose marks agreed in count with the characters by
        // chance, an l's mark where an e was read. A tall mark where a small letter is read (or the other
        // way round) means the count agrees by chance: no evidence.
        XCTAssertEqual(checked("applicant.email", "lebedeva@mail.ru", Self.printed("lebedeva@mail.ru", shapes: ["c", "e", "e"]))?.status, .review)
        let swapped = Self.printed("lebedeva@mail.ru", shapes: ["c", "e", "e"])
        var misaligned = swapped
        misaligned.glyphs.swapAt(0, 1)
        XCTAssertEqual(checked("applicant.email", "lebedeva@mail.ru", misaligned)?.status, .ok)
        // One mark more than the characters: no evidence where each stands.
        var extra = swapped
        extra.glyphs.insert((Self.block(20, 25), 15), at: 3)
        XCTAssertEqual(checked("applicant.email", "lebedeva@mail.ru", extra)?.status, .ok)
    }

    func testALettersBrokenOffPieceIsJoinedBack() {
        // Seed 2783 p022: a light face whose f loses its hook and r its arm (marks 7x10 and 8x9 beside
        // their stems, 1 px apart), so the zone held 19 marks for 17 characters.
        let fStem = Self.block(11, 36), hook = Self.block(7, 10)
        let rStem = Self.block(8, 25), arm = Self.block(8, 9)
        var glyphs: [(GlyphEvidence.Glyph, Int)] = [(fStem, 4), (hook, 4), (Self.c, 15), (Self.block(20, 36), 4), (Self.e, 15), (rStem, 15), (arm, 15)]
        glyphs += [(Self.block(20, 25), 15), (Self.block(20, 25), 15), (Self.block(20, 25), 15), (Self.block(20, 25), 15)]
        var drawn = Drawn(glyphs: glyphs)
        drawn.gap = 1
        XCTAssertEqual(checked("applicant.email", "fehernova", drawn)?.doubt, .letterPrintedOtherwise)
        // A dot on the baseline is no piece of the letter before it.
        let marks = GlyphEvidence.fragmentsJoined([fStem, hook, Self.e, Self.block(20, 25), Self.block(6, 6)].enumerated().map { i, g in
            var g = g
            g.x = i * 21; g.y = g.height == 6 ? 34 : (g.height == 10 ? 4 : 40 - g.height)
            if g.height == 10 { g.x = 12 }
            return g
        })
        XCTAssertEqual(marks.count, 4)
        XCTAssertEqual(marks[0].width, 19)
        XCTAssertEqual(marks.last?.height, 6)
    }

    func testAnAddressIsCheckedWordByWord() {
        // "рп Итатекий" for Итатский (the shape of seed 2747 p009's misreading, с read е): the word's е printed open.
        func address(_ read: String, _ shapes: [Character], value: String? = nil) -> FieldResult? {
            let words: [(text: String, rows: [String])] = [Self.referenceWord, ("рп", Self.rows("рп", shapes: [])), (read, Self.rows(read, shapes: shapes))]
            let (tokens, inks) = GlyphEvidenceTests.laidOut(words)
            let stream = PageStream(tokens: tokens)
            let value = value ?? words.map(\.text).joined(separator: " ")
            var fields = ["applicant.address": FieldResult(value: value, status: .ok, confidence: 0.93)]
            let c = Candidate(key: "applicant.address", kind: .address, value: value, wellFormed: true, repaired: false, raw: value,
                              tokens: [1, 2], box: nil, confidence: 0.93, minConfidence: 0.9, rule: "test")
            Validator.doubtEOrCPrintedOtherwise(&fields, candidates: ["applicant.address": c],
                                                pagePrint: PagePrint(stream: stream, zones: GlyphEvidenceTests.Page(inks: inks)))
            return fields["applicant.address"]
        }
        let doubted = address("Итатекий", ["c"])
        XCTAssertEqual(doubted?.doubt, .letterPrintedOtherwise)
        XCTAssertTrue(doubted?.reason?.contains("Итатекий") ?? false, doubted?.reason ?? "")
        XCTAssertEqual(address("Итатский", ["c"])?.status, .ok)
        XCTAssertEqual(address("Итатекий", ["e"])?.status, .ok)
        // A word the value no longer holds as read (repaired since) is not the value's evidence.
        XCTAssertEqual(address("Итатекий", ["c"], value: "рп Итатский")?.status, .ok)
    }

    func testAHighBarThePageSharesIsNoEvidence() {
        // Seed 2749 p018 (clean): "Киселёвске" read right, in a face whose е has its bar at a quarter of its
        // height, broken; open in the middle like a c. The page's own е (here its other words) are printed so.
        let e = GlyphEvidence.Glyph(rows: [
            "......########....", "....###########...", "...###.....#####..", "..###.......####..", ".###........#####.", ".###........#####.",
            ".####......#######", "#######....#######", "#######........##.", "#####.............", "####..............", "####..............",
            "####..............", "#####.............", "#####.............", ".#####..........#.", ".######........##.", ".#######.....####.",
            "..##############..", "...############...", "....#########.....", ".......####......."])
        let c = GlyphEvidence.Glyph(rows: [
            ".......########...", ".....###########..", "....###.....#####.", "...###.......#####", "..###........#####", "..###.........####",
            ".####..........##.", ".####.............", ".###..............", ".###..............", "#####.............", "#####.............",
            "#####.............", ".####.............", ".#####............", ".#####..........#.", ".######........##.", "..#######.....###.",
            "...#############..", "....###########...", ".....#########....", "........###......."])
        XCTAssertEqual(GlyphEvidence.barredOrOpen(e), "c", "the shape alone would say c")
        func word(_ text: String) -> (text: String, rows: [String]) {
            let glyphs: [(GlyphEvidence.Glyph, Int)] = text.map { ch in
                let g = ch == "е" ? e : ch == "с" ? c : (GlyphEvidence.standsTall(ch) ? Self.block(18, 30) : Self.block(18, 22))
                return (g, 40 - g.height)
            }
            return (text, Self.rows(Drawn(glyphs: glyphs)))
        }
        let words = [word("сеес"), word("в"), word("Киселвске")]
        let (tokens, inks) = GlyphEvidenceTests.laidOut(words)
        let value = "в Киселвске"
        var fields = ["applicant.passport_issued_by": FieldResult(value: value, status: .ok, confidence: 0.93)]
        let cand = Candidate(key: "applicant.passport_issued_by", kind: .text, value: value, wellFormed: true, repaired: false, raw: value,
                             tokens: [1, 2], box: nil, confidence: 0.93, minConfidence: 0.9, rule: "test")
        Validator.doubtEOrCPrintedOtherwise(&fields, candidates: ["applicant.passport_issued_by": cand],
                                            pagePrint: PagePrint(stream: PageStream(tokens: tokens), zones: GlyphEvidenceTests.Page(inks: inks)))
        XCTAssertEqual(fields["applicant.passport_issued_by"]?.status, .ok, fields["applicant.passport_issued_by"]?.reason ?? "")
    }
}
