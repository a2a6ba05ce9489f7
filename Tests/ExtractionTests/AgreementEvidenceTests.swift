import Foundation
import XCTest
@testable import Extraction
import IntakeModel

/// Agreement of independent readings as evidence, on recorded values (no Tesseract needed): the
/// two models agreeing on a number, the other model on the other form, a second reading of the
/// signing date, and address punctuation as forms print it.
final class AgreementEvidenceTests: XCTestCase {
    let ctx = ValidationContext(today: SimpleDate(year: 2026, month: 11, day: 23)!, signingDate: nil,
                                selfApplication: false, categories: [], pageConfidence: 0.95)
    let engine = EngineInfo(tesseract: "t", models: [:])

    /// A number read `value` by the page, `reread` by the digits re-read, `third` by the grey-image
    /// reading (with a close call at `closeAt` when given) and `other` by the other model.
    func digits(_ key: String, _ kind: FieldKind, _ value: String, reread: String?, third: String, other: String?,
                closeAt: Int? = nil, alternative: String = "5", confidence: Double = 0.96, rereadConfidence: Double = 0.93,
                thirdModel: String? = nil) -> FieldResult {
        var c = Candidate(key: key, kind: kind, value: value, wellFormed: true, repaired: false, raw: value,
                          tokens: [], box: nil, confidence: confidence, minConfidence: confidence, rule: "test")
        c.rereads = reread.map { [$0] } ?? []
        c.rereadConfidence = rereadConfidence
        c.digitChoices = third.enumerated().map { i, ch in
            CharChoice(text: String(ch), confidence: i == closeAt ? 0.55 : 0.97,
                       alternatives: i == closeAt ? [.init(text: alternative, confidence: 0.44)] : [])
        }
        c.otherModel = other
        c.thirdModel = thirdModel
        return Validator.decide(key: key, candidate: c, context: ctx)
    }

    // MARK: the child's address misread on one print

    /// The two forms of one packet with the child's address read `app` (status `appStatus`) and `consent`.
    func childAddresses(app: String, _ appStatus: FieldStatus, consent: String, _ consentStatus: FieldStatus) -> (PageResult, PageResult) {
        func page(_ form: FormKind, _ v: String, _ st: FieldStatus) -> PageResult {
            var f = FieldResult(value: v, status: st, confidence: 0.93)
            if st == .review { f.reason = "word outside the address vocabulary (part of the address cut off or misread?)"; f.doubt = .addressPart }
            return PageResult(source: "x", page: 1, form: form, fields: ["child.address": f], issues: [], engine: engine)
        }
        var a = page(.application, app, appStatus), c = page(.consent, consent, consentStatus)
        CrossForm.reconcile(application: &a, consent: &c)
        return (a, c)
    }

    func testTheChildsAddressMisreadInVocabularyWordsOnOnePrintStandsAsAcceptedOnTheOther() {
        // Recorded on scans of seeds 2721-2729 (first contact): the accepted print against the other's misreading.
        for (right, misread) in [("г. Топки, ул. Садовая, д. 25, корп. 4, кв. 193", "г. Топки, ул. Садовая, д. 25, кори. 4, кв. 193"),
                                 ("Кемеровская обл., с. Усть-Кабырза, ул. Кутузова, дом 112", "Кемеповская обл., с. Усть-Кабырза, ул. Кутузова, дом 112"),
                                 ("Кемеровская область, г. Новокузнецк, ул. Новая, д. 87, кв. 164", "Кемеровская област г. Новокузнецк, ул. Новая, д. 87, кв. 164")] {
            let (a, c) = childAddresses(app: misread, .review, consent: right, .ok)
            XCTAssertEqual(c.fields["child.address"]?.status, .ok, right)
            XCTAssertEqual(a.fields["child.address"]?.status, .review, misread)
            XCTAssertEqual(a.fields["child.address"]?.value, misread, "the misread print is not rewritten")
            XCTAssertTrue(a.issues.isEmpty)
            let (a2, c2) = childAddresses(app: right, .ok, consent: misread, .review)
            XCTAssertEqual(a2.fields["child.address"]?.status, .ok)
            XCTAssertEqual(c2.fields["child.address"]?.status, .review)
        }
        // A street's name or a number differing: no vocabulary tells which print is right.
        for (one, other) in [("г. Белово, улица Юбилейная, д. 26, кв. 177", "г. Белово, улица Юбилейная, д. 36, кв. 177"),
                             ("г. Прокопьевск, ул. Ермака, д. 51, кв. 141", "г. Прокопьевск, ул. Епмама, д. 51, кв. 141")] {
            let (a, c) = childAddresses(app: one, .ok, consent: other, .review)
            XCTAssertEqual(a.fields["child.address"]?.doubt, .crossFormMismatch, one)
            XCTAssertEqual(c.fields["child.address"]?.doubt, .crossFormMismatch, other)
        }
        // The consent's applicant's address, accepted, reads as the right print: it settles both forms first, and
        // the misread print takes its reading (sig2723 p021, clean: "игт Шерегеш" on the application).
        func withApplicant(_ v: String, _ page: PageResult) -> PageResult {
            var p = page
            p.fields["applicant.address"] = FieldResult(value: v, status: .ok, confidence: 0.95)
            return p
        }
        let right = "Кемеровская обл., Таштагольский муниципальный район, пгт Шерегеш, ул. Солнечная, д. 35"
        var app = PageResult(source: "x", page: 1, form: .application, fields: ["child.address": FieldResult(value: right.replacingOccurrences(of: "пгт", with: "игт"), status: .review, confidence: 0.9)], engine: engine)
        app.fields["child.address"]?.doubt = .addressPart
        var consent = withApplicant(right, PageResult(source: "x", page: 1, form: .consent, fields: ["child.address": FieldResult(value: right, status: .ok, confidence: 0.95)], engine: engine))
        CrossForm.reconcile(application: &app, consent: &consent)
        XCTAssertEqual(app.fields["child.address"]?.value, right)
        XCTAssertEqual(app.fields["child.address"]?.status, .ok)
        // Both accepted and different: one of them is wrong, a person looks.
        let (a, _) = childAddresses(app: "г. Топки, ул. Садовая, д. 25, корп. 4, кв. 193", .ok, consent: "г. Топки, ул. Садовая, д. 25, кори. 4, кв. 193", .ok)
        XCTAssertEqual(a.fields["child.address"]?.doubt, .crossFormMismatch)
    }

    // MARK: three models vote

    func testThreeModelsReadingAlikeOutvoteACloseCall() {
        // Seeds 2201, 2205, 2401: 26 close calls where eng (twice) and the third model read the page's
        // value were all right; "75591" held a clean packet back on both forms.
        let close = digits("application_number", .number, "75591", reread: "75591", third: "75591", other: "75591", closeAt: 0, alternative: "1")
        XCTAssertEqual(close.doubt, .closeDigitAlternative)
        let voted = digits("application_number", .number, "75591", reread: "75591", third: "75591", other: "75591", closeAt: 1, alternative: "3",
                           thirdModel: "75591")
        XCTAssertEqual(voted.status, .ok)
        // The third model reading otherwise keeps the doubt.
        let split = digits("application_number", .number, "75591", reread: "75591", third: "75591", other: "75591", closeAt: 1, alternative: "3",
                           thirdModel: "73591")
        XCTAssertEqual(split.doubt, .closeDigitAlternative)
    }

    func testTwoOtherModelsAgreeingOutvoteTheRussianReading() {
        // Seed 2401, a clean PT Sans page: "4201280435" read "4201280455" by the Russian model; eng on the
        // binarised zone, eng at twice the scale and the third model all read "...435".
        let r = digits("registry_number", .registry, "4201280455", reread: "4201280435", third: "4201280455", other: "4201280435",
                       confidence: 0.8, thirdModel: "4201280435")
        XCTAssertEqual(r.status, .ok)
        XCTAssertEqual(r.value, "4201280435")
        XCTAssertEqual(r.readings?.first, "4201280455", "the page's reading is kept among the readings")
        // A page sure of its reading, repeated by the Russian model on the grey zone, is not outvoted:
        // seed 2545 p001 showed the same three readings wrong against it (7 read as 1). A person decides.
        let sure = digits("registry_number", .registry, "4201780455", reread: "4201180455", third: "4201780455", other: "4201180455",
                          confidence: 0.96, thirdModel: "4201180455")
        XCTAssertEqual(sure.status, .review)
        XCTAssertEqual(sure.value, "4201780455")
        // Unless the page's only difference is a 5 where the three read 3: the Russian model's own
        // confusion, repeated on the grey zone by the same model (seed 2741 p010, seed 2729 p009).
        let fives = digits("registry_number", .registry, "4201280455", reread: "4201280435", third: "4201280455", other: "4201280435",
                           confidence: 0.96, thirdModel: "4201280435")
        XCTAssertEqual(fives.status, .ok)
        XCTAssertEqual(fives.value, "4201280435")
        // A 3 the page read where the three read 5 is no such confusion: it stays a doubt.
        let threes = digits("registry_number", .registry, "4201280435", reread: "4201280455", third: "4201280435", other: "4201280455",
                            confidence: 0.96, thirdModel: "4201280455")
        XCTAssertEqual(threes.status, .review)
        XCTAssertEqual(threes.value, "4201280435")
        // Without the third model the disagreement stays a doubt.
        let two = digits("registry_number", .registry, "4201280455", reread: "4201280435", third: "4201280455", other: "4201280435")
        XCTAssertEqual(two.status, .review)
        XCTAssertEqual(two.value, "4201280455")
        // A majority date still meets the date rules.
        let future = digits("child.birth_date", .date, "2015-11-13", reread: "2035-11-13", third: "2015-11-13", other: "2035-11-13",
                            thirdModel: "2035-11-13")
        XCTAssertEqual(future.value, "2035-11-13")
        XCTAssertEqual(future.status, .review)
    }

    func testTheOtherModelAloneIsOutvotedByEngOnTheBinaryZoneAndTheThirdModel() {
        // 17 of 17 on the calibration seeds: eng at twice the scale was the odd one out.
        let r = digits("registry_number", .registry, "4201774073", reread: "4201774073", third: "4201774073", other: "4201774078",
                       thirdModel: "4201774073")
        XCTAssertEqual(r.status, .ok)
        let alone = digits("registry_number", .registry, "4201774073", reread: "4201774073", third: "4201774073", other: "4201774078")
        XCTAssertEqual(alone.doubt, .otherModelDiffers)
    }

    // MARK: both models agree

    func testACloseCallOfTheThirdReadingStaysADoubtWhenBothModelsAgree() {
        // Seed 1801: "287" printed, read "237" by all four readings on a poor scan; only the third
        // reading's close call 3/8 caught it.
        let agreed = digits("application_number", .number, "237", reread: "237", third: "237", other: "237", closeAt: 1, alternative: "8")
        XCTAssertEqual(agreed.doubt, .closeDigitAlternative)
        XCTAssertEqual(agreed.readings?.last, "287")
        let sure = digits("application_number", .number, "287", reread: "287", third: "287", other: "287")
        XCTAssertEqual(sure.status, .ok)
    }

    func testAThirdReadingThatDiffersIsOutvotedByTwoModelsAgreeing() {
        let r = digits("child.birth_date", .date, "2014-02-23", reread: "2014-02-23", third: "25.02.2014", other: "2014-02-23")
        XCTAssertEqual(r.status, .ok)
        XCTAssertEqual(r.value, "2014-02-23")
        // Without the other model, the Russian model's other value is still a doubt on a critical date.
        let alone = digits("child.birth_date", .date, "2014-02-23", reread: "2014-02-23", third: "25.02.2014", other: nil)
        XCTAssertEqual(alone.doubt, .readingsDiffer)
    }

    func testTheThirdReadingAndTheOtherModelOutvoteAReReadThatTookTheNumberSignForADigit() {
        // Seeds 1407/1601: "24201112723" re-read for "№ 4201112723", the other three readings alike (41 of 41 right).
        let r = digits("registry_number", .registry, "4201112723", reread: "24201112723", third: "4201112723", other: "4201112723",
                       rereadConfidence: 0)
        XCTAssertEqual(r.status, .ok)
        let alone = digits("registry_number", .registry, "4201112723", reread: "24201112723", third: "4201112723", other: nil)
        XCTAssertEqual(alone.status, .review)
        // A re-read of the same length that differs is a vote against (seed 1801: "5221" read so by
        // the page, the third reading and the other model; the re-read's "3221" was printed).
        let against = digits("applicant.passport_series", .passportSeries, "5221", reread: "3221", third: "5221", other: "5221")
        XCTAssertEqual(against.status, .review)
    }

    func testLowConfidenceIsLiftedByAgreementNotByConfidence() {
        let r = digits("registry_number", .registry, "4201821099", reread: "4201821099", third: "4201821099", other: "4201821099",
                       rereadConfidence: 0)
        XCTAssertEqual(r.status, .ok)
        let alone = digits("registry_number", .registry, "4201821099", reread: "4201821099", third: "", other: nil, rereadConfidence: 0)
        XCTAssertEqual(alone.doubt, .lowConfidence)
    }

