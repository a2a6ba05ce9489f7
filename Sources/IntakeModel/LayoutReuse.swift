import Foundation
/// Reading a page of a layout read before. Pages of one batch come from the same printed template
/// (same portal form, font and layout), so once a page has been read whole, a later page whose
/// skeleton matches it (line positions and heights, after deskew and an offset) takes that page's
/// words (boxes shifted) for the parts of its lines whose ink is the same column by column, and
/// only the rest is recognised: the values, anything that differs, and one probe line whose reading
/// must agree with the model's. Values and digits are always recognised, even when their ink looks
/// the same.

/// One text line of a page's skeleton with its ink profile (dark pixels per column of its box).
public struct ProfiledLine: Hashable, Sendable {
    public var box: Box
    public var profile: [UInt16]

    public init(box: Box, profile: [UInt16]) {
        self.box = box; self.profile = profile
    }
}

/// A page read whole whose layout later pages may reuse.
public struct LayoutModel: Sendable {
    public var form: FormKind
    public var lines: [ProfiledLine]
    /// The model page's words, one array per skeleton line (left to right).
    public var words: [[OCRWord]]
    /// Per line, the left edge from which the line is always recognised (a value, or the first
    /// word holding a digit); nil when the line holds neither.
    public var readFrom: [Int?]
    /// Field keys the model page had a value for (a later page missing one is read whole).
    public var found: Set<String>
    /// Field keys whose value was well-formed on the model page.
    public var wellFormed: Set<String> = []
    /// Lines not recognised on the model page (inner lines of legal paragraphs painted out).
    public var unread: Set<Int>
    public var lineHeight: Int
    /// Pages read with this model (the most used is tried first).
    public var uses = 0
    /// The model's number in its `LayoutStore` (0 until stored).
    public var serial = 0

    /// `valueBoxes`: the boxes of the values extraction found on the model page; `unread`: regions
    /// painted out before it was read.
    public init(form: FormKind, lines: [ProfiledLine], reading: OCRPage, valueBoxes: [Box], found: Set<String>,
                unread: [Box] = []) {
        self.form = form
        self.unread = Set(lines.indices.filter { i in unread.contains { lines[i].box.verticalOverlap($0) > 0.5 } })
        self.lines = lines
        self.found = found
        let heights = lines.map(\.box.height).sorted()
        lineHeight = heights.isEmpty ? 0 : heights[heights.count / 2]
        var words = [[OCRWord]](repeating: [], count: lines.count)
        for w in reading.words {
            // The line the word's middle falls in (words outside every line are not carried).
            let mid = w.box.midY
            if let i = lines.firstIndex(where: { mid >= $0.box.y - 2 && mid < $0.box.maxY + 2 }) { words[i].append(w) }
        }
        self.words = words.map { $0.sorted { $0.box.x < $1.box.x } }
        readFrom = lines.indices.map { i in
            let l = lines[i].box
            var from: Int? = nil
            for v in valueBoxes where l.verticalOverlap(v) > 0.3 || v.verticalOverlap(l) > 0.3 {
                from = min(from ?? v.x, v.x)
            }
            if let digit = words[i].first(where: { $0.text.contains(where: \.isNumber) }) {
                from = min(from ?? digit.box.x, digit.box.x)
            }
            return from
        }
    }
}

/// The layouts learnt by the workers of one run, shared: a page one worker read whole serves every
/// worker's later pages of the same template (each worker used to learn its own, so a small batch read
/// every template once per worker). Thread-safe; workers take a snapshot per page.
public final class LayoutStore: @unchecked Sendable {
    private let lock = NSLock()
    private var models: [LayoutModel] = []
    private var next = 1
    /// Layouts kept; the least used goes first.
    public let capacity: Int

    public init(capacity: Int = 8) { self.capacity = capacity }

    /// The layouts, most used first.
    public func snapshot() -> [LayoutModel] {
        lock.lock(); defer { lock.unlock() }
        return models
    }

