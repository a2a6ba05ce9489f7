import XCTest
@testable import Extraction
import IntakeModel

/// The third reading of digits (characters with the model's other candidates), on recorded
/// choices: no Tesseract needed.
final class DigitEvidenceTests: XCTestCase {
    let ctx = ValidationContext(today: SimpleDate(year: 2026, month: 11, day: 23)!, signingDate: nil,
                                selfApplication: false, categories: [], pageConfidence: 0.95)

    /// Characters read with confidence `sure`; `alts` gives other candidates by position.
    func chars(_ text: String, sure: Double = 0.95, alts: [Int: [(String, Double)]] = [:]) -> [CharChoice] {
        text.enumerated().map { i, ch in
            CharChoice(text: String(ch), confidence: sure,
                       alternatives: (alts[i] ?? []).map { CharChoice.Alternative(text: $0.0, confidence: $0.1) })
        }
    }

    func candidate(_ kind: FieldKind, _ value: String, reread: String?, third: [CharChoice],
                   confidence: Double = 0.97) -> Candidate {
        var c = Candidate(key: "k", kind: kind, value: value, wellFormed: true, repaired: false, raw: value,
                          tokens: [], box: nil, confidence: confidence, minConfidence: confidence, rule: "test")
        if let reread { c.rereads = [reread]; c.rereadConfidence = confidence }
        c.digitChoices = third
        return c
    }

    func decide(_ key: String, _ kind: FieldKind, _ value: String, reread: String?, third: [CharChoice]) -> FieldResult {
        Validator.decide(key: key, candidate: candidate(kind, value, reread: reread, third: third), context: ctx)
    }

    // MARK: the rule

    func testAgreeingReadingsWithNoCloseCallAreConfirmed() {
        let v = DigitEvidence.judge(kind: .number, value: "8392", reread: "8392",
                                    third: chars("№ 8392", alts: [3: [("5", 0.01)], 4: [("0", 0.0)]]))
        XCTAssertEqual(v, .confirms, "alternatives far below the threshold are no close call")
    }

    func testAgreementWithACloseAlternativeDigitIsAClosCall() {
        // The key case: page and re-read agree on 8592, but the model also saw a 3 in the second place.
        let v = DigitEvidence.judge(kind: .number, value: "8592", reread: "8592",
                                    third: chars("8592", alts: [1: [("3", 0.30)]]))
        XCTAssertEqual(v, .closeCall(variant: "8392"))
    }

    func testACloseAlternativeLetterIsNoDigitCloseCall() {
        // "З" for "3" is a letter: the digit reading cannot mean another number by it.
        let v = DigitEvidence.judge(kind: .number, value: "8392", reread: "8392",
                                    third: chars("8392", alts: [1: [("З", 0.40)]]))
        XCTAssertEqual(v, .confirms)
    }

    func testACloseAlternativeThatMakesNoValidValueIsNoCloseCall() {
        // 31.05 -> 91.05 is no date: the alternative cannot be what is printed.
        let v = DigitEvidence.judge(kind: .date, value: "2015-05-31", reread: "2015-05-31",
                                    third: chars("31.05.2015", alts: [0: [("9", 0.4)]]))
        XCTAssertEqual(v, .confirms)
    }

    func testAThirdReadingThatDiffersFromTwoAgreeingOnesIsReported() {
        let v = DigitEvidence.judge(kind: .number, value: "8592", reread: "8592", third: chars("8392"))
        XCTAssertEqual(v, .differs(third: "8392"))
    }

    func testTwoAgreeingReadingsOutvoteTheThirdOnlyWhereMajorityIsAllowed() {
        // Fields that do not hold back activation: two of three readings are the majority.
        XCTAssertEqual(DigitEvidence.judge(kind: .passportSeries, value: "3206", reread: "3206", third: chars("5206"), majority: true),
                       .outvoted(third: "5206"))
        // Without a second reading there is no majority.
        XCTAssertEqual(DigitEvidence.judge(kind: .passportSeries, value: "3206", reread: nil, third: chars("5206"), majority: true),
                       .differs(third: "5206"))
    }

    func testOnlyConfusableDigitPairsAreCloseCalls() {
        // A 0 with a 9 among its candidates: common on right values, not a print confusion.
        XCTAssertEqual(DigitEvidence.judge(kind: .number, value: "6103", reread: "6103", third: chars("6103", alts: [2: [("9", 0.4)]])),
                       .confirms)
        // Below the threshold a confusable alternative is no close call either.
        XCTAssertEqual(DigitEvidence.judge(kind: .number, value: "8392", reread: "8392", third: chars("8392", alts: [1: [("5", 0.2)]])),
                       .confirms)
    }

