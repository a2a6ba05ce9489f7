import XCTest
@testable import Extraction
import IntakeModel

/// Address evidence from the words alone: a part cut off at the start or a misread word.
final class AddressEvidenceTests: XCTestCase {
    let ctx = ValidationContext(today: SimpleDate(year: 2026, month: 11, day: 23)!, signingDate: nil,
                                selfApplication: false, categories: [], pageConfidence: 0.95)

    func testAddressesOfEveryPrintedStyleRaiseNoWordDoubt() {
        for a in ["Кемеровская область - Кузбасс, г. Кемерово, ул. Ленина, д. 45, кв. 16",
                  "650070, Кемеровская обл., г.Кемерово, пр-кт Октябрьский, дом 12а, корп. 2, кв. 7",
                  "Кемеровская область-Кузбасс, Промышленновский муниципальный округ, пгт Промышленная, ул. 40 лет Победы, д. 3",
                  "Кемеровская обл. - Кузбасс, г. Новокузнецк, мкр. Абагур-Лесной, д. 9/2",
                  "652988, с. Усть-Кабырза, пер. Школьный, д. 4, стр. 1",
                  "г. Междуреченск, Кузнецкое ш., д. 14, кв. 240",
                  "Кемеровская область, рп Итатский, б-р Строителей, д. 8",
                  "г. Юрга, ул. им. Ленина, д. 12 а, кв. 3"] {
            XCTAssertNil(Normalizer.addressWordsDoubt(a), a)
        }
    }

    func testASemicolonOrColonInAnAddressIsAMisreadMark() {
        // Seed 2739 p019 (a scan): "652870; Кемеровская обл., ..." read so on both forms; p009: "дом 106:4" for 106/4.
        XCTAssertFalse(Normalizer.addressLooksPrinted("652870; Кемеровская обл., г. Междуреченск, пр-кт Шахтёров, дом 58"))
        XCTAssertFalse(Normalizer.addressLooksPrinted("652813, Кемеровская область, г. Осинники, ул. Карла Маркса, д. 106:4, кв. 61"))
        XCTAssertTrue(Normalizer.addressLooksPrinted("652870, Кемеровская обл., г. Междуреченск, пр-кт Шахтёров, дом 58"))
    }

    func testAPlacesMarkFollowedByANumberIsDoubted() {
        // Seed 2649 p009 (poor consent): "Кемеровская область, г. 177" accepted.
        XCTAssertNotNil(Normalizer.addressDoubt("Кемеровская область, г. 177"))
        XCTAssertNotNil(Normalizer.addressDoubt("г. Кемерово, ул. 12, д. 5"))
        XCTAssertNil(Normalizer.addressDoubt("г. Кемерово, ул. 40 лет Октября, д. 5"), "a street named from a number and words")
        XCTAssertNil(Normalizer.addressDoubt("г. Кемерово, ул. Ленина, д. 5, кв. 177"))
    }

    func testAnAddressCutAtALineIsDoubted() {
        // s2773 p006 (a scan consent, first contact): the flat's number on a line not read, accepted.
        XCTAssertNotNil(Normalizer.addressCutAtALine("Кемеровская обл., г. Прокопьевск, ул. Октябрьская, д. 73, стр. 1, кв."))
        XCTAssertNotNil(Normalizer.addressCutAtALine("г. Кемерово, ул. Ленина, д."))
        // s2773 p002: the region's and the district's names on the line before, accepted.
        XCTAssertNotNil(Normalizer.addressCutAtALine("муниципальный округ, п. Плотниково, Кузнецкое ш., дом 152"))
        XCTAssertNotNil(Normalizer.addressCutAtALine("обл., г. Кемерово, ул. Ленина, д. 5"))
        XCTAssertNotNil(Normalizer.addressCutAtALine("район, с. Лебеди, ул. Новая, д. 145"))
        // Kinds written after the name, kinds written out in full, abbreviations opening an address.
        for a in ["г. Кемерово, Кузнецкое ш.", "г. Кемерово, Тупиковый пер.", "Кемеровская обл., Промышленновский р-н",
                  "город Кемерово, улица Новая, дом 5", "улица Новая, д. 5", "мкрн Радуга, д. 5", "пгт Яя, ул. Юбилейная, д. 3",
                  "г.Кемерово, ул. Металлургов, д. 67, кв. 53", "рабочий поселок Итатский, ул. Новая, д. 1",
                  "Кемеровская область - Кузбасс, Промышленновский муниципальный округ, п. Плотниково, Кузнецкое ш., дом 152"] {
            XCTAssertNil(Normalizer.addressCutAtALine(a), a)
        }
    }

    func testACutOffStartIsDoubted() {
        // "Кемеровская о" lost at the cut: the rest of the word is no address word.
        XCTAssertNotNil(Normalizer.addressWordsDoubt("бласть - Кузбасс, г. Кемерово, ул. Ленина, д. 45"))
        XCTAssertNotNil(Normalizer.addressWordsDoubt("ровская область - Кузбасс, г. Белово, ул. Мира, д. 3"))
    }

    func testTheWordAfterTheRegionsDashMustBeKuzbass() {
        // Seed 2699 p007 (clean, first contact): "Кузбаее" accepted, с read е twice.
        XCTAssertNotNil(Normalizer.addressWordsDoubt("Кемеровская область - Кузбаее, Кемеровский муниципальный округ, с. Ягуново, пер. Почтовый, дом 52"))
        XCTAssertNotNil(Normalizer.addressWordsDoubt("Кемеровская область-Кузбаее, г. Кемерово, ул. Ленина, д. 45"))
        XCTAssertNotNil(Normalizer.addressWordsDoubt("Кемеровская обл. -Кузбаcс, г. Кемерово, ул. Ленина, д. 45"))
        for a in ["Кемеровская область – Кузбасс, г. Кемерово, ул. Ленина, д. 45", "Кемеровская обл.-Кузбасс, г. Белово, ул. Мира, д. 3",
                  "Кемеровская область -Кузбасс, г. Белово, ул. Мира, д. 3", "Кемеровская область, г. Белово, ул. Мира, д. 3"] {
            XCTAssertNil(Normalizer.addressWordsDoubt(a), a)
        }
    }

    func testARegionWithoutItsNameIsDoubted() {
        XCTAssertNotNil(Normalizer.addressWordsDoubt("область - Кузбасс, г. Кемерово, ул. Ленина, д. 45"))
        XCTAssertNotNil(Normalizer.addressWordsDoubt("650070, обл., г. Кемерово, ул. Ленина, д. 45"))
    }

    func testARegionNameThatNamesNoOblastIsDoubted() {
        // Seed 2545 p020 (clean): "Кемеровекая обл." accepted, с read as е.
        XCTAssertNotNil(Normalizer.addressWordsDoubt("654025, Кемеровекая обл., г. Новокузнецк, ул. Новая, д. 20в, кв. 155"))
        XCTAssertNotNil(Normalizer.addressWordsDoubt("Кемеровсная область - Кузбасс, г. Белово, ул. Мира, д. 3"))
        for a in ["654025, Кемеровская обл., г. Новокузнецк, ул. Новая, д. 20в, кв. 155",
                  "Кемеровская область-Кузбасс, г. Кемерово, ул. Ленина, д. 45",
                  "Новосибирская обл., с. Легостаево, ул. Ленина, д. 4"] {
            XCTAssertNil(Normalizer.addressWordsDoubt(a), a)
        }
    }

    func testAMisreadLowerCaseWordIsDoubted() {
        XCTAssertNotNil(Normalizer.addressWordsDoubt("Кемеровская область - Кузбасс, г. Кемерово, уп Ленина, д. 45"))
        XCTAssertNotNil(Normalizer.addressWordsDoubt("Кемеровская область - Кузбасс, г. Кемерово, ул. Ленина, дм 45"))
    }

    func testAHouseNumberWithADigitReadAsALetterIsDoubted() {
        XCTAssertNotNil(Normalizer.addressDoubt("650090, г. Кемерово, ул. Ермака, д. 5Зв, кв. 128"))
        XCTAssertNil(Normalizer.addressDoubt("650090, г. Кемерово, ул. Ермака, д. 53в, кв. 128"))
        XCTAssertNil(Normalizer.addressDoubt("г. Кемерово, ул. Ермака, дом 12/2, кв. 8"))
    }

