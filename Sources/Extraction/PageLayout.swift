import Foundation
import IntakeModel

/// A word in reading order, with the row it sits on.
public struct Token: Sendable {
    public var word: OCRWord
    public var row: Int
    /// Part of a caption printed under an underlined blank.
    public var isCaption: Bool
}

/// The words of a page put into reading order, using the page's form lines:
/// - plain text: rows top to bottom, words left to right;
/// - a bordered table: each row band's cells left to right, each cell's words in its own order,
///   so a wrapped label cell reads whole before its value cell;
/// - an underlined blank with a small caption under it: the caption reads before the value
///   above it, like a label.
public enum PageLayout {
    public static func readingOrder(_ page: OCRPage) -> [Token] {
        let words = page.words.filter { !$0.text.isEmpty }
        guard !words.isEmpty else { return [] }
        let medianHeight = median(words.map(\.box.height))
        // Tesseract's own lines are the rows: it fits each baseline, so a slightly skewed line
        // stays one row (clustering boxes by height mixes neighbouring lines at the page edge).
        // A sliver of a blank's rule read as a letter or two with no confidence ("о" 93 x 3 pixels at the
        // end of an address's first row, sig2667 p025, a scan) is no word: no letter is that flat. A dash
        // read surely ("-" between "область" and "Кузбасс") is kept, and so is a longer word whose box
        // came out flat (sig2655 p018, a scan: the e-mail's "zarifa." read "лага" in a box 120 x 3; left
        // out, the e-mail was read from "velieva@" on and accepted).
        func sliver(_ w: OCRWord) -> Bool {
            w.confidence < 0.3 && w.box.height <= max(4, medianHeight / 5) && w.box.width >= 3 * w.box.height
                && w.text.count <= 2 && w.text.allSatisfy(\.isLetter)
        }
        let rows = page.lines.map { $0.words.filter { !$0.text.isEmpty && !sliver($0) }.sorted { $0.box.x < $1.box.x } }.filter { !$0.isEmpty }
        let horizontal = joinBroken(page.rules.filter { $0.width > 3 * $0.height }, gap: medianHeight)
            .filter { $0.width > medianHeight * 4 }
        // A long stroke at the very left or right edge is the scanner's border, not a table's.
        let margin = page.width / 60
        let vertical = page.rules.filter {
            $0.height > 3 * $0.width && $0.height > medianHeight * 2
                && !(($0.x < margin || $0.maxX > page.width - margin) && $0.height > page.height / 4)
        }

        // Table regions: the vertical extent of groups of vertical rules.
        let tables = tableRegions(vertical, rows: rows)
        if ProcessInfo.processInfo.environment["PFDO_DEBUG_STREAM"] != nil {
            FileHandle.standardError.write(Data("layout: horizontal rules \(horizontal.map { [$0.x, $0.y, $0.width, $0.height] }) vertical rules \(vertical.map { [$0.x, $0.y, $0.width, $0.height] }) tables \(tables.map { [$0.top, $0.bottom] + $0.columns })\n".utf8))
        }
        var out: [Token] = []
        var rowIndex = 0
        var pending: [[OCRWord]] = [] // rows outside tables, in order
        var consumedTables = Set<Int>()

        func flushPending() {
            out += orderWithCaptions(pending, horizontal: horizontal, medianHeight: medianHeight, rowStart: &rowIndex)
            pending = []
        }

        for row in rows {
            let mid = row.map(\.box.midY).sorted()[row.count / 2]
            if let t = tables.firstIndex(where: { mid >= $0.top && mid <= $0.bottom }) {
                if !consumedTables.contains(t) {
                    flushPending()
                    consumedTables.insert(t)
                    let inTable = rows.filter { r in
                        let m = r.map(\.box.midY).sorted()[r.count / 2]
                        return m >= tables[t].top && m <= tables[t].bottom
                    }
                    out += orderTable(inTable, table: tables[t], horizontal: horizontal, rowStart: &rowIndex)
                }
                continue
            }
            pending.append(row)
        }
        flushPending()
        return out
    }