    func testADisagreementIsSettledByASureThirdReading() {
        // Page 8592, digits re-read 8392: a sure third reading sides with 8392.
        XCTAssertEqual(DigitEvidence.judge(kind: .number, value: "8592", reread: "8392", third: chars("8392")),
                       .settles(value: "8392"))
        // Siding with the page it is the same model repeating its confusion: no settlement.
        XCTAssertEqual(DigitEvidence.judge(kind: .passportSeries, value: "5222", reread: "3222", third: chars("5222")),
                       .differs(third: "5222"))
    }

    func testADisagreementIsNotSettledByAnUnsureThirdReading() {
        XCTAssertEqual(DigitEvidence.judge(kind: .number, value: "8592", reread: "8392", third: chars("8392", sure: 0.6)),
                       .differs(third: "8392"))
        // A close call at a digit of the majority reading goes to a person too.
        XCTAssertEqual(DigitEvidence.judge(kind: .number, value: "8592", reread: "8392",
                                           third: chars("8392", alts: [1: [("5", 0.35)]])),
                       .closeCall(variant: "8592"))
    }

    func testAThirdValueOfItsOwnSettlesNothing() {
        XCTAssertEqual(DigitEvidence.judge(kind: .number, value: "8592", reread: "8392", third: chars("8792")),
                       .differs(third: "8792"))
    }

    func testAFailedReReadIsNotReplacedByTheThirdReading() {
        XCTAssertEqual(DigitEvidence.judge(kind: .registry, value: "4212345678", reread: "", third: chars("4212345678")),
                       .differs(third: "4212345678"))
    }

    func testAnUnreadableThirdReadingIsNoEvidence() {
        XCTAssertEqual(DigitEvidence.judge(kind: .number, value: "8392", reread: "8392", third: []), .unreadable)
        XCTAssertEqual(DigitEvidence.judge(kind: .registry, value: "4212345678", reread: "4212345678", third: chars("42..")), .unreadable)
    }

    // MARK: the rule in validation

    func testACloseCallOnAnAgreedNumberGoesToReviewWithTheVariantShown() {
        let r = decide("application_number", .number, "8592", reread: "8592", third: chars("8592", alts: [1: [("3", 0.3)]]))
        XCTAssertEqual(r.status, .review)
        XCTAssertEqual(r.doubt, .closeDigitAlternative)
        XCTAssertEqual(r.value, "8592", "the reading is never replaced by the variant")
        XCTAssertEqual(r.readings?.last, "8392", "the reviewer sees the other possible value")
    }

    func testConfirmedNumbersAreAccepted() {
        XCTAssertEqual(decide("application_number", .number, "8392", reread: "8392", third: chars("8392")).status, .ok)
        XCTAssertEqual(decide("child.birth_date", .date, "2015-05-12", reread: "2015-05-12", third: chars("12.05.2015")).status, .ok)
    }

    func testASettledDisagreementTakesTheMajorityAndSaysSo() {
        let r = decide("application_number", .number, "8592", reread: "8392", third: chars("8392"))
        XCTAssertEqual(r.status, .ok)
        XCTAssertEqual(r.value, "8392")
        XCTAssertTrue(r.rule?.contains("settled by a third reading") ?? false)
    }

    func testASettledDateIsStillCheckedForItsAge() {
        // The majority is a birth date that makes the child 3: the age doubt stands.
        let r = decide("child.birth_date", .date, "2013-05-12", reread: "2023-05-12", third: chars("12.05.2023"))
        XCTAssertEqual(r.status, .review)
        XCTAssertEqual(r.doubt, .ageOutsideCategory)
    }

    func testAgreementOfThreeReadingsLetsAnUnsureReadingThrough() {
        // Two agreeing readings, neither sure: low confidence alone sends them to a person; a third,
        // sure reading that agrees with no close call lets them through.
        let unsure = candidate(.registry, "4205809283", reread: "4205809283", third: [], confidence: 0.6)
        XCTAssertEqual(Validator.decide(key: "registry_number", candidate: unsure, context: ctx).doubt, .lowConfidence)
        var confirmed = unsure
        confirmed.digitChoices = chars("4205809283")
        let r = Validator.decide(key: "registry_number", candidate: confirmed, context: ctx)
        XCTAssertEqual(r.status, .ok)
        XCTAssertTrue(r.rule?.contains("confirmed by a third reading") ?? false)
        // A third reading that is itself unsure confirms nothing.
        confirmed.digitChoices = chars("4205809283", sure: 0.5)
        XCTAssertEqual(Validator.decide(key: "registry_number", candidate: confirmed, context: ctx).doubt, .lowConfidence)
    }

