import CTesseract
import Foundation
import XCTest
@testable import OCR

/// A page fed upside down is read turned; a weak page fed upright (few confident words either
/// way) is not turned by the quick look at the turned page's middle band.
final class OrientationTests: XCTestCase {
    func testUpsideDownPagesAreTurnedAndWeakUprightOnesAreNot() throws {
        let recognizer = try Recognizer(language: "rus")
        let cases = [("p001-clean-inline-app.png", true), ("p009-poor-underline-app.jpg", false)]
        for (name, upsideDown) in cases {
            let path = PreparerTests.root.appendingPathComponent("samples/\(name)").path
            let page = try XCTUnwrap(PageLoader.load(path: path).first)
            let image = upsideDown ? PageImage(owning: try XCTUnwrap(pixRotate180(nil, page.image.pix))) : page.image
            let fed = LoadedPage(source: name, page: 1, image: image, resolution: page.resolution)
            let read = try recognizer.recognize(fed)
            XCTAssertEqual(read.ocr.preparation.rotation, upsideDown ? 180 : 0, "\(name) fed \(upsideDown ? "upside down" : "upright")")
            XCTAssertTrue(read.ocr.words.contains { $0.text.lowercased().hasPrefix("заявлени") || $0.text.lowercased().hasPrefix("сертификат") },
                          "\(name): the form's words are read")
        }
    }
}
