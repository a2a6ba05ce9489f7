import XCTest
@testable import Extraction
import IntakeModel

/// Where the signature goes on the signing row, from recorded words: no Tesseract needed.
final class SignaturePlaceTests: XCTestCase {
    /// A word as recorded: text, box (x, y, width, height) and confidence.
    func w(_ t: String, _ x: Int, _ y: Int, _ width: Int, _ h: Int, _ c: Double) -> OCRWord {
        OCRWord(text: t, confidence: c, box: Box(x: x, y: y, width: width, height: h))
    }

    func word(_ text: String, x: Int, width: Int = 120) -> OCRWord {
        OCRWord(text: text, confidence: 0.95, box: Box(x: x, y: 3000, width: width, height: 40))
    }

    func testAShortDateIsOneWordAndTheNameIsNotTakenForIt() {
        // "12.05.2025 [signature] Иванова А.Б.": the place runs from the date to the surname.
        let place = Extractor.signaturePlace([word("12.05.2025", x: 200, width: 220), word("Иванова", x: 1700, width: 180),
                                              word("А.Б.", x: 1900, width: 80)])
        XCTAssertEqual(place?.dateEnd, 420)
        XCTAssertEqual(place?.nameStart, 1700)
    }

    func testADateWithAMisreadDigitStillOpensTheSigningRow() {
        // Seed 2565 p017 (clean consent, signed): "06.11.2025" read "96.11.2025", no date, so no signing
        // row was found and the page was reported with no signature.
        let place = Extractor.signaturePlace([word("96.11.2025", x: 300, width: 260), word("Ми!", x: 1200, width: 90),
                                              word("Крылова", x: 1890, width: 190), word("А.Д.", x: 2100, width: 80)])
        XCTAssertEqual(place?.dateEnd, 560)
        XCTAssertEqual(place?.nameStart, 1890)
        XCTAssertTrue(Extractor.dateShaped("96.11.2025"))
        XCTAssertFalse(Extractor.dateShaped("4201448677"), "a registry number is no date")
        // Seed 2603 p008 (scan consent, signed): "04.01.2026" read "(4.01.2026", a 0's left half.
        XCTAssertTrue(Extractor.dateShaped("(4.01.2026"))
        XCTAssertFalse(Extractor.dateShaped("(4.01.20"), "a bracket before digits of another shape is no date")
        XCTAssertEqual(Extractor.signaturePlace([word("(4.01.2026", x: 248, width: 180), word("Фролова", x: 1908, width: 158),
                                                 word("И.А.", x: 2080, width: 76)])?.nameStart, 1908)
        XCTAssertNil(Extractor.signaturePlace([word("Крылова", x: 1890, width: 190), word("А.Д.", x: 2100, width: 80)]))
    }

    func testADayInQuotesReadWithAnotherQuoteMarkOpensTheSigningRow() {
        // s2729 p005 (a scan, signed, first contact): "«13»" read "„13»"; no date was found on the row.
        let row = [w("„13»", 323, 2158, 70, 31, 0.75), w("марта", 428, 2169, 100, 30, 0.94), w("2025", 550, 2158, 90, 31, 0.94),
                   w("г.", 665, 2169, 20, 20, 0.95), w("[", 1249, 2145, 20, 51, 0.66), w("|", 1304, 2099, 20, 97, 0.56),
                   w("]", 1422, 2130, 20, 67, 0.86), w("[>", 1482, 2104, 140, 92, 0.5), w("Киселев", 1936, 2158, 151, 32, 0.48),
                   w("В.Д.", 2104, 2158, 78, 37, 0.96)]
        XCTAssertEqual(Extractor.signaturePlace(row)?.dateEnd, 685)
        XCTAssertEqual(Extractor.signaturePlace(row)?.nameStart, 1936)
        XCTAssertEqual(Extractor.firstDate(in: "„13» марта 2025 г."), SimpleDate(year: 2025, month: 3, day: 13))
    }

    func testInitialsWhoseDotsWereLostBelongToTheName() {
        // Seed 2573 p029 (scan, consent left unsigned): "О.Д. Киселёва" read "ОД" 0.92 sure beside
        // "Кисепева": the place ran over "ОД" and its ink was taken for a pen.
        let row = [w("«08»", 296, 1989, 89, 30, 0.81), w("июля", 415, 1998, 91, 20, 0.93), w("2025", 535, 1989, 91, 30, 0.92),
                   w("г.", 655, 1998, 35, 20, 0.96), w("—_.", 1171, 1985, 55, 49, 0), w("ОД", 1909, 1989, 68, 34, 0.92),
                   w("Кисепева", 2030, 1990, 186, 29, 0.88), w("—", 2282, 2027, 6, 3, 0.2)]
        XCTAssertEqual(Extractor.signaturePlace(row)?.nameStart, 1909)
        // Marks read as small words on the row (the form-aware reading of the page) bring the row's
        // print height down to 20 px, under the initials' 34: they still belong to the name.
        let marked = row + (0..<4).map { w("ии", 1250 + 60 * $0, 2002, 40, 18, 0.2) }
        XCTAssertEqual(Extractor.printHeight(marked), 20)
        XCTAssertEqual(Extractor.signaturePlace(marked)?.nameStart, 1909)
        // A pen's loops read as two capitals, unsure or taller than the name, stay in the place.
        var pen = row
        pen[5] = w("ОД", 1909, 1975, 68, 60, 0.92)
        XCTAssertEqual(Extractor.signaturePlace(pen)?.nameStart, 2030)
        pen[5] = w("ОД", 1909, 1989, 68, 34, 0.4)
        XCTAssertEqual(Extractor.signaturePlace(pen)?.nameStart, 2030)
    }

