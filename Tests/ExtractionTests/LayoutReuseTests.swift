import Foundation
import XCTest
@testable import Extraction
@testable import IntakeModel

/// Reusing a layout read before, simulated on recorded OCR: line profiles are made from the words'
/// boxes and letters (each letter gives its columns a fixed ink pattern), the "reading" of a region
/// is the recorded words inside it. No Tesseract needed.
final class LayoutReuseTests: XCTestCase {
    let extractor = Extractor(today: SimpleDate(year: 2026, month: 11, day: 23)!)

    func recorded(_ name: String) throws -> [OCRPage] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "ocr.json", subdirectory: "Recorded"))
        return try JSONDecoder().decode([OCRPage].self, from: Data(contentsOf: url))
    }

    /// Ink per column of a line made of `words`: each letter spreads a pattern of its own over its share of the word.
    static func profile(_ box: Box, _ words: [OCRWord]) -> [UInt16] {
        var p = [UInt16](repeating: 0, count: box.width)
        for w in words {
            let chars = Array(w.text.unicodeScalars)
            guard !chars.isEmpty else { continue }
            for c in 0..<w.box.width {
                let i = c * chars.count / w.box.width
                let v = UInt16((chars[i].value &* 2654435761 >> 7 &+ UInt32(c % 5) &* 7) % 23 + 4)
                let x = w.box.x + c - box.x
                if x >= 0, x < p.count { p[x] = v }
            }
        }
        return p
    }

    /// The page's rows of ink, as the projection finds them: words whose heights overlap share a row.
    static func lines(_ page: OCRPage) -> [ProfiledLine] {
        var rows: [(box: Box, words: [OCRWord])] = []
        for w in page.words.sorted(by: { $0.box.y < $1.box.y }) {
            if let last = rows.last, w.box.y < last.box.maxY {
                rows[rows.count - 1] = (last.box.union(w.box), last.words + [w])
            } else {
                rows.append((w.box, [w]))
            }
        }
        return rows.map { ProfiledLine(box: $0.box, profile: profile($0.box, $0.words)) }
    }

    static func shifted(_ page: OCRPage, dx: Int, dy: Int) -> OCRPage {
        var out = page
        out.lines = page.lines.map { l in
            OCRLine(words: l.words.map { OCRWord(text: $0.text, confidence: $0.confidence,
                                                 box: Box(x: $0.box.x + dx, y: $0.box.y + dy, width: $0.box.width, height: $0.box.height)) })
        }
        return out
    }

    /// The page as a reused layout reads it: the model's words for the reused regions, the
    /// page's own words elsewhere (the probe included).
    static func read(_ page: OCRPage, plan: ReusePlan) -> OCRPage {
        var out = page
        out.lines = page.lines.compactMap { l -> OCRLine? in
            let ws = l.words.filter { w in !plan.reused.contains { $0.contains(midpointOf: w.box) } }
            return ws.isEmpty ? nil : OCRLine(words: ws)
        }
        return out.splicing(plan.carried)
    }

    func model(_ page: OCRPage) -> LayoutModel {
        let r = extractor.extract(page)
        return LayoutModel(form: r.form, lines: Self.lines(page), reading: page, valueBoxes: r.fields.values.compactMap(\.box),
                           found: Set(r.fields.filter { $0.value.value != nil }.map(\.key)))
    }

    /// A page of the same layout printed a few millimetres off: its labels are the model's words,
    /// its values and digits are read, and extraction gives what the whole reading gives.
    func testSameLayoutReadsOnlyValuesAndKeepsEveryField() throws {
        for name in ["p001-clean-inline-app", "p001-clean-inline-consent", "p002-clean-table", "p003-clean-underline"] {
            for page in try recorded(name) {
                let m = model(page)
                let moved = Self.shifted(page, dx: 23, dy: -31)
                let plan = try XCTUnwrap(m.plan(for: Self.lines(moved)), name)
                XCTAssertEqual(plan.dx, 23); XCTAssertEqual(plan.dy, -31)
                XCTAssertLessThan(plan.areaShare, 0.6, "\(name): most of the text is carried over")
                XCTAssertGreaterThan(plan.areaShare, 0.05, name)
                XCTAssertNotNil(plan.probe)
                // Every carried word is the model's at the page's place, and holds no digit.
                for w in plan.carried.flatMap(\.words) {
                    XCTAssertTrue(moved.words.contains(w), "\(name): \(w.text) carried to its place")
                    XCTAssertFalse(w.text.contains(where: \.isNumber), "\(name): digits are always read")
                }
                let whole = extractor.extract(moved)
                let reused = extractor.extract(Self.read(moved, plan: plan))
                XCTAssertEqual(reused.form, whole.form, name)
                for (key, f) in whole.fields {
                    XCTAssertEqual(reused.fields[key]?.value, f.value, "\(name) \(key)")
                    XCTAssertEqual(reused.fields[key]?.status, f.status, "\(name) \(key)")
                }
            }
        }
    }

    /// A changed word in a line whose ink otherwise matches: the line is read from that word on.
    func testChangedWordIsReadNotCarried() throws {
        let h = 40
        func word(_ t: String, _ x: Int, _ y: Int) -> OCRWord { OCRWord(text: t, confidence: 0.95, box: Box(x: x, y: y, width: t.count * 22, height: h)) }
        let engine = EngineInfo(tesseract: "5", models: [:])
        func page(_ third: String) -> OCRPage {
            OCRPage(source: "p", page: 1, width: 2400, height: 3400, lines: (0..<12).map { i in
                let y = 300 + i * 70
                return OCRLine(words: [word("Настоящим", 300, y), word("подтверждаю", 520, y), word(i == 5 ? third : "согласие", 800, y), word("полностью", 1000, y)])
            }, engine: engine)
        }
        let m = LayoutModel(form: .consent, lines: Self.lines(page("согласие")), reading: page("согласие"), valueBoxes: [], found: [])
        let other = page("несогласие")
        let plan = try XCTUnwrap(m.plan(for: Self.lines(other)))
        let line5 = plan.carried.filter { $0.box.y == 300 + 5 * 70 }
        XCTAssertEqual(line5.flatMap(\.words).map(\.text), ["Настоящим", "подтверждаю"], "carried up to the changed word")
        XCTAssertEqual(plan.carried.flatMap(\.words).filter { $0.text == "согласие" }.count, 10, "one line is the probe, one differs")
        let read = Self.read(other, plan: plan)
        XCTAssertTrue(read.text.contains("несогласие"))
        XCTAssertFalse(read.lines[5].text.contains(" согласие"))
    }

    /// Another layout (lines missing or moved) is no match; the probe must read like the model.
    func testOtherLayoutAndDisagreeingProbe() throws {
        let pages = try recorded("p001-clean-inline-app") + recorded("p001-clean-inline-consent")
        let app = model(pages[0])
        XCTAssertNil(app.plan(for: Self.lines(pages[1])), "a consent is not an application's layout")
        var fewer = Self.lines(pages[0])
        fewer.removeSubrange(3..<8)
        XCTAssertNil(app.plan(for: fewer), "lines missing")
        XCTAssertTrue(LayoutProbe.agrees("ЗАЯВЛЕНИЕ о регистрации", "ЗАЯВЛЕНИЕ о регистрацни"))
        XCTAssertFalse(LayoutProbe.agrees("Справка о доходах", "ЗАЯВЛЕНИЕ о регистрации"))
        XCTAssertFalse(LayoutProbe.agrees("", "ЗАЯВЛЕНИЕ о регистрации"))
    }

    func testWorkersShareTheLayoutsTheyLearn() throws {
        let page = try XCTUnwrap(recorded("p001-clean-inline-consent").first)
        let store = LayoutStore(capacity: 3)
        let learnt = model(page)
        // Two workers learning at once: every layout kept, each with its own number.
        DispatchQueue.concurrentPerform(iterations: 2) { _ in store.learn(learnt) }
        XCTAssertEqual(Set(store.snapshot().map(\.serial)), [1, 2])
        // The one used is tried first by every worker.
        store.used(2)
        XCTAssertEqual(store.snapshot().map(\.serial), [2, 1])
        // A full store drops its least used layout.
        store.learn(learnt)
        store.learn(learnt)
        XCTAssertEqual(store.snapshot().map(\.serial), [2, 1, 4])
    }
}

extension Box {
    func contains(midpointOf b: Box) -> Bool {
        b.midX >= x && b.midX < maxX && b.midY >= y && b.midY < maxY
    }
}