    func testALetterInsideAHouseNumberIsPutBackAsTheDigitItLooksLike() throws {
        // Seed 2745 p002 (a clean table, first contact): "д. З8в" for 38в on all three prints.
        let cases = [("ул. Металлургов, д. З8в, кв. 236", "ул. Металлургов, д. 38в, кв. 236"),
                     ("ул. Ермака, д. 5Зв, кв. 128", "ул. Ермака, д. 53в, кв. 128"),
                     ("ул. Ермака, дом 1О5", "ул. Ермака, дом 105"), ("ул. Мира, д. 7, кв. З2.", "ул. Мира, д. 7, кв. 32."),
                     // A house's own letter at the end, a word that is no number, a mark that is no house's: left.
                     ("ул. Мира, д. 12з", "ул. Мира, д. 12з"), ("ул. Мира, д. 1о", "ул. Мира, д. 1о"),
                     ("ул. Зелёная, д. 3", "ул. Зелёная, д. 3"), ("пос. Оз3, д. 3", "пос. Оз3, д. 3"),
                     ("ул. Мира, д. Зв", "ул. Мира, д. Зв")]
        for (read, fixed) in cases { XCTAssertEqual(Normalizer.repairNumberLetters(read), fixed, read) }
        // The value stays a doubt.
        let words = "г. Белово, ул. Металлургов, д. З8в, кв. 236".split(separator: " ").enumerated().map { i, t in
            Token(word: OCRWord(text: String(t), confidence: 0.95, box: Box(x: 100 + 200 * i, y: 500, width: 20 * t.count, height: 36)), row: 0, isCaption: false)
        }
        let stream = PageStream(tokens: words)
        let spec = try XCTUnwrap(Templates.template(for: .application)?.fields.first { $0.key == "child.address" })
        let found = FieldParser.parse(spec, segment: Segment(stream: stream, start: 0, end: stream.raw.count), rule: "test", categories: [])
        XCTAssertEqual(found.first?.value, "г. Белово, ул. Металлургов, д. 38в, кв. 236")
        XCTAssertEqual(found.first?.doubt, "a letter read in a house or flat number was put back as the digit it looks like")
    }

    func testAOneWhereAYWouldEndAPlaceNameIsDoubted() {
        // Seed 2761 p021 (a scan consent, first contact): "п. Звёздны 1" for Звёздный, accepted.
        XCTAssertNotNil(Normalizer.addressDoubt("Кемеровская область - Кузбасс, п. Звёздны 1, ул. Суворова, д. 88"))
        XCTAssertNotNil(Normalizer.addressDoubt("Кемеровская область - Кузбасс, п. Звёздны1, ул. Суворова, д. 88"))
        XCTAssertNotNil(Normalizer.addressDoubt("г. Кемерово, пр-кт Ленинско 1, д. 5"))
        for a in ["Кемеровская область - Кузбасс, п. Звёздный, ул. Суворова, д. 88",
                  "г. Кемерово, ул. Шевченко 1, кв. 5", "г. Кемерово, ул. Шевченко, д. 1, кв. 5",
                  "г. Кемерово, мкр. 7, д. 1", "г. Кемерово, ул. Мира 1, кв. 3"] {
            XCTAssertNil(Normalizer.addressDoubt(a), a)
        }
    }

    func testABraceOrAPlaceNameEndingInEkiyIsAMisreading() {
        // Seed 2747 p020 (clean, first contact): "корп. 1}" on both prints; p009 (scan): "рп Итатекий".
        XCTAssertFalse(Normalizer.addressLooksPrinted("г. Междуреченск, ул. Суворова, д. 51, корп. 1}"))
        XCTAssertFalse(Normalizer.addressLooksPrinted("г. Междуреченск, ул. Суворова, д. 51 [корп. 1"))
        XCTAssertTrue(Normalizer.addressLooksPrinted("г. Междуреченск, ул. Суворова, д. 51, корп. 1"))
        // Seed 2759 p010 (a scan, first contact): "Кемеровская ‘область" on both prints, a speck read as a quote.
        XCTAssertFalse(Normalizer.addressLooksPrinted("Кемеровская ‘область - Кузбасс, г. Кемерово, улица Суворова, д. 124а, кв. 160"))
        XCTAssertFalse(Normalizer.addressLooksPrinted("г. Кемерово, ул. Суворова', д. 124а"))
        XCTAssertTrue(Normalizer.addressLooksPrinted("Кемеровская область - Кузбасс, г. Кемерово, СНТ «Ветеран», д. 12"))
        XCTAssertNotNil(Normalizer.addressDoubt("Кемеровская область - Кузбасс, рп Итатекий, пр-кт Октябрьский, д. 67"))
        XCTAssertNotNil(Normalizer.addressDoubt("Кемеровская обл., Новокузнецкий р-н, с. Сосновка, ул. Кузнеекая, д. 4"))
        for a in ["Кемеровская область - Кузбасс, рп Итатский, пр-кт Октябрьский, д. 67", "г. Кемерово, ул. Мецкая, д. 1",
                  "г. Кемерово, ул. Советская, д. 1", "г. Белово, ул. Грецкая, д. 2", "г. Кемерово, ул. Некрасова, д. 3"] {
            XCTAssertNil(Normalizer.addressDoubt(a), a)
        }
    }

    func testACapitalLetterAloneIsAMarkReadAsALetter() {
        // Seed 2573 p014 (poor consent): "Кемеровская обл. - Е Кузбасс", its house number settled by the
        // other readings, accepted.
        XCTAssertNotNil(Normalizer.addressDoubt("Кемеровская обл. - Е Кузбасс, с. Лебеди, ул. Волгоградская, дом 105"))
        XCTAssertNotNil(Normalizer.addressDoubt("г. Кемерово, ул. Ленина, Т д. 5"))
        // A house's or a building's letter after its number or mark, an initial with its dot: print.
        for a in ["г. Кемерово, ул. Ленина, д. 5 А, кв. 3", "г. Кемерово, ул. Ленина, д. 5, корп. Б", "г. Кемерово, ул. К. Маркса, д. 5",
                  "г. Кемерово, ул. Ленина, д. 12, лит. А", "г. Юрга, мкр. А, д. 7"] {
            XCTAssertNil(Normalizer.addressDoubt(a), a)
        }
    }

    func testAnAbbreviationWithADigitForItsLetterIsDoubtedNotAnOrdinal() {
        // Seed 2533 p023: "6-р Победы" for "б-р Победы" accepted on a clean consent.
        XCTAssertNotNil(Normalizer.addressDoubt("653038, Кемеровская область - Кузбасс, г. Прокопьевск, 6-р Победы, дом 97, кв. 130"))
        XCTAssertNil(Normalizer.addressDoubt("653038, Кемеровская область - Кузбасс, г. Прокопьевск, б-р Победы, дом 97, кв. 130"))
        for ordinal in ["1-я Линия", "2-й пер.", "3-го Интернационала", "5-ой Пятилетки"] {
            XCTAssertNil(Normalizer.addressDoubt("г. Кемерово, ул. \(ordinal), д. 5"), ordinal)
        }
    }

    func testTwoMarksInARowDoubtAnAddressButNotAnAbbreviationsDotBeforeItsComma() {
        XCTAssertNotNil(Normalizer.addressDoubt("Кемеровская область, г. Кемерово, Кузнецкое ш.., д. 44, кв. 135"))
        XCTAssertNil(Normalizer.addressDoubt("Кемеровская область, г. Кемерово, Кузнецкое ш., д. 44, кв. 135"))
        XCTAssertNil(Normalizer.addressDoubt("Кемеровская обл., г. Кемерово, ул. Ленина, д. 4"))
    }

    func testAFlatNumberWithALetterBeforeItsDigitsIsDoubted() {
        // Seed 2529 p021: "кв. Т3" for 73, hidden only by the house number's б doubt.
        XCTAssertNotNil(Normalizer.addressDoubt("г. Анжеро-Судженск, ул. Строителей, д. 15, кв. Т3"))
        XCTAssertNil(Normalizer.addressDoubt("г. Анжеро-Судженск, ул. Строителей, д. 15, кв. 73"))
        XCTAssertNil(Normalizer.addressDoubt("г. Анжеро-Судженск, ул. Строителей, д. 15, кв. 5а"))
    }

