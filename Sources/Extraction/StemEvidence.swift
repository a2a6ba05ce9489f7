import Foundation
import IntakeModel

/// A 3 read as 5 (or a 5 as 3) settled by the glyph's shape. The page's model confuses a 3 with a
/// flat or nearly flat top for a 5, on both forms and on its grey reading alike; `eng` reads it right
/// (seed 2681, first contact: PT Sans and PT Serif scans, "2017-10-15" for 13.10.2017, "+79832327155"
/// for …33, held by the other models' disagreement). What tells the two apart in print is the 5's stem:
/// from its top bar down the left side to its bowl, about half the glyph's height; a 3's top arc ends
/// on the left in a short terminal.
///
/// Measured before it was written, on the upright faces of this machine that print Cyrillic (125 of
/// them, each digit rendered at 44 pixels): the longest first run of ink down a column of the left
/// 8-40% of the glyph, from a top within its upper fifth, was 0.06-0.30 of the glyph's height for 3
/// and 0.34-0.58 for 5, but for two faces whose 5 has a short stem (FreeSerif 0.19, Noto Serif Display
/// 0.13). So the page's own print must show its face's 5 long-stemmed and its 3 short before a glyph
/// is judged: a face like FreeSerif leaves the reading as it was, with its doubt.
public enum StemEvidence {
    /// The stem's length as a share of the glyph's height: the longest first run of ink down a column
    /// in the left 8-40% of the glyph, starting in its upper fifth.
    public static func stem(_ g: GlyphEvidence.Glyph) -> Double {
        let h = g.height, w = g.width
        guard h > 0, w > 0 else { return 0 }
        var best = 0
        let from = w * 8 / 100, to = max(from + 1, w * 40 / 100)
        for x in from..<min(to, w) {
            guard let top = (0..<h).first(where: { g[x, $0] }), top * 5 <= h else { continue }
            var y = top
            while y < h, g[x, y] { y += 1 }
            best = max(best, y - top)
        }
        return Double(best) / Double(h)
    }

    /// A 5's stem reaches at least this share of its height; a 3's terminal at most `shortStem`.
    static let longStem = 0.36
    static let shortStem = 0.30
    /// A glyph judged a 3 has a stem this short at most (a 5 judged so, `longStem` + 0.02 at least).
    static let judgedShort = 0.28

    /// Whether the glyph's ink is one 8-connected piece: a 5 broken in its stem by a scan would
    /// measure short, so broken print is not judged.
    public static func onePiece(_ g: GlyphEvidence.Glyph) -> Bool {
        GlyphEvidence.components(g.bits, width: g.width, height: g.height).count == 1
    }

    /// The digit (3 or 5) the glyph's stem shows, given the page's glyphs read as 5 and as 3; nil
    /// unless the page's print shows its face's 5 long-stemmed:
    /// - two thirds of two or more of the page's 5s are long (a few may be misread 3s); or
    /// - a 5 of the page has a long stem, none a stem between a 3's and a 5's, no more of them are
    ///   short than long, and the page's 3s are all short: the short 5s are misread 3s (seed 2685 p008,
    ///   a PT Sans scan whose two 5s read surely measured 0.55 and 0.12, the second a 3); with one long
    ///   5 only a very short stem is a 3's;
    /// - where the page holds two 3s or more, two thirds of them are short.
    /// The glyph must be one piece of a digit's height and its stem clearly a 3's or a 5's.
    public static func shows(_ g: GlyphEvidence.Glyph, fives: [GlyphEvidence.Glyph], threes: [GlyphEvidence.Glyph]) -> Character? {
        guard !fives.isEmpty, onePiece(g) else { return nil }
        let stems = fives.map(stem)
        let long = stems.filter { $0 >= longStem }.count, shortFives = stems.filter { $0 <= unseenThrees }.count
        let short = threes.filter { stem($0) <= shortStem }.count
        // Two thirds of two or more 5s long; or fewer, with every short one a misread 3 beside the page's short 3s.
        let mostLong = fives.count >= 2 && 3 * long >= 2 * fives.count
        let longBesideShortThrees = long >= 1 && long + shortFives == fives.count && long >= shortFives
            && !threes.isEmpty && short == threes.count
        guard mostLong || longBesideShortThrees else { return nil }
        let threesShort = threes.count >= 2 && 3 * short >= 2 * threes.count
        if threes.count >= 2, !threesShort { return nil }
        // One long 5 is thin evidence of the face (a misread 6 is long-stemmed too): a 3 then has a
        // stem under every upright face's 5 but old-style figures' (FreeSerif's 0.19 the shortest).
        let threeAtMost = long >= 2 ? (threesShort ? judgedShort : unseenThrees) : thinEvidenceThrees
        let heights = (fives + threes).map(\.height).sorted()
        let typical = Double(heights[heights.count / 2])
        guard abs(Double(g.height) - typical) <= 0.15 * typical else { return nil }
        let s = stem(g)
        if s <= threeAtMost { return "3" }
        if threesShort, s >= longStem + 0.02 { return "5" }
        return nil
    }

