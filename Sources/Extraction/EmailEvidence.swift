import Foundation
import IntakeModel

/// An e-mail's letters checked against the names printed on the same page.
///
/// The e-mail is read in Latin by `eng`; the names are read in Cyrillic by `rus`. Most addresses
/// are built from the applicant's names ("s.ibragimova", "stepan_baranov79", "klavdijabobrova"),
/// and a misreading that still spells a transliteration of a name read apart by another model is
/// implausible. So a local part whose every run of letters is a transliteration of a name on the
/// page (or two such names run together, or one initial in front) is confirmed letter for letter;
/// its digits are not, and must be read alike by both Latin readings.
enum EmailEvidence {
    /// Latin spellings of each Cyrillic letter in the transliteration schemes in use (passport
    /// ICAO, GOST, the older BGN and the informal ones people choose for their addresses).
    static let spellings: [Character: [String]] = [
        "а": ["a"], "б": ["b"], "в": ["v", "w"], "г": ["g"], "д": ["d"], "е": ["e", "ye", "je"],
        "ё": ["e", "yo", "jo", "io"], "ж": ["zh", "j", "z"], "з": ["z"], "и": ["i", "y"], "й": ["y", "i", "j", ""],
        "к": ["k"], "л": ["l"], "м": ["m"], "н": ["n"], "о": ["o"], "п": ["p"], "р": ["r"], "с": ["s"],
        "т": ["t"], "у": ["u"], "ф": ["f"], "х": ["kh", "h", "x"], "ц": ["ts", "c", "tz"], "ч": ["ch"],
        "ш": ["sh"], "щ": ["shch", "sch", "sh"], "ъ": ["", "ie"], "ы": ["y", "i"], "ь": ["", "'", "i"],
        "э": ["e"], "ю": ["yu", "iu", "ju"], "я": ["ya", "ia", "ja"],
    ]

    /// The first dot, hyphen or underscore of `text` whose mark stands where another of the three
    /// would (`marks`: one per character, in order): a hyphen on the baseline or under it (a dot or an
    /// underscore), a dot or an underscore floating a third of the x-height above it (a hyphen). Nil
    /// when each stands where it should, or when too few letters give the baseline and x-height.
    static func markPrintedOtherwise(_ text: [Character], _ marks: [GlyphEvidence.Glyph]) -> Character? {
        guard text.count == marks.count else { return nil }
        // The bottoms of letters and digits that stand on the baseline; heights of the small letters.
        let bottoms = zip(text, marks).filter { c, _ in (c.isLetter && !"gjpqy".contains(c)) || c.isNumber }
            .map { $0.1.y + $0.1.height }.sorted()
        let small = zip(text, marks).filter { c, _ in "acemnorsuvwxz".contains(c) }.map(\.1.height).sorted()
        guard bottoms.count >= 5, small.count >= 3 else { return nil }
        let baseline = Double(bottoms[bottoms.count / 2]), xHeight = Double(small[small.count / 2])
        guard xHeight >= 6 else { return nil }
        for (c, m) in zip(text, marks) where ".-_".contains(c) {
            let bottom = Double(m.y + m.height)
            let lift = baseline - bottom   // how far above the baseline the mark ends
            switch c {
            case "-" where lift <= 0.15 * xHeight: return c
            case ".", "_": if lift >= 0.33 * xHeight { return c }
            default: break
            }
        }
        return nil
    }

    /// The spellings of the letter at `i`, some of which depend on the letter before: "ия", "ья"
    /// as "ia" ("ksenia", "natalia").
    static func spellings(of c: [Character], at i: Int) -> [String] {
        var out = spellings[c[i]] ?? []
        if c[i] == "я", i > 0, "иь".contains(c[i - 1]) { out.append("a") }
        return out
    }

