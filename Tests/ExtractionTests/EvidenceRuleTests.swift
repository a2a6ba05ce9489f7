import Foundation
import XCTest
@testable import Extraction
import IntakeModel

/// The evidence rules of validation and registration, on recorded values: no Tesseract needed.
final class EvidenceRuleTests: XCTestCase {
    let ctx = ValidationContext(today: SimpleDate(year: 2026, month: 11, day: 23)!, signingDate: nil,
                                selfApplication: false, categories: [], pageConfidence: 0.95)

    func candidate(_ key: String, _ kind: FieldKind, _ value: String, confidence: Double = 0.95) -> Candidate {
        Candidate(key: key, kind: kind, value: value, wellFormed: true, repaired: false, raw: value,
                  tokens: [], box: nil, confidence: confidence, minConfidence: confidence, rule: "test")
    }

    func decide(_ key: String, _ value: String, confidence: Double = 0.95) -> FieldResult {
        Validator.decide(key: key, candidate: candidate(key, .name, value, confidence: confidence), context: ctx)
    }

    // MARK: names: a large real-world lexicon and morphology

    func testASurnameTheLexiconSpellsWithoutYoKeepsNoYoDoubt() {
        // Seed 2201: "Григорьева" doubted by the -ьев ending's rule although the lexicon spells it so.
        XCTAssertNotEqual(decide("child.last_name", "Григорьева").doubt, .mayHaveLostYo)
        // Spelt with ё in the lexicon ("Семёнова", "Королёв"): the doubt stays, ending rule or not.
        XCTAssertEqual(decide("applicant.last_name", "Семенова").doubt, .mayHaveLostYo)
        XCTAssertEqual(decide("child.last_name", "Королев").doubt, .mayHaveLostYo)
        // Unknown to the lexicon: the ending decides as before.
        XCTAssertEqual(decide("child.last_name", "Тодырева").doubt, .mayHaveLostYo)
        XCTAssertEqual(decide("child.last_name", "Тодычев").doubt, .mayHaveLostYo)
        // But not after ш or ж, where a stressed ending is spelt -ов (seeds 2681, 2689: Turkic -ашев).
        XCTAssertNotEqual(decide("child.last_name", "Тодышева").doubt, .mayHaveLostYo)
        XCTAssertNotEqual(decide("child.last_name", "Юлдашев").doubt, .mayHaveLostYo)
        XCTAssertNotEqual(decide("applicant.last_name", "Сыркашева").doubt, .mayHaveLostYo)
        // Чернышёв is spelt so in the lexicon: its doubt stays.
        XCTAssertEqual(decide("child.last_name", "Чернышев").doubt, .mayHaveLostYo)
    }

    func testAWordEndingInYIHasLostTheBreveOfItsShortI() {
        // Seed 2527 p019: "пер. Цветочныи" accepted on both forms (read alike, so agreement proves nothing).
        let address = Validator.decide(key: "child.address", candidate: candidate("child.address", .address, "п. Спасск, пер. Цветочныи, д. 65"), context: ctx)
        XCTAssertEqual(address.status, .review)
        XCTAssertEqual(address.doubt, .mayHaveLostBreve)
        XCTAssertEqual(address.value, "п. Спасск, пер. Цветочный, д. 65", "the only spelling shown, the reading kept")
        XCTAssertEqual(address.readings?.first, "п. Спасск, пер. Цветочныи, д. 65")
        XCTAssertFalse(Doubt.mayHaveLostBreve.liftedByOtherForm)
        XCTAssertEqual(decide("child.last_name", "Белыи").value, "Белый")
        // "-ии" is Russian ("Армии", "линии"), and so is "ы" followed by another word's "и".
        XCTAssertNil(Normalizer.breveRestored("ул. Линии, д. 5"))
        XCTAssertNil(Normalizer.breveRestored("ул. Красной Армии, д. 5"))
        XCTAssertEqual(Normalizer.breveRestored("ПЕР. ЦВЕТОЧНЫИ"), "ПЕР. ЦВЕТОЧНЫЙ")

        // Seed 2577 p005 (poor consent): "мкр. Новобаидаевскии" accepted once a house number no longer held
        // the address. No Russian word form ends in "-скии" or "-цкии"; "-кии" alone does ("Евдокии").
        XCTAssertEqual(Normalizer.breveRestored("г.Новокузнецк, мкр. Новобаидаевскии, ул. Ноградская, д. 62б"),
                       "г.Новокузнецк, мкр. Новобаидаевский, ул. Ноградская, д. 62б")
        XCTAssertEqual(Normalizer.breveRestored("пр-кт Кузнецкии, д. 4"), "пр-кт Кузнецкий, д. 4")
        XCTAssertEqual(decide("child.last_name", "Вишневскии").value, "Вишневский")
        XCTAssertNil(Normalizer.breveRestored("ул. Евдокии Дашковой, д. 5"))
        XCTAssertNil(Normalizer.breveRestored("ул. Ии, д. 5"))
    }