    func testAgreementNeverOverridesADisagreementOrAnImpossibleDate() {
        // The re-read differs and the other model gives nothing: the Russian model alone agrees with itself.
        let split = digits("application_number", .number, "57130", reread: "37130", third: "57130", other: "")
        XCTAssertEqual(split.status, .review)
        // The page and the other model agree, the two remaining readings do not (seed 1601: "920695" for "920095").
        let pair = digits("application_number", .number, "920695", reread: "926695", third: "920095", other: "920695")
        XCTAssertEqual(pair.status, .review)
        // The other model differs: its veto stands (seed 1407: "5224" for "3224" read so by three readings).
        let veto = digits("applicant.passport_series", .passportSeries, "5224", reread: "5224", third: "5224", other: "3224")
        XCTAssertEqual(veto.doubt, .otherModelDiffers)
        // A date in the future stays a doubt however many readings agree on it.
        let future = digits("child.birth_date", .date, "2075-01-02", reread: "2075-01-02", third: "02.01.2075", other: "2075-01-02")
        XCTAssertEqual(future.doubt, .futureDate)
    }

    func testAnImpossibleDateTakesTheReReadThatFixesItsOneDigitStillInDoubt() {
        // Seed 2201: "51.01.2008" read by the page, "31.01.2008" by the other model's re-read.
        func date(_ page: String, reread: String, key: String = "child.birth_date") -> FieldResult {
            var c = Candidate(key: key, kind: .date, value: page, wellFormed: false, repaired: false, raw: page,
                              tokens: [], box: nil, confidence: 0.87, minConfidence: 0.87, rule: "test")
            c.rereads = [reread]
            c.rereadConfidence = 0.9
            return Validator.decide(key: key, candidate: c, context: ctx)
        }
        let fixed = date("2015-01-51", reread: "2015-01-31")
        XCTAssertEqual(fixed.value, "2015-01-31")
        XCTAssertEqual(fixed.status, .review)
        XCTAssertEqual(fixed.doubt, .readingsDiffer)
        XCTAssertTrue(Doubt.readingsDiffer.liftedByRegistry, "only the registry entry agreeing exactly lets it through")
        XCTAssertEqual(fixed.readings, ["2015-01-51"], "the page's reading is kept")
        // Two digits apart, or a re-read that is no date either: the page's reading stays, a format doubt.
        XCTAssertEqual(date("2015-01-51", reread: "2015-07-31").doubt, .format)
        XCTAssertEqual(date("2015-01-51", reread: "2015-01-41").doubt, .format)
        // A re-read in the future keeps that doubt, which no agreement lifts.
        XCTAssertEqual(date("2916-10-11", reread: "2016-10-11").doubt, .readingsDiffer)
        let future = date("2036-10-41", reread: "2036-10-11")
        XCTAssertEqual(future.value, "2036-10-11")
        XCTAssertEqual(future.doubt, .futureDate)
    }

    func testANumberWithTheNumberSignReadAsADigitTakesTheReReadAndTheOtherFormDecides() {
        // Seed 2201: the consent read "8341787", its re-read "341787", the application accepted "341787".
        var c = Candidate(key: "application_number", kind: .number, value: "8341787", wellFormed: false, repaired: false,
                          raw: "8341787", tokens: [], box: nil, confidence: 0.9, minConfidence: 0.9, rule: "test")
        c.rereads = ["341787"]
        c.rereadConfidence = 0.9
        let consent = Validator.decide(key: "application_number", candidate: c, context: ctx)
        XCTAssertEqual(consent.value, "341787")
        XCTAssertEqual(consent.doubt, .readingsDiffer)
        let accepted = digits("application_number", .number, "341787", reread: "341787", third: "341787", other: "341787")
        XCTAssertEqual(accepted.status, .ok)
        var a = page(.application, accepted), cp = page(.consent, consent)
        CrossForm.reconcile(application: &a, consent: &cp)
        XCTAssertEqual(cp.fields["application_number"]?.status, .ok)
        // Not a leading digit too many: the page's reading stays, a format doubt.
        c.rereads = ["834178"]
        XCTAssertEqual(Validator.decide(key: "application_number", candidate: c, context: ctx).doubt, .format)
    }

    // MARK: the other model on the other form

    func page(_ form: FormKind, _ f: FieldResult) -> PageResult {
        PageResult(source: form.rawValue, page: 1, form: form, fields: ["application_number": f], engine: engine)
    }

    func testTheOtherModelAgreeingOnTheOtherFormLiftsItsDisagreementOnThisOne() {
        // Seed 1603: "7639" read alike by every reading of both forms except `eng` at twice the scale on the application.
        let doubted = digits("application_number", .number, "7639", reread: "7639", third: "7639", other: "7139")
        let agreed = digits("application_number", .number, "7639", reread: "7639", third: "7639", other: "7639")
        XCTAssertEqual(doubted.doubt, .otherModelDiffers)
        XCTAssertEqual(agreed.otherModel, "7639", "the other model's reading is kept with the field")
        var a = page(.application, doubted), c = page(.consent, agreed)
        CrossForm.reconcile(application: &a, consent: &c)
        XCTAssertEqual(a.fields["application_number"]?.status, .ok)
        XCTAssertEqual(c.fields["application_number"]?.status, .ok)
    }

    func testTheOtherModelFailingOnADigitNoLookAlikeExplainsOnTheAcceptedFormLiftsItsDoubtOnTheOther() {
        // Seed 2551 p015 (clean): 582898 on both forms. The application's print read so by the page,
        // eng on the binarised zone and the third model, eng at twice the scale "982898" (accepted,
        // outvoted); the consent's eng at twice the scale "082898", held, and the doubt carried over.
        let app = digits("application_number", .number, "582898", reread: "582898", third: "582898", other: "982898",
                         thirdModel: "582898")
        let consent = digits("application_number", .number, "582898", reread: "582898", third: "582898", other: "082898",
                             thirdModel: "282898")
        XCTAssertEqual(app.status, .ok)
        XCTAssertEqual(consent.doubt, .otherModelDiffers)
        var a = page(.application, app), c = page(.consent, consent)
        CrossForm.reconcile(application: &a, consent: &c)
        XCTAssertEqual(a.fields["application_number"]?.status, .ok)
        XCTAssertEqual(c.fields["application_number"]?.status, .ok)
        // A look-alike digit (3 for 5) on the accepted form is the other model's opinion: both held.
        let lookAlike = digits("application_number", .number, "582898", reread: "582898", third: "582898", other: "382898",
                               thirdModel: "582898")
        var a2 = page(.application, lookAlike), c2 = page(.consent, consent)
        CrossForm.reconcile(application: &a2, consent: &c2)
        XCTAssertEqual(c2.fields["application_number"]?.doubt, .otherModelDiffers)
        XCTAssertEqual(a2.fields["application_number"]?.doubt, .otherModelDiffers)
    }

    func testTheOtherModelReadingTheSameOtherDigitsOnBothFormsKeepsBothInReview() {
        // Seed 1407: "57130" on both forms, the other model read "37130" on both.
        let one = digits("application_number", .number, "57130", reread: "57130", third: "57130", other: "37130")
        var a = page(.application, one), c = page(.consent, one)
        CrossForm.reconcile(application: &a, consent: &c)
        XCTAssertEqual(a.fields["application_number"]?.doubt, .otherModelDiffers)
        XCTAssertEqual(c.fields["application_number"]?.doubt, .otherModelDiffers)
        // Nor does a form accepted without the other model's reading lift it.
        var plain = digits("application_number", .number, "57130", reread: "57130", third: "57130", other: nil)
        XCTAssertEqual(plain.status, .ok)
        plain.otherModel = nil
        var a2 = page(.application, one), c2 = page(.consent, plain)
        CrossForm.reconcile(application: &a2, consent: &c2)
        XCTAssertEqual(a2.fields["application_number"]?.doubt, .otherModelDiffers)
    }

    func testTheOtherModelReadingTheTwoPrintsAsTwoOtherNumbersHasFailedAndIsNotAVeto() {
        // Seed 2695 p002 (clean): "73735" on both forms, read so by the page and the digits re-read of each
        // print (and the third model); the other model read "13139" and "131739", a close call "73135" on the consent.
        func number(_ doubt: Doubt, reread: String = "73735", other: String, readings: [String]) -> FieldResult {
            var f = FieldResult(value: "73735", status: .review, confidence: 0.95)
            f.doubt = doubt
            f.reread = reread
            f.otherModel = other
            f.readings = readings
            return f
        }
        let app = number(.otherModelDiffers, other: "13139", readings: ["13139"])
        let consent = number(.closeDigitAlternative, other: "131739", readings: ["73135"])
        var (a, c) = reconciled("application_number", app, consent)
        XCTAssertEqual(a?.status, .ok)
        XCTAssertEqual(c?.status, .ok)
        // The digits re-read of one print reading otherwise keeps both in review.
        (a, c) = reconciled("application_number", app, number(.closeDigitAlternative, reread: "73135", other: "131739", readings: ["73135"]))
        XCTAssertEqual(a?.status, .review)
        XCTAssertEqual(c?.status, .review)
        // So does the other model reading one other number on both prints (an opinion, seed 1407).
        (a, c) = reconciled("application_number", app, number(.otherModelDiffers, other: "13139", readings: ["13139"]))
        XCTAssertEqual(a?.status, .review)
        // Or a look-alike digit on one print (3 for 5 is an opinion; seed 2551).
        (a, c) = reconciled("application_number", app, number(.otherModelDiffers, other: "73733", readings: ["73733"]))
        XCTAssertEqual(c?.status, .review)
        // Or a second close call's other digit.
        (a, c) = reconciled("application_number", number(.closeDigitAlternative, other: "13139", readings: ["78735"]), consent)
        XCTAssertEqual(c?.status, .review)
        XCTAssertTrue(CrossForm.failedReading("131739", of: "73735"))
        XCTAssertTrue(CrossForm.failedReading("13139", of: "73735"))
        XCTAssertFalse(CrossForm.failedReading("73733", of: "73735"))
    }

    func testEngFailingAloneOnOnePrintWhileReadingTheOtherAsTheValueIsNoVeto() {
        // Seed 2753 p003 (a scan, first contact): "5027" on both forms; `eng` read the application's print
        // "9027" twice (binarised zone, twice the scale), the consent's "5027" twice; the Russian model's
        // second choices and the third model read the application's print "5027".
        let held = digits("application_number", .number, "5027", reread: "9027", third: "5027", other: "9027", thirdModel: "5027")
        let good = digits("application_number", .number, "5027", reread: "5027", third: "5027", other: "5027", thirdModel: "5027")
        XCTAssertEqual(held.status, .review)
        XCTAssertEqual(held.agreedAlternative, "9027")
        XCTAssertEqual(good.status, .ok)
        var (a, c) = reconciled("application_number", held, good)
        XCTAssertEqual(a?.status, .ok)
        XCTAssertEqual(c?.status, .ok)
        (a, c) = reconciled("application_number", good, held)
        XCTAssertEqual(c?.status, .ok, "held on the consent")
        // A look-alike digit (3 for 5) read twice by `eng` is its opinion: both held.
        let lookAlike = digits("application_number", .number, "5027", reread: "3027", third: "5027", other: "3027", thirdModel: "5027")
        (a, c) = reconciled("application_number", lookAlike, good)
        XCTAssertEqual(a?.status, .review)
        XCTAssertEqual(c?.status, .review)
        // So is `eng` reading the other print otherwise too.
        let otherAlsoOff = digits("application_number", .number, "5027", reread: "5027", third: "5027", other: "9027", thirdModel: "5027")
        (a, c) = reconciled("application_number", held, otherAlsoOff)
        XCTAssertEqual(a?.status, .review)
        // And a third value among this print's readings.
        var thirdValue = held
        thirdValue.readings = (thirdValue.readings ?? []) + ["5021"]
        (a, c) = reconciled("application_number", thirdValue, good)
        XCTAssertEqual(a?.status, .review)
    }

