import XCTest
@testable import Extraction
import IntakeModel

/// Independent opinions on critical fields, on recorded values (no Tesseract needed): another
/// model's reading of critical digits, names a confusable letter or two away from a known name,
/// and the applicant's surname checked through the child's registry entry.
final class IndependentOpinionTests: XCTestCase {
    let ctx = ValidationContext(today: SimpleDate(year: 2026, month: 11, day: 23)!, signingDate: nil,
                                selfApplication: false, categories: [], pageConfidence: 0.95)
    let engine = EngineInfo(tesseract: "t", models: [:])

    func chars(_ text: String, sure: Double = 0.97) -> [CharChoice] {
        text.map { CharChoice(text: String($0), confidence: sure) }
    }

    /// A number every reading of the Russian model agrees on, with `other` from the other model.
    func digits(_ key: String, _ kind: FieldKind, _ value: String, other: String?) -> FieldResult {
        var c = Candidate(key: key, kind: kind, value: value, wellFormed: true, repaired: false, raw: value,
                          tokens: [], box: nil, confidence: 0.96, minConfidence: 0.96, rule: "test")
        c.rereads = [value]
        c.rereadConfidence = 0.93
        c.digitChoices = chars(value)
        c.otherModel = other
        return Validator.decide(key: key, candidate: c, context: ctx)
    }

    /// A number (by default the application number) the page read as `value`, with its other readings.
    func number(_ value: String, sure: Double, reread: String, grey: String, other: String, third: String,
                key: String = "application_number", kind: FieldKind = .number) -> Candidate {
        var c = Candidate(key: key, kind: kind, value: value, wellFormed: true, repaired: false,
                          raw: value, tokens: [], box: nil, confidence: sure, minConfidence: sure, rule: "test")
        c.rereads = [reread]
        c.digitChoices = chars(grey)
        c.otherModel = other
        c.thirdModel = third
        return c
    }

    func name(_ key: String, _ value: String) -> FieldResult {
        let c = Candidate(key: key, kind: .name, value: value, wellFormed: true, repaired: false, raw: value,
                          tokens: [], box: nil, confidence: 0.96, minConfidence: 0.96, rule: "test")
        return Validator.decide(key: key, candidate: c, context: ctx)
    }

    // MARK: another model for critical digits

    func testEveryNumberAndDateAsksTheOtherModel() {
        XCTAssertTrue(DigitEvidence.needsOtherModel(key: "application_number", kind: .number))
        XCTAssertTrue(DigitEvidence.needsOtherModel(key: "registry_number", kind: .registry))
        XCTAssertTrue(DigitEvidence.needsOtherModel(key: "child.birth_date", kind: .date))
        XCTAssertTrue(DigitEvidence.needsOtherModel(key: "applicant.passport_series", kind: .passportSeries))
        XCTAssertTrue(DigitEvidence.needsOtherModel(key: "applicant.phone", kind: .phone))
        XCTAssertFalse(DigitEvidence.needsOtherModel(key: "applicant.email", kind: .email))
        XCTAssertFalse(DigitEvidence.needsOtherModel(key: "child.last_name", kind: .name))
    }

    func testOnANonCriticalFieldTheOtherModelLeavesTheFieldUnverified() {
        // Seed 1407: passport series "5224" for "3224", three readings agreeing.
        let r = digits("applicant.passport_series", .passportSeries, "5224", other: "3224")
        XCTAssertEqual(r.doubt, .otherModelDiffers)
        XCTAssertFalse(FieldRoles.isCritical("applicant.passport_series"), "it does not hold the packet back")
    }

    func testTheOtherModelDisagreeingSendsAConfirmedCriticalNumberToAPerson() {
        // Seed 1407: "37130" printed with a flat-topped 3, read "57130" by the page, its digits
        // re-read and the third reading; `eng` on the zone at twice the scale read "27130".
        let r = digits("application_number", .number, "57130", other: "27130")
        XCTAssertEqual(r.status, .review)
        XCTAssertEqual(r.doubt, .otherModelDiffers)
        XCTAssertEqual(r.value, "57130", "the reading is shown, never replaced by the other model's")
        XCTAssertEqual(r.readings?.last, "27130", "the other opinion is shown to the reviewer")
        // A birth date likewise.
        XCTAssertEqual(digits("child.birth_date", .date, "2015-05-31", other: "2015-03-31").doubt, .otherModelDiffers)
    }

    func testTheOtherModelAgreeingOrFailingChangesNothing() {
        XCTAssertEqual(digits("application_number", .number, "37130", other: "37130").status, .ok)
        XCTAssertEqual(digits("application_number", .number, "37130", other: "").status, .ok,
                       "no well-formed reading is no evidence either way")
        XCTAssertEqual(digits("application_number", .number, "37130", other: nil).status, .ok)
        XCTAssertEqual(digits("application_number", .number, "1444", other: "444").status, .ok,
                       "another length: the other model lost a digit at the zone's edge, no evidence on the digits")
        // It never lifts a doubt of its own accord.
        var c = Candidate(key: "application_number", kind: .number, value: "8592", wellFormed: true, repaired: false, raw: "8592",
                          tokens: [], box: nil, confidence: 0.96, minConfidence: 0.96, rule: "test")
        c.rereads = ["8392"]
        c.rereadConfidence = 0.9
        c.otherModel = "8592"
        XCTAssertEqual(Validator.decide(key: "application_number", candidate: c, context: ctx).doubt, .readingsDiffer)
    }

    func testASignGluedBeforeTheDigitsIsNotTakenForADigit() {
        // "№28147" printed: the digits-only list forces the sign into a digit ("228147").
        XCTAssertEqual(DigitEvidence.otherModelValue(kind: .number, text: "228147.", printed: "№28147,", value: "28147"), "28147")
        XCTAssertEqual(DigitEvidence.otherModelValue(kind: .number, text: "227130", printed: "№37130", value: "57130"), "27130",
                       "lengths decide, not which digits agree")
        XCTAssertEqual(DigitEvidence.otherModelValue(kind: .number, text: "228147", printed: "28147", value: "28147"), "228147",
                       "no sign printed: nothing dropped")
        XCTAssertEqual(DigitEvidence.otherModelValue(kind: .number, text: "28147", printed: "№28147", value: "28147"), "28147",
                       "the sign read as nothing: nothing dropped")
        XCTAssertEqual(DigitEvidence.otherModelValue(kind: .number, text: "2282147", printed: "№28147", value: "28147"), "",
                       "two digits more: nothing dropped, and no number of 1-6 digits")
        XCTAssertEqual(DigitEvidence.otherModelValue(kind: .date, text: "06.06.2019", printed: "06.06.2019", value: "2019-06-06"), "2019-06-06")
    }