    func testAWordKnownOnlyWithYInsideHasLostTheBreve() {
        // Seed 2539: "ул. Красноармеиская" accepted on both forms (the breve of й lost inside the word).
        let value = "г. Мариинск, ул. Красноармеиская, д. 12, кв. 4"
        let address = Validator.decide(key: "applicant.address", candidate: candidate("applicant.address", .address, value), context: ctx)
        XCTAssertEqual(address.doubt, .mayHaveLostBreve)
        XCTAssertEqual(address.value, "г. Мариинск, ул. Красноармейская, д. 12, кв. 4")
        XCTAssertEqual(address.readings?.first, value)
        XCTAssertEqual(Lexicon.shared.breveRestoredInText("ПР-КТ ЧАИКОВСКОГО"), "ПР-КТ ЧАЙКОВСКОГО")
        XCTAssertEqual(Lexicon.shared.breveRestoredInText("ул. Гаидара, ул. Маиская"), "ул. Гайдара, ул. Майская")
        // Words the dictionary spells with и between a vowel and a consonant stay as read.
        XCTAssertNil(Lexicon.shared.breveRestoredInText("ул. Строителей, ул. Воинская, ул. Героическая, д. 5"))
        XCTAssertNil(Lexicon.shared.breveRestoredInText("ул. Красноармейская, д. 5"))
        // An adjective's "-ий" read "-ии" (seed 2665 p008, a scan: "мкр. Широкии Лог" accepted); a noun's
        // case in "-ии" is a word and stays.
        XCTAssertEqual(Lexicon.shared.breveRestoredInText("г. Междуреченск, мкр. Широкии Лог, ул. Новая"),
                       "г. Междуреченск, мкр. Широкий Лог, ул. Новая")
        XCTAssertEqual(Lexicon.shared.breveRestoredInText("пос. Верхнии, ул. Синии Камень"), "пос. Верхний, ул. Синий Камень")
        XCTAssertNil(Lexicon.shared.breveRestoredInText("ул. Линии, ул. Академии, пер. Бельгии, д. 3"))
        // A hyphenated street's name, part by part (seed 2637 p026, a scan: "Сибиряков-Гвардеицев" accepted).
        XCTAssertEqual(Lexicon.shared.breveRestoredInText("мкр. Листвяги, ул. Сибиряков-Гвардеицев, д. 62"),
                       "мкр. Листвяги, ул. Сибиряков-Гвардейцев, д. 62")
        XCTAssertNil(Lexicon.shared.breveRestoredInText("ул. Сибиряков-Гвардейцев, д. 62"))
        // Every form of an adjective: an office's region (seed 2575 p015, accepted "по Алтаискому краю").
        XCTAssertEqual(Lexicon.shared.breveRestoredInText("ГУ МВД России по Алтаискому краю"), "ГУ МВД России по Алтайскому краю")
        XCTAssertEqual(Validator.decide(key: "applicant.passport_issued_by",
                                        candidate: candidate("applicant.passport_issued_by", .text, "ГУ МВД России по Алтаискому краю"),
                                        context: ctx).doubt, .mayHaveLostBreve)
        XCTAssertNotEqual(decide("child.address", "г. Кемерово, ул. Строителей, д. 5").doubt, .mayHaveLostBreve)
    }

    func testAnOfficeNameOfClosedListsNeedsLessOfTheReadingsConfidence() {
        // Seed 2583 p028 (scan consent): every word of the offices' vocabulary or the region's towns, the
        // town's name read 0.66 sure: held for confidence alone, right.
        func office(_ value: String, mean: Double, min: Double) -> FieldResult {
            var c = candidate("applicant.passport_issued_by", .text, value, confidence: mean)
            c.minConfidence = min
            return Validator.decide(key: "applicant.passport_issued_by", candidate: c, context: ctx)
        }
        let kiselyovsk = "ТП УФМС России по Кемеровской области в г. Киселёвске"
        XCTAssertTrue(Normalizer.officeInClosedVocabulary(kiselyovsk))
        XCTAssertEqual(office(kiselyovsk, mean: 0.93, min: 0.66).status, .ok)
        XCTAssertEqual(office("Отделом УФМС России по Кемеровской обл. в Ленинском р-не г. Кемерово", mean: 0.88, min: 0.6).status, .ok)
        // Very unsure somewhere, or unsure on the whole: a person looks.
        XCTAssertEqual(office(kiselyovsk, mean: 0.93, min: 0.4).doubt, .lowConfidence)
        XCTAssertEqual(office(kiselyovsk, mean: 0.8, min: 0.7).doubt, .lowConfidence)
        // A town of another region is no closed list: the bar stays where it was.
        let omsk = "ГУ МВД России по Новосибирской области"
        XCTAssertFalse(Normalizer.officeInClosedVocabulary(omsk))
        XCTAssertEqual(office(omsk, mean: 0.93, min: 0.66).doubt, .lowConfidence)
        XCTAssertEqual(office(omsk, mean: 0.95, min: 0.8).status, .ok)
        // Words of the lists that name no office: the vocabulary alone does not make one.
        XCTAssertEqual(office("по Кемеровской области", mean: 0.93, min: 0.66).doubt, .notAPassportOffice)
    }

