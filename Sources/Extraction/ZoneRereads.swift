import Foundation
import IntakeModel

/// Zone re-reads: numbers, dates and e-mails read again in their own zone with settings for their kind.
extension Extractor {
    func reread(_ candidates: inout [String: Candidate], page: OCRPage, zones: ZoneReader) {
        for (key, c) in candidates {
            guard let box = c.box else { continue }
            let kind: ZoneKind
            switch c.kind {
            case .number, .registry, .date, .phone, .passportSeries, .passportNumber: kind = .digits
            case .email: kind = .email
            default: continue
            }
            let pad = max(6, box.height / 3)
            var zone = Box(x: box.x - pad, y: box.y - pad, width: box.width + 2 * pad, height: box.height + 2 * pad)
            // A number's first word on the page inside the value's box: where its digits start, and what the page printed first.
            let firstWord = kind != .digits ? nil : page.words.filter { $0.box.midX >= box.x && $0.box.midX <= box.maxX && $0.box.midY >= box.y && $0.box.midY <= box.maxY }
                .min { $0.box.x < $1.box.x }
            if let first = firstWord, let start = Self.digitsStart(first, blobs: zones.inkBlobs(zone: first.box, threshold: nil)) {
                zone.width = zone.maxX - start
                zone.x = start
            }
            if kind == .email {
                // The Russian reading of Latin text is unreliable in length too: read to the end of the row.
                zone.width = max(zone.width, page.width - zone.x - pad)
            }
            let lines = zones.read(zone: zone, kind: kind)
            let words = lines.flatMap(\.words)
            guard !words.isEmpty else {
                candidates[key]?.rereadEmpty = true
                continue
            }
            let text = words.map(\.text).joined(separator: " ")
            var updated = c
            if let n = FieldParser.normalize(kind: c.kind, text) {
                updated.rereads.append(n.value)
            } else {
                updated.rereads.append("")
            }
            updated.rereadConfidence = words.map(\.confidence).min() ?? 0
            if kind == .digits {
                updated.digitChoices = zones.digitChoices(zone: zone)
                if DigitEvidence.needsOtherModel(key: key, kind: c.kind) {
                    let text = zones.otherModelDigits(zone: zone).flatMap(\.words).map(\.text).joined(separator: " ")
                    let first = firstWord?.text ?? ""
                    updated.otherModel = DigitEvidence.otherModelValue(kind: c.kind, text: text, printed: first, value: c.value)
                    let third = zones.thirdModelDigits(zone: zone).flatMap(\.words).map(\.text).joined(separator: " ")
                    updated.thirdModel = DigitEvidence.otherModelValue(kind: c.kind, text: third, printed: first, value: c.value)
                }
                if DigitEvidence.debug { DigitEvidence.log(source: page.source, updated) }
            }
            if c.kind == .email, let n = FieldParser.normalize(kind: .email, text) {
                // The page was read with the Russian model: the Latin re-read is the real reading,
                // and a second Latin reading as one word is the independent check.
                let tight = Box.union(words.map(\.box))
                let second = Box(x: tight.x - pad, y: tight.y - pad, width: tight.width + 2 * pad, height: tight.height + 2 * pad)
                let word = zones.read(zone: second, kind: .emailWord).flatMap(\.words).map(\.text).joined(separator: " ")
                updated.rereads = [FieldParser.normalize(kind: .email, word)?.value ?? ""]
                updated.value = n.value
                updated.wellFormed = n.wellFormed
                updated.raw = text
                updated.confidence = words.map(\.confidence).reduce(0, +) / Double(words.count)
                updated.minConfidence = updated.rereadConfidence
            }
            candidates[key] = updated
        }
    }

