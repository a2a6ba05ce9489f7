import XCTest
@testable import Extraction
import IntakeModel

/// An e-mail's letters checked against the names read on the same page (recorded values only).
final class EmailEvidenceTests: XCTestCase {
    func testTransliterationsInTheSchemesInUse() {
        XCTAssertTrue(EmailEvidence.spells("ibragimova", "Ибрагимова"))
        XCTAssertTrue(EmailEvidence.spells("kseniya", "Ксения"))
        XCTAssertTrue(EmailEvidence.spells("ksenia", "Ксения"))
        XCTAssertTrue(EmailEvidence.spells("klavdija", "Клавдия"))
        XCTAssertTrue(EmailEvidence.spells("scherbakova", "Щербакова"))
        XCTAssertTrue(EmailEvidence.spells("dolgikh", "Долгих"))
        XCTAssertFalse(EmailEvidence.spells("kseniy", "Ксения"), "a letter short")
        XCTAssertFalse(EmailEvidence.spells("lvanov", "Иванов"), "l is no spelling of и")
    }

    func testALocalPartIsExplainedOnlyWhenEveryRunOfLettersSpellsANameOrAnInitial() {
        let names = ["Ибрагимова", "Светлана", "Рашидовна", "Ибрагимов", "Тимур"]
        func explained(_ e: String, names: [String]) -> Bool { EmailEvidence.explained(e, names: names, given: ["Светлана", "Тимур"]) }
        XCTAssertTrue(explained("s.ibragimova@yandex.ru", names: names))
        XCTAssertTrue(explained("svetlana_ibragimova82@mail.ru", names: names))
        XCTAssertTrue(explained("svetlanaibragimova@mail.ru", names: names), "two names run together")
        XCTAssertFalse(explained("svetlana_ibragimova82e@mail.ru", names: names), "a letter after the digits")
        XCTAssertFalse(explained("l.ibragimova@mail.ru", names: names), "no name starts with l")
        XCTAssertFalse(explained("i.ibragimova@mail.ru", names: names), "the surname's initial does not stand in front")
        XCTAssertFalse(explained("ibragimava@mail.ru", names: names), "a misread letter")
        XCTAssertFalse(explained("sveta.ibragimova@mail.ru", names: names), "a nickname is no evidence")
    }

    func field(_ value: String?, _ status: FieldStatus = .ok, doubt: Doubt? = nil, reread: String? = nil) -> FieldResult {
        var f = FieldResult(value: value, status: status)
        f.doubt = doubt
        f.reason = doubt.map { $0.rawValue }
        f.reread = reread
        return f
    }

    func page(_ email: FieldResult) -> [String: FieldResult] {
        ["applicant.last_name": field("Лебедева"), "applicant.first_name": field("Галина"),
         "applicant.middle_name": field("Олеговна"), "applicant.email": email]
    }

    func testALowConfidenceIsLiftedWhenTheLettersSpellTheNamesAndTheDigitsReadAlike() {
        var f = page(field("g.lebedeva75@mail.ru", .review, doubt: .lowConfidence, reread: "g.lebedeva75@mail.ru"))
        Validator.confirmEmailByNames(&f)
        XCTAssertEqual(f["applicant.email"]?.status, .ok)
        var digits = page(field("g.lebedeva75@mail.ru", .review, doubt: .lowConfidence, reread: "g.lebedeva76@mail.ru"))
        Validator.confirmEmailByNames(&digits)
        XCTAssertEqual(digits["applicant.email"]?.status, .review, "the digits are not confirmed by names")
        var unknownDomain = page(field("g.lebedeva@mial.ru", .review, doubt: .lowConfidence, reread: "g.lebedeva@mial.ru"))
        Validator.confirmEmailByNames(&unknownDomain)
        XCTAssertEqual(unknownDomain["applicant.email"]?.status, .review)
    }

    func testAOneOpeningTheDigitsIsNotSettledByTheNamesNorBySecondReading() {
        // Seed 2625 p029 (scan): "g.lebedeva.l734" read ".1734" by both Latin readings; the names spell its
        // letters, which says nothing of the l or 1 before the digits.
        let value = "g.lebedeva.1734@mail.ru"
        XCTAssertTrue(Normalizer.ambiguousEmailCharacters(value))
        var f = page(field(value, .review, doubt: .ambiguousEmailCharacters, reread: value))
        Validator.confirmEmailByNames(&f)
        XCTAssertEqual(f["applicant.email"]?.status, .review)
        // An l beside digits inside the name is settled by the names spelling it, as before.
        var inside = page(field("g.lebedeva75@mail.ru", .review, doubt: .ambiguousEmailCharacters, reread: "g.lebedeva75@mail.ru"))
        Validator.confirmEmailByNames(&inside)
        XCTAssertEqual(inside["applicant.email"]?.status, .ok)
    }