    /// Whether `latin` is a transliteration of the Cyrillic `name` in some scheme (letter by letter).
    static func spells(_ latin: String, _ name: String) -> Bool {
        let l = Array(latin.lowercased()), c = Array(name.lowercased())
        guard !l.isEmpty, !c.isEmpty, c.allSatisfy({ spellings[$0] != nil }) else { return false }
        // reach[j]: the first i letters of the name can spell the first j characters of `latin`.
        var reach = [Bool](repeating: false, count: l.count + 1)
        reach[0] = true
        for i in c.indices {
            var next = [Bool](repeating: false, count: l.count + 1)
            for j in 0...l.count where reach[j] {
                for s in spellings(of: c, at: i) {
                    let sc = Array(s)
                    if j + sc.count <= l.count, Array(l[j..<(j + sc.count)]) == sc { next[j + sc.count] = true }
                }
            }
            reach = next
            if !reach.contains(true) { return false }
        }
        return reach[l.count]
    }

    /// The Latin letters the names' initials are spelt with ("Юлия": y, i, j).
    static func initialLetters(_ names: [String]) -> Set<Character> {
        Set(names.compactMap(\.first).flatMap { spellings[Character($0.lowercased())] ?? [] }.compactMap(\.first))
    }

    /// Whether a run of letters spells one of `names`, or two of them run together.
    static func spellsANameOrTwo(_ run: String, _ names: [String]) -> Bool {
        names.contains { spells(run, $0) } || names.contains { a in names.contains { b in a != b && splits(run, a, b) } }
    }

    /// Whether every run of letters in the e-mail's local part spells a name of `names` (or two of
    /// them run together), the first run possibly a single initial of one of the `given` names.
    static func explained(_ email: String, names: [String], given: [String]) -> Bool {
        guard let at = email.firstIndex(of: "@") else { return false }
        let local = email[..<at]
        guard !Normalizer.emailNameHasEdgeMark(email) else { return false }
        let runs = local.split { !$0.isLetter }.map(String.init)
        guard !runs.isEmpty, !names.isEmpty else { return false }
        let initials = initialLetters(given)
        for (k, run) in runs.enumerated() {
            if run.count == 1 {
                // An initial: in front, before a name ("s.ibragimova"), or after the name and a mark
                // ("krylova.a607", seed 2565 p017), never trailing after digits.
                guard runs.count > 1, let ch = run.lowercased().first, initials.contains(ch) else { return false }
                if k == 0 { continue }
                guard k == runs.count - 1, local.contains(runs[k - 1] + "." + run) || local.contains(runs[k - 1] + "_" + run) else { return false }
                continue
            }
            guard spellsANameOrTwo(run, names) else { return false }
        }
        return true
    }

    /// The letter that ends a run of the e-mail's name after a spelling of one of `names`, when the run
    /// with it spells no name (nor two run together) and no name of `initialsOf` begins with it. Nil
    /// otherwise.
    static func letterAfterName(_ email: String, names: [String], initialsOf: [String]) -> Character? {
        guard let at = email.firstIndex(of: "@"), !names.isEmpty else { return nil }
        let initials = initialLetters(initialsOf)
        for run in email[..<at].split(whereSeparator: { !$0.isLetter }).map(String.init) where run.count >= 5 {
            guard let last = run.last, !initials.contains(last) else { continue }
            if !spellsANameOrTwo(run, names), names.contains(where: { spells(String(run.dropLast()), $0) }) { return last }
        }
        return nil
    }

    /// Whether the e-mail's name opens with 1, l or i before a letter, and without it the letters spell
    /// the page's names while with it they do not (a "1" is no letter, so it spells nothing either way).
    static func strokeBeforeName(_ email: String, names: (all: [String], given: [String])) -> Bool {
        let chars = Array(email)
        guard chars.count > 2, "1li".contains(chars[0]), chars[1].isLetter else { return false }
        let rest = String(chars.dropFirst())
        guard explained(rest, names: names.all, given: names.given) else { return false }
        if chars[0] == "1" { return true }
        // An l or i that a given name's initial spells ("lkomarova" for Лилия Комарова) is the name's.
        return !initialLetters(names.given).contains(chars[0]) && !explained(email, names: names.all, given: names.given)
    }