    struct Table { var top: Int; var bottom: Int; var columns: [Int] }

    static func tableRegions(_ vertical: [Box], rows: [[OCRWord]] = []) -> [Table] {
        guard !vertical.isEmpty else { return [] }
        // A line of running text crosses the x of a divider (a word over it, or a word space across
        // it); a table row leaves the cell padding free.
        func textCrosses(_ x: Int, from top: Int, to bottom: Int) -> Bool {
            rows.contains { row in
                // Marks without letters or digits are often the remains of the faint rule itself.
                let r = row.filter { $0.text.contains { $0.isLetter || $0.isNumber } }
                guard let m = r.first?.box.midY, m > top, m < bottom else { return false }
                if r.contains(where: { $0.box.x <= x && $0.box.maxX >= x }) { return true }
                return zip(r, r.dropFirst()).contains { a, b in a.box.maxX < x && b.box.x > x && b.box.x - a.box.maxX < 30 }
            }
        }
        // Cluster vertical rules that overlap vertically.
        var groups: [[Box]] = []
        for v in vertical.sorted(by: { $0.y < $1.y }) {
            if let i = groups.firstIndex(where: { g in g.contains { b in b.y <= v.maxY && v.y <= b.maxY } }) {
                groups[i].append(v)
            } else {
                groups.append([v])
            }
        }
        // A faint border breaks into pieces on a poor scan: groups that continue one another
        // (a shared x, a short gap) are one table unless running text in the gap crosses a column
        // (two tables with a paragraph between them).
        groups.sort { $0.map(\.y).min()! < $1.map(\.y).min()! }
        var k = 0
        while k + 1 < groups.count {
            let a = groups[k], b = groups[k + 1]
            let gapTop = a.map(\.maxY).max()!, gapBottom = b.map(\.y).min()!
            let xs = (a + b).map(\.midX)
            let shared = a.contains { p in b.contains { abs($0.midX - p.midX) <= 20 } }
            if shared, gapBottom > gapTop, gapBottom - gapTop < 400, !xs.contains(where: { textCrosses($0, from: gapTop, to: gapBottom) }) {
                groups[k] = a + b
                groups.remove(at: k + 1)
            } else {
                k += 1
            }
        }
        return groups.compactMap { g in
            let xs = g.map { $0.x + $0.width / 2 }.sorted()
            var columns: [Int] = []
            for x in xs where columns.last.map({ x - $0 > 20 }) ?? true { columns.append(x) }
            // Only the divider between label and value cells survived: the page margin is the left border.
            if columns.count == 1 {
                guard g.map(\.height).reduce(0, +) >= 300 else { return nil }
                columns.insert(0, at: 0)
            }
            return Table(top: g.map(\.y).min()!, bottom: g.map(\.maxY).max()!, columns: columns)
        }
    }

    static func orderTable(_ rows: [[OCRWord]], table: Table, horizontal: [Box], rowStart: inout Int) -> [Token] {
        // Row bands from horizontal rules inside the table.
        // Row borders run across the table; a short stroke (an underline, a scratch) is not one.
        let span = table.columns.first == 0 ? 600 : (table.columns.last! - table.columns.first!)
        let ys = horizontal.filter { $0.midY >= table.top - 5 && $0.midY <= table.bottom + 5 && $0.width * 2 >= span }
            .map(\.midY).sorted()
        var bands: [Int] = []
        for y in ys where bands.last.map({ y - $0 > 10 }) ?? true { bands.append(y) }
        if bands.isEmpty { bands = [table.top, table.bottom] }
        let words = rows.flatMap { $0 }
        func band(_ w: OCRWord) -> Int { bands.lastIndex { $0 <= w.box.midY } ?? -1 }
        func column(_ w: OCRWord) -> Int { table.columns.lastIndex { $0 <= w.box.x + w.box.width / 2 } ?? -1 }
        var out: [Token] = []
        let keys = Set(words.map { [band($0), column($0)] }).sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
        for key in keys {
            let cell = words.filter { band($0) == key[0] && column($0) == key[1] }
            for r in groupRows(cell) {
                out += r.map { Token(word: $0, row: rowStart, isCaption: false) }
                rowStart += 1
            }
        }
        return out
    }

