import Foundation
import IntakeModel

/// A value found on the page for one output key, before its status is decided.
public struct Candidate: Sendable {
    public var key: String
    public var kind: FieldKind
    public var value: String?
    public var wellFormed: Bool
    public var repaired: Bool
    public var raw: String
    public var tokens: [Int]
    public var box: Box?
    /// Mean word confidence of the tokens the value came from.
    public var confidence: Double
    /// Lowest word confidence among them.
    public var minConfidence: Double
    public var rule: String
    /// Whether the print shows no diaeresis over the words that could be spelt with ё (measured on
    /// the page image): true lifts the ё doubt, false or nil (could not tell) keeps it.
    public var diaeresisAbsent: Bool?
    /// A doubt the parser raised on its own (e.g. punctuation it repaired): the field goes to review.
    public var doubt: String?
    /// Other readings of the same zone (field-specific re-read), normalised.
    public var rereads: [String] = []
    public var rereadConfidence: Double = 0
}

/// From a recognised page to fields with values, statuses and provenance.
public struct Extractor: Sendable {
    public var templates: [FormTemplate]
    /// Date against which "in the future" is judged (default: today).
    public var today: SimpleDate

    public init(templates: [FormTemplate] = Templates.builtIn, today: SimpleDate = .today()) {
        self.templates = templates
        self.today = today
    }

    public func extract(_ page: OCRPage, zones: ZoneReader? = nil) -> PageResult {
        extract(page, zones: zones, alternates: [])
    }

    /// Extracts from the main reading of a page and from other readings of the same page (a
    /// weak page read again at another threshold). Each field keeps the reading whose own
    /// evidence is best; readings that disagree on an accepted value send it to review.
    public func extract(_ page: OCRPage, zones: ZoneReader?, alternates: [(OCRPage, ZoneReader?)]) -> PageResult {
        // A weak page is classified by the first of its readings that matches a form: the title
        // may survive one binarisation and not another.
        var readings = [(page, zones)] + alternates
        var decided: Decided?
        while decided == nil, !readings.isEmpty {
            let (p, z) = readings.removeFirst()
            decided = decide(p, zones: z)
        }
        guard var main = decided else {
            return unknownResult(page)
        }
        for (other, otherZones) in readings {
            guard let alt = decide(other, zones: otherZones), alt.template.form == main.template.form else { continue }
            for key in main.template.outputKeys {
                guard let a = main.fields[key], let b = alt.fields[key] else { continue }
                main.fields[key] = Extractor.merge(a, b)
            }
        }
        var result = PageResult(source: page.source, page: page.page, form: main.template.form, engine: page.engine)
        result.fields = main.fields
        result.selfApplication = main.selfApplication
        result.issues += Validator.pageIssues(result, context: main.context)
        if let zones { result.signed = signaturePresent(main.stream, template: main.template, zones: zones) }
        if result.signed == false {
            result.issues.append(Issue(code: "signature_missing", message: "no signature mark found in the signature place"))
        }
        return result
    }

    /// Two readings of one field: agreement keeps the better status; otherwise the reading
    /// with the stronger own evidence wins, and two different accepted values go to review.
    static func merge(_ a: FieldResult, _ b: FieldResult) -> FieldResult {
        func rank(_ f: FieldResult) -> Int {
            switch f.status {
            case .ok: return 3
            case .review: return (f.reason ?? "").contains("format") ? 1 : 2
            case .missing: return f.value == nil && f.reason == "no patronymic printed" ? 2 : 0
            }
        }
        if a.value == b.value { return rank(b) > rank(a) ? b : a }
        if a.status == .ok && b.status == .ok {
            var r = a
            r.status = .review
            r.reason = "two readings of the page differ"
            r.readings = (r.readings ?? []) + [b.value ?? ""]
            return r
        }
        let (ra, rb) = (rank(a), rank(b))
        if ra != rb { return ra > rb ? a : b }
        return b.confidence > a.confidence + 0.05 ? b : a
    }

    struct Decided {
        var template: FormTemplate
        var fields: [String: FieldResult]
        var context: ValidationContext
        var stream: PageStream
        var selfApplication: Bool?
    }