    /// Whether a run of letters of the e-mail's local part spells two of `names` run together
    /// ("aygerimnurlanova"), and no one name: the names speak for the letters, not for what stood
    /// between them.
    static func joinsTwoNames(_ email: String, names: [String]) -> Bool {
        guard let at = email.firstIndex(of: "@") else { return false }
        return email[..<at].split { !$0.isLetter }.map(String.init).contains { run in
            run.count > 1 && !names.contains { spells(run, $0) }
                && names.contains { a in names.contains { b in a != b && splits(run, a, b) } }
        }
    }

    /// Whether `run` is a spelling of `a` followed by a spelling of `b`.
    static func splits(_ run: String, _ a: String, _ b: String) -> Bool {
        let chars = Array(run)
        guard chars.count >= 4 else { return false }
        for cut in 2..<(chars.count - 1) where spells(String(chars[..<cut]), a) && spells(String(chars[cut...]), b) { return true }
        return false
    }

    /// The e-mail with a Latin l or i read for the 1 of a year of birth after a name
    /// ("gasanoval969" for "gasanova1969", "fominal978"): the letter ends a run that spells no name
    /// while the run without it does, and with it the three digits after it make a year 19xx or
    /// 20xx. Nil when that is not so.
    static func yearRepaired(_ email: String, names: [String], given: [String]) -> String? {
        guard let at = email.firstIndex(of: "@"), !explained(email, names: names, given: given) else { return nil }
        var local = Array(email[..<at])
        var changed = false
        var i = 1
        while i + 3 < local.count {
            let digits = local[(i + 1)...].prefix { $0.isNumber }
            if "li".contains(local[i]), local[i - 1].isLetter, digits.count == 3, "90".contains(digits.first!) {
                local[i] = "1"
                changed = true
            }
            i += 1
        }
        guard changed else { return nil }
        let repaired = String(local) + email[at...]
        return explained(repaired, names: names, given: given) ? repaired : nil
    }

    /// The page's names: the applicant's and the child's, as read; and the given names among them
    /// (whose initials may stand in front: "s.ibragimova").
    static func names(_ fields: [String: FieldResult]) -> (all: [String], given: [String]) {
        func read(_ keys: [String]) -> [String] { keys.compactMap { fields[$0]?.value }.filter { $0.count >= 2 } }
        return (read(["applicant.last_name", "applicant.first_name", "applicant.middle_name", "child.last_name", "child.first_name"]),
                read(["applicant.first_name", "child.first_name"]))
    }
}

extension Validator {
    /// An accepted e-mail whose name opens with a stroke-like character (1, l, i) before letters that
    /// the page's names spell without it: a cell's border or a rule's end read in front of the name
    /// (seed 2649 p012, clean, first contact: "1e.komarova" for e.komarova, accepted; the signature
    /// corpora's "lsevastjan94", "lgrigoryan82", "la.ivanova" read by two readings alike). A person looks.
    static func doubtStrokeBeforeEmailName(_ fields: inout [String: FieldResult]) {
        guard let f = fields["applicant.email"], f.status == .ok, let value = f.value,
              EmailEvidence.strokeBeforeName(value, names: EmailEvidence.names(fields)) else { return }
        fields["applicant.email"] = CrossForm.doubted(f, .emailEdgeMark, reason: "a stroke before the e-mail's name: a border's or rule's end read as 1, l or i?")
    }

    /// An accepted e-mail whose run of letters spells one of the page's names but for one letter after
    /// it, a letter that is no name's initial either (s2765 p030, a CMU Serif scan with toner streaks,
    /// first contact: "anastasiya.tarasovaq" for anastasiya.tarasova beside the names Тарасова Анастасия,
    /// the q put in by both Latin readings, accepted). People end an address with a name and the
    /// initial of another ("tarasovaa"), with digits or with a second name; a lone letter no name on the
    /// page begins with is a mark at the name's end read as a letter. Of the 358 e-mails printed in the
    /// corpora since 2733, none ends a name so. A letter in front of the name is left alone: such
    /// addresses are printed ("qkonstantinov", "pegorova" beside other people's names). A person looks.
    static func doubtLetterAfterEmailName(_ fields: inout [String: FieldResult]) {
        guard let f = fields["applicant.email"], f.status == .ok, let value = f.value else { return }
        let names = EmailEvidence.names(fields)
        guard let letter = EmailEvidence.letterAfterName(value, names: names.all, initialsOf: names.given + [fields["applicant.middle_name"]?.value].compactMap { $0 }) else { return }
        fields["applicant.email"] = CrossForm.doubted(f, .emailEdgeMark,
            reason: "a letter \"\(letter)\" after a name of the page that no name spells (a mark read as a letter?)")
    }