    /// Rows in order; a caption row (small text right under a rule) is moved before the value above it.
    static func orderWithCaptions(_ rows: [[OCRWord]], horizontal: [Box], medianHeight: Int, rowStart: inout Int) -> [Token] {
        var tokens: [[Token]] = rows.map { r in r.map { Token(word: $0, row: 0, isCaption: false) } }
        // A row's span (highest ascender to lowest descender) measures its font size; word heights
        // do not (a line of lower-case Cyrillic is mostly x-height).
        func span(_ r: [OCRWord]) -> Int { (r.map(\.box.maxY).max() ?? 0) - (r.map(\.box.y).min() ?? 0) }
        let medianSpan = median(rows.filter { $0.count >= 3 }.map(span))
        var i = 1
        while i < tokens.count {
            let row = tokens[i].map(\.word)
            let rowTop = row.map(\.box.y).min()!
            let ratio = Double(span(row)) / Double(max(1, medianSpan))
            let startsWithBracket = row.first?.text.hasPrefix("(") ?? false
            // A caption sits right under its blank's rule (the next line of text is a line away).
            let ruleAbove = horizontal.contains { r in
                r.maxY <= rowTop + 4 && rowTop - r.maxY < max(8, medianHeight / 2)
                    && r.x < row.map(\.box.maxX).max()! && r.maxX > row.map(\.box.x).min()!
            }
            // A caption is printed clearly smaller than the text (a bracket makes a slightly smaller row enough).
            // A row written on a blank of its own is a value, however small it looks: a caption is
            // under a blank, and the next blank is a line of text below it (seed 2641 p010: an address
            // wrapped onto a second blank as "кв. 72", a row of digits and small letters only, was
            // taken for a caption and dropped; the address accepted without its flat).
            let onItsOwnBlank = horizontal.contains { r in
                let bottom = row.map(\.box.maxY).max()!
                return r.midY >= bottom - 4 && r.y - bottom < max(8, medianHeight / 2)
                    && r.x <= row.map(\.box.x).min()! && r.maxX >= row.map(\.box.maxX).max()!
            }
            guard ruleAbove && !onItsOwnBlank && ((ratio < 0.8 && row.count >= 2) || (startsWithBracket && ratio < 0.95)) else { i += 1; continue }
            // Split the caption row into segments and put each before the value words above it.
            let rowSegments = segments(row, gap: medianHeight * 2)
            for segment in rowSegments {
                let lo = segment.map(\.box.x).min()!, hi = segment.map(\.box.maxX).max()!
                // A value wrapped over several underlined blanks: the caption under the last one
                // labels them all, so it goes before the first.
                var t = i - 1
                if rowSegments.count == 1 {
                    while t > 0, !tokens[t - 1].contains(where: \.isCaption),
                          let under = ruleUnder(tokens[t - 1].map(\.word), horizontal: horizontal, medianHeight: medianHeight),
                          under.x < hi, under.maxX > lo {
                        t -= 1
                    }
                }
                var target = tokens[t]
                let capTokens = segment.map { Token(word: $0, row: 0, isCaption: true) }
                // The blank the caption belongs to: the rule right above it that overlaps it most.
                let blank = horizontal.filter { r in r.maxY <= rowTop + 4 && rowTop - r.maxY < max(8, medianHeight / 2) && r.x < hi && r.maxX > lo }
                    .max { min($0.maxX, hi) - max($0.x, lo) < min($1.maxX, hi) - max($1.x, lo) }
                var start = blank.map { $0.x - medianHeight / 2 } ?? lo
                // A caption is printed centred under its blank. A blank whose caption's centre puts its
                // left end well left of where the line was found lost its left piece: a scan broke the
                // line there into dashes too short to count as a form line (seed 2591 p002: "Я, Вагнер
                // Марта" with the line found from "Марта" on, so the caption went between the surname
                // and the given name). Only for a line found in one piece, right under its value's row
                // (a value wrapped over several blanks has its caption under the last one): where a
                // scan left several pieces on the line, which of them the caption is centred under is
                // not known (seed 2579 p016: six pieces under a name, the estimate fell inside it).
                if let blank, rowSegments.count == 1, t == i - 1,
                   !horizontal.contains(where: { $0 != blank && abs($0.midY - blank.midY) <= 4 }) {
                    let centred = lo + hi - blank.maxX
                    if centred < blank.x - medianHeight { start = min(start, centred - medianHeight / 2) }
                }
                let end = blank?.maxX ?? hi
                let idx = target.firstIndex { t in !t.isCaption && t.word.box.x + t.word.box.width / 2 >= start && t.word.box.x < end }
                if let idx {
                    // Insert before the run of value words overlapping the caption.
                    target.insert(contentsOf: capTokens, at: idx)
                } else {
                    target += capTokens
                }
                tokens[t] = target
            }
            tokens.remove(at: i)
        }
        var out: [Token] = []
        for r in tokens {
            out += r.map { var t = $0; t.row = rowStart; return t }
            rowStart += 1
        }
        return out
    }