    /// With no 3 read surely on the page (its 3s all read as 5, or unsure), a glyph is judged a 3 only
    /// with a stem this short, far under the page's 5s.
    static let unseenThrees = 0.20
    /// ... and with one long 5 on the page only, this short.
    static let thinEvidenceThrees = 0.15
}

extension Extractor {
    /// A number, date, phone or passport field whose page reading differs from a value that two other
    /// readings give (`eng` on the binarised zone, `eng` at twice the scale, the third model, the
    /// Russian model on the grey zone) only in digits read 5 for 3 or 3 for 5, takes that value when
    /// the print's stems (`StemEvidence`) show every one of those digits as it reads them. The page's
    /// reading stays in the rule; the readings then weigh the value as they weigh any other.
    ///
    /// The other way round, every other value the readings give (the digits re-read, the other model, the
    /// third model, the grey zone's reading and its close calls' other digits) differing from the page's
    /// only in 3/5 that the stems show as the page reads them, and no more of those readings against the
    /// page's value than with it, confirms the page's reading
    /// (`Candidate.stemsConfirm`): the stems are a reading by the print's shape that no model shares
    /// (seed 2695 p011, a scan: "935469" on both forms, the third model "955469", the 3's stem 0.12 beside
    /// the page's 3s at 0.12 and its 5s at 0.50-0.52).
    func settleThreeFive(_ candidates: inout [String: Candidate], stream: PageStream, pagePrint: PagePrint) {
        nextCandidate: for (key, c) in candidates where DigitEvidence.digitKinds.contains(c.kind) {
            guard let value = c.value, c.wellFormed else { continue }
            let grey = DigitEvidence.greyValue(c)
            let others = [c.rereads.first, c.otherModel, c.thirdModel, grey].compactMap { $0 }
            // The raw digits as the page's words hold them, one glyph each.
            guard let tokens = pagePrint.digitTokens(of: c) else { continue }
            // Every other value two readings or more give, most readings first, then in digit order: two values
            // with two readings each are both tried (sig2707 p016: "18335" by the re-read and the grey page,
            // "18555" by the other two models; which of the two was tried depended on the order a dictionary
            // was walked in, so the same page gave either value from one run to the next).
            let counts = Dictionary(others.filter { $0 != value && $0.count == value.count }.map { ($0, 1) }, uniquingKeysWith: +)
            let backed = counts.filter { $0.value >= 2 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            for (alternative, _) in backed {
                guard let flips = Self.threeFiveFlips(of: c, giving: alternative) else { continue }
                let shown = Self.stemsShow(flips, of: c, tokens: tokens, stream: stream, pagePrint: pagePrint)
                if DigitEvidence.debug {
                    FileHandle.standardError.write(Data("stems\t\(key)\t\(value)\t\(alternative)\t\(shown.trace)\t\(shown.alternative ? "settled" : "-")\n".utf8))
                }
                if shown.alternative {
                    candidates[key]?.value = alternative
                    candidates[key]?.rule += "; \(value) read where the print's stems show \(alternative) (3/5), as two other readings read it"
                    continue nextCandidate
                }
            }
            // Confirmation: every dissenting value a 3/5 flip whose glyphs the stems show as read.
            let variants = grey.map { DigitEvidence.closeVariants(kind: c.kind, third: c.digitChoices, value: $0) } ?? []
            let dissent = Set((others + variants).filter { !$0.isEmpty && $0 != value })
            // The stems side with the page against fewer readings than agree with it, never against most.
            let against = others.filter { !$0.isEmpty && $0 != value }.count
            guard !dissent.isEmpty, others.filter({ $0 == value }).count >= against else { continue }
            var flipped = Set<Int>()
            for alternative in dissent {
                guard alternative.count == value.count, let flips = Self.threeFiveFlips(of: c, giving: alternative) else { flipped = []; break }
                flipped.formUnion(flips)
            }
            guard !flipped.isEmpty else { continue }
            let shown = Self.stemsShow(flipped.sorted(), of: c, tokens: tokens, stream: stream, pagePrint: pagePrint)
            if DigitEvidence.debug {
                FileHandle.standardError.write(Data("stems-confirm\t\(key)\t\(value)\t\(dissent.sorted().joined(separator: " "))\t\(shown.trace)\t\(shown.page ? "confirmed" : "-")\n".utf8))
            }
            if shown.page { candidates[key]?.stemsConfirm = true }
        }
    }

    /// The fewest 3/5 flips of the candidate's raw digits (their indices) that give `alternative`, if any.
    static func threeFiveFlips(of c: Candidate, giving alternative: String) -> [Int]? {
        let rawDigits = Array(c.raw.filter(\.isNumber))
        let spots = rawDigits.indices.filter { rawDigits[$0] == "3" || rawDigits[$0] == "5" }
        guard !spots.isEmpty, spots.count <= 8 else { return nil }
        for mask in (1..<(1 << spots.count)).sorted(by: { $0.nonzeroBitCount < $1.nonzeroBitCount }) {
            var chars = Array(c.raw)
            var digitIndex = 0
            let chosen = Set(spots.indices.filter { mask & (1 << $0) != 0 }.map { spots[$0] })
            for i in chars.indices where chars[i].isNumber {
                if chosen.contains(digitIndex) { chars[i] = chars[i] == "3" ? "5" : "3" }
                digitIndex += 1
            }
            if let norm = FieldParser.normalize(kind: c.kind, String(chars)), norm.wellFormed, norm.value == alternative {
                return chosen.sorted()
            }
        }
        return nil
    }

    /// Whether the stems of the digits at `flips` (indices among the raw digits) show every one of them as
    /// the other digit (`alternative`) or every one as read (`page`), each glyph judged against the page's
    /// own 5s and 3s with this field's words left out; `trace` for `PFDO_DEBUG_DIGITS`.
    static func stemsShow(_ flips: [Int], of c: Candidate, tokens: [Int], stream: PageStream,
                          pagePrint: PagePrint) -> (alternative: Bool, page: Bool, trace: String) {
        var alternative = true, page = true
        var digitIndex = 0
        var stems: [String] = []
        for t in tokens {
            let word = stream.tokens[t].word
            guard let glyphs = pagePrint.glyphs(word) else { return (false, false, stems.joined(separator: ", ")) }
            let refs = pagePrint.references(excluding: t)
            for (ch, g) in zip(word.text, glyphs) where ch.isNumber {
                defer { digitIndex += 1 }
                guard flips.contains(digitIndex) else { continue }
                let shown = StemEvidence.shows(g, fives: refs["5"] ?? [], threes: refs["3"] ?? [])
                if DigitEvidence.debug {
                    let f = (refs["5"] ?? []).map { String(format: "%.2f", StemEvidence.stem($0)) }.joined(separator: " ")
                    let th = (refs["3"] ?? []).map { String(format: "%.2f", StemEvidence.stem($0)) }.joined(separator: " ")
                    stems.append(String(format: "%@>%@ %.2f h%d piece %@ [5: %@] [3: %@]", String(ch), shown.map(String.init) ?? "?", StemEvidence.stem(g),
                                        g.height, StemEvidence.onePiece(g) ? "1" : "n", f, th))
                }
                if shown == nil || shown == ch { alternative = false }
                if shown != ch { page = false }
            }
        }
        // Every flipped digit must have been found among the words' glyphs.
        if digitIndex <= (flips.max() ?? 0) { return (false, false, stems.joined(separator: ", ")) }
        return (alternative, page, stems.joined(separator: ", "))
    }
}

extension Extractor {
    /// Letters whose small form is the capital at x-height (no ascender, no descender, the same
    /// shape): their case shows only in their height.
    static let caseByHeight: Set<Character> = Set("вгжзиклмнопстхчшэюя")

