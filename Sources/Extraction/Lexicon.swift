import Foundation

/// Name lists used as plausibility evidence (never to change a reading): a first name or
/// patronymic outside the lists goes to review, it is not "corrected" onto a list entry.
public struct Lexicon: Sendable {
    public let firstNames: Set<String>
    public let patronymics: Set<String>
    /// Entries with ё, folded to е: a reading equal to one of these may have lost its dots.
    let yoFolded: Set<String>
    /// Address word forms spelt with ё in the OpenCorpora dictionary (Молодёжная, Шахтёров,
    /// Королёва, Берёзовский), lower case and folded to е.
    let yoFoldedText: Set<String>
    /// Address word forms with й between a vowel and a consonant (Красноармейская, Чайковского,
    /// Майская) whose reading with и is no word of the OpenCorpora dictionary, lower case.
    let breveText: Set<String>

    public static let shared = Lexicon()

    init() {
        func load(_ name: String) -> [String] {
            guard let url = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Templates/lexicon")
                    ?? Bundle.module.url(forResource: name, withExtension: "txt"),
                  let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
            return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        }
        let first = load("first_names"), pats = load("patronymics")
        firstNames = Set(first)
        patronymics = Set(pats)
        yoFolded = NameLexicon.yoFolded(Set(first + pats))
        yoFoldedText = Set(load("oc_yo_words").map { $0.replacingOccurrences(of: "ё", with: "е") })
        breveText = Set(load("oc_breve_words"))
    }

    public var isEmpty: Bool { firstNames.isEmpty }

    /// The reading has е where a known name has ё (the dots are easily lost in a scan).
    public func mayHaveLostYo(_ value: String) -> Bool {
        !value.contains("ё") && value.split(separator: "-").contains { yoFolded.contains(String($0)) }
    }

    /// Hyphenated names are checked part by part.
    public func knownFirstName(_ value: String) -> Bool {
        value.split(separator: "-").allSatisfy { firstNames.contains(String($0)) }
    }

    public func knownPatronymic(_ value: String) -> Bool { patronymics.contains(value) }
}

extension Lexicon {

    /// Free text (addresses, offices) whose words are known to be spelt with ё somewhere.
    /// Each word on its own: one word read with its dots says nothing of another's (seed 2591 p006, a
    /// poor page: "п. Звёздный, улица Березовая" accepted, both words printed with ё).
    public func mayHaveLostYoInText(_ value: String) -> Bool {
        value.split(whereSeparator: { !$0.isLetter && $0 != "-" }).contains { !$0.contains("ё") && yoTextWord(String($0)) }
    }

    /// A word of a text field (an address) that is known spelt with ё: the hand list below or the
    /// dictionary's address forms, whatever the case it was printed in.
    func yoTextWord(_ word: String) -> Bool {
        Lexicon.yoTextWords.contains(word) || yoFoldedText.contains(word.lowercased())
    }

    static let yoTextWords: Set<String> = Set(["Зеленая", "Зеленый", "Озерная", "Щетинкина", "Семена", "Федоровского", "Артема",
                                               "Черемушки"] + Normalizer.townForms("Киселевск") + Normalizer.townForms("Березовский"))

    /// A word whose reading may have lost the dots of ё (a name or address word known with ё);
    /// `inText`: a word of an address or office, where the dictionary's address forms count too.
    public func yoCandidateWord(_ word: String, inText: Bool = false) -> Bool {
        let w = word.trimmingCharacters(in: CharacterSet.letters.inverted)
        return !w.contains("ё") && (mayHaveLostYo(w) || Lexicon.mayBeYoSurname(w) || Lexicon.yoTextWords.contains(w)
                                    || NameLexicon.shared.yoFoldedGiven.contains(w) || (inText && yoFoldedText.contains(w.lowercased())))
    }
}

