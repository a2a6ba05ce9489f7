import Foundation
import IntakeModel

/// Whether a signature mark is in its place: a scribble, initials, a faint pen or a stamp over the line.
/// "Missing" only for an empty place: a stray dot or scanner specks are no signature, a short tick is.
enum SignatureEvidence {
    /// Binarised ink above this share of the zone: a mark (form lines and specks are already removed there).
    static let inkShare = 0.006
    /// Grey pixels this much darker than the zone's own paper level count as faint ink.
    static let faintDelta = 30
    static let faintShare = 0.012
    /// A stroke: a mark (marks closer than `joinGap` line heights taken together) at least this many
    /// line heights long or tall. A tick of 4 mm is about one line height; a pen dot or a speck is a
    /// third of one or less.
    static let strokeExtent = 0.8
    static let joinGap = 0.3
    /// ... with at least this many pixels per line height squared (a thin hair of a stroke is not one).
    static let strokeInk = 0.08
    /// Printed rests that are no mark: a rule (flat and long) or a fold or border (thin, the zone's full height).
    static let ruleFlatness = 0.35
    static let foldThinness = 0.2

    /// What was measured in one signature place (no values: pixels only).
    struct Measures: Equatable {
        var zone: Box
        var lineHeight: Int
        /// Share of binarised ink in the zone.
        var ink: Double
        /// Share of grey pixels darker than the paper by `faintDelta`, above the line (nil: no paper level).
        var faint: Double?
        /// Marks on the binarised page in the zone (nil: not available, the shares decide alone).
        var marks: [InkBlob]?
        /// Marks on the grey page above the line, darker than the paper by `faintDelta`.
        var faintMarks: [InkBlob]?
        /// Where the grey marks were looked for (the zone above the line).
        var upper: Box
        /// Boxes of words read as print inside the place: marks within them are no signature.
        var printed: [Box] = []
        /// Top of the signing line when the page's form lines hold it (nil: the zone's bottom stands for it).
        var lineY: Int? = nil
        /// Columns of a vertical band the scanner or printer drew through the place (a toner streak):
        /// dark in the place and far above and below it. Marks lying within them are no pen.
        var streaks: [ClosedRange<Int>] = []
        /// The paper's grey level above the line (nil: not measured); faint marks are darker than it by `faintDelta`.
        var paper: Int? = nil
    }

    /// `zone`: between the date and the name, from above the signature row down to its baseline.
    /// A faint pen disappears in binarisation; it is looked for on the grey page above the line
    /// (the printed line and its caption left out), against the paper level of the zone itself.
    /// `reachBelow`: marks are also taken this far below the zone, for strokes crossing the line
    /// (initials written through it, seed 2201).
    static func signed(zone: Box, lineHeight h: Int, zones: ZoneReader, printed: [Box] = [], reachBelow: Int = 0,
                       lineY: Int? = nil, source: String = "") -> Bool? {
        var m = measure(zone: zone, lineHeight: h, zones: zones, reachBelow: reachBelow, lineY: lineY)
        m.printed = printed
        var verdict = decide(m)
        var stamp = ""
        if verdict == true, let (ring, cleared) = withoutStamp(m, zones: zones, reachBelow: reachBelow) {
            // A stamp over the place: signed only when a pen is left once the stamp's ink is taken out,
            // else undecided (a pen drawn along the stamp's own lines cannot be told from them).
            verdict = decide(cleared) == true ? true : nil
            if debug {
                stamp = String(format: " stamp at %.0f,%.0f r %@ without it: ", ring.cx - Double(zone.x), ring.cy - Double(zone.y),
                               ring.radii.map { String(format: "%.0f", $0) }.joined(separator: "/")) + describe(cleared)
            }
        }
        if debug {
            FileHandle.standardError.write(Data("signature: \(source) \(describe(m))\(stamp) verdict \(verdict.map { "\($0)" } ?? "undecided")\n".utf8))
            if debugMarks {
                // Every mark of the place, relative to where it was looked for: a recorded case for a test (no values).
                func listed(_ blobs: [InkBlob]?, from o: Box) -> String {
                    (blobs ?? []).map { "(\($0.box.x - o.x), \($0.box.y - o.y), \($0.box.width), \($0.box.height), \($0.pixels))" }
                        .joined(separator: ", ")
                }
                FileHandle.standardError.write(Data("signature marks: \(listed(m.marks, from: m.zone))\nsignature faint marks: \(listed(m.faintMarks, from: m.upper))\n".utf8))
            }
        }
        return verdict
    }

