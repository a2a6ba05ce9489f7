import Foundation
import IntakeModel

/// A glyph the models confuse, settled by the page's own print: a house number's last character
/// read "6" may be the letter б ("54б" printed, "546" read by every model, since the digits before it
/// make the models expect a digit), and "8" may be в. The same font prints б in the page's words
/// ("область", "образования") and 6 in its numbers (dates, phones), so the glyph is compared pixel
/// by pixel with those: a glyph much nearer one kind than the other is that kind. A font whose б and
/// 6 look alike gives no clear answer, and the reading stays as it was, with its doubt.
///
/// Measured before it was written (the clean and scan pages of seeds 2573-2585, 103 house numbers
/// ending in 6, б, 8 or в and "б-р"): a б's distance to the page's б was 0.00-0.09 and to its 6
/// 0.13-0.56; a 6's distance to the page's 6 was 0.01-0.16 and to its б 0.23-0.46, but in one font
/// (seed 2585 p005) 0.07-0.15 to both; an 8's distance to в was 0.44 or more.
public enum GlyphEvidence {
    /// One mark of ink cut to its box (marks over one another joined: the dots of ё, the breve of й).
    public struct Glyph: Hashable, Sendable {
        public var width: Int
        public var height: Int
        public var bits: [Bool]
        /// Left edge in the mask it came from (glyphs are ordered by it).
        public var x: Int
        /// Top edge in the mask it came from.
        public var y: Int

        public init(width: Int, height: Int, bits: [Bool], x: Int = 0, y: Int = 0) {
            precondition(bits.count == width * height, "one value per pixel")
            self.width = width; self.height = height; self.bits = bits; self.x = x; self.y = y
        }

        /// A glyph drawn as rows of text, "#" for ink (for tests and recorded glyphs).
        public init(rows: [String]) {
            let w = rows.map(\.count).max() ?? 0
            var bits: [Bool] = []
            for r in rows { bits += r.map { $0 == "#" } + [Bool](repeating: false, count: w - r.count) }
            self.init(width: w, height: rows.count, bits: bits)
        }

        subscript(x: Int, y: Int) -> Bool { bits[y * width + x] }
    }

    /// The confusable pairs: a digit and the lower-case letter printed alike.
    public static let pairs: [(digit: Character, letter: Character)] = [("6", "б"), ("8", "в")]

    /// Marks of fewer pixels are specks, not glyphs.
    static let speck = 3

    /// The glyphs of a zone, left to right: 8-connected marks, those overlapping in x by more than
    /// half the narrower one's width joined (a letter and its dots or breve).
    public static func glyphs(_ mask: InkMask) -> [Glyph] {
        let w = mask.width
        let parts = components(mask.bits, width: w, height: mask.height)
        struct Part { var pixels: [Int]; var minX: Int; var maxX: Int }
        var marks = parts.filter { $0.count >= speck }.map { px -> Part in
            let xs = px.map { $0 % w }
            return Part(pixels: px, minX: xs.min()!, maxX: xs.max()! + 1)
        }.sorted { $0.minX < $1.minX }
        var joined: [Part] = []
        for m in marks {
            if var last = joined.last {
                let overlap = min(last.maxX, m.maxX) - max(last.minX, m.minX)
                let narrower = min(last.maxX - last.minX, m.maxX - m.minX)
                if overlap * 2 > narrower {
                    last.pixels += m.pixels
                    last.minX = min(last.minX, m.minX); last.maxX = max(last.maxX, m.maxX)
                    joined[joined.count - 1] = last
                    continue
                }
            }
            joined.append(m)
        }
        marks = joined
        return marks.map { m in
            let ys = m.pixels.map { $0 / w }
            let y0 = ys.min()!, gh = ys.max()! - y0 + 1, gw = m.maxX - m.minX
            var bits = [Bool](repeating: false, count: gw * gh)
            for p in m.pixels { bits[(p / w - y0) * gw + (p % w - m.minX)] = true }
            return Glyph(width: gw, height: gh, bits: bits, x: m.minX, y: y0)
        }
    }

    /// The 8-connected marks of a bitmap, each as its pixels' indices (row by row).
    static func components(_ bits: [Bool], width w: Int, height h: Int) -> [[Int]] {
        var label = [Int](repeating: -1, count: w * h)
        var parts: [[Int]] = []
        for start in 0..<(w * h) where bits[start] && label[start] < 0 {
            var stack = [start], pixels: [Int] = []
            label[start] = parts.count
            while let p = stack.popLast() {
                pixels.append(p)
                let px = p % w, py = p / w
                for dy in -1...1 {
                    for dx in -1...1 {
                        let nx = px + dx, ny = py + dy
                        guard nx >= 0, ny >= 0, nx < w, ny < h else { continue }
                        let q = ny * w + nx
                        if bits[q] && label[q] < 0 { label[q] = parts.count; stack.append(q) }
                    }
                }
            }
            parts.append(pixels)
        }
        return parts
    }