    func testAnAtSignOrDomainDotThatDidNotReadIsPutBackInDoubt() {
        // Seeds 2545 and 2551: "…@inboxru", "o.sheshkina@mailru", "markzuevglist.ru", "leysan.sadykovaemailru".
        XCTAssertEqual(Normalizer.emailMarksRestored("gayane_egiazaryan78@inboxru"), "gayane_egiazaryan78@inbox.ru")
        XCTAssertEqual(Normalizer.emailMarksRestored("o.sheshkina@mailru"), "o.sheshkina@mail.ru")
        XCTAssertEqual(Normalizer.emailMarksRestored("markzuevglist.ru"), "markzuev@list.ru")
        XCTAssertEqual(Normalizer.emailMarksRestored("leysan.sadykovaemailru"), "leysan.sadykova@mail.ru")
        XCTAssertNil(Normalizer.emailMarksRestored("ivanov@mial.ru"), "no known domain")
        XCTAssertNil(Normalizer.emailMarksRestored("ivanovmail.ru"), "no round letter where the @ stood")
        XCTAssertNil(Normalizer.emailMarksRestored("mailru"), "no name")
        XCTAssertEqual(Normalizer.email("markzuevglist.ru")?.value, "markzuev@list.ru")
        XCTAssertEqual(Normalizer.email("markzuev@list.ru")?.value, "markzuev@list.ru")
        let ctx = ValidationContext(today: SimpleDate(year: 2026, month: 11, day: 23)!, signingDate: nil,
                                    selfApplication: false, categories: [], pageConfidence: 0.95)
        var c = Candidate(key: "applicant.email", kind: .email, value: "markzuev@list.ru", wellFormed: true, repaired: true,
                          raw: "markzuevglist.ru", tokens: [], box: nil, confidence: 0.95, minConfidence: 0.95, rule: "test")
        c.rereads = ["markzuev@list.ru"]
        let r = Validator.decide(key: c.key, candidate: c, context: ctx)
        XCTAssertEqual(r.status, .review)
        XCTAssertEqual(r.doubt, .emailMarkRepaired)
        XCTAssertEqual(r.value, "markzuev@list.ru", "shown put back, for a person to confirm")
        c.raw = "markzuev@list.ru"
        XCTAssertEqual(Validator.decide(key: c.key, candidate: c, context: ctx).status, .ok, "read whole, no doubt")
    }

    /// Marks as solid blocks standing on one baseline (38 px down the zone), 4 px apart, each (width, height).
    static func blocks(_ sizes: [(Int, Int)]) -> Placed { Placed(marks: sizes.map { ($0.0, $0.1, 38 - $0.1) }) }

    typealias EmailPrintCheck = (inout [String: FieldResult], [String: Candidate], PagePrint) -> Void

    /// An accepted e-mail `value` after `check`, its zone holding `zones`' marks.
    func emailChecked(_ value: String, _ zones: Placed, by check: EmailPrintCheck) -> FieldResult? {
        var fields = ["applicant.email": FieldResult(value: value, status: .ok, confidence: 0.93)]
        let c = Candidate(key: "applicant.email", kind: .email, value: value, wellFormed: true, repaired: false, raw: value, tokens: [],
                          box: zones.box, confidence: 0.93, minConfidence: 0.9, rule: "test")
        check(&fields, ["applicant.email": c], PagePrint(stream: PageStream(tokens: []), zones: zones))
        return fields["applicant.email"]
    }

    func emailChecked(_ value: String, _ sizes: [(Int, Int)]) -> FieldResult? {
        emailChecked(value, Self.blocks(sizes)) { Validator.doubtEmailWPrintedAsTwoMarks(&$0, candidates: $1, pagePrint: $2) }
    }