    func testTheRegionsDashSpacedOrNotIsNoMisreading() {
        // Seed 2501: "область-Кузбасс" printed without spaces was doubted as a lost dash.
        XCTAssertNil(Normalizer.addressDoubt("654070, Кемеровская область-Кузбасс, г. Новокузнецк, ул. Юбилейная, д. 54, кв. 77"))
        XCTAssertNil(Normalizer.addressDoubt("Кемеровская область – Кузбасс, г. Кемерово, ул. Ленина, д. 45"))
        XCTAssertNil(Normalizer.addressDoubt("Кемеровская область - Кузбасс, г. Кемерово, ул. Ленина, д. 45"))
        XCTAssertEqual(Normalizer.addressDoubt("Кемеровская область Кузбасс, г. Кемерово, ул. Ленина, д. 45"), "region name misread")
        XCTAssertEqual(Normalizer.addressDoubt("Кемеровская область. Кузбасс, г. Кемерово, ул. Ленина, д. 45"), "region name misread")
    }

    func testATownOutsideTheRegionsTownsIsDoubted() {
        // "ц" read as "й": a confident misreading of a capitalised name.
        XCTAssertNotNil(Normalizer.addressWordsDoubt("652504, г. Ленинск-Кузнейкий, ул. Волгоградская, д. 151, кв. 103"))
        XCTAssertNil(Normalizer.addressWordsDoubt("652504, г. Ленинск-Кузнецкий, ул. Волгоградская, д. 151, кв. 103"))
        XCTAssertNil(Normalizer.addressWordsDoubt("г. Киселёвск, ул. Мира, д. 3"), "ё or е")
    }

    func testTheAddressWordDoubtSendsTheAddressToReviewButNotAnOffice() {
        func candidate(_ key: String, _ kind: FieldKind, _ value: String) -> Candidate {
            Candidate(key: key, kind: kind, value: value, wellFormed: true, repaired: false, raw: value,
                      tokens: [], box: nil, confidence: 0.97, minConfidence: 0.97, rule: "test")
        }
        let cut = Validator.decide(key: "child.address", candidate: candidate("child.address", .address, "бласть - Кузбасс, г. Кемерово, ул. Ленина, д. 45"), context: ctx)
        XCTAssertEqual(cut.status, .review)
        XCTAssertEqual(cut.doubt, .addressPart)
        XCTAssertFalse(Doubt.addressPart.liftedByOtherForm, "a cut repeated on both forms is still a cut")
        let whole = Validator.decide(key: "child.address", candidate: candidate("child.address", .address, "Кемеровская область - Кузбасс, г. Кемерово, ул. Ленина, д. 45"), context: ctx)
        XCTAssertEqual(whole.status, .ok)
    }
}

/// A full name ends after the patronymic: a fourth word is the particle of a Turkic patronymic
/// or the next thing printed on the line.
final class FullNameCutTests: XCTestCase {
    func page(_ rows: [String]) -> OCRPage { rowsPage(rows) }

    func testThePhoneLabelOfAnOlderRevisionIsNotPartOfThePatronymic() {
        let r = Extractor().extract(page([
            "ЗАЯВЛЕНИЕ О ПРЕДОСТАВЛЕНИИ СЕРТИФИКАТА ДОПОЛНИТЕЛЬНОГО ОБРАЗОВАНИЯ И РЕГИСТРАЦИИ В",
            "РЕЕСТРЕ СЕРТИФИКАТОВ ДОПОЛНИТЕЛЬНОГО ОБРАЗОВАНИЯ № 9812",
            "Сведения о ребенке, которому предоставляется сертификат:",
            "Фамилия, имя, отчество ребенка: Ситникова Анастасия Вадимовна",
            "Дата рождения ребенка: 12.06.2016",
            "Сведения о заявителе:",
            "Фамилия, имя, отчество заявителя: Воробьева Светлана Артуровна Тел.: 89089843049",
        ]))
        XCTAssertEqual(r.fields["applicant.middle_name"]?.value, "Артуровна")
    }

    func testThePhoneLabelEndsANameWithoutPatronymic() {
        // Seed 2501: "Юлдашева Нилуфар Тел.: 8(904)…" gave the patronymic "Тел".
        let r = Extractor().extract(page([
            "ЗАЯВЛЕНИЕ О ПРЕДОСТАВЛЕНИИ СЕРТИФИКАТА ДОПОЛНИТЕЛЬНОГО ОБРАЗОВАНИЯ И РЕГИСТРАЦИИ В",
            "РЕЕСТРЕ СЕРТИФИКАТОВ ДОПОЛНИТЕЛЬНОГО ОБРАЗОВАНИЯ № 9812",
            "Сведения о ребенке, которому предоставляется сертификат:",
            "Фамилия, имя, отчество ребенка: Юлдашев Тимур",
            "Дата рождения ребенка: 12.06.2016",
            "Сведения о заявителе:",
            "Фамилия, имя, отчество заявителя: Юлдашева Нилуфар Тел.: 8(904)088-86-06",
        ]))
        XCTAssertEqual(r.fields["applicant.first_name"]?.value, "Нилуфар")
        XCTAssertNil(r.fields["applicant.middle_name"]?.value)
        XCTAssertEqual(r.fields["applicant.middle_name"]?.status, .missing)
    }

    func testAPatronymicThatLostItsCapitalIsPrintedNotAbsent() {
        // Seed 2501: a streak through "Я" of "Ярославович" read as "$ рославович"; the name was
        // taken as having no patronymic, by design.
        let r = Extractor().extract(page([
            "ЗАЯВЛЕНИЕ О ПРЕДОСТАВЛЕНИИ СЕРТИФИКАТА ДОПОЛНИТЕЛЬНОГО ОБРАЗОВАНИЯ И РЕГИСТРАЦИИ В",
            "РЕЕСТРЕ СЕРТИФИКАТОВ ДОПОЛНИТЕЛЬНОГО ОБРАЗОВАНИЯ № 9812",
            "Сведения о ребенке, которому предоставляется сертификат:",
            "Фамилия, имя, отчество ребенка: Морозов Тимофей $ рославович",
            "Дата рождения ребенка: 12.06.2016",
        ]))
        XCTAssertEqual(r.fields["child.first_name"]?.value, "Тимофей")
        XCTAssertEqual(r.fields["child.middle_name"]?.status, .review)
        XCTAssertEqual(r.fields["child.middle_name"]?.doubt, .format)
        // A lower-case word that is no patronymic still ends a name of two words.
        let two = Extractor().extract(page([
            "ЗАЯВЛЕНИЕ О ПРЕДОСТАВЛЕНИИ СЕРТИФИКАТА ДОПОЛНИТЕЛЬНОГО ОБРАЗОВАНИЯ И РЕГИСТРАЦИИ В",
            "РЕЕСТРЕ СЕРТИФИКАТОВ ДОПОЛНИТЕЛЬНОГО ОБРАЗОВАНИЯ № 9812",
            "Сведения о ребенке, которому предоставляется сертификат:",
            "Фамилия, имя, отчество ребенка: Юлдашев Тимур проживающий",
            "Дата рождения ребенка: 12.06.2016",
        ]))
        XCTAssertEqual(two.fields["child.middle_name"]?.status, .missing)
    }