    /// How unlike two glyphs are: the pixels that differ over the pixels of either, the glyphs set on
    /// one baseline and centred, at the best of small shifts (±2 px each way). 0 is the same print.
    public static func distance(_ a: Glyph, _ b: Glyph) -> Double {
        let h = max(a.height, b.height) + 6, w = max(a.width, b.width) + 6
        let ay = h - 3 - a.height, ax = (w - a.width) / 2
        var best = 1.0
        for dy in -2...2 {
            for dx in -2...2 {
                let by = h - 3 - b.height + dy, bx = (w - b.width) / 2 + dx
                var differ = 0, either = 0
                for y in 0..<h {
                    for x in 0..<w {
                        let inA = x >= ax && x < ax + a.width && y >= ay && y < ay + a.height && a[x - ax, y - ay]
                        let inB = x >= bx && x < bx + b.width && y >= by && y < by + b.height && b[x - bx, y - by]
                        if inA || inB { either += 1 }
                        if inA != inB { differ += 1 }
                    }
                }
                if either > 0 { best = min(best, Double(differ) / Double(either)) }
            }
        }
        return best
    }

    public enum Kind: Sendable { case letter, digit }

    /// Whether a glyph `near` one kind stands clear of another kind `far` from it: at least twice as
    /// far, and 0.06 farther.
    static func standsClear(_ near: Double, of far: Double) -> Bool { far >= 2 * near && far - near >= 0.06 }

    /// The nearest reference's distance must be at most this.
    static let nearEnough = 0.17
    /// With no reference of the other kind on the page, only a near copy of one kind settles it.
    static let nearCopy = 0.03

    /// Which kind `target` is, given the page's glyphs of the letter and of the digit; nil when it
    /// is not clearly nearer one kind: the nearer kind within `nearEnough`, and the other at least
    /// twice as far and 0.06 farther.
    public static func decide(_ target: Glyph, letters: [Glyph], digits: [Glyph]) -> Kind? {
        let toLetter = letters.map { distance(target, $0) }.min()
        let toDigit = digits.map { distance(target, $0) }.min()
        func clear(_ near: Double?, _ far: Double?) -> Bool {
            guard let near, near <= nearEnough else { return false }
            guard let far else { return near <= nearCopy }
            return standsClear(near, of: far)
        }
        if clear(toLetter, toDigit) { return .letter }
        if clear(toDigit, toLetter) { return .digit }
        return nil
    }

    /// The digits the models confuse with each digit (3/5, 1/7, 0/8, ...).
    static let confusable: [Character: String] = ["0": "689", "1": "47", "2": "7", "3": "589", "4": "1", "5": "36",
                                                  "6": "058", "7": "12", "8": "0369", "9": "038"]

    /// Whether the page's print shows `glyph` to be the digit `digit`: within `nearEnough` of the
    /// page's glyphs read as that digit, and at least twice as far and 0.06 farther from every other
    /// digit the page prints. Every digit confusable with it must be printed on the page too: on a
    /// page whose every 3 was read 5 (seed 2585 p002, a clean font), "the page's 5s" are 3s as well,
    /// and nothing on the page could tell them apart.
    ///
    /// Measured before it was written (clean and scan pages of seeds 2573-2585, the numbers after д.,
    /// кв., корп., стр. of 667 addresses): of 653 numbers read right 358 had every digit so shown; of 14
    /// read wrong none had (the misread glyph 0.25-0.61 from its reading's glyphs, often within 0.1 of
    /// the printed digit's).
    public static func confirms(_ glyph: Glyph, digit: Character, references: [Character: [Glyph]]) -> Bool {
        printedDigit(glyph, references: references) == digit
    }

    /// The digit the page's print shows `glyph` to be: the digit whose glyphs are nearest, within
    /// `nearEnough`, every other digit printed at least twice as far and 0.06 farther, and every digit
    /// confusable with it printed on the page; nil when no digit is that clear.
    public static func printedDigit(_ glyph: Glyph, references: [Character: [Glyph]]) -> Character? {
        var nearest: [Character: Double] = [:]
        for (d, glyphs) in references where d.isNumber && !glyphs.isEmpty {
            nearest[d] = glyphs.map { distance(glyph, $0) }.min()!
        }
        // Ties broken by the digit, not by the order the dictionary is walked in (which differs from run to run).
        guard let (digit, near) = nearest.min(by: { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }), near <= nearEnough,
              let partners = confusable[digit], partners.allSatisfy({ nearest[$0] != nil }) else { return nil }
        for (d, x) in nearest where d != digit && !standsClear(near, of: x) { return nil }
        return digit
    }
}

/// The page's own print of the glyphs `GlyphEvidence` compares: the digits of its numbers and the
/// letters б and в of its words, cut from its confident words (one glyph per character), up to
/// twelve of each, gathered once per page when first asked for.
final class PagePrint {
    let stream: PageStream
    let zones: ZoneReader
    private var gathered: [Character: [(token: Int, glyph: GlyphEvidence.Glyph)]]?
    /// Glyphs gathered of each character.
    static let perCharacter = 12