    func testAWPrintedAsTwoLettersIsDoubted() {
        // Recorded on sig2711 p025 (scan, first contact): "chernowladlen@yandex.ru" for chernovvladlen, the
        // marks of its zone (the two v's touching: one mark 45 wide).
        let recorded = [(24, 33), (21, 34), (20, 25), (14, 24), (21, 24), (23, 25), (45, 25), (5, 34), (20, 25), (22, 35), (4, 34), (21, 25),
                        (21, 25), (36, 37), (22, 36), (20, 25), (21, 24), (22, 35), (21, 25), (20, 25), (6, 6), (14, 25), (21, 25)]
        XCTAssertEqual(emailChecked("chernowladlen@yandex.ru", recorded)?.doubt, .ambiguousEmailCharacters)
        // A w one and a half letters wide, as the widest faces print it: one letter.
        var printedW = recorded
        printedW[6] = (31, 25)
        XCTAssertEqual(emailChecked("chernowladlen@yandex.ru", printedW)?.status, .ok)
        // One mark more (a broken letter, or the two v's apart): no evidence where the w stands.
        var broken = printedW
        broken.replaceSubrange(2...2, with: [(9, 25), (8, 25)])
        XCTAssertEqual(emailChecked("chernowladlen@yandex.ru", broken)?.status, .ok)
    }

    /// Marks placed each at its own height: (width, height, top) in the zone, 4 pixels apart.
    struct Placed: ZoneReader {
        var marks: [(Int, Int, Int)]
        var origin = (x: 400, y: 1300)
        var box: Box { Box(x: origin.x, y: origin.y, width: marks.reduce(0) { $0 + $1.0 + 4 }, height: 50) }
        func read(zone: Box, kind: ZoneKind) -> [OCRLine] { [] }
        func inkCoverage(zone: Box) -> Double { 0 }
        func inkMask(zone: Box) -> InkMask? {
            var bits = [Bool](repeating: false, count: zone.width * zone.height)
            var x = origin.x
            for (w, h, top) in marks {
                for yy in (origin.y + top)..<(origin.y + top + h) { for xx in x..<(x + w) {
                    let px = xx - zone.x, py = yy - zone.y
                    if px >= 0, py >= 0, px < zone.width, py < zone.height { bits[py * zone.width + px] = true }
                } }
                x += w + 4
            }
            return InkMask(origin: zone, bits: bits)
        }
    }

    func emailMarksChecked(_ value: String, _ marks: [(Int, Int, Int)]) -> FieldResult? {
        emailChecked(value, Placed(marks: marks)) { Validator.doubtEmailMarkPrintedOtherwise(&$0, candidates: $1, pagePrint: $2) }
    }

    func testADotReadAsAHyphenIsDoubted() {
        // Recorded on seed 2761 p026 (clean, first contact): "sevindzh-alieva@yandex.ru" for sevindzh.alieva,
        // both Latin readings giving a hyphen; the marks of its zone (width, height, top), the dot's 6x7 on
        // the baseline at 40 like the letters'.
        let recorded = [(24, 32, 8), (22, 26, 14), (24, 25, 15), (23, 34, 6), (20, 26, 14), (21, 34, 6), (21, 25, 15), (20, 34, 6),
                        (6, 7, 33), (27, 31, 9), (19, 34, 6), (23, 34, 6), (22, 26, 14), (24, 25, 15), (23, 26, 14), (26, 40, 6),
                        (25, 31, 9), (24, 26, 14), (20, 26, 14), (21, 34, 6), (22, 26, 14), (23, 25, 15), (6, 7, 33), (18, 26, 14), (20, 25, 15)]
        let doubted = emailMarksChecked("sevindzh-alieva@yandex.ru", recorded)
        XCTAssertEqual(doubted?.status, .review)
        XCTAssertEqual(doubted?.doubt, .emailMarkMisread)
        XCTAssertFalse(Doubt.emailMarkMisread.liftedByOtherForm)
        XCTAssertFalse(Doubt.emailMarkMisread.liftedByRegistry)
        XCTAssertEqual(emailMarksChecked("sevindzh.alieva@yandex.ru", recorded)?.status, .ok)
        // A hyphen printed at mid x-height: right as read, and a dot read there is doubted.
        var hyphen = recorded
        hyphen[8] = (14, 4, 27)
        XCTAssertEqual(emailMarksChecked("sevindzh-alieva@yandex.ru", hyphen)?.status, .ok)
        XCTAssertEqual(emailMarksChecked("sevindzh.alieva@yandex.ru", hyphen)?.doubt, .emailMarkMisread)
        // An underscore on the baseline, read as a hyphen: doubted; as an underscore: right.
        var underscore = recorded
        underscore[8] = (22, 3, 39)
        XCTAssertEqual(emailMarksChecked("sevindzh-alieva@yandex.ru", underscore)?.doubt, .emailMarkMisread)
        XCTAssertEqual(emailMarksChecked("sevindzh_alieva@yandex.ru", underscore)?.status, .ok)
        // One mark more than the characters (a broken letter): no evidence where the mark stands.
        var broken = recorded
        broken.replaceSubrange(1...1, with: [(10, 26, 14), (10, 26, 14)])
        XCTAssertEqual(emailMarksChecked("sevindzh-alieva@yandex.ru", broken)?.status, .ok)
    }

