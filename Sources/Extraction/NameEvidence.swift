import Foundation

/// Plausibility of names from a large real-world lexicon (OpenCorpora's given names, surnames and
/// patronymics, written by `scripts/build_lexicon.py`) and from morphology: how patronymics are
/// formed and which endings the surnames of the region's peoples have.
///
/// This is weak evidence: a name outside the lexicon is sent to review only until an independent
/// source (the other form, the registry) agrees with the reading.
public struct NameLexicon: Sendable {
    public let givenNames: Set<String>
    public let surnames: Set<String>
    public let patronymics: Set<String>
    /// Surnames the lexicon spells with ё, folded to е.
    let yoFoldedSurnames: Set<String>
    /// Given names and patronymics the lexicon spells with ё (Бахтиёр, Бахтиёрович), folded to е.
    public let yoFoldedGiven: Set<String>
    /// Common words that name streets, lower case: adjectives in the feminine nominative singular
    /// ("советская") and plural genitives of nouns of people ("патриотов", "строителей").
    let streetWords: Set<String>

    public static let shared = NameLexicon()

    init() {
        func load(_ name: String) -> Set<String> {
            guard let url = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Templates/lexicon")
                    ?? Bundle.module.url(forResource: name, withExtension: "txt"),
                  let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
            return Set(text.split(separator: "\n").map(String.init).filter { !$0.isEmpty })
        }
        givenNames = load("oc_first_names").union(Lexicon.shared.firstNames)
        surnames = load("oc_surnames")
        patronymics = load("oc_patronymics").union(Lexicon.shared.patronymics)
        yoFoldedSurnames = Self.yoFolded(surnames)
        yoFoldedGiven = Self.yoFolded(givenNames.union(patronymics))
        streetWords = load("oc_street_words")
    }

    init(givenNames: Set<String>, surnames: Set<String>, patronymics: Set<String>, streetWords: Set<String> = []) {
        self.givenNames = givenNames; self.surnames = surnames; self.patronymics = patronymics
        self.streetWords = streetWords
        yoFoldedSurnames = Self.yoFolded(surnames)
        yoFoldedGiven = Self.yoFolded(givenNames.union(patronymics))
    }

    /// The entries spelt with ё, folded to е.
    static func yoFolded(_ names: Set<String>) -> Set<String> {
        Set(names.filter { $0.contains("ё") }.map { $0.replacingOccurrences(of: "ё", with: "е") })
    }

    /// Hyphenated names are checked part by part.
    public func knownGivenName(_ value: String) -> Bool {
        value.split(separator: "-").allSatisfy { givenNames.contains(String($0)) }
    }

    /// Whether the lexicon spells the surname (each hyphenated part, or its male form) as read, with
    /// е, and has no spelling of it with ё: real-world evidence that no dots were lost ("Григорьева"),
    /// where a spelling with ё ("Семёнова") keeps the doubt.
    public func surnameSpeltWithoutYo(_ value: String) -> Bool {
        guard !value.contains("ё"), !value.contains("Ё") else { return false }
        return value.split(separator: "-").allSatisfy { part in
            let p = String(part), male = Self.maleForm(p)
            guard surnames.contains(p) || surnames.contains(male) else { return false }
            return !yoFoldedSurnames.contains(p) && !yoFoldedSurnames.contains(male)
        }
    }

    public func knownSurname(_ value: String) -> Bool {
        value.split(separator: "-").allSatisfy { part in
            let p = String(part)
            return surnames.contains(p) || surnames.contains(Self.maleForm(p))
        }
    }

    /// A patronymic in the lexicon, or one formed by the Russian rules from a given name in the lexicon
    /// (Ринат → Ринатович, Ильхам → Ильхамовна, Андрей → Андреевич, Юрий → Юрьевич, Илья → Ильинична).
    public func knownPatronymic(_ value: String) -> Bool {
        patronymics.contains(value) || Self.fatherCandidates(value).contains { givenNames.contains($0) }
    }

    /// Which part of a full name a value is.
    public enum Part: Sendable { case surname, given, patronymic }

    public func known(_ value: String, as part: Part) -> Bool {
        switch part {
        case .surname: return knownSurname(value)
        case .given: return knownGivenName(value)
        case .patronymic: return knownPatronymic(value)
        }
    }

