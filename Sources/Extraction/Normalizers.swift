import Foundation

/// The kinds of field value, each with its normaliser and format check.
public enum FieldKind: String, Codable, Sendable {
    case number        // application number: 1-6 digits
    case registry      // registry number: 9-10 digits
    case date          // dd.mm.yyyy → YYYY-MM-DD
    case phone         // → +7XXXXXXXXXX
    case email         // Latin, lower-case
    case passport      // "series № number": split into series and number
    case passportSeries, passportNumber
    case name          // a single surname / first name / patronymic
    case fullName      // "Фамилия Имя Отчество" split into three fields
    case address, text
    case category
}

/// Result of normalising one raw reading.
public struct Normalized: Equatable, Sendable {
    public var value: String
    /// The value has the field's format (digit count, real date, e-mail shape, ...).
    public var wellFormed: Bool
    /// Characters had to be repaired (look-alikes mapped, separators guessed).
    public var repaired: Bool
}

public enum Normalizer {
    // MARK: numbers

    public static func digits(_ raw: String, allowed: ClosedRange<Int>) -> Normalized? {
        let d = TextNorm.digits(raw)
        guard !d.isEmpty else { return nil }
        let plain = raw.filter { $0.isASCII && $0.isNumber }
        return Normalized(value: d, wellFormed: allowed.contains(d.count), repaired: plain != d)
    }

    // MARK: dates

    static let months: [String: Int] = [
        "ЯНВАРЯ": 1, "ФЕВРАЛЯ": 2, "МАРТА": 3, "АПРЕЛЯ": 4, "МАЯ": 5, "ИЮНЯ": 6, "ИЮЛЯ": 7,
        "АВГУСТА": 8, "СЕНТЯБРЯ": 9, "ОКТЯБРЯ": 10, "НОЯБРЯ": 11, "ДЕКАБРЯ": 12,
    ]

    /// dd.mm.yyyy (separators . , / - or spaces, look-alike letters repaired) → YYYY-MM-DD.
    public static func date(_ raw: String) -> Normalized? {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        // «05» марта 2014 г.
        let words = TextNorm.keyWords(trimmed)
        if let mi = words.firstIndex(where: { w in months.keys.contains { Fuzzy.similarity($0, w) >= 0.8 } }) {
            // The month's name nearest the word (the first month on a tie), the same in every run.
            let word = words[mi]
            let near: [(month: Int, near: Double)] = months.map { entry in (entry.value, Fuzzy.similarity(entry.key, word)) }
            let month = near.filter { $0.near >= 0.8 }.max { a, b in a.near != b.near ? a.near < b.near : a.month > b.month }!.month
            let day = mi > 0 ? Int(TextNorm.digits(words[mi - 1])) : nil
            let year = mi + 1 < words.count ? Int(TextNorm.digits(words[mi + 1]).prefix(4)) : nil
            if let day, let year { return make(day, month, year, repaired: true) }
        }
        // Groups of digits (look-alikes mapped), separated by anything else.
        var groups: [String] = []
        var cur = ""
        for ch in trimmed {
            if let d = (ch.isASCII && ch.isNumber) ? ch : TextNorm.digitLookalikes[ch] {
                cur.append(d)
            } else if !cur.isEmpty {
                groups.append(cur); cur = ""
            }
        }
        if !cur.isEmpty { groups.append(cur) }
        let all = groups.joined()
        let plain = trimmed.filter { $0.isASCII && $0.isNumber }
        let repaired = plain != all
        if groups.count >= 3, groups[0].count <= 2, groups[1].count <= 2, groups[2].count >= 4,
           let d = Int(groups[0]), let m = Int(groups[1]), let y = Int(groups[2].prefix(4)) {
            return make(d, m, y, repaired: repaired || groups[2].count > 4)
        }
        if all.count == 8, let d = Int(all.prefix(2)), let m = Int(all.dropFirst(2).prefix(2)), let y = Int(all.suffix(4)) {
            return make(d, m, y, repaired: true)
        }
        return all.isEmpty ? nil : Normalized(value: all, wellFormed: false, repaired: repaired)
    }

    /// A date written in digits whose day or month has one digit ("1.06.2020"): the forms print
    /// dd.mm.yyyy, so such a reading lost a digit of the print. A date with its month in words
    /// ("5 марта 2014") prints its day as it likes.
    public static func dateDigitLost(_ raw: String) -> Bool {
        guard !raw.contains(where: { $0.isLetter && TextNorm.digitLookalikes[$0] == nil }) else { return false }
        let groups = raw.split(whereSeparator: { !($0.isASCII && $0.isNumber) && TextNorm.digitLookalikes[$0] == nil })
        guard groups.count == 3, groups[2].count == 4 else { return false }
        return groups[0].count == 1 || groups[1].count == 1
    }

    private static func make(_ d: Int, _ m: Int, _ y: Int, repaired: Bool) -> Normalized {
        let value = String(format: "%04d-%02d-%02d", y, m, d)
        return Normalized(value: value, wellFormed: SimpleDate(iso: value) != nil, repaired: repaired)
    }

    // MARK: phone

    public static func phone(_ raw: String) -> Normalized? {
        var d = TextNorm.digits(raw)
        guard d.count >= 10 else { return d.isEmpty ? nil : Normalized(value: d, wellFormed: false, repaired: false) }
        if d.count == 11, d.first == "8" || d.first == "7" { d.removeFirst() }
        else if d.count == 12, d.hasPrefix("87") || d.hasPrefix("77") { d.removeFirst(2) } // "+7" read as "7" and a stray digit
        let value = "+7" + d
        let plain = raw.filter { $0.isASCII && $0.isNumber }
        // The Russian numbering plan: geographic codes 3xx, 4xx and 80x-87x, mobile codes 9xx. A
        // national number read as "89..." or "88..." is the trunk 8 of "8 9xx ..." with a digit lost
        // (seed 2567 p023: "89057590752" read "8905759075" by every model, accepted as +7 890...).
        let ok = d.count == 10 && (d.first == "9" || d.first == "3" || d.first == "4"
            || (d.first == "8" && !d.dropFirst().hasPrefix("8") && !d.dropFirst().hasPrefix("9")))
        return Normalized(value: value, wellFormed: ok, repaired: plain.count != TextNorm.digits(raw).count)
    }

    /// A phone number is printed in groups of two or more digits after its country or trunk
    /// prefix ("+7 (906) 144-92-69", "8-906-144-92-69", "+7 9061449269"). A group of one digit in
    /// the reading ("+7 906 14-1-92-69") is a digit broken in print or scan and read as a mark and
    /// another digit (seed 2503: a 4 whose left half was lost read "-1" by every model alike).
    public static func phoneGroupingDoubt(_ raw: String) -> String? {
        var groups = raw.split { !($0.isASCII && $0.isNumber) }.map(String.init)
        if let first = groups.first, first == "7" || first == "8" { groups.removeFirst() }
        guard groups.count >= 2, groups.contains(where: { $0.count == 1 }) else { return nil }
        return "a group of one digit in the number: a digit may be broken in print (check it)"
    }

    // MARK: e-mail

    public static let knownDomains: Set<String> = [
        "mail.ru", "yandex.ru", "ya.ru", "gmail.com", "bk.ru", "inbox.ru", "list.ru", "rambler.ru",
        "internet.ru", "outlook.com", "icloud.com", "yahoo.com", "hotmail.com",
    ]

    /// Lower-case, spaces dropped, Cyrillic look-alikes mapped to Latin.
    /// With the "@" or the domain's dot put back where a known domain says it stood (`emailMarksRestored`).
    public static func email(_ raw: String) -> Normalized? {
        guard let (s, repaired) = emailAsRead(raw) else { return nil }
        if !isEmail(s), let fixed = emailMarksRestored(s) { return Normalized(value: fixed, wellFormed: true, repaired: true) }
        return Normalized(value: s, wellFormed: isEmail(s), repaired: repaired)
    }