    func testADigitThePageReadingPutInIsSettledByTheOtherReadingsOfBothPrints() {
        // Seed 2755 p026 (a scan, first contact): "1535339" on the application, 153339 on the consent; the
        // application's `eng` reading 153339 and its third model "153329"; the consent read 153339 by all three.
        func print(_ v: String, _ status: FieldStatus, reread: String?, third: String?, doubt: Doubt? = nil) -> FieldResult {
            var f = FieldResult(value: v, status: status, confidence: 0.9)
            f.doubt = doubt
            f.reread = reread
            f.thirdModel = third
            return f
        }
        let long = print("1535339", .review, reread: "153339", third: "153329", doubt: .format)
        let short = print("153339", .ok, reread: "153339", third: "153339")
        var (a, c) = reconciled("application_number", long, short)
        XCTAssertEqual(a?.value, "153339")
        XCTAssertEqual(a?.status, .ok)
        XCTAssertEqual(c?.status, .ok)
        // Seed 2755 p005 (clean): the longer print on the consent, its third model reading the value; the
        // shorter print held for a close call only is taken too.
        (a, c) = reconciled("application_number", print("331295", .review, reread: "331295", third: "331295", doubt: .closeDigitAlternative),
                            print("3351295", .review, reread: "331295", third: "331295", doubt: .format))
        XCTAssertEqual(c?.value, "331295")
        XCTAssertEqual(a?.status, .ok)
        XCTAssertEqual(c?.status, .ok)
        // The longer print's `eng` reading the longer value: a cut zone on the shorter print is as likely.
        (a, c) = reconciled("application_number", print("153339", .ok, reread: "153339", third: "153339"),
                            print("1535339", .review, reread: "1535339", third: "153339", doubt: .readingsDiffer))
        XCTAssertEqual(c?.value, "1535339")
        XCTAssertEqual(c?.status, .review)
        // The longer print's third model reading a look-alike (5 for 3) of the shorter value is an opinion.
        (a, c) = reconciled("application_number", short, print("1535339", .review, reread: "153339", third: "155339", doubt: .format))
        XCTAssertEqual(c?.status, .review)
        // The shorter print's third model reading otherwise: no settling.
        (a, c) = reconciled("application_number", print("153339", .ok, reread: "153339", third: "155339"), long)
        XCTAssertEqual(a?.status, .review)
        // Two digits more is no digit put in.
        (a, c) = reconciled("application_number", print("15339", .ok, reread: "15339", third: "15339"),
                            print("1535339", .review, reread: "15339", third: "15339", doubt: .format))
        XCTAssertEqual(c?.status, .review)
    }

    func testACloseCallOnOnePrintAndAOneDigitMisreadingOnTheOtherAreSettledByTheOtherModels() {
        // Seed 2757 p017 (a scan): "3982" on the application, `eng` twice alike, the third model "5982" (its
        // close call); "3987" on the consent, `eng` at twice the scale and the third model 3982, the re-read "23982".
        func print(_ v: String, _ doubt: Doubt, reread: String?, other: String?, third: String?) -> FieldResult {
            var f = FieldResult(value: v, status: .review, confidence: 0.9)
            f.doubt = doubt
            f.reread = reread
            f.otherModel = other
            f.thirdModel = third
            return f
        }
        let held = print("3982", .closeDigitAlternative, reread: "3982", other: "3982", third: "5982")
        let misread = print("3987", .otherModelDiffers, reread: "23982", other: "3982", third: "3982")
        var (a, c) = reconciled("application_number", held, misread)
        XCTAssertEqual(a?.status, .ok)
        XCTAssertEqual(c?.value, "3982")
        XCTAssertEqual(c?.status, .ok)
        (a, c) = reconciled("application_number", misread, held)
        XCTAssertEqual(a?.value, "3982")
        XCTAssertEqual(a?.status, .ok)
        // The misread print's third model reading its page's value: split evidence, both held.
        (a, c) = reconciled("application_number", held, print("3987", .otherModelDiffers, reread: "23982", other: "3982", third: "3987"))
        XCTAssertEqual(c?.status, .review)
        XCTAssertEqual(c?.value, "3987")
        // `eng` on its binarised zone reading the misread value: split.
        (a, c) = reconciled("application_number", held, print("3987", .otherModelDiffers, reread: "3987", other: "3982", third: "3982"))
        XCTAssertEqual(c?.status, .review)
        // The held print's third model reading the other print's value: split.
        (a, c) = reconciled("application_number", print("3982", .closeDigitAlternative, reread: "3982", other: "3982", third: "3987"), misread)
        XCTAssertEqual(a?.status, .review)
        // The held print's `eng` at twice the scale reading otherwise: not settled here.
        (a, c) = reconciled("application_number", print("3982", .closeDigitAlternative, reread: "3982", other: nil, third: "3982"), misread)
        XCTAssertEqual(a?.status, .review)
    }

    func testAnApplicationNumberAcceptedOnOneFormSettlesTheOtherFormsReadingWhenItsOtherModelReadsIt() {
        // Seed 1901: "976041" accepted on the application (both models), "97604" on the consent whose
        // re-read and other model read "976041".
        let accepted = digits("application_number", .number, "976041", reread: "976041", third: "976041", other: "976041")
        var shortened = digits("application_number", .number, "97604", reread: "976041", third: "97604", other: "976041",
                               confidence: 0.51)
        XCTAssertEqual(accepted.status, .ok)
        XCTAssertEqual(shortened.status, .review)
        var a = page(.application, accepted), c = page(.consent, shortened)
        CrossForm.reconcile(application: &a, consent: &c)
        XCTAssertEqual(c.fields["application_number"]?.value, "976041")
        XCTAssertEqual(c.fields["application_number"]?.status, .ok)
        XCTAssertTrue(a.issues.isEmpty)

        // Never towards fewer digits: a zone cut short loses a digit in every reading alike.
        let cut = digits("application_number", .number, "833", reread: "833", third: "833", other: "833")
        let whole = digits("application_number", .number, "8337", reread: "833", third: "8337", other: "833", confidence: 0.7)
        var a2 = page(.application, cut), c2 = page(.consent, whole)
        CrossForm.reconcile(application: &a2, consent: &c2)
        XCTAssertEqual(c2.fields["application_number"]?.value, "8337")
        XCTAssertEqual(c2.fields["application_number"]?.doubt, .crossFormMismatch)

        // The other form's value must be among this form's `eng` readings; the Russian third reading is not enough.
        shortened = digits("application_number", .number, "97604", reread: "97604", third: "976041", other: nil, confidence: 0.51)
        var a3 = page(.application, accepted), c3 = page(.consent, shortened)
        CrossForm.reconcile(application: &a3, consent: &c3)
        XCTAssertEqual(c3.fields["application_number"]?.doubt, .crossFormMismatch)
    }

    func testAnApplicationNumberAcceptedOnOneFormSettlesAPageReadingItsOwnPrintsOtherReadingsOutvote() {
        // Seed 2745 p025 (a scan, first contact): "29851" on the consent, its `eng` re-read and second
        // choices 29831; 29831 accepted on the application, the third model reading it so there; `eng` at
        // twice the scale "98351" on both.
        let accepted = digits("application_number", .number, "29831", reread: "29831", third: "29831", other: "98351", thirdModel: "29831")
        let misread = digits("application_number", .number, "29851", reread: "29831", third: "29831", other: "98351", confidence: 0.65,
                             rereadConfidence: 0)
        XCTAssertEqual(accepted.status, .ok)
        XCTAssertEqual(misread.status, .review)
        XCTAssertEqual(misread.agreedAlternative, "29831")
        var a = page(.application, accepted), c = page(.consent, misread)
        CrossForm.reconcile(application: &a, consent: &c)
        XCTAssertEqual(c.fields["application_number"]?.value, "29831")
        XCTAssertEqual(c.fields["application_number"]?.status, .ok)
        XCTAssertTrue(a.issues.isEmpty)
        // The other model reading the page's value, the print's own readings split, or more than one digit apart: a person looks.
        for bad in [digits("application_number", .number, "29851", reread: "29831", third: "29831", other: "29851", confidence: 0.65, rereadConfidence: 0),
                    digits("application_number", .number, "29851", reread: "29831", third: "29851", other: "98351", confidence: 0.65, rereadConfidence: 0),
                    digits("application_number", .number, "29856", reread: "29831", third: "29831", other: "98351", confidence: 0.65, rereadConfidence: 0)] {
            var a2 = page(.application, accepted), c2 = page(.consent, bad)
            CrossForm.reconcile(application: &a2, consent: &c2)
            XCTAssertEqual(c2.fields["application_number"]?.doubt, .crossFormMismatch, bad.value ?? "")
        }
    }

    // MARK: the signing date read twice

    struct Zones: ZoneReader {
        var other: String
        var third = ""
        func read(zone: Box, kind: ZoneKind) -> [OCRLine] { [] }
        func inkCoverage(zone: Box) -> Double { 0 }
        func otherModelDigits(zone: Box) -> [OCRLine] {
            [OCRLine(words: [OCRWord(text: other, confidence: 0.9, box: zone)])]
        }
        func thirdModelDigits(zone: Box) -> [OCRLine] {
            third.isEmpty ? [] : [OCRLine(words: [OCRWord(text: third, confidence: 0.9, box: zone)])]
        }
    }