    func testAPensLoopsReadAsInitialsAreNoPrint() {
        // Seed 2513 p015: a compact scribble read "МА." 0.91 sure, 58 px tall on a row of 41 px words.
        XCTAssertFalse(Extractor.readAsPrint(OCRWord(text: "МА.", confidence: 0.91, box: Box(x: 1280, y: 3336, width: 87, height: 58)), lineHeight: 41))
        XCTAssertTrue(Extractor.readAsPrint(OCRWord(text: "М.А.", confidence: 0.93, box: Box(x: 1280, y: 3345, width: 70, height: 36)), lineHeight: 41),
                      "printed initials are capitals no taller than the row's words")
        XCTAssertTrue(Extractor.readAsPrint(OCRWord(text: "Барсегян", confidence: 0.92, box: Box(x: 1855, y: 3341, width: 235, height: 58)), lineHeight: 41))
    }

    func testMarksReadAsWordsDoNotShrinkTheRowSoThatTheNameLooksLikeAScribble() {
        // Seed 2521 p015, the signing row as read: a dot and a rule's end 3 px tall and the captions
        // under the line; "Смирнова" 45 px tall. With every word counted the row was 29 px and the
        // name a "scribble": not found, so the place ran to the line's end over the printed name.
        let row = [w("«24»", 222, 2228, 80, 37, 0.96), w("апреля", 316, 2239, 120, 35, 0.96), w("2026", 453, 2229, 84, 37, 0.96),
                   w("г.", 553, 2239, 19, 26, 0.97), w(".", 1326, 2274, 12, 3, 0.13), w("{подпись)", 1294, 2285, 118, 38, 0.61),
                   w("Смирнова", 1878, 2229, 173, 45, 0.87), w("(расшифровка", 1855, 2291, 175, 28, 0.97), w("А.А.", 2064, 2230, 63, 36, 0.97),
                   w("подписи}", 2041, 2292, 112, 26, 0.92), w("__", 2265, 2274, 52, 3, 0.49)]
        XCTAssertEqual(Extractor.printHeight(row), 37)
        let place = Extractor.signaturePlace(row)
        XCTAssertEqual(place?.nameStart, 1878, "the signer's name ends the place")
        XCTAssertTrue(Extractor.readAsPrint(row[6], lineHeight: Extractor.printHeight(row)), "the name is print, not a pen")
        XCTAssertEqual(Extractor.printHeight([w(".", 0, 0, 5, 3, 0.2)]), 3, "a row of marks only: all of them")
    }

    func testALongDateKeepsItsYearMark() {
        let place = Extractor.signaturePlace([word("«12»", x: 200), word("мая", x: 330), word("2025", x: 460), word("г.", x: 590, width: 30),
                                              word("Иванова", x: 1700, width: 180), word("А.", x: 1900, width: 40), word("Б.", x: 1950, width: 40)])
        XCTAssertEqual(place?.dateEnd, 620, "\"г.\" is part of the date, not a mark on the line")
        XCTAssertEqual(place?.nameStart, 1700)
    }

    func testMarksReadAsWordsOnTheLineStayInsideThePlace() {
        let place = Extractor.signaturePlace([word("12.05.2025", x: 200, width: 220), word("~жп", x: 900), word("Иванова", x: 1700, width: 180),
                                              word("А.Б.", x: 1900, width: 80)])
        XCTAssertEqual(place?.dateEnd, 420)
        XCTAssertEqual(place?.nameStart, 1700)
    }

    func testASurnameWhoseCapitalWasMisreadIsStillTheNameBeforeItsInitials() {
        // Seed 2509 p007: "«01» августа 2025 г. [empty line] Сейткалиев Т.К." read "(ейткалиев" (0.38 sure):
        // the place ran over the surname and its print counted as a signature.
        var surname = word("(ейткалиев", x: 1914, width: 182)
        surname.confidence = 0.38
        let place = Extractor.signaturePlace([word("«01»", x: 273), word("августа", x: 358), word("2025", x: 484), word("г.", x: 577, width: 17),
                                              surname, word("Т.К.", x: 2108, width: 56)])
        XCTAssertEqual(place?.nameStart, 1914)
    }