    /// An accepted e-mail beside the applicant's names, read surely.
    static func page(email: String, last: String, first: String) -> [String: FieldResult] {
        ["applicant.email": FieldResult(value: email, status: .ok, confidence: 0.93),
         "applicant.last_name": FieldResult(value: last, status: .ok, confidence: 0.95),
         "applicant.first_name": FieldResult(value: first, status: .ok, confidence: 0.95)]
    }

    func testLettersTheNamesSpellWithAConfusionUndoneAreDoubted() {
        // sig2711 p025's misreading (scan, first contact: "chernowladlen" for chernovvladlen, both Latin readings
        // alike, accepted), had the applicant's names spelt the e-mail (on that page they did not).
        var f = Self.page(email: "chernowladlen@yandex.ru", last: "Чернов", first: "Владлен")
        Validator.doubtEmailLettersTheNamesSpellOtherwise(&f)
        XCTAssertEqual(f["applicant.email"]?.status, .review)
        XCTAssertEqual(f["applicant.email"]?.doubt, .ambiguousEmailCharacters)
        // "m" read for "rn": "rnarina.orlova" read "marina.orlova"? No: the names spell what was read.
        f["applicant.last_name"] = FieldResult(value: "Орлова", status: .ok, confidence: 0.95)
        f["applicant.first_name"] = FieldResult(value: "Марина", status: .ok, confidence: 0.95)
        f["applicant.email"] = FieldResult(value: "marina.orlova@mail.ru", status: .ok, confidence: 0.93)
        Validator.doubtEmailLettersTheNamesSpellOtherwise(&f)
        XCTAssertEqual(f["applicant.email"]?.status, .ok, "the names spell the reading")
        f["applicant.email"] = FieldResult(value: "rnarina.orlova@mail.ru", status: .ok, confidence: 0.93)
        Validator.doubtEmailLettersTheNamesSpellOtherwise(&f)
        XCTAssertEqual(f["applicant.email"]?.status, .review, "\"rn\" read for the m the names spell")
        // Letters no name spells either way: no evidence, nothing changes.
        f["applicant.email"] = FieldResult(value: "sunflower77@mail.ru", status: .ok, confidence: 0.93)
        Validator.doubtEmailLettersTheNamesSpellOtherwise(&f)
        XCTAssertEqual(f["applicant.email"]?.status, .ok)
    }