    init(stream: PageStream, zones: ZoneReader) {
        self.stream = stream; self.zones = zones
    }

    /// The glyphs of a word, one per character; nil when they cannot be told apart (touching or
    /// broken print) or there is no page image.
    func glyphs(_ w: OCRWord) -> [GlyphEvidence.Glyph]? {
        guard let mask = mask(around: w.box) else { return nil }
        let g = GlyphEvidence.glyphs(mask)
        return g.count == w.text.count ? g : nil
    }

    /// The ink of a box and 2 px of paper around it (a word's or a value's, whose box the reading drew tight).
    func mask(around box: Box) -> InkMask? {
        zones.inkMask(zone: box.insetBy(dx: -2, dy: -2))
    }

    /// The box of a word's glyphs up to glyph `last` (counted in the word's text), ending halfway to
    /// the next glyph; nil when the word's glyphs cannot be told apart or the page has no image.
    func box(of w: OCRWord, through last: Int) -> Box? {
        guard let mask = mask(around: w.box) else { return nil }
        let g = GlyphEvidence.glyphs(mask)
        guard g.count == w.text.count, last >= 0, last + 1 < g.count else { return nil }
        let end = g[last].x + g[last].width
        let right = mask.origin.x + end + max(0, g[last + 1].x - end) / 2
        guard right > w.box.x else { return nil }
        return Box(x: w.box.x, y: w.box.y, width: right - w.box.x, height: w.box.height)
    }

    /// The page's glyphs of each character, those of token `target` left out.
    /// The glyphs of a value printed in `box`, one per character of `text` as their heights show
    /// (`GlyphEvidence.marksStandForLetters`), a light face's broken-off pieces joined back first
    /// (`fragmentsJoined`); nil when they do not stand for the characters or there is no page image.
    func letterGlyphs(_ text: [Character], around box: Box) -> [GlyphEvidence.Glyph]? {
        guard var marks = mask(around: box).map(GlyphEvidence.glyphs) else { return nil }
        if marks.count > text.count { marks = GlyphEvidence.fragmentsJoined(marks) }
        guard GlyphEvidence.marksStandForLetters(text, marks) else {
            if GlyphEvidence.debugEC {
                FileHandle.standardError.write(Data("ec-misaligned\t\(String(text))\t\(text.count)/\(marks.count)\t\(marks.map { "\($0.width)x\($0.height)" }.joined(separator: " "))\n".utf8))
            }
            return nil
        }
        return marks
    }

    func references(excluding target: Int) -> [Character: [GlyphEvidence.Glyph]] {
        references(excluding: [target])
    }

    /// The page's glyphs of each character, those of the tokens `targets` left out.
    func references(excluding targets: Set<Int>) -> [Character: [GlyphEvidence.Glyph]] {
        if gathered == nil { gathered = gather() }
        return gathered!.mapValues { $0.filter { !targets.contains($0.token) }.map(\.glyph) }
    }

    private func gather() -> [Character: [(token: Int, glyph: GlyphEvidence.Glyph)]] {
        var found: [Character: [(token: Int, glyph: GlyphEvidence.Glyph)]] = [:]
        for (i, t) in stream.tokens.enumerated() where t.word.confidence >= 0.9 {
            let text = t.word.text
            let digitsOnly = text.allSatisfy { $0.isASCII && ($0.isNumber || ".,()+-".contains($0)) } && text.contains(where: \.isNumber)
            let lettersOnly = text.allSatisfy { $0.isLetter || ".,-".contains($0) } && text.contains(where: GlyphEvidence.pairLetters.contains)
            // The е and с are taken from labels too ("Адрес:", "(телефон)"): a colon's two dots and a bracket are one mark each.
            let labelLetters = text.allSatisfy { $0.isLetter || ".,-:;()".contains($0) } && text.contains(where: GlyphEvidence.barredPair.contains)
            guard digitsOnly || lettersOnly || labelLetters, !text.contains("ы"), !text.contains("Ы") else { continue }
            // A number after a house's, building's or flat's mark may end in a letter read as a digit.
            if digitsOnly, i > 0, Extractor.singleDigitMarks.contains(Extractor.markText(stream.tokens[i - 1].word)) { continue }
            let wanted = text.filter { ch in
                let taken = digitsOnly ? ch.isNumber : (lettersOnly && GlyphEvidence.pairLetters.contains(ch)) || (labelLetters && GlyphEvidence.barredPair.contains(ch))
                return taken && found[ch, default: []].count < Self.perCharacter
            }
            guard !wanted.isEmpty, let g = glyphs(t.word) else { continue }
            // The е and с of a word whose marks' heights do not stand for its letters are not taken: a count that
            // agrees by chance would give another letter's print as theirs.
            let aligned = !wanted.contains(where: GlyphEvidence.barredPair.contains) || GlyphEvidence.marksStandForLetters(Array(text), g)
            for (ch, glyph) in zip(text, g) where wanted.contains(ch) && found[ch, default: []].count < Self.perCharacter
                && (aligned || !GlyphEvidence.barredPair.contains(ch)) {
                found[ch, default: []].append((i, glyph))
            }
        }
        return found
    }

