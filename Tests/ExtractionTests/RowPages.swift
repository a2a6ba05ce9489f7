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