    func testALetterAfterTheNameTheNamesDoNotSpellIsDoubted() {
        // s2765 p030 (a CMU Serif scan with toner streaks): "anastasiya.tarasovaq" for anastasiya.tarasova,
        // the q put in by both Latin readings, accepted.
        var f = Self.page(email: "anastasiya.tarasovaq@mail.ru", last: "Тарасова", first: "Анастасия")
        Validator.doubtLetterAfterEmailName(&f)
        XCTAssertEqual(f["applicant.email"]?.status, .review)
        XCTAssertEqual(f["applicant.email"]?.doubt, .emailEdgeMark)
        // Before the digits too.
        f = Self.page(email: "tarasovaq90@mail.ru", last: "Тарасова", first: "Анастасия")
        Validator.doubtLetterAfterEmailName(&f)
        XCTAssertEqual(f["applicant.email"]?.doubt, .emailEdgeMark)
        // A given name's or patronymic's initial after the surname is how people build addresses.
        f = Self.page(email: "tarasovaa@mail.ru", last: "Тарасова", first: "Анастасия")
        f["applicant.middle_name"] = FieldResult(value: "Ильинична", status: .ok, confidence: 0.95)
        Validator.doubtLetterAfterEmailName(&f)
        XCTAssertEqual(f["applicant.email"]?.status, .ok, "the given name's initial")
        f["applicant.email"] = FieldResult(value: "tarasovai@mail.ru", status: .ok, confidence: 0.93)
        Validator.doubtLetterAfterEmailName(&f)
        XCTAssertEqual(f["applicant.email"]?.status, .ok, "the patronymic's initial")
        // Names spelt whole, letters no name spells, a letter in front: no evidence here.
        for ok in ["anastasiya.tarasova@mail.ru", "tarasova90@mail.ru", "sunflower77@mail.ru", "qkonstantinov@mail.ru",
                   "seliverstovagge@mail.ru", "atarasova@mail.ru"] {
            f["applicant.email"] = FieldResult(value: ok, status: .ok, confidence: 0.93)
            Validator.doubtLetterAfterEmailName(&f)
            XCTAssertEqual(f["applicant.email"]?.status, .ok, ok)
        }
        // A last letter that another spelling of the name gives ("kravetz": ц as "tz") is the name's.
        f = Self.page(email: "alina.kravetz@mail.ru", last: "Кравец", first: "Алина")
        Validator.doubtLetterAfterEmailName(&f)
        XCTAssertEqual(f["applicant.email"]?.status, .ok, "the names spell the letter")
    }

    func testAStrokeBeforeANameTheLettersSpellIsDoubted() {
        // Seed 2649 p012 (clean): "1e.komarova" for e.komarova, accepted.
        var f = Self.page(email: "1e.komarova@yandex.ru", last: "Комарова", first: "Елена")
        Validator.doubtStrokeBeforeEmailName(&f)
        XCTAssertEqual(f["applicant.email"]?.doubt, .emailEdgeMark)
        f["applicant.email"] = FieldResult(value: "lkomarova@yandex.ru", status: .ok, confidence: 0.93)
        Validator.doubtStrokeBeforeEmailName(&f)
        XCTAssertEqual(f["applicant.email"]?.status, .review, "an l the names do not spell")
        // The name's own letter (Лилия: "lkomarova" spelt by the initial) or no name spelt: nothing.
        f["applicant.first_name"] = FieldResult(value: "Лилия", status: .ok, confidence: 0.95)
        f["applicant.email"] = FieldResult(value: "lkomarova@yandex.ru", status: .ok, confidence: 0.93)
        Validator.doubtStrokeBeforeEmailName(&f)
        XCTAssertEqual(f["applicant.email"]?.status, .ok)
        f["applicant.email"] = FieldResult(value: "1xyz@yandex.ru", status: .ok, confidence: 0.93)
        Validator.doubtStrokeBeforeEmailName(&f)
        XCTAssertEqual(f["applicant.email"]?.status, .ok)
    }

    func testAMarkAtAnEdgeOfTheNameIsAMisreadingNotEvidence() {
        // Seed 2513 p016: "_sokolov74@bk.ru" (a rule's rest read in front) against "isokolov74@bk.ru";
        // the letters of the first spell the surname, but mail services give no name beginning with "_".
        XCTAssertTrue(Normalizer.emailNameHasEdgeMark("_sokolov74@bk.ru"))
        XCTAssertTrue(Normalizer.emailNameHasEdgeMark("-a.baranov@mail.ru"))
        XCTAssertTrue(Normalizer.emailNameHasEdgeMark("lebedeva_@mail.ru"))
        XCTAssertFalse(Normalizer.emailNameHasEdgeMark("galina_lebedeva75@mail.ru"))
        XCTAssertFalse(EmailEvidence.explained("_lebedeva@mail.ru", names: ["Лебедева"], given: []))
        var f = page(field("_lebedeva75@mail.ru", .review, doubt: .emailReadingsDiffer, reread: "ilebedeva75@mail.ru"))
        Validator.confirmEmailByNames(&f)
        XCTAssertEqual(f["applicant.email"]?.status, .review)
        let ctx = ValidationContext(today: SimpleDate(year: 2026, month: 11, day: 23)!, signingDate: nil,
                                    selfApplication: false, categories: [], pageConfidence: 0.95)
        var c = Candidate(key: "applicant.email", kind: .email, value: "_lebedeva75@mail.ru", wellFormed: true, repaired: false,
                          raw: "_lebedeva75@mail.ru", tokens: [], box: nil, confidence: 0.95, minConfidence: 0.95, rule: "test")
        c.rereads = ["_lebedeva75@mail.ru"]
        XCTAssertEqual(Validator.decide(key: "applicant.email", candidate: c, context: ctx).doubt, .emailEdgeMark)
    }