    /// The digits of token `t` as the page's print shows them (`GlyphEvidence.printedDigit`), each
    /// compared with the page's glyphs of the digit it was read as too; nil when any is not clear.
    func printedDigits(of t: Int) -> String? {
        let word = stream.tokens[t].word
        guard word.text.contains(where: \.isNumber), let g = glyphs(word) else { return nil }
        let refs = references(excluding: t)
        var shown = ""
        for (ch, glyph) in zip(word.text, g) where ch.isNumber {
            guard refs[ch]?.isEmpty == false, let d = GlyphEvidence.printedDigit(glyph, references: refs) else { return nil }
            shown.append(d)
        }
        return shown
    }

    /// The candidate's words that hold digits, when their digits are the raw reading's, in order (one
    /// glyph per digit can then be matched to the value's digits); nil otherwise.
    func digitTokens(of c: Candidate) -> [Int]? {
        let tokens = c.tokens.filter { stream.tokens[$0].word.text.contains(where: \.isNumber) }
        guard !tokens.isEmpty, tokens.map({ stream.tokens[$0].word.text.filter(\.isNumber) }).joined() == c.raw.filter(\.isNumber) else { return nil }
        return tokens
    }

    /// Whether the print of token `t` shows every digit it was read as.
    func confirmsDigits(of t: Int) -> Bool {
        printedDigits(of: t) == stream.tokens[t].word.text.filter(\.isNumber)
    }
}


extension Extractor {
    /// Marks of a house number's place; the number after them is looked at.
    static let houseMarks: Set<String> = ["д", "дом"]

    /// The last character of each house number of an address read as 6, б, 8 or в, and the first of
    /// a "б-р" read as "6-р", compared with the page's print of the letter and the digit
    /// (`GlyphEvidence`): a clear letter or digit replaces the reading; a digit confirmed lifts the
    /// "may end in б" doubt (`Candidate.housesPrintedAsDigits`); a letter seen where a digit was read
    /// keeps the digit models' readings of that word out of the address's evidence
    /// (`Candidate.lettersInPrint`). Runs before `addressNumbers`.
    func houseLetters(_ candidates: inout [String: Candidate], stream: PageStream, pagePrint: PagePrint) {
        for (key, c) in candidates where c.kind == .address && c.value != nil {
            for (n, t) in c.tokens.enumerated() {
                let word = stream.tokens[t].word
                let bare = word.text.trimmingCharacters(in: CharacterSet(charactersIn: ".,;"))
                guard let last = bare.last, let first = bare.first else { continue }
                // The glyph's place in the word: leading punctuation shifts it.
                let lead = word.text.prefix { ".,;".contains($0) }.count
                let at: Int
                let read: Character
                if bare.count == 3, bare.hasSuffix("-р"), first == "6" || first == "б" {
                    at = 0; read = first
                } else {
                    let before = n > 0 ? Self.markText(stream.tokens[c.tokens[n - 1]].word) : ""
                    guard Self.houseMarks.contains(before), bare.count >= 2, bare.dropLast().allSatisfy({ $0.isASCII && $0.isNumber }),
                          GlyphEvidence.pairs.contains(where: { $0.digit == last || $0.letter == last }) else { continue }
                    at = bare.count - 1; read = last
                }
                guard let pair = GlyphEvidence.pairs.first(where: { $0.digit == read || $0.letter == read }),
                      let g = pagePrint.glyphs(word) else { continue }
                let references = pagePrint.references(excluding: t)
                let kind = GlyphEvidence.decide(g[lead + at], letters: references[pair.letter] ?? [], digits: references[pair.digit] ?? [])
                if DigitEvidence.debug {
                    FileHandle.standardError.write(Data("house-glyph\t\(key)\t\(bare)\t\(kind.map { "\($0)" } ?? "undecided")\n".utf8))
                }
                guard let kind else { continue }
                let seen = kind == .letter ? pair.letter : pair.digit
                if seen == read {
                    if kind == .digit { candidates[key]?.housesPrintedAsDigits.insert(bare) }
                    continue
                }
                var chars = Array(bare)
                chars[at] = seen
                let corrected = String(chars)
                guard let value = candidates[key]?.value, let replaced = Self.replacingNumber(bare, with: corrected, in: value) else { continue }
                candidates[key]?.value = replaced
                candidates[key]?.rule += "; \"\(read)\" read where the print matches the page's \"\(seen)\""
                if kind == .digit { candidates[key]?.housesPrintedAsDigits.insert(corrected) } else { candidates[key]?.lettersInPrint.insert(t) }
            }
        }
    }

    /// Kinds of digits-only fields whose readings the page's print can settle.
    static let printedDigitKinds: Set<FieldKind> = [.phone, .passportSeries, .passportNumber, .date, .number]

