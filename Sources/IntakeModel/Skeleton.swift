/// A page's skeleton from layout analysis alone: its text lines grouped into paragraphs.
/// A paragraph starts with an indented line or after a gap; its other lines start at the margin.
public struct PageSkeleton: Hashable, Sendable {
    public var lines: [Box]
    /// Indices into `lines`, top to bottom, one array per paragraph.
    public var paragraphs: [[Int]]
    /// The left margin of the text (most lines start here).
    public var margin: Int
    /// The median line height, the unit of indents and gaps.
    public var lineHeight: Int

    public init(lines: [Box]) {
        let ls = lines.filter { $0.height >= 8 && $0.width >= 8 }.sorted { ($0.y, $0.x) < ($1.y, $1.x) }
        self.lines = ls
        let heights = ls.map(\.height).sorted()
        let lineHeight = heights.isEmpty ? 0 : heights[heights.count / 2]
        // The margin: the leftmost start shared by several lines (a stray mark further left is not it).
        let starts = ls.map(\.x).sorted()
        let margin = starts.first { s in starts.filter { abs($0 - s) <= max(4, lineHeight / 3) }.count >= 3 } ?? (starts.first ?? 0)
        let right = ls.map(\.maxX).max() ?? 0
        self.lineHeight = lineHeight
        self.margin = margin
        var paragraphs: [[Int]] = []
        for (i, l) in ls.enumerated() {
            if let last = paragraphs.last?.last {
                let prev = ls[last]
                let atMargin = abs(l.x - margin) <= max(4, lineHeight / 3)
                let gap = l.y - prev.maxY
                // Ragged or justified: a line that ends well before the right edge ends its paragraph.
                let prevFull = prev.maxX >= margin + (right - margin) * 7 / 10
                if atMargin, gap <= lineHeight * 6 / 10, prevFull, prev.verticalOverlap(l) < 0.5 {
                    paragraphs[paragraphs.count - 1].append(i)
                    continue
                }
            }
            paragraphs.append([i])
        }
        self.paragraphs = paragraphs
    }

    /// Whether paragraph `p` starts with an indented line (a new paragraph of running text).
    public func isIndented(_ p: Int) -> Bool {
        guard let first = paragraphs[p].first else { return false }
        let indent = lines[first].x - margin
        return indent >= lineHeight && indent <= lineHeight * 8
    }
}

extension PageSkeleton {
    /// Share of a paragraph's first line read to recognise its opening words.
    public static let probeShare = 0.45

    /// The region read to recognise the opening words of paragraph `p`.
    public func probe(_ p: Int) -> Box {
        let first = lines[paragraphs[p][0]]
        let pad = max(2, first.height / 5)
        return Box(x: first.x - pad, y: first.y - pad,
                   width: Int(Double(first.width) * PageSkeleton.probeShare) + pad, height: first.height + 2 * pad)
    }

    /// The lines that need no recognition: all but the last line of each indented paragraph of
    /// three or more lines whose opening words (`read` recognises a probe region) are a legal
    /// paragraph's. The probe's reading takes the first line's place (it holds the stop that ends
    /// the value before); the last line is read (it may hold a signature anchor).
    public func skippable(planner: ReadingPlanner, read: (Box) -> String) -> (skipped: [Int], probes: [Box]) {
        var skipped: [Int] = [], probes: [Box] = []
        for (p, ls) in paragraphs.enumerated() where ls.count >= 3 && isIndented(p) {
            let box = probe(p)
            probes.append(box)
            if planner.isBoilerplate(opening: read(box)) { skipped += ls.dropLast() }
        }
        return (skipped, probes)
    }
}

/// Decides, from the first words of a paragraph read cheaply, whether it is a form's legal text
/// that holds no field and no phrase extraction needs (its inner lines need not be recognised).
public protocol ReadingPlanner {
    func isBoilerplate(opening: String) -> Bool
}

/// How a page was read, for `extract --explain` and the benchmark.
public struct ReadingReport: Hashable, Sendable, Codable {
    /// `form-aware` (legal paragraphs recognised as such and skipped), `whole page` (nothing to
    /// skip, or the fallback), with the reason.
    public var path: String
    /// Regions recognised (page pixels), the probes of paragraph openings included.
    public var regionsRead: Int
    /// Lines of the skeleton not recognised.
    public var linesSkipped: Int
    /// Share of the text lines' area recognised (0...1), every reading of the page counted once.
    public var areaShare: Double
    /// Readings of the page or of its zones beyond the first (weak pages).
    public var extraReadings: [String]