    func testADoubtTheOtherFormWouldLiftBecomesTheOtherModelsDoubt() {
        // Seed 1407 again: the re-read said 37130 against the page's 57130 (`readings_differ`, which
        // the other form's equal 57130 lifted); the other model says 37130 too.
        var c = Candidate(key: "application_number", kind: .number, value: "57130", wellFormed: true, repaired: false, raw: "57130",
                          tokens: [], box: nil, confidence: 0.93, minConfidence: 0.93, rule: "test")
        c.rereads = ["37130"]
        c.rereadConfidence = 0.96
        c.digitChoices = chars("57150", sure: 0.88)
        c.otherModel = "37130"
        let r = Validator.decide(key: "application_number", candidate: c, context: ctx)
        XCTAssertEqual(r.doubt, .otherModelDiffers)
        let (a, b) = reconciled("application_number", r, r)
        XCTAssertEqual(a?.status, .review)
        XCTAssertEqual(b?.status, .review)
        // A doubt the other form cannot lift keeps its own code.
        var d = c
        d.rereads = ["57130"]
        d.digitChoices = chars("57130")
        d.digitChoices[0].alternatives = [CharChoice.Alternative(text: "3", confidence: 0.4)]
        XCTAssertEqual(Validator.decide(key: "application_number", candidate: d, context: ctx).doubt, .closeDigitAlternative)
    }

    /// A date the page read as no date (`value`), with the other readings of its zone.
    func malformedDate(_ key: String, _ value: String, sure: Double, printed: String, reread: String, grey: String,
                       other: String, third: String) -> Candidate {
        var c = Candidate(key: key, kind: .date, value: value, wellFormed: false, repaired: false,
                          raw: printed, tokens: [], box: nil, confidence: sure, minConfidence: sure, rule: "test")
        c.rereads = [reread]
        c.rereadConfidence = 0.6
        c.digitChoices = chars(grey, sure: 0.9)
        c.otherModel = other
        c.thirdModel = third
        return c
    }

    func testAMalformedPageReadingIsReplacedOnlyByThreeAgreeingReadingsOfTheGreyZone() {
        // Seed 2501 p016: the page read "07.10.2017" as "2017-10-97", eng on the binarised zone
        // "2017-10-87"; the Russian model on the grey zone, eng at twice the scale and ukr all read 2017-10-07.
        let c = malformedDate("child.birth_date", "2017-10-97", sure: 0.72, printed: "07.10.2017", reread: "2017-10-87",
                              grey: "07.10.2017", other: "2017-10-07", third: "2017-10-07")
        let r = Validator.decide(key: "child.birth_date", candidate: c, context: ctx)
        XCTAssertEqual(r.status, .ok)
        XCTAssertEqual(r.value, "2017-10-07")
        XCTAssertEqual(r.readings?.first, "2017-10-97", "the page's reading is kept among the readings")
        // Two of the three agreeing is no majority: the format doubt stays.
        var d = c
        d.thirdModel = "2017-10-01"
        XCTAssertEqual(Validator.decide(key: "child.birth_date", candidate: d, context: ctx).doubt, .format)
        var e = c
        e.digitChoices = chars("07.10.2011")
        XCTAssertEqual(Validator.decide(key: "child.birth_date", candidate: e, context: ctx).status, .review)
        // A well-formed page reading is not outvoted by these three alone (a short "23" read "25" by all three).
        var f = Candidate(key: "application_number", kind: .number, value: "23", wellFormed: true, repaired: false, raw: "23",
                          tokens: [], box: nil, confidence: 0.9, minConfidence: 0.9, rule: "test")
        f.rereads = ["23"]
        f.digitChoices = chars("25")
        f.otherModel = "25"
        f.thirdModel = "25"
        XCTAssertNotEqual(DigitEvidence.vote(f), .majority("25"))
    }

    func testAnImpossibleDateTheGreyReadingRepeatsIsReplacedByTheOtherThreeAgreeing() {
        // Seed 2541 p019 (scan): "01.12.2001" read "01.17.2001" by the page and on the grey zone;
        // eng on the binarised zone, eng at twice the scale and the third model read 2001-12-01.
        let c = malformedDate("applicant.passport_issue_date", "2001-17-01", sure: 0.52, printed: "01.17.2001", reread: "2001-12-01",
                              grey: "01.17.2001", other: "2001-12-01", third: "2001-12-01")
        let r = Validator.decide(key: c.key, candidate: c, context: ctx)
        XCTAssertEqual(r.status, .ok)
        XCTAssertEqual(r.value, "2001-12-01")
        // The third model reading otherwise: no majority.
        var d = c
        d.thirdModel = "2001-12-07"
        XCTAssertEqual(Validator.decide(key: c.key, candidate: d, context: ctx).status, .review)
        // A grey reading that gives another real date is a fourth opinion the three do not outweigh alone.
        var e = c
        e.digitChoices = chars("01.11.2001")
        XCTAssertNil(DigitEvidence.vote(e))
    }

    func testACloseCallTheThirdModelAloneSharesIsOutvotedByThePageAndEngTwice() {
        // Seed 2573 p005 (clean): "+79093716042" read so by the page, eng on the binarised zone and eng at
        // twice the scale; the third model read "…957…" and the Russian model's grey reading saw 5 as a
        // close second at the 3. Calibrated on 2573, 2577, 2579: 9 such fields, all right.
        var c = number("+79093716042", sure: 0.78, reread: "+79093716042", grey: "+79093716042", other: "+79093716042",
                       third: "+79095716042", key: "applicant.phone", kind: .phone)
        c.rereadConfidence = 0.91
        c.digitChoices[5].alternatives = [CharChoice.Alternative(text: "5", confidence: 0.65)]
        XCTAssertEqual(DigitEvidence.vote(c), .thirdOutvoted)
        XCTAssertEqual(Validator.decide(key: c.key, candidate: c, context: ctx).status, .ok)
        // On a critical field (the application number) the same vote leaves the doubt to a person.
        var critical = number("37130", sure: 0.9, reread: "37130", grey: "37130", other: "37130", third: "57130")
        critical.digitChoices[0].alternatives = [CharChoice.Alternative(text: "5", confidence: 0.6)]
        XCTAssertEqual(DigitEvidence.vote(critical), .thirdOutvoted)
        XCTAssertEqual(Validator.decide(key: critical.key, candidate: critical, context: ctx).doubt, .closeDigitAlternative)
        // Without the third model's reading the close call stays a doubt.
        var alone = c
        alone.thirdModel = ""
        XCTAssertEqual(Validator.decide(key: c.key, candidate: alone, context: ctx).doubt, .closeDigitAlternative)
        // A zone cut short (seed 2573 p030: "336" by three readings for 53336, "886" by the third
        // model): two digits apart is no single confusion.
        XCTAssertNil(DigitEvidence.vote(number("336", sure: 0.8, reread: "336", grey: "336", other: "336", third: "886")))
    }