    func testAThirdReadingThatDiffersIsADoubtOnCriticalFieldsOnly() {
        XCTAssertEqual(decide("application_number", .number, "8592", reread: "8592", third: chars("8392")).doubt, .readingsDiffer)
        let outvoted = decide("applicant.passport_series", .passportSeries, "3206", reread: "3206", third: chars("5206"))
        XCTAssertEqual(outvoted.status, .ok)
        XCTAssertFalse(outvoted.rule?.contains("third reading") ?? true, "outvoted, not confirmed")
    }

    func testWithoutAThirdReadingTheTwoReadingRuleIsUnchanged() {
        XCTAssertEqual(decide("application_number", .number, "8592", reread: "8392", third: []).doubt, .readingsDiffer)
        XCTAssertEqual(decide("application_number", .number, "8392", reread: "8392", third: []).status, .ok)
    }

    func testACloseCallIsNotLiftedByTheOtherFormButByTheRegistry() {
        // Both forms printed by one printer can be misread alike; the registry entry is independent.
        XCTAssertFalse(Doubt.closeDigitAlternative.liftedByOtherForm)
        XCTAssertTrue(Doubt.closeDigitAlternative.liftedByRegistry)
        let app = FieldResult(value: "8592", status: .review, confidence: 0.97, doubt: .closeDigitAlternative)
        var a = PageResult(source: "a", page: 1, form: .application, fields: ["application_number": app],
                           engine: EngineInfo(tesseract: "t", models: [:]))
        var c = PageResult(source: "c", page: 1, form: .consent, fields: ["application_number": app],
                           engine: EngineInfo(tesseract: "t", models: [:]))
        CrossForm.reconcile(application: &a, consent: &c)
        XCTAssertEqual(a.fields["application_number"]?.status, .review)
        XCTAssertEqual(c.fields["application_number"]?.status, .review)
    }

    func testACloseCallIsLiftedWhereEngReadBothPrintsAsThePage() {
        // Seed 2507 p010: "377636" on both forms; the consent's Russian readings had a 3/5 close call,
        // eng read its print 377636, and the application accepted 377636 with eng agreeing there.
        let engine = EngineInfo(tesseract: "t", models: [:])
        var doubted = FieldResult(value: "377636", status: .review, confidence: 0.95, doubt: .closeDigitAlternative)
        doubted.otherModel = "377636"
        var accepted = FieldResult(value: "377636", status: .ok, confidence: 0.95)
        accepted.otherModel = "377636"
        func reconcile(_ app: FieldResult, _ con: FieldResult) -> FieldResult? {
            var a = PageResult(source: "a", page: 1, form: .application, fields: ["application_number": app], engine: engine)
            var c = PageResult(source: "c", page: 1, form: .consent, fields: ["application_number": con], engine: engine)
            CrossForm.reconcile(application: &a, consent: &c)
            return c.fields["application_number"]
        }
        XCTAssertEqual(reconcile(accepted, doubted)?.status, .ok)
        // eng on this print read the close call's other digit: the doubt stays.
        var engDiffers = doubted
        engDiffers.otherModel = "577636"
        XCTAssertEqual(reconcile(accepted, engDiffers)?.status, .review)
        // The other form accepted it without eng's agreement: the doubt stays.
        var unconfirmed = accepted
        unconfirmed.otherModel = nil
        XCTAssertEqual(reconcile(unconfirmed, doubted)?.status, .review)
    }

    func testADateReadWithOneDigitInItsDayGoesToAPerson() {
        // Seed 2657 p018 (scan): "04.06.2020" printed, its 0 lost and its 4 read as 1 by every model:
        // "1.06.2020" on the page, "2020-06-01" in every other reading, accepted.
        var c = candidate(.date, "2020-06-01", reread: "2020-06-01", third: chars("01.06.2020"))
        c.raw = "1.06.2020"
        let r = Validator.decide(key: "applicant.passport_issue_date", candidate: c, context: ctx)
        XCTAssertEqual(r.status, .review)
        XCTAssertEqual(r.doubt, .dateDigitLost)
        c.raw = "01.06.2020"
        XCTAssertEqual(Validator.decide(key: "applicant.passport_issue_date", candidate: c, context: ctx).status, .ok)
        XCTAssertTrue(Normalizer.dateDigitLost("12.6.2020"))
        XCTAssertFalse(Normalizer.dateDigitLost("12.06.2020"))
        XCTAssertFalse(Normalizer.dateDigitLost("5 марта 2014"), "a month in words prints its day as it likes")
        XCTAssertFalse(Normalizer.dateDigitLost("1603 2024"))
    }
}