    func testANameThatIsAWordOfTheAddressOnThePageIsDoubted() {
        // Seed 2205: a poor consent's child surname cut from the address line below the name.
        var fields: [String: FieldResult] = [
            "child.last_name": FieldResult(value: "Кемеровская", status: .ok, confidence: 0.9),
            "child.first_name": FieldResult(value: "Камила", status: .ok, confidence: 0.9),
            "child.address": FieldResult(value: "Кемеровская обл. - Кузбасс, г. Кемерово, ул. Ноградская, д. 112", status: .ok),
        ]
        Validator.doubtNamesCutFromAddresses(&fields)
        XCTAssertEqual(fields["child.last_name"]?.doubt, .extraction)
        XCTAssertEqual(fields["child.first_name"]?.status, .ok)
    }

    func testASurnameWhoseFirstNameDidNotReadIsDoubted() {
        // Seed 2573 p025 (poor application): "Гай (ук Роман Сгепанович" cut "Гай" as the surname and
        // nothing after it; "Гай" was accepted for "Гайдук".
        var fields: [String: FieldResult] = [
            "child.last_name": FieldResult(value: "Гай", status: .ok, confidence: 0.97),
            "child.first_name": FieldResult(value: nil, status: .missing, confidence: 0),
            "applicant.last_name": FieldResult(value: "Гайдук", status: .ok, confidence: 0.95),
            "applicant.first_name": FieldResult(value: "Валентина", status: .ok, confidence: 0.95),
        ]
        Validator.doubtSurnamesWithoutGivenName(&fields)
        XCTAssertEqual(fields["child.last_name"]?.status, .review)
        XCTAssertEqual(fields["child.last_name"]?.doubt, .surnameMayBeCut)
        XCTAssertTrue(Doubt.surnameMayBeCut.liftedByOtherForm && Doubt.surnameMayBeCut.liftedByRegistry)
        XCTAssertEqual(fields["applicant.last_name"]?.status, .ok, "a first name read after the surname: nothing cut")
        // A page that prints no first name for the person is no evidence.
        var alone: [String: FieldResult] = ["child.last_name": FieldResult(value: "Гай", status: .ok, confidence: 0.97)]
        Validator.doubtSurnamesWithoutGivenName(&alone)
        XCTAssertEqual(alone["child.last_name"]?.status, .ok)
    }

    func testASurnameWhoseFirstNameAndPatronymicReadBrokenIsDoubted() {
        // s2769 p026 (a poor consent, first contact): "Ибрагимов Айги Му" for Ибрагимова Айгюн Мурадовна.
        func review(_ v: String, _ d: Doubt) -> FieldResult {
            var f = FieldResult(value: v, status: .review, confidence: 0.5)
            f.doubt = d
            return f
        }
        var fields: [String: FieldResult] = [
            "applicant.last_name": FieldResult(value: "Ибрагимов", status: .ok, confidence: 0.93),
            "applicant.first_name": review("Айги", .lowConfidence),
            "applicant.middle_name": review("Му", .patronymicEnding),
        ]
        Validator.doubtSurnamesWithoutGivenName(&fields)
        XCTAssertEqual(fields["applicant.last_name"]?.doubt, .surnameMayBeCut)
        // A rare given name in doubt beside a patronymic with its ending (Манижа Фаридуновна) breaks nothing.
        fields = ["applicant.last_name": FieldResult(value: "Кодирова", status: .ok, confidence: 0.93),
                  "applicant.first_name": review("Манижа", .notInNameLexicon),
                  "applicant.middle_name": review("Фаридуновна", .notInNameLexicon)]
        Validator.doubtSurnamesWithoutGivenName(&fields)
        XCTAssertEqual(fields["applicant.last_name"]?.status, .ok)
        // A known first name in doubt for its sureness alone: the line did not break there.
        fields = ["applicant.last_name": FieldResult(value: "Иванова", status: .ok, confidence: 0.93),
                  "applicant.first_name": review("Анна", .lowConfidence),
                  "applicant.middle_name": review("Пе", .patronymicEnding)]
        Validator.doubtSurnamesWithoutGivenName(&fields)
        XCTAssertEqual(fields["applicant.last_name"]?.status, .ok)
    }

    func testTwoAddressesOfAPageOneConfusableDigitApartAreBothDoubted() {
        // Seed 2581 p017 (scan consent): the applicant's "стр. 5" accepted, the child's "стр. 3" read.
        let printed = "Кемеровская область-Кузбасс, г. Осинники, ул. Гагарина, д. 7/2, стр. 3, кв. 112"
        var fields: [String: FieldResult] = [
            "applicant.address": FieldResult(value: printed.replacingOccurrences(of: "стр. 3", with: "стр. 5"), status: .ok, confidence: 0.96),
            "child.address": FieldResult(value: printed, status: .review, confidence: 0.8),
        ]
        Validator.doubtAddressesOneDigitApart(&fields)
        XCTAssertEqual(fields["applicant.address"]?.status, .review)
        XCTAssertEqual(fields["applicant.address"]?.doubt, .addressPart)
        // The same address twice, or two addresses apart by more than a digit the models confuse: nothing to say.
        var same: [String: FieldResult] = ["applicant.address": FieldResult(value: printed, status: .ok),
                                           "child.address": FieldResult(value: printed, status: .ok)]
        Validator.doubtAddressesOneDigitApart(&same)
        XCTAssertEqual(same["applicant.address"]?.status, .ok)
        var flats: [String: FieldResult] = ["applicant.address": FieldResult(value: printed, status: .ok),
                                            "child.address": FieldResult(value: printed.replacingOccurrences(of: "кв. 112", with: "кв. 102"), status: .ok)]
        Validator.doubtAddressesOneDigitApart(&flats)
        XCTAssertEqual(flats["child.address"]?.status, .ok, "1 and 0 are no pair the models confuse")
    }