    func testOfTwoReadingsThatDifferTheOneSpellingTheNamesIsTaken() {
        // An initial read "l" by one reading and "g" by the other: only Галина starts the names so.
        var f = page(field("l.lebedeva@mail.ru", .review, doubt: .emailReadingsDiffer, reread: "g.lebedeva@mail.ru"))
        Validator.confirmEmailByNames(&f)
        XCTAssertEqual(f["applicant.email"]?.value, "g.lebedeva@mail.ru")
        XCTAssertEqual(f["applicant.email"]?.status, .ok)
        XCTAssertEqual(f["applicant.email"]?.readings, ["l.lebedeva@mail.ru"])
        // Both spell the names (or neither): no choice.
        var both = page(field("galina.lebedeva@mail.ru", .review, doubt: .emailReadingsDiffer, reread: "g.lebedeva@mail.ru"))
        Validator.confirmEmailByNames(&both)
        XCTAssertEqual(both["applicant.email"]?.status, .review)
        // Another doubt (a lost underscore) is not this evidence's to lift.
        var gap = page(field("galinalebedeva@mail.ru", .review, doubt: .emailGap, reread: "galinalebedeva@mail.ru"))
        Validator.confirmEmailByNames(&gap)
        XCTAssertEqual(gap["applicant.email"]?.status, .review)
    }

    /// The e-mail after `confirmEmailByNames`, from two Latin readings that differ.
    func confirmed(_ value: String, reread: String) -> FieldResult? {
        var f = page(field(value, .review, doubt: .emailReadingsDiffer, reread: reread))
        Validator.confirmEmailByNames(&f)
        return f["applicant.email"]
    }

    func testOfTwoReadingsThatDifferOnlyInTheDomainTheKnownDomainIsTaken() {
        // Seed 2565 p011 (scan) and p017 (clean): "mail.pu" and "yandex.vu" in one Latin reading.
        let f = confirmed("galina.lebedeva@mail.pu", reread: "galina.lebedeva@mail.ru")
        XCTAssertEqual(f?.value, "galina.lebedeva@mail.ru")
        XCTAssertEqual(f?.status, .ok)
        XCTAssertEqual(f?.readings, ["galina.lebedeva@mail.pu"])
        // The names must still be spelt; the domain alone proves nothing about the name. Names that
        // differ as well, or two unknown domains: no choice.
        XCTAssertEqual(confirmed("qwerty75@mail.pu", reread: "qwerty75@mail.ru")?.status, .review)
        XCTAssertEqual(confirmed("galina.lebedeva@mail.pu", reread: "galina.lebedeua@mail.ru")?.status, .review)
        XCTAssertEqual(confirmed("galina.lebedeva@mail.pu", reread: "galina.lebedeva@mail.vu")?.status, .review)
        // An initial after the name and a mark, before digits ("krylova.a607", seed 2565 p017).
        XCTAssertTrue(EmailEvidence.explained("lebedeva.g607@mail.ru", names: ["Лебедева", "Галина"], given: ["Галина"]))
        XCTAssertFalse(EmailEvidence.explained("lebedeva.k607@mail.ru", names: ["Лебедева", "Галина"], given: ["Галина"]))
        XCTAssertFalse(EmailEvidence.explained("lebedeva607g@mail.ru", names: ["Лебедева", "Галина"], given: ["Галина"]))
    }

    func testOfTwoReadingsTheKnownDomainOfThePagesReadingStandsAgainstAnUnknownOne() {
        // Seed 2745 p003 ("gmail.com" and "email.com"), seed 2743 p002 ("mail.ru" and "maail.ru"), first contacts.
        let f = confirmed("galina.lebedeva@gmail.com", reread: "galina.lebedeva@email.com")
        XCTAssertEqual(f?.value, "galina.lebedeva@gmail.com")
        XCTAssertEqual(f?.status, .ok)
        XCTAssertEqual(f?.readings, ["galina.lebedeva@email.com"])
        // The names must still spell it; names that differ too (and neither spelt), or two unknown domains: no choice.
        XCTAssertEqual(confirmed("qwerty75@mail.ru", reread: "qwerty75@maail.ru")?.status, .review)
        XCTAssertEqual(confirmed("qwerty75@mail.ru", reread: "qwertu75@maail.ru")?.status, .review)
        XCTAssertEqual(confirmed("galina.lebedeva@mail.vu", reread: "galina.lebedeva@maail.ru")?.status, .review)
    }