    /// A page was read with the model numbered `serial`.
    public func used(_ serial: Int) {
        lock.lock(); defer { lock.unlock() }
        guard let i = models.firstIndex(where: { $0.serial == serial }) else { return }
        models[i].uses += 1
        models.sort { $0.uses > $1.uses }
    }

    /// Keeps a new layout (the least used one makes room).
    public func learn(_ model: LayoutModel) {
        lock.lock(); defer { lock.unlock() }
        var m = model
        m.serial = next
        next += 1
        if models.count >= capacity { models.removeLast() }
        models.append(m)
    }
}

/// What to recognise on a page that matches a model, and the model's words that stand in for the rest.
public struct ReusePlan: Sendable {
    /// Offset of the page against the model (page = model + offset).
    public var dx: Int
    public var dy: Int
    /// Regions of the page whose words are the model's (painted out before reading).
    public var reused: [Box]
    /// The model's words for them, shifted into the page's coordinates, one line each.
    public var carried: [OCRLine]
    /// A line read although its ink matches the model: its reading must agree with `probeText`.
    public var probe: Box?
    public var probeText: String
    /// Page lines matched to a model line, and all of the page's lines.
    public var matchedLines: Int
    public var lines: Int
    /// Share of the skeleton's text area recognised.
    public var areaShare: Double
}

extension LayoutModel {
    /// Most windows of a line's profile differ by less than this share of their ink between two
    /// prints of the same text; a changed letter differs by more.
    public static let windowTolerance = 0.35

