import Foundation
import IntakeModel

/// Cutting values: where a value found after (or before) its label starts and ends.
extension Extractor {
    /// Only caption words from the label to the end of a stop: another blank's caption moved
    /// ahead of a value on the same row ("выдан (дата выдачи) 28.04.2019 (кем выдан) Отделом")
    /// belongs to that value, not to the end of this one.
    func captionRightAfterLabel(_ stream: PageStream, from a: Int, to b: Int) -> Bool {
        guard a < b else { return false }
        var sawCaption = false
        for i in a..<min(b, stream.raw.count) {
            let t = stream.rawToken[i]
            if t < 0 { continue }
            guard stream.tokens[t].isCaption else { return false }
            sawCaption = true
        }
        return sawCaption
    }

    /// The raw range of the value printed before a bracketed caption that was read after it, or
    /// nil when the match is not such a caption. The value starts after the previous caption,
    /// label colon or bracket.
    func valueBefore(caption m: PageStream.Match, stream: PageStream, stops: [String]) -> Range<Int>? {
        var open = stream.rawIndex(ofKey: m.start)
        while open > 0, stream.raw[open - 1] == " " || stream.raw[open - 1] == "\"" { open -= 1 }
        guard open > 0, "({[".contains(stream.raw[open - 1]) else { return nil }
        open -= 1
        let toks = stream.tokens(inRaw: open, stream.rawIndex(afterKey: m.end))
        guard let t = toks.first, let u = toks.last else { return nil }
        if stream.tokens[t].isCaption {
            // A caption that was moved, but to the end of the row above (its blank's line was found
            // only in part, beside the value): still after its value.
            let row = stream.tokens[t].row
            let endsRow = u + 1 >= stream.tokens.count || stream.tokens[u + 1].row != row
            var p = t - 1
            while p >= 0, !stream.tokens[p].word.text.contains(where: { $0.isLetter || $0.isNumber }) { p -= 1 }
            guard p >= 0, stream.tokens[p].row == row, !stream.tokens[p].isCaption, endsRow else { return nil }
        }
        var lo = open
        while lo > 0, open - lo < 250, !")}".contains(stream.raw[lo - 1]) { lo -= 1 }
        // A section heading or other label in between ends the look back too.
        let fromKey = stream.keyIndex(ofRaw: lo)
        for p in stops where TextNorm.key(p).count >= 5 {
            if let h = stream.find(p, from: fromKey, maxRatio: 0.15), h.end <= m.start {
                lo = max(lo, stream.rawIndex(afterKey: h.end))
            }
        }
        return lo < open ? lo..<open : nil
    }

    /// The value ends where the next label, caption or stop phrase begins.
    /// A stop inside one of the field's own labels ("(адрес проживания)" within the caption
    /// "(адрес проживания ребенка)" that sits in the middle of a wrapped value) does not end it.
    func valueEnd(after keyEnd: Int, template: FormTemplate, spec: FieldSpec, stream: PageStream,
                          own: [PageStream.Match] = []) -> Int {
        var phrases = template.stops
        for f in template.fields where f.key != spec.key { phrases += f.anchors }
        var end = stream.raw.count
        let limit = min(stream.key.count, keyEnd + 400)
        let valueStart = stream.rawIndex(afterKey: keyEnd)
        for p in phrases {
            let pattern = Fuzzy.codes(TextNorm.key(p))
            guard pattern.count >= 5 else { continue }
            // Short phrases must match exactly; any stop must begin a word (a label starts a word).
            let ratio = pattern.count < 10 ? 0 : 0.15
            var from = keyEnd
            while let m = stream.find(codes: pattern, from: from, maxRatio: ratio), m.start < limit {
                let raw = stream.rawIndex(ofKey: m.start)
                let insideOwnLabel = own.contains { $0.start <= m.start && $0.end >= m.end && $0.length > m.length }
                if !insideOwnLabel, !captionRightAfterLabel(stream, from: valueStart, to: stream.rawIndex(afterKey: m.end)), raw == 0 || !(stream.raw[raw - 1].isLetter || stream.raw[raw - 1].isNumber) {
                    end = min(end, raw)
                    break
                }
                from = m.start + 1
            }
        }
        return end
    }
}

/// A stretch of the page stream without caption words: its text and the words it came from.
struct Segment {
    let stream: PageStream
    /// The characters of the value region, captions left out.
    let chars: [Character]
    /// Stream raw index of each character.
    let rawIndex: [Int]

    init(stream: PageStream, start: Int, end: Int, skipping: Set<Int> = []) {
        self.stream = stream
        var chars: [Character] = [], idx: [Int] = []
        var last = -1
        for i in start..<end {
            let t = stream.rawToken[i]
            if t >= 0, stream.tokens[t].isCaption || skipping.contains(t) { continue }
            if t < 0, chars.last == " " { continue }
            // A word's hyphen and the word after it, closer than half the row's height, or the row broken
            // after the hyphen: one word ("область-" and "Кузбасс," 16 pixels apart on a row of 48, word
            // spaces 36 and more, sig2667 p026, a scan: read "область - Кузбасс", the dash taken as spaced).
            if t < 0, last >= 0, i + 1 < end, stream.rawToken[i + 1] >= 0 {
                let a = stream.tokens[last], b = stream.tokens[stream.rawToken[i + 1]]
                let gap = b.word.box.x - a.word.box.maxX
                if Self.brokenAtHyphen(a.word.text, b.word.text), b.row != a.row || gap * 2 < min(a.word.box.height, b.word.box.height) { continue }
            }
            if t >= 0 { last = t }
            chars.append(stream.raw[i]); idx.append(i)
        }
        self.chars = chars
        self.rawIndex = idx
    }

    var text: String { String(chars) }

    /// A word ending in a letter and a hyphen, and a word beginning with a letter: one word broken
    /// at its hyphen.
    static func brokenAtHyphen(_ a: String, _ b: String) -> Bool {
        let a = Array(a)
        return a.count >= 3 && a.last == "-" && a[a.count - 2].isLetter && b.first?.isLetter == true
    }

    func tokens(_ a: Int, _ b: Int) -> [Int] {
        guard a < b, a < rawIndex.count else { return [] }
        return stream.tokens(inRaw: rawIndex[a], rawIndex[min(b, rawIndex.count) - 1] + 1)
    }

    func candidate(key: String, kind: FieldKind, n: Normalized?, rawRange: Range<Int>, rule: String) -> Candidate {
        let lo = max(0, rawRange.lowerBound), hi = min(chars.count, rawRange.upperBound)
        let raw = lo < hi ? String(chars[lo..<hi]).trimmingCharacters(in: .whitespaces) : ""
        let toks = tokens(lo, hi)
        let words = toks.map { stream.tokens[$0].word }
        let confs = words.map(\.confidence)
        return Candidate(key: key, kind: kind, value: n?.value, wellFormed: n?.wellFormed ?? false,
                         repaired: n?.repaired ?? false, raw: raw, tokens: toks,
                         box: words.isEmpty ? nil : Box.union(words.map(\.box)),
                         confidence: confs.isEmpty ? 0 : confs.reduce(0, +) / Double(confs.count),
                         minConfidence: confs.min() ?? 0, rule: rule)
    }
}
