import Foundation
import IntakeModel

/// Zone re-reads: numbers, dates and e-mails read again in their own zone with settings for their kind.
extension Extractor {
    func reread(_ candidates: inout [String: Candidate], page: OCRPage, zones: ZoneReader) {
        for (key, c) in candidates {
            guard let box = c.box else { continue }
            let kind: ZoneKind
            switch c.kind {
            case .number, .registry, .date, .phone, .passportSeries, .passportNumber: kind = .digits
            case .email: kind = .email
            default: continue
            }
            let pad = max(6, box.height / 3)
            var zone = Box(x: box.x - pad, y: box.y - pad, width: box.width + 2 * pad, height: box.height + 2 * pad)
            if kind == .email {
                // The Russian reading of Latin text is unreliable in length too: read to the end of the row.
                zone.width = max(zone.width, page.width - zone.x - pad)
            }
            let lines = zones.read(zone: zone, kind: kind)
            let words = lines.flatMap(\.words)
            guard !words.isEmpty else { continue }
            let text = words.map(\.text).joined(separator: " ")
            var updated = c
            if let n = FieldParser.normalize(kind: c.kind, text) {
                updated.rereads.append(n.value)
            } else {
                updated.rereads.append("")
            }
            updated.rereadConfidence = words.map(\.confidence).min() ?? 0
            if c.kind == .email, let n = FieldParser.normalize(kind: .email, text) {
                // The page was read with the Russian model: the Latin re-read is the real reading,
                // and a second Latin reading as one word is the independent check.
                let tight = Box.union(words.map(\.box))
                let second = Box(x: tight.x - pad, y: tight.y - pad, width: tight.width + 2 * pad, height: tight.height + 2 * pad)
                let word = zones.read(zone: second, kind: .emailWord).flatMap(\.words).map(\.text).joined(separator: " ")
                updated.rereads = [FieldParser.normalize(kind: .email, word)?.value ?? ""]
                updated.value = n.value
                updated.wellFormed = n.wellFormed
                updated.raw = text
                updated.confidence = words.map(\.confidence).reduce(0, +) / Double(words.count)
                updated.minConfidence = updated.rereadConfidence
            }
            candidates[key] = updated
        }
    }
}