    /// The plan for a page with skeleton `page`, or nil when its skeleton does not match (lines
    /// missing, added or moved beyond a third of a line height after the best common offset).
    public func plan(for page: [ProfiledLine]) -> ReusePlan? {
        guard lineHeight > 0, !page.isEmpty, !lines.isEmpty else { return nil }
        let tol = max(4, lineHeight / 3)
        // The page is the model moved and, scanned at another resolution, scaled by a percent or
        // two: the mapping that pairs most lines, from pairs among the first and the last lines.
        var best: (scale: Double, dy: Int, pairs: [(Int, Int)])? = nil
        let heads = Array(page.indices.prefix(5)), tails = Array(page.indices.suffix(5))
        for i in heads {
            for j in lines.indices.prefix(5) {
                for k in tails where page[k].box.y - page[i].box.y > lineHeight * 10 {
                    for l in lines.indices.suffix(5) where lines[l].box.y - lines[j].box.y > lineHeight * 10 {
                        let scale = Double(page[k].box.y - page[i].box.y) / Double(lines[l].box.y - lines[j].box.y)
                        guard abs(scale - 1) <= 0.03 else { continue }
                        let dy = page[i].box.y - Int((Double(lines[j].box.y) * scale).rounded())
                        let pairs = pair(page, scale: scale, dy: dy, tol: tol)
                        if pairs.count > (best?.pairs.count ?? 0) { best = (scale, dy, pairs) }
                    }
                }
            }
        }
        guard let found = best else { LayoutModel.note("no line mapping (\(page.count) page lines, \(lines.count) model lines)"); return nil }
        // Nearly every line on both sides is paired: a different form, or a value that wrapped
        // onto another line, is a different layout.
        let need = 0.85
        guard Double(found.pairs.count) >= need * Double(page.count), Double(found.pairs.count) >= need * Double(lines.count) else {
            LayoutModel.note("\(found.pairs.count) lines paired of \(page.count) page lines and \(lines.count) model lines")
            return nil
        }
        let scale = found.scale
        let dys = found.pairs.map { page[$0.0].box.y - Int((Double(lines[$0.1].box.y) * scale).rounded()) }.sorted()
        let dy = dys[dys.count / 2]
        // The horizontal offset: lines starting at the margin start at the same place.
        let dxs = found.pairs.map { page[$0.0].box.x - Int((Double(lines[$0.1].box.x) * scale).rounded()) }.sorted()
        let dx = dxs[dxs.count / 2]
        let map = Mapping(scale: scale, dx: dx, dy: dy)

        var reused: [Box] = [], carried: [OCRLine] = []
        var reusedArea = 0, total = 0
        var probeCandidate: (index: Int, line: Int, words: Int)? = nil
        for (pi, mi) in found.pairs {
            let p = page[pi].box
            total += p.width * p.height
            let m = lines[mi]
            // Columns (page coordinates) up to which the ink is the model's.
            var same = agreement(model: m, page: page[pi], map: map)
            if unread.contains(mi) {
                // Not recognised on the model page either (a legal paragraph's inner line): taken
                // as it is when its ink is the model's, else read.
                guard same > p.maxX else { continue }
                let region = Box(x: p.x - 2, y: p.y, width: p.width + 4, height: p.height)
                reused.append(region)
                reusedArea += p.width * p.height
                carried.append(OCRLine(words: words[mi].map { map.word($0) }, box: region))
                continue
            }
            guard !words[mi].isEmpty else { continue }
            if let from = readFrom[mi] { same = min(same, map.x(from) - max(2, lineHeight / 4)) }
            let kept = Array(words[mi].prefix { map.x($0.box.maxX) <= same })
            guard !kept.isEmpty else { continue }
            // Up to the gap after the last word taken: half-way to the next word, or the line's end.
            let lastEnd = map.x(kept.last!.box.maxX)
            let next = words[mi].count > kept.count ? map.x(words[mi][kept.count].box.x) : p.maxX + lineHeight
            let cut = kept.count == words[mi].count && same > p.maxX ? p.maxX + 2 : min(max(lastEnd + 1, (lastEnd + next) / 2), p.maxX + 1)
            let left = min(p.x, map.x(kept[0].box.x)) - 2
            let region = Box(x: left, y: p.y, width: cut - left, height: p.height)
            reused.append(region)
            reusedArea += max(0, cut - p.x) * p.height
            carried.append(OCRLine(words: kept.map { map.word($0) }))
            // The probe: the line with most words taken whole (a label or legal text).
            if kept.count == words[mi].count, kept.count > (probeCandidate?.words ?? 2) {
                probeCandidate = (reused.count - 1, pi, kept.count)
            }
        }
        for (i, l) in page.enumerated() where !found.pairs.contains(where: { $0.0 == i }) { total += l.box.width * l.box.height }
        guard total > 0, let probe = probeCandidate else { LayoutModel.note("no probe line"); return nil }
        // The probe line is read, not carried.
        let probeBox = reused.remove(at: probe.index)
        let probeLine = carried.remove(at: probe.index)
        reusedArea -= max(0, probeBox.maxX - page[probe.line].box.x) * page[probe.line].box.height
        return ReusePlan(dx: dx, dy: dy, reused: reused, carried: carried, probe: probeBox,
                         probeText: probeLine.text, matchedLines: found.pairs.count, lines: page.count,
                         areaShare: 1 - Double(max(0, reusedArea)) / Double(total))
    }

    /// PFDO_DEBUG_LAYOUT: why a model's plan did not fit a page (stderr; no page text).
    public static let debug = ProcessInfo.processInfo.environment["PFDO_DEBUG_LAYOUT"] != nil
    public static func note(_ why: String) {
        if debug { FileHandle.standardError.write(Data("layout plan: \(why)\n".utf8)) }
    }

    /// Model coordinates to page coordinates.
    struct Mapping {
        var scale: Double, dx: Int, dy: Int
        func x(_ v: Int) -> Int { Int((Double(v) * scale).rounded()) + dx }
        func y(_ v: Int) -> Int { Int((Double(v) * scale).rounded()) + dy }
        func word(_ w: OCRWord) -> OCRWord {
            let x0 = x(w.box.x), y0 = y(w.box.y)
            return OCRWord(text: w.text, confidence: w.confidence,
                           box: Box(x: x0, y: y0, width: x(w.box.maxX) - x0, height: y(w.box.maxY) - y0))
        }
    }