    /// The measures with a stamp's ink taken out (see `StampEvidence`), when a stamp's ring lies over
    /// the place: looked for on the prepared page, else on the grey page at the faint marks' level (a
    /// pale stamp that binarisation dropped). Nil when no ring is found.
    static func withoutStamp(_ m: Measures, zones: ZoneReader, reachBelow: Int) -> (StampEvidence.Ring, Measures)? {
        let h = m.lineHeight
        guard h > 0 else { return nil }
        let around = Box(x: m.zone.x - 8 * h, y: m.zone.y - 9 * h, width: m.zone.width + 16 * h,
                         height: m.zone.height + max(0, reachBelow) + 18 * h)
        let threshold = m.paper.map { $0 - faintDelta }
        let binary = zones.inkMask(zone: around, threshold: nil)
        let grey = threshold.flatMap { zones.inkMask(zone: around, threshold: $0) }
        let reach = Box(x: m.zone.x, y: m.zone.y, width: m.zone.width, height: m.zone.height + max(0, reachBelow))
        guard let ring = binary.flatMap({ StampEvidence.ring(in: $0, lineHeight: h, crossing: reach) })
                ?? grey.flatMap({ StampEvidence.ring(in: $0, lineHeight: h, crossing: reach) }) else { return nil }
        var out = m
        if m.marks != nil, let binary {
            out.marks = StampEvidence.blobs(StampEvidence.removing(ring, from: binary, near: reach), in: reach)
        }
        if m.faintMarks != nil, let grey {
            // The grey page's ink spreads wider than the binarised stroke.
            var wider = ring
            wider.tolerance += 2
            out.faintMarks = StampEvidence.blobs(StampEvidence.removing(wider, from: grey, near: m.upper), in: m.upper)
        }
        return (ring, out)
    }

    static func measure(zone: Box, lineHeight h: Int, zones: ZoneReader, reachBelow: Int = 0, lineY: Int? = nil) -> Measures {
        let ink = zones.inkCoverage(zone: zone)
        let upper = Box(x: zone.x, y: zone.y, width: zone.width, height: max(h, faintBottom(zone: zone, lineHeight: h, lineY: lineY) - zone.y))
        let paper = paperLevel(upper, zones)
        let faint = paper.map { zones.greyInk(zone: upper, threshold: $0 - faintDelta) }
        let reach = Box(x: zone.x, y: zone.y, width: zone.width, height: zone.height + max(0, reachBelow))
        let marks = zones.inkBlobs(zone: reach, threshold: nil)
        let faintMarks = paper.flatMap { zones.inkBlobs(zone: upper, threshold: $0 - faintDelta) }
        var m = Measures(zone: zone, lineHeight: h, ink: ink, faint: faint, marks: marks, faintMarks: faintMarks, upper: upper)
        m.paper = paper
        m.lineY = lineY
        if let paper { m.streaks = streakColumns(zone: zone, upper: upper, h: h, zones: zones, threshold: paper - faintDelta) }
        return m
    }