    func testInitialsBeforeTheSurnameBelongToTheName() {
        // "«23» августа 2026 г. [signature] М.Ж. Рахимова": the initials are printed, not a mark.
        let place = Extractor.signaturePlace([word("«23»", x: 200), word("августа", x: 330), word("2026", x: 460), word("г.", x: 590, width: 30),
                                              word("М.Ж.", x: 1640, width: 70), word("Рахимова", x: 1730, width: 200)])
        XCTAssertEqual(place?.nameStart, 1640)
        XCTAssertTrue(Extractor.isInitials("М.Ж."))
        XCTAssertTrue(Extractor.isInitials("Ж."))
        XCTAssertFalse(Extractor.isInitials("~жп"), "a scribble read as a word stays in the place")
        XCTAssertFalse(Extractor.isInitials("Рахимова"))
    }

    func testUnsureInitialsOnTheNamesLineAtItsHeightBelongToTheName() {
        // Seed 2553 p005 (bilevel scan), the signing row as read: "Л.Н." 0.28 sure before "Иванова".
        let row = [w("18.05.2026", 321, 2126, 248, 39, 0.96), w("и", 1216, 2174, 280, 3, 0.0),
                   w("Л.Н.", 1884, 2126, 88, 38, 0.28), w("Иванова", 1992, 2127, 194, 38, 0.96)]
        XCTAssertEqual(Extractor.signaturePlace(row)?.nameStart, 1884)
        // Loops of a pen read as initials, unsure, taller than the name and above its line, stay in the place.
        let pen = [row[0], w("Л.Н.", 1880, 2090, 90, 60, 0.28), row[3]]
        XCTAssertEqual(Extractor.signaturePlace(pen)?.nameStart, 1992)
    }

    func testThePlaceStopsBelowThePrintedLineAbove() {
        // The paragraph's last line ends 60 pixels above the signing row; a scribble read as a tall,
        // unsure word between them is no printed line.
        let above = [OCRWord(text: "через", confidence: 0.93, box: Box(x: 300, y: 2900, width: 150, height: 40)),
                     OCRWord(text: "изменений.", confidence: 0.91, box: Box(x: 900, y: 2902, width: 260, height: 40)),
                     OCRWord(text: "Жпр", confidence: 0.31, box: Box(x: 800, y: 2880, width: 300, height: 110))]
        XCTAssertEqual(Extractor.printedBottomAbove(above, rowTop: 3000, from: 600, to: 1600, lineHeight: 40), 2942)
        XCTAssertNil(Extractor.printedBottomAbove(Array(above.prefix(1)), rowTop: 3000, from: 600, to: 1600, lineHeight: 40),
                     "a word outside the place's width does not bound it")
    }

    func testAScribbleReadAsATallWordIsNotTheName() {
        // Seed 2105: a scribble read as a capitalised word three lines tall cut the place before it.
        let scribble = OCRWord(text: "Жпрв", confidence: 0.35, box: Box(x: 1114, y: 2850, width: 300, height: 120))
        let words = [word("12.05.2025", x: 200, width: 220), scribble, word("Иванова", x: 1700, width: 180), word("А.Б.", x: 1900, width: 80)]
        XCTAssertEqual(Extractor.signaturePlace(words.sorted { $0.box.x < $1.box.x })?.nameStart, 1700)
        let unsure = OCRWord(text: "Жпрв", confidence: 0.12, box: Box(x: 1114, y: 3000, width: 300, height: 40))
        XCTAssertEqual(Extractor.signaturePlace([word("12.05.2025", x: 200, width: 220), unsure, word("А.Б.", x: 1900, width: 80)])?.nameStart, 1900,
                       "with no surname read, the place runs past a hardly sure word to the last word read as print")
        XCTAssertEqual(Extractor.signaturePlace([word("12.05.2025", x: 200, width: 220), unsure])?.nameStart, 1020,
                       "with nothing else on the row, the place keeps its usual width after the date")
    }

