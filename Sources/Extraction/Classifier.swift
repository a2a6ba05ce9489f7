import IntakeModel

public struct Classification: Sendable {
    public var form: FormKind
    /// Share of the template's keywords found (0...1).
    public var score: Double
    /// The text looks like Cyrillic read with a Latin model ("3ASBIIEHME O MPEJOCTABJIEHUM").
    public var wrongLanguage: Bool
    public var template: FormTemplate?
}

public enum Classifier {
    /// Share of a template's keywords that must be found for a page to be that form.
    public static let minScore = 0.4

    public static func classify(_ page: OCRPage, stream: PageStream, templates: [FormTemplate] = Templates.builtIn) -> Classification {
        let wrong = looksLikeWrongLanguage(page)
        var best: (FormTemplate, Double)?
        for t in templates {
            let found = t.keywords.filter { stream.find($0, maxRatio: 0.25) != nil }.count
            let score = Double(found) / Double(max(1, t.keywords.count))
            if score > (best?.1 ?? -1) { best = (t, score) }
        }
        guard let (template, score) = best, score >= minScore else {
            return Classification(form: .unknown, score: best?.1 ?? 0, wrongLanguage: wrong, template: nil)
        }
        return Classification(form: template.form, score: score, wrongLanguage: wrong, template: template)
    }

    /// Mostly Latin capitals and digits where Russian words are expected.
    public static func looksLikeWrongLanguage(_ page: OCRPage) -> Bool {
        let text = page.text
        let letters = text.filter(\.isLetter).count
        return letters >= 40 && TextNorm.latinShare(text) >= 0.6
    }
}
