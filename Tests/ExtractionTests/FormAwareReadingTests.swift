import Foundation
import XCTest
@testable import Extraction
import IntakeModel

/// Locate, then read, simulated on recorded OCR: the skeleton is built from the recorded lines'
/// boxes, a probe "reads" the recorded words inside its region, and the skipped lines are taken
/// out of the page before extraction. No Tesseract needed.
final class FormAwareReadingTests: XCTestCase {
    let extractor = Extractor(today: SimpleDate(year: 2026, month: 11, day: 23)!)
    let planner = FormReadingPlan()

    func recorded(_ name: String) throws -> [OCRPage] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "ocr.json", subdirectory: "Recorded"))
        return try JSONDecoder().decode([OCRPage].self, from: Data(contentsOf: url))
    }

    /// The page as the form-aware path reads it, and the number of lines it skipped.
    func formAware(_ page: OCRPage) -> (OCRPage, Int) {
        let boxes = page.lines.map { Box.union($0.words.map(\.box)) }
        let skeleton = PageSkeleton(lines: boxes)
        func inside(_ probe: Box) -> [OCRWord] {
            page.words.filter { $0.box.midX >= probe.x && $0.box.maxX <= probe.maxX + 8 && $0.box.midY >= probe.y && $0.box.midY <= probe.maxY }
        }
        let (skipped, probes) = skeleton.skippable(planner: planner) { inside($0).map(\.text).joined(separator: " ") }
        let drop = Set(skipped.map { skeleton.lines[$0] })
        var out = page
        out.lines = zip(page.lines, boxes).filter { !drop.contains($0.1) }.map(\.0)
        // The probes of skipped paragraphs stand in for their first lines.
        for p in probes where skipped.contains(where: { skeleton.lines[$0].verticalOverlap(p) > 0.5 }) {
            out.lines.append(OCRLine(words: inside(p)))
        }
        out.lines.sort { ($0.box.y, $0.box.x) < ($1.box.y, $1.box.x) }
        return (out, skipped.count)
    }

    func testLegalParagraphsAreRecognisedFromTheirOpening() {
        XCTAssertTrue(planner.isBoilerplate(opening: "Перечень персональных данных, на обработку"))
        XCTAssertTrue(planner.isBoilerplate(opening: "Согласие дается на совершение следующих действий с"))
        XCTAssertTrue(planner.isBoilerplate(opening: "С условиями предоставления, использования, прекращения"))
        XCTAssertTrue(planner.isBoilerplate(opening: "Обязуюсь уведомлять уполномоченный орган"), "one misread letter")
        XCTAssertTrue(planner.isBoilerplate(opening: "Обязуюсь ув0домлять уполномоченный орган"), "one misread letter")
        // Paragraphs with fields or phrases extraction needs are read whole.
        XCTAssertFalse(planner.isBoilerplate(opening: "Настоящее согласие действует со дня его"))
        XCTAssertFalse(planner.isBoilerplate(opening: "Прошу зарегистрировать указанного ниже ребенка,"))
        XCTAssertFalse(planner.isBoilerplate(opening: "Я, Королева Наталья Петровна, проживающий(ая)"))
        // An opening found late in the probe is not an opening; a short probe decides nothing.
        XCTAssertFalse(planner.isBoilerplate(opening: "В связи с тем что Перечень персональных данных, на обработку"))
        XCTAssertFalse(planner.isBoilerplate(opening: "Перечень"))
        XCTAssertFalse(planner.isBoilerplate(opening: ""))
    }

    func testSkeletonGroupsParagraphsByIndentAndGap() {
        // A title, an indented paragraph of three full lines, a label line after a gap.
        let lines = [Box(x: 900, y: 200, width: 800, height: 50),
                     Box(x: 500, y: 400, width: 1700, height: 45), Box(x: 350, y: 460, width: 1850, height: 45),
                     Box(x: 350, y: 520, width: 900, height: 45),
                     Box(x: 350, y: 640, width: 1000, height: 45), Box(x: 350, y: 700, width: 1200, height: 45),
                     Box(x: 350, y: 760, width: 1100, height: 45)]
        let s = PageSkeleton(lines: lines)
        XCTAssertEqual(s.margin, 350)
        XCTAssertEqual(s.paragraphs, [[0], [1, 2, 3], [4], [5], [6]])
        XCTAssertTrue(s.isIndented(1))
        XCTAssertFalse(s.isIndented(0), "a centred title is not an indented paragraph")
        XCTAssertFalse(s.isIndented(2))
        var probed: [Box] = []
        let r = s.skippable(planner: planner) { probed.append($0); return "Перечень персональных данных, на обработку" }
        XCTAssertEqual(probed.count, 1, "only paragraphs of three or more lines are probed")
        XCTAssertEqual(r.skipped, [1, 2], "the last line is kept (the probe stands in for the first)")
    }

    /// The recorded pages read form-aware give the same fields, statuses and signature as read whole.
    func testFormAwareReadingKeepsEveryField() throws {
        var skippedTotal = 0
        for name in ["p001-clean-inline-app", "p001-clean-inline-consent", "p002-clean-table", "p003-clean-underline"] {
            for page in try recorded(name) {
                let whole = extractor.extract(page)
                let (reduced, skipped) = formAware(page)
                skippedTotal += skipped
                let aware = extractor.extract(reduced)
                XCTAssertEqual(aware.form, whole.form, name)
                for (key, f) in whole.fields {
                    XCTAssertEqual(aware.fields[key]?.value, f.value, "\(name) \(key)")
                    XCTAssertEqual(aware.fields[key]?.status, f.status, "\(name) \(key)")
                }
                let template = try XCTUnwrap(Templates.template(for: whole.form))
                func signing(_ p: OCRPage) -> SimpleDate? {
                    extractor.signingDate(PageStream(tokens: PageLayout.readingOrder(p)), template: template)
                }
                XCTAssertNotNil(signing(page), name)
                XCTAssertEqual(signing(reduced), signing(page), "the signing date is still found: \(name)")
            }
        }
        XCTAssertGreaterThan(skippedTotal, 8, "legal paragraphs were skipped")
    }
}