/// Numbers inside an address get the third reading: on a weak page a close call sends the address to review.
final class AddressNumberTests: XCTestCase {
    struct Zones: ZoneReader {
        var choices: [CharChoice]
        func read(zone: Box, kind: ZoneKind) -> [OCRLine] { [] }
        func inkCoverage(zone: Box) -> Double { 0 }
        func digitChoices(zone: Box) -> [CharChoice] { choices }
    }

    func page(_ rows: [String]) -> OCRPage { rowsPage(rows) }

    func rows() -> [String] {
        ["ЗАЯВЛЕНИЕ О ПРЕДОСТАВЛЕНИИ СЕРТИФИКАТА ДОПОЛНИТЕЛЬНОГО ОБРАЗОВАНИЯ И РЕГИСТРАЦИИ В",
         "РЕЕСТРЕ СЕРТИФИКАТОВ ДОПОЛНИТЕЛЬНОГО ОБРАЗОВАНИЯ № 9812",
         "Сведения о ребенке, которому предоставляется сертификат:",
         "Фамилия, имя, отчество ребенка: Ситникова Анастасия Вадимовна",
         "Дата рождения ребенка: 12.06.2016",
         "Место (адрес) проживания ребенка: 652635, Кемеровская область - Кузбасс, г. Белово, ул. Пушкина, дом 72",
         "Сведения о заявителе:"]
    }

    func testAPostcodeDigitWithAConfusableAlternativeDoubtsTheAddressOnAWeakPage() {
        let close = "652635".enumerated().map { i, ch in
            CharChoice(text: String(ch), confidence: 0.9, alternatives: i == 5 ? [.init(text: "3", confidence: 0.45)] : [])
        }
        var weak = page(rows())
        weak.lines = weak.lines.map { OCRLine(words: $0.words.map { OCRWord(text: $0.text, confidence: min($0.confidence, 0.8), box: $0.box) }) }
        let r = Extractor().extract(weak, zones: Zones(choices: close))
        XCTAssertEqual(r.fields["child.address"]?.status, .review)
        XCTAssertEqual(r.fields["child.address"]?.doubt, .addressPart)
        // On a page read well the close call alone is no doubt (seeds 2201-2207: 32 right numbers doubted, none wrong).
        let good = Extractor().extract(page(rows()), zones: Zones(choices: close))
        XCTAssertEqual(good.fields["child.address"]?.status, .ok)
    }

    func testAddressNumbersWithoutCloseCallsRaiseNoDoubt() {
        let sure = "652635".map { CharChoice(text: String($0), confidence: 0.95) }
        let r = Extractor().extract(page(rows()), zones: Zones(choices: sure))
        XCTAssertEqual(r.fields["child.address"]?.status, .ok)
    }
}

/// A number that a scanner's streak split in two ("№ 6. 880" for "№ 62880"): every model reads the
/// first part alike, so only the digits that follow on the line tell.
final class CutNumberTests: XCTestCase {
    func testDigitsAfterABreakDoubtTheNumber() {
        XCTAssertTrue(FieldParser.digitsFollow(Array("6. 880 Прошу"), after: 1))
        XCTAssertTrue(FieldParser.digitsFollow(Array("6 880"), after: 1))
        XCTAssertFalse(FieldParser.digitsFollow(Array("62880 Прошу"), after: 5))
        XCTAssertFalse(FieldParser.digitsFollow(Array("17 от 01.02.2026"), after: 2), "a word between ends the number")
        XCTAssertFalse(FieldParser.digitsFollow(Array("62880, в целях"), after: 5))
        XCTAssertFalse(FieldParser.digitsFollow(Array("53 1 Прошу"), after: 2), "a lone digit is a mark")
        XCTAssertFalse(FieldParser.digitsFollow(Array("53"), after: 2))
    }

