import XCTest
@testable import Extraction
import IntakeModel

/// A house number's last glyph compared with the page's own print of б and 6, в and 8 (glyphs
/// recorded from prepared pages, no Tesseract).
final class GlyphEvidenceTests: XCTestCase {
    struct Case: Decodable {
        /// Seed and page the glyphs were cut from.
        var page: String
        /// The page's reading of the word.
        var read: String
        /// What the print is: "letter", "digit", or nil for a font whose two look alike.
        var want: String?
        /// The word's ink, 2 px around its box, "#" for ink.
        var word: [String]
        /// The page's glyphs of the letter and of the digit, from its other words (first four).
        var letters: [[String]]
        var digits: [[String]]
    }

    func cases() throws -> [Case] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "glyphs", withExtension: "json", subdirectory: "Recorded"))
        return try JSONDecoder().decode([Case].self, from: Data(contentsOf: url))
    }

    static func mask(_ rows: [String], at origin: (x: Int, y: Int) = (0, 0)) -> InkMask {
        let g = GlyphEvidence.Glyph(rows: rows)
        return InkMask(origin: Box(x: origin.x, y: origin.y, width: g.width, height: g.height), bits: g.bits)
    }

    /// Where the confusable glyph is in the word: the first of "6-р", else the last before punctuation.
    static func place(_ read: String) -> Int {
        read.hasSuffix("-р") ? 0 : read.trimmingCharacters(in: CharacterSet(charactersIn: ".,")).count - 1
    }

    func testRecordedHouseNumbersAreSettledOnlyWhereThePrintIsClear() throws {
        let all = try cases()
        XCTAssertEqual(all.count, 9)
        for c in all {
            let glyphs = GlyphEvidence.glyphs(Self.mask(c.word))
            XCTAssertEqual(glyphs.count, c.read.count, "one glyph per character: \(c.page) \(c.read)")
            guard glyphs.count == c.read.count else { continue }
            let kind = GlyphEvidence.decide(glyphs[Self.place(c.read)], letters: c.letters.map(GlyphEvidence.Glyph.init(rows:)),
                                            digits: c.digits.map(GlyphEvidence.Glyph.init(rows:)))
            XCTAssertEqual(kind.map { "\($0)" }, c.want, "\(c.page) \(c.read)")
        }
    }

    func testTheSamePrintIsNearAndTheOtherKindFar() throws {
        let c = try XCTUnwrap(cases().first { $0.read == "546," })
        let letter = GlyphEvidence.Glyph(rows: c.letters[0]), digit = GlyphEvidence.Glyph(rows: c.digits[0])
        XCTAssertEqual(GlyphEvidence.distance(letter, letter), 0)
        XCTAssertEqual(GlyphEvidence.distance(digit, digit), 0)
        // Shifted by a pixel inside a wider box: the same print.
        let shifted = GlyphEvidence.Glyph(rows: c.letters[0].map { "." + $0 + ".." })
        XCTAssertEqual(GlyphEvidence.distance(letter, shifted), 0)
        XCTAssertGreaterThan(GlyphEvidence.distance(letter, digit), 0.2)
        // No reference of the digit on the page: only a near copy of the letter settles it.
        XCTAssertEqual(GlyphEvidence.decide(letter, letters: [letter], digits: []), .letter)
        XCTAssertNil(GlyphEvidence.decide(digit, letters: [letter], digits: []))
        XCTAssertNil(GlyphEvidence.decide(letter, letters: [], digits: []))
    }

    func testMarksOverALetterJoinIt() {
        // A letter with two dots over it (ё) is one glyph; two strokes side by side are two.
        let yo = Self.mask(["..#..#..",
                            "........",
                            ".######.",
                            ".#......",
                            ".######.",
                            ".#......",
                            ".######."])
        XCTAssertEqual(GlyphEvidence.glyphs(yo).count, 1)
        let two = Self.mask(["#..#",
                             "#..#",
                             "#..#"])
        XCTAssertEqual(GlyphEvidence.glyphs(two).map(\.width), [1, 1])
        // A single pixel of noise is no glyph.
        XCTAssertEqual(GlyphEvidence.glyphs(Self.mask(["#...", "....", "..##", "..##"])).count, 1)
    }

    // MARK: in the extraction of an address

    /// A page of words, each with its recorded ink at its box (the rest of the page blank).
    struct Page: ZoneReader {
        var inks: [(box: Box, rows: [String])]
        func read(zone: Box, kind: ZoneKind) -> [OCRLine] { [] }
        func inkCoverage(zone: Box) -> Double { 0 }
        func inkMask(zone: Box) -> InkMask? {
            guard let ink = inks.first(where: { zone.x <= $0.box.x && zone.maxX >= $0.box.maxX && zone.y <= $0.box.y && zone.maxY >= $0.box.maxY }) else {
                return InkMask(origin: zone, bits: [Bool](repeating: false, count: zone.width * zone.height))
            }
            var bits = [Bool](repeating: false, count: zone.width * zone.height)
            for (r, row) in ink.rows.enumerated() {
                for (c, ch) in row.enumerated() where ch == "#" {
                    let x = ink.box.x + c - zone.x, y = ink.box.y + r - zone.y
                    if x >= 0, y >= 0, x < zone.width, y < zone.height { bits[y * zone.width + x] = true }
                }
            }
            return InkMask(origin: zone, bits: bits)
        }
    }

    /// A glyph cut to its ink with 2 px of paper around it, as a word's recorded ink is.
    static func padded(_ rows: [String]) -> [String] {
        let blank = String(repeating: ".", count: (rows.first?.count ?? 0) + 4)
        return [blank, blank] + rows.map { ".." + $0 + ".." } + [blank, blank]
    }

    /// Words in a row, 200 px apart; a word with ink (2 px of paper around its box) gets its box from it.
    static func laidOut(_ words: [(text: String, rows: [String])]) -> (tokens: [Token], inks: [(box: Box, rows: [String])]) {
        var inks: [(box: Box, rows: [String])] = []
        let tokens = words.enumerated().map { i, w -> Token in
            let x = 100 + 200 * i
            var box = Box(x: x, y: 500, width: 20 * w.text.count, height: 36)
            if let first = w.rows.first {
                inks.append((Box(x: x, y: 500, width: first.count, height: w.rows.count), w.rows))
                box = Box(x: x + 2, y: 502, width: first.count - 4, height: w.rows.count - 4)
            }
            return Token(word: OCRWord(text: w.text, confidence: 0.95, box: box), row: 0, isCaption: false)
        }
        return (tokens, inks)
    }

    /// The address "ул. Солнечная, д. HOUSE, кв. 93" on a page whose other words are the case's
    /// recorded glyphs of the letter and the digit, one word each.
    func extracted(_ c: Case) -> Candidate? {
        let pair = GlyphEvidence.pairs.first { c.read.contains($0.digit) || c.read.contains($0.letter) }!
        // The recorded word holds 2 px of paper around its box already.
        var words: [(text: String, rows: [String])] = [("ул.", []), ("Солнечная,", []), ("д.", []), (c.read, c.word), ("кв.", []), ("93", [])]
        words += c.letters.map { (String(pair.letter), Self.padded($0)) } + c.digits.map { (String(pair.digit), Self.padded($0)) }
        let (tokens, inks) = Self.laidOut(words)
        let value = words.prefix(6).map(\.text).joined(separator: " ")
        var candidates = ["child.address": Candidate(key: "child.address", kind: .address, value: value, wellFormed: true, repaired: false,
                                                     raw: value, tokens: Array(0..<6), box: nil, confidence: 0.95, minConfidence: 0.9, rule: "test")]
        let stream = PageStream(tokens: tokens)
        Extractor().houseLetters(&candidates, stream: stream, pagePrint: PagePrint(stream: stream, zones: Page(inks: inks)))
        return candidates["child.address"]
    }

    func testALetterSeenReplacesTheDigitReadAndADigitSeenLiftsTheDoubt() throws {
        let ctx = ValidationContext(today: SimpleDate(year: 2026, month: 12, day: 5)!, signingDate: nil,
                                    selfApplication: false, categories: [], pageConfidence: 0.95)
        let all = try cases()
        // Seed 2585 p012 (clean): "д. 54б" read "546," on both forms, every model agreeing.
        let b = try XCTUnwrap(extracted(try XCTUnwrap(all.first { $0.read == "546," })))
        XCTAssertEqual(b.value, "ул. Солнечная, д. 54б, кв. 93")
        XCTAssertEqual(b.lettersInPrint, [3], "the digit models' readings of the word are no evidence")
        // Seed 2585 p003 (clean consent): "д. 126" printed with a 6.
        let six = try XCTUnwrap(extracted(try XCTUnwrap(all.first { $0.read == "126" })))
        XCTAssertEqual(six.value, "ул. Солнечная, д. 126 кв. 93")
        XCTAssertEqual(six.housesPrintedAsDigits, ["126"])
        var printed = six
        printed.value = "Кемеровская область - Кузбасс, пгт Верх-Чебула, б-р Пионерский, д. 126"
        XCTAssertEqual(Validator.decide(key: "child.address", candidate: printed, context: ctx).status, .ok)
        printed.housesPrintedAsDigits = []
        XCTAssertEqual(Validator.decide(key: "child.address", candidate: printed, context: ctx).reason, Normalizer.houseSixDoubt)
        // Seed 2585 p005 (scan): a font whose б and 6 look alike: the reading and its doubt stay.
        let alike = try XCTUnwrap(extracted(try XCTUnwrap(all.first { $0.read == "116" })))
        XCTAssertEqual(alike.value, "ул. Солнечная, д. 116 кв. 93")
        XCTAssertEqual(alike.housesPrintedAsDigits, [])
        // Seed 2581 p019 (clean consent): "35в" read "358,".
        let v = try XCTUnwrap(extracted(try XCTUnwrap(all.first { $0.read == "358," })))
        XCTAssertEqual(v.value, "ул. Солнечная, д. 35в, кв. 93")
    }

    func testAHouseNumberSeenAsADigitOnOneFormLiftsTheSameValuesDoubtOnTheOther() {
        let engine = EngineInfo(tesseract: "5.3.0", models: [:])
        let value = "Кемеровская область - Кузбасс, пгт Верх-Чебула, б-р Пионерский, д. 126"
        var doubted = FieldResult(value: value, status: .review, confidence: 0.95)
        doubted.doubt = .addressPart
        doubted.reason = Normalizer.houseSixDoubt
        let seen = FieldResult(value: value, status: .ok, confidence: 0.95)
        var a = PageResult(source: "a", page: 1, form: .application, fields: ["child.address": doubted], engine: engine)
        var c = PageResult(source: "c", page: 1, form: .consent, fields: ["child.address": seen], engine: engine)
        CrossForm.reconcile(application: &a, consent: &c)
        XCTAssertEqual(a.fields["child.address"]?.status, .ok)
        // Both forms unsure: the doubt stays on both.
        var c2 = PageResult(source: "c", page: 1, form: .consent, fields: ["child.address": doubted], engine: engine)
        var a2 = PageResult(source: "a", page: 1, form: .application, fields: ["child.address": doubted], engine: engine)
        CrossForm.reconcile(application: &a2, consent: &c2)
        XCTAssertEqual(a2.fields["child.address"]?.status, .review)
        XCTAssertEqual(c2.fields["child.address"]?.status, .review)
    }

    // MARK: the digits of an address number

    struct DigitCase: Decodable {
        var page: String
        var read: String
        /// The reading is the printed number.
        var right: Bool
        var word: [String]
        /// The page's glyphs of each digit, from its other numbers (first three).
        var digits: [String: [[String]]]
    }

    func testAnAddressNumberIsShownByThePrintOnlyWhereEveryDigitMatchesThePagesOwn() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "digit-glyphs", withExtension: "json", subdirectory: "Recorded"))
        let all = try JSONDecoder().decode([DigitCase].self, from: Data(contentsOf: url))
        func shown(_ c: DigitCase, without: Character? = nil) -> Bool {
            var refs: [Character: [GlyphEvidence.Glyph]] = [:]
            for (k, v) in c.digits where k.first != without { refs[k.first!] = v.map(GlyphEvidence.Glyph.init(rows:)) }
            let glyphs = GlyphEvidence.glyphs(Self.mask(c.word))
            XCTAssertEqual(glyphs.count, c.read.count, c.page)
            return zip(c.read, glyphs).allSatisfy { ch, g in !ch.isNumber || GlyphEvidence.confirms(g, digit: ch, references: refs) }
        }
        // Seed 2573 p013 (clean): "д. 107" read "197," on both forms by every model; the 9 is the page's 0.
        let misread = try XCTUnwrap(all.first { $0.read == "197," })
        XCTAssertFalse(misread.right)
        XCTAssertFalse(shown(misread))
        let nine = GlyphEvidence.glyphs(Self.mask(misread.word))[1]
        let toZero = misread.digits["0"]!.map { GlyphEvidence.distance(nine, GlyphEvidence.Glyph(rows: $0)) }.min()!
        let toNine = misread.digits["9"]!.map { GlyphEvidence.distance(nine, GlyphEvidence.Glyph(rows: $0)) }.min()!
        XCTAssertLessThan(toZero, 0.1)
        XCTAssertGreaterThan(toNine, 0.3)
        // Seed 2583 p011 (scan): "д. 105" read "165,".
        XCTAssertFalse(shown(try XCTUnwrap(all.first { $0.read == "165," })))
        // The same clean page's "корп. 3", read right, is shown; with no 5 printed on the page to
        // tell a 3 from, it is not (a font whose 3s all read 5 would look the same).
        let three = try XCTUnwrap(all.first { $0.read == "3" })
        XCTAssertTrue(three.right)
        XCTAssertTrue(shown(three))
        XCTAssertFalse(shown(three, without: "5"))
    }

    /// Zone readings given, and the recorded ink of the page's words.
    struct Printed: ZoneReader {
        var page: Page
        var reread: String, other: String, third: String
        func read(zone: Box, kind: ZoneKind) -> [OCRLine] { kind == .digits ? [line(reread)] : [] }
        func line(_ t: String) -> OCRLine { OCRLine(words: [OCRWord(text: t, confidence: 0.9, box: Box(x: 0, y: 0, width: 10, height: 10))]) }
        func inkCoverage(zone: Box) -> Double { 0 }
        func otherModelDigits(zone: Box) -> [OCRLine] { [line(other)] }
        func thirdModelDigits(zone: Box) -> [OCRLine] { [line(third)] }
        func inkMask(zone: Box) -> InkMask? { page.inkMask(zone: zone) }
    }

    /// The address `words` checked by `addressNumbers` on a page whose other words are the case's
    /// recorded glyphs of each digit; with and without the page's print.
    func checkedNumbers(_ c: DigitCase, _ words: [(text: String, rows: [String])], reread: String, other: String, third: String)
        -> (withoutPrint: Candidate?, withPrint: Candidate?) {
        var all = words
        for (digit, glyphs) in c.digits.sorted(by: { $0.key < $1.key }) { all += glyphs.map { (digit, Self.padded($0)) } }
        let (tokens, inks) = Self.laidOut(all)
        let stream = PageStream(tokens: tokens)
        let zones = Printed(page: Page(inks: inks), reread: reread, other: other, third: third)
        func checked(_ pagePrint: PagePrint?) -> Candidate? {
            let value = words.map(\.text).joined(separator: " ")
            var candidates = ["child.address": Candidate(key: "child.address", kind: .address, value: value, wellFormed: true, repaired: false,
                                                         raw: value, tokens: Array(words.indices), box: nil, confidence: 0.95, minConfidence: 0.9, rule: "test")]
            Extractor().addressNumbers(&candidates, stream: stream, zones: zones, weakPage: false, pagePrint: pagePrint)
            return candidates["child.address"]
        }
        return (checked(nil), checked(PagePrint(stream: stream, zones: zones)))
    }

    func digitCase(_ read: String) throws -> DigitCase {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "digit-glyphs", withExtension: "json", subdirectory: "Recorded"))
        return try XCTUnwrap(try JSONDecoder().decode([DigitCase].self, from: Data(contentsOf: url)).first { $0.read == read })
    }

    /// Another model reading the page's "3" as 5, the other readings none: doubted, unless the page's
    /// print shows the 3.
    func testAnAddressNumberThePrintShowsIsNotDoubtedForAnotherModelsDigits() throws {
        let three = try digitCase("3")
        let r = checkedNumbers(three, [("ул.", []), ("Мира,", []), ("корп.", []), ("3", three.word)], reread: "", other: "5", third: "")
        XCTAssertEqual(r.withoutPrint?.doubt, "another model reads a number in the address otherwise")
        XCTAssertNil(r.withPrint?.doubt)
        XCTAssertEqual(r.withPrint?.value, "ул. Мира, корп. 3")
    }

    /// Two readings for the page's "3" and two for 5 (sig2643 p011: "д. 65" for 63, the print "shown"
    /// as read): the print confirming the page's reading does not settle the split.
    func testThePrintDoesNotSettleTwoReadingsAgainstTwo() throws {
        let three = try digitCase("3")
        let r = checkedNumbers(three, [("ул.", []), ("Мира,", []), ("корп.", []), ("3", three.word)], reread: "5", other: "5", third: "3")
        XCTAssertEqual(r.withPrint?.doubt, "another model reads a number in the address otherwise")
        XCTAssertEqual(r.withPrint?.value, "ул. Мира, корп. 3")
    }

    /// Seed 2573 p013 (clean): "д. 107" read "197," by the page; the 9's glyph is the page's 0.
    func testADigitThePrintShowsAsAnotherTakesThePrintedDigit() throws {
        let misread = try digitCase("197,")
        let r = checkedNumbers(misread, [("ул.", []), ("Мира,", []), ("д.", []), ("197,", misread.word)], reread: "107", other: "107", third: "197")
        XCTAssertEqual(r.withoutPrint?.doubt, "another model reads a number in the address otherwise")
        XCTAssertEqual(r.withoutPrint?.value, "ул. Мира, д. 197,")
        XCTAssertNil(r.withPrint?.doubt)
        XCTAssertEqual(r.withPrint?.value, "ул. Мира, д. 107,")
        XCTAssertTrue(r.withPrint?.rule.contains("print shows \"107\"") == true)
    }

    /// A reader that keeps the zones its digit readings were asked for.
    final class Asked: @unchecked Sendable { var zones: [Box] = [] }
    struct Recording: ZoneReader {
        var printed: Printed
        let asked = Asked()
        func read(zone: Box, kind: ZoneKind) -> [OCRLine] { asked.zones.append(zone); return printed.read(zone: zone, kind: kind) }
        func inkCoverage(zone: Box) -> Double { 0 }
        func otherModelDigits(zone: Box) -> [OCRLine] { asked.zones.append(zone); return printed.otherModelDigits(zone: zone) }
        func thirdModelDigits(zone: Box) -> [OCRLine] { asked.zones.append(zone); return printed.thirdModelDigits(zone: zone) }
        func inkMask(zone: Box) -> InkMask? { printed.inkMask(zone: zone) }
    }

    /// The recorded word's last glyph (its comma) replaced by a small letter а standing on the digits'
    /// baseline, 16 x 22 pixels drawn as a bowl with a stem.
    static func withLetterA(_ rows: [String]) throws -> (rows: [String], letterX: Int) {
        let glyphs = GlyphEvidence.glyphs(mask(rows))
        let comma = try XCTUnwrap(glyphs.last)
        let baseline = try XCTUnwrap(rows.lastIndex { row in row.prefix(comma.x).contains("#") })
        var grid = rows.map { Array($0) + Array(repeating: Character("."), count: 20) }
        for y in grid.indices { for x in comma.x..<(comma.x + comma.width) { grid[y][x] = "." } }
        let x0 = comma.x, top = baseline - 21
        for y in top...baseline {
            for x in x0..<(x0 + 16) {
                let edge = y < top + 3 || y > baseline - 3 || x < x0 + 3 || x >= x0 + 13
                if edge { grid[y][x] = "#" }
            }
        }
        return (grid.map { String($0) }, x0)
    }

    /// 2701 p019 (clean consent, first contact): "д. 159а" read for 139а on the applicant's only print of
    /// the address, and accepted: a house number with its letter was never looked at. Its digits are
    /// now, in a zone that ends before the letter. Here the recorded "197," (printed 107) with a letter
    /// in place of its comma: the page's print shows 107.
    func testAHouseNumberWithItsLetterIsLookedAtWithoutTheLetter() throws {
        let misread = try digitCase("197,")
        let (rows, letterX) = try Self.withLetterA(misread.word)
        let words: [(text: String, rows: [String])] = [("ул.", []), ("Мира,", []), ("д.", []), ("197а", rows)]
        var all = words
        for (digit, glyphs) in misread.digits.sorted(by: { $0.key < $1.key }) { all += glyphs.map { (digit, Self.padded($0)) } }
        let (tokens, inks) = Self.laidOut(all)
        let stream = PageStream(tokens: tokens)
        let zones = Recording(printed: Printed(page: Page(inks: inks), reread: "107", other: "107", third: "197"))
        let value = words.map(\.text).joined(separator: " ")
        func checked(_ pagePrint: PagePrint?) -> Candidate? {
            var candidates = ["applicant.address": Candidate(key: "applicant.address", kind: .address, value: value, wellFormed: true, repaired: false,
                                                             raw: value, tokens: Array(words.indices), box: nil, confidence: 0.95, minConfidence: 0.9, rule: "test")]
            Extractor().addressNumbers(&candidates, stream: stream, zones: zones, weakPage: false, pagePrint: pagePrint)
            return candidates["applicant.address"]
        }
        let seen = try XCTUnwrap(checked(PagePrint(stream: stream, zones: zones)))
        XCTAssertEqual(seen.value, "ул. Мира, д. 107а")
        XCTAssertTrue(seen.rule.contains("print shows \"107\""), seen.rule)
        XCTAssertFalse(zones.asked.zones.isEmpty, "the digits were read again")
        // The word's ink starts at the laid-out x (its recorded rows hold 2 px of paper).
        let letterOnPage = tokens[3].word.box.x - 2 + letterX
        for z in zones.asked.zones { XCTAssertLessThan(z.maxX, letterOnPage, "the zone read ends before the letter") }
        // Without the page's glyphs the letter cannot be cut off: the word is left as it was read.
        let unseen = try XCTUnwrap(checked(nil))
        XCTAssertEqual(unseen.value, value)
        XCTAssertNil(unseen.doubt)
    }

    // MARK: a name's letter printed as wide as two

    func nameChecked(_ key: String, _ value: String, _ sizes: [(Int, Int)], raw: String? = nil) -> FieldResult? {
        let zones = EmailEvidenceTests.blocks(sizes)
        var fields = [key: FieldResult(value: value, status: .ok, confidence: 0.89)]
        let c = Candidate(key: key, kind: .name, value: value, wellFormed: true, repaired: false, raw: raw ?? value, tokens: [],
                          box: zones.box, confidence: 0.89, minConfidence: 0.89, rule: "test")
        Validator.doubtNameLetterPrintedAsTwo(&fields, candidates: [key: c], pagePrint: PagePrint(stream: PageStream(tokens: []), zones: zones))
        return fields[key]
    }

    func testANameLetterPrintedAsWideAsTwoIsDoubted() {
        // Recorded on seed 2755 p019 (a scan, first contact): "Фапахова" for Фаттахова, the т's crossbars
        // run together into one mark 29 wide beside letters 14-16 wide, read "п" on both forms.
        let recorded = [(27, 34), (15, 24), (29, 24), (15, 24), (15, 24), (16, 24), (14, 24), (15, 24)]
        let f = nameChecked("applicant.last_name", "Фапахова", recorded)
        XCTAssertEqual(f?.doubt, .letterPrintedAsTwo)
        XCTAssertEqual(f?.status, .review)
        // The other form's agreement does not lift it (both prints are misread alike); the registry does.
        XCTAssertFalse(Doubt.letterPrintedAsTwo.liftedByOtherForm)
        XCTAssertTrue(Doubt.letterPrintedAsTwo.liftedByRegistry)
        // A п as wide as the other letters: no doubt.
        var printed = recorded
        printed[2] = (16, 24)
        XCTAssertEqual(nameChecked("applicant.last_name", "Фапахова", printed)?.status, .ok)
        // Wide letters (м, ш, ж, ю, ы, ф, д, т) are not measured: "Шамшурин" with its ш 27 wide.
        let wideLetters = [(27, 34), (15, 24), (25, 24), (27, 24), (15, 24), (15, 32), (15, 24), (15, 24)]
        XCTAssertEqual(nameChecked("applicant.last_name", "Шамшурин", wideLetters)?.status, .ok)
        // One mark more or fewer than letters (a broken or touching print): no evidence where.
        var broken = printed
        broken.replaceSubrange(4...4, with: [(7, 24), (7, 24)])
        XCTAssertEqual(nameChecked("applicant.last_name", "Фапахова", broken)?.status, .ok)
        // A comma after the name in an inline form is one mark more, and counted.
        XCTAssertEqual(nameChecked("applicant.last_name", "Фапахова", recorded + [(5, 9)], raw: "Фапахова,")?.doubt, .letterPrintedAsTwo)
        // Recorded names of the same page, read right: no doubt.
        XCTAssertEqual(nameChecked("applicant.middle_name", "Денисовна",
                                   [(25, 38), (16, 24), (15, 24), (15, 24), (14, 24), (17, 24), (15, 24), (15, 24), (15, 24)])?.status, .ok)
        XCTAssertEqual(nameChecked("child.last_name", "Журавлёва",
                                   [(28, 33), (16, 33), (16, 33), (15, 24), (14, 24), (16, 24), (15, 32), (14, 24), (15, 24)])?.status, .ok)
        // Recorded right names whose marks agree in count with the letters by chance: a letter broken in two
        // beside two joined (seed 2751, "Евгеньевна"), a speck beside two joined (2751, "Карапетян"), two
        // letters joined with a descender's height (2749, "Королёва").
        XCTAssertEqual(nameChecked("child.middle_name", "Евгеньевна",
                                   [(23, 34), (22, 25), (38, 24), (11, 23), (9, 24), (41, 25), (20, 24), (11, 24), (11, 24), (20, 22)])?.status, .ok)
        XCTAssertEqual(nameChecked("applicant.last_name", "Карапетян",
                                   [(3, 4), (24, 45), (23, 27), (25, 38), (23, 27), (47, 27), (18, 26), (21, 24), (22, 23)])?.status, .ok)
        XCTAssertEqual(nameChecked("child.last_name", "Королёва",
                                   [(27, 31), (21, 22), (43, 32), (10, 21), (8, 21), (18, 31), (19, 21), (18, 22)])?.status, .ok)
        // Seed 2759 p025 (a scan, an underlined blank): "Дарина", the underline's rest joined to its а and и
        // (38-39 tall beside the н's 25), the р 36 wide.
        XCTAssertEqual(nameChecked("applicant.first_name", "Дарина", [(28, 48), (21, 38), (36, 39), (27, 39), (21, 25), (21, 39)])?.status, .ok)
    }
}