    /// The spelling of a known name with one interior е as с, when that is a known name too. OpenCorpora's
    /// names hold spellings that are an interior с read as е, the model's own confusion, beside the name
    /// ("Алеу" beside Алсу, "Метислав" beside Мстислав, "Арелан" beside Арслан: 11 given names and 16
    /// patronymics, no surname), so a reading that lands on one is no evidence of the name (s2775 p007, a
    /// clean packet, first contact: the applicant's "Алеу" for Алсу on both forms, accepted as a known
    /// name and activated). No name printed in the corpora since 2733 is such an е-spelling. Nil otherwise.
    public func withSForE(_ value: String, as part: Part) -> String? {
        let chars = Array(value)
        guard chars.count >= 3 else { return nil }
        for i in 1..<(chars.count - 1) where chars[i] == "е" {
            var other = chars
            other[i] = "с"
            let spelt = String(other)
            if known(spelt, as: part) { return spelt }
        }
        return nil
    }

    /// Letters the Russian model confuses inside a word (е/с, и/й, и/н, п/р, п/л, п/н, м/н, ь/ъ, ш/щ,
    /// ц/щ, з/э, and ё/б: a ё whose dots ran into one tall stroke, "Сембнов" for "Семёнов" on both
    /// clean forms of seed 2519, accepted; no name of the lexicon is another's б/ё twin); ё/е has its
    /// own doubt. а/о, к/х, т/г were left out: with them 12 of 645 distinct
    /// real names of the generated corpora (Tajik and Uzbek spellings: Сухроб/Сухраб) became
    /// "near" another entry; with these pairs none did. н/ц ("Кузиенов" for "Кузнецов" on both scanned
    /// forms of seed 2575, accepted): swapping one н/ц of an OpenCorpora surname gives another one at
    /// 16 of its 10,917 places (0.15%), fewer than п/н (0.23%) or м/н (0.38%); no new "near" name
    /// among the 438 distinct names of seeds 2573-2581 and samples/.
    static let confusableLetters: [Character: [Character]] = {
        var out: [Character: [Character]] = [:]
        for pair in ["ес", "ий", "ин", "пр", "пл", "пн", "мн", "нц", "ьъ", "шщ", "цщ", "зэ", "бё"] {
            let a = pair.first!, b = pair.last!
            out[a, default: []].append(b)
            out[b, default: []].append(a)
        }
        return out
    }()

    /// A known name that a value outside the lexicon becomes when one or two of its letters (after
    /// the first) are replaced by letters the model confuses them with: "Гуссинова" gives
    /// "Гусейнова" (с/е, и/й). Nil when the value is known itself, or no such name exists.
    /// Absence from the lexicon alone is weak evidence; a known name two confusable letters away
    /// is the shape of a misreading.
    public func nearKnown(_ value: String, as part: Part) -> String? {
        guard !known(value, as: part) else { return nil }
        return Self.twoLettersAway(value, confusing: Self.confusableLetters, where: { known($0, as: part) })
    }

    /// A given name or patronymic outside the lexicon that one or two letters the model confuses, д/л and
    /// о/с among them (`streetConfusable`), turn into a common name (`Lexicon`'s lists of the common first
    /// names and patronymics). `nearKnown` leaves д/л out, as it looks for any of OpenCorpora's names; the
    /// common names are few, and no real name of the generated corpora outside the lexicon (63 given names,
    /// 58 patronymics, seeds 1101-2725 and samples/) is such a near twin of one. s2725 p026 (a scan, first
    /// contact): "Належла" for Надежда, read 0.92 and 0.90 sure on the two forms, accepted by their agreement
    /// and its packet activated with it.
    public func nearCommonUnknown(_ value: String, as part: Part) -> String? {
        guard let common = Self.commonNames(part), !common.isEmpty, !known(value, as: part) else { return nil }
        return Self.twoLettersAway(value, confusing: Self.streetConfusable, where: { common.contains($0) })
    }