    /// A field that does not hold back activation (phone, passport details) doubted only because its
    /// readings of the digits disagree or are unsure is accepted where the page's print shows every
    /// digit of the page's reading (`PagePrint.confirmsDigits`) and that reading is the value. Critical
    /// fields keep their doubts: a wrong registry or application number would be activated.
    static func liftDigitsShownByPrint(_ fields: inout [String: FieldResult], candidates: [String: Candidate], pagePrint: PagePrint) {
        let digitDoubts: Set<Doubt> = [.readingsDiffer, .closeDigitAlternative, .otherModelDiffers, .lowConfidence]
        for (key, f) in fields where f.status == .review && !FieldRoles.isCritical(key) {
            guard let d = f.doubt, digitDoubts.contains(d), let c = candidates[key], Self.printedDigitKinds.contains(c.kind),
                  let v = c.value, f.value == v else { continue }
            // The glyphs looked at are those the value was read from: the same digits.
            guard let tokens = pagePrint.digitTokens(of: c), tokens.allSatisfy(pagePrint.confirmsDigits(of:)) else { continue }
            if DigitEvidence.debug { FileHandle.standardError.write(Data("digits-print\t\(key)\t\(v)\tlifted \(d)\n".utf8)) }
            fields[key]?.status = .ok
            fields[key]?.reason = nil
            fields[key]?.doubt = nil
            fields[key]?.rule = (f.rule ?? "") + "; every digit shown by the page's own print of the digits (\(f.reason ?? d.rawValue) set aside)"
        }
    }
}

extension Validator {
    /// Lower-case letters of a name printed about as wide as a small letter in every face (the wide
    /// ones, м ш щ ж ю ы ф, and д and т, which serif and italic faces widen, left out).
    static let ordinaryWidthLetters: Set<Character> = Set("абвгеёзийклнопрсухцчьъэя")
    /// Lower-case letters with neither ascender nor descender, dots nor breve.
    static let xHeightLetters: Set<Character> = Set("авгезиклнопсхчьъэя")

    /// An accepted name whose print shows one of its ordinary letters as wide as two: two letters
    /// joined into one mark and read as one (seed 2755 p019, a scan, first contact: "Фапахова" for
    /// Фаттахова on both forms, the т's crossbars run together into one mark read "п", accepted and the
    /// packet activated with it). The value's zone holds one mark per character, and the letter's mark
    /// is 1.7 times as wide as the median of the name's other ordinary letters or more, no taller than
    /// they are. The marks stand for the letters only where the print is whole: a mark as small as a
    /// speck, or a letter's mark under 0.6 of the median width (a letter broken in two), means a count
    /// that agrees by chance, and a mark taller than the small letters is a letter with an ascender or
    /// descender joined to its neighbour. (Measured before it was written, on the 816 names of seeds
    /// 2733-2755 whose zones held one mark per character: 15 had a letter's mark 1.7 times the median or
    /// wider, all but "Фапахова" a speck, a broken letter or a tall mark among them. Seed 2759, first
    /// contact: one right name held, its small letters of uneven height, which now skip the check too;
    /// of the 1,974 readings of names of seeds 2733-2759 so measured, "Фапахова" alone is held.) A person looks.
    /// (Two letters printed apart and read as one make one mark more than the characters, which a
    /// broken letter makes too: no evidence where, left alone.)
    static func doubtNameLetterPrintedAsTwo(_ fields: inout [String: FieldResult], candidates: [String: Candidate], pagePrint: PagePrint) {
        for (key, f) in fields where CrossForm.namePart(key) != nil && f.status == .ok {
            // The letters as read (a comma after the name is one mark more, and counted).
            let raw = TextNorm.collapseSpaces(candidates[key]?.raw ?? "")
            guard let value = f.value, let box = candidates[key]?.box, raw.trimmingCharacters(in: CharacterSet(charactersIn: ".,;:")) == value,
                  let marks = pagePrint.mask(around: box).map(GlyphEvidence.glyphs), marks.count == raw.count else { continue }
            let ordinary = zip(raw, marks).filter { ch, _ in ordinaryWidthLetters.contains(ch) }
            guard ordinary.count >= 4 else { continue }
            let widths = ordinary.map(\.1.width).sorted(), heights = ordinary.map(\.1.height).sorted()
            let medianWidth = Double(widths[widths.count / 2]), medianHeight = Double(heights[heights.count / 2])
            if DigitEvidence.debug {
                let sizes = marks.map { "\($0.width)x\($0.height)" }.joined(separator: " ")
                FileHandle.standardError.write(Data("name-marks\t\(key)\t\(value)\t\(sizes)\n".utf8))
            }
            // The small letters with neither ascender nor descender stand alike in height where the print is whole;
            // an underline's rest joined to some of them makes them taller (seed 2759 p025, an underlined blank in a
            // scan: "Дарина" with its а and и 38-39 pixels tall beside its н at 25, the р 36 wide).
            let xHeights = zip(raw, marks).filter { ch, _ in xHeightLetters.contains(ch) }.map(\.1.height)
            guard !zip(raw, marks).contains(where: { ch, m in ch.isLetter && Double(m.height) < 0.5 * medianHeight }),
                  Double(widths[0]) >= 0.6 * medianWidth,
                  xHeights.count < 3 || Double(xHeights.max()!) <= 1.25 * Double(xHeights.min()!) else { continue }
            // The median of the others: a wide mark is measured against letters other than itself.
            func medianWithout(_ w: Int) -> Double {
                var rest = widths
                if let i = rest.firstIndex(of: w) { rest.remove(at: i) }
                return Double(rest[rest.count / 2])
            }
            let wide = ordinary.first { _, m in Double(m.width) >= 1.7 * medianWithout(m.width) && Double(m.height) <= 1.15 * medianHeight }
            guard let wide else { continue }
            fields[key] = CrossForm.doubted(f, .letterPrintedAsTwo,
                                            reason: "the print of \"\(wide.0)\" is as wide as two letters (two letters read as one?)")
        }
    }
}