    func testASurnameWhoseCapitalReadSmallIsPrintedAndGoesToAPerson() {
        // Seed 2557 p012 (scan, a mono face): "беккер Ирма Робертовна", the capital Б read as б;
        // the applicant's name was not found at all.
        func extract(_ line: String) -> PageResult {
            Extractor().extract(page([
                "ЗАЯВЛЕНИЕ О ПРЕДОСТАВЛЕНИИ СЕРТИФИКАТА ДОПОЛНИТЕЛЬНОГО ОБРАЗОВАНИЯ И РЕГИСТРАЦИИ В",
                "РЕЕСТРЕ СЕРТИФИКАТОВ ДОПОЛНИТЕЛЬНОГО ОБРАЗОВАНИЯ № 9812",
                "Сведения о ребенке, которому предоставляется сертификат:",
                line,
                "Дата рождения ребенка: 12.06.2016",
            ]))
        }
        let r = extract("Фамилия, имя, отчество ребенка: беккер Ирма Робертовна")
        XCTAssertEqual(r.fields["child.last_name"]?.value, "Беккер")
        XCTAssertEqual(r.fields["child.last_name"]?.status, .review, "a restored capital is a person's to confirm")
        XCTAssertEqual(r.fields["child.last_name"]?.doubt, .capitalRestored)
        XCTAssertTrue(Doubt.capitalRestored.liftedByOtherForm, "the other sheet's own reading of the name")
        XCTAssertEqual(r.fields["child.first_name"]?.value, "Ирма")
        XCTAssertEqual(r.fields["child.middle_name"]?.value, "Робертовна")
        let given = extract("Фамилия, имя, отчество ребенка: Беккер ирма Робертовна")
        XCTAssertEqual(given.fields["child.first_name"]?.value, "Ирма")
        XCTAssertEqual(given.fields["child.first_name"]?.status, .review)
        // A word of the form's text before a name is no surname; nor is a small word followed by one capital only.
        let label = extract("Фамилия, имя, отчество ребенка: наличии Беккер Ирма Робертовна")
        XCTAssertNotEqual(label.fields["child.last_name"]?.value, "Наличии")
        // Seed 2557 p003: "Кг звченко Дарина Денисовна" ("Кравченко" misread): "Звченко" is no first name.
        let broken = extract("Фамилия, имя, отчество ребенка: Кг звченко Дарина Денисовна")
        XCTAssertNotEqual(broken.fields["child.first_name"]?.value, "Звченко")
        let one = extract("Фамилия, имя, отчество ребенка: беккер Ирма")
        XCTAssertNotEqual(one.fields["child.last_name"]?.status, .ok)
    }

    func testATurkicPatronymicKeepsItsParticle() {
        let r = Extractor().extract(page([
            "ЗАЯВЛЕНИЕ О ПРЕДОСТАВЛЕНИИ СЕРТИФИКАТА ДОПОЛНИТЕЛЬНОГО ОБРАЗОВАНИЯ И РЕГИСТРАЦИИ В",
            "РЕЕСТРЕ СЕРТИФИКАТОВ ДОПОЛНИТЕЛЬНОГО ОБРАЗОВАНИЯ № 9812",
            "Сведения о ребенке, которому предоставляется сертификат:",
            "Фамилия, имя, отчество ребенка: Алиев Тимур Рашид Оглы",
            "Дата рождения ребенка: 12.06.2016",
        ]))
        XCTAssertEqual(r.fields["child.middle_name"]?.value, "Рашид Оглы")
    }
}

/// Seed 2503's first contact: four wrong values accepted, each caught now by evidence of its own kind.
final class FirstContact2503Tests: XCTestCase {
    let ctx = ValidationContext(today: SimpleDate(year: 2026, month: 11, day: 23)!, signingDate: nil,
                                selfApplication: false, categories: [], pageConfidence: 0.95)

    func testAPhoneReadWithAGroupOfOneDigitIsDoubted() {
        XCTAssertNotNil(Normalizer.phoneGroupingDoubt("+7 906 14-1-92-69"))
        for printed in ["+7 (906) 144-92-69", "8-906-144-92-69", "+7 9061449269", "89061449269", "8 (906) 144 92 69", "+79061449269"] {
            XCTAssertNil(Normalizer.phoneGroupingDoubt(printed), printed)
        }
        let c = Candidate(key: "applicant.phone", kind: .phone, value: "+79061419269", wellFormed: true, repaired: false,
                          raw: "+7 906 14-1-92-69", tokens: [], box: nil, confidence: 0.87, minConfidence: 0.7, rule: "test")
        XCTAssertEqual(Validator.decide(key: "applicant.phone", candidate: c, context: ctx).doubt, .digitGrouping)
    }

    func testATownOfTheRegionMisreadInAnOfficesNameIsDoubted() {
        XCTAssertEqual(Normalizer.townForms("Ленинск-Кузнецкий"),
                       ["Ленинск-Кузнецкий", "Ленинска-Кузнецкого", "Ленинску-Кузнецкому", "Ленинске-Кузнецком", "Ленинском-Кузнецким"])
        XCTAssertEqual(Normalizer.townForms("Кемерово"), ["Кемерово", "Кемерово", "Кемерово", "Кемерово", "Кемерово"])
        XCTAssertNotNil(Normalizer.officeDoubt("Отделом по вопросам миграции Отдела МВД России по г. Новокузнсцку"))
        XCTAssertNil(Normalizer.officeDoubt("Отделом по вопросам миграции Отдела МВД России по г. Новокузнецку"))
        XCTAssertNil(Normalizer.officeDoubt("ТП УФМС России по Кемеровской области в г. Ленинске-Кузнецком"))
        XCTAssertNil(Normalizer.officeDoubt("ГУ МВД России по г. Москве"), "a town of another region is printed as it is")
    }

    func testAPlaceInAnOfficesNameEndingInAConsonantAndСIsDoubted() {
        // Seed 2753 p029 (a clean consent, first contact): "Бийскс" for Бийске, the е's bar lost, accepted.
        XCTAssertNotNil(Normalizer.officeDoubt("Отделом УФМС России по Алтайскому краю в г. Бийскс"))
        XCTAssertNil(Normalizer.officeDoubt("Отделом УФМС России по Алтайскому краю в г. Бийске"))
        XCTAssertNil(Normalizer.officeDoubt("Отделом УФМС России по Алтайскому краю в г. Бийск"), "the town's name as it is")
        XCTAssertNil(Normalizer.officeDoubt("ГУ МВД России по Кемеровской области - Кузбасс"))
        XCTAssertNil(Normalizer.officeDoubt("МВД по Республике Татарстан"))
        XCTAssertNil(Normalizer.officeDoubt("Отделом УФМС России по Республике Саха в г. Якутске"))
    }

    func testAnAddressNamingOnlyTheRegionIsDoubted() {
        // s2739 p026 (a poor application, first contact): the town and the street lost, accepted on the page.
        XCTAssertNotNil(Normalizer.addressDoubt("Кемеровская область - Кузбасс, 23/4"))
        XCTAssertNotNil(Normalizer.addressDoubt("650000, Кемеровская обл., 23"))
        XCTAssertNil(Normalizer.addressDoubt("Кемеровская область - Кузбасс, пгт Яя, ул. Строителей, д. 23/4"))
        XCTAssertNil(Normalizer.addressDoubt("Кемеровская обл., г. Кемерово, пр-кт Ленина, д. 1"))
    }

    func testAFullStopAfterAnOfficesAbbreviationIsDoubted() {
        // s2739 p009 (a clean consent, first contact): "Отдела МВД. России" accepted.
        XCTAssertNotNil(Normalizer.officeDoubt("Отделом по вопросам миграции Отдела МВД. России по г. Берёзовскому"))
        XCTAssertNotNil(Normalizer.officeDoubt("ТП УФМС. России по Кемеровской области в г. Юрге"))
        XCTAssertNil(Normalizer.officeDoubt("Отделом по вопросам миграции Отдела МВД России по г. Берёзовскому"))
        XCTAssertNil(Normalizer.officeDoubt("Отделом УФМС России по Кемеровской обл. в г. Юрге"), "обл. and г. take their stops")
        XCTAssertNil(Normalizer.officeDoubt("ОТДЕЛОМ УФМС РОССИИ ПО КЕМЕРОВСКОЙ ОБЛ. В Г. ЮРГЕ"), "nor in capitals")
    }

    func testAnOfficesNameOpeningInsideItIsDoubted() {
        // Seed 2631 p025 (poor consent, first contact): "Отделом по" lost, the rest accepted.
        XCTAssertNotNil(Normalizer.officeDoubt("вопросам миграции Отдела МВД России по г. Юрге"))
        XCTAssertNotNil(Normalizer.officeDoubt("по вопросам миграции Отдела МВД России по г. Юрге"))
        XCTAssertNotNil(Normalizer.officeDoubt("миграции ОМВД России по г. Юрге"))
        // The body typed in lower case is still a body; a full name opens with it.
        XCTAssertNil(Normalizer.officeDoubt("отделом по вопросам миграции Отдела МВД России по г. Юрге"))
        XCTAssertNil(Normalizer.officeDoubt("Отделом по вопросам миграции Отдела МВД России по г. Юрге"))
        XCTAssertNil(Normalizer.officeDoubt("ОВМ Управления МВД России по г. Кемерово ГУ МВД России по Кемеровской области - Кузбассу"))
        XCTAssertNil(Normalizer.officeDoubt("Отделением по вопросам миграции ОМВД России по г. Юрге"))
    }