    /// Classifies one reading and decides each field of its form; nil when no form matched.
    func decide(_ page: OCRPage, zones: ZoneReader?) -> Decided? {
        let tokens = PageLayout.readingOrder(page)
        let stream = PageStream(tokens: tokens)
        if ProcessInfo.processInfo.environment["PFDO_DEBUG_STREAM"] != nil {
            FileHandle.standardError.write(Data(("stream: " + String(stream.raw) + "\n").utf8))
        }
        let cls = Classifier.classify(page, stream: stream, templates: templates)
        guard let template = cls.template else { return nil }
        var candidates: [String: Candidate] = [:]
        var taken: [Range<Int>] = []
        for spec in template.fields {
            for c in locate(spec, template: template, stream: stream, taken: &taken) { candidates[c.key] = c }
        }
        if let zones {
            reread(&candidates, page: page, zones: zones)
            // Absence of dots is only trusted on a good reading of the page.
            for (key, c) in candidates where [.name, .address, .text].contains(c.kind) && page.meanConfidence >= ValidationContext.weakPage {
                candidates[key]?.diaeresisAbsent = diaeresisAbsent(c, stream: stream, zones: zones)
            }
        }

        let signing = signingDate(stream, template: template)
        let selfApplication = template.form == .application ? isSelfApplication(stream, template) : nil
        let context = ValidationContext(today: today, signingDate: signing, selfApplication: selfApplication ?? false,
                                        categories: template.categories ?? Templates.template(for: .application)?.categories ?? [],
                                        pageConfidence: page.meanConfidence)
        var fields: [String: FieldResult] = [:]
        for key in template.outputKeys {
            fields[key] = Validator.decide(key: key, candidate: candidates[key], context: context)
        }
        return Decided(template: template, fields: fields, context: context, stream: stream, selfApplication: selfApplication)
    }

    private func unknownResult(_ page: OCRPage) -> PageResult {
        let stream = PageStream(tokens: PageLayout.readingOrder(page))
        let cls = Classifier.classify(page, stream: stream, templates: templates)
        var result = PageResult(source: page.source, page: page.page, form: .unknown, engine: page.engine)
        result.issues.append(unknownIssue(page, cls))
        return result
    }

    /// "Прошу зарегистрировать меня" read closer than the parent's "... указанного ниже ребенка".
    private func isSelfApplication(_ stream: PageStream, _ template: FormTemplate) -> Bool {
        guard let phrases = template.selfApplication, phrases.count >= 2,
              let own = stream.find(phrases[0], maxRatio: 0.15) else { return false }
        guard let parent = stream.find(phrases[1], maxRatio: 0.15) else { return true }
        return own.ratio < parent.ratio
    }

    private func unknownIssue(_ page: OCRPage, _ cls: Classification) -> Issue {
        if page.lines.isEmpty {
            return Issue(code: "blank_page", message: "the page holds no text")
        }
        if cls.wrongLanguage {
            return Issue(code: "wrong_language", message: "the text is not Russian (or was read with a non-Russian model)")
        }
        return Issue(code: "unknown_form", message: String(format: "not an application or consent (best template match %.0f%% of keywords)", cls.score * 100))
    }

    // MARK: locating values

