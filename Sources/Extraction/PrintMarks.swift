import Foundation
import IntakeModel

/// Print marks measured on the page image: the dots of ё, the signing date and the signature.
extension Extractor {
    /// Looks for the dots of ё above the lower-case letters of each word of the value that could
    /// be spelt with ё. Cyrillic lower case has no ascenders but б (and the breve of й), so ink
    /// between the top of the capital and the top of the x-height is a diaeresis.
    func diaeresisAbsent(_ c: Candidate, stream: PageStream, zones: ZoneReader) -> Bool? {
        let words = c.tokens.map { stream.tokens[$0].word }.filter { Lexicon.shared.yoCandidateWord($0.text, inText: c.kind != .name) }
        guard !words.isEmpty else { return nil }
        for w in words {
            guard let above = Self.inkAboveLowerCase(w, zones: zones, allowing: "") else { return nil }
            if above > 0.012 { return false }
            if above > 0.004 { return nil }
        }
        return true
    }

    /// The share of ink in the band between the top of the capitals and the top of the x-height,
    /// over a word's letters after its first (nil when the word does not allow the measure: an
    /// ascender letter, a capital, a box too small, no x-height found). `allowing`: letters with
    /// a mark above that may be present (й for `printMarksSurvive`).
    static func inkAboveLowerCase(_ w: OCRWord, zones: ZoneReader, allowing: String) -> Double? {
        let text = w.text.trimmingCharacters(in: CharacterSet.letters.inverted)
        guard text.count >= 3, !text.dropFirst().contains(where: { ("бйфБЙФ".contains($0) && !allowing.contains($0)) || !$0.isLowercase }) else { return nil }
        let b = w.box
        let letter = max(4, b.width / max(1, w.text.count))
        let x0 = b.x + letter * 13 / 10, width = b.maxX - x0
        guard width > letter, b.height >= 12 else { return nil }
        let top = b.y - b.height / 3
        // On the grey page with a tolerant threshold: faint, small dots survive there.
        let rows = (top..<b.maxY).map { y in zones.greyInk(zone: Box(x: x0, y: y, width: width, height: 1), threshold: 190) }
        guard let peak = rows.max(), peak > 0.2 else { return nil }
        guard let xTop = rows.firstIndex(where: { $0 >= 0.3 * peak }), xTop >= 4 else { return nil }
        return rows[..<(xTop - 2)].max() ?? 0
    }

    /// Whether this page's scan keeps marks as small as the dots of ё: the breves of й over the
    /// printed words of the form ("Кемеровской", "реестровой") show as ink above their x-height.
    /// A page read with a mean confidence under `ValidationContext.weakPage` (a scan, a font the
    /// model reads less surely) gets its ё check only then (seed 2501: on scans at 0.90-0.91, 11
    /// right surnames spelt without ё were doubted for want of the check). Three such words are
    /// measured, all three must show their breve.
    static func printMarksSurvive(stream: PageStream, zones: ZoneReader) -> Bool {
        var measured = 0
        for t in stream.tokens where t.word.text.contains("й") && t.word.confidence >= 0.9 && !t.word.text.contains("ё") {
            guard let above = inkAboveLowerCase(t.word, zones: zones, allowing: "й") else { continue }
            if above <= 0.012 { return false }
            measured += 1
            if measured == 3 { return true }
        }
        return false
    }

    // MARK: a comma lost between the parts of an address

    /// The words that open a part of an address ("д.", "кв.", "ул.", ...): a comma is printed before them.
    static let addressPartOpeners: Set<String> = ["д", "дом", "кв", "корп", "к", "стр", "ул", "пер", "пр-кт", "пр", "мкр",
                                                  "г", "с", "п", "пгт", "рп", "наб", "ш", "б-р", "пл", "пр-д", "тер", "р-н"]

    /// Whether a mark the reading left out lies between two words of an address where a part
    /// begins with no comma read before it ("ул. Ноградская д. 17": the comma printed in a faint
    /// toner, 200-215 grey on 255 paper, so binarisation took it away; seed 2573 p026, a scan,
    /// accepted on both forms). The gap is looked at on the grey page against the row's own paper
    /// level, as the dots of ё are: a mark there, at the baseline, as tall as it is wide or taller,
    /// not touching the words, is print that did not read. A gap of white paper says nothing.
    static func unreadMarkBeforeAddressPart(_ words: [OCRWord], zones: ZoneReader) -> Bool {
        for (a, b) in zip(words, words.dropFirst()) {
            guard let last = a.text.last, last.isLetter || last.isNumber,
                  addressPartOpeners.contains(markText(b)) else { continue }
            let h = min(a.box.height, b.box.height)
            guard h >= 12, abs(a.box.midY - b.box.midY) < h / 2 else { continue }
            let x0 = a.box.maxX + 3, x1 = b.box.x - 3
            guard x1 - x0 >= 4 else { continue }
            let top = min(a.box.y, b.box.y), bottom = max(a.box.maxY, b.box.maxY) + h / 4
            let row = Box(x: a.box.x, y: top, width: b.box.maxX - a.box.x, height: bottom - top)
            guard let paper = SignatureEvidence.paperLevel(row, zones),
                  let blobs = zones.inkBlobs(zone: Box(x: x0, y: top, width: x1 - x0, height: bottom - top),
                                             threshold: paper - SignatureEvidence.faintDelta) else { continue }
            let middle = top + (bottom - top) / 2
            if blobs.contains(where: { m in
                m.pixels >= 6 && m.box.height >= 4 && m.box.height >= m.box.width && m.box.midY >= middle
                    && m.box.x > x0 && m.box.maxX < x1
            }) { return true }
        }
        return false
    }