extension Lexicon {
    /// `value` (an address, an office) with й restored in each word read with и between a vowel and a
    /// consonant where the dictionary knows the word only with й ("Красноармеиская": the breve lost
    /// inside the word, seed 2539, read alike on both forms), or at an adjective's end ("Широкии"); nil
    /// when no word is such. A word the dictionary knows with и ("Воинская", "Строителей") is not,
    /// since the list leaves those out.
    public func breveRestoredInText(_ value: String) -> String? {
        let vowels = Set("аеёиоуыэюяАЕЁИОУЫЭЮЯ"), consonants = Set("бвгджзклмнпрстфхцчшщБВГДЖЗКЛМНПРСТФХЦЧШЩ")
        var chars = Array(value)
        var changed = false
        // The word chars[from..<to] with one or more of its и between a vowel and a consonant read as й,
        // when the dictionary has it so.
        func restore(_ from: Int, _ to: Int) -> Bool {
            var spots = (from + 1..<max(from + 1, to - 1)).filter {
                (chars[$0] == "и" || chars[$0] == "И") && vowels.contains(chars[$0 - 1]) && consonants.contains(chars[$0 + 1])
            }
            // An adjective's "-ий" at the word's end read "-ии" (seed 2665 p008, a scan, first contact:
            // "мкр. Широкии Лог" accepted); the list holds those whose "-ии" is no word ("Широкии"), not
            // a noun's case ("линии", "Бельгии").
            if to - from >= 4, "иИ".contains(chars[to - 1]), "иИ".contains(chars[to - 2]) { spots.append(to - 1) }
            // Every choice of the spots (a word has one or two), fewest changes first.
            let choices = (1..<(1 << min(spots.count, 3))).sorted { $0.nonzeroBitCount < $1.nonzeroBitCount }
            for mask in choices {
                var word = Array(chars[from..<to])
                for (k, i) in spots.prefix(3).enumerated() where mask & (1 << k) != 0 { word[i - from] = chars[i] == "и" ? "й" : "Й" }
                if breveText.contains(String(word).lowercased()) {
                    chars.replaceSubrange(from..<to, with: word)
                    return true
                }
            }
            return false
        }
        var start = 0
        while start < chars.count {
            guard chars[start].isLetter else { start += 1; continue }
            var end = start
            while end < chars.count, chars[end].isLetter || chars[end] == "-" { end += 1 }
            if restore(start, end) {
                changed = true
            } else if chars[start..<end].contains("-") {
                // A hyphenated name whole is rarely in the dictionary; its parts are, each on its own
                // (seed 2637 p026, a scan, first contact: "ул. Сибиряков-Гвардеицев" accepted).
                var from = start
                for i in start...end where i == end || chars[i] == "-" {
                    if i > from, restore(from, i) { changed = true }
                    from = i + 1
                }
            }
            start = end
        }
        return changed ? String(chars) : nil
    }

    /// Surnames commonly spelt with ё in the -ёв/-ёва ending (Королёв, Соловьёва, ...).
    static let yoSurnameStems: Set<String> = ["Корол", "Соловь", "Воробь", "Журавл", "Ковал", "Муравь", "Шмел", "Горбач",
                                               "Пугач", "Хрущ", "Дятл", "Щегл", "Орл", "Козл", "Осокин", "Дегт", "Кисел",
                                               "Бел", "Пестр", "Сычев", "Рябь", "Зябл", "Лихач", "Толкач", "Бугр"]

    /// "Королева" may be "Королёва" with the dots lost: a known stem, or -ев(а) after a consonant
    /// the stressed -ёв often follows (Пискарёв, Ковалёв, Горбачёв, Воробьёв). Not after ш or ж: a stressed
    /// ending there is spelt -ов (Карташов, Лапшов), and of OpenCorpora's 101 surnames in -шев/-жев only
    /// Чебышёв and Чернышёв have ё (both in the lexicon, which doubts them by name), against 12 of 88 in
    /// -рев, 16 of 74 in -лев, 24 of 105 in -чев. The Turkic -ашев ("Юлдашев", "Сыркашева", "Сайгонашев";
    /// seeds 2681 and 2689, 10 right surnames held on scans) is never ё.
    public static func mayBeYoSurname(_ value: String) -> Bool {
        guard !value.contains("ё") else { return false }
        for part in value.split(separator: "-").map(String.init) {
            for suffix in ["ева", "ев"] where part.hasSuffix(suffix) {
                let stem = String(part.dropLast(suffix.count))
                if yoSurnameStems.contains(stem) { return true }
                if let last = stem.last, "рлчщь".contains(last) { return true }
            }
        }
        return false
    }

    /// Endings Russian (and common regional) surnames have; a reading without one is more likely
    /// misread letters than a rare name.
    static let surnameEndings = ["ов", "ова", "ев", "ева", "ёв", "ёва", "ин", "ина", "ын", "ына", "ий", "ая", "ой", "ых", "их",
                                 "ко", "ук", "юк", "ик", "ак", "як", "ок", "ек", "ец", "ич", "ян", "янц", "дзе", "швили", "ия",
                                 "ай", "ей", "ан", "ен", "ер", "ль", "ман", "ун", "уш", "ыш", "ня", "ут", "ус", "ам", "им", "ом"]

    public static func plausibleSurname(_ value: String) -> Bool {
        value.split(separator: "-").allSatisfy { part in
            let w = part.lowercased()
            guard w.count >= 2 else { return false }
            let chars = Array(w)
            if chars.count >= 2, chars[0] == chars[1] { return false } // "Аадеева"
            return surnameEndings.contains { w.hasSuffix($0) }
        }
    }

    /// Words of the form's own labels: a value equal to one of these is a label read as a value.
    public static let labelWords: Set<String> = ["ФАМИЛИЯ", "ИМЯ", "ОТЧЕСТВО", "ДАТА", "РОЖДЕНИЯ", "РЕБЕНКА", "МЕСТО",
                                                  "АДРЕС", "ПРОЖИВАНИЯ", "ПАСПОРТ", "СЕРИЯ", "НОМЕР", "ВЫДАН", "КЕМ",
                                                  "НАЛИЧИИ", "ПРИ", "ЗАЯВИТЕЛЯ", "КОНТАКТНЫЙ", "ТЕЛЕФОН"]
}