    func testASurnameReadsLikeAGivenNameOnlyWhenItIsACommonOne() {
        // A value cut from the wrong place of the full name: a common given name or a patronymic.
        XCTAssertEqual(decide("child.last_name", "Наталья").doubt, .surnameLikeGivenName)
        XCTAssertEqual(decide("applicant.last_name", "Петровна").doubt, .surnameLikeGivenName)
        // A patronymic formed from a given name of another people (seed 2201: "Маратовна" cut into the surname).
        XCTAssertEqual(decide("applicant.last_name", "Маратовна").doubt, .surnameLikeGivenName)
        // OpenCorpora lists surnames of other peoples among given names too (seed 2201: "Вагнер").
        XCTAssertNotEqual(decide("child.last_name", "Вагнер").doubt, .surnameLikeGivenName)
    }

    func testASurnameThatIsAWordOfTheFormsPrintedTextIsDoubted() {
        // Seed 2557 p002 (poor consent): "Данных" from "на обработку персональных данных" accepted
        // as the child's surname; "-ых" is a real surname ending (Седых, Черных), so only the form's
        // own text tells it apart.
        let r = decide("child.last_name", "Данных")
        XCTAssertEqual(r.status, .review)
        XCTAssertEqual(r.doubt, .formWordAsName)
        XCTAssertFalse(Doubt.formWordAsName.liftedByOtherForm, "both forms print the same prose")
        XCTAssertTrue(Doubt.formWordAsName.liftedByRegistry)
        XCTAssertEqual(decide("applicant.last_name", "ПРЕДСТАВИТЕЛЕМ").doubt, .formWordAsName)
        // Real surnames of that ending and surnames the lexicon knows are not the form's words.
        XCTAssertNotEqual(decide("child.last_name", "Седых").doubt, .formWordAsName)
        XCTAssertNotEqual(decide("child.last_name", "Черных").doubt, .formWordAsName)
        XCTAssertFalse(Validator.formWords.contains("ИВАНОВ"))
        for word in Validator.formWords where NameLexicon.shared.knownSurname(word.capitalized) {
            XCTAssertNotEqual(decide("child.last_name", word.capitalized).doubt, .formWordAsName, word)
        }
    }

    func testNamesOfTheRegionsPeoplesAreInTheLexicon() {
        let names = NameLexicon.shared
        for given in ["Гульнара", "Айгерим", "Ашот", "Бахтиёр", "Ринат", "Нурлан", "Андреас", "Ирма"] {
            XCTAssertTrue(names.knownGivenName(given), given)
        }
        for surname in ["Акопян", "Шмидт", "Шевченко", "Галиев", "Рахимова", "Кузнецова"] {
            XCTAssertTrue(names.knownSurname(surname), surname)
        }
        XCTAssertFalse(names.knownGivenName("Гульнапа"), "a misreading is not a name")
    }

    func testPatronymicsFormedFromAKnownNameArePlausible() {
        let names = NameLexicon(givenNames: ["Ринат", "Андрей", "Юрий", "Илья", "Игорь", "Ильхам"], surnames: [], patronymics: [])
        for p in ["Ринатович", "Ринатовна", "Андреевич", "Юрьевна", "Ильинична", "Ильич", "Игоревна", "Ильхамовна"] {
            XCTAssertTrue(names.knownPatronymic(p), p)
        }
        XCTAssertFalse(names.knownPatronymic("Рипатович"), "formed from no known name")
    }

    func testAFathersNameOutsideTheLexiconIsLiftedByTheChildsPatronymicFormedFromIt() {
        // Seed 2205: "Сафаров Фаридун" applying for "Фаридунович": neither word is in the lexicon.
        func fields(_ given: String, _ patronymic: String, confidence: Double = 0.95) -> [String: FieldResult] {
            ["applicant.first_name": decide("applicant.first_name", given, confidence: confidence),
             "child.middle_name": decide("child.middle_name", patronymic, confidence: confidence)]
        }
        var f = fields("Фаридун", "Фаридунович")
        XCTAssertEqual(f["applicant.first_name"]?.doubt, .notInNameLexicon)
        Validator.liftNamesByFamily(&f)
        XCTAssertEqual(f["applicant.first_name"]?.status, .ok)
        XCTAssertEqual(f["child.middle_name"]?.status, .ok)
        // A patronymic not formed from the applicant's name (the mother applied) is no evidence.
        var mother = fields("Парвина", "Сухробович")
        Validator.liftNamesByFamily(&mother)
        XCTAssertEqual(mother["applicant.first_name"]?.doubt, .notInNameLexicon)
        XCTAssertEqual(mother["child.middle_name"]?.doubt, .notInNameLexicon)
        // Unsure readings keep their own doubt.
        var unsure = fields("Фаридун", "Фаридунович", confidence: 0.7)
        Validator.liftNamesByFamily(&unsure)
        XCTAssertEqual(unsure["applicant.first_name"]?.doubt, .lowConfidence)
    }

