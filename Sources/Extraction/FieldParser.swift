import Foundation
import IntakeModel

/// Cuts a field's value out of the text that follows its label, by kind.
enum FieldParser {
    /// The doubt on an address whose marks were repaired by rule (`Normalizer.repairAddressPunctuation`).
    static let punctuationRepaired = "punctuation looked misread and was repaired"
    static let numberSign: Set<Character> = ["№", "N", "М", "Н", "Ne", "#"].reduce(into: []) { $0.formUnion($1) }

    static func parse(_ spec: FieldSpec, segment: Segment, rule: String, categories: [String]) -> [Candidate] {
        let chars = segment.chars
        switch spec.kind {
        case .number, .registry:
            guard let r = digitRun(chars, maxGroups: spec.kind == .registry ? 3 : 1) else { return [] }
            let n = Normalizer.digits(String(chars[r]), allowed: spec.kind == .registry ? 9...10 : 1...6)
            var c = segment.candidate(key: spec.key, kind: spec.kind, n: n, rawRange: r, rule: rule)
            c.digitsFollow = digitsFollow(chars, after: r.upperBound)
            return [c]
        case .date:
            var lo = 0
            if chars.first(where: { !$0.isWhitespace && $0 != ":" }) == nil { return [] }
            // A letter read for a digit ("О5.05.2016") starts the date only before a digit or a
            // separator: the "о" of "Александрович" before a date whose caption follows it is a letter
            // (seed 2513: the value read "ович 25.05.20").
            func starts(_ i: Int) -> Bool {
                if chars[i] == "«" || (chars[i].isASCII && chars[i].isNumber) { return true }
                guard isDigitish(chars[i]), i + 1 < chars.count else { return false }
                let next = chars[i + 1]
                return (next.isASCII && next.isNumber) || ".,/-".contains(next)
            }
            while lo < chars.count, !starts(lo) { lo += 1; if lo > 40 { return [] } }
            guard lo < chars.count else { return [] }
            let hi = dateEnd(chars, from: lo)
            let n = Normalizer.date(String(chars[lo..<hi]))
            return [segment.candidate(key: spec.key, kind: .date, n: n, rawRange: lo..<hi, rule: rule)]
        case .phone:
            var lo = 0
            while lo < chars.count, !(isDigitish(chars[lo]) || chars[lo] == "+" || chars[lo] == "(") { lo += 1; if lo > 30 { return [] } }
            var hi = lo
            while hi < chars.count, isDigitish(chars[hi]) || chars[hi] == " " || phoneSeparators.contains(chars[hi]) { hi += 1 }
            let n = Normalizer.phone(String(chars[lo..<hi]))
            return [segment.candidate(key: spec.key, kind: .phone, n: n, rawRange: lo..<max(lo, trimEnd(chars, hi)), rule: rule)]
        case .email:
            let (lo, hi) = firstWords(chars, count: 2, stopAtComma: false)
            let n = Normalizer.email(String(chars[lo..<hi]))
            return [segment.candidate(key: spec.key, kind: .email, n: n, rawRange: lo..<hi, rule: rule)]
        case .passport:
            return passport(spec, chars: chars, segment: segment, rule: rule)
        case .fullName:
            return fullName(spec, chars: chars, segment: segment, rule: rule)
        case .address, .text:
            var lo = 0
            if spec.skipDate == true, let r = leadingDate(chars) { lo = r }
            // An address never opens with a written date: one there is the previous field's value
            // read before a caption that follows its own value ("27.12.2017 650072, ..." when the
            // birth date's caption was moved before it and the address's was not).
            if spec.kind == .address, let r = leadingDottedDate(chars) { lo = r }
            while lo < chars.count, !(chars[lo].isLetter || chars[lo].isNumber) { lo += 1 }
            var hi = min(chars.count, lo + 260)
            hi = trimEnd(chars, hi)
            // A closing bracket of the surrounding prose ("(…, проживающего по адресу: …)") is not part of the
            // value, nor the sentence's full stop after it (seed 2541 p009: "кв. 122)." doubted as a flat
            // number of an unusual shape on the consent, the doubt then held on the application too).
            while hi > lo, chars[hi - 1] == ")" || (chars[hi - 1] == "." && hi - 2 > lo && chars[hi - 2] == ")"),
                  !chars[lo..<hi].contains("(") {
                hi = trimEnd(chars, hi - (chars[hi - 1] == "." ? 2 : 1))
            }
            guard lo < hi else { return [] }
            var n = Normalizer.text(String(chars[lo..<hi]))
            var doubt: String?
            if spec.kind == .address, let v = n?.value {
                if !Normalizer.looksLikeAddress(v) { n?.wellFormed = false }
                var v = v
                // The sentence's full stop after the last number ("корп. 2." in the consent's prose, seed
                // 2515) is not the address's: an address never ends with a mark after its number.
                if v.hasSuffix("."), let before = v.dropLast().last, before.isNumber
                    || (before.isLetter && before.isLowercase && v.dropLast(2).last?.isNumber == true) {
                    v.removeLast()
                }
                // "д. 81 в" for 81в: a house's or flat's letter read apart from its number is written
                // joined, as addresses are recorded; the space is the reading's, not a part of the address.
                v = Normalizer.joinNumberLetters(v)
                var fixed = Normalizer.addressLooksPrinted(v) ? v : Normalizer.repairAddressPunctuation(v)
                if fixed != v { doubt = punctuationRepaired }
                let before = fixed
                fixed = Normalizer.repairAbbreviations(fixed)
                if fixed != before { doubt = doubt ?? "abbreviation looked misread and was repaired" }
                let lettered = fixed
                fixed = Normalizer.repairNumberLetters(fixed)
                if fixed != lettered { doubt = doubt ?? "a letter read in a house or flat number was put back as the digit it looks like" }
                n?.value = fixed
            }
            // An office's name ends with a word, not a full stop: one read after a whole word is the
            // sentence's or a speck (seed 2635 p006, a poor consent, first contact: "... по Красноярскому
            // краю." accepted). An abbreviation keeps its dot ("по Кемеровской обл.").
            if spec.key.hasSuffix("issued_by"), let v = n?.value, v.hasSuffix("."),
               let last = v.dropLast().split(separator: " ").last, !last.contains("-"), !last.contains("."),
               last.filter(\.isLetter).count >= 4, last.lowercased() != "респ" {
                n?.value = String(v.dropLast())
            }
            var c = segment.candidate(key: spec.key, kind: spec.kind, n: n, rawRange: lo..<hi, rule: rule)
            c.doubt = doubt
            return [c]
        case .category:
            // The canonical group whose wording occurs best near the start of the value.
            let window = Array(TextNorm.key(String(chars.prefix(220))))
            var best: (name: String, ratio: Double, end: Int) = ("", 1, 0)
            for c in categories {
                let pattern = Array(TextNorm.key(c))
                if let m = Fuzzy.find(pattern, in: window) {
                    let r = Double(m.cost) / Double(pattern.count)
                    if r < best.ratio { best = (c, r, m.end) }
                }
            }
            let similarity = 1 - best.ratio
            var n: Normalized? = similarity >= 0.75 ? Normalized(value: best.name, wellFormed: true, repaired: similarity < 1) : nil
            let text = String(chars)
            if n == nil, !text.trimmingCharacters(in: .whitespaces).isEmpty {
                n = Normalized(value: TextNorm.collapseSpaces(String(text.prefix(120))), wellFormed: false, repaired: false)
            }
            let len = min(chars.count, max(1, best.name.count + 4))
            var c = segment.candidate(key: spec.key, kind: .category, n: n, rawRange: 0..<len, rule: rule)
            c.confidence = min(c.confidence, similarity)
            if n?.wellFormed == true,
               let other = Self.otherCategorysWord(in: Array(window.prefix(best.end + 8)), chosen: best.name, categories: categories) {
                // Seed 2531 p028 (poor): "Дети с здоровья ограниченными воз" (the ОВЗ group's words out
                // of order) matched the common group's wording best and was accepted. A word that only
                // another group's wording has, read in the value, makes the match ambiguous.
                c.confidence = min(c.confidence, 0.5)
                c.rule += "; the reading holds \"\(other)\", a word of another group's wording"
            }
            return [c]
        case .name, .passportSeries, .passportNumber:
            return []
        }
    }