    func testADistrictOfTheRegionsTownsMisreadDoubtsAnOffice() {
        // Seed 2533 p005: "в Куйбьшевском р-не" (ы read as ь) accepted on a scan.
        XCTAssertNotNil(Normalizer.officeDoubt("Отделом УФМС России по Кемеровской обл. в Куйбьшевском р-не г. Новокузнецка"))
        XCTAssertNil(Normalizer.officeDoubt("Отделом УФМС России по Кемеровской обл. в Куйбышевском р-не г. Новокузнецка"))
        XCTAssertNil(Normalizer.officeDoubt("Отделением УФМС России по Кемеровской области в Зенковском районе г. Прокопьевска"))
        XCTAssertNil(Normalizer.officeDoubt("ТП УФМС России по Кемеровской области в Заводском районе г. Кемерово"))
    }

    func testTwoMarksInARowOrTheRegionsEndingMisreadDoubtAnOffice() {
        // Seed 2515: "в г.. Осинниках" and "по Кемеровскои области" (the breve of й lost) were accepted.
        XCTAssertNotNil(Normalizer.officeDoubt("ТП УФМС России по Кемеровской области в г.. Осинниках"))
        XCTAssertNotNil(Normalizer.officeDoubt("ГУ МВД России по Кемеровскои области - Кузбассу"))
        XCTAssertNil(Normalizer.officeDoubt("ГУ МВД России по Кемеровской области - Кузбассу"))
        XCTAssertNil(Normalizer.officeDoubt("ТП УФМС России по Кемеровской области в г. Осинниках"))
    }

    func testATownSpeltWithYoInAnOfficesNameMayHaveLostItsDots() {
        XCTAssertTrue(Lexicon.shared.mayHaveLostYoInText("Отделом по вопросам миграции Отдела МВД России по г. Березовскому"))
        XCTAssertTrue(Lexicon.shared.mayHaveLostYoInText("ОВМ ОМВД России по г. Киселевску"))
        XCTAssertFalse(Lexicon.shared.mayHaveLostYoInText("ОВМ ОМВД России по г. Юрге"))
    }

    func testAnAddressWordTheDictionarySpellsWithYoMayHaveLostItsDots() {
        // Seed 2529 p022: "ул. Молодёжная" read "Молодежная" on both forms of a scan, accepted.
        // The dictionary's address forms (adjectives, names in the genitive, plural genitives).
        for (a, word) in [("654003, г. Новокузнецк, ул. Молодежная, д. 32", "Молодежная,"), ("г. Кемерово, пр-кт Шахтеров, д. 1", "Шахтеров,"),
                          ("г. Белово, ул. Королева, д. 5", "Королева,"), ("с. Лебеди, пер. Березовый, д. 3", "Березовый,"),
                          ("г. Юрга, ул. Звездная, д. 7", "Звездная,")] {
            XCTAssertTrue(Lexicon.shared.mayHaveLostYoInText(a), a)
            XCTAssertTrue(Lexicon.shared.yoCandidateWord(word, inText: true), "\(word) is measured for its dots")
        }
        for a in ["г. Кемерово, ул. Ленина, д. 1", "г. Новокузнецк, ул. Молодёжная, д. 32", "г. Белово, ул. Садовая, д. 12, кв. 3",
                  "пгт Тяжинский, ул. Пушкина, д. 65в", "Кемеровская область - Кузбасс, г. Мыски, ул. Центральная, д. 4"] {
            XCTAssertFalse(Lexicon.shared.mayHaveLostYoInText(a), a)
        }
        XCTAssertFalse(Lexicon.shared.yoCandidateWord("Шахтеров"), "a name's words are measured as before")
        // Seed 2591 p006 (a poor page): "Звёздный" read with its dots, "Березовая" without; both printed with ё.
        XCTAssertTrue(Lexicon.shared.mayHaveLostYoInText("Кемеровская обл., п. Звёздный, улица Березовая, д. 67а"),
                      "one word's dots say nothing of another's")
        XCTAssertFalse(Lexicon.shared.mayHaveLostYoInText("Кемеровская обл., п. Звёздный, улица Берёзовая, д. 67а"))
    }}

/// Street names that bear a person's name, checked against the name lexicon.
final class StreetNameTests: XCTestCase {
    let ctx = ValidationContext(today: SimpleDate(year: 2026, month: 11, day: 23)!, signingDate: nil,
                                selfApplication: false, categories: [], pageConfidence: 0.95)

    func testAStreetNameALetterAwayFromAKnownNameIsDoubted() {
        // Seed 2513 p015: "ул. Орджоникидзе" read "Орджоникилзе" on both clean forms (д/л).
        let lex = NameLexicon.shared
        XCTAssertEqual(lex.nearKnownStreetName("Кемеровская область - Кузбасс, с. Мамаево, ул. Орджоникилзе, д. 143"),
                       "Кемеровская область - Кузбасс, с. Мамаево, ул. Орджоникидзе, д. 143")
        XCTAssertNotNil(lex.nearKnownStreetName("г. Кемерово, ул. Кипова, д. 3"), "the genitive of Киров, р read п")
        for a in ["Кемеровская область - Кузбасс, с. Мамаево, ул. Орджоникидзе, д. 143",
                  "г. Кемерово, ул. Садовая, д. 1", "г. Кемерово, ул. Кирова, д. 3", "г. Анжеро-Судженск, ул. Карла Маркса, д. 9",
                  "г. Кемерово, ул. Тухачевского, д. 118, стр. 3", "рп Итатский, б-р Строителей, д. 8", "г. Юрга, пр-кт Ленина, д. 1",
                  "с. Лебеди, ул. Новая, д. 145", "г. Междуреченск, ул. Юбилейная, д. 79", "пгт Тяжинский, ул. Пушкина, д. 65в",
                  "с. Мариинский Рудник, ул. Солнечная, д. 87", "г. Кемерово, ул. Весенняя, д. 2"] {
            XCTAssertNil(lex.nearKnownStreetName(a), a)
        }
        var c = Candidate(key: "child.address", kind: .address, value: "Кемеровская область - Кузбасс, с. Мамаево, ул. Орджоникилзе, д. 143",
                          wellFormed: true, repaired: false, raw: "", tokens: [], box: nil, confidence: 0.95, minConfidence: 0.9, rule: "test")
        c.raw = c.value ?? ""
        let r = Validator.decide(key: "child.address", candidate: c, context: ctx)
        XCTAssertEqual(r.doubt, .nearKnownName)
        XCTAssertEqual(r.readings?.last, "Кемеровская область - Кузбасс, с. Мамаево, ул. Орджоникидзе, д. 143")
    }