extension GlyphEvidence {
    /// Whether a small letter's print is an "e" (a bar across its middle, closing the bowl on the right) or
    /// a "c" (open on the right at mid-height), the same in Latin and Cyrillic and in every face: the bar is
    /// what tells the two apart. In the middle band of the glyph (35-65% of its height from the top) an e has
    /// a row of ink across at least 70% of its width, paper between its bowl's sides above it (the eye), and
    /// ink in its right 30% at 45-60% of the height; a c has no row over 45% of its width there and no ink on
    /// its right at 45-60% (a ball terminal reaches down to 40%: seed 2783 p022). Nil when the print says
    /// neither (a glyph too small to measure, a bar broken in a scan, a bold c's stroke, a blot, a bowl broken
    /// at its top or bottom).
    public static func barredOrOpen(_ g: Glyph) -> Character? {
        guard g.width >= 6, g.height >= 8 else { return nil }
        let w = g.width, h = g.height
        var longest = 0, barRow = 0
        for y in Int(Double(h) * 0.35)..<min(h, Int((Double(h) * 0.65).rounded(.up))) {
            var run = 0
            for x in 0..<w {
                if g[x, y] { run += 1; if run > longest { longest = run; barRow = y } } else { run = 0 }
            }
        }
        // The e's eye: above the bar, a row with paper between the bowl's two sides.
        func runs(_ y: Int) -> Int { (0..<w).filter { x in g[x, y] && (x == 0 || !g[x - 1, y]) }.count }
        let eye = longest > 0 && (Int(Double(h) * 0.1)..<max(Int(Double(h) * 0.1), barRow)).contains { runs($0) >= 2 }
        let right = Int((Double(w) * 0.7).rounded(.up))
        var rightInk = false
        for y in Int(Double(h) * 0.45)...min(h - 1, Int(Double(h) * 0.6)) where !rightInk {
            for x in right..<w where g[x, y] { rightInk = true; break }
        }
        // Both letters are a bowl closed at the top and the bottom: ink at 30-65% of the width in the top and
        // bottom fifths. A glyph a scan broke there (seed 2733 p016: the е of "пер." with the top of its left
        // side and its bar lost, open on the right like a c) says nothing.
        func inkInMiddle(_ rows: Range<Int>) -> Bool {
            rows.contains { y in (Int(Double(w) * 0.3)..<Int((Double(w) * 0.65).rounded(.up))).contains { g[$0, y] } }
        }
        let fifth = max(1, Int((Double(h) * 0.2).rounded()))
        guard inkInMiddle(0..<fifth), inkInMiddle((h - fifth)..<h) else { return nil }
        if Double(longest) >= 0.7 * Double(w) && rightInk && eye { return "e" }
        if Double(longest) <= 0.45 * Double(w) && !rightInk { return "c" }
        return nil
    }

    /// The letter a print shows where the reading has an e or a c (Latin or Cyrillic) of the other
    /// shape: "c" for an "e" read where the print is open, "e" for a "c" read where it has a bar.
    static func eOrCPrintedOtherwise(_ read: Character, _ g: Glyph) -> Character? {
        let shape = barredOrOpen(g)
        switch read {
        case "e": return shape == "c" ? "c" : nil
        case "c": return shape == "e" ? "e" : nil
        case "е": return shape == "c" ? "с" : nil
        case "с": return shape == "e" ? "е" : nil
        default: return nil
        }
    }

    static let debugEC = ProcessInfo.processInfo.environment["PFDO_DEBUG_EC"] != nil

    /// With `PFDO_DEBUG_EC` set, the shape of each e and c of a value (and with `=glyphs`, their ink) on stderr.
    static func debugShapes(_ key: String, _ shown: String, _ text: [Character], _ marks: [Glyph]) {
        guard debugEC else { return }
        let shapes = zip(text, marks).filter { "ecес".contains($0.0) }.map { "\($0.0)=\(barredOrOpen($0.1).map(String.init) ?? "?")" }
        FileHandle.standardError.write(Data("ec\t\(key)\t\(shown)\t\(shapes.joined(separator: " "))\n".utf8))
        guard ProcessInfo.processInfo.environment["PFDO_DEBUG_EC"] == "glyphs" else { return }
        for (ch, m) in zip(text, marks) where "ecес".contains(ch) {
            let rows = (0..<m.height).map { y in String((0..<m.width).map { m[$0, y] ? "#" : "." }) }
            FileHandle.standardError.write(Data("\(ch) \(m.width)x\(m.height)\n\(rows.joined(separator: "\n"))\n".utf8))
        }
    }