    /// Where faint marks stop being looked for on the grey page. With no signing line found, a line
    /// height above the zone's bottom (the row's baseline): the row's print band may hold the line and,
    /// under it, its caption. With the line found, just above the line: a pale pen is mostly drawn
    /// down to the line and through it, and the band between the row's print and the line holds no
    /// print of the form (seed 2679 p003, a signed scan reported unsigned: a pale grey pen, 55 grey
    /// levels under the paper, drawn from about 70 pixel rows above the line to about 70 below it; only
    /// the top 25 or so of them, its loops' tops, lay above the old cut).
    static func faintBottom(zone: Box, lineHeight h: Int, lineY: Int?) -> Int {
        let unlined = zone.maxY - h / 2 - h / 2
        guard let lineY, h > 0 else { return unlined }
        return max(unlined, min(zone.maxY, lineY - max(3, h / 8)))
    }

    /// Share of dark pixels a column must hold, in the place and over two line heights above and below
    /// it, to be a band of the scanner or printer: no pen stroke runs so far straight down, and print
    /// above or below leaves gaps between its lines and letters.
    static let streakShare = 0.8

    /// The column ranges (grown by a few pixels for the band's soft edge) that stay dark through the
    /// place's upper part, with dark columns two line heights above the place and two below the signing
    /// row (seed 2555 p003, a poor scan: an empty consent whose toner streak was taken for a faint pen).
    /// A straightened page turns a streak of the scanner aslant, so the columns above and below may lie
    /// a tenth of their distance aside.
    static func streakColumns(zone: Box, upper: Box, h: Int, zones: ZoneReader, threshold: Int) -> [ClosedRange<Int>] {
        guard h > 0, upper.height > 0, zone.y - 3 * h >= 0 else { return [] }
        let reach = max(3, (3 * h) / 10)
        func shares(y: Int, height: Int) -> [Int: Double] {
            var out: [Int: Double] = [:]
            for x in (zone.x - reach)..<(zone.maxX + reach) where x >= 0 {
                out[x] = zones.greyInk(zone: Box(x: x, y: y, width: 1, height: height), threshold: threshold)
            }
            return out
        }
        let inPlace = shares(y: upper.y, height: upper.height)
        guard inPlace.values.contains(where: { $0 >= streakShare }) else { return [] }
        let above = shares(y: zone.y - 3 * h, height: 2 * h)
        let below = shares(y: zone.maxY + h, height: 2 * h)
        func darkNear(_ s: [Int: Double], _ x: Int) -> Bool {
            ((x - reach)...(x + reach)).contains { (s[$0] ?? 0) >= streakShare }
        }
        let dark = (zone.x..<zone.maxX).filter { (inPlace[$0] ?? 0) >= streakShare && darkNear(above, $0) && darkNear(below, $0) }
        var ranges: [ClosedRange<Int>] = []
        for x in dark {
            if let last = ranges.last, x <= last.upperBound + 2 { ranges[ranges.count - 1] = last.lowerBound...x } else { ranges.append(x...x) }
        }
        let halo = max(2, h / 8)
        return ranges.map { ($0.lowerBound - halo)...($0.upperBound + halo) }
    }

    /// The marks not lying within a streak: most of a mark's width inside the band's columns. A pen
    /// stroke crossing the band joins it into a mark much wider than the band, and stays.
    static func offTheStreaks(_ marks: [InkBlob], _ m: Measures) -> [InkBlob] {
        guard !m.streaks.isEmpty else { return marks }
        return marks.filter { b in
            let inside = m.streaks.reduce(0) { $0 + max(0, min(b.box.maxX, $1.upperBound + 1) - max(b.box.x, $1.lowerBound)) }
            // A streak's mark that a speck beside it widened (seed 2627 p001, a poor scan: 1,101 pixels in a
            // box 34 wide, 18 columns of it in the streak, taken for a pen on an empty consent that was
            // activated): its ink would fit in the streak's columns. A pen crossing the band runs far
            // beyond it, with more ink than the band's part of its box holds.
            let fits = Double(b.pixels) <= 0.8 * Double(inside * b.box.height)
            return Double(inside) < 0.7 * Double(max(1, b.box.width)) && !fits
        }
    }