    func testAZoneThatGaveNoSecondReadingLeavesTheValueInDoubt() {
        // Seed 2403: a phone misread 640 -> 649 on one reading at 0.96; its zone's re-read gave nothing.
        var c = candidate("applicant.phone", .phone, "+79096495882", confidence: 0.96)
        XCTAssertEqual(Validator.decide(key: "applicant.phone", candidate: c, context: ctx).status, .ok,
                       "no zone reader (recorded OCR): one confident reading stands")
        c.rereadEmpty = true
        let r = Validator.decide(key: "applicant.phone", candidate: c, context: ctx)
        XCTAssertEqual(r.doubt, .singleReading)
    }

    func testSurnameEndingsOfTheRegionsPeoples() {
        for s in ["Акопян", "Шевченко", "Ковальчук", "Тодышев", "Миллер", "Гофман", "Шмидт", "Лукашевич", "Жумабаева"] {
            XCTAssertTrue(NameLexicon.plausibleSurnameEnding(s), s)
        }
        XCTAssertFalse(NameLexicon.plausibleSurnameEnding("Ааидеева"), "doubled first letter: misread")
        XCTAssertFalse(NameLexicon.plausibleSurnameEnding("Ивановп"))
    }

    func testAbsenceFromTheLexiconIsAWeakDoubtNeverAVeto() {
        // A confident reading of a name outside the lexicon: review with the weak code, not rejected.
        let r = decide("child.first_name", "Севиндж")
        XCTAssertEqual(r.status, .review)
        XCTAssertEqual(r.doubt, .notInNameLexicon)
        XCTAssertEqual(r.value, "Севиндж", "never changed onto a list entry")
        // A known name of another people is accepted on its own.
        XCTAssertEqual(decide("child.first_name", "Гульнара").status, .ok)
        XCTAssertEqual(decide("applicant.middle_name", "Ринатовна").status, .ok)
        // Low confidence is decided before the lexicon.
        XCTAssertEqual(decide("child.first_name", "Гульнара", confidence: 0.6).doubt, .lowConfidence)
    }

    func testTheOtherFormLiftsALexiconDoubtOnlyWhenBothReadingsAreConfident() {
        func page(_ form: FormKind, _ f: FieldResult) -> PageResult {
            PageResult(source: "t", page: 1, form: form, fields: ["applicant.first_name": f], engine: EngineInfo(tesseract: "", models: [:]))
        }
        let confident = decide("applicant.first_name", "Севиндж", confidence: 0.95)
        var a = page(.application, confident), c = page(.consent, confident)
        CrossForm.reconcile(application: &a, consent: &c)
        XCTAssertEqual(a.fields["applicant.first_name"]?.status, .ok)
        XCTAssertEqual(c.fields["applicant.first_name"]?.status, .ok)

        // Seed 2401: "Динаровна" read 0.92 and 0.90 on the two forms is lifted at the lexicon doubt's gate.
        var fair = decide("applicant.first_name", "Севиндж", confidence: 0.95)
        fair.confidence = 0.86
        a = page(.application, fair); c = page(.consent, confident)
        CrossForm.reconcile(application: &a, consent: &c)
        XCTAssertEqual(a.fields["applicant.first_name"]?.status, .ok)

        var unsure = decide("applicant.first_name", "Севиндж", confidence: 0.95)
        unsure.confidence = 0.8
        a = page(.application, unsure); c = page(.consent, confident)
        CrossForm.reconcile(application: &a, consent: &c)
        XCTAssertEqual(a.fields["applicant.first_name"]?.status, .review, "one unsure reading: no lift")

        // A possibly lost ё is never lifted by agreement: one printer, one misreading.
        let yo = decide("applicant.first_name", "Алена")
        XCTAssertEqual(yo.doubt, .mayHaveLostYo)
        a = page(.application, yo); c = page(.consent, yo)
        CrossForm.reconcile(application: &a, consent: &c)
        XCTAssertEqual(a.fields["applicant.first_name"]?.status, .review)
    }