    func testAGuessedPlaceRunsToTheEndOfItsSigningLine() throws {
        // sig2675 p013 (a poor phone photo of an application signed with initials), as read: the date
        // "«2ъ июля 20761.", the pen read "№" 176 x 77, the signer's name "шо" 0.16 sure. No name, so
        // the place was guessed 600 pixels long (700-1222) and the pen at 1301-1477 was reported missing.
        let row = [w("«2ъ", 344, 1961, 82, 39, 0.136), w("июля", 439, 1971, 89, 29, 0.601), w("20761.", 542, 1961, 119, 39, 0.516),
                   w("_", 1207, 2007, 91, 5, 0.812), w("№", 1301, 1938, 176, 77, 0.755), w("шо", 1792, 1962, 599, 51, 0.164)]
        let place = try XCTUnwrap(Extractor.signaturePlaceFound(row))
        XCTAssertEqual(place.dateEnd, 661)
        XCTAssertTrue(place.guessed)
        XCTAssertEqual(place.nameStart, 661 + Extractor.guessedPlaceLength)
        // The form lines found on the row: the signing line broken by the pen (found from 1487 on), the
        // name's line in two pieces.
        let rules = [Box(x: 1782, y: 2008, width: 181, height: 2), Box(x: 1487, y: 2009, width: 209, height: 2),
                     Box(x: 2228, y: 2009, width: 168, height: 2)]
        let zone = Box(x: 700, y: 1883, width: 522, height: 117)
        XCTAssertEqual(Extractor.signingLineEnd(rules, words: row, zone: zone, rowTop: 1961, lineHeight: 39), 1696,
                       "the place runs to the end of the first line after the guess")
        // The signer's name printed on that line, however unsure, ends the place before it.
        let named = row + [w("Штеин", 1250, 1965, 110, 36, 0.2)]
        XCTAssertNil(Extractor.signingLineEnd(rules, words: named, zone: zone, rowTop: 1961, lineHeight: 39))
        let farther = row + [w("Штеин", 1660, 1965, 110, 36, 0.2)]
        XCTAssertEqual(Extractor.signingLineEnd(rules, words: farther, zone: zone, rowTop: 1961, lineHeight: 39), 1621)
        XCTAssertEqual(Extractor.signingLineEnd(rules, words: row + [w("__", 1560, 2000, 60, 6, 0.2)], zone: zone, rowTop: 1961,
                                                lineHeight: 39), 1696, "a mark lower than the print is no name")
        // No line begins within ten line heights of the guess: the guess stands.
        XCTAssertNil(Extractor.signingLineEnd([Box(x: 1782, y: 2008, width: 181, height: 2)], words: row, zone: zone,
                                              rowTop: 1961, lineHeight: 39))
        // A line far under the row (the next row's rule) is not the signing line.
        XCTAssertNil(Extractor.signingLineEnd([Box(x: 1487, y: 2120, width: 209, height: 2)], words: row, zone: zone,
                                              rowTop: 1961, lineHeight: 39))
        // A name read as print ends the place, and the place is not guessed.
        XCTAssertEqual(Extractor.signaturePlaceFound(row + [w("Штейн", 1792, 1962, 112, 36, 0.93)])?.guessed, false)
    }

    func testInitialsReadAsDigitsStillEndThePlaceAtTheSurname() {
        // sig2679 p023 (a poor unsigned page, first contact), as read: "З.Е." read "3.8." 0.55 sure, the
        // surname "ЮКозлова" 0.15 sure and 42 pixels tall for the date's 33. The place ran to the initials,
        // over the surname, whose ink was taken for a pen.
        let row = [w("«17»", 294, 2262, 101, 34, 0.749), w("апреля", 425, 2270, 152, 32, 0.959), w("2025", 609, 2262, 99, 33, 0.951),
                   w("г.", 742, 2270, 38, 25, 0.951), w("_.", 1139, 2296, 68, 5, 0), w(".", 1300, 2297, 4, 3, 0.215),
                   w("__", 1693, 2300, 56, 1, 0.176), w("ЮКозлова", 1825, 2264, 179, 42, 0.152), w("3.8.", 2019, 2262, 255, 40, 0.548)]
        XCTAssertEqual(Extractor.signaturePlace(row)?.nameStart, 1825)
        XCTAssertTrue(Extractor.initialsReadAsDigits("3.8."))
        XCTAssertTrue(Extractor.initialsReadAsDigits("Л.8."))
        XCTAssertFalse(Extractor.initialsReadAsDigits("1.2."), "digits no capital looks like")
        XCTAssertFalse(Extractor.initialsReadAsDigits("38"))
        // A word far taller than the initials is no surname printed beside them (a scribble): the place runs on.
        var scribble = row
        scribble[7] = w("ЮКозлова", 1825, 2230, 179, 80, 0.152)
        XCTAssertEqual(Extractor.signaturePlace(scribble)?.nameStart, 2019)
    }

    func testARowWithoutADateIsNoSigningRow() {
        XCTAssertNil(Extractor.signaturePlace([word("Иванова", x: 1700), word("А.Б.", x: 1900)]))
    }
    func testAStampOverTheLineSplitsNeitherTheRowsNorThePlace() throws {
        // Seed 2523 p017 as read: a round stamp over the signature came out as six rows of marks
        // between the anchor and the signing row, and the signing row itself as two lines (the date,
        // then "ГПИЛАЛАЛАЯ А.С. Смирнова"): the row was not looked at, then the place ended at a mark.
        let lines: [[OCRWord]] = [
            [w("СОГЛАСИЕ", 300, 200, 300, 40, 0.96), w("НА", 620, 200, 60, 40, 0.96), w("ОБРАБОТКУ", 700, 200, 320, 40, 0.96),
             w("ПЕРСОНАЛЬНЫХ", 1040, 200, 420, 40, 0.96), w("ДАННЫХ", 1480, 200, 240, 40, 0.96)],
            "может быть отозвано по письменному заявлению.".split(separator: " ").enumerated().map { i, t in
                w(String(t), 300 + i * 200, 1650, 180, 33, 0.96) },
            [w("и", 1169, 1657, 169, 48, 0.5)], [w("\\", 1148, 1698, 12, 21, 0.9), w("и", 1357, 1709, 20, 11, 0.14)],
            [w("М", 1107, 1686, 270, 258, 0.02)], [w("$", 1097, 1784, 23, 35, 0.73), w("ии", 1202, 1789, 138, 27, 0)],
            [w("«09»", 299, 1828, 101, 30, 0.91), w("сентября", 432, 1825, 205, 42, 0.96), w("2025", 670, 1828, 101, 30, 0.93),
             w("г.", 805, 1834, 37, 24, 0.97), w("-\\", 1098, 1834, 25, 28, 0.66)],
            [w("ГПИЛАЛАЛАЯ", 1195, 1821, 234, 44, 0.19), w("А.С.", 1856, 1828, 95, 30, 0.97), w("Смирнова", 1991, 1828, 208, 39, 0.96)],
            [w("=", 1111, 1881, 48, 46, 0.37), w("ии", 1195, 1870, 213, 44, 0.36)],
        ]
        let page = OCRPage(source: "p017.png", page: 1, width: 2480, height: 3508, lines: lines.map { OCRLine(words: $0) },
                           engine: EngineInfo(tesseract: "5", models: [:]))
        let extractor = Extractor()
        let stream = PageStream(tokens: PageLayout.readingOrder(page))
        let template = try XCTUnwrap(Templates.template(for: .consent))
        let row = try XCTUnwrap(extractor.signingRow(stream, template: template))
        XCTAssertEqual(row.dateEnd, 842)
        XCTAssertEqual(row.nameStart, 1856, "the place runs from the date to the signer's initials")
    }