    /// Page lines paired with model lines mapped by `scale` and `dy`: nearest top within `tol`, heights within `tol`.
    func pair(_ page: [ProfiledLine], scale: Double, dy: Int, tol: Int) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        var used = Set<Int>()
        for (i, p) in page.enumerated() {
            var bestJ: Int? = nil, bestD = Int.max
            for (j, m) in lines.enumerated() where !used.contains(j) {
                let d = abs(p.box.y - Int((Double(m.box.y) * scale).rounded()) - dy)
                if d <= tol, abs(p.box.height - m.box.height) <= tol, d < bestD { bestJ = j; bestD = d }
            }
            if let j = bestJ { out.append((i, j)); used.insert(j) }
        }
        return out
    }

    /// The page column (exclusive) up to which `page`'s ink matches `model`'s, window by window,
    /// allowing a shift of a few pixels; past the page line's end when the whole line agrees.
    func agreement(model: ProfiledLine, page: ProfiledLine, map: Mapping) -> Int {
        let window = max(8, lineHeight / 2)
        var bestShift = 0, bestCost = Int.max
        // The shift that fits the line's first columns best (labels start at the same place).
        for s in -3...3 {
            let cost = difference(model, page, map: map, shift: s, from: model.box.x, count: window * 4)
            if cost < bestCost { bestCost = cost; bestShift = s }
        }
        var x = model.box.x
        let end = model.box.maxX
        while x < end {
            let n = min(window, end - x)
            let diff = difference(model, page, map: map, shift: bestShift, from: x, count: n)
            var ink = 0
            for c in x..<(x + n) { ink += value(model, c) + value(page, map.x(c) + bestShift) }
            // A window with little ink on both sides (a gap) agrees when both are nearly empty.
            if Double(diff) > LayoutModel.windowTolerance * Double(max(ink, lineHeight * 2)) { return map.x(x) + bestShift }
            x += n
        }
        // The page's line must not run on past the model's (more text at its end).
        if page.box.maxX > map.x(end) + bestShift + lineHeight / 3 { return map.x(end) + bestShift }
        return page.box.maxX + 1
    }

    private func value(_ l: ProfiledLine, _ x: Int) -> Int {
        let i = x - l.box.x
        return i >= 0 && i < l.profile.count ? Int(l.profile[i]) : 0
    }

    private func difference(_ m: ProfiledLine, _ p: ProfiledLine, map: Mapping, shift: Int, from x: Int, count: Int) -> Int {
        var d = 0
        for c in x..<(x + max(0, count)) { d += abs(value(m, c) - value(p, map.x(c) + shift)) }
        return d
    }
}

/// The probe of a reused layout: the page's reading of a line the model read the same way.
public enum LayoutProbe {
    /// The two readings agree: letters and digits, case folded, at most one edit in six.
    public static func agrees(_ read: String, _ model: String) -> Bool {
        let a = Array(read.lowercased().filter { $0.isLetter || $0.isNumber })
        let b = Array(model.lowercased().filter { $0.isLetter || $0.isNumber })
        guard b.count >= 6 else { return false }
        return editDistance(a, b) * 6 <= b.count
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var prev = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let cur = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                prev = cur
            }
        }
        return row[b.count]
    }
}

extension OCRPage {
    /// The page with carried-over words spliced in: a carried line joins the line read on the
    /// same row (label and value read as one line, as a whole reading gives them), else it is a line of its own.
    public func splicing(_ carried: [OCRLine]) -> OCRPage {
        var out = self
        for c in carried where !c.words.isEmpty {
            if let i = out.lines.firstIndex(where: { $0.box.verticalOverlap(c.box) > 0.5 }) {
                out.lines[i] = OCRLine(words: (out.lines[i].words + c.words).sorted { $0.box.x < $1.box.x })
            } else {
                out.lines.append(c)
            }
        }
        out.lines.sort { ($0.box.y, $0.box.x) < ($1.box.y, $1.box.x) }
        return out
    }
}