    /// Latin letters a model reads for others in print: "w" for "vv", "m" for "rn", and back.
    static let emailLetterConfusions: [(read: String, printed: String)] = [("w", "vv"), ("vv", "w"), ("m", "rn"), ("rn", "m")]

    /// An accepted e-mail whose letters spell none of the page's names, but do with one of the Latin
    /// confusions undone ("chernowladlen" read for chernovvladlen beside the names Чернов Владлен: sig2711
    /// p025's misreading, both Latin readings alike, accepted, though there no name spelt the e-mail): the
    /// names, read apart by another model, speak for the other letters. A person looks.
    static func doubtEmailLettersTheNamesSpellOtherwise(_ fields: inout [String: FieldResult]) {
        guard let f = fields["applicant.email"], f.status == .ok, let value = f.value, let at = value.firstIndex(of: "@") else { return }
        let names = EmailEvidence.names(fields)
        guard !EmailEvidence.explained(value, names: names.all, given: names.given) else { return }
        let local = String(value[..<at]), host = String(value[at...])
        for (read, printed) in emailLetterConfusions {
            var from = local.startIndex
            while from < local.endIndex, let r = local.range(of: read, range: from..<local.endIndex) {
                if EmailEvidence.explained(local.replacingCharacters(in: r, with: printed) + host, names: names.all, given: names.given) {
                    fields["applicant.email"] = CrossForm.doubted(f, .ambiguousEmailCharacters,
                        reason: "the page's names spell the e-mail with \"\(printed)\" where \"\(read)\" was read (easily confused in print)")
                    return
                }
                from = r.upperBound
            }
        }
    }

    /// An accepted e-mail with a "w" that the page's print shows as two letters: "vv" read as one (sig2711
    /// p025, a scan, first contact: "chernowladlen" for chernovvladlen, both Latin readings alike, no name
    /// on the page to spell it, accepted). The value's zone holds one mark per character, and the w's mark
    /// is 1.8 times as wide as the median small letter's or more (the two v's touching: 45 pixels beside
    /// 20-23). A printed w is one mark, about 1.5 times a small letter's width in the widest faces and one
    /// cell in a monospace one. Two v's printed apart make one mark more than the characters, which a
    /// broken letter anywhere makes too: no evidence where the w stands, left alone. A person looks.
    static func doubtEmailWPrintedAsTwoMarks(_ fields: inout [String: FieldResult], candidates: [String: Candidate], pagePrint: PagePrint) {
        guard let f = fields["applicant.email"], f.status == .ok, let value = f.value, value.contains("w"),
              let box = candidates["applicant.email"]?.box,
              let marks = pagePrint.mask(around: box).map(GlyphEvidence.glyphs) else { return }
        let text = Array(value)
        if DigitEvidence.debug { FileHandle.standardError.write(Data("email-marks\t\(text.count)\t\(marks.map { "\($0.width)x\($0.height)" }.joined(separator: " "))\n".utf8)) }
        guard marks.count == text.count else { return }
        let small = zip(text, marks).filter { ch, _ in ch.isLetter && ch.isLowercase && !"wmшщ".contains(ch) }.map(\.1.width).sorted()
        guard small.count >= 5 else { return }
        let median = Double(small[small.count / 2])
        guard zip(text, marks).contains(where: { ch, m in ch == "w" && Double(m.width) >= 1.8 * median }) else { return }
        fields["applicant.email"] = CrossForm.doubted(f, .ambiguousEmailCharacters, reason: "a \"w\" where the print shows two letters (\"vv\" read as one?)")
    }