    func testASurnameReadHardlySureStillEndsThePlace() {
        // Seed 2601 p018 (scan, signed): after a scribble on the line ("вы", 75 px tall, 0.13 sure) the
        // signer's name read 0.00 sure; with no name the place was guessed 600 pixels long and ended before the pen.
        let row = [w("«28»", 323, 2363, 85, 31, 0.965), w("мая", 424, 2372, 72, 22, 0.964), w("2026г", 513, 2363, 122, 31, 0.941),
                   w("вы", 1283, 2359, 100, 75, 0.133), w("Кузьменко", 1889, 2364, 215, 38, 0), w("ТН", 2120, 2364, 62, 29, 0)]
        XCTAssertEqual(Extractor.signaturePlace(row)?.nameStart, 1889)
        // A scribble read as capitals, or taller than the print, is no name: the guess stands.
        var scribble = row
        scribble[4] = w("ЧАВИВЬ", 1889, 2364, 215, 38, 0)
        XCTAssertEqual(Extractor.signaturePlace(scribble)?.nameStart, 635 + 600)
        scribble[4] = w("Кузьменко", 1889, 2340, 215, 60, 0)
        XCTAssertEqual(Extractor.signaturePlace(scribble)?.nameStart, 635 + 600)
        // Seed 2589 p016 (scan, consent left unsigned): the initials read surely before an unsure surname
        // end the place, their ink is no pen's.
        let unsigned = [w("29.06.2025", 323, 1606, 193, 46, 0.967), w("Д.С.", 1926, 1612, 71, 36, 0.962),
                        w("Усманова", 2010, 1613, 178, 34, 0.1)]
        XCTAssertEqual(Extractor.signaturePlace(unsigned)?.nameStart, 1926)
    }
    /// A recorded word: text, box and confidence as the reading gave them.
    func rec(_ t: String, _ x: Int, _ y: Int, _ width: Int, _ h: Int, _ c: Double) -> OCRWord {
        OCRWord(text: t, confidence: c, box: Box(x: x, y: y, width: width, height: h))
    }

    func testCaptionsUnderTheLineDoNotLowerTheRowUntilTheSurnameLooksLikeAScribble() {
        // Seed 2617 p010 (bilevel scan, consent whose pen the scan lost): the captions "(подпись)" and
        // "(расшифровка подписи)" were read on the signing row; their 15-29 pixels made the row 26 pixels
        // tall, the 44-pixel surname was left out as a scribble, the place ran to the initials over it,
        // and the consent was activated.
        let row = [rec("23.08.2026", 278, 2975, 252, 37, 0.95), rec("по", 1302, 3024, 41, 25, 0.11), rec("иннь*", 1356, 3025, 85, 26, 0),
                   rec("рас", 1829, 3034, 38, 23, 0.63), rec("Ермекова", 1841, 2976, 201, 44, 0.76),
                   rec("ниифровва", 1881, 3029, 151, 29, 0.23), rec("по", 2048, 3034, 32, 16, 0.85),
                   rec("А.Н.", 2065, 2976, 95, 35, 0.95), rec("шиеи", 2093, 3034, 76, 15, 0.30)]
        XCTAssertEqual(Extractor.printHeight(row), 26, "all words: the captions' height")
        XCTAssertEqual(Extractor.onDateLine(row).count, 3)
        XCTAssertEqual(Extractor.printHeight(Extractor.onDateLine(row)), 37)
        XCTAssertEqual(Extractor.signaturePlace(row)?.nameStart, 1841)
    }