    /// The verdict on recorded measures: true signed, false missing, nil undecided.
    static func decide(_ m: Measures) -> Bool? {
        guard let marks = m.marks else {
            // No marks measured: the shares alone.
            if m.ink > inkShare { return true }
            guard let faint = m.faint else { return false }
            return faint > faintShare
        }
        // Marks may reach below the zone (`reachBelow`), but a stroke must reach above its bottom
        // (the line): a mark only below it is a caption's letters. Where the signing line was found
        // higher than the row's print (a line drawn above the date's baseline, its caption beside the
        // date: seed 2525 p003, "(подпись)" read as no word, taken for a pen), the line itself is the bound.
        // With no line found, the zone's bottom (the row's) stands for it, and a stroke must rise an
        // eighth of a line height above it: a caption under a line the page lost, unread, reaches a few
        // pixels into the zone (seed 2627 p001, a poor empty consent: "(подпись)" 5 pixels above, activated).
        let bound = m.lineY.map { min(m.zone.maxY, $0 + 2) } ?? (m.zone.maxY - max(2, m.lineHeight / 8))
        if strokes(offTheStreaks(offTheLine(unprinted(unreadPrint(marks, m), m), m), m), in: m.zone, h: m.lineHeight).contains(where: { $0.box.y < bound }) {
            return true
        }
        if let faintMarks = m.faintMarks?.filter({ !acrossThePlace($0, upper: m.upper, lineHeight: m.lineHeight) }),
           hasStroke(offTheStreaks(offTheLine(unprinted(unreadPrint(faintMarks, m), m), m), m), in: m.upper, h: m.lineHeight) { return true }
        return false
    }

    /// A faint mark running from the place's left edge to its right, where the place is ten line heights wide
    /// or more: a fold's shaded band or a scanner's band across the page, not a pen, which a signer draws
    /// inside the place and not as one grey piece through its whole width (seed 2633 p014, a poor empty
    /// application: a fold's band, 1048 x 48 pixels on the grey page, taken for a faint pen). A pen joined to
    /// such a band is lost with it on the grey page; its binarised strokes still count.
    static func acrossThePlace(_ b: InkBlob, upper: Box, lineHeight h: Int) -> Bool {
        upper.width >= 10 * max(1, h) && b.box.x <= upper.x + 2 && b.box.maxX >= upper.maxX - 2
    }

    /// The marks that are no piece of the signing line: a flat mark lying on the line is its print,
    /// however short (the grey page keeps the line, and a gap in its print leaves pieces shorter than
    /// a rule: seed 2553 p019, an empty clean consent whose line's 91-pixel end was taken for a pen).
    ///
    /// A pen crossing the line is cut there, as preparation takes the line out of the page: its
    /// pieces just above the line and just below it are each as flat as a rule's rest. Pieces lying
    /// at the line that join across it (one ending above the line, one starting below it, in shared
    /// columns) into a mark taller than a rule's rest are one pen mark, and stay, joined (seed 2601
    /// p005 and p027, two signed scans reported unsigned: initials written down through the line onto
    /// the caption, 12 pixels of them above it). A rule's own rest lies across the line, neither above
    /// nor below it, a sliver of it left above is a few pixels tall, and a caption's letters touch it
    /// from below only.
    static func offTheLine(_ marks: [InkBlob], _ m: Measures) -> [InkBlob] {
        guard let y = m.lineY else { return marks }
        let flat = Int(ruleFlatness * Double(max(1, m.lineHeight)))
        func lying(_ b: InkBlob) -> Bool { b.box.height <= flat && b.box.y <= y + 3 && b.box.maxY >= y - 3 }
        let gap = max(4, m.lineHeight / 6)
        // A piece above the line is a pen's when it rises a fifth of a line height and is no rule's length
        // (a rule's sliver left above its removed line is a few pixels tall).
        let above = marks.filter {
            lying($0) && $0.box.maxY <= y + 1 && $0.box.height >= max(5, m.lineHeight / 5) && $0.box.width < 3 * m.lineHeight
        }
        let below = marks.filter { $0.box.y >= y + 2 && $0.box.y <= y + 2 + gap }
        // Pieces above end within 3 pixels over the line's top and pieces below start up to `gap` + 2 under
        // it: the removed line lies between them, so they are joined across its thickness as well (s2721
        // p013, a scan's small dense initials on the line, first contact: pieces 8 pixels tall above a line
        // 5 pixels thick and 3 below it, 6 pixels apart, h 32, taken for the line's rest and the signed
        // application reported unsigned).
        let crossing = join(above + below, gap: gap + 5).filter { group in
            group.box.height > flat && above.contains { a in
                inside(a.box, group.box) && below.contains { b in
                    inside(b.box, group.box) && min(a.box.maxX, b.box.maxX) > max(a.box.x, b.box.x)
                }
            }
        }
        let joined = below.filter { b in crossing.contains { inside(b.box, $0.box) } }
        return marks.filter { !lying($0) && !joined.contains($0) } + crossing
    }