    func testAStreetWordALetterAwayFromACommonStreetWordIsDoubted() {
        // Seed 2563 p025 (scan consent): "ул. Патриотов" read "Патристов" (о/с), accepted. The word is no
        // name; the dictionary's plural genitives of nouns of people ("Патриотов", "Строителей") and
        // feminine adjectives ("Советская") are the vocabulary of such streets.
        let lex = NameLexicon.shared
        XCTAssertEqual(lex.nearKnownStreetName("650081, Кемеровская область - Кузбасс, г. Кемерово, ул. Патристов, дом 37, кв. 236"),
                       "650081, Кемеровская область - Кузбасс, г. Кемерово, ул. Патриотов, дом 37, кв. 236")
        XCTAssertNotNil(lex.nearKnownStreetName("г. Белово, ул. Ссветская, д. 4"), "Советская with о read с")
        XCTAssertNotNil(lex.nearKnownStreetName("г. Белово, ул. Строителсй, д. 4"), "Строителей with е read с")
        // s2765 p030 (a CMU Serif scan, first contact): "пер. Щорса" read "Шорса" in all three prints, accepted:
        // the capital Щ's tail lost.
        XCTAssertEqual(lex.nearKnownStreetName("654002, Кемеровская обл., г. Новокузнецк, пер. Шорса, д. 48"),
                       "654002, Кемеровская обл., г. Новокузнецк, пер. Щорса, д. 48")
        XCTAssertNil(lex.nearKnownStreetName("654002, Кемеровская обл., г. Новокузнецк, пер. Щорса, д. 48"))
        XCTAssertNil(lex.nearKnownStreetName("г. Кемерово, ул. Шахтёров, д. 4"))
        XCTAssertNil(lex.nearKnownStreetName("г. Кемерово, ул. Школьная, д. 4"))
        // s2735 p019 (a serif face scanned, first contact): "пл. Советов" read "Совегов" on both forms, accepted.
        XCTAssertEqual(lex.nearKnownStreetName("Кемеровская обл., г. Новокузнецк, пл. Совегов, д. 143, кв. 224"),
                       "Кемеровская обл., г. Новокузнецк, пл. Советов, д. 143, кв. 224")
        // Real street names of the region's towns, written down apart from any generated corpus: none is
        // a confusable letter away from another known word, whether the lexicon knows it or not.
        for street in ["Патриотов", "Строителей", "Шахтёров", "Металлургов", "Энтузиастов", "Космонавтов", "Ноградская",
                       "Терешковой", "Марковцева", "Сарыгина", "Института", "Рукавишникова", "Франкфурта", "Тольятти",
                       "Грдины", "Дружбы", "Тореза", "Шункова", "Куйбышева", "Огарёва", "Щетинкина", "Двужильного",
                       "Пятилетки", "Телеутская", "Мундыбашская", "Таштагольская", "Ольжерасская", "Победы", "Славы",
                       "Стахановская", "Проходчиков", "Весенняя", "Красноармейская", "Пролетарская", "Халтурина",
                       "Советов", "Гагарина", "Тухачевского", "Горького", "Гоголя", "Гончарова", "Ватутина", "Титова",
                       "Тореза", "Гастелло", "Тимирязева", "Гвардейская", "Театральная", "Транспортная"] {
            XCTAssertNil(lex.nearKnownStreetName("г. Кемерово, ул. \(street), д. 5"), street)
        }
    }
}

/// The numbers of an address read again by the other models (recorded readings, no Tesseract).
final class AddressNumberVoteTests: XCTestCase {
    struct Zones: ZoneReader {
        var reread: String, other: String, third: String
        /// The third model at twice the scale.
        var larger = ""
        func line(_ t: String) -> [OCRLine] { t.isEmpty ? [] : [OCRLine(words: [OCRWord(text: t, confidence: 0.9, box: Box(x: 0, y: 0, width: 10, height: 10))])] }
        func read(zone: Box, kind: ZoneKind) -> [OCRLine] { kind == .digits ? line(reread) : [] }
        func inkCoverage(zone: Box) -> Double { 0 }
        func otherModelDigits(zone: Box) -> [OCRLine] { line(other) }
        func thirdModelDigits(zone: Box) -> [OCRLine] { line(third) }
        func thirdModelDigitsLarger(zone: Box) -> [OCRLine] { line(larger) }
    }

    func doubt(_ zones: Zones, words: [String] = ["г.Междуреченск,", "ул.", "Кутузова,", "д.", "58,", "кв.", "125"]) -> String? {
        checked(zones, words: words)?.doubt
    }

    func checked(_ zones: Zones, words: [String] = ["г.Междуреченск,", "ул.", "Кутузова,", "д.", "58,", "кв.", "125"],
                 reader: (any ZoneReader)? = nil) -> Candidate? {
        let stream = PageStream(tokens: words.enumerated().map { i, t in
            Token(word: OCRWord(text: t, confidence: 0.95, box: Box(x: 100 + 200 * i, y: 500, width: 20 * t.count, height: 36)), row: 0, isCaption: false)
        })
        var candidates = ["child.address": Candidate(key: "child.address", kind: .address, value: words.joined(separator: " "), wellFormed: true,
                                                     repaired: false, raw: "", tokens: Array(words.indices), box: nil, confidence: 0.95,
                                                     minConfidence: 0.9, rule: "test")]
        Extractor().addressNumbers(&candidates, stream: stream, zones: reader ?? zones, weakPage: false)
        return candidates["child.address"]
    }

    func testTheOtherModelAloneIsOutvotedByTheDigitsReReadAndTheThirdModel() {
        // Seed 2509 p008 (scan): eng at twice the scale read the house number 58 as 38; eng on the
        // binarised zone and the third model read 58, as the page did.
        XCTAssertNil(doubt(Zones(reread: "58", other: "38", third: "58")))
        XCTAssertNotNil(doubt(Zones(reread: "58", other: "38", third: "38")), "the third model sides with the other model")
        XCTAssertNotNil(doubt(Zones(reread: "38", other: "38", third: "58")), "both eng readings against the page")
        XCTAssertNotNil(doubt(Zones(reread: "58", other: "38", third: "")), "no third reading: the doubt stays")
        // Seed 2573 p016 (scan): "159" read 139 by the other model, nothing by the third at the page's
        // scale; at twice the scale the third model reads the page's number.
        XCTAssertNil(doubt(Zones(reread: "58", other: "38", third: "", larger: "58")))
        XCTAssertNotNil(doubt(Zones(reread: "58", other: "38", third: "", larger: "38")))
        XCTAssertNil(doubt(Zones(reread: "58", other: "58", third: "58")))
        // Seed 2745 p015 (a clean consent in a monospaced face, first contact): "д. 30" read "0" by the
        // third model, 50 by the other: another count of digits is no opinion either.
        XCTAssertNil(doubt(Zones(reread: "58", other: "38", third: "8", larger: "58")))
        XCTAssertNotNil(doubt(Zones(reread: "58", other: "38", third: "8", larger: "38")))
        XCTAssertNotNil(doubt(Zones(reread: "58", other: "38", third: "8", larger: "")), "nothing read larger: the short reading stays, no opinion")
        XCTAssertNotNil(doubt(Zones(reread: "58", other: "38", third: "8", larger: "558")))
    }

    func testAFiveOnAPageThatReadThreesAsFivesIsReadOnceMoreOnTheBinaryZone() {
        // Seed 2741 p010 (a scan consent, first contact): "кв. 154" for 134 accepted, `eng` at twice the
        // scale reading 154 too; the page's reading of the passport series took a 3 for a 5 ("5219",
        // 3219 by `eng` twice and the third model). `eng` on the binarised zone reads 134.
        let words = ["г.", "Киселёвск,", "ул.", "Зелёная,", "кв.", "154"]
        let stream = PageStream(tokens: words.enumerated().map { i, t in
            Token(word: OCRWord(text: t, confidence: 0.95, box: Box(x: 100 + 200 * i, y: 500, width: 20 * t.count, height: 36)), row: 0, isCaption: false)
        })
        func run(seriesOthers: String, reread: String) -> Candidate? {
            var series = Candidate(key: "applicant.passport_series", kind: .passportSeries, value: "5219", wellFormed: true, repaired: false,
                                   raw: "5219", tokens: [], box: nil, confidence: 0.94, minConfidence: 0.94, rule: "test")
            series.rereads = [seriesOthers]
            series.otherModel = seriesOthers
            series.thirdModel = seriesOthers
            var candidates = ["applicant.address": Candidate(key: "applicant.address", kind: .address, value: words.joined(separator: " "),
                                                             wellFormed: true, repaired: false, raw: "", tokens: Array(words.indices), box: nil,
                                                             confidence: 0.95, minConfidence: 0.9, rule: "test"),
                              "applicant.passport_series": series]
            Extractor().addressNumbers(&candidates, stream: stream, zones: Zones(reread: reread, other: "154", third: "154"), weakPage: false)
            return candidates["applicant.address"]
        }
        XCTAssertEqual(run(seriesOthers: "3219", reread: "134")?.doubt,
                       "another reading sees a 3 where the page reads 5, and this page's reading took 3s for 5s elsewhere")
        XCTAssertNil(run(seriesOthers: "3219", reread: "154")?.doubt, "the binarised zone reads the 5 too")
        XCTAssertNil(run(seriesOthers: "5219", reread: "134")?.doubt, "no 3 read as 5 seen on the page: the number is not read again")
        XCTAssertNil(run(seriesOthers: "3279", reread: "134")?.doubt, "the others differ in more than 5s")
    }