    /// A word (5 letters or more) of another category's wording that the chosen one lacks, found in
    /// the value's reading with at most one letter misread: "ограниченными", "инвалиды", "сироты"...
    static func otherCategorysWord(in window: [Character], chosen: String, categories: [String]) -> String? {
        func words(_ s: String) -> Set<String> {
            Set(s.split(whereSeparator: { !$0.isLetter }).map(String.init).filter { $0.count >= 5 }.map { TextNorm.key($0) })
        }
        let own = words(chosen)
        let text = Fuzzy.codes(window)[...]
        for other in categories where other != chosen {
            for w in words(other).subtracting(own).sorted() {
                if let m = Fuzzy.find(Fuzzy.codes(Array(w)), in: text), m.cost <= 1 { return w.lowercased() }
            }
        }
        return nil
    }

    /// Normalises a reading of a given kind (used for zone re-reads).
    static func normalize(kind: FieldKind, _ text: String) -> Normalized? {
        switch kind {
        case .number: return digitRun(Array(text), maxGroups: 1).flatMap { Normalizer.digits(String(Array(text)[$0]), allowed: 1...6) }
        case .registry: return digitRun(Array(text), maxGroups: 3).flatMap { Normalizer.digits(String(Array(text)[$0]), allowed: 9...10) }
        case .date: return Normalizer.date(text)
        case .phone: return Normalizer.phone(text)
        case .email: return Normalizer.email(text)
        case .passportSeries: return Normalizer.digits(text, allowed: 4...4)
        case .passportNumber: return Normalizer.digits(text, allowed: 6...6)
        default: return Normalizer.text(text)
        }
    }