    func testASecondReadingThatIsNoEmailLeavesThePagesReadingToTheNames() {
        // Seed 2745 p015 (clean, first contact): "oksanashubinagnail.pu" beside "oksanashubina@mail.ru".
        XCTAssertEqual(confirmed("galina.lebedeva@mail.ru", reread: "galinalebedevagnail.pu")?.status, .ok)
        XCTAssertEqual(confirmed("galina.lebedeva@mail.ru", reread: "galinalebedevagnail.pu")?.value, "galina.lebedeva@mail.ru")
        // Not spelt by the names, other digits in the failed reading, an unknown domain: no choice.
        XCTAssertEqual(confirmed("qwerty@mail.ru", reread: "qwertygnail.pu")?.status, .review)
        XCTAssertEqual(confirmed("lebedeva75@mail.ru", reread: "lebedeva76gnail.pu")?.status, .review)
        XCTAssertEqual(confirmed("galina.lebedeva@mail.pu", reread: "galinalebedevagnail.pu")?.status, .review)
    }

    func testOfTwoReadingsTheOneWithAnUnderscoreTheOtherLostIsTaken() {
        // Seed 2745 p017 and p020, seed 2743 p007 (first contacts): "anna_vorobeva75" and "annavorobeva75",
        // whichever reading holds the underscore.
        for (a, b) in [("galina_lebedeva@mail.ru", "galinalebedeva@mail.ru"), ("galinalebedeva@mail.ru", "galina_lebedeva@mail.ru")] {
            XCTAssertEqual(confirmed(a, reread: b)?.value, "galina_lebedeva@mail.ru", a)
            XCTAssertEqual(confirmed(a, reread: b)?.status, .ok, a)
        }
        // The page's reading with a gap where the second reading has the underscore (p020): no gap doubt.
        var e = field("galinalebedeva@mail.ru", .review, doubt: .emailReadingsDiffer, reread: "galina_lebedeva@mail.ru")
        e.raw = "galina lebedeva@mail.ru"
        var f = page(e)
        Validator.confirmEmailByNames(&f)
        XCTAssertEqual(f["applicant.email"]?.value, "galina_lebedeva@mail.ru")
        XCTAssertEqual(f["applicant.email"]?.status, .ok)
        // Another mark, an underscore at an edge or in the domain, or one more difference: no choice.
        XCTAssertEqual(confirmed("galina.lebedeva@mail.ru", reread: "galina_lebedeva@mail.ru")?.status, .review)
        XCTAssertNil(Normalizer.emailUnderscoreLost("_galinalebedeva@mail.ru", "galinalebedeva@mail.ru"))
        XCTAssertNil(Normalizer.emailUnderscoreLost("galinalebedeva@mail_ru.ru", "galinalebedeva@mailru.ru"))
        XCTAssertNil(Normalizer.emailUnderscoreLost("galina_lebedeva@mail.ru", "galinalebedeua@mail.ru"))
        XCTAssertNil(Normalizer.emailUnderscoreLost("galina_lebedeva@mail.ru", "galina_lebedeva@mail.ru"))
        XCTAssertEqual(Normalizer.emailUnderscoreLost("galinalebedeva@mail.ru", "galina_lebedeva@mail.ru"), "galina_lebedeva@mail.ru")
        // The names must still spell it.
        XCTAssertEqual(confirmed("qwerty_75@mail.ru", reread: "qwerty75@mail.ru")?.status, .review)
    }