    /// `Lexicon`'s list of the common given names or patronymics (nil for surnames: there is no such list).
    static func commonNames(_ part: Part) -> Set<String>? {
        switch part {
        case .given: return Lexicon.shared.firstNames
        case .patronymic: return Lexicon.shared.patronymics
        case .surname: return nil
        }
    }

    /// A word `accepted` takes that one or two letters of `word` (after the first) become when replaced by
    /// letters they are confused with; one letter's change first.
    static func twoLettersAway(_ word: String, confusing: [Character: [Character]], where accepted: (String) -> Bool) -> String? {
        if let one = oneLetterAway(word, confusing: confusing, where: accepted) { return one }
        let chars = Array(word)
        let places = chars.indices.filter { $0 > 0 && confusing[chars[$0]] != nil }
        for (n, i) in places.enumerated() {
            for j in places.dropFirst(n + 1) {
                for a in confusing[chars[i]]! {
                    for b in confusing[chars[j]]! {
                        var two = chars
                        two[i] = a
                        two[j] = b
                        if accepted(String(two)) { return String(two) }
                    }
                }
            }
        }
        return nil
    }

    /// A given name or patronymic known only to OpenCorpora that one letter the model confuses (д/л
    /// included, as in streets' names) turns into a common name (`Lexicon`'s lists of the common first
    /// names and patronymics). OpenCorpora holds the misprints of the texts it was built from as names:
    /// "Влалимир", "Влалимировна", "Адексей", "Андпей", "Васидий", "Генналий", "Яросдав", the very
    /// misreadings this model makes (seed 2665 p024, a scan, first contact: "Влалимировна" for
    /// Владимировна on both forms, accepted as a known patronymic). 53 of OpenCorpora's 12,419 given
    /// names outside the common list and 60 of its 15,575 patronymics are such; about ten of them are
    /// real rare names (Карима, Галима, Устим, Серафина), which a person then confirms.
    public func nearCommon(_ value: String, as part: Part) -> String? {
        guard let common = Self.commonNames(part), !common.contains(value), known(value, as: part) else { return nil }
        // A patronymic formed by the rules from a common given name is that name's, however it differs
        // from the usual form ("Михаиловна" beside Михайловна, 2669 p024, a scan, first contact).
        if part == .patronymic, Self.fatherCandidates(value).contains(where: Lexicon.shared.firstNames.contains) { return nil }
        return Self.oneLetterAway(value, confusing: part == .patronymic ? Self.patronymicConfusable : Self.streetConfusable,
                                  where: { common.contains($0) })
    }

    /// A patronymic formed only from a rare given name may also be a common patronymic with its е read
    /// as о, the bar of the е lost: "Андроевна" (from Андро, a name OpenCorpora holds) for Андреевна, read
    /// so on a bilevel scan of a monospaced face (sig2687 p025, first contact, accepted). Other vowels
    /// are no such confusion: "Муратовна" beside Маратовна are both the region's patronymics (sig2683
    /// p004 held both prints of a right one when every vowel was taken for every other).
    static let patronymicConfusable: [Character: [Character]] = {
        var out = streetConfusable
        for (a, b): (Character, Character) in [("е", "о"), ("о", "е")] where !(out[a]?.contains(b) ?? false) { out[a, default: []].append(b) }
        return out
    }()

    /// The father's names a patronymic may be formed from.
    static func fatherCandidates(_ p: String) -> [String] {
        let suffixes: [(String, [String])] = [
            ("инична", ["а", "я"]), ("ична", ["а", "я"]), ("ьевич", ["ий", "ей", "ь"]), ("ьевна", ["ий", "ей", "ь"]),
            ("иевич", ["ий"]), ("иевна", ["ий"]), ("еевич", ["ей"]), ("еевна", ["ей"]), ("аевич", ["ай"]), ("аевна", ["ай"]),
            ("оевич", ["ой"]), ("оевна", ["ой"]), ("евич", ["й", "ь", ""]), ("евна", ["й", "ь", ""]),
            ("ович", [""]), ("овна", [""]), ("ич", ["а", "я"]),
        ]
        var out: [String] = []
        for (suffix, endings) in suffixes where p.hasSuffix(suffix) && p.count > suffix.count + 1 {
            let stem = String(p.dropLast(suffix.count))
            for e in endings {
                if suffix.hasPrefix("ь") || suffix.hasPrefix("и") || suffix.hasPrefix("е") || suffix.hasPrefix("а") || suffix.hasPrefix("о") {
                    // Юрьевич → Юр + ий; Андреевич → Андр + ей; Николаевич → Никол + ай
                    out.append(stem + e)
                } else {
                    out.append(stem + e)
                }
            }
        }
        return out
    }