    func testASpellingWithoutDotsAcceptedOnOneFormNeverReplacesTheOtherFormsReadingWithThem() {
        // Seed 2201: "Семёнова" read with its dots (low confidence) on the application and
        // "Семенова" accepted on the consent; the dots are lost in a scan, never added.
        func page(_ form: FormKind, _ f: FieldResult) -> PageResult {
            PageResult(source: "t", page: 1, form: form, fields: ["applicant.last_name": f], engine: EngineInfo(tesseract: "", models: [:]))
        }
        var dotted = FieldResult(value: "Семёнова", status: .review, confidence: 0.79, reason: "low recognition confidence")
        dotted.doubt = .lowConfidence
        let plain = FieldResult(value: "Семенова", status: .ok, confidence: 0.94)
        var a = page(.application, dotted), c = page(.consent, plain)
        CrossForm.reconcile(application: &a, consent: &c)
        for p in [a, c] {
            XCTAssertEqual(p.fields["applicant.last_name"]?.value, "Семёнова")
            XCTAssertEqual(p.fields["applicant.last_name"]?.doubt, .yoOnOneForm)
        }
        // Accepted with its dots on one form, doubted without them on the other: the dotted spelling stands.
        var lost = FieldResult(value: "Семенова", status: .review, confidence: 0.9, reason: "may be spelt with ё")
        lost.doubt = .mayHaveLostYo
        let accepted = FieldResult(value: "Семёнова", status: .ok, confidence: 0.95)
        a = page(.application, lost); c = page(.consent, accepted)
        CrossForm.reconcile(application: &a, consent: &c)
        XCTAssertEqual(a.fields["applicant.last_name"]?.value, "Семёнова")
        XCTAssertEqual(a.fields["applicant.last_name"]?.status, .ok)
        XCTAssertEqual(c.fields["applicant.last_name"]?.status, .ok)
        // Seed 2579 p014 (scan): read with its dots but hardly sure on one form, doubted for lost dots
        // only on the other: the prints' letters agree and the dotted one shows them.
        var unsure = FieldResult(value: "Бахтиёровна", status: .review, confidence: 0.8, reason: "low recognition confidence")
        unsure.doubt = .lowConfidence
        var undotted = FieldResult(value: "Бахтиеровна", status: .review, confidence: 0.93, reason: "may be spelt with ё")
        undotted.doubt = .mayHaveLostYo
        a = page(.application, unsure); c = page(.consent, undotted)
        CrossForm.reconcile(application: &a, consent: &c)
        for p in [a, c] {
            XCTAssertEqual(p.fields["applicant.last_name"]?.value, "Бахтиёровна")
            XCTAssertEqual(p.fields["applicant.last_name"]?.status, .ok)
        }
        // A doubt of the dotted reading the other form cannot lift stays, and so does the ё question.
        var misread = unsure
        misread.doubt = .nearKnownName
        a = page(.application, misread); c = page(.consent, undotted)
        CrossForm.reconcile(application: &a, consent: &c)
        XCTAssertEqual(a.fields["applicant.last_name"]?.doubt, .yoOnOneForm)
    }

    func testDoubtCodesDecideWhatAgreementLifts() {
        XCTAssertTrue(Doubt.lowConfidence.liftedByOtherForm)
        XCTAssertTrue(Doubt.notInNameLexicon.liftedByOtherForm)
        for d in [Doubt.format, .mayHaveLostYo, .lookAlikeRepaired, .punctuation, .addressPart, .futureDate] {
            XCTAssertFalse(d.liftedByOtherForm, d.rawValue)
        }
        XCTAssertTrue(Doubt.notInNameLexicon.liftedByRegistry)
        XCTAssertTrue(Doubt.mayHaveLostYo.liftedByRegistry, "the print is pre-filled from the record the entry was made from")
        XCTAssertFalse(Doubt.format.liftedByRegistry)
    }

    // MARK: field roles from the template schema

    func testFieldRolesComeFromTheTemplates() {
        XCTAssertEqual(FieldRoles.role("child.last_name")?.critical, true)
        XCTAssertEqual(FieldRoles.role("child.last_name")?.shared, true, "printed on both forms")
        XCTAssertEqual(FieldRoles.role("child.last_name")?.kind, .name)
        XCTAssertEqual(FieldRoles.role("registry_number")?.required, true)
        for key in ["applicant.phone", "applicant.email", "applicant.passport_number", "child.address", "applicant.passport_issued_by"] {
            XCTAssertEqual(FieldRoles.role(key)?.critical, false, key)
        }
        XCTAssertEqual(FieldRoles.role("applicant.passport_series")?.kind, .passportSeries)
        XCTAssertTrue(FieldRoles.isCritical("no.such.key"), "an unknown key holds the packet back")
    }

    // MARK: the registry as evidence

    let entry = PacketRules.RegistryChild(lastName: "Акопян", firstName: "Ануш", middleName: "Арменовна", birthDate: "2015-04-02")
    let paper = ["child.last_name": "Акопян", "child.first_name": "Ануш", "child.middle_name": "Арменовна",
                 "child.birth_date": "2015-04-02", "registry_number": "4201123456"]

    func testExactAgreementWithTheRegistryVerifiesTheChildAndTheNumber() {
        let v = PacketRules.verifiedByRegistry(application: paper, entry: entry)
        XCTAssertEqual(v, ["child.last_name", "child.first_name", "child.middle_name", "child.birth_date", "registry_number"])
        XCTAssertEqual(PacketRules.verifiedByRegistry(application: paper, entry: nil), [])
    }

