import Foundation
import IntakeModel

/// Locating fields: the label (anchor) of each field in the page stream, with the layouts that
/// degrade gracefully (a label wrapped around its value, a caption read after its value).
extension Extractor {
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
        if spec.kind == .email {
            // "E-mail" found inside the address itself ("...@mail.ru") is no label.
            matches.removeAll { m in
                [m.start, m.end - 1].contains { k in
                    let t = stream.rawToken[stream.rawIndex(ofKey: k)]
                    return t >= 0 && stream.tokens[t].word.text.contains("@")
                }
            }
        }
        if let limit = Self.sectionEnd(spec, template: template, stream: stream) { matches.removeAll { $0.start >= limit } }
        matches.sort { ($0.ratio, $0.start) < ($1.ratio, $1.start) }
        // A caption read exactly after a label read with a letter or two wrong: the label comes first.
        // The value may begin on the label's row and wrap onto the blank the caption is under; from the
        // caption, only its second row is read (sig2667 p025, a scan: "зарегистри эованный(ая) по адресу
        // Кемеровская область - Кузбасс, г." over "Кемерово, мкр. …" and "(адрес проживания)": the
        // address was taken from "Кемерово", on both of the consent's addresses, and accepted).
        if let first = matches.first, isCaption(first, stream),
           let label = matches.dropFirst().first(where: { $0.ratio <= 0.1 && $0.end <= first.start && first.start - $0.end <= 200 && !isCaption($0, stream) }) {
            matches.removeAll { $0.start == label.start && $0.end == label.end }
            matches.insert(label, at: 0)
        }
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
            // A caption or second label right after the first one also belongs to the label, and so
            // does a longer label read from the same place ("выдан (кем)" over "выдан": otherwise the
            // caption "(кем)" starts the value).
            var extended = true
            while extended {
                extended = false
                for m in matches where m.ratio <= 0.1 && m.start >= anchor.start && m.start <= anchor.end + 6 && m.end > anchor.end
                    && (m.start >= anchor.end - 2 || m.start <= anchor.start + 1) {
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
            // A word the approximate match only begins or ends inside is value text: "Ивановна (фамилия,
            // имя, отчество (при наличии))" matched "Я, фамилия, …" from the patronymic's last letters
            // (seed 2507: the applicant's patronymic of an underline consent dropped as "not printed").
            let ownTokens = Set(own.filter { $0.length >= 8 }.flatMap { m -> [Int] in
                let a = stream.rawIndex(ofKey: m.start), b = stream.rawIndex(afterKey: m.end)
                return stream.tokens(inRaw: a, b).filter { t in
                    let span = stream.rawToken.indices.filter { stream.rawToken[$0] == t }
                    let inside = span.filter { $0 >= a && $0 < b }.count
                    return inside * 2 > span.count
                }
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

    /// Where the section of `spec` ends: the heading of the next section of the form, read after the
    /// section's own heading (when that was read). A label matched past it is another section's: the
    /// applicant's caption "(фамилия, имя, отчество (при наличии) заявителя)" matched the child's
    /// "Фамилия, имя, отчество (при наличии) ребенка" on a poor scan whose child's caption did not
    /// read (samples p009), and the applicant's name was taken for the child's, accepted on the page.
    static func sectionEnd(_ spec: FieldSpec, template: FormTemplate, stream: PageStream) -> Int? {
        guard let sections = template.sections, let i = sections.firstIndex(where: { $0.fields.contains(spec.key) }),
              i + 1 < sections.count else { return nil }
        let own = sectionHeading(sections[i], in: stream)?.end ?? 0
        return sections[(i + 1)...].flatMap(\.headings).compactMap { stream.find($0, from: own, maxRatio: 0.15)?.start }.min()
    }

    /// The best reading of a section's heading on the page, in any of its wordings.
    static func sectionHeading(_ section: FormSection, in stream: PageStream) -> PageStream.Match? {
        section.headings.compactMap { stream.find($0, maxRatio: 0.15) }.min { $0.ratio < $1.ratio }
    }

    /// Whether a label match begins on a caption's words ("(адрес проживания)").
    func isCaption(_ m: PageStream.Match, _ stream: PageStream) -> Bool {
        let t = stream.rawToken[stream.rawIndex(ofKey: m.start)]
        return t >= 0 && stream.tokens[t].isCaption
    }

    /// A phone number or an e-mail address whose label was not read (a short "Тел." or a Latin
    /// "E-mail" that the Russian model reads as "Е-тай", or a wording no template knows): the one
    /// run of the page with that value's shape. A phone: digits with phone separators, 11 digits
    /// from 7 or 8 (or "+7"), or 10 from 9, most of them read as digits; an e-mail: a word with an
    /// "@" between letters. Nothing when the page holds none or more than one (the shape is then
    /// no evidence of which is the field). The value is always a doubt: without its label, where it
    /// starts is a guess (seed 2403: "pavlova1 986@rambler.ru" read with a space gave "986@rambler.ru"
    /// twice alike, and a phone with no re-read was accepted on one confident reading).
    func locateByShape(_ spec: FieldSpec, stream: PageStream) -> [Candidate] {
        let tokens = stream.tokens
        var found: [Range<Int>] = []  // token ranges
        switch spec.kind {
        case .phone:
            var i = 0
            while i < tokens.count {
                guard Self.phoneish(tokens[i].word.text) else { i += 1; continue }
                var j = i + 1
                while j < tokens.count, tokens[j].row == tokens[i].row, Self.phoneish(tokens[j].word.text) { j += 1 }
                let text = tokens[i..<j].map(\.word.text).joined(separator: " ")
                let ascii = text.filter { $0.isASCII && $0.isNumber }
                let digits = TextNorm.digits(text)
                let shaped = (digits.count == 11 && (digits.first == "7" || digits.first == "8"))
                    || (digits.count == 10 && digits.first == "9")
                if shaped, ascii.count >= digits.count - 1 { found.append(i..<j) }
                i = j
            }
        case .email:
            for (i, t) in tokens.enumerated() {
                let w = Array(t.word.text)
                guard let at = w.firstIndex(where: { $0 == "@" || $0 == "©" }) else { continue }
                // The local part's end may be a digit ("zaipa8 4@yandex.ru" read with a space), and a
                // speck may stand between the word before and the "@" ("yusupov8 ?@inbox.ru"; seed 2563
                // p007 and p017, both e-mails lost).
                let ownLocal = w[..<at].contains { $0.isLetter || $0.isNumber }
                let previous = i > 0 && tokens[i - 1].row == t.row
                let after = w[(at + 1)...].contains(where: \.isLetter) || (i + 1 < tokens.count && tokens[i + 1].row == t.row)
                guard ownLocal || previous, after else { continue }
                // The local part printed apart from the "@" ("maksim .sukhanov@..."): from the word before.
                var lo = i
                if !ownLocal || (previous && tokens[lo - 1].word.text.hasSuffix(".")) { lo -= 1 }
                var hi = i + 1
                // A domain split by a lost dot ("rambler ru"): the words after it on the line, up to two.
                while hi < tokens.count, hi - i <= 2, tokens[hi].row == t.row, tokens[hi].word.text.count <= 8,
                      tokens[hi].word.text.allSatisfy({ $0.isLetter || $0 == "." }) { hi += 1 }
                found.append(lo..<hi)
            }
        default:
            return []
        }
        var opensLine = false
        if spec.kind == .email, found.isEmpty, let run = Self.emailAfterShortLabel(tokens) {
            // No "@" read anywhere (read "$" or lost), but a line opens with the short Latin label the
            // Russian model reads "Е-та11", "Е-та1\\" (seed 2565 p023, p024: both e-mails lost): the rest
            // of that line is the zone the Latin re-read reads.
            found = [run]
            opensLine = true
        }
        guard found.count == 1, var run = found.first else { return [] }
        // The short label of an older revision right before the value, on its line: then the value
        // is labelled after all, and an e-mail starts right after the label (its local part may have
        // been read in two words: "yaroslav _morozov84@inbox.ru").
        let label = opensLine ? run.lowerBound - 1 : Self.shortLabel(before: run.lowerBound, kind: spec.kind, tokens: tokens)
        if let l = label, spec.kind == .email, run.lowerBound - (l + 1) <= 2 { run = (l + 1)..<run.upperBound }
        guard let lo = stream.rawToken.firstIndex(of: run.lowerBound),
              let last = stream.rawToken.lastIndex(of: run.upperBound - 1) else { return [] }
        let segment = Segment(stream: stream, start: lo, end: last + 1)
        let rule = label.map { "after the short label '\(tokens[$0].word.text)' of an older revision of the form" }
            ?? "the only \(spec.kind == .phone ? "phone number" : "e-mail address") on the page, by its shape (no label read)"
        var out: [Candidate]
        if spec.kind == .email {
            // All the words of the run, not only the first two the parser takes after a label.
            guard let n = Normalizer.email(segment.text) else { return [] }
            out = [segment.candidate(key: spec.key, kind: .email, n: n, rawRange: 0..<segment.chars.count, rule: rule)]
        } else {
            out = FieldParser.parse(spec, segment: segment, rule: rule, categories: []).filter { $0.value != nil }
        }
        for i in out.indices { out[i].shapeOnly = label == nil }
        return out
    }

    /// The index of a short contact label ("Тел.:", "Телефон", "E-mail:", which the Russian model
    /// reads "Е-тай", "Е-пай", "Е-та!") among the three tokens before `index` on its line, nothing
    /// but the value's own pieces between. Seeds 2401-2501: 25 right phones and e-mails after such
    /// labels were doubted as found by shape alone.
    static func shortLabel(before index: Int, kind: FieldKind, tokens: [Token]) -> Int? {
        guard index < tokens.count else { return nil }
        // The label on the value's line, or the token just before it in reading order (a table's
        // label cell reads right before its value cell, whose text may sit a little lower).
        let row = tokens[index].row
        var i = index - 1
        while i >= 0, index - i <= (kind == .email ? 3 : 1), i == index - 1 || tokens[i + 1].row == row {
            // Marks around the word go ("`Тел.", "Е-тай:"); a "!" may be a misread letter.
            let t = String(tokens[i].word.text.drop { !$0.isLetter }.reversed().drop { !$0.isLetter && $0 != "!" }.reversed())
            switch kind {
            case .phone:
                if ["тел", "телефон", "моб"].contains(t.lowercased()) { return i }
            case .email:
                if t.range(of: #"^[EЕeе](-\S{3,4}|mail|MAIL|Mail)$"#, options: .regularExpression) != nil { return i }
            default:
                return nil
            }
            i -= 1
        }
        return nil
    }

    /// The words after a short e-mail label that opens its line ("E-mail", read "Е-тай", "Е-та11",
    /// "Е-та1\\"), up to four, on that line; nil when no line or more than one opens so.
    static func emailAfterShortLabel(_ tokens: [Token]) -> Range<Int>? {
        var runs: [Range<Int>] = []
        // The label opens its printed line: the word before it in reading order stands on another
        // line (a table's label and value cells may be read as rows of their own, and one row may
        // hold the cells of two printed lines).
        func opens(_ i: Int) -> Bool {
            guard i > 0 else { return true }
            let a = tokens[i - 1].word.box, b = tokens[i].word.box
            return min(a.maxY, b.maxY) - max(a.y, b.y) < min(a.height, b.height) / 2 || a.x >= b.x
        }
        for (i, t) in tokens.enumerated() where opens(i) {
            let text = String(t.word.text.drop { !$0.isLetter })
            guard text.range(of: #"^[EЕeе]-\S{2,5}$"#, options: .regularExpression) != nil else { continue }
            var hi = i + 1
            while hi < tokens.count, !opens(hi), hi - i <= 4 { hi += 1 }
            if hi > i + 1 { runs.append((i + 1)..<hi) }
        }
        return runs.count == 1 ? runs[0] : nil
    }

    static func phoneish(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { FieldParser.isDigitish($0) || FieldParser.phoneSeparators.contains($0) } && s.contains(where: { $0.isASCII && $0.isNumber })
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
}

/// Fields whose label or caption did not read, found by their place in the form's sections.
extension Extractor {
    /// The kinds a line shows by itself: a full name, a date, an address.
    static let placeKinds: Set<FieldKind> = [.fullName, .date, .address]

    /// A field of a known section (`FormTemplate.sections`) with no value found, whose label or
    /// caption did not read: the first line after the section's heading, past the lines of the
    /// fields before it and before the line of the next field found, that is a value of its kind
    /// and nothing else (a full name: two to four capitalised Cyrillic words; a date: a date and no
    /// word; an address: a well-formed address). A bilevel scan drops the thin small captions under
    /// the blanks while the values, printed larger, survive (s2735 p005, first contact: the child's
    /// and the applicant's names, the birth date and the address not found). The value is always a
    /// doubt (`Doubt.foundByPlace`) that only the other form or the registry lifts.
    func locateByPlace(template: FormTemplate, stream: PageStream, candidates: inout [String: Candidate]) {
        guard let sections = template.sections else { return }
        let specs = Dictionary(template.fields.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        for section in sections {
            let known = candidates
            func found(_ s: FieldSpec) -> [Candidate] { s.outputKeys.compactMap { known[$0] }.filter { $0.value != nil } }
            let fields = section.fields.compactMap { specs[$0] }
            guard fields.contains(where: { found($0).isEmpty && Self.placeKinds.contains($0.kind) }) else { continue }
            guard let heading = Self.sectionHeading(section, in: stream) else { continue }
            let others = sections.filter { $0.headings != section.headings }.flatMap(\.headings)
            let endKey = (template.stops + others).compactMap { stream.find($0, from: heading.end, maxRatio: 0.15)?.start }.min() ?? stream.key.count
            let lo = stream.rawIndex(afterKey: heading.end), hi = stream.rawIndex(ofKey: endKey)
            var rows: [[Int]] = []
            for t in stream.tokens(inRaw: lo, hi) where !stream.tokens[t].isCaption {
                if let last = rows.last?.last, stream.tokens[last].row == stream.tokens[t].row { rows[rows.count - 1].append(t) } else { rows.append([t]) }
            }
            let used = Set(candidates.values.filter { $0.value != nil }.flatMap(\.tokens))
            func row(of tokens: [Int]) -> [Int] { tokens.compactMap { t in rows.firstIndex { $0.contains(t) } } }
            var cursor = 0
            for (i, spec) in fields.enumerated() {
                let own = found(spec)
                if !own.isEmpty {
                    if let r = row(of: own.flatMap(\.tokens)).max() { cursor = max(cursor, r + 1) }
                    continue
                }
                guard Self.placeKinds.contains(spec.kind) else { continue }
                // The next field found bounds the search.
                let bound = fields[(i + 1)...].lazy.compactMap { row(of: found($0).flatMap(\.tokens)).min() }.first ?? rows.count
                guard cursor < bound else { continue }
                for r in cursor..<bound {
                    let words = rows[r].filter { !used.contains($0) }
                    guard !words.isEmpty, words.count == rows[r].count, Self.rowShows(spec.kind, words.map { stream.tokens[$0].word.text }),
                          let a = stream.rawToken.firstIndex(of: words[0]), let b = stream.rawToken.lastIndex(of: words[words.count - 1]) else { continue }
                    let rule = "its place in the section '\(section.headings[0])' (no label read)"
                    var values = FieldParser.parse(spec, segment: Segment(stream: stream, start: a, end: b + 1), rule: rule,
                                                   categories: template.categories ?? [])
                    guard values.contains(where: { $0.value != nil }), spec.kind == .fullName || values.allSatisfy(\.wellFormed) else { continue }
                    for k in values.indices { values[k].placeOnly = true }
                    for c in values { candidates[c.key] = c }
                    cursor = r + 1
                    break
                }
            }
        }
    }

    /// Whether a line's words are a value of `kind` and nothing else.
    static func rowShows(_ kind: FieldKind, _ words: [String]) -> Bool {
        func cyrillic(_ c: Character) -> Bool { c.unicodeScalars.allSatisfy { (0x410...0x44F).contains($0.value) || $0.value == 0x401 || $0.value == 0x451 } }
        let lettered = words.filter { $0.contains(where: \.isLetter) }
        switch kind {
        case .fullName:
            // Marks with no letter (a speck read "-" or ".") may stand beside the name, one at most.
            guard (2...4).contains(lettered.count), words.count - lettered.count <= 1 else { return false }
            return lettered.allSatisfy { w in
                let parts = w.split(separator: "-", omittingEmptySubsequences: false)
                return parts.allSatisfy { p in
                    guard p.count >= 2, let f = p.first, f.isUppercase, cyrillic(f) else { return false }
                    return p.dropFirst().allSatisfy { $0.isLowercase && cyrillic($0) }
                }
            }
        case .date:
            return !words.contains { $0.filter(\.isLetter).count >= 3 } && words.contains { $0.contains(where: \.isNumber) }
        case .address:
            return lettered.count >= 3
        default:
            return false
        }
    }
}