    /// The male form of a Russian-pattern surname (Иванова → Иванов, Лебедева → Лебедев,
    /// Кузьмина → Кузьмин, Савицкая → Савицкий, Толстая → Толстой).
    static func maleForm(_ s: String) -> String {
        for (f, m) in [("ская", "ский"), ("цкая", "цкий"), ("ова", "ов"), ("ева", "ев"), ("ёва", "ёв"), ("ина", "ин"), ("ына", "ын")]
            where s.hasSuffix(f) && s.count > f.count + 1 {
            return String(s.dropLast(f.count)) + m
        }
        return s
    }

    /// Endings of surnames of the peoples of the region (Russian, Ukrainian, Belarusian, Tatar,
    /// Kazakh, Shor, Armenian, Azerbaijani, Uzbek, Tajik: mostly the Russian -ов/-ев/-ин pattern;
    /// Armenian -ян/-янц, Ukrainian -енко/-ук/-юк/-чук, Belarusian -ич/-ович, German -ер/-ман/-дт/-ц).
    static let regionalSurnameEndings = ["ов", "ова", "ев", "ева", "ёв", "ёва", "ин", "ина", "ын", "ына", "ский", "ская",
                                         "цкий", "цкая", "ой", "ая", "ых", "их", "ян", "янц", "енко", "ко", "ук", "юк", "чук",
                                         "ич", "ец", "ик", "ак", "як", "ок", "ер", "эр", "ман", "дт", "ц", "рг", "йн", "ль",
                                         "лд", "льд", "нк", "ф", "х", "зе", "ба", "уз", "ун", "ен", "ан", "ей", "ай", "ия", "дзе",
                                         "швили", "улы", "кызы", "оглы", "ус", "ут", "им", "ам", "ом", "ыш", "уш", "ня"]

    /// A surname whose ending fits one of the region's peoples (a misread surname usually loses it).
    public static func plausibleSurnameEnding(_ value: String) -> Bool {
        value.split(separator: "-").allSatisfy { part in
            let w = part.lowercased()
            guard w.count >= 2 else { return false }
            let chars = Array(w)
            if chars[0] == chars[1] { return false }
            return regionalSurnameEndings.contains { w.hasSuffix($0) }
        }
    }
}

extension NameLexicon {
    /// Words that begin a street's name in an address ("ул. Орджоникидзе", "пр-кт Ленина").
    static let streetMarkers: Set<String> = ["ул", "улица", "пр-кт", "пр", "проспект", "пер", "переулок", "б-р",
                                             "бульвар", "пл", "площадь", "ш", "шоссе", "наб", "набережная", "проезд", "туп", "тупик"]

    /// The letters confused inside a street's name: the names' pairs, д/л (a д whose feet are lost
    /// in a thin or light print reads л: "Орджоникилзе", seed 2513, on both forms alike) and о/с (an о
    /// whose right side is lost: "ул. Патристов" for "Патриотов", seed 2563, accepted). With о/с, none
    /// of 204 real street names of the region's towns (written down apart from any generated corpus)
    /// came out one confusable letter away from another known word.
    static let streetConfusable: [Character: [Character]] = {
        var out = confusableLetters
        for (a, b): (Character, Character) in [("д", "л"), ("о", "с")] {
            out[a, default: []].append(b)
            out[b, default: []].append(a)
        }
        return out
    }()