    func testADisagreementVerifiesNothingOfThatFieldNorTheNumber() {
        var other = paper
        other["child.birth_date"] = "2015-04-03"
        let v = PacketRules.verifiedByRegistry(application: other, entry: entry)
        XCTAssertFalse(v.contains("child.birth_date"))
        XCTAssertFalse(v.contains("registry_number"), "an entry whose birth date differs never verifies the number")
        var yo = paper
        yo["child.first_name"] = "Ануш"
        let yoEntry = PacketRules.RegistryChild(lastName: "Королёва", firstName: "Ануш", middleName: nil, birthDate: "2015-04-02")
        yo["child.last_name"] = "Королева"
        yo["child.middle_name"] = nil
        let w = PacketRules.verifiedByRegistry(application: yo, entry: yoEntry)
        XCTAssertFalse(w.contains("child.last_name"), "е for ё is not an exact agreement")
        XCTAssertTrue(w.contains("child.middle_name"), "no patronymic on paper or in the registry")
    }

    func testANameMisreadOnOnePrintIsSettledWhenTheOtherReadsItAsTheRegistryDoes() {
        let entry = PacketRules.RegistryChild(lastName: "Шевченко", firstName: "Дарья", middleName: "Дмитриевна", birthDate: "2016-04-13")
        let app = ["child.last_name": "Шевченко", "child.first_name": "Дарья", "child.middle_name": "Дмитриевна",
                   "child.birth_date": "2016-04-13", "registry_number": "4201123456", "application_number": "213342"]
        func settled(_ a: [String: String], _ c: [String: String], _ e: PacketRules.RegistryChild? = nil) -> Set<String> {
            PacketRules.crossFormSettledByRegistry(application: a, consents: [c], entry: e ?? entry)
        }
        // Seed 2729 p002 (a scan, first contact): the entry's spelling on the application, "Гевченко" on the consent.
        var consent = app
        consent["child.last_name"] = "Гевченко"
        XCTAssertEqual(settled(app, consent), ["child.last_name"])
        // Seed 2729 p001 (a scan, first contact): the application's print misread, the consent's as the entry.
        var lost = app
        lost["child.middle_name"] = "митриевна"
        XCTAssertEqual(settled(lost, app), ["child.middle_name"])
        // Neither print read as the entry: nothing tells which is misread.
        var both = lost
        both["child.last_name"] = "Шевчснко"
        XCTAssertEqual(settled(both, consent), [])
        // Three letters apart: another child's name, not a misreading.
        var another = app
        another["child.first_name"] = "Дина"
        XCTAssertEqual(settled(app, another), [])
        // A consent naming another application: the forms may not belong together.
        var otherNumber = consent
        otherNumber["application_number"] = "713342"
        XCTAssertEqual(settled(app, otherNumber), [])
        // The entry's birth date differs from the paper: the number is not verified, nothing is settled.
        let older = PacketRules.RegistryChild(lastName: "Шевченко", firstName: "Дарья", middleName: "Дмитриевна", birthDate: "2016-04-18")
        XCTAssertEqual(settled(app, consent, older), [])
        XCTAssertEqual(settled(lost, app, older), [])
        // Agreeing forms, or no entry: nothing to settle.
        XCTAssertEqual(settled(app, app), [])
        XCTAssertEqual(PacketRules.crossFormSettledByRegistry(application: app, consents: [consent], entry: nil), [])
    }

    func testASelfApplicantIsVerifiedWithTheChildOnly() {
        // Seed 2507 p016: a child of 15 applying in her own name, "Аббасова Ульвия Эльчиновна" on both lines.
        var own = paper
        own["applicant.last_name"] = "Акопян"; own["applicant.first_name"] = "Ануш"; own["applicant.middle_name"] = "Арменовна"
        let v = PacketRules.verifiedByRegistry(application: own, entry: entry)
        XCTAssertTrue(v.isSuperset(of: ["applicant.last_name", "applicant.first_name", "applicant.middle_name"]))
        // A parent who shares the first name only is not the child: the surname is verified, the rest not.
        var mother = own
        mother["applicant.middle_name"] = "Ашотовна"
        let m = PacketRules.verifiedByRegistry(application: mother, entry: entry)
        XCTAssertTrue(m.contains("applicant.last_name"))
        XCTAssertFalse(m.contains("applicant.first_name"))
        XCTAssertFalse(m.contains("applicant.middle_name"))
        // The child's name read otherwise than the entry: nothing of the applicant's name either.
        own["child.first_name"] = "Анущ"; own["applicant.first_name"] = "Анущ"
        XCTAssertFalse(PacketRules.verifiedByRegistry(application: own, entry: entry).contains("applicant.first_name"))
    }