    /// An accepted e-mail whose dot, hyphen or underscore the print shows as another of the three (seed
    /// 2761 p026, a clean page, first contact: "sevindzh-alieva" for sevindzh.alieva, both Latin readings
    /// giving a hyphen where the print has a dot on the baseline; the names spell the letters either way).
    /// Where they stand tells the three apart in every face: a dot sits on the baseline, a hyphen floats
    /// at mid x-height, an underscore lies on or under the baseline and is wide. The value's zone must
    /// hold one mark per character; the baseline is the median bottom of the letters and digits without
    /// descender, the x-height the median height of the small letters without ascender.
    static func doubtEmailMarkPrintedOtherwise(_ fields: inout [String: FieldResult], candidates: [String: Candidate], pagePrint: PagePrint) {
        guard let f = fields["applicant.email"], f.status == .ok, let value = f.value,
              value.contains(where: { ".-_".contains($0) }),
              let box = candidates["applicant.email"]?.box,
              let marks = pagePrint.mask(around: box).map(GlyphEvidence.glyphs) else { return }
        let text = Array(value.lowercased())
        if DigitEvidence.debug { FileHandle.standardError.write(Data("email-mark-marks\t\(text.count)\t\(marks.map { "\($0.width)x\($0.height)@\($0.y)" }.joined(separator: " "))\n".utf8)) }
        guard let misprinted = EmailEvidence.markPrintedOtherwise(text, marks) else { return }
        fields["applicant.email"] = CrossForm.doubted(f, .emailMarkMisread,
            reason: "the print shows another mark where the e-mail reads \"\(misprinted)\" (a dot, hyphen or underscore misread?)")
    }