    func testTheApplicationNumberSplitByAStreakGoesToAPerson() {
        let r = Extractor().extract(rowsPage([
            "ЗАЯВЛЕНИЕ О ПРЕДОСТАВЛЕНИИ СЕРТИФИКАТА ДОПОЛНИТЕЛЬНОГО ОБРАЗОВАНИЯ И РЕГИСТРАЦИИ В",
            "РЕЕСТРЕ СЕРТИФИКАТОВ ДОПОЛНИТЕЛЬНОГО ОБРАЗОВАНИЯ № 6. 880",
            "Сведения о ребенке, которому предоставляется сертификат:",
            "Фамилия, имя, отчество ребенка: Егорова Маргарита Егоровна",
            "Дата рождения ребенка: 10.05.2010",
        ]))
        XCTAssertEqual(r.fields["application_number"]?.value, "6")
        XCTAssertEqual(r.fields["application_number"]?.status, .review)
        XCTAssertEqual(r.fields["application_number"]?.doubt, .numberMayBeCut)
        XCTAssertFalse(Doubt.numberMayBeCut.liftedByOtherForm)
        XCTAssertFalse(Doubt.numberMayBeCut.liftedByRegistry)
        let whole = Extractor().extract(rowsPage([
            "ЗАЯВЛЕНИЕ О ПРЕДОСТАВЛЕНИИ СЕРТИФИКАТА ДОПОЛНИТЕЛЬНОГО ОБРАЗОВАНИЯ И РЕГИСТРАЦИИ В",
            "РЕЕСТРЕ СЕРТИФИКАТОВ ДОПОЛНИТЕЛЬНОГО ОБРАЗОВАНИЯ № 62880",
        ]))
        XCTAssertNotEqual(whole.fields["application_number"]?.doubt, .numberMayBeCut)
    }

    func testTheZoneOfDigitsGluedToTheirNumberSignStartsAfterTheSign() {
        // Seed 2653 p017 (clean, a typewriter face): "№122973" one word at x 2104, width 188; its ink in
        // columns 2104-2151 (the sign and the 1 touching), 2159, 2187, 2213, 2242, 2270-2292: the digits'
        // pitch 27-29, the 1's cell from about x 2130.
        let word = OCRWord(text: "№122973", confidence: 0.9, box: Box(x: 2104, y: 292, width: 188, height: 33))
        let columns = [(2104, 2151), (2159, 2181), (2187, 2209), (2213, 2237), (2242, 2265), (2270, 2292)]
        let blobs = columns.map { InkBlob(box: Box(x: $0.0, y: 292, width: $0.1 - $0.0, height: 33), pixels: 300) }
            + [InkBlob(box: Box(x: 2200, y: 330, width: 2, height: 2), pixels: 4)]
        let start = Extractor.digitsStart(word, blobs: blobs)
        XCTAssertNotNil(start)
        XCTAssertTrue((2120...2132).contains(start ?? 0), "the 1's cell, not the sign, not inside the 1: \(start ?? 0)")
        // The sign apart from the digits (a proportional face): the same start from the digits' pitch.
        let apart = [(1411, 1430), (1433, 1445)] + (0..<5).map { (1455 + 30 * $0, 1475 + 30 * $0) }
        let sign = OCRWord(text: "№35122", confidence: 0.9, box: Box(x: 1411, y: 334, width: 201, height: 40))
        let s2 = Extractor.digitsStart(sign, blobs: apart.map { InkBlob(box: Box(x: $0.0, y: 334, width: $0.1 - $0.0, height: 40), pixels: 300) })
        XCTAssertTrue((1446...1455).contains(s2 ?? 0), "\(s2 ?? 0)")
        // Digits broken unevenly in a scan, no ink, a word of digits alone or with a sign of the number: the zone is kept.
        let broken = [(2104, 2151), (2159, 2170), (2174, 2181), (2213, 2237), (2242, 2265), (2270, 2292)]
        XCTAssertNil(Extractor.digitsStart(word, blobs: broken.map { InkBlob(box: Box(x: $0.0, y: 292, width: $0.1 - $0.0, height: 33), pixels: 300) }))
        XCTAssertNil(Extractor.digitsStart(word, blobs: nil))
        XCTAssertNil(Extractor.digitsStart(OCRWord(text: "122973", confidence: 0.9, box: word.box), blobs: blobs))
        XCTAssertNil(Extractor.digitsStart(OCRWord(text: "+79086917147", confidence: 0.9, box: word.box), blobs: blobs))
    }
}