    func testAPhoneWhoseTwoEngReadingsFailedIsAcceptedWhenTheThreeOthersAgree() {
        // Seed 2739 p012 (clean): "+7 923 075-47-29" read "+7792390754729" on the binarised zone, nothing
        // well-formed at twice the scale; the page, the grey zone and the third model +79230754729.
        func phone(_ value: String, reread: String, grey: String, other: String, third: String) -> Candidate {
            number(value, sure: 0.7, reread: reread, grey: grey, other: other, third: third, key: "applicant.phone", kind: .phone)
        }
        let c = phone("+79230754729", reread: "+7792390754729", grey: "+79230754729", other: "", third: "+79230754729")
        XCTAssertTrue(DigitEvidence.twoFailedThreeAgree(c))
        XCTAssertEqual(Validator.decide(key: c.key, candidate: c, context: ctx).status, .ok)
        // Seed 2739 p001 (clean): the third model read the printed 3 where the others read 5; a well-formed
        // re-read or other model is a reading, not a failure; a close call among the characters; a critical field.
        XCTAssertFalse(DigitEvidence.twoFailedThreeAgree(phone("+79626056655", reread: "+7796260036655", grey: "+79626056655", other: "", third: "+79626036655")))
        XCTAssertFalse(DigitEvidence.twoFailedThreeAgree(phone("+79230754729", reread: "+79230754723", grey: "+79230754729", other: "", third: "+79230754729")))
        XCTAssertFalse(DigitEvidence.twoFailedThreeAgree(phone("+79230754729", reread: "+7792390754729", grey: "+79230754729", other: "+79230754723",
                                                               third: "+79230754729")))
        var close = c
        close.digitChoices[4].alternatives = [CharChoice.Alternative(text: "5", confidence: 0.6)]
        XCTAssertFalse(DigitEvidence.twoFailedThreeAgree(close))
        XCTAssertFalse(DigitEvidence.twoFailedThreeAgree(number("4201225637", sure: 0.7, reread: "42012256379", grey: "4201225637", other: "",
                                                                third: "4201225637", key: "registry_number", kind: .registry)))
    }

    func testAReReadThatFailedIsNoDisagreementWhenTheFourOtherReadingsAgree() {
        // A reading a digit longer is no failure: the four may all have lost the edge digit (seed 2539
        // p027: "05143" by four readings, 705143 printed and read by eng on the binarised zone).
        let cut = number("05143", sure: 0.9, reread: "705143", grey: "05143", other: "05143", third: "05143")
        XCTAssertFalse(DigitEvidence.rereadFailedOthersAgree(cut))
        // A registry number opens with the region's code, 42: digits in front of it that break the
        // code are a glued "№" read as digits (seed 2573 p002, a scan: "2420692563").
        let registry = number("420692563", sure: 0.78, reread: "2420692563", grey: "420692563", other: "420692563", third: "420692563",
                              key: "registry_number", kind: .registry)
        XCTAssertTrue(DigitEvidence.rereadFailedOthersAgree(registry))
        XCTAssertEqual(Validator.decide(key: registry.key, candidate: registry, context: ctx).status, .ok)
        // Seed 2579 p012: the code's 4 read 3 on the binarised zone alone.
        XCTAssertTrue(DigitEvidence.rereadFailedOthersAgree(number("4206428273", sure: 0.9, reread: "3206428273", grey: "4206428273",
                                                                   other: "4206428273", third: "4206428273", key: "registry_number", kind: .registry)))
        // Seed 2645 p007 (poor): every reading 5 where 3 is printed, the character reading's close second 3.
        var shared = number("4210588142", sure: 0.52, reread: "4710588142", grey: "4210588142", other: "4210588142", third: "4210588142",
                            key: "registry_number", kind: .registry)
        XCTAssertTrue(DigitEvidence.rereadFailedOthersAgree(shared), "without the close call")
        shared.digitChoices[5].alternatives = [CharChoice.Alternative(text: "3", confidence: 0.64)]
        XCTAssertFalse(DigitEvidence.rereadFailedOthersAgree(shared))
        XCTAssertEqual(Validator.decide(key: shared.key, candidate: shared, context: ctx).status, .review)
        // Seed 2573 p019 (scan): the page and the binarised re-read "1201928158", the three grey readings 4201928158.
        var coded = number("1201928158", sure: 0.94, reread: "1201928158", grey: "4201928158", other: "4201928158", third: "4201928158",
                           key: "registry_number", kind: .registry)
        coded.rereadConfidence = 0.75
        XCTAssertEqual(DigitEvidence.regionCodeFromGrey(coded), "4201928158")
        let settled = Validator.decide(key: coded.key, candidate: coded, context: ctx)
        XCTAssertEqual(settled.status, .ok)
        XCTAssertEqual(settled.value, "4201928158")
        coded.thirdModel = "4201928153"
        XCTAssertNil(DigitEvidence.regionCodeFromGrey(coded), "the grey readings must all agree")
        // Seed 2575 p030 (scan): every reading "1202022316" for 4202022316: no region's number, a doubt.
        let alike = number("1202022316", sure: 0.9, reread: "1202022316", grey: "1202022316", other: "1202022316", third: "1202022316",
                           key: "registry_number", kind: .registry)
        let doubted = Validator.decide(key: alike.key, candidate: alike, context: ctx)
        XCTAssertEqual(doubted.status, .review)
        XCTAssertEqual(doubted.doubt, .format)
        XCTAssertEqual(Validator.decide(key: "registry_number", candidate: number("4202022316", sure: 0.95, reread: "4202022316", grey: "4202022316",
                                                                                  other: "4202022316", third: "4202022316", key: "registry_number",
                                                                                  kind: .registry), context: ctx).status, .ok)
        XCTAssertFalse(DigitEvidence.rereadFailedOthersAgree(number("201999035", sure: 0.9, reread: "4201999035", grey: "201999035",
                                                                    other: "201999035", third: "201999035", key: "registry_number", kind: .registry)),
                       "the longer reading opens with 42: the four may have lost its first digit")
        // Seed 2539 p009 (scan): the printed "8(923)" read into the number: a shift, not a misread digit.
        var phone = number("+79230627947", sure: 0.70, reread: "+78923627947", grey: "+79230627947", other: "+79230627947", third: "+79230627947")
        phone.key = "applicant.phone"
        phone.kind = .phone
        XCTAssertTrue(DigitEvidence.rereadFailedOthersAgree(phone))
        // Seed 2537 p008: a day 69 is no date.
        let date = malformedDate("applicant.passport_issue_date", "2004-05-09", sure: 0.93, printed: "09.05.2004", reread: "2004-05-69",
                                 grey: "09.05.2004", other: "2004-05-09", third: "2004-05-09")
        var wellFormed = date
        wellFormed.wellFormed = true
        XCTAssertEqual(Validator.decide(key: date.key, candidate: wellFormed, context: ctx).status, .ok)
        // A substituted digit is a disagreement however many readings side with the page (seed 2541
        // p019: "745186" by four readings, 743186 printed and read by eng on the binarised zone alone).
        var substituted = number("745186", sure: 0.85, reread: "743186", grey: "745186", other: "745186", third: "745186")
        substituted.key = "applicant.passport_number"
        substituted.kind = .passportNumber
        XCTAssertFalse(DigitEvidence.rereadFailedOthersAgree(substituted))
        XCTAssertEqual(Validator.decide(key: substituted.key, candidate: substituted, context: ctx).status, .review)
        // Nor does it hold when one of the four reads otherwise.
        var split = phone
        split.thirdModel = "+79250627947"
        XCTAssertFalse(DigitEvidence.rereadFailedOthersAgree(split))
        // A re-read that is no phone at all (seed 2741 p015, a scan: 13 digits, the "+7" and its
        // bracket read in) failed; the four others agreeing, the phone stands.
        var long = number("+79058282108", sure: 0.96, reread: "+7790582282108", grey: "+79058282108", other: "+79058282108",
                          third: "+79058282108", key: "applicant.phone", kind: .phone)
        XCTAssertTrue(DigitEvidence.rereadFailedOthersAgree(long))
        XCTAssertEqual(Validator.decide(key: long.key, candidate: long, context: ctx).status, .ok)
        long.thirdModel = "+79058282103"
        XCTAssertFalse(DigitEvidence.rereadFailedOthersAgree(long), "all four must agree")
        // A passport number's first 0 lost by the re-read alone (seed 2725 p030, clean).
        XCTAssertTrue(DigitEvidence.rereadFailedOthersAgree(number("054179", sure: 0.9, reread: "54179", grey: "054179", other: "054179",
                                                                   third: "054179", key: "applicant.passport_number", kind: .passportNumber)))
    }