    static func isDigitish(_ c: Character) -> Bool {
        (c.isASCII && c.isNumber) || TextNorm.digitLookalikes[c] != nil && !"IlisSBgqTТ?".contains(c)
    }

    /// The first run of digits after an optional "№" (or its misreadings), up to `maxGroups`
    /// space-separated groups.
    static func digitRun(_ chars: [Character], maxGroups: Int) -> Range<Int>? {
        var i = 0
        // Skip separators and a number sign; stop at the first ASCII digit.
        while i < chars.count, !(chars[i].isASCII && chars[i].isNumber) {
            if chars[i].isLetter && i > 3 { return nil }
            i += 1
            if i > 8 { return nil }
        }
        guard i < chars.count else { return nil }
        // Look-alike letters right before the first digit belong to the number ("О5213").
        var lo = i
        while lo > 0, let _ = TextNorm.digitLookalikes[chars[lo - 1]], "ОоOЗзбЧ".contains(chars[lo - 1]),
              lo - 1 > 0, !chars[lo - 2].isLetter { lo -= 1 }
        // A lone digit before a longer group ("№2 69472", clean seed-1901 page: the start of the underline
        // under the number read as a digit at confidence 0.25) is a mark, not the number; an application
        // number is printed as one group.
        if maxGroups == 1, lo == i, i + 3 < chars.count, chars[i + 1] == " " {
            let next = chars[(i + 2)...].prefix(while: { $0.isASCII && $0.isNumber }).count
            // ... unless the group is the start of a date ("№7 12.03.2025").
            let end = i + 2 + next
            if next >= 2, end == chars.count || !".,/-".contains(chars[end]) || end + 1 == chars.count || !chars[end + 1].isNumber {
                i += 2
                lo = i
            }
        }
        var hi = i, groups = 1
        while hi < chars.count {
            let c = chars[hi]
            if (c.isASCII && c.isNumber) || "ОоOЗзбЧ".contains(c) { hi += 1; continue }
            if c == " " || c == "\u{00A0}", groups < maxGroups, hi + 1 < chars.count, chars[hi + 1].isASCII, chars[hi + 1].isNumber {
                groups += 1; hi += 1; continue
            }
            break
        }
        return lo..<hi
    }

    /// Whether two or more digits follow position `end` after a break of at most three marks or
    /// spaces ("6. 880", "6 ' 880"): a number printed as one group that the reading split. A word
    /// between them ("№ 17 от 01.02.2026") ends the number, and a lone digit after it is a mark
    /// (seed 2501: "№53 1", the end of a line read as "1").
    static func digitsFollow(_ chars: [Character], after end: Int) -> Bool {
        var i = end, marks = 0
        while i < chars.count, marks < 3, !(chars[i].isLetter || chars[i].isNumber) { i += 1; marks += 1 }
        guard marks > 0 else { return false }
        return chars[i...].prefix { $0.isASCII && $0.isNumber }.count >= 2
    }