    func recordedConsent() throws -> OCRPage {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "p001-clean-inline-consent", withExtension: "ocr.json", subdirectory: "Recorded"))
        return try XCTUnwrap(JSONDecoder().decode([OCRPage].self, from: Data(contentsOf: url)).first)
    }

    func testTheSigningDateCountsOnlyWhenTheOtherModelDoesNotReadOtherDigits() throws {
        // The recorded consent is signed "«02» мая 2026 г.".
        let page = try recordedConsent()
        let template = try XCTUnwrap(Templates.template(for: .consent))
        let stream = PageStream(tokens: PageLayout.readingOrder(page))
        let extractor = Extractor()
        let read = try XCTUnwrap(extractor.signingDate(stream, template: template))
        XCTAssertEqual(read, SimpleDate(year: 2026, month: 5, day: 2))
        XCTAssertEqual(extractor.signingDate(stream, template: template, zones: Zones(other: "2026")), read, "two readings agree")
        XCTAssertEqual(extractor.signingDate(stream, template: template, zones: Zones(other: "")), read, "no reading, no evidence")
        XCTAssertEqual(extractor.signingDate(stream, template: template, zones: Zones(other: "026")), read,
                       "another count of digits: the reading failed at the zone's edge")
        XCTAssertNil(extractor.signingDate(stream, template: template, zones: Zones(other: "2025")),
                     "the two models read other digits: the date is not known")
        // The third model decides (seeds 2201, 2205, 2401: "2075" for 2025 eight times, eng right).
        XCTAssertEqual(extractor.signingDate(stream, template: template, zones: Zones(other: "2025", third: "2026")), read,
                       "the third model sides with the page")
        XCTAssertEqual(extractor.signingDate(stream, template: template, zones: Zones(other: "2025", third: "2025")),
                       SimpleDate(year: 2025, month: 5, day: 2), "the third model sides with the other model")
        XCTAssertNil(extractor.signingDate(stream, template: template, zones: Zones(other: "2025", third: "2028")), "three values")
    }

    func testAFutureSigningYearTheOtherModelCannotReadIsLeftUnread() throws {
        // Seed 2509 p005: "2025" read "2092", eng reading no year: the child's age came out 73.
        let page = try recordedConsent()
        let template = try XCTUnwrap(Templates.template(for: .consent))
        let stream = PageStream(tokens: PageLayout.readingOrder(page))
        let extractor = Extractor(today: SimpleDate(year: 2026, month: 3, day: 1)!)   // before the printed «02» мая 2026
        XCTAssertNil(extractor.signingDate(stream, template: template, zones: Zones(other: "")))
        XCTAssertEqual(extractor.signingDate(stream, template: template, zones: Zones(other: "", third: "2025")),
                       SimpleDate(year: 2025, month: 5, day: 2), "the third model's year, not after today")
        XCTAssertNil(extractor.signingDate(stream, template: template, zones: Zones(other: "", third: "2027")))
        XCTAssertEqual(extractor.signingDate(stream, template: template, zones: Zones(other: "2026")), SimpleDate(year: 2026, month: 5, day: 2),
                       "both models read the year: a consent dated ahead keeps its date (and its issue)")
    }

    func testASigningYearMisreadIntoTheFutureHoldsNothingBackWhenTheOtherModelReadsAnotherYear() {
        // Seed 1601: "«20» декабря 2075 г." for 2025 made three packets' signing date lie in the future.
        XCTAssertEqual(Extractor.signingReadingsAgree(printed: "2075", other: "2025"), false)
        XCTAssertEqual(Extractor.signingReadingsAgree(printed: "2025", other: "2025"), true)
        XCTAssertEqual(Extractor.signingReadingsAgree(printed: "20.12.2025", other: "20.12.2025"), true)
        XCTAssertNil(Extractor.signingReadingsAgree(printed: "2025", other: "202"))
        XCTAssertNil(Extractor.signingReadingsAgree(printed: "2025", other: ""))
        var page = PageResult(source: "c", page: 1, form: .consent, fields: [:], engine: engine)
        page.fields["child.last_name"] = FieldResult(value: "Иванов", status: .ok)
        let misread = ValidationContext(today: ctx.today, signingDate: SimpleDate(year: 2075, month: 12, day: 20),
                                        selfApplication: false, categories: [])
        XCTAssertEqual(Validator.pageIssues(page, context: misread).map(\.code), ["impossible_date"])
        let unknown = ValidationContext(today: ctx.today, signingDate: nil, selfApplication: false, categories: [])
        XCTAssertEqual(Validator.pageIssues(page, context: unknown), [])
    }

    func testTheDateWordsAreTheFewestThatGiveTheDate() {
        let long = Extractor.firstDateWords(["заявлению.", "«20»", "декабря", "2025", "г.", "Иванова"])
        XCTAssertEqual(long?.date, SimpleDate(year: 2025, month: 12, day: 20))
        XCTAssertEqual(long?.words, 1..<4)
        let short = Extractor.firstDateWords(["20.12.2025", "Иванова", "И.И."])
        XCTAssertEqual(short?.words, 0..<1)
        XCTAssertEqual(Extractor.firstDate(in: "«20» декабря 2025 г. Иванова"), SimpleDate(year: 2025, month: 12, day: 20))
    }

    // MARK: numbers in an address read by the other model

    /// The recorded page's own words in a zone, as the other model would read them, each digit passed
    /// through `digit`.
    struct RecordedDigits: ZoneReader {
        var page: OCRPage
        var digit: (Character) -> Character
        func read(zone: Box, kind: ZoneKind) -> [OCRLine] { [] }
        func inkCoverage(zone: Box) -> Double { 0 }
        func otherModelDigits(zone: Box) -> [OCRLine] {
            let words = page.words.filter { $0.box.midX >= zone.x && $0.box.midX < zone.maxX && $0.box.midY >= zone.y && $0.box.midY < zone.maxY }
                .map { OCRWord(text: String($0.text.filter { $0.isASCII && $0.isNumber }.map(digit)), confidence: 0.9, box: $0.box) }
            return [OCRLine(words: words)]
        }
    }

    func testANumberInTheAddressThatTheOtherModelReadsOtherwiseIsADoubt() throws {
        // Seed 1901: "д. 68" for "д. 60" on both forms of a clean packet, accepted; the other model reads 60.
        let page = try recordedConsent()
        let extractor = Extractor()
        let same = extractor.extract(page, zones: RecordedDigits(page: page, digit: { $0 }))
        let address = try XCTUnwrap(same.fields["applicant.address"])
        XCTAssertNotEqual(address.reason, "another model reads a number in the address otherwise")
        let other = extractor.extract(page, zones: RecordedDigits(page: page, digit: { $0 == "9" ? "0" : Character(String(Int(String($0))! + 1)) }))
        XCTAssertEqual(other.fields["applicant.address"]?.status, .review)
        XCTAssertEqual(other.fields["applicant.address"]?.doubt, .addressPart)
        XCTAssertEqual(other.fields["applicant.address"]?.reason, "another model reads a number in the address otherwise")
    }

    /// The other model agreeing, and the third reading unsure of each number's first digit (a close call).
    struct CloseCalls: ZoneReader {
        var page: OCRPage
        func read(zone: Box, kind: ZoneKind) -> [OCRLine] { [] }
        func inkCoverage(zone: Box) -> Double { 0 }
        func otherModelDigits(zone: Box) -> [OCRLine] { RecordedDigits(page: page, digit: { $0 }).otherModelDigits(zone: zone) }
        func digitChoices(zone: Box) -> [CharChoice] {
            otherModelDigits(zone: zone).flatMap(\.words).map(\.text).joined().enumerated().map { i, ch in
                i == 0 ? CharChoice(text: String(ch), confidence: 0.55,
                                    alternatives: "0123456789".filter { $0 != ch }.map { .init(text: String($0), confidence: 0.44) })
                       : CharChoice(text: String(ch), confidence: 0.97)
            }
        }
    }

    func testACloseCallOnAnAddressNumberIsADoubtOnAWeakPageOnly() throws {
        // Seeds 2201, 2203, 2205, 2207: 32 right numbers of clean and scan pages doubted, no wrong one caught.
        let page = try recordedConsent()
        XCTAssertGreaterThanOrEqual(page.meanConfidence, ValidationContext.weakPage)
        let good = Extractor().extract(page, zones: CloseCalls(page: page))
        XCTAssertNotEqual(good.fields["applicant.address"]?.reason, "a number in the address may read another way")
        var weak = page
        weak.lines = weak.lines.map { OCRLine(words: $0.words.map { OCRWord(text: $0.text, confidence: min($0.confidence, 0.8), box: $0.box) }) }
        let poor = Extractor().extract(weak, zones: CloseCalls(page: weak))
        XCTAssertEqual(poor.fields["applicant.address"]?.reason, "a number in the address may read another way")
    }

    // MARK: address punctuation as printed

    /// A field whose value `value` was made from the page's text `raw` (repaired or not), with its doubt.
    func readAs(_ value: String, raw: String, _ status: FieldStatus, doubt: Doubt?, confidence: Double) -> FieldResult {
        var f = FieldResult(value: value, status: status, confidence: confidence)
        f.raw = raw
        f.doubt = doubt
        f.reason = doubt?.rawValue
        return f
    }

    func testAMisreadNameOutsideTheLexiconDoesNotOverwriteAKnownNameOnTheOtherForm() {
        // Seed 2631 p004 (poor, first contact): "Сергеева" 0.78 sure on the application (held for its
        // sureness), "Сертеева" 0.89 on the consent, accepted for its surname ending; the repair wrote
        // the misreading into both forms.
        func field(_ v: String, _ status: FieldStatus, _ doubt: Doubt?, _ confidence: Double) -> FieldResult {
            var f = FieldResult(value: v, status: status, confidence: confidence)
            f.doubt = doubt
            f.reason = doubt.map { _ in "low recognition confidence" }
            return f
        }
        // A letter apart, the print that reads no name misread it (`knownNameOneLetterFromTheOtherPrint`):
        // both take the known reading.
        var (a, c) = reconciled("child.last_name", field("Сергеева", .review, .lowConfidence, 0.78), field("Сертеева", .ok, nil, 0.89))
        XCTAssertEqual(a?.value, "Сергеева", "the known reading is kept")
        XCTAssertEqual(c?.value, "Сергеева", "the accepted misreading is not")
        XCTAssertEqual(a?.status, .ok)
        // Two letters apart, the accepted misreading goes to a person with the known reading.
        (a, c) = reconciled("child.last_name", field("Сергеева", .review, .lowConfidence, 0.78), field("Сертеева-", .ok, nil, 0.89))
        XCTAssertEqual(a?.value, "Сергеева")
        XCTAssertEqual(c?.status, .review, "the accepted misreading goes to a person")
        // The other way round, the known name accepted and the unknown reading in doubt: repaired as before.
        (a, c) = reconciled("child.last_name", field("Сертеева", .review, .lowConfidence, 0.78), field("Сергеева", .ok, nil, 0.89))
        XCTAssertEqual(a?.value, "Сергеева")
        XCTAssertEqual(a?.status, .ok)
        XCTAssertEqual(c?.status, .ok)
        XCTAssertTrue(CrossForm.repairLeavesTheLexicon(key: "applicant.first_name", accepted: "Мврия", doubted: "Мария"))
        XCTAssertFalse(CrossForm.repairLeavesTheLexicon(key: "child.address", accepted: "a", doubted: "b"))
    }

    func testARepairedPunctuationIsConfirmedByTheOtherPrintReadSoWithoutRepair() {
        // Seed 2551 p010 (scan): "д. 92. кв. 14" on the application, repaired to "д. 92, кв. 14"; the
        // consent's print read exactly so, accepted. The repair doubt was carried to the consent.
        let v = "Кемеровская обл., г. Новокузнецк, мкр. Притомский, ул. Садовая, д. 92, кв. 14"
        func address(_ status: FieldStatus, raw: String, doubt: Doubt? = nil) -> PageResult {
            PageResult(source: "x", page: 1, form: .application,
                       fields: ["child.address": readAs(v, raw: raw, status, doubt: doubt, confidence: 0.92)], engine: engine)
        }
        var repaired = address(.review, raw: v.replacingOccurrences(of: "92, кв", with: "92. кв"), doubt: .punctuation)
        repaired.fields["child.address"]?.reason = FieldParser.punctuationRepaired
        var a = repaired, c = address(.ok, raw: v)
        c.form = .consent
        CrossForm.reconcile(application: &a, consent: &c)
        XCTAssertEqual(a.fields["child.address"]?.status, .ok)
        XCTAssertEqual(c.fields["child.address"]?.status, .ok, "no doubt carried to the print read right")
        // Both prints with a mark that did not read (a comma lost, not repaired): nothing confirms the marks.
        var commaLost = repaired
        commaLost.fields["child.address"]?.reason = "punctuation: a mark between two words of the address did not read (a comma lost?)"
        var a2 = commaLost, c2 = commaLost
        c2.form = .consent
        CrossForm.reconcile(application: &a2, consent: &c2)
        XCTAssertEqual(a2.fields["child.address"]?.doubt, .punctuation)
        XCTAssertEqual(c2.fields["child.address"]?.doubt, .punctuation)
        // The other print in doubt itself (low confidence) confirms nothing either.
        var a3 = repaired, c3 = address(.review, raw: v, doubt: .lowConfidence)
        c3.form = .consent
        CrossForm.reconcile(application: &a3, consent: &c3)
        XCTAssertEqual(a3.fields["child.address"]?.doubt, .punctuation)
        // The applicant's address on the consent, repaired, and the child's, the same text read so.
        var a4 = address(.ok, raw: v), c4 = address(.ok, raw: v)
        c4.form = .consent
        c4.fields["applicant.address"] = repaired.fields["child.address"]
        CrossForm.reconcile(application: &a4, consent: &c4)
        XCTAssertEqual(c4.fields["applicant.address"]?.status, .ok)
        var a5 = commaLost, c5 = commaLost
        c5.form = .consent
        c5.fields["applicant.address"] = commaLost.fields["child.address"]
        CrossForm.reconcile(application: &a5, consent: &c5)
        XCTAssertEqual(c5.fields["applicant.address"]?.doubt, .punctuation, "the child's address in doubt alike confirms nothing")
    }

    func testAnAddressRepairedAlikeOnBothFormsIsConfirmedByTheirAgreement() {
        // Seed 2653 p011 (scan): "650006. г. Кемерово. мкр. Промышленновский, д. 131. кв. 128" in all three
        // prints, every comma read as a full stop, each repaired to the same value and held for the repair.
        let v = "650006, г. Кемерово, мкр. Промышленновский, д. 131, кв. 128"
        let raw = "650006. г. Кемерово. мкр. Промышленновский, д. 131. кв. 128"
        func repaired(_ value: String = v) -> FieldResult {
            var f = readAs(value, raw: raw, .review, doubt: .punctuation, confidence: 0.91)
            f.reason = FieldParser.punctuationRepaired
            return f
        }
        func packet(_ app: FieldResult, _ child: FieldResult, _ applicant: FieldResult) -> (PageResult, PageResult) {
            var a = PageResult(source: "x", page: 1, form: .application, fields: ["child.address": app], engine: engine)
            var c = PageResult(source: "y", page: 1, form: .consent,
                               fields: ["child.address": child, "applicant.address": applicant], engine: engine)
            CrossForm.reconcile(application: &a, consent: &c)
            return (a, c)
        }
        var (a, c) = packet(repaired(), repaired(), repaired())
        XCTAssertEqual(a.fields["child.address"]?.status, .ok, "two pages read the letters and digits alike")
        XCTAssertEqual(c.fields["child.address"]?.status, .ok)
        XCTAssertEqual(c.fields["applicant.address"]?.status, .ok, "the child's address accepted on both forms reads so")
        // The prints differ in a digit: a person looks.
        (a, c) = packet(repaired(), repaired(v.replacingOccurrences(of: "131", with: "181")), repaired())
        XCTAssertNotEqual(a.fields["child.address"]?.status, .ok)
        XCTAssertNotEqual(c.fields["applicant.address"]?.status, .ok)
        // The application's print alone repaired, the consent's child's address missing: one print confirms nothing.
        (a, c) = packet(repaired(), FieldResult(value: nil, status: .missing, confidence: 0), repaired())
        XCTAssertEqual(a.fields["child.address"]?.doubt, .punctuation)
        XCTAssertEqual(c.fields["applicant.address"]?.doubt, .punctuation)
        // A repaired value that raises a doubt of its words ("д. 136" may end in б) is not confirmed by the marks' agreement.
        let six = v.replacingOccurrences(of: "131", with: "136")
        (a, c) = packet(repaired(six), repaired(six), repaired(six))
        XCTAssertEqual(a.fields["child.address"]?.status, .review)
        // Nor one whose words may have lost the dots of ё (sig2719 p007, a poor packet, first contact: "п. Звездный"
        // for Звёздный on both prints, each held for its repaired comma, accepted by their agreement).
        let yo = "650521, Кемеровская обл., Кемеровский муниципальный округ, п. Звездный, ул. Кутузова, д. 44, корп. 1"
        (a, c) = packet(repaired(yo), repaired(yo), repaired(yo))
        XCTAssertEqual(a.fields["child.address"]?.status, .review)
        XCTAssertEqual(c.fields["child.address"]?.status, .review)
    }

    func testALongDashBetweenAddressWordsIsWrittenAsTheFormsPrintIt() {
        // s2717 p015 (clean, a monospaced face, first contact): the hyphen a whole cell wide, read "—" on both prints.
        XCTAssertEqual(Normalizer.text("652812, Кемеровская область — Кузбасс, г. Осинники, ул. Бардина, д. 107")?.value,
                       "652812, Кемеровская область - Кузбасс, г. Осинники, ул. Бардина, д. 107")
        XCTAssertEqual(Normalizer.text("Кемеровская область–Кузбасс, г. Ленинск-Кузнецкий")?.value,
                       "Кемеровская область-Кузбасс, г. Ленинск-Кузнецкий")
        XCTAssertEqual(Normalizer.text("ГУ МВД России по Кемеровской области — Кузбассу")?.value, "ГУ МВД России по Кемеровской области - Кузбассу")
    }

    func testAHousesLetterReadApartIsJoinedToItsNumber() {
        // Seed 2653 p019 (clean): "д. 81 в, кв. 1" in all three prints for "д. 81в, кв. 1", accepted.
        // Then a building's mark, a street named by a number, a word going on: no house letter.
        let cases = [("ул. Берёзовая, д. 81 в, кв. 1", "ул. Берёзовая, д. 81в, кв. 1"), ("ул. Садовая, дом 5 а", "ул. Садовая, дом 5а"),
                     ("ул. Мира, д. 7, кв. 12 б", "ул. Мира, д. 7, кв. 12б"), ("ул. Мира, д. 5 к. 2", "ул. Мира, д. 5 к. 2"),
                     ("ул. 8 Марта, д. 3", "ул. 8 Марта, д. 3"), ("д. 5 в г. Кемерово", "д. 5 в г. Кемерово"),
                     ("ул. Мира, д. 81в, кв. 1", "ул. Мира, д. 81в, кв. 1")]
        for (read, joined) in cases { XCTAssertEqual(Normalizer.joinNumberLetters(read), joined, read) }
    }

    func testAnAddressOfLowConfidenceIsConfirmedByThePacketsOtherAddressReadAlikeAndAccepted() {
        // Seed 2595 p017 (scan consent): the applicant's address read 0.85 sure, the child's address on
        // the same consent and on the application read exactly alike and accepted.
        let v = "Кемеровская область - Кузбасс, с. Мариинский Рудник, ул. Федоровского, д. 129"
        func field(_ value: String, _ status: FieldStatus, _ doubt: Doubt? = nil) -> FieldResult {
            var f = FieldResult(value: value, status: status, confidence: status == .ok ? 0.95 : 0.85)
            f.doubt = doubt
            f.reason = doubt.map { _ in "low recognition confidence" }
            return f
        }
        let unsure = field(v, .review, .lowConfidence)
        func packet(app: FieldResult, consentChild: FieldResult, applicant: FieldResult) -> PageResult {
            var a = PageResult(source: "x", page: 1, form: .application, fields: ["child.address": app], engine: engine)
            var c = PageResult(source: "y", page: 1, form: .consent,
                               fields: ["child.address": consentChild, "applicant.address": applicant], engine: engine)
            CrossForm.reconcile(application: &a, consent: &c)
            return c
        }
        // The child's address accepted on both forms, the same text: the applicant's is confirmed.
        var c = packet(app: field(v, .ok), consentChild: field(v, .ok), applicant: unsure)
        XCTAssertEqual(c.fields["applicant.address"]?.status, .ok)
        XCTAssertNil(c.fields["applicant.address"]?.doubt)
        // Read alike but in doubt there too (seed 2593 p011: "д. 127" for 127в in both prints): nothing.
        c = packet(app: field(v, .ok), consentChild: field(v, .review, .addressPart), applicant: unsure)
        XCTAssertEqual(c.fields["applicant.address"]?.doubt, .lowConfidence)
        // The consent's two prints alike, the application's otherwise (2579 p023): nothing.
        let other = v.replacingOccurrences(of: "129", with: "12")
        c = packet(app: field(other, .ok), consentChild: field(v, .ok), applicant: unsure)
        XCTAssertEqual(c.fields["applicant.address"]?.doubt, .lowConfidence)
        // Another address, or another doubt than the reading's confidence: nothing.
        c = packet(app: field(other, .ok), consentChild: field(other, .ok), applicant: unsure)
        XCTAssertEqual(c.fields["applicant.address"]?.doubt, .lowConfidence)
        c = packet(app: field(v, .ok), consentChild: field(v, .ok), applicant: field(v, .review, .mayHaveLostYo))
        XCTAssertEqual(c.fields["applicant.address"]?.doubt, .mayHaveLostYo)
    }

    func testTheApplicantsAcceptedAddressSettlesWhichFormsChildsAddressWasMisread() {
        // Seed 2591 p015 (scan): "дом 256" in the consent's child's address for 25б; the application's
        // child's address and the consent's applicant's address, accepted, read "дом 25б".
        let right = "Кемеровская область - Кузбасс, с. Усть-Кабырза, ул. Патриотов, дом 25б"
        let misread = "Кемеровская область - Кузбасс, с. Усть-Кабырза, ул. Патриотов, дом 256"
        func field(_ v: String, _ status: FieldStatus, _ doubt: Doubt? = nil) -> FieldResult {
            var f = FieldResult(value: v, status: status, confidence: 0.93)
            f.doubt = doubt
            return f
        }
        func packet(app: String, consentChild: String, applicant: FieldResult) -> (PageResult, PageResult) {
            var a = PageResult(source: "x", page: 1, form: .application, fields: ["child.address": field(app, .ok)], engine: engine)
            var c = PageResult(source: "y", page: 1, form: .consent,
                               fields: ["child.address": field(consentChild, .ok), "applicant.address": applicant], engine: engine)
            CrossForm.reconcile(application: &a, consent: &c)
            return (a, c)
        }
        var (a, c) = packet(app: right, consentChild: misread, applicant: field(right, .ok))
        XCTAssertEqual(a.fields["child.address"]?.status, .ok)
        XCTAssertEqual(c.fields["child.address"]?.status, .ok)
        XCTAssertEqual(c.fields["child.address"]?.value, right)
        XCTAssertEqual(c.fields["child.address"]?.readings, [misread], "the consent's own reading kept")
        XCTAssertFalse(a.issues.contains { $0.field == "child.address" })
        XCTAssertFalse(c.issues.contains { $0.field == "child.address" })
        // The application misread: the consent's reading, the applicant's alike, is taken by both.
        (a, c) = packet(app: misread, consentChild: right, applicant: field(right, .ok))
        XCTAssertEqual(a.fields["child.address"]?.value, right)
        XCTAssertEqual(a.fields["child.address"]?.status, .ok)
        // The applicant's address in doubt (2577 p013: the consent's two prints misread alike): nothing.
        (a, c) = packet(app: right, consentChild: misread, applicant: field(misread, .review, .lowConfidence))
        XCTAssertEqual(a.fields["child.address"]?.doubt, .crossFormMismatch)
        XCTAssertEqual(c.fields["child.address"]?.doubt, .crossFormMismatch)
        XCTAssertTrue(c.issues.contains { $0.field == "child.address" })
        // sig2667 p025 (scan): the consent's two prints read from their second row; the application's
        // whole address holds them, so they were cut, not the application misread.
        let cut = "с. Усть-Кабырза, ул. Патриотов, дом 25б"
        (a, c) = packet(app: right, consentChild: cut, applicant: field(cut, .ok))
        XCTAssertEqual(a.fields["child.address"]?.value, right)
        XCTAssertEqual(a.fields["child.address"]?.doubt, .crossFormMismatch)
        XCTAssertEqual(c.fields["child.address"]?.doubt, .crossFormMismatch)
        // The applicant living elsewhere: nothing to settle.
        (a, c) = packet(app: right, consentChild: misread, applicant: field("г. Кемерово, ул. Ленина, д. 1", .ok))
        XCTAssertEqual(c.fields["child.address"]?.doubt, .crossFormMismatch)
        // Sig2643 p011 (clean): the consent's child's print, whose number both `eng` readings read as the
        // application had it, is not settled by the applicant's print on the same page.
        var app = PageResult(source: "x", page: 1, form: .application, fields: ["child.address": field(right, .review, .lowConfidence)], engine: engine)
        var contested = field(misread, .review, .extraction)
        contested.agreedAlternative = right
        var consent = PageResult(source: "y", page: 1, form: .consent,
                                 fields: ["child.address": contested, "applicant.address": field(misread, .ok)], engine: engine)
        CrossForm.reconcile(application: &app, consent: &consent)
        XCTAssertEqual(app.fields["child.address"]?.doubt, .crossFormMismatch)
        XCTAssertEqual(app.fields["child.address"]?.value, right)
        XCTAssertEqual(consent.fields["child.address"]?.doubt, .crossFormMismatch)
        XCTAssertEqual(consent.fields["applicant.address"]?.doubt, .addressPart, "reads as one of the child's prints left in disagreement")
    }

    func testTheApplicantsAddressReadAsPrintedConfirmsTheChildsRepairedMarks() {
        // Seed 2599 p014 (scan): the child's address repaired on the application ("д 57/2" read without its
        // dot) and held on both forms for the repair; the consent's applicant's address read exactly as
        // the repaired value with no repair, accepted.
        let v = "Кемеровская область, г.Прокопьевск, наб. Притомская, д. 57/2, кв. 86"
        func field(_ status: FieldStatus, raw: String, doubt: Doubt? = nil) -> FieldResult {
            readAs(v, raw: raw, status, doubt: doubt, confidence: 0.93)
        }
        let repairedApp = field(.review, raw: v.replacingOccurrences(of: "д. 57", with: "д 57"), doubt: .punctuation)
        let repairedConsent = field(.review, raw: v, doubt: .punctuation)
        func packet(app: FieldResult, consentChild: FieldResult, applicant: FieldResult) -> (PageResult, PageResult) {
            var a = PageResult(source: "x", page: 1, form: .application, fields: ["child.address": app], engine: engine)
            var c = PageResult(source: "y", page: 1, form: .consent,
                               fields: ["child.address": consentChild, "applicant.address": applicant], engine: engine)
            CrossForm.reconcile(application: &a, consent: &c)
            return (a, c)
        }
        var (a, c) = packet(app: repairedApp, consentChild: repairedConsent, applicant: field(.ok, raw: v))
        XCTAssertEqual(a.fields["child.address"]?.status, .ok)
        XCTAssertEqual(c.fields["child.address"]?.status, .ok)
        XCTAssertEqual(a.fields["child.address"]?.value, v)
        // The applicant's print repaired itself, or in doubt: two repairs agreeing confirm nothing.
        (a, c) = packet(app: repairedApp, consentChild: repairedConsent, applicant: field(.ok, raw: v.replacingOccurrences(of: "86", with: "86.")))
        XCTAssertEqual(a.fields["child.address"]?.doubt, .punctuation)
        (a, c) = packet(app: repairedApp, consentChild: repairedConsent, applicant: field(.review, raw: v, doubt: .lowConfidence))
        XCTAssertEqual(c.fields["child.address"]?.doubt, .punctuation)
        // Another doubt on the child's address (a number that may read otherwise) is not the marks': it stays.
        (a, c) = packet(app: repairedApp, consentChild: field(.review, raw: v, doubt: .addressPart), applicant: field(.ok, raw: v))
        XCTAssertNotEqual(c.fields["child.address"]?.status, .ok)
        // A repaired value that still does not look as printed ("Строителей. дом") is never confirmed.
        let odd = "Кемеровская обл. - Кузбасс, г. Кемерово, ул. Строителей. дом 117, кв. 219"
        var oddApp = repairedApp, oddConsent = repairedConsent, oddApplicant = field(.ok, raw: odd)
        oddApp.value = odd; oddConsent.value = odd; oddConsent.raw = odd; oddApplicant.value = odd
        (a, c) = packet(app: oddApp, consentChild: oddConsent, applicant: oddApplicant)
        XCTAssertEqual(a.fields["child.address"]?.status, .review)
    }

    func testAnApplicantsSurnameOneLetterFromTheChildsIsDoubted() {
        // Seed 2603 p025 (scan, first contact): "Киекорова" for Кискорова in the applicant's surname on both
        // forms, accepted (outside the lexicon, read alike), while the child's read "Кискорова".
        func name(_ v: String) -> FieldResult { FieldResult(value: v, status: .ok, confidence: 0.93) }
        func packet(child: String, applicant: String) -> (PageResult, PageResult) {
            let fields = ["child.last_name": name(child), "applicant.last_name": name(applicant)]
            var a = PageResult(source: "x", page: 1, form: .application, fields: fields, engine: engine)
            var c = PageResult(source: "y", page: 1, form: .consent, fields: fields, engine: engine)
            CrossForm.reconcile(application: &a, consent: &c)
            return (a, c)
        }
        var (a, c) = packet(child: "Кискорова", applicant: "Киекорова")
        XCTAssertEqual(a.fields["applicant.last_name"]?.status, .review)
        XCTAssertEqual(c.fields["applicant.last_name"]?.doubt, .nearKnownName)
        XCTAssertEqual(a.fields["applicant.last_name"]?.value, "Киекорова", "the reading is shown as read")
        // The child's, one letter from the applicant's, too (sig2647 p018: "Горосян" for Торосян, the mother's
        // surname read right); the registry entry lifts that doubt where it agrees exactly.
        XCTAssertEqual(a.fields["child.last_name"]?.doubt, .nearKnownName)
        XCTAssertTrue(Doubt.nearKnownName.liftedByRegistry)
        // The same surname in the other gender, or with ё's dots, or another surname altogether: nothing.
        for (child, applicant) in [("Кискоров", "Кискорова"), ("Семёнов", "Семенова"), ("Ковальский", "Ковальская"),
                                   ("Иванов", "Петрова"), ("Шевченко", "Шевченко")] {
            (a, c) = packet(child: child, applicant: applicant)
            XCTAssertEqual(a.fields["applicant.last_name"]?.status, .ok, "\(child) / \(applicant)")
        }
        // One letter apart in the other gender too ("Киекоров" for a father beside "Кискорова").
        (a, c) = packet(child: "Кискорова", applicant: "Киекоров")
        XCTAssertEqual(c.fields["applicant.last_name"]?.status, .review)
        // The child's surname in doubt itself counts too. Seed 2611 p030 (clean, first contact): the child's
        // "Челбогашева" held for a ё it might have lost, the applicant's "Челбогатева" accepted on both forms:
        // the packet went to a person with the wrong surname marked sure.
        var held = name("Челбогашева")
        held.status = .review
        held.doubt = .mayHaveLostYo
        var app = PageResult(source: "x", page: 1, form: .application,
                             fields: ["child.last_name": held, "applicant.last_name": name("Челбогатева")], engine: engine)
        var con = PageResult(source: "y", page: 1, form: .consent,
                             fields: ["child.last_name": held, "applicant.last_name": name("Челбогатева")], engine: engine)
        CrossForm.reconcile(application: &app, consent: &con)
        XCTAssertEqual(app.fields["applicant.last_name"]?.status, .review)
        XCTAssertEqual(con.fields["applicant.last_name"]?.doubt, .nearKnownName)
        // Where the child's reading is the misread one (seed 2589 p021: "Барано" on the consent), the
        // applicant's right "Баранова" is one more field to confirm.
        app = PageResult(source: "x", page: 1, form: .application,
                         fields: ["child.last_name": name("Баранова"), "applicant.last_name": name("Баранова")], engine: engine)
        con = PageResult(source: "y", page: 1, form: .consent,
                         fields: ["child.last_name": name("Барано"), "applicant.last_name": name("Баранова")], engine: engine)
        CrossForm.reconcile(application: &app, consent: &con)
        XCTAssertEqual(con.fields["child.last_name"]?.status, .review)
        XCTAssertEqual(con.fields["applicant.last_name"]?.status, .review)
        XCTAssertEqual(app.fields["applicant.last_name"]?.value, "Баранова", "shown as read")
    }

    func testAnApplicantsAddressOneCharacterFromTheChildsReadAlikeOnBothFormsIsDoubted() {
        // Seed 2597 p010 (scan): the consent's applicant's address "ул. Клары Цегкин" accepted, while the
        // child's address read "ул. Клары Цеткин" on both forms (held there for other doubts).
        let right = "Кемеровская область - Кузбасс, г. Кемерово, ул. Клары Цеткин, д. 23, кв. 112"
        let misread = right.replacingOccurrences(of: "Цеткин", with: "Цегкин")
        func field(_ v: String, _ status: FieldStatus, _ doubt: Doubt? = nil) -> FieldResult {
            var f = FieldResult(value: v, status: status, confidence: 0.93)
            f.doubt = doubt
            return f
        }
        func consent(app: String, consentChild: String, applicant: String) -> PageResult {
            var a = PageResult(source: "x", page: 1, form: .application,
                               fields: ["child.address": field(app, .review, .punctuation)], engine: engine)
            var c = PageResult(source: "y", page: 1, form: .consent,
                               fields: ["child.address": field(consentChild, .review, .addressPart),
                                        "applicant.address": field(applicant, .ok)], engine: engine)
            CrossForm.reconcile(application: &a, consent: &c)
            return c
        }
        let c = consent(app: right, consentChild: right, applicant: misread)
        XCTAssertEqual(c.fields["applicant.address"]?.status, .review)
        XCTAssertEqual(c.fields["applicant.address"]?.doubt, .addressPart)
        // The child's prints differing themselves: the applicant's settles them, it is not doubted.
        XCTAssertEqual(consent(app: misread, consentChild: right, applicant: right).fields["applicant.address"]?.status, .ok)
        // The same text, or a reading that differs only in ё's dots, or in more than one character: nothing here.
        XCTAssertEqual(consent(app: right, consentChild: right, applicant: right).fields["applicant.address"]?.status, .ok)
        let yo = "Кемеровская область, г. Кемерово, улица Шахтёров, д. 65, кв. 236"
        XCTAssertEqual(consent(app: yo, consentChild: yo, applicant: yo.replacingOccurrences(of: "ё", with: "е"))
            .fields["applicant.address"]?.doubt, nil)
        XCTAssertEqual(consent(app: right, consentChild: right, applicant: "г. Юрга, ул. Новая, д. 1").fields["applicant.address"]?.status, .ok)
        // The child's prints read otherwise, the applicant's equal to neither and one character from one
        // (seed 2617 p005, a scan: "корп. 3", "корп. 35", the applicant's "корп. 5" accepted and activated).
        let yaya = "Кемеровская область - Кузбасс, Яйский муниципальный округ, пгт Яя, ул. Рукавишникова, д. 2, корп. "
        let odd = consent(app: yaya + "3", consentChild: yaya + "35", applicant: yaya + "5")
        XCTAssertEqual(odd.fields["applicant.address"]?.status, .review)
        XCTAssertEqual(odd.fields["applicant.address"]?.reason, "a print of the child's address differs from it in one character (one of them misread?)")
    }

    func testAnApplicantsAddressPartBothChildsPrintsReadOtherwiseIsDoubted() {
        // Seed 2761 p021 (scan): the applicant's print "п. Звёздны 1" accepted, the child's two prints
        // "п. Звёздный", each misreading the region's name its own way. Here the odd part is a street.
        func field(_ v: String, _ status: FieldStatus) -> FieldResult { FieldResult(value: v, status: status, confidence: 0.93) }
        func applicant(app: String, consentChild: String, applicant: String) -> FieldResult? {
            var a = PageResult(source: "x", page: 1, form: .application, fields: ["child.address": field(app, .review)], engine: engine)
            var c = PageResult(source: "y", page: 1, form: .consent,
                               fields: ["child.address": field(consentChild, .review), "applicant.address": field(applicant, .ok)], engine: engine)
            CrossForm.reconcile(application: &a, consent: &c)
            return c.fields["applicant.address"]
        }
        let tail = "Кузбасс, п. Звёздный, ул. Суворова, д. 88"
        let app = "Кемер вская облас ь - " + tail, con = "Кемеров‹с «ая область - " + tail
        let doubted = applicant(app: app, consentChild: con, applicant: "Кемеровская область - Кузбасс, п. Звёздный, ул. Суворава, д. 88")
        XCTAssertEqual(doubted?.status, .review)
        XCTAssertEqual(doubted?.reason, "a part of the address reads otherwise in both prints of the child's address (misread?)")
        // The same parts, or a part the child's prints disagree on, or another street, or two parts apart: nothing here.
        XCTAssertEqual(applicant(app: app, consentChild: con, applicant: "Кемеровская область - " + tail)?.status, .ok)
        XCTAssertEqual(applicant(app: app, consentChild: con, applicant: "Кемеровская область - Кузбасс, п. Звездный, ул. Суворова, д. 88")?.status, .ok)
        XCTAssertEqual(applicant(app: app, consentChild: con, applicant: "Кемеровская область - Кузбасс, п. Звёздный, ул. Ленина, д. 88")?.status, .ok)
        XCTAssertEqual(applicant(app: app, consentChild: con, applicant: "Кемеровская область - Кузбасс, п. Звёздный, ул. Суворава, д. 86")?.status, .ok)
    }

    func testAnApplicationNumberReadAlikeByNearlyEveryReadingOfBothPrintsIsAccepted() {
        // Seed 2597 p001 (scan): "364" on both forms, each held by a close call 3/5; of the six readings
        // of the two prints (each form's value and its other readings) one gave "564".
        func number(_ v: String, readings: [String], doubt: Doubt = .closeDigitAlternative) -> FieldResult {
            var f = FieldResult(value: v, status: .review, confidence: 0.95)
            f.doubt = doubt
            f.readings = readings
            return f
        }
        var app = number("364", readings: ["364"]), consent = number("364", readings: ["364", "564"])
        app.otherModel = "364"
        consent.otherModel = "564"
        var (a, c) = reconciled("application_number", app, consent)
        XCTAssertEqual(a?.status, .ok)
        XCTAssertEqual(c?.status, .ok)
        // The other model reading neither print as the value (seed 1407: "37130" under "57130" on both
        // forms, or on one with none on the other; 2597 p010: "21225" under 27225): a person decides.
        app.otherModel = "564"
        (a, c) = reconciled("application_number", app, consent)
        XCTAssertEqual(a?.status, .review)
        consent.otherModel = nil
        (a, c) = reconciled("application_number", app, consent)
        XCTAssertEqual(c?.status, .review)
        // Two dissenting readings (seed 2535: "85053" four times, 83053 three): a person decides.
        (a, c) = reconciled("application_number", number("364", readings: ["364", "564"]), number("364", readings: ["364", "564"]))
        XCTAssertEqual(a?.status, .review)
        XCTAssertEqual(c?.status, .review)
        // Too few readings to outweigh a close call.
        (a, c) = reconciled("application_number", number("364", readings: []), number("364", readings: ["364"]))
        XCTAssertEqual(a?.status, .review)
        // A doubt that is not about the digits' reading stays (a format, a number cut short).
        (a, c) = reconciled("application_number", number("364", readings: ["364"], doubt: .format), number("364", readings: ["364", "364"]))
        XCTAssertEqual(a?.status, .review)
        // Another value on each form: not this rule's case.
        (a, c) = reconciled("application_number", number("364", readings: ["364", "364"]), number("564", readings: ["364", "364"]))
        XCTAssertNotEqual(a?.status, .ok)
    }

    func testAnAbbreviationWithItsDotBeforeACommaIsPrintedPunctuation() {
        // Seed 1603: "Кемеровская обл., г. Кемерово" doubted as misread punctuation on 15 right addresses.
        XCTAssertTrue(Normalizer.addressLooksPrinted("650017, Кемеровская обл., г. Кемерово, ул. Циолковского, д. 155"))
        // 2709 p014 (clean, first contact): the space after "кв." lost, accepted as "кв.9"; repaired, in doubt.
        XCTAssertFalse(Normalizer.addressLooksPrinted("654082, г. Новокузнецк, ул. Тольятти, д. 45б, кв.9"))
        XCTAssertEqual(Normalizer.repairAddressPunctuation("654082, г. Новокузнецк, ул. Тольятти, д. 45б, кв.9"),
                       "654082, г. Новокузнецк, ул. Тольятти, д. 45б, кв. 9")
        XCTAssertFalse(Normalizer.addressLooksPrinted("650017, Кемеровская обл, г. Кемерово, ул. Циолковского, д. 155"),
                       "a lost dot is still misread punctuation")
        let c = Candidate(key: "child.address", kind: .address, value: "650083, Кемеровская обл., г. Кемерово, ул. Орджоникидзе, дом 133, кв. 105",
                          wellFormed: true, repaired: false, raw: "", tokens: [], box: nil, confidence: 0.96, minConfidence: 0.9, rule: "test")
        XCTAssertEqual(Validator.decide(key: "child.address", candidate: c, context: ctx).status, .ok)
    }

    func testPgtAndRpArePrintedWithOrWithoutADotAndNeverGetOneAdded() {
        // Seeds 1401-1603: every "пгт." the repair made stood for a printed "пгт".
        let printed = "652380, Кемеровская область - Кузбасс, Промышленновский муниципальный округ, пгт Промышленная, ул. Садовая, д. 45"
        XCTAssertTrue(Normalizer.addressLooksPrinted(printed))
        XCTAssertEqual(Normalizer.repairAddressPunctuation(printed), printed)
        XCTAssertTrue(Normalizer.addressLooksPrinted("Кемеровская область, рп Итатский, б-р Строителей, д. 8"))
        XCTAssertTrue(Normalizer.addressLooksPrinted("Кемеровская область, пгт. Яя, ул. Суворова, д. 45"))
        // Full stops for commas are still misread punctuation (seed 1603: this address, once "пгт" no
        // longer set the check off, was accepted on both forms with them).
        let stops = "652380. Кемеровская область - Кузбасс. Промышленновский муниципальный округ, пгт Промышленная, ул. Садовая, д. 45"
        XCTAssertFalse(Normalizer.addressLooksPrinted(stops))
        XCTAssertEqual(Normalizer.repairAddressPunctuation(stops), printed)
        // Other abbreviations still need their dot.
        XCTAssertFalse(Normalizer.addressLooksPrinted("Кемеровская область, г Яя, ул Суворова, д. 45"))
        XCTAssertEqual(Normalizer.repairAddressPunctuation("пгт Яя, ул Суворова, д 45"), "пгт Яя, ул. Суворова, д. 45")
    }

    func testAShortPlaceNameWithAFullStopIsAMisreadComma() {
        // Seed 2591 p017: "пгт Яя. ул. Юбилейная" accepted on both forms of a scan (the full-stop rule
        // counted only words of five letters or more); seed 2589 p028: "г. Юрга. улица Новая".
        let read = "Кемеровская область, пгт Яя. ул. Юбилейная, д. 4, корп. 2"
        XCTAssertFalse(Normalizer.addressLooksPrinted(read))
        XCTAssertEqual(Normalizer.repairAddressPunctuation(read), "Кемеровская область, пгт Яя, ул. Юбилейная, д. 4, корп. 2")
        XCTAssertFalse(Normalizer.addressLooksPrinted("Кемеровская обл. - Кузбасс, г. Юрга. улица Новая, д. 12, кв. 112"))
        let c = Candidate(key: "child.address", kind: .address, value: read, wellFormed: true, repaired: false, raw: "", tokens: [],
                          box: nil, confidence: 0.96, minConfidence: 0.9, rule: "test")
        XCTAssertEqual(Validator.decide(key: "child.address", candidate: c, context: ctx).doubt, .punctuation)
        // An initial, a lower-case abbreviation and the place name before a comma are printed so.
        XCTAssertTrue(Normalizer.addressLooksPrinted("г. Кемерово, ул. Н. Островского, д. 3, кв. 1"))
        XCTAssertTrue(Normalizer.addressLooksPrinted("Кемеровская область, пгт Яя, ул. Юбилейная, д. 4, корп. 2"))
        // An abbreviation capitalised where it opens the address is no name: its dot is its own.
        XCTAssertTrue(Normalizer.addressLooksPrinted("Ул. Ленина, д. 5, кв. 3"))
        XCTAssertEqual(Normalizer.repairAddressPunctuation("Ул. Ленина, д. 5, кв. 3"), "Ул. Ленина, д. 5, кв. 3")
        XCTAssertTrue(Normalizer.addressLooksPrinted("Пгт Яя, ул. Юбилейная, д. 4"))
    }

    func testAnAbbreviationInCapitalsInsideAMixedCaseAddressIsDoubted() {
        // Seed 1603: "КВ. 1" for "кв. 1" on both forms, accepted.
        XCTAssertNotNil(Normalizer.addressDoubt("652642, Кемеровская область, г. Белово, ул. Садовая, д. 153, КВ. 1"))
        XCTAssertNil(Normalizer.addressDoubt("652642, Кемеровская область, г. Белово, ул. Садовая, д. 153, кв. 1"))
        XCTAssertNil(Normalizer.addressDoubt("г. Кемерово, ул. Н. Островского, д. 3, кв. 1"), "an initial in a street name")
        // A single capital before a number is no initial (seed 2569 p025, a clean consent).
        XCTAssertNotNil(Normalizer.addressDoubt("652055, Кемеровская область - Кузбасс, г.Юрга, ул. Шахтёров, Д. 137, кв. 233"))
        XCTAssertNil(Normalizer.addressDoubt("г. Кемерово, ул. П. Осипенко, д. 3"), "an initial before a name")
        XCTAssertNil(Normalizer.addressDoubt("Г. КЕМЕРОВО, УЛ. ЛЕНИНА, Д. 3, КВ. 1"), "an address printed in capitals")
        // A place's name in capitals (seed 2611 p021, a scan, first contact: "пгт ЯЯ" for Яя, accepted).
        XCTAssertEqual(Normalizer.addressWordsDoubt("Кемеровская обл. - Кузбасс, Яйский муниципальный округ, пгт ЯЯ, ул. Новая, дом 90"),
                       "a word in capitals (letter case misread?)")
        XCTAssertNil(Normalizer.addressWordsDoubt("Кемеровская обл. - Кузбасс, Яйский муниципальный округ, пгт Яя, ул. Новая, дом 90"))
        // Acronyms streets and partnerships are named with, and Roman numbers, are printed so.
        XCTAssertNil(Normalizer.addressWordsDoubt("Кемеровская область, г. Кемерово, ул. 30 лет ВЛКСМ, д. 5, кв. 2"))
        XCTAssertNil(Normalizer.addressWordsDoubt("Кемеровская область, Кемеровский муниципальный округ, СНТ Рассвет, д. 12"))
        XCTAssertNil(Normalizer.addressWordsDoubt("Кемеровская область, г. Прокопьевск, ул. XXII Партсъезда, д. 7"))
        let c = Candidate(key: "child.address", kind: .address, value: "г. Белово, ул. Садовая, д. 153, КВ. 1",
                          wellFormed: true, repaired: false, raw: "", tokens: [], box: nil, confidence: 0.96, minConfidence: 0.9, rule: "test")
        let r = Validator.decide(key: "child.address", candidate: c, context: ctx)
        XCTAssertEqual(r.doubt, .addressPart)
        XCTAssertFalse(Doubt.addressPart.liftedByOtherForm, "both forms misread alike")
    }

    func testACommaLostOnOnePrintAndReadOnTheOtherIsSettledByTheOther() {
        // Seed 2601 p010 (scan): "обл. г." on the application, doubted for its lost comma; "обл., г." read
        // and accepted on the consent. Both take the consent's spelling, accepted.
        let lost = "Кемеровская обл. г. Кемерово, ул. Берёзовая, д. 106а, кв. 59"
        let read = "Кемеровская обл., г. Кемерово, ул. Берёзовая, д. 106а, кв. 59"
        XCTAssertEqual(Normalizer.addressDoubt(lost), Normalizer.lostCommaDoubt)
        let doubted = FieldResult(value: lost, status: .review, confidence: 0.86, reason: Normalizer.lostCommaDoubt, doubt: .addressPart)
        let (a, c) = reconciled("child.address", doubted, FieldResult(value: read, status: .ok, confidence: 0.94))
        XCTAssertEqual(a?.value, read)
        XCTAssertEqual(a?.status, .ok)
        XCTAssertEqual(c?.status, .ok)
        // Seed 2619 p005: the print showing the comma was itself doubted only for its sureness, which the
        // other print's same letters lift; the lost comma no longer keeps both in review.
        let unsure = FieldResult(value: read, status: .review, confidence: 0.94, reason: "low recognition confidence", doubt: .lowConfidence)
        let (a1, c1) = reconciled("child.address", unsure, doubted)
        XCTAssertEqual(c1?.value, read)
        XCTAssertEqual(a1?.status, .ok)
        XCTAssertEqual(c1?.status, .ok)
        // Lost on both prints: both held.
        let (a2, c2) = reconciled("child.address", doubted, doubted)
        XCTAssertEqual(a2?.status, .review)
        XCTAssertEqual(c2?.status, .review)
    }

    func testASurnameIsNotRepairedFromTheOtherFormWhereAnotherPrintOfTheFamilyReadsAsTheDoubtedOne() {
        // sig2687 p004 (a scan, first contact): the family's "Нерсисян" on four prints; the application read
        // the child's 0.82 sure (held) and the applicant's "Нереиеян", the consent the applicant's "Нерсисян"
        // and the child's "Нереиеян". The child's surname was repaired to "Нереиеян" and accepted on both forms.
        func name(_ v: String, _ status: FieldStatus, _ doubt: Doubt?) -> FieldResult {
            var f = FieldResult(value: v, status: status, confidence: 0.9, box: nil, raw: v, reason: doubt.map { $0.rawValue }, rule: "test")
            f.doubt = doubt
            return f
        }
        func pages(appApplicant: String) -> (PageResult, PageResult) {
            (PageResult(source: "a", page: 1, form: .application,
                        fields: ["child.last_name": name("Нерсисян", .review, .lowConfidence), "applicant.last_name": name(appApplicant, .ok, nil)], engine: engine),
             PageResult(source: "c", page: 1, form: .consent,
                        fields: ["child.last_name": name("Нереиеян", .ok, nil), "applicant.last_name": name("Нерсисян", .ok, nil)], engine: engine))
        }
        var (a, c) = pages(appApplicant: "Нереиеян")
        CrossForm.reconcile(application: &a, consent: &c)
        XCTAssertEqual(a.fields["child.last_name"]?.doubt, .crossFormMismatch)
        XCTAssertEqual(c.fields["child.last_name"]?.doubt, .crossFormMismatch)
        XCTAssertEqual(a.fields["child.last_name"]?.value, "Нерсисян")
        // With no other print reading as the doubted value, the repair from the accepted form stands.
        var family = PageResult(source: "a", page: 1, form: .application,
                                fields: ["child.last_name": name("Нерсисян", .review, .lowConfidence)], engine: engine)
        var consent = PageResult(source: "c", page: 1, form: .consent, fields: ["child.last_name": name("Нереиеян", .ok, nil)], engine: engine)
        CrossForm.reconcile(application: &family, consent: &consent)
        XCTAssertEqual(family.fields["child.last_name"]?.value, "Нереиеян")
        XCTAssertEqual(family.fields["child.last_name"]?.status, .ok)
        // A mother's surname read in the male form on one print, her son's beside it: the family's prints
        // back both readings alike, and the repair from the accepted form stands (sig2663 p007).
        var mother = PageResult(source: "a", page: 1, form: .application,
                                fields: ["applicant.last_name": name("Цветкова", .ok, nil), "child.last_name": name("Цветков", .ok, nil)], engine: engine)
        var son = PageResult(source: "c", page: 1, form: .consent,
                             fields: ["applicant.last_name": name("Цветков", .review, .lowConfidence), "child.last_name": name("Цветков", .ok, nil)], engine: engine)
        CrossForm.reconcile(application: &mother, consent: &son)
        XCTAssertEqual(son.fields["applicant.last_name"]?.value, "Цветкова")
    }

    func testANameCutShortOnOnePrintIsCompletedFromTheOtherFormsAcceptedKnownName() {
        func name(_ v: String, _ status: FieldStatus, _ doubt: Doubt? = nil) -> FieldResult {
            var f = FieldResult(value: v, status: status, confidence: status == .ok ? 0.96 : 0.64, box: nil, raw: v, reason: doubt?.rawValue, rule: "test")
            f.doubt = doubt
            return f
        }
        // Seed 2681 p009 (a scan consent): "Сер" for Сергеевна, accepted on the application.
        let (a, c) = reconciled("child.middle_name", name("Сергеевна", .ok), name("Сер", .review, .patronymicEnding))
        XCTAssertEqual(c?.value, "Сергеевна")
        XCTAssertEqual(c?.status, .ok)
        XCTAssertEqual(a?.status, .ok)
        // "Имов" with its capital restored, for Алимов accepted on the application (the shape of seed 2689 p006,
        // where both family prints of the consent read "Имов" and `otherPrintReads` keeps the doubt).
        let (a1, c1) = reconciled("child.last_name", name("Алимов", .ok), name("Имов", .review, .capitalRestored))
        XCTAssertEqual(c1?.value, "Алимов")
        XCTAssertEqual(a1?.status, .ok)
        XCTAssertEqual(c1?.status, .ok)
        // The longer reading in doubt is no cut: letters are lost at a cut, never added.
        let (a2, c2) = reconciled("child.middle_name", name("Сергеевна", .ok), name("Сергеевнаина", .review, .patronymicEnding))
        XCTAssertEqual(c2?.doubt, .crossFormMismatch)
        XCTAssertEqual(a2?.doubt, .crossFormMismatch)
        // A shorter reading that is a name itself is a name, not a cut one.
        XCTAssertTrue(NameLexicon.shared.knownSurname("Петровский"))
        let (_, c3) = reconciled("child.last_name", name("Петровский", .ok), name("Петров", .review, .lowConfidence))
        XCTAssertEqual(c3?.doubt, .crossFormMismatch)
        // The accepted reading must be a name of the lexicon.
        let (_, c4) = reconciled("child.last_name", name("Ываимов", .ok), name("Имов", .review, .capitalRestored))
        XCTAssertEqual(c4?.doubt, .crossFormMismatch)
        // Letters lost inside the name are no cut at an end.
        let (_, c5) = reconciled("child.middle_name", name("Сергеевна", .ok), name("Сергна", .review, .patronymicEnding))
        XCTAssertEqual(c5?.doubt, .crossFormMismatch)
        // A doubt that is not about the reading's shape (the form's text taken for a name) is left to a person.
        let (_, c6) = reconciled("child.last_name", name("Алимов", .ok), name("Имов", .review, .formWordAsName))
        XCTAssertEqual(c6?.doubt, .crossFormMismatch)
    }

    func testAnUnusualSurnameIsRepairedOnlyTowardsAKnownSurname() {
        func name(_ v: String, _ status: FieldStatus, _ doubt: Doubt? = nil) -> FieldResult {
            var f = FieldResult(value: v, status: status, confidence: status == .ok ? 0.9 : 0.56, box: nil, raw: v, reason: doubt?.rawValue, rule: "test")
            f.doubt = doubt
            return f
        }
        // Towards a surname of the lexicon.
        XCTAssertTrue(NameLexicon.shared.knownSurname("Кузнецова"))
        let (a, c) = reconciled("child.last_name", name("Кузнецопа", .review, .unusualSurname), name("Кузнецова", .ok))
        XCTAssertEqual(a?.value, "Кузнецова")
        XCTAssertEqual(a?.status, .ok)
        XCTAssertEqual(c?.status, .ok)
        // Seed 2685 p010 (a scan): "Рустамопа" and "Рустамога" on the application, "Рустамова" accepted for the
        // child and the mother on the consent; no surname of the lexicon, but two accepted prints of the family.
        XCTAssertFalse(NameLexicon.shared.knownSurname("Рустамова"))
        func family(_ child: FieldResult, _ applicant: FieldResult) -> PageResult {
            PageResult(source: "p", page: 1, form: .application, fields: ["child.last_name": child, "applicant.last_name": applicant], engine: engine)
        }
        var app = family(name("Рустамопа", .review, .unusualSurname), name("Рустамога", .review, .unusualSurname))
        var consent = family(name("Рустамова", .ok), name("Рустамова", .ok))
        consent.form = .consent
        CrossForm.reconcile(application: &app, consent: &consent)
        XCTAssertEqual(app.fields["child.last_name"]?.value, "Рустамова")
        XCTAssertEqual(app.fields["applicant.last_name"]?.value, "Рустамова")
        XCTAssertEqual(app.fields["child.last_name"]?.status, .ok)
        XCTAssertEqual(consent.fields["applicant.last_name"]?.status, .ok)
        // One accepted print alone, outside the lexicon, repairs nothing.
        var app1 = family(name("Рустамопа", .review, .unusualSurname), name("Рустамопа", .review, .unusualSurname))
        var consent1 = family(name("Рустамова", .ok), name("Рустамова", .review, .lowConfidence))
        consent1.form = .consent
        CrossForm.reconcile(application: &app1, consent: &consent1)
        XCTAssertEqual(app1.fields["child.last_name"]?.doubt, .crossFormMismatch)
        // A real surname of unusual shape is not overwritten by a reading of the other print outside the lexicon.
        XCTAssertFalse(NameLexicon.shared.knownSurname("Фрид"))
        let (a1, c1) = reconciled("child.last_name", name("Фриз", .review, .unusualSurname), name("Фрид", .ok))
        XCTAssertEqual(a1?.value, "Фриз")
        XCTAssertEqual(a1?.doubt, .crossFormMismatch)
        XCTAssertEqual(c1?.doubt, .crossFormMismatch)
    }

    func testAPrintReadNearAKnownNameThatTheOtherPrintReadsSettlesBoth() {
        func name(_ v: String, _ doubt: Doubt, near: String? = nil) -> FieldResult {
            var f = FieldResult(value: v, status: .review, confidence: 0.63, box: nil, raw: v, reason: doubt.rawValue, rule: "test")
            f.doubt = doubt
            f.readings = near.map { [$0] }
            return f
        }
        // Seed 2685 p010 (a scan): "Бахтиёровна" 0.63 sure on the application, "Бахтибровна" on the consent,
        // a confusion away from that very patronymic.
        let (a, c) = reconciled("applicant.middle_name", name("Бахтиёровна", .lowConfidence), name("Бахтибровна", .nearKnownName, near: "Бахтиёровна"))
        XCTAssertEqual(a?.status, .ok)
        XCTAssertEqual(c?.status, .ok)
        XCTAssertEqual(c?.value, "Бахтиёровна")
        // The other way round (the near reading on the application) alike.
        let (a1, c1) = reconciled("applicant.middle_name", name("Бахтибровна", .nearKnownName, near: "Бахтиёровна"), name("Бахтиёровна", .lowConfidence))
        XCTAssertEqual(a1?.value, "Бахтиёровна")
        XCTAssertEqual(a1?.status, .ok)
        XCTAssertEqual(c1?.status, .ok)
        // The near reading points at another name than the other print reads: both stay with a person.
        let (a2, c2) = reconciled("applicant.middle_name", name("Бахтиёровна", .lowConfidence), name("Бахтибровна", .nearKnownName, near: "Бахтияровна"))
        XCTAssertEqual(a2?.doubt, .crossFormMismatch)
        XCTAssertEqual(c2?.doubt, .crossFormMismatch)
        // The named print doubted for more than its sureness (ё perhaps lost) settles nothing.
        let (a3, _) = reconciled("child.first_name", name("Артем", .mayHaveLostYo), name("Артсм", .nearKnownName, near: "Артем"))
        XCTAssertEqual(a3?.doubt, .crossFormMismatch)
    }

    func testAPrintReadingNoNameALetterFromTheOtherPrintsKnownNameTakesIt() {
        func name(_ v: String, _ status: FieldStatus, _ doubt: Doubt? = nil) -> FieldResult {
            var f = FieldResult(value: v, status: status, confidence: 0.7, box: nil, raw: v, reason: doubt?.rawValue, rule: "test")
            f.doubt = doubt
            return f
        }
        // Seed 2741 p017 (a scan): "Дммтриевна" on the application, Дмитриевна on the consent, both 0.6-0.7 sure.
        let (a, c) = reconciled("applicant.middle_name", name("Дммтриевна", .review, .lowConfidence), name("Дмитриевна", .review, .lowConfidence))
        XCTAssertEqual(a?.value, "Дмитриевна")
        XCTAssertEqual(a?.status, .ok)
        XCTAssertEqual(c?.status, .ok)
        // Seed 2729 p002 (a scan): both prints accepted, "Гевченко" outside the lexicon.
        let (a1, c1) = reconciled("child.last_name", name("Шевченко", .ok), name("Гевченко", .ok))
        XCTAssertEqual(c1?.value, "Шевченко")
        XCTAssertEqual(a1?.status, .ok)
        XCTAssertEqual(c1?.status, .ok)
        // Two letters apart, or both names of the lexicon: a person decides.
        XCTAssertEqual(reconciled("child.last_name", name("Шевченко", .ok), name("Гевчонко", .ok)).0?.doubt, .crossFormMismatch)
        XCTAssertEqual(reconciled("child.last_name", name("Соколова", .ok), name("Соколов", .ok)).0?.doubt, .crossFormMismatch)
        XCTAssertEqual(reconciled("child.first_name", name("Марина", .ok), name("Карина", .ok)).0?.doubt, .crossFormMismatch)
        // The named print doubted for more than its sureness settles nothing.
        XCTAssertEqual(reconciled("child.last_name", name("Шевченко", .review, .mayHaveLostYo), name("Гевченко", .ok)).0?.doubt, .crossFormMismatch)
    }
}