    func testAMalformedPassportSeriesWhoseNumberWasNotFoundKeepsItsFormatDoubt() {
        // Seed 2529 p025 (poor): the series read "152" 0.14 sure, the number beside it not found;
        // the three readings of the zone agreed on "1523" (printed 3211): the zone was not the series'.
        var c = number("152", sure: 0.14, reread: "1523", grey: "1523", other: "1523", third: "1523")
        c.key = "applicant.passport_series"
        c.kind = .passportSeries
        c.wellFormed = false
        XCTAssertEqual(Validator.decide(key: c.key, candidate: c, context: ctx).status, .ok, "with its number found, the majority stands")
        c.partnerMissing = true
        let r = Validator.decide(key: c.key, candidate: c, context: ctx)
        XCTAssertEqual(r.status, .review)
        XCTAssertEqual(r.doubt, .format)
    }

    func testEngTwiceAndTheGreyRussianReadingOutvoteThePageWhateverTheThirdModelSays() {
        // Seed 2501 p020: "№30725" in a bold monospace face read "360725" by the page; eng (twice)
        // and the Russian model on the grey zone read 30725; ukr read the glued "№" as a 0.
        var c = Candidate(key: "application_number", kind: .number, value: "360725", wellFormed: true, repaired: false,
                          raw: "360725", tokens: [], box: nil, confidence: 0.45, minConfidence: 0.45, rule: "test")
        c.rereads = ["30725"]
        c.digitChoices = chars("30725")
        c.otherModel = "30725"
        c.thirdModel = "030725"
        XCTAssertEqual(DigitEvidence.vote(c), .majority("30725"))
        let r = Validator.decide(key: "application_number", candidate: c, context: ctx)
        XCTAssertEqual(r.status, .ok)
        XCTAssertEqual(r.value, "30725")
        // The third model siding with the page (both share the 3/5 confusion) does not stop it.
        c.thirdModel = "360725"
        XCTAssertEqual(DigitEvidence.vote(c), .majority("30725"))
        // Without the grey reading agreeing there is no majority.
        c.digitChoices = chars("360725")
        XCTAssertNil(DigitEvidence.vote(c))
    }

    func testEngTwiceAndTheThirdModelDoNotOutvoteBothRussianReadingsOfASurePage() {
        // Seed 2545 p001 (clean consent): 275546 printed, read by the page 0.95 sure and by the
        // Russian model on the grey zone; eng twice and the third model read "215546" (7 as 1), and
        // their majority was accepted. Both models' sides standing, a person decides.
        var c = number("275546", sure: 0.951, reread: "215546", grey: "275546", other: "215546", third: "215546",
                       key: "applicant.passport_number", kind: .passportNumber)
        XCTAssertNil(DigitEvidence.vote(c))
        let r = Validator.decide(key: c.key, candidate: c, context: ctx)
        XCTAssertEqual(r.status, .review)
        XCTAssertEqual(r.value, "275546")
        XCTAssertEqual(r.doubt, .otherModelDiffers, "a doubt the other form's same reading does not lift")
        // A page reading unsure of itself is outvoted as before.
        c.minConfidence = 0.6
        XCTAssertEqual(DigitEvidence.vote(c), .majority("215546"))
    }

    func testEngTwiceAndTheThirdModelOutvoteASurePageThatReadAFlatTopped3As5() {
        // Seed 2741 p010 (a scan consent, first contact): passport series 3219 printed, read "5219" by the
        // page 0.94 sure and by the Russian model on the grey zone; eng twice and the third model read 3219.
        let c = number("5219", sure: 0.945, reread: "3219", grey: "5219", other: "3219", third: "3219",
                       key: "applicant.passport_series", kind: .passportSeries)
        XCTAssertEqual(DigitEvidence.vote(c), .majority("3219"))
        let r = Validator.decide(key: c.key, candidate: c, context: ctx)
        XCTAssertEqual(r.status, .ok)
        XCTAssertEqual(r.value, "3219")
        // Any other difference beside the 5s leaves the sure page standing.
        let mixed = number("5279", sure: 0.945, reread: "3219", grey: "5279", other: "3219", third: "3219",
                           key: "applicant.passport_series", kind: .passportSeries)
        XCTAssertNil(DigitEvidence.vote(mixed))
        XCTAssertTrue(DigitEvidence.fiveReadForThree("55479", "53479"))
        XCTAssertFalse(DigitEvidence.fiveReadForThree("53479", "55479"))
        XCTAssertFalse(DigitEvidence.fiveReadForThree("5547", "53479"))
        XCTAssertFalse(DigitEvidence.fiveReadForThree("55479", "55479"))
    }

