import XCTest
@testable import Extraction
import IntakeModel

/// Where the signature goes on the signing row, from recorded words: no Tesseract needed.
final class SignaturePlaceTests: XCTestCase {
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

    func testARowWithoutADateIsNoSigningRow() {
        XCTAssertNil(Extractor.signaturePlace([word("Иванова", x: 1700), word("А.Б.", x: 1900)]))
    }
}