    func testInitialsBeforeTheNameAreFoundPastACaptionUnderTheLine() {
        // Seed 2623 p025 (scan, consent left unsigned): "(расшифровка" under the line lay between "Д.Н."
        // and "Хайруллина" in the row's order, so the initials were not joined to the name and their
        // ink, inside the place, was taken for a pen.
        let row = [rec("«29»", 380, 2347, 104, 39, 0.95), rec("марта", 508, 2360, 133, 38, 0.97), rec("2025", 661, 2347, 118, 39, 0.96),
                   rec("г.", 801, 2360, 31, 26, 0.96), rec("(подпись)", 1371, 2400, 161, 34, 0.90), rec("Д.Н.", 1862, 2346, 107, 48, 0.96),
                   rec("(расшифровка", 1866, 2400, 242, 37, 0.93), rec("Хайруллина", 1992, 2346, 285, 48, 0.97),
                   rec("подпиеи)", 2124, 2400, 149, 35, 0.80)]
        XCTAssertEqual(Extractor.signaturePlace(row)?.nameStart, 1862)
    }

    func testInitialsWithALetterReadAsADigitBelongToTheName() {
        // Seed 2623 p008 (poor, a stamp alone over the line): "Л.В." read "Л.8." 0.83 sure before the surname.
        let row = [rec("«18»", 363, 2471, 95, 39, 0.94), rec("июня", 473, 2481, 111, 29, 0.96), rec("2026", 599, 2472, 100, 38, 0.94),
                   rec("г.", 711, 2482, 27, 27, 0.94), rec("5", 1542, 2474, 26, 43, 0.23), rec("Л.8.", 1905, 2473, 94, 48, 0.83),
                   rec("Тодышева", 2013, 2473, 223, 48, 0.86)]
        XCTAssertEqual(Extractor.signaturePlace(row)?.nameStart, 1905)
        let name = rec("Тодышева", 2013, 2473, 223, 48, 0.86)
        XCTAssertFalse(Extractor.misreadInitials(rec("Л.8.", 1905, 2473, 94, 48, 0.3), of: name), "read hardly sure: a pen's loops")
        XCTAssertFalse(Extractor.misreadInitials(rec("Л.8.", 1905, 2400, 94, 120, 0.83), of: name), "three lines tall: a pen's loops")
        XCTAssertFalse(Extractor.misreadInitials(rec("18.", 1905, 2473, 94, 48, 0.83), of: name))
    }

    func testMarksReadAsWordsRightOfTheNameDoNotEndThePlace() {
        // Sig2643 p018 (poor consent left unsigned, first contact), as read: "|." 0.36 sure right of the
        // signer's initials and surname ("ИД." 0.30, "Серная" 0.00 for "И.Д. Смирнова"); a dotted line read
        // "ца" 7 pixels tall. The place ran to the mark, over the name.
        let row = [rec("20.11.2025", 259, 2337, 222, 71, 0.814), rec("ое", 1047, 2341, 288, 68, 0.266), rec("ца", 1376, 2400, 47, 7, 0.44),
                   rec("ща.", 1465, 2397, 91, 16, 0.0), rec("ИД.", 1835, 2360, 85, 42, 0.298), rec("Серная", 1937, 2359, 205, 42, 0.0),
                   rec("|.", 2187, 2345, 37, 36, 0.363)]
        XCTAssertEqual(Extractor.signaturePlace(row)?.nameStart, 1835)
    }

    func testASurelyReadNameWhoseBoxRunsIntoTheLineIsStillTheName() {
        // Sig2647 p002 (poor application signed with a tick, first contact), as read: "Тошматов" 0.89 sure and
        // "Б.А." 56 pixels tall on a row of 34 (the line under them merged into their boxes); the tick read
        // "." at 1348. No name was found and the place, guessed 600 pixels long, ended at 1336.
        let row = [rec("«16»", 361, 2361, 94, 33, 0.619), rec("июля", 474, 2367, 112, 27, 0.473), rec("2025", 603, 2360, 90, 34, 0.959),
                   rec("г.", 709, 2369, 27, 24, 0.955), rec(".", 1348, 2348, 97, 53, 0), rec("о", 1630, 2368, 48, 33, 0.14),
                   rec("Тошматов", 1913, 2354, 201, 56, 0.888), rec("Б.А.", 2142, 2354, 92, 56, 0.967)]
        XCTAssertEqual(Extractor.signaturePlace(row)?.nameStart, 1913)
        // Read hardly sure, or three times the row's height, it is still no name (a scribble's loops).
        var unsure = row
        unsure[6] = rec("Тошматов", 1913, 2354, 201, 56, 0.5)
        XCTAssertEqual(Extractor.signaturePlace(unsure)?.nameStart, 736 + 600)
        var tall = row
        tall[6] = rec("Тошматов", 1913, 2300, 201, 110, 0.888)
        XCTAssertEqual(Extractor.signaturePlace(tall)?.nameStart, 736 + 600)
    }

    func testASurnameReadHardlySureBeforeItsInitialsEndsThePlace() {
        // Seed 2649 p025 p2 (bilevel scan, consent whose faint pen the scan lost), as read: "ПЪ5лищук" 0.02
        // sure for Полищук, then "Н.Б." 0.95. The place ran to the initials, over the surname.
        let row = [rec("«01»", 329, 1801, 89, 30, 0.903), rec("сентября", 446, 1802, 186, 35, 0.964), rec("2025", 660, 1801, 91, 29, 0.87),
                   rec("г.", 780, 1810, 35, 19, 0.947), rec("ПЪ5лищук", 1912, 1801, 160, 37, 0.016), rec("Н.Б.", 2102, 1802, 83, 28, 0.95)]
        XCTAssertEqual(Extractor.signaturePlace(row)?.nameStart, 1912)
        // A scribble's loops before the initials (taller than the row, or no letters) are no surname.
        var scribble = row
        scribble[4] = rec("ПЪ5лищук", 1912, 1760, 160, 90, 0.016)
        XCTAssertEqual(Extractor.signaturePlace(scribble)?.nameStart, 2102)
        scribble[4] = rec("/~=!-", 1912, 1801, 160, 37, 0.016)
        XCTAssertEqual(Extractor.signaturePlace(scribble)?.nameStart, 2102)
    }