    /// A house number's letter ("59в") read in the other case than printed: its small form is the
    /// capital made smaller, so the model tells them apart by height alone and may not (seed 2685 p026,
    /// a scan, first contact: "д. 59В" accepted on both forms, 59в printed). The letter's height beside
    /// the number's digits decides: at most 0.8 of theirs is a small letter, 0.9 or more a capital. The
    /// digits' height is about the capitals'. Measured before it was written, on the upright faces of this
    /// machine that print Cyrillic (132 of them, ten such letters each): small letters 0.63-0.83 of the
    /// digits' median height, capitals 0.89-1.11; a letter between the bounds keeps its reading.
    func houseLetterCase(_ candidates: inout [String: Candidate], stream: PageStream, pagePrint: PagePrint) {
        for (key, c) in candidates where c.kind == .address && c.value != nil {
            for (n, t) in c.tokens.enumerated() where n > 0 {
                guard Self.houseMarks.contains(Self.markText(stream.tokens[c.tokens[n - 1]].word)) else { continue }
                let word = stream.tokens[t].word
                let bare = word.text.trimmingCharacters(in: CharacterSet(charactersIn: ".,;"))
                guard bare.count >= 2, let last = bare.last, bare.dropLast().allSatisfy({ $0.isASCII && $0.isNumber }),
                      Self.caseByHeight.contains(Character(last.lowercased())), let g = pagePrint.glyphs(word) else { continue }
                let lead = word.text.prefix { ".,;".contains($0) }.count
                let digits = g[lead..<(lead + bare.count - 1)].map(\.height).sorted()
                guard !digits.isEmpty else { continue }
                let ratio = Double(g[lead + bare.count - 1].height) / Double(digits[digits.count / 2])
                let small: Bool
                if ratio <= 0.8 { small = true } else if ratio >= 0.9 { small = false } else { continue }
                let shown = Character(small ? last.lowercased() : last.uppercased())
                if DigitEvidence.debug {
                    FileHandle.standardError.write(Data("house-case\t\(key)\t\(bare)\t\(String(format: "%.2f", ratio))\t\(shown)\n".utf8))
                }
                guard shown != last, let value = candidates[key]?.value,
                      let replaced = Self.replacingNumber(bare, with: String(bare.dropLast()) + String(shown), in: value) else { continue }
                candidates[key]?.value = replaced
                candidates[key]?.rule += "; the house letter \"\(last)\" read where its height beside the digits shows \"\(shown)\""
            }
        }
    }
}