    /// The marks that are no letters of print left unread at the place's end: two or more marks there
    /// (within three line heights of it) whose tops stand on the row's print top and whose heights are the
    /// print's, to a tenth of a line height, are the signer's printed initials before the name, which the
    /// reading missed (sig2697 p020, a scan of an unsigned consent, first contact: "О.О." beside the name,
    /// 29 x 36 and 22 x 36 pixels at the row's top, h 37, taken for a pen and the packet activated). A pen
    /// is not drawn as two glyphs of the print's height on its cap line; one such mark alone is left as it is.
    /// The print's height is its words' boxes', which reach down over descenders ("Макарова"): capitals of
    /// one height, alike to a tenth of a line height, from 0.7 of it up, count as well (s2713 p015, a bilevel
    /// scan of an unsigned consent, first contact: "Е.С." before the name, broken glyphs 34 and 33 pixels
    /// tall at the row's top, h 44, taken for a pen).
    static func unreadPrint(_ marks: [InkBlob], _ m: Measures) -> [InkBlob] {
        let h = m.lineHeight, tol = max(2, h / 10)
        let rowTop = m.zone.maxY - h
        let end = m.zone.maxX - 3 * h
        let atTop = marks.filter { b in b.box.x >= end && abs(b.box.y - rowTop) <= tol && b.box.width <= h * 3 / 2 }
        var printLike = atTop.filter { abs($0.box.height - h) <= tol }
        let capitals = atTop.filter { 10 * $0.box.height >= 7 * h && $0.box.height <= h + tol }
        if printLike.count < 2, capitals.count >= 2, let lo = capitals.map(\.box.height).min(),
           let hi = capitals.map(\.box.height).max(), hi - lo <= tol {
            printLike = capitals
        }
        let kept = unreadDateEnd(printLike.count >= 2 ? marks.filter { !printLike.contains($0) } : marks, m)
        let word = unreadWord(kept, m)
        return word.isEmpty ? kept : kept.filter { !word.contains($0) }
    }