    func testDigitsOnlyReadingsLongerInFrontThanThePageAreNoMajority() {
        // Seed 2513 p011: "№23282" with the sign glued; the page read 25282 (0.42), eng twice and the
        // third model "223282" (the sign forced into a 2), the grey Russian reading 275282.
        var c = Candidate(key: "application_number", kind: .number, value: "25282", wellFormed: true, repaired: false,
                          raw: "25282", tokens: [], box: nil, confidence: 0.42, minConfidence: 0.42, rule: "test")
        c.rereads = ["223282"]
        c.digitChoices = chars("275282")
        c.otherModel = "223282"
        c.thirdModel = "223282"
        XCTAssertNil(DigitEvidence.vote(c))
        let r = Validator.decide(key: "application_number", candidate: c, context: ctx)
        XCTAssertEqual(r.status, .review)
        XCTAssertEqual(r.value, "25282")
        // Longer by a digit the page lost at the end (seed 1901: "97604" for "976041") still counts.
        var d = c
        d.value = "97604"; d.raw = "97604"
        d.rereads = ["976041"]; d.otherModel = "976041"; d.thirdModel = "976041"
        XCTAssertEqual(DigitEvidence.vote(d), .majority("976041"))
    }

    func testTwoPrintsOfTheNumberReadAlikeByTheRussianModelOnlyLiftNoDoubt() {
        // Seed 2513 p007 (poor): "73493" on both forms, 0.5 sure, eng reading "73" and "73454"; 73494 printed.
        func doubted(_ reread: String, other: String?) -> FieldResult {
            var f = FieldResult(value: "73493", status: .review, confidence: 0.5, reason: "the field re-read gives a different value",
                                doubt: .readingsDiffer)
            f.reread = reread
            f.otherModel = other
            return f
        }
        let (a, b) = reconciled("application_number", doubted("73", other: "7"), doubted("73454", other: nil))
        XCTAssertEqual(a?.status, .review)
        XCTAssertEqual(b?.status, .review)
        // eng reading one of the prints as the value: two models have seen it, and the other form lifts the doubt.
        let (c, d) = reconciled("application_number", doubted("73493", other: nil), doubted("73454", other: nil))
        XCTAssertEqual(c?.status, .ok)
        XCTAssertEqual(d?.status, .ok)
    }

    func testRereadsThatAllLackAnEdgeDigitOfASurePageReadingAreNoMajority() {
        // Seed 2507 p021: "№194" with the sign glued to the 1; the re-read zone began after the 1,
        // and eng twice and the grey Russian reading all gave "94". The page read 194, 0.97 sure.
        var c = Candidate(key: "application_number", kind: .number, value: "194", wellFormed: true, repaired: false,
                          raw: "194", tokens: [], box: nil, confidence: 0.97, minConfidence: 0.97, rule: "test")
        c.rereads = ["94"]
        c.digitChoices = chars("94")
        c.otherModel = "94"
        c.thirdModel = "94"
        XCTAssertNil(DigitEvidence.vote(c))
        let r = Validator.decide(key: "application_number", candidate: c, context: ctx)
        XCTAssertEqual(r.status, .review)
        XCTAssertEqual(r.value, "194", "the page's reading is shown, the shorter one among the readings")
        // A page reading that is unsure of itself is outvoted as before.
        c.minConfidence = 0.5
        XCTAssertEqual(DigitEvidence.vote(c), .majority("94"))
    }

    func testAMajorityWithADigitFewerThanThePageIsShownButNotAccepted() {
        // Seed 2525 p003: "4201999035" printed, read by the page 0.52 sure; eng twice and the third
        // model lost the leading 4. The shorter majority was accepted: a silent error. Which reading
        // is right (a digit lost, or a sign read as one) is for a person or the registry to say.
        var c = Candidate(key: "registry_number", kind: .registry, value: "4201999035", wellFormed: true, repaired: false,
                          raw: "4201999035", tokens: [], box: nil, confidence: 0.52, minConfidence: 0.52, rule: "test")
        c.rereads = ["201999035"]
        c.rereadConfidence = 0.9
        c.digitChoices = chars("201999035")
        c.otherModel = "201999035"
        c.thirdModel = "201999035"
        XCTAssertEqual(DigitEvidence.vote(c), .majority("201999035"))
        let r = Validator.decide(key: "registry_number", candidate: c, context: ctx)
        XCTAssertEqual(r.status, .review)
        XCTAssertEqual(r.doubt, .otherModelDiffers)
        XCTAssertTrue(r.readings?.contains("4201999035") ?? false, "the page's reading stays among the readings")
        // A majority of as many digits as the page's still settles it.
        c.rereads = ["4201999036"]; c.digitChoices = chars("4201999036"); c.otherModel = "4201999036"; c.thirdModel = "4201999036"
        XCTAssertEqual(Validator.decide(key: "registry_number", candidate: c, context: ctx).status, .ok)
    }

    func testTheRussianReadingsOfTheGreyZoneAgreeingOnAnotherDigitStopTheAgreementOfTheOthers() {
        // Seed 2509 p027: page, eng (binarised) and eng at twice the scale read "120108119"; the Russian
        // model on the grey zone read 420108119 and the third model 420105119. 420108119 was printed.
        var c = Candidate(key: "registry_number", kind: .registry, value: "120108119", wellFormed: true, repaired: false,
                          raw: "120108119", tokens: [], box: nil, confidence: 0.59, minConfidence: 0.59, rule: "test")
        c.rereads = ["120108119"]
        c.rereadConfidence = 0.9
        c.digitChoices = chars("420108119")
        c.otherModel = "120108119"
        c.thirdModel = "420105119"
        XCTAssertFalse(DigitEvidence.bothModelsAgree(c))
        XCTAssertEqual(Validator.decide(key: "registry_number", candidate: c, context: ctx).status, .review)
        // The two disagreeing on different digits (each its own misreading): the agreement stands.
        c.thirdModel = "120105119"
        XCTAssertTrue(DigitEvidence.bothModelsAgree(c))
    }

    func testAGluedSignCuttingTheDigitsOnlyReadingsLeavesThePageAndTheThirdModel() {
        // Seed 2507 p016: "№614" read 614 by the page (0.97) and by the third model; eng read "61"
        // and "6", the grey Russian reading "61". No consent to agree with: the page decides.
        var c = Candidate(key: "application_number", kind: .number, value: "614", wellFormed: true, repaired: false,
                          raw: "614", tokens: [], box: nil, confidence: 0.97, minConfidence: 0.97, rule: "test")
        c.rereads = ["61"]
        c.digitChoices = chars("61 4")
        c.otherModel = "6"
        c.thirdModel = "614"
        XCTAssertTrue(DigitEvidence.rereadsCutShort(c))
        let r = Validator.decide(key: "application_number", candidate: c, context: ctx)
        XCTAssertEqual(r.status, .ok)
        XCTAssertEqual(r.value, "614")
        // A reading with another digit is a disagreement, not a cut.
        var d = c
        d.otherModel = "64"
        XCTAssertFalse(DigitEvidence.rereadsCutShort(d))
        XCTAssertEqual(Validator.decide(key: "application_number", candidate: d, context: ctx).status, .review)
        // The third model not reading the page's value, or a page reading less sure: no.
        var e = c
        e.thirdModel = "61"
        XCTAssertFalse(DigitEvidence.rereadsCutShort(e))
        var f = c
        f.minConfidence = 0.9
        XCTAssertFalse(DigitEvidence.rereadsCutShort(f))
    }