    // MARK: signing date and signature

    /// The date on the signature line, when read. With `zones`, the word holding its year is read
    /// once more by the other model (`eng`, digits only, twice the scale), which fails differently
    /// from the page's Russian reading: when the two give other digits of the same count (seed 1601:
    /// "2075" for "2025" on three consents), the date counts as not read. A date in the future, a
    /// child's age and a passport issued after signing then rest on no single misreadable reading;
    /// a date two readings agree on, or that the other model cannot read, stands as before.
    func signingDate(_ stream: PageStream, template: FormTemplate, zones: ZoneReader? = nil, source: String = "") -> SimpleDate? {
        guard let anchorText = template.signatureAnchor?.first, let m = stream.find(anchorText) else { return nil }
        let rest = String(stream.raw[stream.rawIndex(afterKey: m.end)...])
        guard let date = Self.firstDate(in: rest) else { return nil }
        // The words after the anchor's last token (the rest of that token holds no date).
        guard let zones, let last = stream.tokens(inRaw: stream.rawIndex(ofKey: m.start), stream.rawIndex(afterKey: m.end)).last,
              let (again, words) = Self.firstDateWords(stream.tokens[(last + 1)...].map(\.word.text)), again == date else {
            return date
        }
        let after = Array(stream.tokens[(last + 1)...])
        guard let at = words.reversed().first(where: { after[$0].word.text.filter(\.isNumber).count >= 4 }) else { return date }
        let year = after[at].word
        let pad = max(6, year.box.height / 3)
        let zone = Box(x: year.box.x - pad, y: year.box.y - pad, width: year.box.width + 2 * pad, height: year.box.height + 2 * pad)
        let other = zones.otherModelDigits(zone: zone).flatMap(\.words).map(\.text).joined()
        let agrees = Self.signingReadingsAgree(printed: year.text, other: other)
        func thirdReading() -> String { zones.thirdModelDigits(zone: zone).flatMap(\.words).map(\.text).joined() }
        /// The date with the year word read as `reading`.
        func dated(_ reading: String) -> SimpleDate? {
            var texts = after.map(\.word.text)
            texts[at] = reading
            return Self.firstDateWords(texts)?.date
        }
        // A date after today that the other model did not read at all is rather a misread year ("2092"
        // for "2025", seed 2509) than a consent dated ahead: the third model's reading of the year
        // word is taken when it gives a date not after today, else the date is unread (the child's
        // age is then judged against today, not against 2092). Both models reading the future year
        // alike keep it, and its issue.
        if today < date, agrees == nil {
            let third = thirdReading()
            guard third.filter(\.isNumber).count == 4, let d = dated(third), !(today < d) else { return nil }
            return d
        }
        guard agrees == false else { return date }
        // Two models disagree ("2075" against "2025": the Russian model reads a 2 as 7): the third
        // model decides. Siding with the page, the page's date stands; with the other model, that
        // model's reading of the word is the date; a third value leaves the date unread.
        let third = thirdReading()
        if DigitEvidence.debug {
            FileHandle.standardError.write(Data("signing\t\(source)\t\(year.text)\tother=\(other)\tthird=\(third)\n".utf8))
        }
        if Self.signingReadingsAgree(printed: year.text, other: third) == true { return date }
        guard Self.signingReadingsAgree(printed: other, other: third) == true else { return nil }
        return dated(other)
    }

    /// Whether the other model's reading of the signing date's year word agrees with the page's:
    /// nil (no evidence) when it gives another count of digits, a reading that failed rather than
    /// disagreed.
    static func signingReadingsAgree(printed: String, other: String) -> Bool? {
        let a = printed.filter { $0.isASCII && $0.isNumber }, b = other.filter { $0.isASCII && $0.isNumber }
        guard !b.isEmpty, a.count == b.count else { return nil }
        return a == b
    }