    func testEveryOtherReadingAgreeingOnAnotherNumberSettlesIt() {
        // Seed 2573 p013 (clean): "д. 107" read "197" by the page on both forms; eng on the binarised
        // zone, eng at twice the scale and the third model all read 107.
        let words = ["п.", "Чистогорский,", "ул.", "Орджоникидзе,", "д.", "197,", "стр.", "3"]
        let c = checked(Zones(reread: "107", other: "107", third: "107"), words: words)
        XCTAssertNil(c?.doubt)
        XCTAssertEqual(c?.value, "п. Чистогорский, ул. Орджоникидзе, д. 107, стр. 3")
        // Two of them only: the doubt stays, the page's reading shown.
        let split = checked(Zones(reread: "107", other: "107", third: "197"), words: words)
        XCTAssertNotNil(split?.doubt)
        XCTAssertEqual(split?.value, words.joined(separator: " "))
        // The number standing twice in the value: which one was misread is not known.
        XCTAssertNotNil(doubt(Zones(reread: "107", other: "107", third: "107"), words: ["ул.", "Новая,", "д.", "197,", "кв.", "197"]))
        XCTAssertEqual(Extractor.replacingNumber("97", with: "07", in: "д. 197, кв. 97"), "д. 197, кв. 07")
        XCTAssertNil(Extractor.replacingNumber("5", with: "3", in: "д. 5, кв. 5"))
    }

    func testADigitMoreOnThePageThanBothEngReadingsSeeIsDoubted() {
        // Seed 2561 p021 (scan): "кв. 809" for "кв. 80", the two `eng` readings of the zone "80".
        let flat = ["ул.", "Тольятти,", "д.", "133,", "кв.", "809"]
        XCTAssertNotNil(doubt(Zones(reread: "80", other: "80", third: ""), words: flat))
        // One `eng` reading alone short of a digit is the zone's edge or a lost glyph: no doubt.
        XCTAssertNil(doubt(Zones(reread: "809", other: "80", third: ""), words: flat))
        // Both readings other digits, not the page's with one left out: not this rule's evidence.
        XCTAssertNil(doubt(Zones(reread: "71", other: "71", third: ""), words: flat))
        XCTAssertNil(doubt(Zones(reread: "", other: "", third: ""), words: ["ул.", "Тольятти,", "д.", "7"]), "a lone digit read as nothing")
        XCTAssertTrue(Extractor.isOneDigitShort("80", of: "809"))
        XCTAssertTrue(Extractor.isOneDigitShort("89", of: "809"))
        XCTAssertFalse(Extractor.isOneDigitShort("71", of: "809"))
    }

    func testAHouseNumberWithASlashIsReadAgainWithoutIt() {
        // sig2663 p029 (clean): "107/53" for 107/3 in all three prints, read 0.18 sure; the other models read 1073.
        let house = ["пр-кт", "Химиков,", "д.", "107/53,", "кв.", "170"]
        XCTAssertNotNil(doubt(Zones(reread: "1073", other: "1073", third: ""), words: house))
        XCTAssertNil(doubt(Zones(reread: "10753", other: "10753", third: "10753"), words: house), "every reading sees the page's digits")
        // Read right, the slash read as a digit by one model: another count is the zone's edge, no doubt.
        XCTAssertNil(doubt(Zones(reread: "1073", other: "10713", third: ""), words: ["пр-кт", "Химиков,", "д.", "107/3,", "кв.", "170"]))
    }

    /// Readings per word of `checked`'s stream (words stand 200 pixels apart from x = 100).
    struct ZonesPerWord: ZoneReader {
        var readings: [Int: Zones]
        func at(_ zone: Box) -> Zones { readings[(zone.x + zone.width / 2 - 100 + 100) / 200] ?? Zones(reread: "", other: "", third: "") }
        func read(zone: Box, kind: ZoneKind) -> [OCRLine] { at(zone).read(zone: zone, kind: kind) }
        func inkCoverage(zone: Box) -> Double { 0 }
        func otherModelDigits(zone: Box) -> [OCRLine] { at(zone).otherModelDigits(zone: zone) }
        func thirdModelDigits(zone: Box) -> [OCRLine] { at(zone).thirdModelDigits(zone: zone) }
        func thirdModelDigitsLarger(zone: Box) -> [OCRLine] { at(zone).thirdModelDigitsLarger(zone: zone) }
    }

    func testANumberWithASlashSettledByTheOtherReadingsKeepsItsPlace() {
        // sig2667 p015 (scan, first contact): "д. 19/1, кв. 191" read for 10/1, 191; the other readings
        // settled the house as 101, and its bare digits "191" were put in place of the flat's number:
        // "д. 19/1, кв. 101" accepted on both forms.
        let words = ["б-р", "Строителей,", "д.", "19/1,", "кв.", "191"]
        let same = Zones(reread: "101", other: "101", third: "101")
        let zones = ZonesPerWord(readings: [3: same, 5: Zones(reread: "191", other: "191", third: "191")])
        let c = checked(Zones(reread: "", other: "", third: ""), words: words, reader: zones)
        XCTAssertNil(c?.doubt)
        XCTAssertEqual(c?.value, "б-р Строителей, д. 10/1, кв. 191")
        XCTAssertEqual(Extractor.replacingNumber("19/1", with: "101", in: "д. 19/1, кв. 191"), "д. 10/1, кв. 191")
        XCTAssertNil(Extractor.replacingNumber("191", with: "101", in: "д. 19/1, кв. 19/1"), "the number stands nowhere alone")
        XCTAssertEqual(Extractor.replacingNumber("1", with: "7", in: "д. 10/1, кв. 1"), "д. 10/1, кв. 7", "a number beside a slash is another one")
        XCTAssertNil(Extractor.replacingNumber("19/1", with: "1011", in: "д. 19/1"), "another count of digits")
    }

    func testASliverOfARuleReadAsALetterIsNoWord() {
        // sig2667 p025 (scan): "о" in a box 93 x 3 at the end of an address's first row, no confidence.
        // sig2655 p018 (scan): the e-mail's "zarifa." read "лага" in a box 120 x 3: a word, kept.
        func row(_ extra: OCRWord) -> [String] {
            let words = [OCRWord(text: "Кузбасс,", confidence: 0.95, box: Box(x: 100, y: 500, width: 187, height: 40)),
                         OCRWord(text: "г.", confidence: 0.95, box: Box(x: 320, y: 512, width: 32, height: 28)), extra]
            let page = OCRPage(source: "t", page: 1, width: 2480, height: 3508, lines: [OCRLine(words: words)], engine: EngineInfo(tesseract: "t", models: [:]))
            return PageLayout.readingOrder(page).map(\.word.text)
        }
        XCTAssertEqual(row(OCRWord(text: "о", confidence: 0.0, box: Box(x: 500, y: 545, width: 93, height: 3))), ["Кузбасс,", "г."])
        XCTAssertEqual(row(OCRWord(text: "лага", confidence: 0.05, box: Box(x: 500, y: 545, width: 120, height: 3))), ["Кузбасс,", "г.", "лага"])
        XCTAssertEqual(row(OCRWord(text: "-", confidence: 0.95, box: Box(x: 500, y: 520, width: 15, height: 3))), ["Кузбасс,", "г.", "-"])
        XCTAssertEqual(row(OCRWord(text: "о", confidence: 0.2, box: Box(x: 500, y: 512, width: 20, height: 20))), ["Кузбасс,", "г.", "о"], "a letter's size")
    }