    /// Many streets bear a person's name, as printed in the nominative ("ул. Орджоникидзе") or the
    /// genitive ("ул. Кирова", "ул. Карла Маркса"). A word of a street's name that is no name itself
    /// but becomes one when one letter (after the first) is replaced by a letter the model confuses it
    /// with is the shape of a misreading that both forms share (one printer, one font); the address
    /// with the known spelling is returned. Nil when every word is a known name or no such name exists.
    public func nearKnownStreetName(_ address: String) -> String? {
        let tokens = address.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        var inStreet = false
        for t in tokens {
            let bare = t.trimmingCharacters(in: CharacterSet(charactersIn: "."))
            if Self.streetMarkers.contains(bare.lowercased()) { inStreet = true; continue }
            guard inStreet else { continue }
            guard bare.first?.isUppercase == true, bare.count >= 5, bare.allSatisfy(\.isLetter) else {
                if t.hasSuffix(",") || bare.first?.isUppercase != true { inStreet = false }
                continue
            }
            let word = bare.lowercased()
            if !knownStreetWord(word), let near = oneConfusableAway(word), let r = address.range(of: bare) {
                return address.replacingCharacters(in: r, with: near)
            }
            if t.hasSuffix(",") { inStreet = false }
        }
        return nil
    }

    /// A surname or given name in the nominative, or in the genitive of a surname in -ов/-ин/-ев
    /// ("Кирова") or of a given name ("Карла"), or a common word that names streets ("Советская",
    /// "Патриотов"). `word` is in lower case.
    func knownStreetWord(_ word: String) -> Bool {
        if streetWords.contains(word) { return true }
        let cap = word.prefix(1).uppercased() + word.dropFirst()
        if surnames.contains(cap) || givenNames.contains(cap) { return true }
        // The genitive adds -а to a name ending in a consonant; a stem ending in a vowel is no such
        // name ("Саловая" is not the genitive of the surname "Салова").
        if cap.hasSuffix("а"), let end = cap.dropLast().last, !"аеёиоуыэюяйь".contains(end) {
            let stem = String(cap.dropLast())
            if surnames.contains(stem) || givenNames.contains(stem) { return true }
        }
        if cap.hasSuffix("ого") {
            // "ул. Тухачевского": the genitive of a surname in -ий.
            let stem = String(cap.dropLast(3))
            if surnames.contains(stem + "ий") || surnames.contains(stem + "ой") { return true }
        }
        return false
    }

    func oneConfusableAway(_ word: String) -> String? {
        let near = Self.oneLetterAway(word, confusing: Self.streetWordConfusable, where: knownStreetWord) ?? firstLetterAway(word)
        return near.map { $0.prefix(1).uppercased() + $0.dropFirst() }
    }

    /// The word with its first letter Ш read for Щ or back, when that spelling is known: the capitals
    /// differ only in Щ's small tail under the line, which a light print or a scan loses (s2765 p030, a
    /// CMU Serif scan, first contact: "пер. Шорса" for Щорса in all three prints of the address, read
    /// so by every reading, accepted). The other confusable pairs differ in more than a tail in capitals
    /// and stay off the first letter. Only a word that is not known itself is taken for the other: of the
    /// street words and names (148,000), 8 pairs differ in a first ш/щ alone ("Шипов", "Щипов"), left as read.
    func firstLetterAway(_ word: String) -> String? {
        guard let first = word.first, let other: Character = first == "ш" ? "щ" : first == "щ" ? "ш" : nil else { return nil }
        let swapped = String(other) + word.dropFirst()
        return knownStreetWord(swapped) ? swapped : nil
    }

    /// The letters confused inside a street's name, and г/т: a т whose left arm is lost in a scan
    /// reads г ("пл. Совегов" for "Советов", s2735 p019, a serif face scanned, read alike on both
    /// forms and accepted). Only for street words: a name's г/т pair is left to the name lists.
    static let streetWordConfusable: [Character: [Character]] = {
        var out = streetConfusable
        out["г", default: []].append("т")
        out["т", default: []].append("г")
        return out
    }()

    /// The first spelling of `word` with one letter after the first replaced by a letter it is
    /// confused with (`confusing`) that `accepted` takes.
    static func oneLetterAway(_ word: String, confusing: [Character: [Character]], where accepted: (String) -> Bool) -> String? {
        let chars = Array(word)
        for i in chars.indices where i > 0 {
            for a in confusing[chars[i]] ?? [] {
                var one = chars
                one[i] = a
                if accepted(String(one)) { return String(one) }
            }
        }
        return nil
    }
}