    func testTheYearsMarkReadAsAnotherSignStillBelongsToTheDate() {
        // Sig2651 p003 (poor application signed with a tick, first contact), as read: "2026 г." read "1026 №.";
        // the sure "№." was taken for the signer's name, the place shrank to nothing, the tick was missed.
        let row = [rec("«20»", 227, 1747, 100, 31, 0.942), rec("июля", 359, 1754, 95, 24, 0.648), rec("1026", 488, 1749, 100, 33, 0.458),
                   rec("№.", 622, 1754, 37, 24, 0.847), rec("м", 1114, 1735, 428, 55, 0.37), rec("ША.", 1710, 1751, 275, 41, 0.051),
                   rec("ть", 2050, 1750, 96, 39, 0.286)]
        let place = Extractor.signaturePlace(row)
        XCTAssertEqual(place?.dateEnd, 659)
        XCTAssertEqual(place?.nameStart, 659 + 600)
    }

    func testInitialsWithADottedLineReadIntoTheirBoxBelongToTheName() {
        // Sig2643 p030 (poor application left unsigned, first contact): "А.О." read 44 pixels tall (the
        // dotted line under them in their box) beside "Воков" 33.
        let row = [rec("«18»", 206, 2403, 97, 35, 0.966), rec("марта", 330, 2412, 124, 33, 0.962), rec("2025", 482, 2402, 97, 36, 0.876),
                   rec("г.", 608, 2411, 39, 26, 0.959), rec("о", 1079, 2439, 486, 8, 0.118), rec("__", 1743, 2397, 55, 54, 0.256),
                   rec("А.О.", 1828, 2403, 91, 44, 0.256), rec("Воков", 1955, 2403, 145, 33, 0.0)]
        XCTAssertEqual(Extractor.signaturePlace(row)?.nameStart, 1828)
        XCTAssertFalse(Extractor.initialsBeside(rec("А.О.", 1828, 2340, 91, 100, 0.256), rec("Воков", 1955, 2403, 145, 33, 0.0)),
                       "three times the name's height: a pen")
    }

    func testInitialsWithTheirFirstCapitalReadAsASignBelongToTheName() {
        // Seed 2637 p018 (poor consent left unsigned, first contact): "В.А." read "№.А." 0.73 sure before the
        // surname; the place ran over them and their ink was taken for a pen.
        let row = [rec("19.07.2025", 386, 2513, 255, 53, 0.92), rec("п", 1217, 2540, 315, 23, 0.10), rec("..", 1771, 2557, 66, 6, 0.38),
                   rec("№.А.", 1894, 2516, 97, 46, 0.73), rec("Королева", 2028, 2517, 330, 46, 0.79), rec("__", 2280, 2512, 79, 55, 0.56)]
        XCTAssertEqual(Extractor.signaturePlace(row)?.nameStart, 1894)
        let name = rec("Королева", 2028, 2517, 330, 46, 0.79)
        XCTAssertTrue(Extractor.misreadInitials(rec("№.А.", 1894, 2516, 97, 46, 0.73), of: name))
        XCTAssertFalse(Extractor.misreadInitials(rec("№.№.", 1894, 2516, 97, 46, 0.73), of: name), "no capital: no initials")
        XCTAssertFalse(Extractor.misreadInitials(rec("а.б.", 1894, 2516, 97, 46, 0.73), of: name), "small letters: no initials")
    }
    func testARowOfMarksFarSmallerThanThePagesPrintIsNoSigningRow() throws {
        // Seed 2623 p009 (poor, signed, no anchor read): the lowest row holding something date-shaped was
        // 4-12 pixels tall, specks at the page's foot; judged as the signing row, it was reported signed
        // by one build and missing by the next. Passed over, the signing row above it is found.
        let body: [[OCRWord]] = (0..<4).map { k in
            "Обязуюсь уведомлять уполномоченный орган Кемеровской области".split(separator: " ").enumerated().map { i, t in
                rec(String(t), 300 + i * 330, 1800 + k * 60, 300, 38, 0.93) }
        }
        let signing = [rec("«09»", 299, 2400, 101, 38, 0.91), rec("сентября", 432, 2400, 205, 38, 0.96), rec("2025", 670, 2400, 101, 38, 0.93),
                       rec("г.", 805, 2406, 37, 28, 0.97), rec("А.С.", 1856, 2400, 95, 38, 0.97), rec("Смирнова", 1991, 2400, 208, 38, 0.96)]
        let specks = [rec("12.05.2025", 2055, 2533, 300, 12, 0.6), rec("ии", 2400, 2535, 60, 10, 0.5)]
        let page = OCRPage(source: "p009.png", page: 1, width: 2480, height: 3508,
                           lines: (body + [signing, specks]).map { OCRLine(words: $0) }, engine: EngineInfo(tesseract: "5", models: [:]))
        let stream = PageStream(tokens: PageLayout.readingOrder(page))
        let template = try XCTUnwrap(Templates.template(for: .application))
        let row = try XCTUnwrap(Extractor().signingRow(stream, template: template))
        XCTAssertEqual(row.dateEnd, 842)
        XCTAssertEqual(row.nameStart, 1856)
    }