    /// End of a dd.mm.yyyy date that starts the text (after punctuation), or nil.
    static func leadingDate(_ chars: [Character]) -> Int? {
        var i = 0
        while i < chars.count, i < 6, !(chars[i].isASCII && chars[i].isNumber) {
            if chars[i].isLetter { return nil }
            i += 1
        }
        guard i < chars.count, chars[i].isASCII, chars[i].isNumber else { return nil }
        let end = dateEnd(chars, from: i)
        let digits = chars[i..<end].filter { $0.isASCII && $0.isNumber }.count
        return digits >= 6 ? end : nil
    }

    /// End of a date written dd.mm.yyyy (dots, commas or slashes; day and month of one or two
    /// digits, a year of four) at the start of `chars`, followed by a space; nil otherwise. Unlike
    /// `leadingDate`, a postal index ("650072, ...") is never one.
    static func leadingDottedDate(_ chars: [Character]) -> Int? {
        var i = 0
        while i < chars.count, chars[i] == " " { i += 1 }
        func run(_ lo: Int, _ range: ClosedRange<Int>) -> Int? {
            var j = lo
            while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
            return range.contains(j - lo) ? j : nil
        }
        guard let d = run(i, 1...2), d < chars.count, ".,/".contains(chars[d]),
              let m = run(d + 1, 1...2), m < chars.count, ".,/".contains(chars[m]),
              let y = run(m + 1, 4...4), y < chars.count, chars[y] == " " else { return nil }
        return y
    }

    /// End of a date starting at `lo`: dd.mm.yyyy or «dd» month yyyy (г.).
    static func dateEnd(_ chars: [Character], from lo: Int) -> Int {
        var hi = lo, digits = 0, tokens = 0
        while hi < chars.count, digits < 8, tokens < 5 {
            let c = chars[hi]
            if isDigitish(c) { digits += 1 } else if c == " " { tokens += 1 } else if c.isLetter, digits >= 2, digits < 4 {
                // a month name
            } else if !".,/-«»\"".contains(c) && !c.isLetter { break }
            hi += 1
        }
        return hi
    }

    static func trimEnd(_ chars: [Character], _ end: Int) -> Int {
        var hi = end
        while hi > 0, " ,;:(".contains(chars[hi - 1]) { hi -= 1 }
        return hi
    }

    /// The first `count` words, optionally ending at a comma.
    static func firstWords(_ chars: [Character], count: Int, stopAtComma: Bool) -> (Int, Int) {
        var lo = 0
        while lo < chars.count, chars[lo] == " " || chars[lo] == ":" { lo += 1 }
        var hi = lo, words = 1
        while hi < chars.count {
            if chars[hi] == " " { if words >= count { break }; words += 1 }
            if stopAtComma, chars[hi] == "," { break }
            hi += 1
        }
        return (lo, max(lo, trimEnd(chars, hi)))
    }

    static func passport(_ spec: FieldSpec, chars: [Character], segment: Segment, rule: String) -> [Candidate] {
        guard let keys = spec.targets, keys.count == 2 else { return [] }
        // Series: 4 digits (maybe printed "32 15"); number: the next 6 digits.
        var groups: [(Range<Int>, String)] = []
        var i = 0
        while i < chars.count, groups.count < 3 {
            if chars[i].isASCII && chars[i].isNumber {
                var j = i
                while j < chars.count, (chars[j].isASCII && chars[j].isNumber) || "ОоOЗзбЧ".contains(chars[j]) { j += 1 }
                groups.append((i..<j, TextNorm.digits(String(chars[i..<j]))))
                i = j
            } else {
                if chars[i].isLetter, chars[i] != "№", groups.count >= 1, i + 1 < chars.count, chars[i + 1].isLetter,
                   chars[i].isLowercase { break } // "выдан"
                i += 1
            }
        }
        guard !groups.isEmpty else { return [] }
        var seriesRange = groups[0].0, series = groups[0].1
        var rest = Array(groups.dropFirst())
        if series.count == 2, let next = rest.first, next.1.count == 2 {
            seriesRange = seriesRange.lowerBound..<next.0.upperBound
            series += next.1
            rest.removeFirst()
        }
        var out = [segment.candidate(key: keys[0], kind: .passportSeries,
                                     n: Normalized(value: series, wellFormed: series.count == 4, repaired: false),
                                     rawRange: seriesRange, rule: rule)]
        if let num = rest.first {
            out.append(segment.candidate(key: keys[1], kind: .passportNumber,
                                         n: Normalized(value: num.1, wellFormed: num.1.count == 6, repaired: false),
                                         rawRange: num.0, rule: rule))
        }
        return out
    }