    /// The letters of `pairs` (б, в), whose prints the page gathers.
    static let pairLetters: Set<Character> = Set(pairs.map(\.letter))
    /// The Cyrillic е and с, whose prints the page gathers (the Latin e and c are printed alike in a face).
    static let barredPair: Set<Character> = ["е", "с"]

    /// Whether the page's print shows `target` to be of the glyphs `near` rather than `far` (as `decide`
    /// settles б/6): within `nearEnough` of one of `near`, every one of `far` at least twice as far and 0.06
    /// farther (with no `far` printed, a near copy of one of `near`).
    static func nearer(_ target: Glyph, to near: [Glyph], than far: [Glyph]) -> Bool {
        decide(target, letters: near, digits: far) == .letter
    }

    /// The first e or c of `text` whose mark is the other letter's, with the letter the print shows.
    /// The shape (`barredOrOpen`) must show the other letter, and the page's own е and с (`references`, the
    /// same face: a high bar, a ball terminal) must not show the letter read: seed 2749 p018's "Киселёвске", a
    /// face whose е has its bar at a quarter of its height, broken, is open in the middle like a c, and 0.02
    /// from the page's е, 0.20 from its с. (Seed 2783 p022's c, read e, is 0.14 from the page's е and from
    /// its one с: the page does not say, the shape does.) Where the page prints the other letter, the glyph
    /// must be within `nearEnough` of it.
    /// The page's glyphs are asked for only when a shape shows the other letter (1 letter in 1,000): most
    /// pages need them for nothing else, and gathering them cuts every confident word's glyphs.
    static func firstEOrCPrintedOtherwise(_ text: [Character], _ marks: [Glyph],
                                          references: () -> [Character: [Glyph]]) -> (Character, Character)? {
        for (ch, m) in zip(text, marks) {
            guard let shown = eOrCPrintedOtherwise(ch, m) else { continue }
            let refs = references()
            let e = refs["е"] ?? [], c = refs["с"] ?? []
            let barred = shown == "e" || shown == "е"
            if debugEC {
                let de = e.map { distance(m, $0) }.min().map { String(format: "%.2f", $0) } ?? "-"
                let dc = c.map { distance(m, $0) }.min().map { String(format: "%.2f", $0) } ?? "-"
                FileHandle.standardError.write(Data("ec-refs\t\(ch)->\(shown)\tto е \(de) (\(e.count))\tto с \(dc) (\(c.count))\n".utf8))
            }
            // Nor a glyph unlike the page's prints of the letter it would be (seed 2759 p024, clean: the е of a right
            // "Сергеева" 0.20 from the page's е and 0.23 from its с, cut with a stroke of its line).
            let other = barred ? e : c
            if let nearest = other.map({ distance(m, $0) }).min(), nearest > nearEnough { continue }
            if !nearer(m, to: barred ? c : e, than: other) { return (ch, shown) }
        }
        return nil
    }

    /// Small letters without ascender, descender, dots or breve, Latin and Cyrillic.
    static let xHeightShapes: Set<Character> = Set("acemnorsuvwxzавгжезиклмнопстхчшъыьэюя")
    /// Letters and digits that stand well above or below the small letters in every face: capitals,
    /// digits, Latin ascenders and descenders, i and j with their dots, Cyrillic б р у ф with theirs, й
    /// and ё with their marks.
    static func standsTall(_ ch: Character) -> Bool {
        ch.isUppercase || ch.isNumber || "bdfhklgjpqyiбруфйё".contains(ch)
    }

    /// The marks with a letter's broken-off piece joined back to the letter on its left: a mark under half
    /// the height of the small letters, wholly in the upper half of their band or above it, 2 pixels or
    /// less from the mark before it (an f's hook or an r's arm cut off by a thin light face's joints). A
    /// dot stands on the baseline and a hyphen at mid-height, and are not joined.
    static func fragmentsJoined(_ marks: [Glyph]) -> [Glyph] {
        guard marks.count >= 4 else { return marks }
        let bottoms = marks.map { $0.y + $0.height }.sorted()
        let baseline = bottoms[bottoms.count / 2]
        let tallest = marks.map(\.height).max() ?? 0
        let heights = marks.filter { $0.height * 2 >= tallest }.map(\.height).sorted()
        guard !heights.isEmpty else { return marks }
        let small = heights[heights.count / 4]
        var out: [Glyph] = []
        for m in marks {
            if let last = out.last, m.height * 2 < small, m.y + m.height <= baseline - small / 2, m.x - (last.x + last.width) <= 2 {
                out[out.count - 1] = joined(last, m)
            } else {
                out.append(m)
            }
        }
        return out
    }