/// Misreadings seed 1801 accepted on first contact, each now a doubt.
final class FirstContact1801Tests: XCTestCase {
    let ctx = ValidationContext(today: SimpleDate(year: 2026, month: 11, day: 23)!, signingDate: nil,
                                selfApplication: false, categories: [], pageConfidence: 0.95)

    func name(_ key: String, _ value: String) -> FieldResult {
        let c = Candidate(key: key, kind: .name, value: value, wellFormed: true, repaired: false, raw: value,
                          tokens: [], box: nil, confidence: 0.96, minConfidence: 0.96, rule: "test")
        return Validator.decide(key: key, candidate: c, context: ctx)
    }

    func testAFirstNameWithAPatronymicsEndingIsDoubted() {
        // "Назарова Сабрина Рахимовна" read without the surname: first name "Рахимовна" on both forms.
        let r = name("applicant.first_name", "Рахимовна")
        XCTAssertEqual(r.doubt, .givenNameLikePatronymic)
        XCTAssertFalse(Doubt.givenNameLikePatronymic.liftedByOtherForm, "both forms cut the name alike")
        XCTAssertEqual(name("child.first_name", "Манучехрович").doubt, .givenNameLikePatronymic)
        for given in ["Сабрина", "Фаридун", "Анастасия", "Иван"] {
            XCTAssertNotEqual(name("applicant.first_name", given).doubt, .givenNameLikePatronymic, given)
        }
    }