    /// Where the digits of a word that opens with a mark glued to them begin ("№15086": seed 2653 p010 and
    /// p017, clean applications; "№420598319": seed 2657 p017, p019, p028, scans; first contacts): the
    /// word's box holds the mark, and the `eng` and `ukr` readings of a zone holding it read "№" or its
    /// tail as a digit or swallow the first digit ("5086", "2420598319"), so the number went to a
    /// person, or, where the readings the tail misled outvoted the others, was accepted wrong (sig2659
    /// p025: "235122" for 35122 on both forms).
    ///
    /// Digits are printed at one pitch (tabular figures, and every glyph of a typewriter face): from the
    /// word's last glyph leftwards, glyphs of the digits' height at that pitch are digits. The first glyph
    /// that breaks the run is the mark: lower than a digit (the "о" of "№"), the digits start after it;
    /// wider than a digit (a typewriter face's "№1", one blob), it holds one more digit where the page's
    /// reading counts one more. Nil, and the zone kept, when the word opens with a digit or a sign of
    /// the number itself ("+7"), when its ink is not at hand, or when the glyphs do not show where the
    /// digits begin (digits broken in a scan, a count the ink does not bear out).
    static func digitsStart(_ word: OCRWord, blobs: [InkBlob]?) -> Int? {
        let chars = Array(word.text)
        guard let i = chars.firstIndex(where: { $0.isASCII && $0.isNumber }), i > 0,
              chars[..<i].contains(where: { $0 == "№" || $0.isLetter }) else { return nil }
        let digits = chars[i...]
        guard digits.count >= 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let blobs else { return nil }
        // Glyphs as columns: blobs overlapping across x merged, specks left out.
        struct Column { var lo, hi, top, bottom: Int; var height: Int { bottom - top }; var width: Int { hi - lo } }
        var columns: [Column] = []
        for b in blobs.filter({ $0.box.height * 3 >= word.box.height }).sorted(by: { $0.box.x < $1.box.x }) {
            if let last = columns.last, b.box.x <= last.hi {
                columns[columns.count - 1] = Column(lo: last.lo, hi: max(last.hi, b.box.maxX), top: min(last.top, b.box.y), bottom: max(last.bottom, b.box.maxY))
            } else {
                columns.append(Column(lo: b.box.x, hi: b.box.maxX, top: b.box.y, bottom: b.box.maxY))
            }
        }
        guard columns.count >= 4 else { return nil }
        // The pitch and height of the last three glyphs, digits in every reading of such a word.
        let last = Array(columns.suffix(3))
        let pitch = (last[2].lo - last[0].lo) / 2
        let height = last.map(\.height).min() ?? 0
        guard pitch > 0, height > 0 else { return nil }
        func atPitch(_ step: Int) -> Bool { Double(step) >= 0.75 * Double(pitch) && Double(step) <= 1.25 * Double(pitch) }
        func digitLike(_ c: Column) -> Bool { Double(c.height) >= 0.8 * Double(height) && Double(c.width) <= 1.2 * Double(pitch) }
        guard atPitch(last[1].lo - last[0].lo), atPitch(last[2].lo - last[1].lo) else { return nil }
        var k = columns.count - 1
        while k > 0, atPitch(columns[k].lo - columns[k - 1].lo), digitLike(columns[k - 1]) { k -= 1 }
        guard k > 0 else { return nil }
        let run = columns.count - k, mark = columns[k - 1]
        if Double(mark.height) < 0.8 * Double(height) { return columns[k].lo - pitch / 6 }
        if Double(mark.width) >= 1.2 * Double(pitch), digits.count == run + 1 { return columns[k].lo - pitch - pitch / 6 }
        return digits.count == run ? columns[k].lo - pitch / 6 : nil
    }

    /// Whether `short` is `long` with one digit left out.
    static func isOneDigitShort(_ short: String, of long: String) -> Bool {
        guard short.count + 1 == long.count else { return false }
        let l = Array(long)
        return l.indices.contains { i in String(l[..<i] + l[(i + 1)...]) == short }
    }

    /// Marks after which an address's number may be a single digit: house, building, structure, flat.
    static let singleDigitMarks: Set<String> = ["д", "дом", "корп", "кор", "к", "стр", "кв", "лит"]