    /// The reading lower-cased, spaces dropped, Cyrillic look-alikes mapped to Latin; whether any was.
    public static func emailAsRead(_ raw: String) -> (String, Bool)? {
        var s = ""
        var repaired = false
        for ch in raw where !ch.isWhitespace {
            if let l = TextNorm.cyrillicToLatin[ch] { s.append(l); repaired = true; continue }
            if ch == "©" || ch == "®" { s.append("@"); repaired = true; continue }
            s.append(ch)
        }
        s = s.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".,;:()[]<>\"'|"))
        return s.isEmpty ? nil : (s, repaired)
    }

    /// An e-mail whose "@" or domain dot did not read, put back where a known mail domain says it
    /// stood: the dot ("…@inboxru", "…@mailru"), the "@" read as one letter before the domain
    /// ("markzuevglist.ru", "sadykovaemailru": the round sign taken for g, e, a, o, q, c or d) or lost
    /// with the dot. Nil when no known domain ends the reading. A repaired value is always a doubt
    /// (`Doubt.emailMarkRepaired`): the letter before the domain may be the name's own.
    public static func emailMarksRestored(_ s: String) -> String? {
        for domain in knownDomains.sorted(by: { ($0.count, $0) > ($1.count, $1) }) {
            let bare = domain.replacingOccurrences(of: ".", with: "")
            if let at = s.lastIndex(of: "@") {
                let host = s[s.index(after: at)...]
                if host == bare { return s[..<at] + "@" + domain }
                continue
            }
            for tail in [domain, bare] where s.hasSuffix(tail) {
                let local = s.dropLast(tail.count)
                guard local.count >= 3, let sign = local.last, "geaoqcd".contains(sign) else { continue }
                let name = local.dropLast()
                guard let first = name.first, first.isLetter || first.isNumber,
                      name.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else { continue }
                return name + "@" + domain
            }
        }
        return nil
    }

    /// Whether the page's reading `raw` of an e-mail has a gap between two letters, or a letter and a
    /// digit, before the "@" that the value `value` closed (no "_", "." or "-" there): an e-mail holds
    /// no spaces, so a gap as wide as a word space is a character that did not read. Gaps next to a 1
    /// ("gusev1 983") and in the domain ("ya ndex.ru", checked against the known domains) are spacing.
    public static func emailGapClosed(raw: String, value: String) -> Bool {
        let local = raw.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).first ?? Substring(raw)
        let valueLocal = value.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).first ?? Substring(value)
        // The reading's words joined, and where a letter ended one word and a letter began the next, or
        // a letter and a digit met: a 1's wide bearings in tabular figures read as spacing ("gusev1 983"),
        // other digits' do not (sig2667 p025, a scan: "iraida 55" for iraida_55, accepted as iraida55).
        var joined = ""
        var gapAt: [Int] = []
        func lost(between a: Character?, _ b: Character?) -> Bool {
            guard let a, let b else { return false }
            func side(_ c: Character) -> Bool { c.isLetter || (c.isNumber && c != "1") }
            return (a.isLetter || b.isLetter) && side(a) && side(b)
        }
        for word in local.split(separator: " ") {
            if lost(between: joined.last, word.first) { gapAt.append(joined.count) }
            joined += word
        }
        guard !gapAt.isEmpty else { return false }
        // The value kept the letters on both sides together: nothing was put into the gap.
        let v = Array(valueLocal.lowercased()), j = Array(joined.lowercased())
        guard v.count == j.count else { return false }
        return gapAt.contains { g in g > 0 && g < v.count && !"_.-".contains(v[g - 1]) && !"_.-".contains(v[g]) }
    }

    /// Of two readings of an e-mail alike but for one "_" that one holds between two letters or digits of
    /// its name where the other has nothing, the one with the "_"; nil otherwise.
    public static func emailUnderscoreLost(_ a: String, _ b: String) -> String? {
        let (long, short) = a.count == b.count + 1 ? (Array(a), Array(b)) : b.count == a.count + 1 ? (Array(b), Array(a)) : ([], [])
        guard !long.isEmpty, isEmail(String(long)), isEmail(String(short)) else { return nil }
        var i = 0
        while i < short.count, long[i] == short[i] { i += 1 }
        guard long[i] == "_", i > 0, i + 1 < long.count, Array(long[..<i] + long[(i + 1)...]) == short,
              long[i - 1].isLetter || long[i - 1].isNumber, long[i + 1].isLetter || long[i + 1].isNumber,
              let at = long.firstIndex(of: "@"), i < at else { return nil }
        return String(long)
    }

    /// Letters that look like digits standing next to digits ("klavdi1978" read as "klavdii978").
    public static func ambiguousEmailCharacters(_ s: String) -> Bool {
        let local = Array(s.split(separator: "@").first ?? "")
        let lookAlike: Set<Character> = ["i", "l", "1", "o", "0", "s", "5", "z", "2", "b", "6", "g", "9"]
        for i in local.indices where lookAlike.contains(local[i]) {
            let neighbours = [i > 0 ? local[i - 1] : nil, i + 1 < local.count ? local[i + 1] : nil].compactMap { $0 }
            let isDigit = local[i].isNumber
            // A look-alike letter touching a digit, or a look-alike digit touching letters on both sides.
            if !isDigit, neighbours.contains(where: \.isNumber) { return true }
            if isDigit, neighbours.count == 2, neighbours.allSatisfy(\.isLetter) { return true }
        }
        return digitsMayOpenWithALetter(s)
    }

    /// A zero or a one opening a run of digits after a separator or at the start of an e-mail's name,
    /// where the letter o or l is as likely: what neither the names on the page (they spell the letters
    /// around it) nor a second Latin reading (it confuses them alike) settles.
    public static func digitsMayOpenWithALetter(_ s: String) -> Bool {
        let local = Array(s.split(separator: "@").first ?? "")
        for i in local.indices where "01".contains(local[i]) && i + 1 < local.count && local[i + 1].isNumber
            && (i == 0 || "._-".contains(local[i - 1])) {
            // A zero opening a run of digits after a separator or at the start ("shevchenko.0410" for
            // "shevchenko.o410", seed 1801): the letter o is as likely there.
            if local[i] == "0" { return true }
            // So is a one, for the letter l ("shaykhutdinova.1734" for ".l734", seed 2625 p029, a scan,
            // read alike by both readings and accepted), unless the run is a year of birth (19xx or 20xx),
            // which e-mail names hold far more often than an l before digits.
            let run = String(local[i...].prefix { $0.isNumber })
            if !(run.count == 4 && (run.hasPrefix("19") || run.hasPrefix("20"))) { return true }
        }
        return false
    }

    /// Whether the name before "@" begins or ends with a mark ("_sokolov74", "a.baranov-"): the mail
    /// services in use here (mail.ru, Yandex, Gmail, ...) give names that begin and end with a letter
    /// or digit, so such a mark is a rule's rest or a speck read into the value.
    public static func emailNameHasEdgeMark(_ s: String) -> Bool {
        guard let local = s.split(separator: "@", omittingEmptySubsequences: false).first,
              let first = local.first, let last = local.last else { return false }
        return "_-.+".contains(first) || "_-.+".contains(last)
    }

    public static func isEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains(".") else { return false }
        let local = Set("abcdefghijklmnopqrstuvwxyz0123456789._-+")
        let domain = Set("abcdefghijklmnopqrstuvwxyz0123456789.-")
        guard parts[0].allSatisfy(local.contains), parts[1].allSatisfy(domain.contains) else { return false }
        guard let tld = parts[1].split(separator: ".").last, tld.count >= 2, tld.allSatisfy(\.isLetter) else { return false }
        return !parts[0].hasPrefix(".") && !parts[0].hasSuffix(".") && !s.contains("..")
    }

    // MARK: names and text

    /// A name as printed: Latin look-alikes and digit look-alikes inside words mapped to Cyrillic.
    public static func name(_ raw: String) -> Normalized? {
        let digitToCyr: [Character: Character] = ["3": "З", "0": "О", "6": "б", "4": "Ч"]
        var out = ""
        var repaired = false
        for ch in TextNorm.collapseSpaces(raw) {
            if let c = TextNorm.latinToCyrillic[ch] { out.append(c); repaired = true }
            else if let c = digitToCyr[ch] { out.append(c); repaired = true }
            else if ch.isLetter || ch == "-" || ch == " " { out.append(ch) }
            else { repaired = true }
        }
        out = out.trimmingCharacters(in: CharacterSet(charactersIn: "- "))
        let single = undoubledYo(out)
        if single != out { out = single; repaired = true }
        guard !out.isEmpty else { return nil }
        let isLabel = Lexicon.labelWords.contains(TextNorm.key(out))
        return Normalized(value: out, wellFormed: isName(out) && !isLabel, repaired: repaired)
    }

    /// Cyrillic letters and inner hyphens, capitalised.
    public static func isName(_ s: String) -> Bool {
        guard let first = s.first, first.isUppercase else { return false }
        var prevHyphen = false
        for ch in s {
            if ch == "-" { if prevHyphen { return false }; prevHyphen = true; continue }
            prevHyphen = false
            guard ch.isLetter, ("А"..."я").contains(ch) || ch == "ё" || ch == "Ё" else { return false }
        }
        return !s.hasSuffix("-") && s.count >= 2
    }

    /// Free text as printed: single spaces, Latin look-alikes inside Cyrillic words repaired.
    public static func text(_ raw: String) -> Normalized? {
        // Underscores are the remains of a blank's line; marks without letters or digits inside
        // the value ("=", "|", "‚") are scan noise; a dash between words stays.
        var spaced = TextNorm.collapseSpaces(raw.replacingOccurrences(of: "_", with: " ")).split(separator: " ").map(String.init)
        // A comma read as a word of its own before a part of an address belongs to the word before it
        // ("Кемеровская обл. , г. Новокузнецк": seed 2621 p008, a scan, whose comma was dropped as
        // noise on both forms and the address accepted without it).
        for i in spaced.indices.dropFirst().dropLast() where spaced[i] == "," && spaced[i - 1].last != ","
            && Extractor.addressPartOpeners.contains(spaced[i + 1].trimmingCharacters(in: CharacterSet(charactersIn: ".,")).lowercased()) {
            spaced[i - 1] += ","
        }
        var tokens = spaced
            .filter { t in t.contains { $0.isLetter || $0.isNumber } || ["-", "–", "—"].contains(t) || t.hasSuffix(")") || t.hasPrefix("(") }
        // Stray marks at either end (a caption's bracket, a table border read as "|") are not text.
        while let last = tokens.last, !last.contains(where: { $0.isLetter || $0.isNumber }) { tokens.removeLast() }
        while let first = tokens.first, !first.contains(where: { $0.isLetter || $0.isNumber }) { tokens.removeFirst() }
        let words = tokens.map { w -> String in
            let cyr = w.filter { ("А"..."я").contains($0) || $0 == "ё" || $0 == "Ё" }.count
            let lat = w.filter { $0.isASCII && $0.isLetter }.count
            guard cyr > 0, lat > 0 else { return String(w) }
            return String(w.map { TextNorm.latinToCyrillic[$0] ?? $0 })
        }
        var s = words.joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: " ,;"))
        // The forms print the hyphen-minus between words ("область - Кузбасс"); a long dash read there is
        // written as they print it, its place and spacing kept: a monospaced face draws the hyphen a whole
        // cell wide, and the model reads it "—" (s2717 p015, first contact: the child's address on both clean
        // prints of a packet, accepted with "область — Кузбасс"). Only the glyph changes, never the words.
        s = s.replacingOccurrences(of: "—", with: "-").replacingOccurrences(of: "–", with: "-")
        // "область- Кузбасс" / "область -Кузбасс": a dash spaced on one side only is spaced on both.
        s = s.replacingOccurrences(of: #"(?<=\S)- (?=\S)"#, with: " - ", options: .regularExpression)
        s = s.replacingOccurrences(of: #"(?<=\S) -(?=[^\s\d])"#, with: " - ", options: .regularExpression)
        // A final period after a full word is the prose's comma or full stop, not part of the value.
        if s.hasSuffix("."), let last = s.split(separator: " ").last, last.filter(\.isLetter).count > 4 { s.removeLast() }
        s = undoubledYo(s)
        guard !s.isEmpty else { return nil }
        let letters = s.filter(\.isLetter).count
        return Normalized(value: s, wellFormed: letters >= 5 && s.contains(" "), repaired: s != raw)
    }

    /// Address parts abbreviated with a dot ("г.", "ул.", "д.", "кв.").
    static let addressAbbreviations: Set<String> = ["г", "ул", "д", "кв", "пгт", "с", "пер", "корп", "обл",
                                                    "мкр", "стр", "п", "пос", "пр", "ш", "рп", "пл", "наб"]
    /// Marks of an address's parts that always stand before their number or name ("д. 5", "кв. 9", "пгт
    /// Яя"), never after it.
    static let addressMarksBeforeTheirValue: Set<String> = ["д", "дом", "кв", "корп", "к", "стр", "лит", "литер", "пгт", "рп",
                                                            "мкр", "мкрн", "с", "п", "пос", "дер"]
    /// Kinds of places written out in full in lower case, which may open an address ("город Кемерово",
    /// "улица Новая").
    static let addressKindWords: Set<String> = ["город", "село", "поселок", "посёлок", "деревня", "улица", "микрорайон", "проспект",
                                                "переулок", "бульвар", "шоссе", "площадь", "набережная", "проезд", "тупик", "станция",
                                                "хутор", "территория", "квартал", "аул", "станица", "рабочий", "поселение"]

    /// Letter abbreviations printed with or without a dot: the official short names of the place
    /// kinds are "пгт" and "рп", and forms print them either way. A dot is never added to them
    /// (seeds 1401-1603: every "пгт." the repair made stood for a printed "пгт"), and their lack
    /// of one is no sign of misread punctuation.
    static let dotOptional: Set<String> = ["пгт", "рп"]

    /// Address punctuation as the forms print it, where the scan lost or changed it: a period
    /// after a full word or a number before the next part is a comma ("Кузбасс. г." →
    /// "Кузбасс, г."), an abbreviation keeps its dot and a space ("ул" → "ул.", "д.45" → "д. 45"),
    /// the prose's closing bracket or full stop after the last number goes.
    public static func repairAddressPunctuation(_ s: String) -> String {
        var tokens = s.split(separator: " ").map(String.init)
        // "д.45" → "д." "45"
        tokens = tokens.flatMap { t -> [String] in
            if let dot = t.firstIndex(of: "."), addressAbbreviations.contains(String(t[..<dot])),
               t.index(after: dot) < t.endIndex, t[t.index(after: dot)].isNumber {
                return [String(t[...dot]), String(t[t.index(after: dot)...])]
            }
            return [t]
        }
        func isAbbreviation(_ t: String) -> Bool {
            addressAbbreviations.contains(t.trimmingCharacters(in: CharacterSet(charactersIn: ".,")))
        }
        for i in tokens.indices {
            let t = tokens[i]
            let bare = t.trimmingCharacters(in: CharacterSet(charactersIn: ".,"))
            let hasNext = i + 1 < tokens.count
            if isAbbreviation(t), !["с", "п"].contains(bare), !dotOptional.contains(bare), hasNext, t == bare {
                tokens[i] = bare + "."
                continue
            }
            // "Партизанская д. 116 корп. 3": the comma before the next part was lost.
            if hasNext, !isAbbreviation(t), t.last.map({ $0.isLetter || $0.isNumber }) == true, bare.count > 1 || bare.first?.isNumber == true,
               ["ул", "д", "кв", "корп", "пгт", "г", "мкр", "стр", "пер", "рп", "наб"].contains(
                tokens[i + 1].trimmingCharacters(in: CharacterSet(charactersIn: ".,"))) {
                tokens[i] = t + ","
                continue
            }
            guard hasNext, t.hasSuffix("."), !isAbbreviation(t) else { continue }
            let next = tokens[i + 1]
            let isNumber = bare.first?.isNumber == true
            let isWord = bare.filter(\.isLetter).count > 3 || isCapitalisedName(bare)
            if (isWord || isNumber), isAbbreviation(next) || next.first?.isUppercase == true {
                tokens[i] = String(t.dropLast()) + ","
            }
        }
        var out = tokens.joined(separator: " ")
        while out.hasSuffix(")") || out.hasSuffix(")."), !out.contains("(") { out.removeLast(out.hasSuffix(").") ? 2 : 1) }
        if out.hasSuffix("."), let last = out.split(separator: " ").last, last.dropLast().allSatisfy({ $0.isNumber || $0.isLetter && $0.isLowercase }),
           last.first?.isNumber == true {
            out.removeLast()
        }
        return out
    }

    /// A house's or flat's letter read as a word of its own ("д. 81 в, кв. 1" for "д. 81в, кв. 1":
    /// seed 2653 p019, a clean packet, accepted in all three prints) joined to its number, as
    /// addresses are recorded (the federal address register writes "81в"). Only a single lower-case
    /// letter of those houses are lettered with, straight after the number of "д."/"дом"/"кв." and
    /// ending the part (a comma or the end follows): "д. 5 к. 2" (a building's mark) and "д. 8 Марта"
    /// are no such letter.
    public static func joinNumberLetters(_ s: String) -> String {
        var tokens = s.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var i = 2
        while i < tokens.count {
            let mark = tokens[i - 2].trimmingCharacters(in: CharacterSet(charactersIn: ".,")).lowercased()
            let number = tokens[i - 1], letter = tokens[i]
            let bare = letter.hasSuffix(",") ? String(letter.dropLast()) : letter
            if ["д", "дом", "кв"].contains(mark), tokens[i - 2].last != ",", !number.isEmpty, number.allSatisfy(\.isNumber),
               bare.count == 1, let l = bare.first, "абвгдежз".contains(l), letter.hasSuffix(",") || i == tokens.count - 1 {
                tokens[i - 1] = number + letter
                tokens.remove(at: i)
                continue
            }
            i += 1
        }
        return tokens.joined(separator: " ")
    }

    /// Endings of an ordinal written with digits ("1-я", "2-й", "3-го", "5-ой").
    static let ordinalEndings: Set<String> = ["й", "я", "е", "ю", "м", "х", "го", "му", "ми", "ой", "ая", "ий", "ый", "ое", "ее", "ья", "ье", "ым", "ом", "ую"]

    /// Misreadings the punctuation check does not see: an abbreviation that is not one ("уп.",
    /// "хв."), the region's name without its dash, a house number too long to be one ("1366" for
    /// "136б"), a stray mark before the text.
    /// The doubt on a house number ending in 6 that the page's print did not show to be a digit.
    public static let houseSixDoubt = "house number ending in 6 may end in the letter б"

    /// The doubt on an abbreviation's dot straight before the next part of an address.
    public static let lostCommaDoubt = "no comma between two parts of the address (lost in the reading?)"

    /// An address cut where its value ran onto a line the reading did not take: a mark that always
    /// stands before its number or name, last ("..., стр. 1, кв.": s2773 p006, a scan consent, first
    /// contact, the flat's number on the next line, accepted), or a lower-case word that only follows a
    /// name, first ("муниципальный округ, п. Плотниково, ...": s2773 p002, the region's and the district's
    /// names on the line before, accepted). Postposed kinds ("Кузнецкое ш.", "Тупиковый пер.",
    /// "Промышленновский р-н", "Кемерово г.") may end an address and are left alone. Nil when neither.
    public static func addressCutAtALine(_ s: String) -> String? {
        let tokens = s.split(separator: " ").map(String.init)
        if let last = tokens.last?.trimmingCharacters(in: CharacterSet(charactersIn: ".,")).lowercased(),
           addressMarksBeforeTheirValue.contains(last) {
            return "ends with \"\(last)\" and nothing after it (its end on a line not read?)"
        }
        if let first = tokens.first?.trimmingCharacters(in: CharacterSet(charactersIn: ".,")), first.first?.isLowercase == true,
           first == "обл" || (first.count >= 4 && first.allSatisfy(\.isLetter) && !addressKindWords.contains(first)
               && !addressMarksBeforeTheirValue.contains(first)) {
            return "opens with \"\(first)\", a word that follows a name (its start on a line not read?)"
        }
        return nil
    }

    /// `housesPrintedAsDigits`: house numbers whose last digit the page's print shows to be one.
    public static func addressDoubt(_ s: String, housesPrintedAsDigits: Set<String> = []) -> String? {
        let tokens = s.split(separator: " ").map(String.init)
        if let first = tokens.first?.first, !first.isLetter, !(tokens.first!.filter(\.isNumber).count == 6) {
            return "starts with a stray mark"
        }
        // "Кузнецкое ш.., д. 44" (seed 2535 p007, on both forms of a clean packet): an address holds
        // no two marks in a row but an abbreviation's dot before its comma ("обл.,").
        if s.contains("..") || s.contains(",,") || s.contains(",.") { return "punctuation misread (two marks in a row)" }
        // A place's adjective ends in -ский/-цкий; "-екий" is that с read as е (seed 2747 p009, a scan
        // consent, first contact: "рп Итатекий" for Итатский, accepted; seed 2745 p005: "рп Итатекий").
        if s.split(whereSeparator: { " ,.".contains($0) }).contains(where: { w in
            let l = w.lowercased()
            return l.count > 5 && ["екий", "екая", "екое", "еких", "екого", "екой", "еком"].contains(where: { l.hasSuffix($0) })
        }) {
            return "a place's name ending in -екий (с read as е?)"
        }
        // Only the region's name and a number ("Кемеровская область - Кузбасс, 23/4", s2739 p026, a poor
        // application, first contact: the town and street lost, accepted on the page): no place is named.
        let lettered = s.lowercased().split(whereSeparator: { " ,.-–—".contains($0) }).filter { $0.contains(where: \.isLetter) }
        if !lettered.isEmpty, lettered.allSatisfy({ ["кемеровская", "область", "обл", "кузбасс"].contains($0) }) {
            return "no town or street (part of the address not read?)"
        }
        let known = addressAbbreviations.union(["р-н", "р-не", "обл", "им", "мкрн", "тер", "корп", "кор", "лит", "ст", "дер", "пр-кт", "пр-т"])
        for (i, t) in tokens.enumerated() {
            let bare = t.trimmingCharacters(in: CharacterSet(charactersIn: ".,"))
            if t.hasSuffix(".") || t.hasSuffix(".,"), bare.count <= 3, bare.allSatisfy({ $0.isLetter && $0.isLowercase }), !known.contains(bare) {
                return "abbreviation not recognised (misread?)"
            }
            // A town's, village's or street's mark is followed by its name, not by a number ("Кемеровская
            // область, г. 177": seed 2649 p009, a poor consent, first contact, the town, street and house
            // lost in the reading and the flat's number taken for the town; accepted).
            // A number that opens a name goes on in words ("ул. 40 лет Октября", "ул. 8 Марта"); one that ends
            // the part is no name.
            if ["г", "пгт", "рп", "с", "ул", "пер"].contains(bare), t.hasSuffix("."), i + 1 < tokens.count,
               tokens[i + 1].first?.isNumber == true, i + 2 == tokens.count || tokens[i + 1].hasSuffix(",") {
                return "a place's mark followed by a number, not its name (part of the address lost?)"
            }
            // An abbreviation's dot straight before the next part ("Кемеровская обл. г. Новокузнецк"): the
            // parts of an address are printed with a comma between them, which the reading lost (seed 2621
            // p008: a comma read apart and dropped, accepted on both forms).
            if t.hasSuffix("."), known.contains(bare), i + 1 < tokens.count,
               Extractor.addressPartOpeners.contains(tokens[i + 1].trimmingCharacters(in: CharacterSet(charactersIn: ".,"))) {
                return lostCommaDoubt
            }
            // "КВ. 1" for "кв. 1" (seed 1603, on both forms): a place-kind abbreviation is printed in
            // lower case inside a mixed-case address; in capitals it is a misread case, which no
            // agreement lifts. Single letters are left alone: "Н." is an initial in a street name.
            if bare.count >= 2, bare == bare.uppercased(), addressAbbreviations.contains(bare.lowercased()),
               s.contains(where: \.isLowercase) {
                return "abbreviation in capitals (letter case misread?)"
            }
            // A single capital before a number is no initial: "Д. 137" for "д. 137" (seed 2569 p025, a
            // clean consent, accepted).
            if bare.count == 1, t.hasSuffix("."), bare == bare.uppercased(), addressAbbreviations.contains(bare.lowercased()),
               i + 1 < tokens.count, tokens[i + 1].first?.isNumber == true, s.contains(where: \.isLowercase) {
                return "abbreviation in capitals (letter case misread?)"
            }
            // A capital letter alone, with no dot, is an initial only with its dot and a house's or a
            // building's letter only after its number or mark ("д. 5 А", "корп. Б"); elsewhere it is a
            // mark read as a letter ("Кемеровская обл. - Е Кузбасс", seed 2573 p014, a poor consent).
            if bare.count == 1, !t.contains("."), let letter = bare.first, letter.isLetter, letter.isUppercase {
                let before = i > 0 ? tokens[i - 1].trimmingCharacters(in: CharacterSet(charactersIn: ".,")).lowercased() : ""
                if before.last?.isNumber != true, !["д", "дом", "корп", "к", "стр", "лит", "литер", "мкр", "мкрн", "кв"].contains(before) {
                    return "a capital letter alone (a mark read as a letter?)"
                }
            }
            // Digits with a hyphen start only ordinals ("1-я Линия", "2-й пер."); "6-р" is "б-р" (a
            // boulevard) with its б read as 6 (seed 2533 p023, accepted on a clean consent).
            if let dash = bare.firstIndex(of: "-"), bare[..<dash].allSatisfy(\.isNumber), !bare[..<dash].isEmpty {
                let ending = bare[bare.index(after: dash)...]
                if ending.count <= 2, ending.allSatisfy(\.isLetter), !ordinalEndings.contains(String(ending).lowercased()) {
                    return "a number before a hyphen where letters are expected (б-р read as 6-р?)"
                }
            }
            // A flat is a number, at most with a letter after it ("кв. 5а"); a letter before the digits
            // is a digit misread (seed 2529: "кв. Т3" for 73 on a scan, accepted).
            if bare == "кв", i + 1 < tokens.count {
                let flat = tokens[i + 1].trimmingCharacters(in: CharacterSet(charactersIn: ".,"))
                if flat.range(of: #"^\d+\p{L}?$"#, options: .regularExpression) == nil {
                    return "flat number of an unusual shape (a digit read as a letter?)"
                }
            }
            // "п. Звёздны 1, ул. Суворова" for Звёздный (seed 2761 p021, a scan consent, first contact,
            // accepted): the й's breve lost and its stroke read as a 1. A name ending in ы, и or о, then a
            // lone 1 (or one run on) and a comma before a street or a house: a place's number stands after
            // its street, never between a name and the next part.
            if i + 1 < tokens.count, t.hasSuffix(","), bare.hasSuffix("1"),
               Self.streetOrHouseOpeners.contains(tokens[i + 1].trimmingCharacters(in: CharacterSet(charactersIn: ".,")).lowercased()) {
                let name = bare == "1" && i > 0 ? tokens[i - 1] : String(bare.dropLast())
                if name.count >= 3, name.first?.isUppercase == true, name.allSatisfy(\.isLetter), let last = name.last, "ыио".contains(last) {
                    return "a 1 after a name that й would end (й read as 1?)"
                }
            }
            if bare == "д" || bare == "дом", i + 1 < tokens.count {
                let house = tokens[i + 1].trimmingCharacters(in: CharacterSet(charactersIn: ".,"))
                // A house number is digits with at most one letter, or two such parts with "/".
                if house.range(of: houseNumberPattern, options: .regularExpression) == nil {
                    return "house number of an unusual shape (a digit read as a letter?)"
                }
                let number = house.prefix { $0.isNumber }
                if number.count >= 4 { return "house number unusually long (a letter read as a digit?)" }
                // "39б" and "396" look alike in print; a house number with a letter is common.
                if number.count >= 2, number.count == house.count, number.hasSuffix("6"), !housesPrintedAsDigits.contains(house) {
                    return houseSixDoubt
                }
            }
        }
        let k = TextNorm.key(s)
        // The region's name is printed with a dash, spaced or not ("область - Кузбасс",
        // "область-Кузбасс", "область – Кузбасс"); without it, the dash was lost in the reading.
        if k.contains("ОБЛАСТЬКУЗБАСС"), s.range(of: #"област(ь|и)\s?[-–—]\s?Кузбасс"#, options: .regularExpression) == nil {
            return "region name misread"
        }
        return nil
    }

    /// The marks that open an address's street or house part.
    static let streetOrHouseOpeners: Set<String> = ["ул", "улица", "пр-кт", "пр-т", "пр", "проспект", "пер", "переулок", "б-р",
                                                    "бульвар", "ш", "шоссе", "пл", "площадь", "наб", "набережная", "проезд",
                                                    "пр-д", "туп", "тупик", "д", "дом", "мкр", "мкрн", "микрорайон", "кв-л", "квартал"]

    /// Acronyms that Russian addresses are named with, written in capitals: gardeners' and dacha
    /// partnerships, garage co-operatives, housing complexes, and the Soviet bodies streets are named after.
    static let addressAcronyms: Set<String> = ["СНТ", "СНТСН", "ДНТ", "ДНП", "ОНТ", "СНП", "ТСН", "ГСК", "ПГСК", "ГК", "ЖК", "МЖК",
                                               "КП", "РФ", "ВЛКСМ", "ДОСААФ", "КИМ", "МОПР", "МОПРа", "ВЦСПС", "ЦК", "РККА", "СССР"]

    /// Lower-case words of Russian addresses: kinds of places, districts, streets and buildings
    /// (full and abbreviated) and the few lower-case words inside street names ("40 лет Победы",
    /// "им. Ленина"). Capitalised words are names of places and streets and are not listed.
    static let addressWords: Set<String> = Set("""
        область обл край округ округа район района р-н р-на р-не муниципальный муниципального муниципальное \
        городской городского сельское сельского поселение поселения г гор город город-курорт пгт рп пос посёлок поселок \
        с село д дер деревня п ст станция х хутор мкр мкрн микрорайон кв-л квартал тер ул улица пр пр-кт пр-т проспект \
        пер переулок б-р бульвар ш шоссе проезд пл площадь наб набережная туп тупик линия аллея тракт дом корп корпус \
        к стр строение лит литер литера кв квартира комн комната пом помещение им имени лет и а б в
        """.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\\" }).map(String.init))

    /// `value` with each word that ends in "ыи", "скии" or "цкии" (never a Russian spelling: the breve
    /// of й lost) ending in "ый", "ский", "цкий" instead; nil when no word does.
    static func breveRestored(_ value: String) -> String? {
        var chars = Array(value)
        var changed = false
        for i in chars.indices.dropFirst() where chars[i] == "и" || chars[i] == "И" {
            guard i + 1 == chars.count || !chars[i + 1].isLetter else { continue }
            // "-скии", "-цкии": no Russian word form ends so (none of OpenCorpora's 5.1 million); the
            // adjective's "-ский", "-цкий" with the breve lost ("Новобаидаевскии", seed 2577 p005).
            let adjective = i >= 3 && "иИ".contains(chars[i - 1]) && "кК".contains(chars[i - 2]) && "сцСЦ".contains(chars[i - 3])
            guard chars[i - 1] == "ы" || chars[i - 1] == "Ы" || adjective else { continue }
            chars[i] = chars[i] == "и" ? "й" : "Й"
            changed = true
        }
        return changed ? String(chars) : nil
    }

    /// The first two digits of every registry number of the region's certificates: the code of
    /// Kemerovo oblast (region 2 + municipality 2 + 6 digits).
    public static let registryRegionCode = "42"

    /// The towns of Kemerovo oblast (Kuzbass), ё written as е: the word after "г." names one of them.
    /// The 48 oblasts of the Russian Federation and its autonomous oblast, as named before "область".
    static let oblastNames: Set<String> = Set("""
        Амурская Архангельская Астраханская Белгородская Брянская Владимирская Волгоградская Вологодская \
        Воронежская Запорожская Ивановская Иркутская Калининградская Калужская Кемеровская Кировская \
        Костромская Курганская Курская Ленинградская Липецкая Магаданская Московская Мурманская \
        Нижегородская Новгородская Новосибирская Омская Оренбургская Орловская Пензенская Псковская \
        Ростовская Рязанская Самарская Саратовская Сахалинская Свердловская Смоленская Тамбовская \
        Тверская Томская Тульская Тюменская Ульяновская Херсонская Челябинская Ярославская Еврейская
        """.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\\" }).map(String.init))

    static let regionTowns: Set<String> = ["Кемерово", "Новокузнецк", "Прокопьевск", "Междуреченск", "Ленинск-Кузнецкий",
                                           "Киселевск", "Юрга", "Белово", "Анжеро-Судженск", "Березовский", "Осинники",
                                           "Мыски", "Мариинск", "Топки", "Полысаево", "Калтан", "Тайга", "Таштагол",
                                           "Гурьевск", "Салаир"]

    /// A town's name in the five cases an office's name uses it in (nominative, genitive, dative,
    /// prepositional, instrumental: "по г. Новокузнецку", "в г. Ленинске-Кузнецком"), each part of a
    /// hyphenated name declined alike; names in -о stay as they are.
    static func townForms(_ town: String) -> [String] {
        func cases(_ w: String) -> [String]? {
            if w.hasSuffix("ий") { let st = String(w.dropLast(2)); return [w, st + "ого", st + "ому", st + "ом", st + "им"] }
            if w.hasSuffix("а") { let st = String(w.dropLast()); return [w, st + "и", st + "е", st + "е", st + "ой"] }
            if w.hasSuffix("и") { let st = String(w.dropLast()); return [w, st + "ов", st + "ам", st + "ах", st + "ами"] }
            if w.hasSuffix("о") { return nil }
            return [w, w + "а", w + "у", w + "е", w + "ом"]
        }
        let parts = town.split(separator: "-").map(String.init)
        let declined = parts.map(cases)
        return (0..<5).map { k in zip(parts, declined).map { $1?[k] ?? $0 }.joined(separator: "-") }
    }

    /// Every case form of the region's towns (ё written as е).
    static let regionTownForms: Set<String> = Set(regionTowns.flatMap(townForms))

    /// The city districts of the region's towns (Novokuznetsk, Kemerovo, Prokopyevsk; public
    /// administrative division), in the forms an office's name uses ("в Куйбышевском р-не").
    static let regionDistrictForms: Set<String> = Set(["Центральный", "Куйбышевский", "Заводской", "Кузнецкий", "Орджоникидзевский",
                                                        "Новоильинский", "Ленинский", "Рудничный", "Кировский", "Зенковский"].flatMap { name in
        ["ий", "ый", "ой", "ом", "ого", "ому"].map { String(name.dropLast(2)) + $0 }
    })

    /// The word after the dash that follows "область" or "обл" at `i` ("область - Кузбасс", "обл.-Кузбасс",
    /// "область -Кузбасс"), if any.
    static func nameAfterRegionDash(_ tokens: [String], _ i: Int) -> String? {
        let dashes = CharacterSet(charactersIn: "-–—")
        let t = tokens[i].lowercased()
        for stem in ["область", "обл"] where t.hasPrefix(stem) {
            let rest = String(tokens[i].dropFirst(stem.count))
            if let first = rest.unicodeScalars.first, dashes.contains(first) {
                let name = rest.trimmingCharacters(in: dashes)
                return name.isEmpty ? (i + 1 < tokens.count ? tokens[i + 1].trimmingCharacters(in: dashes) : nil) : name
            }
            guard rest.isEmpty, i + 1 < tokens.count, let first = tokens[i + 1].unicodeScalars.first, dashes.contains(first) else { continue }
            let name = tokens[i + 1].trimmingCharacters(in: dashes)
            if !name.isEmpty { return name }
            return i + 2 < tokens.count ? tokens[i + 2] : nil
        }
        return nil
    }

    /// Evidence that an address lost a part at the cut or was misread, from the words alone: a
    /// lower-case word that is no address word ("бласть" for "область": the start of the value was
    /// cut off), or the region's "область" with no name before it ("Кемеровская" lost).
    public static func addressWordsDoubt(_ s: String) -> String? {
        let tokens = s.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "." || $0 == ";" || $0 == ":" }).map(String.init)
        for (i, t) in tokens.enumerated() where !t.isEmpty && t != "-" && !t.contains(where: \.isNumber) {
            // A name in capitals inside a mixed-case address is a case misread ("пгт ЯЯ" for Яя: seed 2611
            // p021, a scan, first contact, accepted; Cyrillic я, в, к, о, с... differ from their capitals
            // in size alone), unless it is one of the acronyms addresses are named with ("ул. 30 лет
            // ВЛКСМ", "СНТ", "ГСК") or a Roman number ("ул. XXII Партсъезда"). (Offices' names, full of
            // acronyms, are no addresses.)
            if t.count >= 2, t.allSatisfy({ $0.isLetter && $0.isUppercase }), s.contains(where: \.isLowercase),
               !addressAcronyms.contains(t), !t.allSatisfy({ "IVXLCХ".contains($0) }) {
                return "a word in capitals (letter case misread?)"
            }
            let parts = addressWords.contains(t.lowercased()) ? [t] : t.split(separator: "-").map(String.init)
            for p in parts where p.first?.isLowercase == true && !addressWords.contains(p) {
                return "word outside the address vocabulary (part of the address cut off or misread?)"
            }
            if ["г", "гор", "город"].contains(t), i + 1 < tokens.count, tokens[i + 1].first?.isUppercase == true,
               !regionTowns.contains(tokens[i + 1].replacingOccurrences(of: "ё", with: "е")) {
                return "not a town of the region (misread?)"
            }
            // The one region named with a dash is "Кемеровская область - Кузбасс": whatever follows the dash is
            // that word (seed 2699 p007, clean, first contact: "область - Кузбаее" accepted, с read е twice).
            if let named = Self.nameAfterRegionDash(tokens, i), named != "Кузбасс" {
                return "the region's name after its dash is not «Кузбасс» (misread?)"
            }
            if ["область", "обл"].contains(t.lowercased()) || t.lowercased().hasPrefix("область-") {
                let before = i > 0 ? tokens[i - 1] : ""
                guard before.first?.isUppercase == true, before.allSatisfy({ $0.isLetter }) else {
                    return "region name lost before \"область\""
                }
                // A name before "область" that names none of Russia's oblasts is misread
                // (seed 2545 p020, clean: "Кемеровекая обл." accepted for "Кемеровская").
                guard oblastNames.contains(before.replacingOccurrences(of: "ё", with: "е")) else {
                    return "not the name of an oblast (misread?)"
                }
            }
        }
        return nil
    }

    /// Words of Russian passport offices' names ("ГУ МВД России по Кемеровской области -
    /// Кузбассу", "Отделом УФМС России по Кемеровской обл. в Ленинском р-не г. Кемерово").
    static let officeWords: Set<String> = Set("""
        - гу мвд омвд овд ровд говд увд умвд овм оувм оуфмс уфмс фмс тп оп мо россии российской федерации \
        по в и г гор города городе обл области кемеровской кемеровская кузбассу кузбасс кузбасса районе района р-не р-на \
        отдел отделом отдела отделение отделением отделения отделении управление управлением управления \
        межмуниципальным межмуниципального межрайонным вопросам миграции миграционной службы службой \
        федеральной полиции внутренних дел паспортно-визовой паспортным столом \
        края краю республики республике автономного автономному округа округу автономной
        """.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\\" }).map(String.init))

    /// Abbreviations of the bodies that issue passports, printed in capitals and without a full stop.
    static let officeAbbreviations: Set<String> = ["МВД", "УМВД", "ОМВД", "ГУ", "ОВМ", "УВМ", "УФМС", "ОУФМС", "ФМС", "ТП", "ОВД", "РОВД", "УВД", "ГУВД"]

    /// A word of an issuing office outside that vocabulary and not a place name (the capitalised
    /// word after "г." or before "районе" / "р-не"): a misread ("Кфмеровской", "пд").
    public static func officeDoubt(_ s: String) -> String? {
        // "в г.. Осинниках" (seed 2515): no office's name holds two marks in a row.
        if s.contains("..") || s.contains(",,") || s.contains(".,") || s.contains(",.") { return "punctuation misread (two marks in a row)" }
        let words = s.split(separator: " ")
        // The bodies' abbreviations are printed without a full stop ("Отдела МВД России"); a mark after one
        // inside the name is a speck or a rule's rest read as a dot (s2739 p009, a clean consent, first
        // contact: "Отдела МВД. России", accepted).
        if words.dropLast().contains(where: { $0.hasSuffix(".") && officeAbbreviations.contains(String($0.dropLast())) }) {
            return "punctuation misread (a full stop after an abbreviation such as МВД)"
        }
        let tokens = words.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".,;")) }
        // An office's name opens with the body that issued the passport ("Отделом ...", "ГУ МВД ...",
        // "ТП УФМС ..."); a first word in lower case that names no body is a word from inside the name,
        // its start cut off at the zone or lost on a line above (seed 2631 p025, a poor consent, first
        // contact: "вопросам миграции Отдела МВД России по г. Юрге" accepted, "Отделом по" lost).
        // (Words that name no office at all are the validator's `not_a_passport_office`.)
        let namesAnOffice = passportOfficeMarkers.contains(where: s.uppercased().contains)
        if namesAnOffice, let first = tokens.first(where: { !$0.isEmpty }), first.first?.isLowercase == true,
           !officeBodies.contains(first.lowercased()) {
            return "the office's name opens with no issuing body (its start cut off?)"
        }
        // "по Г. Прокопьевску" (seed 1801): the town's "г." is printed in lower case after a preposition.
        for i in tokens.indices.dropFirst() where tokens[i] == "Г" && tokens[i - 1].first?.isLowercase == true {
            return "capital Г. after a preposition (letter case misread?)"
        }
        for (i, t) in tokens.enumerated() where !t.isEmpty && !officeWords.contains(t.lowercased()) {
            let previous = i > 0 ? tokens[i - 1].lowercased() : ""
            let next = i + 1 < tokens.count ? tokens[i + 1].lowercased() : ""
            // A region of another passport ("по Новосибирской области", "по Алтайскому краю", "по Республике
            // Татарстан"): the capitalised word before the kind of region, or after "Республике", is its name.
            let region = ["области", "обл", "края", "краю", "округу", "округа"].contains(next) || ["республике", "республики"].contains(previous)
            let district = ["районе", "района", "р-не", "р-на"].contains(next)
            let place = ["г", "гор", "города", "городе"].contains(previous) || district || region
            let cyrillic = t.allSatisfy { $0 == "-" || ("А"..."я").contains($0) || $0 == "ё" || $0 == "Ё" }
            if !(place && cyrillic && t.first?.isUppercase == true) { return "word outside the passport offices' vocabulary (misread?)" }
            // A place's name ends, in whatever case the office's name puts it, in a vowel, a soft sign or
            // one consonant (-ск, -ов, -ах, -ом, -ий); none ends in a consonant then "с" but "Кузбасс": a
            // final е or й read as с (seed 2753 p029, a clean consent, first contact: "в г. Бийскс" for
            // Бийске, accepted; с and е differ by the е's bar alone).
            if let last = t.last, last == "с", t.count >= 3, !t.hasSuffix("сс"),
               let before = t.dropLast().last, !"аеёиоуыэюяьъй".contains(before.lowercased()) {
                return "a place's name ending in a consonant and с (its last letter misread?)"
            }
            // A town of another region is printed as it is; one a letter or two from a town of the
            // region is that town misread (seed 2503: "по г. Новокузнсцку").
            let folded = t.replacingOccurrences(of: "ё", with: "е")
            if region, !folded.hasPrefix("Кемеровск"), Fuzzy.distance(String(folded.prefix(11)), "Кемеровской") <= 2 {
                return "the region misread?"
            }
            // The region's own name in a form outside the vocabulary: its ending misread ("Кемеровскои",
            // the breve of й lost, seed 2515).
            if region, folded.hasPrefix("Кемеровск") { return "the region misread?" }
            if !regionTownForms.contains(folded),
               regionTownForms.contains(where: { abs($0.count - folded.count) <= 1 && Fuzzy.distance($0, folded) <= 2 }) {
                return "a town of the region misread?"
            }
            // Likewise a city district (seed 2533 p005: "в Куйбьшевском р-не" accepted).
            if district, !regionDistrictForms.contains(folded),
               regionDistrictForms.contains(where: { abs($0.count - folded.count) <= 1 && Fuzzy.distance($0, folded) <= 2 }) {
                return "a district of the region's towns misread?"
            }
        }
        return nil
    }

    /// The words an issuing body's name opens with, in lower case (the body in the instrumental case,
    /// or its abbreviation): a user may type them in lower case.
    static let officeBodies: Set<String> = ["отделом", "отделением", "отдел", "отделение", "управлением", "управление",
                                            "территориальным", "территориальный", "межрайонным", "межрайонный", "паспортным", "паспортно-визовым",
                                            "паспортно-визовой", "паспортной", "пвс", "миграционным",
                                            "гу", "мвд", "умвд", "уфмс", "оуфмс", "овм", "овд", "увд", "омвд", "ровд", "говд",
                                            "тп", "то", "мо", "мро", "гувд", "гумвд"]

    /// Words of which a passport office's name holds one (in `TextNorm.key`'s upper case): a value with none
    /// of them names no office.
    static let passportOfficeMarkers = ["МВД", "УФМС", "ОВД", "ОВМ", "МИГРАЦИИ", "ПОЛИЦИИ"]

    /// Every word of an office's name is a word of the offices' vocabulary or a case form of one of
    /// the region's towns or city districts: the value is made of closed lists only, so a misread
    /// letter leaves a word outside them (`officeDoubt` sees one a letter or two from a town).
    public static func officeInClosedVocabulary(_ s: String) -> Bool {
        let tokens = s.split(separator: " ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".,;")) }.filter { !$0.isEmpty }
        return !tokens.isEmpty && tokens.allSatisfy { t in
            let folded = t.replacingOccurrences(of: "ё", with: "е").replacingOccurrences(of: "Ё", with: "Е")
            return officeWords.contains(t.lowercased()) || regionTownForms.contains(folded) || regionDistrictForms.contains(folded)
        }
    }

    /// The region code a passport issued by `office` carries as the first two digits of its series:
    /// "32" for an office of Kemerovo oblast (named so, or an office of one of its towns); nil when the
    /// office names no region this knows.
    public static func officeRegionCode(_ office: String) -> String? {
        let words = office.split(separator: " ").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ".,;")) }
        if words.contains(where: { $0.hasPrefix("Кемеровск") || $0.hasPrefix("Кузбасс") }) { return "32" }
        for (i, w) in words.enumerated() where i > 0 && ["г", "гор", "города"].contains(words[i - 1].lowercased()) {
            if regionTownForms.contains(w.replacingOccurrences(of: "ё", with: "е")) { return "32" }
        }
        return nil
    }

    /// One printed ё read as "её" ("Шахтеёров", "Киселеёвску"): no name, place or street has
    /// "её" inside a word (the pronouns "её", "неё" are not field values).
    static func undoubledYo(_ s: String) -> String {
        s.replacingOccurrences(of: #"(?<=\p{L})её"#, with: "ё", options: .regularExpression)
            .replacingOccurrences(of: #"(?<=\p{Lu})ЕЁ"#, with: "Ё", options: .regularExpression)
    }

    /// Address abbreviations in their usual misreadings (л read as п, к as х), restored.
    static let abbreviationMisreads: [String: String] = ["уп": "ул", "хв": "кв"]

    /// A house number as printed: digits with at most one letter, or two such parts with "/".
    static let houseNumberPattern = #"^\d+\p{L}?(/\d+\p{L}?)?$"#

    /// A house's or flat's number that opens with the letter З or О, or holds one between its digits,
    /// with the digit it looks like ("д. З8в" for 38в: seed 2745 p002, a clean table in a sans face, on
    /// all three prints, first contact). A number opens with a digit and holds a letter only at its end,
    /// so such a letter is a misread digit. The value stays a doubt: the letter was read, the digit is
    /// inferred.
    public static func repairNumberLetters(_ s: String) -> String {
        var tokens = s.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let looks: [Character: Character] = ["З": "3", "з": "3", "О": "0", "о": "0"]
        for i in tokens.indices.dropFirst() {
            let mark = tokens[i - 1].lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
            guard ["д", "дом", "кв", "корп", "к"].contains(mark) else { continue }
            let word = tokens[i]
            let tail = word.reversed().prefix { ".,".contains($0) }.count
            var chars = Array(word.dropLast(tail))
            guard chars.count >= 2, chars.contains(where: \.isNumber) else { continue }
            // The last letter may be the house's own ("д. 12з"): it stays.
            let digitsEnd = chars.last?.isLetter == true ? chars.count - 1 : chars.count
            var changed = false
            for j in 0..<digitsEnd where looks[chars[j]] != nil {
                // Only where a digit stands beside it: the letter then sits inside the number.
                let beside = (j > 0 && chars[j - 1].isNumber) || (j + 1 < chars.count && chars[j + 1].isNumber)
                if beside { chars[j] = looks[chars[j]]!; changed = true }
            }
            guard changed, String(chars).range(of: houseNumberPattern, options: .regularExpression) != nil else { continue }
            tokens[i] = String(chars) + word.suffix(tail)
        }
        return tokens.joined(separator: " ")
    }

    public static func repairAbbreviations(_ s: String) -> String {
        s.split(separator: " ", omittingEmptySubsequences: false).map { t -> String in
            let w = String(t)
            for (bad, good) in abbreviationMisreads where w == bad + "." || w == bad + ".," {
                return good + w.dropFirst(bad.count)
            }
            return w
        }.joined(separator: " ")
    }

    /// An address names at least one address part ("г.", "ул.", "д.", "область", ...) and has a
    /// number (house, postcode): a run of the form's own prose after a misplaced label has neither.
    public static func looksLikeAddress(_ s: String) -> Bool {
        guard s.contains(where: \.isNumber) else { return false }
        let words = s.lowercased().split(whereSeparator: { $0 == " " || $0 == "," })
        return words.contains { w in
            let bare = w.trimmingCharacters(in: CharacterSet(charactersIn: "."))
            return (w.hasSuffix(".") && addressAbbreviations.contains(bare))
                || ["область", "округ", "район", "р-н", "пр-кт", "улица", "город"].contains(bare)
        }
    }

    /// The punctuation of an address looks as printed: abbreviations keep their dot, parts are
    /// separated by commas (a period after a full word is a misread comma).
    public static func addressLooksPrinted(_ s: String) -> Bool {
        // A semicolon or a colon is no mark of an address: a misread comma or slash (seed 2739 p019, a scan:
        // "652870; Кемеровская обл., ..." on both forms; p009: "дом 106:4" for 106/4). Nor is a brace, a
        // square bracket or a sign of the keyboard: a mark read from a speck or the value's frame (seed 2747
        // p020, a clean table, first contact: "корп. 1}" on both prints, accepted). Nor a single quote: an address
        // quotes a name in «» or "", never in ‘’ (seed 2759 p010, a scan, first contact: "Кемеровская ‘область" on
        // both prints of the child's address, a speck read as a quote, accepted).
        if s.contains(where: { ";:{}[]|\\_~`^*@#$%&=+<>‘’‚'".contains($0) }) { return false }
        let tokens = s.split(separator: " ").map(String.init)
        for (i, t) in tokens.enumerated() {
            let bare = t.trimmingCharacters(in: CharacterSet(charactersIn: ".,"))
            // "в г." / "по г." read as one word: the dot and the space were lost.
            if ["вг", "пог", "наг", "вр-не", "вгор"].contains(bare.lowercased()) { return false }
            // "кв.9": the space after an abbreviation's dot was lost (2709 p014, a clean consent, first contact:
            // the applicant's address "..., кв.9" for "кв. 9", accepted). The forms print the space.
            if let dot = t.firstIndex(of: "."), addressAbbreviations.contains(String(t[..<dot])),
               t.index(after: dot) < t.endIndex, t[t.index(after: dot)].isNumber { return false }
            // "обл.," keeps its dot before the comma ("Кемеровская обл., г. Кемерово").
            if addressAbbreviations.contains(bare), !dotOptional.contains(bare), i + 1 < tokens.count,
               !t.hasSuffix("."), !t.hasSuffix(".,") { return false }
            if t.hasSuffix("."), bare.filter(\.isLetter).count > 4, i + 1 < tokens.count,
               tokens[i + 1].first?.isLowercase == true { return false }
            // A full stop after a postcode or a full word before the next part is a misread comma
            // ("652380. Кемеровская область - Кузбасс. Промышленновский ...", seed 1603), and so is one
            // after a short place name ("пгт Яя. ул. Юбилейная", seed 2591 p017; "г. Юрга. улица Новая",
            // seed 2589 p028): the address's abbreviations are lower-case, so a capitalised word with
            // a dot is a name whose comma was misread.
            if t.hasSuffix("."), i + 1 < tokens.count,
               (!addressAbbreviations.contains(bare.lowercased()) && (bare.first?.isNumber == true || bare.filter(\.isLetter).count > 4))
                || isCapitalisedName(bare) { return false }
        }
        return true
    }

    /// A capitalised word of two letters or more, not all capitals: a name, never an abbreviation
    /// of an address ("Яя", "Юрга"; not "г", "К" of an initial, "РФ"; not "Ул" or "Пр" either, an
    /// abbreviation capitalised where it opens the address or a sentence).
    static func isCapitalisedName(_ word: String) -> Bool {
        word.count >= 2 && word.first?.isUppercase == true && word.contains(where: \.isLowercase)
            && word.allSatisfy { $0.isLetter || $0 == "-" } && !addressAbbreviations.contains(word.lowercased())
    }
}

/// A calendar date without time zones.
public struct SimpleDate: Comparable, Hashable, Sendable {
    public let year: Int, month: Int, day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2100).contains(year), (1...12).contains(month), day >= 1 else { return nil }
        let dim = [31, (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= dim[month - 1] else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    public init?(iso: String) {
        let p = iso.split(separator: "-")
        guard p.count == 3, p[0].count == 4, let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func today() -> SimpleDate {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "Asia/Novokuznetsk") ?? .current, from: Date())
        return SimpleDate(year: c.year!, month: c.month!, day: c.day!)!
    }

    public var iso: String { String(format: "%04d-%02d-%02d", year, month, day) }

    /// Whole years from `self` to `other`.
    public func years(until other: SimpleDate) -> Int {
        var y = other.year - year
        if (other.month, other.day) < (month, day) { y -= 1 }
        return y
    }

    public static func < (a: SimpleDate, b: SimpleDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}