/// Weak pages: only the bands of the fields' rows are read again and spliced into the page.
final class WeakZonesTests: XCTestCase {
    func line(_ y: Int, _ text: String) -> OCRLine {
        OCRLine(words: [OCRWord(text: text, confidence: 0.9, box: Box(x: 100, y: y, width: 400, height: 40))])
    }

    func testBandsMergeAndSpliceReplacesOnlyTheirRows() {
        let zones = WeakZones(boxes: [Box(x: 300, y: 500, width: 200, height: 40), Box(x: 300, y: 560, width: 200, height: 40),
                                      Box(x: 300, y: 1500, width: 200, height: 40)], margin: 40, pageHeight: 3000)
        XCTAssertEqual(zones.bands, [460..<640, 1460..<1580])
        XCTAssertEqual(zones.outside(width: 2000, height: 3000),
                       [Box(x: 0, y: 0, width: 2000, height: 460), Box(x: 0, y: 640, width: 2000, height: 820),
                        Box(x: 0, y: 1580, width: 2000, height: 1420)])
        let engine = EngineInfo(tesseract: "5", models: [:])
        let page = OCRPage(source: "p", page: 1, width: 2000, height: 3000,
                           lines: [line(100, "title"), line(500, "label: val0e"), line(1500, "phone 8(9O2)"), line(2000, "prose")], engine: engine)
        let again = OCRPage(source: "p", page: 1, width: 2000, height: 3000,
                            lines: [line(505, "label: value"), line(1502, "phone 8(902)"), line(2000, "noise outside")], engine: engine)
        let spliced = zones.splice(page, with: again)
        XCTAssertEqual(spliced.lines.map(\.text), ["title", "label: value", "phone 8(902)", "prose"])
    }

    func testAFieldNotFoundIsLookedForBetweenItsNeighboursInPrintedOrder() {
        let b = { (y: Int) in Box(x: 300, y: y, width: 200, height: 40) }
        // Fields in printed order: the second and the last were not found.
        let zones = WeakZones(fields: [(b(500), false), (nil, true), (b(900), false), (b(1500), false), (nil, true)],
                              margin: 40, pageHeight: 3000)
        XCTAssertEqual(zones?.bands, [460..<980, 1460..<3000])
        // A field not found before the first value found: from the page's top.
        XCTAssertEqual(WeakZones(fields: [(nil, true), (b(900), false)], margin: 40, pageHeight: 3000)?.bands, [0..<980])
        // A patronymic not printed is no field to look for.
        XCTAssertEqual(WeakZones(fields: [(b(500), false), (nil, false), (b(900), false)], margin: 40, pageHeight: 3000)?.bands,
                       [460..<580, 860..<980])
        // A value out of the printed order (its label misread elsewhere) counts as not found: the
        // most values in order are kept.
        XCTAssertEqual(WeakZones(fields: [(b(500), false), (b(2500), false), (b(900), false), (b(1500), false)],
                                 margin: 40, pageHeight: 3000)?.bands, [460..<980, 1460..<1580])
        // Fewer than two values in order: nothing to place the missing ones by.
        XCTAssertNil(WeakZones(fields: [(b(1500), false), (nil, true), (b(500), false)], margin: 40, pageHeight: 3000))
    }
}
