import Extraction
import IntakeModel

/// A page of plain rows (no form lines), one row per string, 60 px apart, words 160 px apart.
func rowsPage(_ rows: [String]) -> OCRPage {
    let lines = rows.enumerated().map { r, text in
        OCRLine(words: text.split(separator: " ").enumerated().map { i, w in
            OCRWord(text: String(w), confidence: 0.97, box: Box(x: 300 + i * 160, y: 200 + r * 60, width: 150, height: 40))
        })
    }
    return OCRPage(source: "rows.png", page: 1, width: 2480, height: 3508, lines: lines,
                   engine: EngineInfo(tesseract: "5", models: [:]))
}

/// One field of a packet reconciled across its two forms, as `CrossForm.reconcile` leaves it:
/// (the application's, the consent's).
func reconciled(_ key: String, _ application: FieldResult, _ consent: FieldResult) -> (FieldResult?, FieldResult?) {
    let engine = EngineInfo(tesseract: "t", models: [:])
    var a = PageResult(source: "a", page: 1, form: .application, fields: [key: application], engine: engine)
    var c = PageResult(source: "c", page: 1, form: .consent, fields: [key: consent], engine: engine)
    CrossForm.reconcile(application: &a, consent: &c)
    return (a.fields[key], c.fields[key])
}
