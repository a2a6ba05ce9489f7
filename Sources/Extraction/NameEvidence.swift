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
    }

    init(givenNames: Set<String>, surnames: Set<String>, patronymics: Set<String>) {
        self.givenNames = givenNames; self.surnames = surnames; self.patronymics = patronymics
        yoFoldedSurnames = Self.yoFolded(surnames)
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

    /// Letters the Russian model confuses inside a word (е/с, и/й, и/н, п/р, п/л, п/н, м/н, ь/ъ, ш/щ,
    /// ц/щ, з/э); ё/е has its own doubt. а/о, к/х, т/г were left out: with them 12 of 645 distinct
    /// real names of the generated corpora (Tajik and Uzbek spellings: Сухроб/Сухраб) became
    /// "near" another entry; with these pairs none did.
    static let confusableLetters: [Character: [Character]] = {
        var out: [Character: [Character]] = [:]
        for pair in ["ес", "ий", "ин", "пр", "пл", "пн", "мн", "ьъ", "шщ", "цщ", "зэ"] {
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
        let chars = Array(value)
        let places = chars.indices.filter { $0 > 0 && Self.confusableLetters[chars[$0]] != nil }
        for i in places {
            for a in Self.confusableLetters[chars[i]]! {
                var one = chars
                one[i] = a
                if known(String(one), as: part) { return String(one) }
            }
        }
        for (n, i) in places.enumerated() {
            for j in places.dropFirst(n + 1) {
                for a in Self.confusableLetters[chars[i]]! {
                    for b in Self.confusableLetters[chars[j]]! {
                        var two = chars
                        two[i] = a
                        two[j] = b
                        if known(String(two), as: part) { return String(two) }
                    }
                }
            }
        }
        return nil
    }

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