    /// Two marks of one mask as one glyph.
    static func joined(_ a: Glyph, _ b: Glyph) -> Glyph {
        let x0 = min(a.x, b.x), y0 = min(a.y, b.y)
        let w = max(a.x + a.width, b.x + b.width) - x0, h = max(a.y + a.height, b.y + b.height) - y0
        var bits = [Bool](repeating: false, count: w * h)
        for g in [a, b] {
            for y in 0..<g.height { for x in 0..<g.width where g[x, y] { bits[(g.y - y0 + y) * w + (g.x - x0 + x)] = true } }
        }
        return Glyph(width: w, height: h, bits: bits, x: x0, y: y0)
    }

    /// Whether a value's marks stand for its characters one by one, as their heights show: the small
    /// letters' marks alike in height (within 0.8-1.25 of their median), the tall characters' marks 1.2
    /// times that or more. A count of marks that agrees with the characters by chance (a letter broken in
    /// two, two joined elsewhere) puts a tall mark where a small letter is read, or the other way round.
    static func marksStandForLetters(_ text: [Character], _ marks: [Glyph]) -> Bool {
        guard text.count == marks.count else { return false }
        let small = zip(text, marks).filter { xHeightShapes.contains($0.0) }.map(\.1.height).sorted()
        guard small.count >= 2 else { return false }
        let median = Double(small[small.count / 2])
        for (ch, m) in zip(text, marks) {
            let h = Double(m.height)
            if xHeightShapes.contains(ch), h < 0.8 * median || h > 1.25 * median { return false }
            if standsTall(ch), h < 1.2 * median { return false }
        }
        return true
    }
}

extension Validator {
    /// An accepted name, e-mail, address or passport office with a small e or c (Cyrillic е, с) whose print
    /// is the other letter's:
    /// an e open on the right (a c read as e) or a c with a bar across (an e read as c). (seed 2783 p022,
    /// clean, first contact: "fehernova@mail.ru" for fchernova, both Latin readings alike, accepted; seed
    /// 2775 p007: a face whose с the model reads е in every name.) The bar is the letters' difference in
    /// every face; the value's zone must hold one mark per character. A person looks.
    static func doubtEOrCPrintedOtherwise(_ fields: inout [String: FieldResult], candidates: [String: Candidate], pagePrint: PagePrint) {
        for (key, f) in fields where f.status == .ok && (CrossForm.namePart(key) != nil || key == "applicant.email") {
            guard let value = f.value, value.contains(where: { "ecес".contains($0) }), let box = candidates[key]?.box else { continue }
            let raw = TextNorm.collapseSpaces(candidates[key]?.raw ?? "")
            let text: [Character]
            if key == "applicant.email" { text = Array(value) } else {
                guard raw.trimmingCharacters(in: CharacterSet(charactersIn: ".,;:")) == value else { continue }
                text = Array(raw)
            }
            guard let marks = pagePrint.letterGlyphs(text, around: box) else { continue }
            GlyphEvidence.debugShapes(key, value, text, marks)
            guard let (read, shown) = GlyphEvidence.firstEOrCPrintedOtherwise(text, marks,
                      references: { pagePrint.references(excluding: Set(candidates[key]?.tokens ?? [])) }) else { continue }
            fields[key] = CrossForm.doubted(f, .letterPrintedOtherwise,
                                            reason: "the print of \"\(read)\" looks like \"\(shown)\" (\"\(shown)\" read as \"\(read)\"?)")
        }
        // Addresses and the passport office, word by word as the page read them: the misreadings of seed 2747
        // p009 ("рп Итатекий" for Итатский, с read е) and 2753 p029 ("в г. Бийскс" for Бийске, е read с), both
        // accepted at first contact and held since by rules on their words' endings, which a misread letter
        // inside a word escapes.
        for key in ["applicant.address", "child.address", "applicant.passport_issued_by"] {
            guard let f = fields[key], f.status == .ok, let value = f.value, let c = candidates[key] else { continue }
            for t in c.tokens where t < pagePrint.stream.tokens.count {
                let word = pagePrint.stream.tokens[t].word
                let letters = word.text.trimmingCharacters(in: .punctuationCharacters)
                let text = Array(word.text)
                guard letters.contains(where: { "ecес".contains($0) }), value.contains(letters),
                      let marks = pagePrint.letterGlyphs(text, around: word.box) else { continue }
                GlyphEvidence.debugShapes(key, word.text, text, marks)
                guard let (read, shown) = GlyphEvidence.firstEOrCPrintedOtherwise(text, marks, references: { pagePrint.references(excluding: [t]) })
                else { continue }
                fields[key] = CrossForm.doubted(f, .letterPrintedOtherwise,
                    reason: "the print of \"\(read)\" in \"\(letters)\" looks like \"\(shown)\" (\"\(shown)\" read as \"\(read)\"?)")
                break
            }
        }
    }
}