    /// A word as an address's mark: lower case, without its dot or comma ("Д." → "д"), as the mark
    /// sets (`singleDigitMarks`, `houseMarks`, `addressPartOpeners`) hold them.
    static func markText(_ w: OCRWord) -> String { w.text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".,")) }

    /// `value` with `number` (standing alone, once) replaced by `other`; nil when it stands
    /// there not once. A number written with a slash ("10/1") is given as printed, slash and all, and
    /// `other` may be its digits alone ("101"): they take the printed number's digits' places. A number
    /// next to a slash is part of another one, never this one (sig2667 p015, a scan: the house's "19/1"
    /// settled as 101 by the other readings, which its bare digits "191" then put in place of the flat's
    /// "кв. 191", accepted on both forms as "д. 19/1, кв. 101" for 10/1, 191).
    static func replacingNumber(_ number: String, with other: String, in value: String) -> String? {
        var other = other
        if number.contains("/"), !other.contains("/") {
            guard number.filter(\.isNumber).count == other.count else { return nil }
            var next = other.makeIterator()
            other = String(number.map { $0.isNumber ? next.next()! : $0 })
        }
        let pattern = "(?<![0-9/])" + NSRegularExpression.escapedPattern(for: number) + "(?![0-9/])"
        guard let re = try? NSRegularExpression(pattern: pattern) else { return nil }
        let ns = value as NSString
        let found = re.matches(in: value, range: NSRange(location: 0, length: ns.length))
        guard found.count == 1 else { return nil }
        return ns.replacingCharacters(in: found[0].range, with: other)
    }

    /// The numbers inside an address (postcode, house, flat) get the third reading of digits and the
    /// other model's reading too: a number whose digit the model also saw as a confusable other digit
    /// (3/5 in a postcode), or that the other model reads as other digits, is doubted, since both forms
    /// print the address alike and would repeat the misreading.
    ///
    /// The close call counts on a weak page only. On the clean and scan pages of four fresh corpora
    /// (seeds 2201, 2203, 2205, 2207) it doubted 32 right numbers and caught no wrong one; on their poor
    /// pages it caught 6 wrong addresses. The other model's reading counts on every page (seed 1901: two
    /// house numbers misread alike on both forms of a clean packet).
    ///
    /// A number whose every digit the page's own print shows (`PagePrint.printedDigits`) is not
    /// doubted for another reading's close call or another model's digits; where the print shows
    /// other digits than the page's reading, the value takes them.
    func addressNumbers(_ candidates: inout [String: Candidate], stream: PageStream, zones: ZoneReader, weakPage: Bool,
                        pagePrint: PagePrint? = nil) {
        let fivesForThrees = Self.readsFivesForThrees(candidates)
        for (key, c) in candidates where c.kind == .address && c.doubt == nil && c.value != nil {
            for (n, t) in c.tokens.enumerated() where !c.lettersInPrint.contains(t) {
                let word = stream.tokens[t].word
                // A house number with its building after a slash ("107/3") is one word: its digits are read
                // again and compared without the slash (sig2663 p029, clean, first contact: "107/53" for
                // 107/3 in the three prints of one packet, read 0.18 sure, never read again, accepted). A
                // number's slash is no digit of `eng`'s whitelist, so its readings see the digits only.
                var printed = word.text.trimmingCharacters(in: CharacterSet(charactersIn: ".,;"))
                let before = n > 0 ? Self.markText(stream.tokens[c.tokens[n - 1]].word) : ""
                // A house number with its letter ("д. 139а") is looked at as its digits, read in a zone that
                // ends before the letter (2701 p019, clean, first contact: "д. 159а" for 139а on the consent's
                // only print of the applicant's address, never read again, accepted). The letter is cut off
                // where the page's glyphs of the word can be told apart; otherwise the word is left as before.
                var digitsBox = word.box, letterCut = false
                if let last = printed.last, last.isLetter, !last.isASCII, printed.count >= 2, Self.singleDigitMarks.contains(before),
                   printed.dropLast().allSatisfy({ $0.isASCII && $0.isNumber }) {
                    let lead = word.text.prefix { ".,;".contains($0) }.count
                    guard let box = pagePrint?.box(of: word, through: lead + printed.count - 2) else { continue }
                    digitsBox = box
                    letterCut = true
                    printed.removeLast()
                }
                guard printed.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "/" }), printed.first?.isNumber == true,
                      printed.last?.isNumber == true else { continue }
                let digits = printed.filter(\.isNumber)
                // One digit counts after a house, building or flat mark (seed 2559 p009, a scan: "корп. 5"
                // for "корп. 3" on both forms, accepted); elsewhere a lone digit is no number of the address.
                if digits.count == 1 {
                    guard Self.singleDigitMarks.contains(before) else { continue }
                }
                let pad = max(4, word.box.height / 3)
                // No paper added after a cut: the letter stands there.
                let zone = Box(x: digitsBox.x - pad, y: digitsBox.y - pad, width: digitsBox.width + (letterCut ? pad : 2 * pad),
                               height: digitsBox.height + 2 * pad)
                /// The print settles the number: every digit shown as read (no doubt), or a digit clearly
                /// printed as another (seed 2577 p016: "кв. 79" read for 70 on a scan, the 9's glyph 0.15
                /// from the page's 0s and 0.59 from its 9s) — the value takes the printed digits.
                func settledByPrint() -> Bool {
                    guard let shown = pagePrint?.printedDigits(of: t), shown.count == digits.count else { return false }
                    if DigitEvidence.debug { FileHandle.standardError.write(Data("address-number-print\t\(key)\t\(digits)\t\(shown)\n".utf8)) }
                    if shown == digits { return true }
                    guard let value = candidates[key]?.value, let fixed = Self.replacingNumber(printed, with: shown, in: value) else { return false }
                    candidates[key]?.value = fixed
                    candidates[key]?.rule += "; \"\(digits)\" read where the page's print shows \"\(shown)\""
                    return true
                }
                if weakPage, case .closeCall = DigitEvidence.judge(kind: .number, value: digits, reread: digits,
                                                                   third: zones.digitChoices(zone: zone), majority: true) {
                    if settledByPrint() { continue }
                    candidates[key]?.doubt = "a number in the address may read another way"
                    break
                }
                // Another model at twice the scale (seed 1901: "д. 68" for "д. 60" on both forms of a clean
                // packet, "д. 99" for "д. 90"; the Russian model's readings agreed): the same number of
                // other digits is a doubt; another count is the zone's edge, no evidence.
                func number(_ lines: [OCRLine]) -> String { lines.flatMap(\.words).map(\.text).joined().filter { $0.isASCII && $0.isNumber } }
                let other = number(zones.otherModelDigits(zone: zone))
                // One digit more on the page than both `eng` readings see, the rest alike: a mark or
                // the line's end read as a digit (seed 2561 p021, a scan: "кв. 809" for "кв. 80", accepted).
                // Fewer digits in the page's reading than in the zone's is the zone's edge, no evidence;
                // nothing read of a lone digit is a zone too small, no evidence either.
                if !other.isEmpty, other.count + 1 == digits.count, Self.isOneDigitShort(other, of: digits) {
                    let eng = number(zones.read(zone: zone, kind: .digits))
                    if DigitEvidence.debug {
                        FileHandle.standardError.write(Data("address-number-short\t\(key)\t\(digits)\tother=\(other)\teng=\(eng)\n".utf8))
                    }
                    if eng == other {
                        candidates[key]?.doubt = "other models read the number in the address with one digit less (a mark read as a digit?)"
                        break
                    }
                }
                // A page shown to read a flat-topped 3 as 5 (`readsFivesForThrees`): a 5 of the address
                // that `eng` at twice the scale read alike is read once more by `eng` on the binarised
                // zone, and a 3 there is a doubt (seed 2741 p010, a scan, first contact: "кв. 154" for 134
                // accepted on the consent's only print of the applicant's address, where the page's
                // reading of the passport series and the child's birth date took 3s for 5s).
                if fivesForThrees, other == digits, digits.contains("5") {
                    let eng = number(zones.read(zone: zone, kind: .digits))
                    if DigitEvidence.debug { FileHandle.standardError.write(Data("address-five\t\(key)\t\(digits)\teng=\(eng)\n".utf8)) }
                    if DigitEvidence.fiveReadForThree(digits, eng) {
                        candidates[key]?.doubt = "another reading sees a 3 where the page reads 5, and this page's reading took 3s for 5s elsewhere"
                        break
                    }
                }
                if other.count == digits.count, other != digits {
                    // Outvoted as on the critical numbers (`DigitEvidence.ModelVote.otherOutvoted`): `eng`
                    // on the binarised zone and the third model both read the page's number.
                    // The third model reads only when `eng` sides with the page (and for the debug line).
                    let eng = number(zones.read(zone: zone, kind: .digits))
                    var thirdReading: String?
                    func third() -> String {
                        if let thirdReading { return thirdReading }
                        // Nothing read of a short number at the page's scale (seed 2573: "159", "53" on
                        // two scans and a clean page) is the zone's size, no opinion: read at twice the scale.
                        // So is a reading with another count of digits (seed 2745 p015, a clean consent in a
                        // monospaced face: "0" read of "д. 30", where `eng` read 30 and the other model 50):
                        // the larger reading then stands in its place when it reads anything.
                        var t = number(zones.thirdModelDigits(zone: zone))
                        if t.count != digits.count {
                            let larger = number(zones.thirdModelDigitsLarger(zone: zone))
                            if DigitEvidence.debug {
                                FileHandle.standardError.write(Data("address-number-third\t\(key)\t\(digits)\tthird=\(t)\tlarger=\(larger)\n".utf8))
                            }
                            if !larger.isEmpty || t.isEmpty { t = larger }
                        }
                        thirdReading = t
                        return t
                    }
                    if DigitEvidence.debug {
                        FileHandle.standardError.write(Data("address-number\t\(key)\t\(digits)\tother=\(other)\teng=\(eng)\tthird=\(third())\n".utf8))
                    }
                    if eng == digits, third() == digits { continue }
                    // The three other readings (two models, three preparations) agree on another number
                    // against the page's (seed 2573 p013, clean: "д. 197" read for "д. 107" on both forms,
                    // 107 by every other reading): settled as the critical numbers are, when the number
                    // stands once in the value. (A lone digit's readings are flaky: it stays a doubt.)
                    if digits.count >= 2, eng == other, third() == other, let settled = Self.replacingNumber(printed, with: other, in: candidates[key]?.value ?? "") {
                        candidates[key]?.value = settled
                        candidates[key]?.rule += "; a number settled by the three other readings against the page's \"\(digits)\""
                        continue
                    }
                    // A lone digit's zone is small, and the models' readings of one glyph are flaky (seed
                    // 2557 p008, clean: the 7 of "д. 7" read 3 by the other model, nothing by the third):
                    // it is doubted only when `eng` on the binarised zone reads the other digit too.
                    if digits.count == 1, eng == digits { continue }
                    // Two readings for the page's number and two for the same other one: the page's print
                    // showing the page's digits does not settle that split, it shows only what the page's
                    // reading saw (sig2643 p011, clean, first contact: "д. 65" for 63 on both prints of
                    // the consent, `eng` on the binarised zone and the other model reading 63, the third
                    // model 65, the print "shown" 65; the application's 63 then lost to the consent's two
                    // prints and the packet was accepted with 65). A print showing the other digits still
                    // settles it.
                    let split = eng == other || third() == other
                    let printConfirmsPage = split && pagePrint?.printedDigits(of: t) == digits
                    if !printConfirmsPage, settledByPrint() { continue }
                    candidates[key]?.doubt = "another model reads a number in the address otherwise"
                    if eng == other { let v = candidates[key]?.value ?? ""; candidates[key]?.numberAlternative = Self.replacingNumber(printed, with: other, in: v) }
                    break
                }
                if let pagePrint, Self.stemsDisagree(word: word, token: t, pagePrint: pagePrint) {
                    candidates[key]?.doubt = "the print of a digit in the address shows a 3 read as 5 (or a 5 read as 3)"
                    break
                }
            }
        }
    }

    /// Whether the page's reading is seen to take a flat-topped 3 for a 5: a number, date, phone or
    /// passport field whose every other reading (`eng` twice, the third model) agrees on a value
    /// that differs from the page's only in 3s where the page read 5s (`DigitEvidence.fiveReadForThree`).
    static func readsFivesForThrees(_ candidates: [String: Candidate]) -> Bool {
        candidates.values.contains { c in
            guard DigitEvidence.digitKinds.contains(c.kind), let value = c.value, let other = c.otherModel,
                  c.rereads.first == other, c.thirdModel == other else { return false }
            return DigitEvidence.fiveReadForThree(value, other)
        }
    }

    /// Whether the print's stems (`StemEvidence`) show a 3 or 5 of the word as the other digit.
    static func stemsDisagree(word: OCRWord, token: Int, pagePrint: PagePrint) -> Bool {
        guard word.text.contains(where: { $0 == "3" || $0 == "5" }), let glyphs = pagePrint.glyphs(word) else { return false }
        let refs = pagePrint.references(excluding: token)
        for (ch, g) in zip(word.text, glyphs) where ch == "3" || ch == "5" {
            if let shown = StemEvidence.shows(g, fives: refs["5"] ?? [], threes: refs["3"] ?? []), shown != ch {
                if DigitEvidence.debug { FileHandle.standardError.write(Data("address-stems\t\(word.text)\t\(ch)>\(shown)\n".utf8)) }
                return true
            }
        }
        return false
    }
}