    /// The marks that are the date's end, unread, running into the place's start: marks standing in the row's
    /// print band (their tops on the print's top and their feet on its baseline, to a tenth of a line height)
    /// from the place's left edge (the first within half a line height of it), within three line heights of it, and what lies beside them up to the last
    /// (pieces of a glyph), with the year's "г." after them: letters and a dot on the baseline within a line
    /// height (sig2719 p007, a poor application, first contact: the year read only up to its first digits, so
    /// the place began a line height after them; "026 г." there, three digits 32-34 pixels tall on the grey
    /// page one mark 77 pixels wide, h 31, taken for a pen and the unsigned packet activated). A pen is drawn
    /// in the place, not as print of the row's height set against the date.
    static func unreadDateEnd(_ marks: [InkBlob], _ m: Measures) -> [InkBlob] {
        let h = m.lineHeight, tol = max(2, h / 10)
        let base = m.zone.maxY, rowTop = base - h, left = m.zone.x
        func inBand(_ b: InkBlob) -> Bool {
            abs(b.box.y - rowTop) <= tol && abs(b.box.maxY - base) <= tol && b.box.maxX <= left + 3 * h
        }
        let band = marks.filter(inBand)
        guard let first = band.map(\.box.x).min(), first <= left + h / 2, let right = band.map(\.box.maxX).max() else { return marks }
        let within = marks.filter { b in b.box.maxX <= right && b.box.y >= rowTop - tol && b.box.maxY <= base + tol }
        let after = marks.filter { b in
            b.box.x >= right - tol && b.box.x <= right + h && abs(b.box.maxY - base) <= tol && b.box.height <= h
        }
        let gone = Set((band + within + after).map(\.box))
        return marks.filter { !gone.contains($0.box) }
    }

    /// The letters of a printed word the reading missed that runs to the place's end: the signer's
    /// surname, a capital and small letters (sig2703 p020, a poor unsigned consent, first contact: a
    /// capital and seven small letters 24-26 pixels tall on the row's baseline at a 23-pixel pitch, h 36,
    /// taken for a pen). A run of marks, each at most a fifth of a line height from the next, the last
    /// ending within a line height of the place's end, all of them inside the row (capitals, descenders
    /// and the dots of ё allowed; nothing starting in the row's last quarter, as the line's rests do), of
    /// which five or more are small letters: standing on the row's baseline, their heights within a tenth
    /// of a line height of one another, 0.55-0.85 of the print's height and at most 1.2 wide. A pen's
    /// strokes do not fall into five glyphs of one height on the print's baseline; a signature's two or
    /// three initials are fewer.
    static func unreadWord(_ marks: [InkBlob], _ m: Measures) -> [InkBlob] {
        let h = m.lineHeight, tol = max(2, h / 10)
        let base = m.zone.maxY, rowTop = m.zone.maxY - h
        func inRow(_ b: InkBlob) -> Bool {
            b.box.y >= rowTop - tol && b.box.y <= base - h / 4 && b.box.maxY <= base + h / 2 && b.box.height <= h * 3 / 2
                && b.box.width <= h * 3 / 2
        }
        func small(_ b: InkBlob) -> Bool {
            abs(b.box.maxY - base) <= tol && Double(b.box.height) >= 0.55 * Double(h) && Double(b.box.height) <= 0.85 * Double(h)
                && Double(b.box.width) <= 1.2 * Double(h)
        }
        // Right to left from the place's end: the run of marks each close to the next.
        let row = marks.filter(inRow).sorted { $0.box.maxX > $1.box.maxX }
        guard let last = row.first, last.box.maxX >= m.zone.maxX - h else { return [] }
        var run = [last], left = last.box.x
        for b in row.dropFirst() {
            if b.box.maxX >= left - h / 5 { run.append(b); left = min(left, b.box.x) } else { break }
        }
        let letters = run.filter(small).map(\.box.height)
        guard letters.count >= 5, let lo = letters.min(), let hi = letters.max(), hi - lo <= tol else { return [] }
        return run
    }

    /// The marks whose centre is in no printed word's box (grown by a quarter of a line).
    static func unprinted(_ marks: [InkBlob], _ m: Measures) -> [InkBlob] {
        guard !m.printed.isEmpty else { return marks }
        let pad = m.lineHeight / 4
        let boxes = m.printed.map { $0.insetBy(dx: -pad, dy: -pad) }
        return marks.filter { b in !boxes.contains { $0.x <= b.box.midX && b.box.midX <= $0.maxX && $0.y <= b.box.midY && b.box.midY <= $0.maxY } }
    }