    /// Finds the anchor of `spec` and reads its value from the stream up to the next stop.
    /// `taken`: key ranges of the labels earlier fields were found by. When the section heading
    /// a field is looked for after is unreadable, a label another field already used (the child's
    /// "Фамилия, имя, отчество" for the applicant's) is not taken again.
    func locate(_ spec: FieldSpec, template: FormTemplate, stream: PageStream, taken: inout [Range<Int>]) -> [Candidate] {
        var from = 0
        var sectionFound = true
        if let after = spec.after {
            if let m = stream.find(after) { from = m.end } else { sectionFound = false }
        }
        var matches: [PageStream.Match]
        if sectionFound {
            matches = spec.anchors.compactMap { stream.find($0, from: from) }
        } else {
            matches = spec.anchors.flatMap { stream.findAll($0, from: from) }
            matches.removeAll { m in taken.contains { $0.overlaps(m.start..<m.end) } }
        }
        matches.sort { ($0.ratio, $0.start) < ($1.ratio, $1.start) }
        // A label cell that wraps around its value ("Фамилия, имя, отчество (при | Ситникова
        // Анастасия | наличии) ребенка" read row by row): the value is what splits the label.
        if let split = splitLabel(spec, stream: stream, from: from, taken: sectionFound ? [] : taken),
           split.cost < (matches.first?.cost ?? Int.max) {
            let lo = stream.rawIndex(afterKey: split.head.end), hi = stream.rawIndex(ofKey: split.tail.start)
            let rule = "anchor '\(spec.anchors.first ?? "")' → \(spec.kind.rawValue) (label wrapped around the value)"
            let found = FieldParser.parse(spec, segment: Segment(stream: stream, start: lo, end: hi), rule: rule,
                                          categories: template.categories ?? [])
            if found.contains(where: { $0.value != nil }) {
                taken.append(split.head.start..<split.tail.end)
                return found
            }
        }
        guard !matches.isEmpty else { return [] }
        // The best label first; when nothing but another field's label follows it (the "выдан"
        // of the issue date before "(кем выдан)"), the next occurrence of a label is tried.
        var tried: [Int] = []
        var fallback: [Candidate] = []
        for first in matches.prefix(4) where !tried.contains(first.start) {
            tried.append(first.start)
            var anchor = first
            // A caption or second label right after the first one also belongs to the label.
            var extended = true
            while extended {
                extended = false
                for m in matches where m.ratio <= 0.1 && m.start >= anchor.end - 2 && m.start <= anchor.end + 6 && m.end > anchor.end {
                    anchor.end = m.end; extended = true
                }
            }
            let rule = "anchor '\(spec.anchors.first ?? "")' → \(spec.kind.rawValue)"
            // A bracketed caption still after its value (its blank's rule was not found, so it was
            // not moved before the value): the value is the text before it.
            if var before = valueBefore(caption: anchor, stream: stream,
                                        stops: template.stops + template.fields.filter { $0.key != spec.key }.flatMap(\.anchors)) {
                if spec.kind == .fullName {
                    // The name is the run of words right before the caption: prose before it ends
                    // at its last lower-case word.
                    var k = before.upperBound
                    while k > before.lowerBound {
                        var w = k
                        while w > before.lowerBound, stream.raw[w - 1] != " " { w -= 1 }
                        let letters = stream.raw[w..<k].filter(\.isLetter)
                        if letters.count >= 3, letters.allSatisfy(\.isLowercase) { before = k..<before.upperBound; break }
                        k = w > before.lowerBound ? w - 1 : w
                    }
                }
                let found = FieldParser.parse(spec, segment: Segment(stream: stream, start: before.lowerBound, end: before.upperBound),
                                              rule: rule + " (value before its caption)", categories: template.categories ?? [])
                if found.contains(where: { $0.value != nil }) {
                    taken.append(anchor.start..<anchor.end)
                    return found
                }
                continue
            }
            var startRaw = stream.rawIndex(afterKey: anchor.end)
            // An approximate match may end inside the first word of the value ("(при А|ндреева наличии)"
            // of a wrapped label): a value starts at a word boundary.
            if startRaw > 0, startRaw < stream.raw.count, stream.raw[startRaw - 1].isLetter, stream.raw[startRaw].isLetter {
                var wordStart = startRaw
                while wordStart > 0, stream.raw[wordStart - 1] != " " { wordStart -= 1 }
                if startRaw - wordStart <= 2 { startRaw = wordStart }
            }
            let own = spec.anchors.flatMap { stream.findAll($0, from: anchor.end, maxRatio: 0.15) }
            let endRaw = valueEnd(after: anchor.end, template: template, spec: spec, stream: stream, own: own)
            if ProcessInfo.processInfo.environment["PFDO_DEBUG_STREAM"] != nil {
                FileHandle.standardError.write(Data("field \(spec.key): anchor key [\(anchor.start), \(anchor.end)) cost \(anchor.cost) raw [\(startRaw), \(endRaw))\n".utf8))
            }
            guard startRaw < endRaw else { continue }
            // The field's own caption read inside the value (not recognised as a caption) is not value text.
            let ownTokens = Set(own.filter { $0.length >= 8 }.flatMap {
                stream.tokens(inRaw: stream.rawIndex(ofKey: $0.start), stream.rawIndex(afterKey: $0.end))
            })
            let segment = Segment(stream: stream, start: startRaw, end: endRaw, skipping: ownTokens)
            let found = FieldParser.parse(spec, segment: segment, rule: rule, categories: template.categories ?? [])
            // An address label matched in the form's prose ("адрес электронной почты") is followed
            // by no address: the next occurrence of the label is tried.
            if spec.kind == .address, found.contains(where: { $0.value != nil }), !found.contains(where: \.wellFormed) {
                if !fallback.contains(where: { $0.value != nil }) { fallback = found }
                continue
            }
            if found.contains(where: { $0.value != nil }) {
                taken.append(anchor.start..<anchor.end)
                return found
            }
            if fallback.isEmpty { fallback = found }
            if first.ratio > 0.12 { break }
        }
        // A label with nothing readable after it: reported as such rather than as not found.
        return fallback
    }

