import Foundation
import IntakeModel

/// Which parts of a page need recognising: a paragraph that opens like one of the templates' legal
/// paragraphs (`boilerplate`) is recognised as such from its first words, and only its first and
/// last lines are read (they carry the phrases extraction looks for: stops, signature anchors).
public struct FormReadingPlan: ReadingPlanner, Sendable {
    public var openings: [[Character]]

    public init(templates: [FormTemplate] = Templates.builtIn) {
        openings = templates.flatMap { $0.boilerplate ?? [] }.map { Array(TextNorm.key($0)) }
    }

    /// The probe's text starts like a legal paragraph's opening: near the start of the probe and
    /// with at most one edit in eight characters.
    public func isBoilerplate(opening text: String) -> Bool {
        let probe = Array(TextNorm.key(text))
        for o in openings {
            // Only as much of the opening as the probe can hold.
            let n = min(o.count, max(0, probe.count - 2))
            guard n >= 16 else { continue }
            let pattern = Array(o.prefix(n))
            if let m = Fuzzy.find(pattern, in: probe), m.start <= 3, Double(m.cost) <= Double(n) / 8 { return true }
        }
        return false
    }
}