    /// Horizontal rules broken into pieces (a toner streak or a faint print cuts an underline or a
    /// table border across) joined again: pieces on one line whose gap is at most `gap` pixels. One
    /// blank read as two made a caption label only the words over its second piece (seed 2401: the
    /// address lost "Кемеровская обл., п.").
    static func joinBroken(_ rules: [Box], gap: Int) -> [Box] {
        var out: [Box] = []
        for r in rules.sorted(by: { $0.x < $1.x }) {
            if let i = out.lastIndex(where: { abs($0.midY - r.midY) <= max(4, $0.height) && r.x - $0.maxX <= gap && r.x >= $0.x }) {
                out[i] = out[i].union(r)
            } else {
                out.append(r)
            }
        }
        return out
    }

    /// A long form line right under a row of words (the blank the row is written on).
    static func ruleUnder(_ row: [OCRWord], horizontal: [Box], medianHeight: Int) -> Box? {
        guard let lo = row.map(\.box.x).min(), let hi = row.map(\.box.maxX).max(),
              let bottom = row.map(\.box.maxY).max() else { return nil }
        return horizontal.first { r in
            r.midY >= bottom - 8 && r.y - bottom < max(8, medianHeight) && r.x <= lo + medianHeight && r.maxX >= hi - medianHeight
        }
    }

    /// Words grouped into visual rows (vertical overlap), rows top to bottom, words left to right.
    public static func groupRows(_ words: [OCRWord]) -> [[OCRWord]] {
        var rows: [(box: Box, words: [OCRWord])] = []
        for w in words.sorted(by: { $0.box.midY < $1.box.midY }) {
            if let i = rows.lastIndex(where: { $0.box.verticalOverlap(w.box) >= 0.5 && abs($0.box.midY - w.box.midY) < max($0.box.height, w.box.height) }) {
                rows[i].words.append(w)
                rows[i].box = rows[i].box.union(w.box)
            } else {
                rows.append((w.box, [w]))
            }
        }
        return rows.sorted { $0.box.midY < $1.box.midY }.map { $0.words.sorted { $0.box.x < $1.box.x } }
    }

    static func segments(_ row: [OCRWord], gap: Int) -> [[OCRWord]] {
        var out: [[OCRWord]] = []
        for w in row {
            if let last = out.last?.last, w.box.x - last.box.maxX <= gap { out[out.count - 1].append(w) } else { out.append([w]) }
        }
        return out
    }

    static func median(_ xs: [Int]) -> Int {
        guard !xs.isEmpty else { return 0 }
        return xs.sorted()[xs.count / 2]
    }
}