    func testARowEndingInAWordsHyphenGoesOnInTheNextRow() {
        // sig2667 p026 (scan, first contact): "Кемеровская область-" over "Кузбасс, г. Прокопьевск" read
        // "область - Кузбасс", the printed "область-Кузбасс" lost.
        func text(_ rows: [[String]]) -> String {
            var tokens: [Token] = []
            for (r, row) in rows.enumerated() {
                for (i, w) in row.enumerated() {
                    tokens.append(Token(word: OCRWord(text: w, confidence: 0.95, box: Box(x: 100 + 200 * i, y: 500 + 60 * r, width: 150, height: 36)),
                                        row: r, isCaption: false))
                }
            }
            let stream = PageStream(tokens: tokens)
            return Segment(stream: stream, start: 0, end: stream.raw.count).text
        }
        XCTAssertEqual(text([["Кемеровская", "область-"], ["Кузбасс,", "г.", "Прокопьевск"]]), "Кемеровская область-Кузбасс, г. Прокопьевск")
        XCTAssertEqual(text([["Кемеровская", "область", "-"], ["Кузбасс,", "г.", "Прокопьевск"]]), "Кемеровская область - Кузбасс, г. Прокопьевск",
                       "a dash of its own stays spaced")
        XCTAssertEqual(text([["область-", "Кузбасс,", "г.", "Юрга"]]), "область- Кузбасс, г. Юрга", "a word space after the hyphen")
        XCTAssertEqual(text([["д.", "12-"], ["кв.", "5"]]), "д. 12- кв. 5", "a number's hyphen is not a word's")
        // On one row, 16 pixels apart on a row 36 high (half of it is 18): one word read as two.
        let close = [Token(word: OCRWord(text: "область-", confidence: 0.9, box: Box(x: 100, y: 500, width: 204, height: 36)), row: 0, isCaption: false),
                     Token(word: OCRWord(text: "Кузбасс,", confidence: 0.9, box: Box(x: 320, y: 500, width: 187, height: 36)), row: 0, isCaption: false)]
        let stream = PageStream(tokens: close)
        XCTAssertEqual(Segment(stream: stream, start: 0, end: stream.raw.count).text, "область-Кузбасс,")
    }

    func testALoneDigitAfterABuildingMarkIsANumberOfTheAddress() {
        // Seed 2559 p009 (scan): "корп. 5" for "корп. 3", read alike on both forms and accepted.
        let building = ["п.", "Плотниково,", "ул.", "Октябрьская,", "д.", "130,", "корп.", "5"]
        XCTAssertNotNil(doubt(Zones(reread: "3", other: "3", third: "3"), words: building))
        XCTAssertNil(doubt(Zones(reread: "5", other: "5", third: "5"), words: ["п.", "Плотниково,", "корп.", "5"]))
        // Seed 2557 p008 (clean): "д. 7" read 3 by the other model alone, nothing by the third: one
        // glyph's zone is too small for the other model alone to count.
        XCTAssertNil(doubt(Zones(reread: "7", other: "3", third: ""), words: ["ул.", "Тухачевского,", "д.", "7,", "кв.", "200"]))
        // A lone digit of a street's name is not one ("ул. 8 Марта"), and other models' readings of
        // another length are the zone's edge.
        XCTAssertNil(doubt(Zones(reread: "3", other: "3", third: "3"), words: ["г.", "Белово,", "ул.", "8", "Марта,", "д.", "12"]))
    }
}

/// A comma printed in faint toner, lost in binarisation, between two parts of an address (grey
/// marks on white paper, measured as the page image would be: no Tesseract).
final class UnreadCommaTests: XCTestCase {
    /// Paper 255 with marks of a grey level; blobs are the marks darker than the threshold, clipped to the zone.
    struct MarkPage: ZoneReader {
        var marks: [(box: Box, level: Int)]
        func read(zone: Box, kind: ZoneKind) -> [OCRLine] { [] }
        func inkCoverage(zone: Box) -> Double { greyInk(zone: zone, threshold: 128) }
        func clipped(_ b: Box, _ zone: Box) -> Box? {
            let x0 = max(b.x, zone.x), y0 = max(b.y, zone.y), x1 = min(b.maxX, zone.maxX), y1 = min(b.maxY, zone.maxY)
            return x1 > x0 && y1 > y0 ? Box(x: x0, y: y0, width: x1 - x0, height: y1 - y0) : nil
        }
        func greyInk(zone: Box, threshold: Int) -> Double {
            let area = marks.filter { $0.level < threshold }.compactMap { clipped($0.box, zone) }.reduce(0) { $0 + $1.width * $1.height }
            return Double(area) / Double(max(1, zone.width * zone.height))
        }
        func inkBlobs(zone: Box, threshold: Int?) -> [InkBlob]? {
            marks.filter { $0.level < (threshold ?? 128) }.compactMap { clipped($0.box, zone) }.map { InkBlob(box: $0, pixels: $0.width * $0.height) }
        }
    }

    // Seed 2573 p026 (scan consent): "ул. Ноградская, д. 17" printed, the comma 200-215 grey, read
    // "ул. Ноградская д. 17" on both forms and accepted.
    let street = OCRWord(text: "Ноградская", confidence: 0.92, box: Box(x: 446, y: 411, width: 274, height: 47))
    let house = OCRWord(text: "д.", confidence: 0.97, box: Box(x: 756, y: 422, width: 35, height: 29))
    /// The words' strokes: bars of print inside their boxes.
    var print: [(box: Box, level: Int)] {
        stride(from: 450, to: 715, by: 16).map { (Box(x: $0, y: 415, width: 4, height: 30), 40) }
            + [(Box(x: 760, y: 425, width: 4, height: 24), 40)]
    }

    func testAFaintMarkAtTheBaselineBeforeAnAddressPartIsACommaThatDidNotRead() {
        let comma = (box: Box(x: 733, y: 441, width: 6, height: 11), level: 208)
        XCTAssertTrue(Extractor.unreadMarkBeforeAddressPart([street, house], zones: MarkPage(marks: print + [comma])))
        XCTAssertFalse(Extractor.unreadMarkBeforeAddressPart([street, house], zones: MarkPage(marks: print)), "white paper in the gap")
        // A scanner's speck of a few pixels, or a mark high in the row, is no comma.
        XCTAssertFalse(Extractor.unreadMarkBeforeAddressPart([street, house],
                                                             zones: MarkPage(marks: print + [(Box(x: 735, y: 446, width: 2, height: 2), 150)])))
        XCTAssertFalse(Extractor.unreadMarkBeforeAddressPart([street, house],
                                                             zones: MarkPage(marks: print + [(Box(x: 733, y: 412, width: 6, height: 10), 150)])))
        // The comma read: nothing to look for.
        var read = street
        read.text = "Ноградская,"
        XCTAssertFalse(Extractor.unreadMarkBeforeAddressPart([read, house], zones: MarkPage(marks: print + [comma])))
        // Between words of one part ("Кемеровская область") no comma is due.
        let word = OCRWord(text: "область", confidence: 0.95, box: Box(x: 756, y: 422, width: 150, height: 29))
        XCTAssertFalse(Extractor.unreadMarkBeforeAddressPart([street, word], zones: MarkPage(marks: print + [comma])))
    }
    func testACommaReadApartBeforeAnAddressPartIsKept() {
        // Seed 2621 p008 (scan, both forms): "обл. , г." read with the comma as a word of its own; the
        // comma was dropped as noise and the address accepted without it.
        XCTAssertEqual(Normalizer.text("654052, Кемеровская обл. , г. Новокузнецк, улица Молодёжная, д. 52/2, кв. 71")?.value,
                       "654052, Кемеровская обл., г. Новокузнецк, улица Молодёжная, д. 52/2, кв. 71")
        XCTAssertEqual(Normalizer.text("Отделом МВД России , по г. Белово")?.value, "Отделом МВД России по г. Белово",
                       "before a word that opens no part of an address, a lone comma is noise")
    }

    func testAnAbbreviationStraightBeforeTheNextPartIsDoubted() {
        XCTAssertNotNil(Normalizer.addressDoubt("654052, Кемеровская обл. г. Новокузнецк, улица Молодёжная, д. 52/2, кв. 71"))
        XCTAssertNotNil(Normalizer.addressDoubt("Кемеровская обл. пгт Яя, ул. Ленина, д. 4"))
        XCTAssertNil(Normalizer.addressDoubt("654052, Кемеровская обл., г. Новокузнецк, улица Молодёжная, д. 52/2, кв. 71"))
        XCTAssertNil(Normalizer.addressDoubt("г. Кемерово, ул. Ленина, д. 45, кв. 16"))
    }
}