    /// Whether the marks hold a stroke: marks near each other joined, printed rests left out.
    static func hasStroke(_ marks: [InkBlob], in zone: Box, h: Int) -> Bool {
        !strokes(marks, in: zone, h: h).isEmpty
    }

    static func strokes(_ marks: [InkBlob], in zone: Box, h: Int) -> [InkBlob] {
        let lh = Double(max(1, h))
        // Specks of a pixel or two are noise of the scan; printed rests are left out before and after
        // joining (a fold line crossing a rule's rest is neither).
        let kept = marks.filter { $0.pixels >= 3 && !isPrintedRest($0, in: zone, h: h) }
        return join(kept, gap: Int(joinGap * lh)).filter { c in
            let w = Double(c.box.width), ht = Double(c.box.height)
            if isPrintedRest(c, in: zone, h: h) || isHairline(c, h: h) { return false }
            let members = kept.filter { inside($0.box, c.box) }
            if specksInARow(members, h: h) || dotWithSpecks(members, h: h) { return false }
            return max(w, ht) >= strokeExtent * lh && Double(c.pixels) >= strokeInk * lh * lh
        }
    }

    /// A mark joined of three specks or fewer, none of them more than a quarter of a line height across: a
    /// scanner's specks that happen to lie within joining distance of each other, not a pen, whose pieces
    /// where it comes apart are strokes' lengths, or many (sig2697 p023, a clean unsigned consent, first
    /// contact: three specks of 5-7 pixels, 7 and 9 pixels apart, joined into a 34 x 19 "stroke", h 33; the
    /// packet was activated unsigned).
    /// `members`: the marks the joined mark was made of.
    static func specksInARow(_ members: [InkBlob], h: Int) -> Bool {
        members.count <= 3 && members.allSatisfy { isSpeck($0, h: h) }
    }

    /// A mark no more than a quarter of a line height across (3 pixels at least).
    static func isSpeck(_ b: InkBlob, h: Int) -> Bool { max(b.box.width, b.box.height) <= max(3, h / 4) }

    /// Whether box `a` lies wholly within box `g`.
    static func inside(_ a: Box, _ g: Box) -> Bool { a.x >= g.x && a.maxX <= g.maxX && a.y >= g.y && a.maxY <= g.maxY }

    /// A mark joined of one round dot (no more than half a line height either way) and one or two specks
    /// near it: a pen set down and lifted, or a dot of the print, lengthened by the scanner's specks to a
    /// stroke's length, not a stroke: the dot alone is a third of the length, and specks are no pen's (sig2711
    /// p003, a scan's unsigned consent, first contact: a dot 15 x 14 pixels and a speck 2 x 3 pixels 9 pixels
    /// to its right, h 32, joined into a 26-pixel "stroke" on the grey page).
    /// `members`: the marks the joined mark was made of.
    static func dotWithSpecks(_ members: [InkBlob], h: Int) -> Bool {
        let rest = members.filter { !isSpeck($0, h: h) }
        guard rest.count == 1, (1...2).contains(members.count - 1), let dot = rest.first else { return false }
        return dot.box.width <= h / 2 && dot.box.height <= h / 2
    }

    /// A mark, its near marks joined, that is a straight hairline: a tenth of a line height tall (4
    /// pixels at least) and ten times as wide. A rule's piece (a line printed as dashes, or broken by a
    /// bilevel scan where the form's lines were not found), never a pen, whose stroke wobbles over such
    /// a width (seed 2619 p002, a bilevel scan whose faint pen left nothing: three pieces of the line 57-74
    /// x 3 pixels at one height, and one of the caption's rule, were taken for a pen and the unsigned
    /// application activated). Looked at once marks are joined, so that a pen's fragments are not.
    static func isHairline(_ c: InkBlob, h: Int) -> Bool {
        let flat = max(4, h / 10)
        return c.box.height <= flat && c.box.width >= 10 * c.box.height
    }