    func testOnlyCriticalDoubtsHoldBackActivation() {
        let fields = [
            PacketRules.Field(key: "applicant.phone", value: "+79131234567", status: .review, doubt: .readingsDiffer),
            PacketRules.Field(key: "child.first_name", value: "Ануш", status: .review, doubt: .notInNameLexicon),
            PacketRules.Field(key: "child.last_name", value: "Акопян", status: .ok, doubt: nil),
            PacketRules.Field(key: "applicant.first_name", value: "Севиндж", status: .review, doubt: .notInNameLexicon),
        ]
        let verified = PacketRules.verifiedByRegistry(application: paper, entry: entry)
        XCTAssertEqual(PacketRules.blockingKeys(fields, verified: verified), ["applicant.first_name"],
                       "the child's name is verified by the registry; the applicant's is not in it")
        XCTAssertEqual(PacketRules.unverifiedKeys(fields, verified: verified), ["applicant.phone"])
        // A doubt the registry does not lift stays, verified or not.
        let malformed = [PacketRules.Field(key: "child.first_name", value: "Ануш", status: .review, doubt: .format)]
        XCTAssertEqual(PacketRules.blockingKeys(malformed, verified: verified), ["child.first_name"])
        // A surname that may have lost its ё: the entry spelt the same, without ё, lifts the doubt; an entry
        // spelt with ё does not agree with the reading, and the doubt stays.
        let yo = [PacketRules.Field(key: "child.last_name", value: "Акопян", status: .review, doubt: .mayHaveLostYo)]
        XCTAssertEqual(PacketRules.blockingKeys(yo, verified: verified), [])
        var dotted = entry
        dotted.lastName = "Акопён"
        var read = paper
        read["child.last_name"] = "Акопен"
        let differs = [PacketRules.Field(key: "child.last_name", value: "Акопен", status: .review, doubt: .mayHaveLostYo)]
        XCTAssertEqual(PacketRules.blockingKeys(differs, verified: PacketRules.verifiedByRegistry(application: read, entry: dotted)),
                       ["child.last_name"])
    }
}

/// Signature detection on measured zones: a fake page whose grey levels are given as a histogram.
final class SignatureEvidenceTests: XCTestCase {
    struct Page: ZoneReader {
        var binaryInk: Double
        /// (grey level, share of the zone's pixels)
        var grey: [(Int, Double)]
        func read(zone: Box, kind: ZoneKind) -> [OCRLine] { [] }
        func inkCoverage(zone: Box) -> Double { binaryInk }
        func greyInk(zone: Box, threshold: Int) -> Double { grey.filter { $0.0 < threshold }.map(\.1).reduce(0, +) }
    }
    let zone = Box(x: 800, y: 3000, width: 700, height: 105)

    func testAnEmptyLineIsMissingOnCleanAndOnNoisyPaper() {
        XCTAssertEqual(SignatureEvidence.signed(zone: zone, lineHeight: 35, zones: Page(binaryInk: 0.001, grey: [(250, 1)])), false)
        let noisy = (0..<30).map { (200 + $0, 1.0 / 30) }
        XCTAssertEqual(SignatureEvidence.signed(zone: zone, lineHeight: 35, zones: Page(binaryInk: 0.002, grey: noisy)), false)
    }

    func testScribblesInitialsAndStampsLeaveInk() {
        XCTAssertEqual(SignatureEvidence.signed(zone: zone, lineHeight: 35, zones: Page(binaryInk: 0.03, grey: [(60, 0.03), (250, 0.97)])), true)
        XCTAssertEqual(SignatureEvidence.signed(zone: zone, lineHeight: 35, zones: Page(binaryInk: 0.008, grey: [(60, 0.008), (250, 0.992)])), true)
    }

    func testAFaintPenLostInBinarisationIsFoundOnTheGreyPage() {
        let faint = Page(binaryInk: 0.0005, grey: [(190, 0.025), (238, 0.975)])
        XCTAssertEqual(SignatureEvidence.signed(zone: zone, lineHeight: 35, zones: faint), true)
        XCTAssertEqual(SignatureEvidence.paperLevel(zone, faint).map { abs($0 - 238) <= 2 }, true)
    }
}

/// Whether a page keeps marks as small as ё's dots, from the breves of the form's own printed й.
final class PrintMarksSurviveTests: XCTestCase {
    /// Every word's x-height starts 8 px below its box top; `mark` is the ink of the band above it.
    struct Page: ZoneReader {
        var mark: Double
        func read(zone: Box, kind: ZoneKind) -> [OCRLine] { [] }
        func inkCoverage(zone: Box) -> Double { 0 }
        func greyInk(zone: Box, threshold: Int) -> Double {
            let y = zone.y % 100
            return y >= 8 && y < 30 ? 0.5 : (y >= 92 && y < 95 ? mark : 0)
        }
    }

    func stream(_ texts: [String]) -> PageStream {
        PageStream(tokens: texts.enumerated().map { i, t in
            Token(word: OCRWord(text: t, confidence: 0.95, box: Box(x: 100, y: 100 * (i + 1), width: 22 * t.count, height: 30)), row: i, isCaption: false)
        })
    }

    func testBrevesSeenOnThreeWordsSayTheMarksSurvive() {
        let words = stream(["Кемеровской", "реестровой", "предусмотренный", "Тодышев"])
        XCTAssertTrue(Extractor.printMarksSurvive(stream: words, zones: Page(mark: 0.05)))
        XCTAssertFalse(Extractor.printMarksSurvive(stream: words, zones: Page(mark: 0)), "breves erased by the scan")
        XCTAssertFalse(Extractor.printMarksSurvive(stream: stream(["Кемеровской", "реестровой"]), zones: Page(mark: 0.05)),
                       "two words are too few to tell")
    }
}