    func testAZeroOpeningDigitsInAnEmailMayBeTheLetterO() {
        // Seed 2201: an underscore on the underline went with the line; the page's reading kept a gap.
        XCTAssertTrue(Normalizer.emailGapClosed(raw: "darina semenova8 1@bk.ru", value: "darinasemenova81@bk.ru"))
        XCTAssertFalse(Normalizer.emailGapClosed(raw: "darina semenova81@bk.ru", value: "darina_semenova81@bk.ru"), "the value has the character")
        XCTAssertFalse(Normalizer.emailGapClosed(raw: "gusev1 983@mail.ru", value: "gusev1983@mail.ru"), "a gap next to a 1 is spacing")
        // sig2667 p025 (scan, first contact): "iraida_55" read "iraida 55", the Latin reading "iraida55",
        // accepted. A gap between a letter and a digit other than 1 is a character lost as well.
        XCTAssertTrue(Normalizer.emailGapClosed(raw: "iraida 55@mail.ru", value: "iraida55@mail.ru"))
        XCTAssertFalse(Normalizer.emailGapClosed(raw: "ivan 1983@mail.ru", value: "ivan1983@mail.ru"), "a gap next to a 1 is spacing")
        XCTAssertFalse(Normalizer.emailGapClosed(raw: "karptitov@ya ndex.ru", value: "karptitov@yandex.ru"), "the domain is checked otherwise")
        XCTAssertFalse(Normalizer.emailGapClosed(raw: "borisova76@mail.ru", value: "borisova76@mail.ru"))
        XCTAssertTrue(Normalizer.ambiguousEmailCharacters("shevchenko.0410@mail.ru"))
        XCTAssertTrue(Normalizer.ambiguousEmailCharacters("0410ivan@mail.ru"))
        XCTAssertFalse(Normalizer.ambiguousEmailCharacters("shevchenko.1990@mail.ru"), "a year after a dot reads as digits")
        // Seed 2625 p029 (scan): ".l734" read ".1734" by both readings, accepted.
        XCTAssertTrue(Normalizer.ambiguousEmailCharacters("shaykhutdinova.1734@inbox.ru"))
        XCTAssertTrue(Normalizer.ambiguousEmailCharacters("1734ivan@mail.ru"))
        XCTAssertFalse(Normalizer.ambiguousEmailCharacters("petrova.2011@mail.ru"), "a year")
        XCTAssertFalse(Normalizer.ambiguousEmailCharacters("a.stepanova@yandex.ru"))
    }