    /// The e-mail confirmed by the page's names (`EmailEvidence`): a low confidence, or an
    /// ambiguous i/l/1 or o/0, is lifted when its letters spell the names and both Latin readings
    /// give the same digits; of two Latin readings that differ, the one whose letters spell the
    /// names is taken when the other's do not and both give the same digits.
    static func confirmEmailByNames(_ fields: inout [String: FieldResult]) {
        guard var f = fields["applicant.email"], f.status == .review, var value = f.value, var doubt = f.doubt,
              [.lowConfidence, .emailReadingsDiffer, .ambiguousEmailCharacters].contains(doubt) else { return }
        let names = EmailEvidence.names(fields)
        func digits(_ s: String) -> String { s.filter(\.isNumber) }
        func local(_ s: String) -> String { String(s.prefix { $0 != "@" }) }
        func host(_ s: String) -> String { s.split(separator: "@").last.map(String.init) ?? "" }
        // Of two Latin readings that differ, one taken: the other one (if given) kept among the readings, the
        // explanation's words added, and the readings then agreeing, what is left to settle is the doubt on
        // one reading, as for a low confidence (the page's names must still spell it).
        func take(_ taken: String, over dropped: String?, rule: String?) {
            if let dropped { f.readings = (f.readings ?? []) + [dropped] }
            value = taken
            f.value = taken
            f.reread = taken
            if let rule { f.rule = (f.rule ?? "") + rule }
            doubt = .lowConfidence
        }
        let known = Normalizer.knownDomains
        if doubt == .emailReadingsDiffer, let other = f.reread, other != value, local(other) == local(value),
           known.contains(host(other)) != known.contains(host(value)) {
            // Alike but for the domain, one of them a known mail domain and the other none ("mail.ru" and
            // "mail.pu", "yandex.ru" and "yandex.vu"; seed 2565 p011, p017; "gmail.com" and "email.com",
            // "mail.ru" and "maail.ru" on the second reading: seed 2745 p003, seed 2743 p002, first contacts):
            // the known domain is the reading (a misreading that lands on a known domain is not plausible).
            if known.contains(host(other)) {
                take(other, over: value, rule: nil)
            } else {
                take(value, over: other, rule: "; the second reading misread the known domain")
            }
        } else if doubt == .emailReadingsDiffer, let other = f.reread, other != value,
                  let underscored = Normalizer.emailUnderscoreLost(value, other) {
            // Alike but for an underscore that one holds between letters or digits where the other has
            // nothing (seed 2745 p017 and p020, seed 2743 p007, first contacts: "anna_vorobeva75" and
            // "annavorobeva75", "tatyana morozova92" and "tatyana_morozova92"): the underscore is the
            // reading. It is the thinnest mark, lost on a form's line or in a scan, and a reading puts none
            // where no ink stood.
            take(underscored, over: underscored != value ? value : nil, rule: "; of two readings, the one with the underscore the other lost")
        }
        // Two Latin readings that differ in one l or i against the 1 of a year of birth
        // ("akhmetoval986" and "akhmetova1986"; seed 2565 p023): the reading with the 1 is the one
        // whose letters spell the names and whose digits make the year, as `yearRepaired` finds.
        if doubt == .emailReadingsDiffer, let other = f.reread, other != value, Normalizer.knownDomains.contains(host(value)) {
            let year: String? = EmailEvidence.yearRepaired(value, names: names.all, given: names.given) == other ? other
                : EmailEvidence.yearRepaired(other, names: names.all, given: names.given) == value ? value : nil
            if let year, !(f.raw.map { Normalizer.emailGapClosed(raw: $0, value: year) } ?? false) {
                if year != value { f.readings = (f.readings ?? []) + [value] }
                f.value = year
                f.status = .ok; f.reason = nil; f.doubt = nil
                f.rule = (f.rule ?? "") + "; of two readings, the one with a year's 1 where the other has l or i spells the names"
                fields["applicant.email"] = f
                return
            }
        }
        let domain = host(value)
        guard let other = f.reread, digits(local(other)) == digits(local(value)), Normalizer.knownDomains.contains(domain) else { return }
        var taken = value
        if doubt == .ambiguousEmailCharacters, other == value,
           let repaired = EmailEvidence.yearRepaired(value, names: names.all, given: names.given) {
            f.readings = (f.readings ?? []) + [value]
            f.value = repaired
            f.status = .ok; f.reason = nil; f.doubt = nil
            f.rule = (f.rule ?? "") + "; a letter l/i before the digits of a year read as 1: the letters then spell the names read on the page"
            fields["applicant.email"] = f
            return
        }
        if doubt == .emailReadingsDiffer {
            let (a, b) = (EmailEvidence.explained(value, names: names.all, given: names.given),
                          EmailEvidence.explained(other, names: names.all, given: names.given))
            // A second reading that is no e-mail at all failed rather than read other letters (seed 2745
            // p015, clean, first contact: "oksanashubinagnail.pu" beside "oksanashubina@mail.ru", 0.8
            // sure): the page's reading stands when the names spell it and the digits are alike.
            guard a != b, Normalizer.isEmail(other) || a else { return }
            taken = a ? value : other
            guard host(taken) == domain else { return }
        } else {
            guard other == value, EmailEvidence.explained(value, names: names.all, given: names.given),
                  !(doubt == .ambiguousEmailCharacters && Normalizer.digitsMayOpenWithALetter(value)) else { return }
        }
        // A gap in the page's reading where the value runs two names together is a lost "_", "." or
        // "-" (seed 2555 p019, an underlined blank: "yuriy_mikhaylov" read "yuriy mikhaylov", the
        // underscore erased with the line): names spelt do not speak for what stood between them.
        if taken != value { f.readings = (f.readings ?? []) + [value] }
        f.value = taken
        if let raw = f.raw, Normalizer.emailGapClosed(raw: raw, value: taken) {
            f.doubt = .emailGap
            f.reason = "a gap in the e-mail's name where a character (_ . -) may be lost"
        } else if EmailEvidence.joinsTwoNames(taken, names: names.all) {
            // Seed 2595 p006 (clean): "aygerimnurlanova" read twice, 0.0 sure, for aygerim_nurlanova;
            // the underscore, the thinnest mark, lost on the cell's border. Two names run together
            // are common in addresses too, so the reading stays a doubt, not a repair.
            f.doubt = .emailGap
            f.reason = "two names run together in the e-mail's name: a mark between them (_ . -) may be lost"
        } else {
            f.status = .ok; f.reason = nil; f.doubt = nil
            f.rule = (f.rule ?? "") + "; its letters spell the names read on the page, its digits read alike twice"
        }
        fields["applicant.email"] = f
    }
}