    /// What a phone number is printed with besides its digits ("+7 (923) 212-86-54").
    static let phoneSeparators: Set<Character> = ["+", "-", "(", ")", "–"]

    static let patronymicParticles: Set<String> = ["оглы", "кызы", "улы", "уулу", "кизи"]

    /// The first words of the forms' printed phrases (labels, headings, stops: "Дата", "Место",
    /// "Контактный"), folded: after a name's first word, such a word is the next label, not a name
    /// (seed 2401: a child with no patronymic got "Дата" of "Дата рождения ребенка", whose second
    /// word was misread so that the label was not found as a stop).
    static let labelWords: Set<String> = {
        // Older revisions of the forms print the contact labels short ("Тел.:", "E-mail:") on the
        // applicant's line (seed 2501: "Юлдашева Нилуфар Тел.: 8(904)…" gave the patronymic "Тел").
        let phrases = Templates.builtIn.flatMap { t in t.keywords + t.stops + t.fields.flatMap(\.anchors) } + ["Тел.", "Телефон"]
        return Set(phrases.compactMap { p -> String? in
            guard let first = p.split(separator: " ").first, first.first?.isUppercase == true else { return nil }
            let k = TextNorm.key(String(first))
            return k.count >= 3 ? k : nil
        })
    }()

    /// Whether `word`, read with a small first letter, is a name word whose capital was misread:
    /// Cyrillic letters only (three or more), not a word of the forms' labels or prose, and followed
    /// by the rest of the name (`rest`: the words after it up to the patronymic, read only when needed), each capitalised.
    static func capitalLost(_ word: String, followedBy rest: () -> [String]) -> Bool {
        guard word.count >= 3, let f = word.first, f.isLowercase,
              word.allSatisfy({ ("а"..."я").contains($0) || $0 == "ё" || $0 == "-" }),
              !Lexicon.labelWords.contains(TextNorm.key(word)), !Validator.formWords.contains(TextNorm.nameKey(word)) else { return false }
        let next = rest()
        guard !next.isEmpty else { return false }
        return next.allSatisfy { w in
            let bare = w.trimmingCharacters(in: CharacterSet(charactersIn: ",.);:"))
            return bare.count >= 2 && Normalizer.isName(bare) && !Lexicon.labelWords.contains(TextNorm.key(bare))
        }
    }

    /// A word read with a small first letter is taken as a name only when, capitalised, it is one:
    /// a surname the lexicon knows or with a surname's ending, a given name the lexicon knows (seed
    /// 2557 p003: "Кг звченко Дарина", the rest of a misread "Кравченко", is no first name).
    static func plausibleName(_ word: String, surname: Bool) -> Bool {
        let v = capitalised(word)
        return surname ? NameLexicon.shared.knownSurname(v) || NameLexicon.plausibleSurnameEnding(v) : NameLexicon.shared.knownGivenName(v)
    }

    /// `word` with its first letter in capitals.
    static func capitalised(_ word: String) -> String { word.prefix(1).uppercased() + word.dropFirst() }

    /// Up to `count` space-separated words of `chars` from index `from`.
    static func nextWords(_ chars: [Character], from: Int, count: Int) -> [String] {
        String(chars[min(from, chars.count)...]).split(separator: " ").prefix(count).map(String.init)
    }