    public init(path: String, regionsRead: Int = 0, linesSkipped: Int = 0, areaShare: Double = 1, extraReadings: [String] = []) {
        self.path = path; self.regionsRead = regionsRead; self.linesSkipped = linesSkipped
        self.areaShare = areaShare; self.extraReadings = extraReadings
    }
}

/// Weak zones of a page: horizontal bands around the rows that hold the fields' values (and the
/// labels and captions next to them), read again with other preparations and spliced into the
/// page's reading in place of the first reading of those rows.
public struct WeakZones: Hashable, Sendable {
    /// Vertical extents [top, bottom) of the bands, sorted, not overlapping.
    public var bands: [Range<Int>]

    /// Bands around `boxes`, `margin` pixels above and below each (a label on the row above, a
    /// caption under a blank), merged where they touch.
    public init(boxes: [Box], margin: Int, pageHeight: Int) {
        let ranges = boxes.map { max(0, $0.y - margin)..<min(pageHeight, $0.maxY + margin) }.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for r in ranges {
            if let last = merged.last, r.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        bands = merged
    }

    /// Bands for a page whose first reading found only some of its fields. `fields`: the form's
    /// fields in printed order, each with the box of its value when found and whether it was
    /// expected but not found. Each value found gets its band; a field not found gets the whole
    /// stretch from the value found before it to the value found after it (the page's top or bottom
    /// when there is none), since its label and value lie somewhere there. Values out of the printed
    /// order by more than `margin` count as not found (a label misread elsewhere on the page places
    /// its value anywhere): the most values that are in order are kept. nil when no value was found,
    /// or when of two or more no two are in order.
    public init?(fields given: [(box: Box?, missing: Bool)], margin: Int, pageHeight: Int) {
        // The longest run of values in printed order (top to bottom, within `margin`).
        let idx = given.indices.filter { given[$0].box != nil }
        var best = [Int](repeating: 1, count: idx.count), prev = [Int](repeating: -1, count: idx.count)
        for j in idx.indices {
            for i in 0..<j where given[idx[j]].box!.y >= given[idx[i]].box!.y - margin && best[i] + 1 > best[j] {
                best[j] = best[i] + 1; prev[j] = i
            }
        }
        var keep = Set<Int>()
        var k = best.indices.max { best[$0] < best[$1] } ?? -1
        while k >= 0 { keep.insert(idx[k]); k = prev[k] }
        guard !keep.isEmpty, keep.count >= min(2, idx.count) else { return nil }
        let fields = given.indices.map { i in keep.contains(i) ? given[i] : (box: nil, missing: given[i].box != nil || given[i].missing) }
        let found = fields.compactMap(\.box)
        var boxes = found
        for (i, f) in fields.enumerated() where f.missing && f.box == nil {
            let top = fields[..<i].last { $0.box != nil }?.box?.y ?? 0
            let bottom = fields[(i + 1)...].first { $0.box != nil }?.box?.maxY ?? pageHeight
            guard bottom > top else { return nil }
            boxes.append(Box(x: 0, y: top, width: 1, height: bottom - top))
        }
        self.init(boxes: boxes, margin: margin, pageHeight: pageHeight)
    }

    /// The page outside the bands (full-width boxes), to be painted out before a zone reading.
    public func outside(width: Int, height: Int) -> [Box] {
        var out: [Box] = [], y = 0
        for b in bands {
            if b.lowerBound > y { out.append(Box(x: 0, y: y, width: width, height: b.lowerBound - y)) }
            y = max(y, b.upperBound)
        }
        if y < height { out.append(Box(x: 0, y: y, width: width, height: height - y)) }
        return out
    }

    /// Share of the page's height the bands cover.
    public func share(ofHeight height: Int) -> Double {
        Double(bands.reduce(0) { $0 + $1.count }) / Double(max(1, height))
    }

    func contains(_ line: OCRLine) -> Bool { bands.contains { $0.contains(line.box.midY) } }

    /// `page` with the lines inside the bands replaced by those of `zoneReading` (a reading of the
    /// bands only); the lines of both stay in top-to-bottom order.
    public func splice(_ page: OCRPage, with zoneReading: OCRPage) -> OCRPage {
        var out = page
        let kept = page.lines.filter { !contains($0) }
        let read = zoneReading.lines.filter { contains($0) }
        out.lines = (kept + read).sorted { ($0.box.y, $0.box.x) < ($1.box.y, $1.box.x) }
        return out
    }
}