    func testTheOtherFormDoesNotLiftTheOtherModelsDoubtTheRegistryDoes() {
        XCTAssertFalse(Doubt.otherModelDiffers.liftedByOtherForm)
        XCTAssertTrue(Doubt.otherModelDiffers.liftedByRegistry)
        let a = digits("application_number", .number, "57130", other: "27130")
        let c = digits("application_number", .number, "57130", other: "")
        let (ra, rc) = reconciled("application_number", a, c)
        XCTAssertEqual(ra?.status, .review, "both forms misread alike: their agreement is no evidence")
        XCTAssertEqual(rc?.status, .review, "the same number on the consent: the application's doubt holds for the value on both")
        XCTAssertEqual(rc?.doubt, .otherModelDiffers)
    }

    // MARK: names near a known name

    func testTwoReadingsAgreeingOnAnotherNumberKeepTheDoubtWhenTheFormsAgree() {
        // Seed 2535 p021 (clean): "85053" read on both forms by the page and `eng` at twice the scale;
        // `eng` on the binarised zone read 83053 on both, the third model 83053 on the consent (printed).
        func form(reread: String, third: String, grey: String) -> FieldResult {
            Validator.decide(key: "application_number", candidate: number("85053", sure: 0.8, reread: reread, grey: grey, other: "85053", third: third),
                             context: ctx)
        }
        let app = form(reread: "83053", third: "830553", grey: "85055")
        let con = form(reread: "83053", third: "83053", grey: "85053")
        XCTAssertNil(app.agreedAlternative)
        XCTAssertEqual(con.agreedAlternative, "83053")
        let (a, c) = reconciled("application_number", app, con)
        XCTAssertEqual(a?.status, .review)
        XCTAssertEqual(c?.status, .review)
        // The third model and the Russian model on the grey zone agreeing without `eng` are no pair
        // (seed 2531 p009: "52072" by both under a right 32072).
        XCTAssertNil(DigitEvidence.agreedAlternative(number("32072", sure: 0.87, reread: "32072", grey: "52072", other: "32072", third: "52072")))
        // Without the consent's agreeing pair, the forms' agreement lifts the doubt as before.
        let (a2, _) = reconciled("application_number", app, form(reread: "83053", third: "85053", grey: "85053"))
        XCTAssertEqual(a2?.status, .ok)
    }

    func testADoubtTheOtherFormCannotLiftHoldsForTheSameValueOnBothForms() {
        // Seed 2539 p015: "д. 187" (137 printed) accepted on the application; the other model read the
        // consent's print of it otherwise.
        let value = "г. Новокузнецк, ул. Солнечная, д. 187"
        let accepted = FieldResult(value: value, status: .ok, confidence: 0.93)
        let doubted = FieldResult(value: value, status: .review, confidence: 0.93,
                                  reason: "another model reads a number in the address otherwise", doubt: .addressPart)
        let (a, c) = reconciled("child.address", accepted, doubted)
        XCTAssertEqual(a?.status, .review)
        XCTAssertEqual(a?.doubt, .addressPart)
        XCTAssertEqual(c?.status, .review)
        // A doubt the other form lifts is lifted on both, as before.
        let unsure = FieldResult(value: value, status: .review, confidence: 0.7, reason: "low recognition confidence", doubt: .lowConfidence)
        let (a2, c2) = reconciled("child.address", accepted, unsure)
        XCTAssertEqual(a2?.status, .ok)
        XCTAssertEqual(c2?.status, .ok)
    }

    func testAGivenNameOrPatronymicTheDictionarySpellsWithYoMayHaveLostItsDots() {
        // Seed 2533 p014: "Бахтиерович" for Бахтиёрович accepted on both forms of a scan.
        XCTAssertEqual(name("applicant.middle_name", "Бахтиерович").doubt, .mayHaveLostYo)
        XCTAssertNotEqual(name("applicant.middle_name", "Бахтиярович").doubt, .mayHaveLostYo)
        XCTAssertTrue(Lexicon.shared.yoCandidateWord("Бахтиерович"), "its dots are measured on the page")
    }

    func testANameTwoConfusableLettersFromAKnownNameIsNearIt() {
        let names = NameLexicon.shared
        XCTAssertEqual(names.nearKnown("Гуссинова", as: .surname), "Гусейнова", "с/е and и/й (seed 1407)")
        XCTAssertEqual(names.nearKnown("Воробъёв", as: .surname), "Воробьёв", "ъ/ь (seeds 1405, 1601)")
        XCTAssertEqual(names.nearKnown("Огамесян", as: .surname), "Оганесян", "м/н (seed 1601)")
        XCTAssertEqual(names.nearKnown("Кузиенов", as: .surname), "Кузнецов", "и/н and н/ц (seed 2575)")
        XCTAssertEqual(names.nearKnown("Сембнов", as: .surname), "Семёнов", "ё/б: the dots ran into a stroke (seed 2519)")
        XCTAssertNil(names.nearKnown("Бобров", as: .surname), "a known б is no ё")
        XCTAssertNil(names.nearKnown("Гусейнова", as: .surname), "a known name is not near another")
        XCTAssertNil(names.nearKnown("Севиндж", as: .given), "absent, but no known name a confusion away")
        XCTAssertNil(names.nearKnown("Сухроб", as: .given), "а/о is no confusion of the model: Сухроб/Сухраб are both names")
    }