    static func fullName(_ spec: FieldSpec, chars: [Character], segment: Segment, rule: String) -> [Candidate] {
        guard let keys = spec.targets, keys.count == 3 else { return [] }
        // Up to four name-like words; a comma or a lower-case word ends the name.
        var words: [Range<Int>] = []
        var lostCapital = false
        var lostCapitalAt = Set<Int>()
        var i = 0
        // Scan dirt before the name ("о ——— ‚Владимирова", "т Владимирова"): marks, single letters
        // and two-letter lower-case bits are skipped.
        var skipped = 0
        while i < chars.count, skipped < 4 {
            while i < chars.count, chars[i] == " " { i += 1 }
            var j = i
            while j < chars.count, chars[j] != " " { j += 1 }
            let letters = chars[i..<j].filter(\.isLetter)
            let junk = letters.count <= 1 || (letters.count == 2 && letters.allSatisfy(\.isLowercase))
            guard junk, j < chars.count else { break }
            i = j
            skipped += 1
        }
        while i < chars.count, words.count < 4 {
            while i < chars.count, !(chars[i].isLetter || chars[i].isNumber) { i += 1 }
            guard i < chars.count else { break }
            var j = i
            while j < chars.count, chars[j] != " " { j += 1 }
            var word = String(chars[i..<j])
            let endsWithComma = word.hasSuffix(",") || word.hasSuffix(")")
            word = word.trimmingCharacters(in: CharacterSet(charactersIn: ",.);:"))
            let letters = word.filter(\.isLetter).count
            if words.count == 2, letters >= 6, word.first?.isLowercase == true, Validator.looksLikePatronymic(word) {
                // A patronymic whose capital was lost to a mark ("Морозов Тимофей $ рославович", a
                // streak through "Я"): printed, not absent; its reading goes to a person.
                words.append(i..<min(i + word.count, j))
                lostCapital = true
                break
            }
            if words.count < 2, !endsWithComma, Self.capitalLost(word, followedBy: { Self.nextWords(chars, from: j, count: 2 - words.count) }),
               Self.plausibleName(word, surname: words.isEmpty) {
                // A surname or first name whose capital read as its small letter ("беккер Ирма
                // Робертовна", seed 2557 p012, a scan: б/Б, в/В, к/К, о/О, с/С differ in size only),
                // with the rest of the name capitalised after it: printed, so it is taken capitalised,
                // and its reading goes to a person.
                words.append(i..<min(i + word.count, j))
                lostCapitalAt.insert(words.count - 1)
                i = j
                continue
            }
            guard letters >= 2, letters * 10 >= word.count * 7, let f = word.first, f.isUppercase || f.isNumber else { break }
            // A fourth word belongs to the name only as the particle of a Turkic patronymic
            // ("Мамед оглы"); otherwise it is the next thing printed ("Тел.", the phone's label in
            // older revisions of the form, on the same line).
            if words.count == 3, !Self.patronymicParticles.contains(word.lowercased()) { break }
            if !words.isEmpty, Self.labelWords.contains(TextNorm.key(word)) { break }
            let wEnd = i + word.count
            words.append(i..<min(wEnd, j))
            i = j
            if endsWithComma { break }
        }
        guard !words.isEmpty else { return [] }
        var out: [Candidate] = []
        for (k, key) in keys.enumerated() {
            if k < words.count {
                let r: Range<Int> = (k == 2 && words.count == 4) ? words[2].lowerBound..<words[3].upperBound : words[k]
                var n = Normalizer.name(String(chars[r]))
                if k == 2, lostCapital { n?.wellFormed = false }
                var restored = false
                if lostCapitalAt.contains(k), let v = n?.value, !v.isEmpty {
                    let capitalised = Self.capitalised(v)
                    n = Normalized(value: capitalised, wellFormed: Normalizer.isName(capitalised), repaired: n?.repaired ?? false)
                    restored = true
                }
                var candidate = segment.candidate(key: key, kind: .name, n: n, rawRange: r, rule: rule)
                candidate.capitalRestored = restored
                out.append(candidate)
            } else if k == 2, words.count == 2 {
                // No patronymic printed ("при наличии"): missing by design, not a reading failure.
                var c = segment.candidate(key: key, kind: .name, n: nil, rawRange: 0..<0, rule: rule)
                c.value = nil
                c.wellFormed = true
                out.append(c)
            }
        }
        return out
    }
}