    func testACapitalGAfterAPrepositionInAnOfficeIsDoubted() {
        XCTAssertNotNil(Normalizer.officeDoubt("ОВМ Управления МВД России по Г. Прокопьевску ГУ МВД России по Кемеровской области - Кузбассу"))
        XCTAssertNil(Normalizer.officeDoubt("ОВМ Управления МВД России по г. Прокопьевску ГУ МВД России по Кемеровской области - Кузбассу"))
    }

    func testARepairedNameReadAsRepairedOnTheOtherFormsAcceptedPrintIsAccepted() {
        // Recorded on sig2715 p003 (a scan, first contact): the applicant's patronymic read "Сергеевна" 0.96 sure on the
        // application, "С‘ергеевна" 0.67 sure on the consent (a stray mark dropped: a repair).
        func name(_ raw: String, _ value: String, repaired: Bool, confidence: Double) -> FieldResult {
            let c = Candidate(key: "applicant.middle_name", kind: .name, value: value, wellFormed: true, repaired: repaired, raw: raw,
                              tokens: [], box: nil, confidence: confidence, minConfidence: confidence, rule: "test")
            return Validator.decide(key: "applicant.middle_name", candidate: c, context: ctx)
        }
        let clean = name("Сергеевна", "Сергеевна", repaired: false, confidence: 0.96)
        let mended = name("С‘ергеевна", "Сергеевна", repaired: true, confidence: 0.96)
        XCTAssertEqual(clean.status, .ok)
        XCTAssertEqual(mended.doubt, .lookAlikeRepaired)
        func pages(_ a: FieldResult, _ c: FieldResult) -> (PageResult, PageResult) {
            var ap = PageResult(source: "a", page: 1, form: .application, fields: ["applicant.middle_name": a], engine: EngineInfo(tesseract: "t", models: [:]))
            var cp = PageResult(source: "c", page: 1, form: .consent, fields: ["applicant.middle_name": c], engine: EngineInfo(tesseract: "t", models: [:]))
            CrossForm.reconcile(application: &ap, consent: &cp)
            return (ap, cp)
        }
        let (a, c) = pages(clean, mended)
        XCTAssertEqual(a.fields["applicant.middle_name"]?.status, .ok)
        XCTAssertEqual(c.fields["applicant.middle_name"]?.status, .ok)
        // Repaired on both prints: neither shows the letters, both stay in doubt.
        let (a2, c2) = pages(mended, mended)
        XCTAssertEqual(a2.fields["applicant.middle_name"]?.doubt, .lookAlikeRepaired)
        XCTAssertEqual(c2.fields["applicant.middle_name"]?.doubt, .lookAlikeRepaired)
        // The other print accepted but read otherwise and mended to agree is no print of the value as read.
        var near = clean
        near.raw = "Сергеевиа"
        let (a3, c3) = pages(near, mended)
        XCTAssertEqual(c3.fields["applicant.middle_name"]?.doubt, .lookAlikeRepaired)
        XCTAssertEqual(a3.fields["applicant.middle_name"]?.doubt, .lookAlikeRepaired)
    }
}