    func testAMisprintOfOpenCorporaOneConfusionFromACommonNameIsNearIt() {
        // Seed 2665 p024 (scan, first contact): "Влалимировна" for Владимировна on both forms, accepted:
        // OpenCorpora lists the misprint as a patronymic.
        let names = NameLexicon.shared
        XCTAssertTrue(names.knownPatronymic("Влалимировна"), "the dictionary holds the misprint")
        XCTAssertEqual(names.nearCommon("Влалимировна", as: .patronymic), "Владимировна")
        XCTAssertEqual(names.nearCommon("Андпей", as: .given), "Андрей")
        XCTAssertEqual(names.nearCommon("Васидий", as: .given), "Василий")
        XCTAssertNil(names.nearCommon("Владимировна", as: .patronymic), "a common name is near nothing")
        XCTAssertNil(names.nearCommon("Гульнара", as: .given), "a name known, no common name a confusion away")
        XCTAssertNil(names.nearCommon("Влвдимировна", as: .patronymic), "unknown names are nearKnown's")
        XCTAssertNil(names.nearCommon("Бурдакова", as: .surname), "no common list of surnames")
        XCTAssertNil(names.nearCommon("Михаиловна", as: .patronymic), "formed from a common name (2669 p024)")
        // sig2687 p025 (a bilevel scan, first contact): "Андроевна" for Андреевна, formed from the rare Андро
        // that OpenCorpora holds, accepted: a vowel away from a common patronymic.
        XCTAssertTrue(names.knownPatronymic("Андроевна"))
        XCTAssertEqual(names.nearCommon("Андроевна", as: .patronymic), "Андреевна")
        XCTAssertNil(names.nearCommon("Муратовна", as: .patronymic), "у/а is no misreading: Муратовна and Маратовна are both names (sig2683 p004)")
        let r = name("child.middle_name", "Влалимировна")
        XCTAssertEqual(r.doubt, .nearKnownName)
        XCTAssertEqual(r.readings?.last, "Владимировна")
    }

    func testANameOfTheLexiconThatIsAnotherWithСReadAsЕIsDoubted() {
        // s2775 p007 (a clean packet, first contact): the applicant's "Алеу" for Алсу on both forms, accepted as
        // a known name: OpenCorpora holds the misprint beside the name.
        let names = NameLexicon.shared
        XCTAssertTrue(names.knownGivenName("Алеу"), "the dictionary holds the misprint")
        XCTAssertEqual(names.withSForE("Алеу", as: .given), "Алсу")
        XCTAssertEqual(names.withSForE("Метиславович", as: .patronymic), "Мстиславович")
        XCTAssertNil(names.withSForE("Алсу", as: .given), "the name read with its с")
        XCTAssertNil(names.withSForE("Елена", as: .given), "no Слена")
        XCTAssertNil(names.withSForE("Армине", as: .given), "a last letter is left to the other rules")
        let r = name("applicant.first_name", "Алеу")
        XCTAssertEqual(r.doubt, .nearKnownName)
        XCTAssertEqual(r.readings?.last, "Алсу")
        XCTAssertEqual(name("applicant.first_name", "Алсу").status, .ok)
    }

    func testAnUnknownNameTwoConfusionsFromACommonNameIsNearIt() {
        // s2725 p026 (a scan, first contact): "Належла" for Надежда (д read л twice), 0.92 and 0.90 sure on the
        // two forms, no name of the lexicon, accepted by their agreement and its packet activated.
        let names = NameLexicon.shared
        XCTAssertNil(names.nearKnown("Належла", as: .given), "д/л is not among nearKnown's confusions")
        XCTAssertEqual(names.nearCommonUnknown("Належла", as: .given), "Надежда")
        XCTAssertEqual(names.nearCommonUnknown("Влалимировна", as: .patronymic), nil, "a known misprint is nearCommon's")
        XCTAssertNil(names.nearCommonUnknown("Надежда", as: .given), "a common name is near nothing")
        XCTAssertNil(names.nearCommonUnknown("Севиндж", as: .given), "absent, and no common name a confusion away")
        XCTAssertNil(names.nearCommonUnknown("Шерзодовна", as: .patronymic), "a real Uzbek patronymic outside the lexicon")
        XCTAssertNil(names.nearCommonUnknown("Жансая", as: .given), "a real Kazakh name outside the lexicon")
        XCTAssertNil(names.nearCommonUnknown("Наледла", as: .surname), "no common list of surnames")
        let r = name("applicant.first_name", "Належла")
        XCTAssertEqual(r.doubt, .nearKnownName)
        XCTAssertEqual(r.readings?.last, "Надежда")
        XCTAssertFalse(Doubt.nearKnownName.liftedByOtherForm, "the other form's same misreading does not lift it")
    }

    func testANearNameIsDoubtedWithTheKnownNameShownNeverReplaced() {
        let r = name("applicant.last_name", "Гуссинова")
        XCTAssertEqual(r.status, .review)
        XCTAssertEqual(r.doubt, .nearKnownName)
        XCTAssertEqual(r.value, "Гуссинова")
        XCTAssertEqual(r.readings?.last, "Гусейнова")
        XCTAssertEqual(name("applicant.last_name", "Гусейнова").status, .ok)
        XCTAssertEqual(name("child.last_name", "Воробъёв").doubt, .nearKnownName)
    }

    func testTheOtherFormDoesNotLiftANearName() {
        XCTAssertFalse(Doubt.nearKnownName.liftedByOtherForm)
        XCTAssertTrue(Doubt.nearKnownName.liftedByRegistry)
        let r = name("applicant.last_name", "Гуссинова")
        let (a, c) = reconciled("applicant.last_name", r, r)
        XCTAssertEqual(a?.status, .review)
        XCTAssertEqual(c?.status, .review)
    }

    func testANearNameIsRepairedFromTheOtherFormsAcceptedReading() {
        // Seed 1601: "Исмагипова" on one form, "Исмагилова" accepted on the other.
        let good = name("applicant.last_name", "Исмагилова")
        let bad = name("applicant.last_name", "Исмагипова")
        XCTAssertEqual(good.status, .ok)
        XCTAssertEqual(bad.doubt, .nearKnownName)
        let (a, c) = reconciled("applicant.last_name", good, bad)
        XCTAssertEqual(a?.value, "Исмагилова")
        XCTAssertEqual(c?.value, "Исмагилова")
        XCTAssertEqual(c?.status, .ok)
    }

    // MARK: what holds a packet back

    func testAnImpossibleDateIsAPageIssueOnlyOnACriticalField() {
        // Seed 1601: a passport issue date misread "0201-71-19" held back packets whose child,
        // numbers and names were right; the field itself is doubted and stays unverified.
        let bad = FieldResult(value: "0201-71-19", status: .review, confidence: 0.9, doubt: .format)
        var page = PageResult(source: "c", page: 1, form: .consent, fields: ["applicant.passport_issue_date": bad], engine: engine)
        XCTAssertEqual(Validator.pageIssues(page, context: ctx).map(\.code), [])
        page.fields["child.birth_date"] = FieldResult(value: "2012-09-50", status: .review, confidence: 0.9, doubt: .format)
        XCTAssertEqual(Validator.pageIssues(page, context: ctx).map(\.code), ["impossible_date"])
        XCTAssertEqual(Validator.pageIssues(page, context: ctx).first?.field, "child.birth_date")
    }

    // MARK: the applicant's surname through the child's registry entry