    /// A word with the shape of a short date, "dd.mm.yyyy" (or with commas), whatever its digits; its
    /// first digit may be read as a bracket or a bar, a 0's left half (seed 2603 p008, a scan consent
    /// read on its grey image: "(4.01.2026" for 04.01.2026, so no signing row was found and the
    /// signed packet went to a person).
    static func dateShaped(_ text: String) -> Bool {
        text.range(of: #"^[\d(\[{|]\d[.,]\d{2}[.,]\d{4}$"#, options: .regularExpression) != nil
    }

    /// Marks a day in quotes may be read to open with: the forms print «, a scan's reading may give „ or
    /// another quote (s2729 p005, a scan, first contact: "„13» марта 2025 г."; no date, so no signing row was
    /// found and the signed application's verdict was left to a person).
    static let openingQuotes: Set<Character> = ["«", "„", "“", "”", "\""]

    static func firstDate(in text: String) -> SimpleDate? {
        firstDateWords(text.split(separator: " ").map(String.init))?.date
    }

    /// The first date among `words` (read from up to four words: "«12» мая 2025 г."), with the
    /// indices of the fewest words that give it.
    static func firstDateWords(_ words: [String]) -> (date: SimpleDate, words: Range<Int>)? {
        func date(_ w: ArraySlice<String>) -> SimpleDate? {
            let window = w.joined(separator: " ")
            guard window.first.map({ $0.isNumber || openingQuotes.contains($0) }) == true,
                  let n = Normalizer.date(window), n.wellFormed else { return nil }
            return SimpleDate(iso: n.value)
        }
        for i in words.indices {
            guard let d = date(words[i..<min(words.count, i + 4)]) else { continue }
            let k = (1...min(4, words.count - i)).first { date(words[i..<(i + $0)]) == d } ?? min(4, words.count - i)
            return (d, i..<(i + k))
        }
        return nil
    }

    /// Where the signature goes on the signing row: after the date (its own words only: a short
    /// "12.05.2025" is one word, a long "«12» мая 2025 г." four) and before the signer's name (the
    /// last capitalised word of three letters or more, with the initials after it).
    /// Nil when the row holds no date.
    static func signaturePlace(_ words: [OCRWord]) -> (dateEnd: Int, nameStart: Int)? {
        signaturePlaceFound(words).map { ($0.dateEnd, $0.nameStart) }
    }

    /// How far the place runs when no word after the date was read as the signer's name: a guess.
    static let guessedPlaceLength = 600

    /// `signaturePlace`, and whether its end was guessed (no word after the date read as print, so no
    /// name to end it: `guessedPlaceLength` after the date).
    static func signaturePlaceFound(_ words: [OCRWord]) -> (dateEnd: Int, nameStart: Int, guessed: Bool)? {
        var dateWords = 0
        for k in 1...min(4, words.count) where Extractor.dateIn(words.prefix(k).map(\.text).joined(separator: " ")) {
            dateWords = k
            break
        }
        if dateWords == 0, let first = words.first, dateShaped(first.text) {
            // A date with a misread digit ("96.11.2025" for 06.11.2025; seed 2565 p017, a signed clean
            // consent reported unsigned) still opens the signing row: its shape says where it ends.
            dateWords = 1
        }
        if dateWords == 0, let quote = words.firstIndex(where: { $0.text.contains("«") || $0.text.first.map(openingQuotes.contains) == true }) {
            // The day in quotes was read, the rest of the date was not: up to the year, else three words.
            dateWords = min(words.count, quote + 3)
        }
        guard dateWords > 0 else { return nil }
        // The year's "г." belongs to the date, also misread as another sign with its dot ("№.", "r."), right
        // after the year (sig2651 p003, a poor application signed with a tick: "1026 №." for "2026 г.";
        // the sure "№." was taken for the signer's name and the place shrank to nothing).
        if dateWords < words.count, Self.yearMark(words[dateWords], after: words[dateWords - 1]) { dateWords += 1 }
        let dateEnd = words.prefix(dateWords).map(\.box.maxX).max() ?? 0
        // A scribble read as a word (far taller than the row's print, or hardly sure) is neither the
        // name nor its end: the place runs past it.
        let dateLine = Self.onDateLine(words)
        let rowHeight = Self.printHeight(dateLine)
        // Nor is a mark read as a word: fewer than two letters or digits ("|.", "__"), or far lower than
        // the print (a dotted line read "ца", 7 pixels tall). The place neither ends at one nor lets one
        // stand for a word read as print (sig2643 p018, a poor consent left unsigned: "|." 0.36 sure
        // right of the signer's "ИД. Серная", so the place ran to it over the name, whose ink was
        // taken for a pen).
        // A name read surely whose box runs down into the line under it (a poor print merges them:
        // sig2647 p002, "Тошматов" 0.89 sure, 56 pixels for the row's 34, so no name was found, the place
        // was guessed 600 pixels long and ended before the signer's tick) is print: a capital, small
        // letters, its top level with the row's print, at most twice its height.
        let rowTop = dateLine.first(where: { $0.text.contains(where: \.isNumber) })?.box.y
        func sureName(_ w: OCRWord) -> Bool {
            guard let rowTop, w.confidence >= 0.8, Self.nameShaped(w.text) else { return false }
            return abs(w.box.y - rowTop) <= rowHeight / 2 && w.box.height <= rowHeight * 2
        }
        let after = Array(words.dropFirst(dateWords))
        let rest = after.filter { w in
            (w.box.height <= rowHeight * 3 / 2 || sureName(w)) && w.confidence >= 0.3 && w.box.height * 2 >= rowHeight
                && w.text.filter { $0.isLetter || $0.isNumber }.count >= 2
        }
        // With nothing after the date read with some sureness, a surname read hardly sure still stands as
        // print when it looks so and its initials stand right beside it: four letters or more, a capital
        // and small letters, the height of the row's print (seed 2601 p018: "Кузьменко ТН" read 0.00 sure
        // after a scribble on the line; with no name the place was guessed 600 pixels long and ended
        // before the pen). A scribble read as a word has no initials beside it (seed 2105: "Жпрв" 0.12
        // sure, far from "А.Б."). Where a word was read surely (initials before an unsure surname: seed
        // 2589 p016, "Д.С." then "Усманова"), the place ends at it, as before.
        let name = rest.last { w in
            let letters = w.text.filter(\.isLetter)
            return letters.count >= 3 && w.text.first?.isUppercase == true
        } ?? (!rest.isEmpty ? nil : after.indices.last { i in
            let w = after[i]
            guard Self.nameShaped(w.text), abs(w.box.height - rowHeight) <= rowHeight / 4 else { return false }
            func initials(_ v: OCRWord) -> Bool {
                isInitials(v.text) || ((1...2).contains(v.text.count) && v.text.allSatisfy { $0.isLetter && $0.isUppercase })
            }
            return (i + 1 < after.count && initials(after[i + 1]) && after[i + 1].box.x - w.box.maxX < 2 * rowHeight)
                || (i > 0 && initials(after[i - 1]) && w.box.x - after[i - 1].box.maxX < 2 * rowHeight)
        }.map { after[$0] })
        let guessed = name == nil && rest.isEmpty
        var nameStart = name?.box.x ?? rest.last?.box.x ?? (dateEnd + Self.guessedPlaceLength)
        // Initials printed before the surname ("М.Ж. Рахимова") belong to the name, not to the place;
        // read hardly sure, they still do when they stand on the name's line at its height (seed 2553
        // p005: "Л.Н." 0.28 sure on a bilevel scan, taken for a pen on a consent left unsigned).
        if let name {
            // Only words on the name's line: a caption under the line that the reading put on the row
            // ("(расшифровка" between "Д.Н." and "Хайруллина", seed 2623 p025) does not stand between them.
            let alongside = after.filter { w in
                w == name || (rest.contains(w) && w.box.y < name.box.midY && w.box.maxY > name.box.midY)
                    || bareInitials(w, of: name) || (isInitials(w.text) && initialsBeside(w, name))
                    || (misreadInitials(w, of: name) && onNameLine(w, name))
            }
            if let at = alongside.firstIndex(of: name) {
                var i = at
                while i > alongside.startIndex,
                      isInitials(alongside[i - 1].text) || bareInitials(alongside[i - 1], of: name) || misreadInitials(alongside[i - 1], of: name),
                      nameStart - alongside[i - 1].box.maxX < 2 * name.box.height {
                    i -= 1
                    nameStart = alongside[i].box.x
                }
            }
        }
        // Initials printed after the surname ("Сейткалиев Т.К.") with no name found (its capital misread:
        // "(ейткалиев", seed 2509): the word right before them, of the row's height, is the surname.
        // The surname may be read hardly sure (its letters damaged: "ПЪ5лищук" 0.02 sure for Полищук on a
        // bilevel scan, seed 2649 p025, first contact: the place ran over it, its ink was taken for a pen and
        // a consent whose faint pen the scan lost was activated): the word right before the initials still
        // is, when it stands at the row's height and is mostly letters.
        // Initials may be read as digits that look like their capitals ("3.8." for З.Е., sig2679 p023, a poor
        // unsigned page, first contact: the surname "ЮКозлова" read 0.15 sure and 42 pixels tall for the
        // date's 33, so the place ran over it and its ink was taken for a pen); the surname beside them is
        // printed at their height.
        if name == nil, let last = rest.last, isInitials(last.text) || Self.initialsReadAsDigits(last.text),
           let at = after.firstIndex(of: last), at > after.startIndex {
            let surname = after[at - 1]
            let letters = surname.text.filter(\.isLetter).count
            if letters >= 3, letters * 5 >= surname.text.count * 3, last.box.x - surname.box.maxX < 2 * rowHeight,
               rest.contains(surname) || abs(surname.box.height - rowHeight) <= rowHeight / 4
                || abs(surname.box.height - last.box.height) <= last.box.height / 4 {
                nameStart = surname.box.x
            }
        }
        return (dateEnd, max(nameStart, dateEnd + 1), guessed)
    }

    /// Where the place ends when its end was guessed (no signer's name read: sig2675 p013, a poor phone
    /// photo of an application signed with initials. The name read "шо" 0.16 sure, the pen "№", so the
    /// place was guessed 600 pixels long and ended 40 pixels before the pen, which was reported missing):
    /// at the end of the signing line, the first form line on the row after the date that ends past the
    /// guess and begins before ten line heights past it (a pen across the line breaks it: p013's line was
    /// found from 265 pixels past the guess on). The line is where one signs. Not over a word of the print's height and two
    /// letters or more that begins on the line past the guess, however unsure (the signer's name printed
    /// on the line, unread): the place then ends before it. Nil when no such line was found.
    static func signingLineEnd(_ rules: [Box], words: [OCRWord], zone: Box, rowTop: Int, lineHeight h: Int) -> Int? {
        guard let line = rules.filter({ r in
            r.width >= 3 * h && r.height <= max(4, h / 3) && r.y >= rowTop - h / 2 && r.y <= rowTop + 2 * h
                && r.x >= zone.x - h && r.x < zone.maxX + 10 * h && r.maxX > zone.maxX
        }).min(by: { $0.x < $1.x }) else { return nil }
        let print = words.filter { w in
            w.box.x >= zone.maxX && w.box.x < line.maxX && w.box.height <= h * 3 / 2 && w.box.height * 2 >= h
                && w.text.filter { $0.isLetter || $0.isNumber }.count >= 2
        }.map(\.box.x).min()
        let end = min(line.maxX, (print ?? Int.max) - h)
        return end > zone.maxX ? end : nil
    }

    /// The year's "г." after a date's last word, or a sign read for it with its dot ("№.", "r.") right
    /// after that word (within two of its heights).
    static func yearMark(_ w: OCRWord, after last: OCRWord) -> Bool {
        if ["г", "г."].contains(w.text) { return true }
        return w.text.count == 2 && w.text.last == "." && !(w.text.first?.isNumber ?? true)
            && w.box.x - last.box.maxX < 2 * max(1, last.box.height)
    }

    /// A word shaped as a printed surname: four letters or more and nothing else, a capital, then small letters.
    static func nameShaped(_ text: String) -> Bool {
        let letters = text.filter(\.isLetter)
        return letters.count >= 4 && letters.count == text.count && text.first?.isUppercase == true
            && letters.dropFirst().allSatisfy(\.isLowercase)
    }

    /// The median height of a row's words that hold two letters or digits or more: marks read as
    /// words ("." and "__" 3 px tall, a pen's shards) would drag it down until the signer's printed
    /// name stood out as a scribble (seed 2521 p015: "Смирнова" 45 px over a median of 29, so the name
    /// was not found, its ink was taken for a pen and an empty line for signed). All words when none
    /// qualifies.
    static func printHeight(_ words: [OCRWord]) -> Int {
        let worded = words.filter { $0.text.filter { $0.isLetter || $0.isNumber }.count >= 2 }
        let heights = (worded.isEmpty ? words : worded).map(\.box.height).sorted()
        return heights.isEmpty ? 0 : heights[heights.count / 2]
    }

    /// Initials whose dots were lost ("ОД" read for "О.Д.", 0.92 sure; seed 2573 p029, an unsigned
    /// scan reported signed: the place ran over them and their ink was taken for a pen): one or two
    /// capitals alone, read sure, standing on the name's line at its height. A pen's loops read as
    /// capitals are unsure or taller than the print (`readAsPrint`).
    static func bareInitials(_ w: OCRWord, of name: OCRWord) -> Bool {
        (1...2).contains(w.text.count) && w.text.allSatisfy({ $0.isLetter && $0.isUppercase }) && w.confidence >= 0.7
            && onNameLine(w, name)
    }

    /// Initials with one letter read as a digit ("Л.8." for Л.В., 0.83 sure; seed 2623 p008, a stamp alone
    /// reported signed: the place ran over them and their ink was taken for a pen): a capital, a dot,
    /// a capital or a digit, perhaps a dot, read with some sureness on the name's line at its height.
    ///
    /// The first may be read as a sign instead ("№.А." for В.А., 0.73 sure; seed 2637 p018, a poor empty
    /// consent reported signed: the place ran over them). The shape (one character, a dot, one more, a
    /// dot) with a capital in it, on the name's line at its height and right before it, is initials.
    static func misreadInitials(_ w: OCRWord, of name: OCRWord) -> Bool {
        let c = Array(w.text)
        func capital(_ x: Character) -> Bool { x.isLetter && x.isUppercase }
        guard (3...4).contains(c.count), c[1] == ".", c[0] != ".", capital(c[0]) || capital(c[2]),
              capital(c[0]) || c[0].isSymbol || c[0].isPunctuation, capital(c[2]) || c[2].isNumber,
              c.count == 3 || c[3] == "." else { return false }
        return w.confidence >= 0.5 && onNameLine(w, name)
    }

    /// The words of a signing row that stand on the date's line: the captions under the line ("(подпись)",
    /// "(расшифровка подписи)") that the reading put on the row are smaller print, and lowered the row's
    /// height until the signer's surname stood out as a scribble (seed 2617 p010: 26 pixels measured for
    /// 37-pixel print; the place ran over the surname and an unsigned consent was activated). The
    /// date's first word is the line's reference; all words when the row has none with a digit.
    static func onDateLine(_ words: [OCRWord]) -> [OCRWord] {
        guard let date = words.first(where: { $0.text.contains(where: \.isNumber) && $0.confidence >= 0.5 }) else { return words }
        let on = words.filter { $0.box.midY >= date.box.y && $0.box.midY <= date.box.maxY }
        return on.isEmpty ? words : on
    }

    /// A word standing on the signer's name's line at its height (top and height within a quarter of it).
    static func onNameLine(_ w: OCRWord, _ name: OCRWord) -> Bool {
        let h = name.box.height
        return abs(w.box.y - name.box.y) <= h / 4 && abs(w.box.height - h) <= h / 4
    }

    /// Initials read as such standing beside the signer's name: their top within a quarter of the
    /// name's height of its top, their height within half of it (a dotted line under the initials read
    /// into their box: sig2643 p030, a poor application left unsigned, "А.О." 44 pixels tall beside
    /// "Воков" 33, left inside the place and their ink taken for a pen).
    static func initialsBeside(_ w: OCRWord, _ name: OCRWord) -> Bool {
        let h = name.box.height
        return abs(w.box.y - name.box.y) <= h / 4 && abs(w.box.height - h) <= h / 2
    }

    /// Two initials read as the digits their capitals look like ("3.8." for З.В. or З.Е., "0.4." for О.Ч.):
    /// a character, a dot, a character, a dot, each a capital or one of 0 3 4 6 8.
    static func initialsReadAsDigits(_ text: String) -> Bool {
        let c = Array(text)
        func initial(_ x: Character) -> Bool { (x.isLetter && x.isUppercase) || "03468".contains(x) }
        return c.count == 4 && c[1] == "." && c[3] == "." && initial(c[0]) && initial(c[2])
    }

    /// "М.Ж.", "М." or "М.Ж": one or two capitals, each but perhaps the last followed by a dot.
    static func isInitials(_ text: String) -> Bool {
        let letters = text.filter(\.isLetter)
        guard (1...2).contains(letters.count), letters.allSatisfy(\.isUppercase), text.contains(".") else { return false }
        return text.allSatisfy { $0.isLetter || $0 == "." || $0 == " " }
    }

    /// The lowest bottom of the printed words above the signing row over the place's width (nil: none
    /// within reach): the place must not reach into the line above. A word counts as printed when
    /// it is read with confidence, as letters, no taller than the row's text (a scribble read as a
    /// word is none of these).
    static func printedBottomAbove(_ words: [OCRWord], rowTop: Int, from x0: Int, to x1: Int, lineHeight h: Int) -> Int? {
        words.filter { w in
            w.box.maxY <= rowTop - h / 2 && w.box.maxY >= rowTop - 3 * h && w.box.maxX > x0 && w.box.x < x1
                && w.confidence >= 0.6 && w.box.height <= h * 3 / 2 && w.text.filter(\.isLetter).count >= 2
        }.map(\.box.maxY).max()
    }

    static func dateIn(_ text: String) -> Bool { firstDate(in: text) != nil }

    /// A word read as print: sure, letters (three or more, or initials), no taller than the row's text.
    /// A scribble read as a word is unsure, or tall, or no letters. Printed initials are capitals and a
    /// dot, no taller than the row's words (which reach below the line); a pen's loops read "МА." 0.91
    /// sure were 1.4 times that height (seed 2513 p015).
    static func readAsPrint(_ w: OCRWord, lineHeight h: Int) -> Bool {
        guard w.confidence >= 0.7, w.box.height <= h * 3 / 2 else { return false }
        if w.text.filter(\.isLetter).count >= 3 { return true }
        return isInitials(w.text) && w.box.height <= h * 6 / 5
    }

    /// A word of two to four capitals standing on the signing line, over it: a signer's initials written
    /// in block letters and read as a word ("КАМ": seed 2657 p015, a clean consent, first contact; 2653
    /// likewise; each reported unsigned). The forms print nothing over the signing line: the caption
    /// stands under it and the name beside it, so print in the place is lower-case or sits under the
    /// line. "МП" and "ФИО", printed marks of some forms, stay print. Nil line: nothing tells.
    static func initialsOnTheLine(_ w: OCRWord, line: Box?, lineHeight h: Int) -> Bool {
        guard let line, w.box.midX >= line.x, w.box.midX <= line.maxX, w.box.maxY <= line.y + h / 4, w.box.maxY >= line.y - h / 2 else { return false }
        let letters = w.text.filter(\.isLetter)
        guard (2...4).contains(letters.count), letters.allSatisfy(\.isUppercase),
              w.text.allSatisfy({ $0.isLetter || $0 == "." || $0 == " " }) else { return false }
        return !["МП", "ФИО"].contains(String(letters))
    }

    /// The signing row: the first row after the signature anchor's paragraph (or, without an anchor,
    /// among the lowest rows) that holds a date and a place to sign; its words left to right, with
    /// the place's ends, and whether the row was found after the anchor (false: among the lowest rows, a guess).
    /// `source` names the page in PFDO_DEBUG_SIGNATURE's lines (no value).
    func signingRow(_ stream: PageStream, template: FormTemplate, source: String = "")
        -> (words: [OCRWord], dateEnd: Int, nameStart: Int, guessed: Bool, anchored: Bool)? {
        guard let anchors = template.signatureAnchor, !anchors.isEmpty else { return nil }
        func top(_ row: [OCRWord]) -> Int { row.map(\.box.y).min() ?? 0 }
        /// Rows top down, rows at one height in the order given.
        func topDown(_ rows: [[OCRWord]]) -> [[OCRWord]] {
            rows.enumerated().sorted { (top($0.element), $0.offset) < (top($1.element), $1.offset) }.map(\.element)
        }
        // In the rows' order on the page, so that rows at one height are taken in the same order in every run (a
        // dictionary's walk is seeded anew in each process: s2693 p002, a poor consent, was "signed" in two runs
        // of six and undecided in four, its lowest rows tried in another order).
        let pageRows = Dictionary(grouping: stream.tokens, by: \.row).sorted { $0.key < $1.key }.map { $0.value.map(\.word) }
        var rows: [[OCRWord]] = [], below: [[OCRWord]] = [], anchored = false
        // The anchor: the first of the template's phrases that was read.
        if let m = anchors.lazy.compactMap({ stream.find($0) }).first,
           let lastToken = stream.tokens(inRaw: stream.rawIndex(ofKey: m.start), stream.rawIndex(afterKey: m.end)).last {
            // The signature line is the first row after the anchor's paragraph holding a date.
            let after = stream.tokens[(lastToken + 1)...]
            rows = Array(Dictionary(grouping: after, by: \.row).sorted { $0.key < $1.key }.map { $0.value.map(\.word) }
                .filter(Self.holdsPrint).prefix(6))
            // When the reading order put the signing row elsewhere, the rows below the anchor on the page, top down.
            let anchorBottom = stream.tokens[lastToken].word.box.maxY
            anchored = true
            below = Array(topDown(pageRows.filter { top($0) > anchorBottom && Self.holdsPrint($0) }).prefix(6))
        } else {
            // No anchor read (a poor scan): the signing row is the page's last row holding a date, so
            // the lowest rows are tried, bottom up.
            if SignatureEvidence.debug { FileHandle.standardError.write(Data("signature: \(source) anchor not found, lowest rows tried\n".utf8)) }
            below = Array(topDown(pageRows).reversed().prefix(6))
        }
        let pageWords = stream.tokens.map(\.word)
        // The page's print height: a row whose own is less than half of it holds marks read as words, not
        // the signing row's print (seed 2623 p009, a poor page whose anchor was not read: a row at the page's
        // foot 4-12 pixels tall, its specks judged as a signature).
        let pagePrint = Self.printHeight(pageWords.filter(Self.isPrintWord))
        for row in rows + below {
            var words = row.sorted { $0.box.x < $1.box.x }
            guard Self.firstDate(in: words.map(\.text).joined(separator: " ")) != nil || words.contains(where: { $0.text.contains("«") })
                    || words.contains(where: { Self.dateShaped($0.text) }) else { continue }
            // Words of the page on the row's height that the reading put on another row (a stamp over
            // the line split it: seed 2523 p017 read the date on one row, the signer's name on the next).
            let printed = words.filter(Self.isPrintWord)
            if !printed.isEmpty {
                let tops = printed.map(\.box.y).sorted(), bottoms = printed.map(\.box.maxY).sorted()
                let (lo, hi) = (tops[tops.count / 2], bottoms[bottoms.count / 2])
                let ids = Set(words.map(\.box))
                words += pageWords.filter { $0.box.midY >= lo && $0.box.midY <= hi && !ids.contains($0.box) }
                words.sort { $0.box.x < $1.box.x }
            }
            guard let (dateEnd, nameStart, guessed) = Self.signaturePlaceFound(words) else { continue }
            if 2 * Self.printHeight(Self.onDateLine(words)) < pagePrint {
                if SignatureEvidence.debug { FileHandle.standardError.write(Data("signature: \(source) a row of marks, not print, passed over\n".utf8)) }
                continue
            }
            return (words, dateEnd, nameStart, guessed, anchored)
        }
        if SignatureEvidence.debug {
            FileHandle.standardError.write(Data("signature: \(source) no signing row among \(min(6, rows.count)) rows after the anchor\n".utf8))
        }
        return nil
    }

    /// Whether a row holds print: a word of two letters or digits or more read with some confidence.
    /// A stamp over the signature is read as many rows of marks ("и", "\\", "ии С"), which are not
    /// rows of the form (seed 2523 p017: six of them before the signing row, so it was not looked at).
    static func holdsPrint(_ row: [OCRWord]) -> Bool { row.contains(where: isPrintWord) }

    /// A word of two letters or digits or more, read with some confidence: print, not a mark.
    static func isPrintWord(_ w: OCRWord) -> Bool {
        w.confidence >= 0.5 && w.text.filter { $0.isLetter || $0.isNumber }.count >= 2
    }

    /// The boxes of the signing row's words on a page of the form `template` (for the bands a weak
    /// page is read again in).
    public func signingRowBoxes(_ page: OCRPage, template: FormTemplate) -> [Box] {
        signingRow(PageStream(tokens: PageLayout.readingOrder(page)), template: template)?.words.map(\.box) ?? []
    }

    /// Where the year's "г." stands when the date was read up to its year and the letter was not read:
    /// just after the year, on its print (seed 2607 p017, an unsigned consent: the "г", 0.8 line heights
    /// tall at the place's left edge, taken for a pen). Nil when the date's last word read is no number.
    static func unreadYearMark(_ words: [OCRWord], dateEnd: Int, lineHeight h: Int) -> Box? {
        guard let year = words.last(where: { $0.box.maxX == dateEnd }), year.text.last?.isNumber == true else { return nil }
        return Box(x: dateEnd, y: year.box.y, width: 3 * h / 2, height: year.box.height)
    }

    /// `rules`: the page's form lines, among them the signing line when it was found.
    func signaturePresent(_ stream: PageStream, template: FormTemplate, zones: ZoneReader, rules: [Box] = [], source: String = "") -> Bool? {
        if let (words, dateEnd, nameStart, guessed, anchored) = signingRow(stream, template: template, source: source) {
            // The printed words' height: the median, as a scribble read as a word can be three lines tall.
            let onLine = Self.onDateLine(words)
            let h = words.isEmpty ? 30 : Self.printHeight(onLine)
            // The printed words' top (the median: a scribble read as a word reaches far above the row).
            let tops = onLine.map(\.box.y).sorted()
            let rowTop = tops.isEmpty ? 0 : tops[tops.count / 2]
            var zoneTop = rowTop - 2 * h
            if let above = Self.printedBottomAbove(stream.tokens.map(\.word), rowTop: rowTop, from: dateEnd + h, to: nameStart - h, lineHeight: h) {
                zoneTop = min(max(zoneTop, above + h / 4), rowTop - h)
            }
            // A scribble read as a word inside the place: the place reaches up to its top.
            if let scribbleTop = words.filter({ $0.box.x < nameStart && $0.box.maxX > dateEnd && !Self.readAsPrint($0, lineHeight: h) })
                .map(\.box.y).min() {
                zoneTop = min(zoneTop, scribbleTop)
            }
            var zone = Box(x: dateEnd + h, y: zoneTop, width: max(h, nameStart - dateEnd - 2 * h), height: rowTop + h - zoneTop)
            if guessed, let end = Self.signingLineEnd(rules, words: words, zone: zone, rowTop: rowTop, lineHeight: h) {
                if SignatureEvidence.debug { FileHandle.standardError.write(Data("signature: \(source) guessed place runs to its line's end \(end)\n".utf8)) }
                zone.width = end - zone.x
            }
            // The signing line: a form line mostly inside the place, within the row's height.
            let line = rules.filter { r in
                let overlap = min(r.maxX, zone.maxX) - max(r.x, zone.x)
                return r.width >= 3 * h && r.height <= max(4, h / 3) && r.y >= rowTop - h / 2 && r.y <= rowTop + 2 * h
                    && overlap >= max(3 * h, r.width / 2)
            }.max { min($0.maxX, zone.maxX) - max($0.x, zone.x) < min($1.maxX, zone.maxX) - max($1.x, zone.x) }
            // Words read as print inside the place (the caption under the line, a part of the name) are no mark;
            // capitals standing on the signing line are a signer's initials (`initialsOnTheLine`).
            var printed = stream.tokens.map(\.word).filter {
                $0.box.maxX > zone.x && $0.box.x < zone.maxX && $0.box.maxY > zone.y && $0.box.y < zone.maxY + h
                    && Self.readAsPrint($0, lineHeight: h) && !Self.initialsOnTheLine($0, line: line, lineHeight: h)
            }.map(\.box)
            if let mark = Self.unreadYearMark(words, dateEnd: dateEnd, lineHeight: h) { printed.append(mark) }
            let verdict = SignatureEvidence.signed(zone: zone, lineHeight: h, zones: zones, printed: printed, reachBelow: h / 2,
                                                   lineY: line?.y, source: source)
            // With no anchor read and no signing line found, the place is a guess among the lowest rows: a mark
            // there is not known to be a signature in the signing place (sig2711 p006, a poor unsigned packet,
            // first contact: the faint signing line, come apart into dashes, and the print beside it were taken
            // for a pen on both pages). Missing stays missing; a mark leaves the verdict to a person.
            if verdict == true, !anchored, line == nil {
                if SignatureEvidence.debug { FileHandle.standardError.write(Data("signature: \(source) a mark in a guessed place, no anchor and no line: undecided\n".utf8)) }
                return nil
            }
            return verdict
        }
        return nil
    }
}