    func testAGapInThePagesReadingBetweenTwoNamesKeepsTheEmailInDoubt() {
        // Seed 2555 p019 (scan, an underlined blank): "yuriy_mikhaylov@bk.ru" printed, the underscore
        // erased with the line; the page read "yuriy mikhaylov" (0.19 sure), and the value that runs
        // both names together was accepted as spelling them. Both names are spelt
        // either way: what stood between them is unknown.
        func confirmed(raw: String) -> FieldResult? {
            var e = field("galinalebedeva@mail.ru", .review, doubt: .lowConfidence, reread: "galinalebedeva@mail.ru")
            e.raw = raw
            var f = page(e)
            Validator.confirmEmailByNames(&f)
            return f["applicant.email"]
        }
        XCTAssertEqual(confirmed(raw: "galina lebedeva@mail.ru")?.status, .review)
        XCTAssertEqual(confirmed(raw: "galina lebedeva@mail.ru")?.doubt, .emailGap)
        // Without the gap in the reading, two names run together still say nothing of what stood
        // between them (seed 2595 p006, clean: "aygerimnurlanova" read twice, 0.0 sure, for
        // aygerim_nurlanova, accepted): the doubt stays, and nothing is put in.
        XCTAssertEqual(confirmed(raw: "galinalebedeva@mail.ru")?.status, .review)
        XCTAssertEqual(confirmed(raw: "galinalebedeva@mail.ru")?.doubt, .emailGap)
        XCTAssertEqual(confirmed(raw: "galinalebedeva@mail.ru")?.value, "galinalebedeva@mail.ru")
        // A mark read between the names, or one name alone, is spelt letter and mark alike: lifted.
        for v in ["galina_lebedeva@mail.ru", "g.lebedeva@mail.ru", "lebedeva1975@mail.ru"] {
            var f = page(field(v, .review, doubt: .lowConfidence, reread: v))
            Validator.confirmEmailByNames(&f)
            XCTAssertEqual(f["applicant.email"]?.status, .ok, v)
        }
        XCTAssertTrue(EmailEvidence.joinsTwoNames("aygerimnurlanova@mail.ru", names: ["Нурланова", "Айгерим", "Ержановна"]))
        XCTAssertFalse(EmailEvidence.joinsTwoNames("aygerim_nurlanova@mail.ru", names: ["Нурланова", "Айгерим"]))
    }

    func testAnLBeforeTheDigitsOfAYearIsTheOneOfTheYearWhenTheLettersThenSpellTheNames() {
        // Seed 2507 p010 and p014: "gasanoval969", "fominal978" read alike by both Latin readings.
        var f = page(field("lebedeval975@mail.ru", .review, doubt: .ambiguousEmailCharacters, reread: "lebedeval975@mail.ru"))
        Validator.confirmEmailByNames(&f)
        XCTAssertEqual(f["applicant.email"]?.value, "lebedeva1975@mail.ru")
        XCTAssertEqual(f["applicant.email"]?.status, .ok)
        XCTAssertEqual(f["applicant.email"]?.readings, ["lebedeval975@mail.ru"])
        XCTAssertEqual(EmailEvidence.yearRepaired("g.lebedevai982@mail.ru", names: ["Лебедева", "Галина"], given: ["Галина"]),
                       "g.lebedeva1982@mail.ru")
        // No year after it ("l23"), a letter the name needs ("pavel975" for Павел), or readings that differ: left alone.
        XCTAssertNil(EmailEvidence.yearRepaired("lebedeval23@mail.ru", names: ["Лебедева"], given: []))
        XCTAssertNil(EmailEvidence.yearRepaired("pavel975@mail.ru", names: ["Павел"], given: ["Павел"]))
        XCTAssertNil(EmailEvidence.yearRepaired("lebedeval875@mail.ru", names: ["Лебедева"], given: []), "18xx is no year of birth")
        var differ = page(field("lebedeval975@mail.ru", .review, doubt: .ambiguousEmailCharacters, reread: "lebedeva1975@mail.ru"))
        Validator.confirmEmailByNames(&differ)
        XCTAssertEqual(differ["applicant.email"]?.status, .review)
        // Two readings that differ in that one character (seed 2565 p023): the one with the 1 spells the
        // names, whichever reading it is.
        for (a, b) in [("lebedeval975@mail.ru", "lebedeva1975@mail.ru"), ("lebedeva1975@mail.ru", "lebedeval975@mail.ru")] {
            XCTAssertEqual(confirmed(a, reread: b)?.value, "lebedeva1975@mail.ru")
            XCTAssertEqual(confirmed(a, reread: b)?.status, .ok)
        }
        // Not a year after it: left in doubt.
        XCTAssertEqual(confirmed("lebedeval23@mail.ru", reread: "lebedeva123@mail.ru")?.status, .review)
    }
}
