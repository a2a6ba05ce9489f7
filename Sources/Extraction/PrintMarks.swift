import Foundation
import IntakeModel

/// Print marks measured on the page image: the dots of ё, the signing date and the signature.
extension Extractor {
    /// Looks for the dots of ё above the lower-case letters of each word of the value that could
    /// be spelt with ё. Cyrillic lower case has no ascenders but б (and the breve of й), so ink
    /// between the top of the capital and the top of the x-height is a diaeresis.
    func diaeresisAbsent(_ c: Candidate, stream: PageStream, zones: ZoneReader) -> Bool? {
        let words = c.tokens.map { stream.tokens[$0].word }.filter { Lexicon.shared.yoCandidateWord($0.text) }
        guard !words.isEmpty else { return nil }
        for w in words {
            let text = w.text.trimmingCharacters(in: CharacterSet.letters.inverted)
            guard text.count >= 3, !text.dropFirst().contains(where: { "бйфБЙФ".contains($0) || !$0.isLowercase }) else { return nil }
            let b = w.box
            let letter = max(4, b.width / max(1, w.text.count))
            let x0 = b.x + letter * 13 / 10, width = b.maxX - x0
            guard width > letter, b.height >= 12 else { return nil }
            let top = b.y - b.height / 3
            // On the grey page with a tolerant threshold: faint, small dots survive there.
            let rows = (top..<b.maxY).map { y in zones.greyInk(zone: Box(x: x0, y: y, width: width, height: 1), threshold: 190) }
            guard let peak = rows.max(), peak > 0.2 else { return nil }
            guard let xTop = rows.firstIndex(where: { $0 >= 0.3 * peak }), xTop >= 4 else { return nil }
            let above = rows[..<(xTop - 2)].max() ?? 0
            if above > 0.012 { return false }
            if above > 0.004 { return nil }
        }
        return true
    }

    // MARK: signing date and signature

    func signingDate(_ stream: PageStream, template: FormTemplate) -> SimpleDate? {
        guard let anchorText = template.signatureAnchor?.first, let m = stream.find(anchorText) else { return nil }
        let rest = String(stream.raw[stream.rawIndex(afterKey: m.end)...])
        return firstDate(in: rest)
    }

    func firstDate(in text: String) -> SimpleDate? {
        let words = text.split(separator: " ").map(String.init)
        for i in words.indices {
            let window = words[i..<min(words.count, i + 4)].joined(separator: " ")
            guard window.first.map({ $0.isNumber || $0 == "«" || $0 == "\"" }) == true else { continue }
            if let n = Normalizer.date(window), n.wellFormed, let d = SimpleDate(iso: n.value) { return d }
        }
        return nil
    }

    func signaturePresent(_ stream: PageStream, template: FormTemplate, zones: ZoneReader) -> Bool? {
        guard let anchorText = template.signatureAnchor?.first, let m = stream.find(anchorText) else { return nil }
        guard let lastToken = stream.tokens(inRaw: stream.rawIndex(ofKey: m.start), stream.rawIndex(afterKey: m.end)).last else { return nil }
        // The signature line is the first row after the anchor's paragraph holding a date.
        let after = stream.tokens[(lastToken + 1)...]
        let rows = Dictionary(grouping: after, by: \.row).sorted { $0.key < $1.key }
        for (_, row) in rows.prefix(6) {
            let words = row.map(\.word).sorted { $0.box.x < $1.box.x }
            guard firstDate(in: words.map(\.text).joined(separator: " ")) != nil || words.contains(where: { $0.text.contains("«") }) else { continue }
            let h = words.map(\.box.height).max() ?? 30
            let top = (words.map(\.box.y).min() ?? 0) - 2 * h
            let left = words.map(\.box.maxX).min() ?? 0
            // Between the date (left) and the name (right end of the row).
            let dateEnd = words.prefix(4).map(\.box.maxX).max() ?? left
            let nameStart = words.count > 4 ? words[words.count - 2].box.x : (words.last?.box.x ?? dateEnd + 600)
            let zone = Box(x: dateEnd + h, y: top, width: max(h, nameStart - dateEnd - 2 * h), height: 3 * h)
            return SignatureEvidence.signed(zone: zone, lineHeight: h, zones: zones)
        }
        return nil
    }
}