    func testTheApplicantsSurnameIsVerifiedWhenItIsTheVerifiedChildsFamilyName() {
        let entry = PacketRules.RegistryChild(lastName: "Гусейнов", firstName: "Рашад", middleName: "Самирович", birthDate: "2016-02-11")
        var paper = ["child.last_name": "Гусейнов", "child.first_name": "Рашад", "child.middle_name": "Самирович",
                     "child.birth_date": "2016-02-11", "applicant.last_name": "Гусейнова"]
        XCTAssertTrue(PacketRules.verifiedByRegistry(application: paper, entry: entry).contains("applicant.last_name"))
        paper["applicant.last_name"] = "Гуссинова"
        XCTAssertFalse(PacketRules.verifiedByRegistry(application: paper, entry: entry).contains("applicant.last_name"))
        paper["applicant.last_name"] = "Гусейнова"
        paper["child.last_name"] = "Гуссинов"
        XCTAssertFalse(PacketRules.verifiedByRegistry(application: paper, entry: entry).contains("applicant.last_name"),
                       "only through a child's surname the registry verified")
        XCTAssertTrue(PacketRules.sameFamilyName("Савицкая", "Савицкий"))
        XCTAssertFalse(PacketRules.sameFamilyName("Иванова", "Иванцов"))
    }

    func testAnApproximateCategoryThatIsTheEntrysGroupIsVerified() {
        // Seed 1601: three right categories read only approximately held their packets back.
        let common = "Дети в возрасте от 5 до 18 лет"
        let entry = PacketRules.RegistryChild(lastName: "Гусейнов", firstName: "Рашад", middleName: nil, birthDate: "2016-02-11",
                                              category: common)
        let fields = [PacketRules.Field(key: "category", value: common, status: .review, doubt: .categoryApproximate)]
        let verified = PacketRules.verifiedByRegistry(application: ["category": common], entry: entry)
        XCTAssertTrue(verified.contains("category"))
        XCTAssertEqual(PacketRules.blockingKeys(fields, verified: verified), [])
        let other = PacketRules.verifiedByRegistry(application: ["category": "Дети с ОВЗ в возрасте от 5 до 18 лет"], entry: entry)
        XCTAssertFalse(other.contains("category"))
        var noGroup = entry
        noGroup.category = nil
        XCTAssertFalse(PacketRules.verifiedByRegistry(application: ["category": common], entry: noGroup).contains("category"),
                       "an entry whose group is not one of the configured ones is no evidence")
    }

    func testAVerifiedApplicantsSurnameNoLongerHoldsThePacketBack() {
        let entry = PacketRules.RegistryChild(lastName: "Гусейнов", firstName: "Рашад", middleName: nil, birthDate: "2016-02-11")
        let paper = ["child.last_name": "Гусейнов", "child.first_name": "Рашад", "child.birth_date": "2016-02-11",
                     "applicant.last_name": "Гусейнова"]
        let fields = [PacketRules.Field(key: "applicant.last_name", value: "Гусейнова", status: .review, doubt: .nearKnownName)]
        XCTAssertEqual(PacketRules.blockingKeys(fields, verified: PacketRules.verifiedByRegistry(application: paper, entry: entry)), [])
        XCTAssertEqual(PacketRules.blockingKeys(fields, verified: []), ["applicant.last_name"])
    }
}

/// A malformed page reading is not settled by three readings against a possible value one
/// confusable digit away (first contact of seed 2721).
final class DisputedMajorityTests: XCTestCase {
    let ctx = ValidationContext(today: SimpleDate(year: 2026, month: 11, day: 23)!, signingDate: nil,
                                selfApplication: false, categories: [], pageConfidence: 0.95)

    func registry(_ value: String, reread: String, grey: String, other: String, third: String) -> Candidate {
        var c = Candidate(key: "registry_number", kind: .registry, value: value, wellFormed: false, repaired: false,
                          raw: value, tokens: [], box: nil, confidence: 0.49, minConfidence: 0.49, rule: "test")
        c.rereads = [reread]
        c.rereadConfidence = 0.84
        c.digitChoices = grey.map { CharChoice(text: String($0), confidence: 0.9, alternatives: []) }
        c.otherModel = other
        c.thirdModel = third
        return c
    }

    func testThreeReadingsOneConfusableDigitFromTheBinarisedReReadAreNoMajority() {
        // Seed 2721 p019 (poor): "42055635199" on the page (a digit too many); the grey zone's Russian
        // reading, the third model and eng at twice the scale 4205563199; eng on the binarised zone
        // 4205363199, as printed. It was accepted at first contact.
        let c = registry("42055635199", reread: "4205363199", grey: "4205563199", other: "4205563199", third: "4205563199")
        XCTAssertNil(DigitEvidence.vote(c))
        XCTAssertEqual(DigitEvidence.disputedMajority(c, "4205563199"), "4205363199")
        let r = Validator.decide(key: c.key, candidate: c, context: ctx)
        XCTAssertEqual(r.status, .review)
        XCTAssertEqual(r.doubt, .readingsDiffer)
        XCTAssertEqual(r.value, "4205563199")
        XCTAssertTrue(r.readings?.contains("4205363199") == true, "the dissent is shown to the reviewer")
        XCTAssertTrue(r.readings?.contains("42055635199") == true, "and the page's reading")
        // The page's first reading of it: eng on the binarised zone 4285363199, 8 for a 0 as well.
        let first = registry("42095563199", reread: "4285363199", grey: "4205563199", other: "4205563199", third: "4205563199")
        XCTAssertEqual(Validator.decide(key: first.key, candidate: first, context: ctx).status, .review)
    }

    func testADissentThatIsNoPossibleValueDisputesNothing() {
        // Seed 2715 p003 (scan): the binarised re-read breaks the region's code ("1202303827"): the three stand.
        let coded = registry("12023038271", reread: "1202303827", grey: "4202303827", other: "4202303827", third: "4202303827")
        XCTAssertNil(DigitEvidence.disputedMajority(coded, "4202303827"))
        let r = Validator.decide(key: coded.key, candidate: coded, context: ctx)
        XCTAssertEqual(r.status, .ok)
        XCTAssertEqual(r.value, "4202303827")
        // Three digits apart, or only pairs the models do not confuse (0/2, 0/8): no dispute.
        XCTAssertNil(DigitEvidence.disputedMajority(registry("42055635199", reread: "4205363198", grey: "", other: "", third: ""), "4205563109"))
        XCTAssertNil(DigitEvidence.disputedMajority(registry("42055635199", reread: "4285563109", grey: "", other: "", third: ""), "4205563129"))
        // Seed 2693 p008 (poor): a passport number "287574" by eng on the binarised zone against 257379 by the
        // three, two digits apart (8/5, 4/9), neither a pair the models confuse: the three stand, rightly.
        var passport = registry("2573", reread: "287574", grey: "257379", other: "257379", third: "257379")
        passport.key = "applicant.passport_number"
        passport.kind = .passport
        XCTAssertNil(DigitEvidence.disputedMajority(passport, "257379"))
    }
}