    /// The best split of one of the field's labels into a head and a tail with a short stretch
    /// of text between them.
    func splitLabel(_ spec: FieldSpec, stream: PageStream, from: Int, taken: [Range<Int>])
        -> (head: PageStream.Match, tail: PageStream.Match, cost: Int)? {
        var best: (head: PageStream.Match, tail: PageStream.Match, cost: Int)?
        for anchor in spec.anchors {
            let words = anchor.split(separator: " ")
            guard words.count >= 3 else { continue }
            for k in 1..<words.count {
                let head = words[..<k].joined(separator: " "), tail = words[k...].joined(separator: " ")
                guard TextNorm.key(head).count >= 8, TextNorm.key(tail).count >= 6 else { continue }
                for h in stream.findAll(head, from: from, maxRatio: 0.15) where !taken.contains(where: { $0.overlaps(h.start..<h.end) }) {
                    guard let t = stream.find(tail, from: h.end + 3, maxRatio: 0.2), t.start - h.end <= 80 else { continue }
                    // The text between must be a value, not the rest of the label read as noise.
                    let cost = h.cost + t.cost + 1
                    if cost < (best?.cost ?? Int.max) { best = (h, t, cost) }
                }
            }
        }
        return best
    }

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
    private func valueEnd(after keyEnd: Int, template: FormTemplate, spec: FieldSpec, stream: PageStream,
                          own: [PageStream.Match] = []) -> Int {
        var phrases = template.stops
        for f in template.fields where f.key != spec.key { phrases += f.anchors }
        var end = stream.raw.count
        let limit = min(stream.key.count, keyEnd + 400)
        let valueStart = stream.rawIndex(afterKey: keyEnd)
        for p in phrases {
            let pattern = TextNorm.key(p)
            guard pattern.count >= 5 else { continue }
            // Short phrases must match exactly; any stop must begin a word (a label starts a word).
            let ratio = pattern.count < 10 ? 0 : 0.15
            var from = keyEnd
            while let m = stream.find(p, from: from, maxRatio: ratio), m.start < limit {
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

    // MARK: zone re-reads

    private func reread(_ candidates: inout [String: Candidate], page: OCRPage, zones: ZoneReader) {
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

    // MARK: ё

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

    private func signingDate(_ stream: PageStream, template: FormTemplate) -> SimpleDate? {
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

    private func signaturePresent(_ stream: PageStream, template: FormTemplate, zones: ZoneReader) -> Bool? {
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
            return zones.inkCoverage(zone: zone) > 0.006
        }
        return nil
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
        for i in start..<end {
            let t = stream.rawToken[i]
            if t >= 0, stream.tokens[t].isCaption || skipping.contains(t) { continue }
            if t < 0, chars.last == " " { continue }
            chars.append(stream.raw[i]); idx.append(i)
        }
        self.chars = chars
        self.rawIndex = idx
    }

    var text: String { String(chars) }

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