    /// A rule left on the page (flat, long) or a fold line or border (thin, across the whole zone's height).
    /// A flat mark running out of the place at its left or right edge is a rule's piece cut there, however
    /// short its part inside (seed 2595 p019, a poor empty application: the signing line printed as dashes
    /// the form lines did not hold, its end 2.3 line heights long at the place's edge taken for a pen).
    static func isPrintedRest(_ c: InkBlob, in zone: Box, h: Int) -> Bool {
        let w = Double(c.box.width), ht = Double(c.box.height), lh = Double(max(1, h))
        if ht <= ruleFlatness * lh, w >= 3 * lh || c.box.x <= zone.x || c.box.maxX >= zone.maxX { return true }
        if w <= foldThinness * lh, c.box.height >= zone.height * 9 / 10 { return true }
        return false
    }

    /// Marks whose boxes come closer than `gap` pixels taken as one (their boxes' union, their pixels summed).
    static func join(_ marks: [InkBlob], gap: Int) -> [InkBlob] {
        var groups = marks
        var merged = true
        while merged {
            merged = false
            var out: [InkBlob] = []
            for m in groups {
                if let i = out.firstIndex(where: { near($0.box, m.box, gap) }) {
                    out[i] = InkBlob(box: out[i].box.union(m.box), pixels: out[i].pixels + m.pixels)
                    merged = true
                } else {
                    out.append(m)
                }
            }
            groups = out
        }
        return groups
    }

    static func near(_ a: Box, _ b: Box, _ gap: Int) -> Bool {
        a.x - gap <= b.maxX && b.x - gap <= a.maxX && a.y - gap <= b.maxY && b.y - gap <= a.maxY
    }

    /// One line of measures for PFDO_DEBUG_SIGNATURE (no values).
    static func describe(_ m: Measures) -> String {
        func marks(_ b: [InkBlob]?, _ zone: Box) -> String {
            guard let b else { return "-" }
            let big = join(b, gap: Int(joinGap * Double(max(1, m.lineHeight)))).sorted { $0.pixels > $1.pixels }.prefix(4)
            return "\(b.count)[" + big.map { "\($0.box.x - zone.x),\($0.box.y - zone.y) \($0.box.width)x\($0.box.height) \($0.pixels)" }.joined(separator: "; ") + "]"
        }
        return "zone \(m.zone.x),\(m.zone.y) \(m.zone.width)x\(m.zone.height) h \(m.lineHeight) ink \(String(format: "%.4f", m.ink)) "
            + "faint \(m.faint.map { String(format: "%.4f", $0) } ?? "-") marks \(marks(m.marks, m.zone)) faintMarks \(marks(m.faintMarks, m.upper)) "
            + "shares \(m.ink > inkShare || (m.faint ?? 0) > faintShare) line \(m.lineY.map { "\($0 - m.zone.y)" } ?? "-")"
            + " streaks \(m.streaks.map { "\($0.lowerBound - m.zone.x)-\($0.upperBound - m.zone.x)" }.joined(separator: ","))"
    }

    /// PFDO_DEBUG_SIGNATURE=1 prints each signature zone and its measures to stderr (no values).
    static let debug = ProcessInfo.processInfo.environment["PFDO_DEBUG_SIGNATURE"] != nil
    /// PFDO_DEBUG_SIGNATURE=marks also lists every mark of each place.
    static let debugMarks = ProcessInfo.processInfo.environment["PFDO_DEBUG_SIGNATURE"] == "marks"

    /// The grey level half the zone is darker than (its paper, as a signature covers far less than half).
    static func paperLevel(_ zone: Box, _ zones: ZoneReader) -> Int? {
        guard zone.width > 0, zone.height > 0 else { return nil }
        var lo = 0, hi = 256
        while hi - lo > 2 {
            let mid = (lo + hi) / 2
            if zones.greyInk(zone: zone, threshold: mid) >= 0.5 { hi = mid } else { lo = mid }
        }
        return hi
    }
}