    func testCapitalsStandingOnTheSigningLineAreTheSignersInitials() {
        // Seed 2657 p015 (clean consent): initials in block letters read "КАМ", 40 px tall on a row of 34 px
        // words, standing on the signing line at y 1898 (x 1172-1647); reported unsigned.
        let line = Box(x: 1172, y: 1898, width: 475, height: 3)
        let pen = OCRWord(text: "КАМ", confidence: 0.8, box: Box(x: 1337, y: 1857, width: 95, height: 40))
        XCTAssertTrue(Extractor.readAsPrint(pen, lineHeight: 34), "read as print on its own")
        XCTAssertTrue(Extractor.initialsOnTheLine(pen, line: line, lineHeight: 34))
        // The caption under the line, a lower-case word, the name beyond the line's end, a form's own mark,
        // and a page whose signing line was not found: print as before.
        XCTAssertFalse(Extractor.initialsOnTheLine(OCRWord(text: "(подпись)", confidence: 0.9, box: Box(x: 1340, y: 1905, width: 120, height: 25)), line: line, lineHeight: 34))
        XCTAssertFalse(Extractor.initialsOnTheLine(OCRWord(text: "подпись", confidence: 0.9, box: Box(x: 1340, y: 1862, width: 120, height: 34)), line: line, lineHeight: 34))
        XCTAssertFalse(Extractor.initialsOnTheLine(OCRWord(text: "А.Б.", confidence: 0.93, box: Box(x: 1872, y: 1855, width: 82, height: 33)), line: line, lineHeight: 34))
        XCTAssertFalse(Extractor.initialsOnTheLine(OCRWord(text: "М.П.", confidence: 0.93, box: Box(x: 1337, y: 1860, width: 82, height: 33)), line: line, lineHeight: 34))
        XCTAssertFalse(Extractor.initialsOnTheLine(pen, line: nil, lineHeight: 34))
    }

    func testAMarkInAPlaceGuessedWithNoAnchorAndNoLineIsUndecided() {
        // sig2711 p006 (a poor unsigned application, first contact): no anchor phrase read and no signing line found
        // among the form lines, so the lowest row holding a date was taken; the faint line's dashes there were taken
        // for a pen. A mark in such a place is not known to be a signature in the signing place: undecided.
        func w(_ t: String, _ x: Int, _ y: Int, _ width: Int, _ h: Int) -> OCRWord {
            OCRWord(text: t, confidence: 0.95, box: Box(x: x, y: y, width: width, height: h))
        }
        let legal = [w("Обязуюсь", 300, 2400, 200, 40), w("уведомлять", 520, 2400, 240, 40), w("уполномоченный", 780, 2400, 330, 40)]
        let anchored = [w("после", 300, 2460, 120, 40), w("соответствующих", 440, 2460, 350, 40), w("изменений.", 810, 2460, 230, 40)]
        let signing = [w("«08»", 300, 2600, 80, 40), w("июля", 400, 2600, 90, 40), w("2025", 510, 2600, 100, 40), w("г.", 620, 2605, 30, 35),
                       w("Гайдук", 1800, 2600, 150, 40), w("В.В.", 1970, 2600, 80, 40)]
        func page(_ rows: [[OCRWord]]) -> PageStream {
            PageStream(tokens: PageLayout.readingOrder(OCRPage(source: "p006.pdf", page: 1, width: 2480, height: 3508,
                                                               lines: rows.map { OCRLine(words: $0) }, engine: EngineInfo(tesseract: "5", models: [:]))))
        }
        let pen = SignatureMarkTests.RectPage(dark: [Box(x: 1000, y: 2570, width: 300, height: 60)])
        guard let template = Templates.template(for: .application) else { return XCTFail("no application template") }
        let extractor = Extractor()
        XCTAssertNil(extractor.signaturePresent(page([legal, signing]), template: template, zones: pen))
        // An empty place stays missing.
        XCTAssertEqual(extractor.signaturePresent(page([legal, signing]), template: template, zones: SignatureMarkTests.RectPage(dark: [])), false)
        // With the anchor read above the row, or the signing line found, the same mark signs.
        XCTAssertEqual(extractor.signaturePresent(page([legal, anchored, signing]), template: template, zones: pen), true)
        XCTAssertEqual(extractor.signaturePresent(page([legal, signing]), template: template, zones: pen,
                                                  rules: [Box(x: 700, y: 2638, width: 1000, height: 3)]), true)
    }
}

