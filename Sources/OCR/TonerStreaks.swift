import CTesseract
import Foundation

/// Printer toner streaks: vertical bands where the toner ran thin and the print is only a third
/// to a half as dark as elsewhere. At the text threshold the letters inside such a band break up
/// and Tesseract splits words at the band ("Александ" for "Александровна"). The band is found
/// from how dark the ink is column by column against the rest of the page, and its darkness is
/// stretched back before thresholding.
extension Preparer {
    /// A band of columns whose ink was found fainter than the page's, and the factor its darkness
    /// was multiplied by.
    struct TonerStreak: Equatable {
        var x: Int
        var width: Int
        var factor: Double
    }

    /// Measures of the streak search, at the working resolution.
    enum StreakKnobs {
        /// Darkness (paper minus pixel, paper scaled to 230) from which a pixel counts as ink:
        /// above the paper's noise after flattening, below the faintest band's stroke cores.
        static let inkDarkness = 40
        /// Columns pooled either side of each column: single columns follow letter stems and
        /// serifs (a monospaced font's stems line up); five together measure the print.
        static let pool = 2
        /// Rows sampled: every `rowStep`th (a letter is 30 rows tall and more).
        static let rowStep = 4
        /// Ink samples (every `rowStep`th row) a pooled column needs to be measured: margins and the
        /// gaps between text blocks are not, nor the columns of a page with a few lines of print
        /// (there one letter's hairline decides a column).
        static let minSamples = 45
        /// A column is light when its ink is at most this share of the page's darkness. Thin
        /// toner prints at 35-60 %, stems against hairlines or a blue stamp vary less over five
        /// columns.
        static let light = 0.7
        /// Widths a band may have: a streak is a few millimetres wide; a lighter stamp or a faded
        /// half of a page is much wider and is not a streak.
        static let minWidth = 4, maxWidth = 45
        /// Columns not measured or not light that a band may span (a column of thick stems).
        static let gap = 3
        /// The page's outer share where nothing is searched: scanner lid, shadowed edges.
        static let edge = 0.04
        /// Darkness kept as it is (the paper's noise), stretched above it.
        static let noiseFloor = 6
        /// Grey levels the paper lies above after flattening (it is brought to 230).
        static let paperAbove = 160
        /// A vertical run of ink (grey below `runInk`) longer than this is not print of letters.
        static let runInk = 190, longestLetter = 80, runGap = 6
        /// Gap a horizontal line may have: along a row, the stems of a word are further apart.
        static let lineGap = 2
        static let maxFactor = 3.0
        /// Distances from a band at which its sides are measured, and how many of those columns
        /// must be measured.
        static let flank = 8..<40, flankMeasured = 20
    }

    /// Finds vertical bands of faint toner in a flattened 8 bpp page (paper near 230) and stretches
    /// their darkness, in place, by the ratio of the page's ink darkness to the band's. Pages
    /// without such a band are left as they are: a page printed faint all over has no column
    /// lighter than its own ink, and columns with too little ink are not measured.
    @discardableResult
    static func compensateTonerStreaks(_ grey: PageImage) -> [TonerStreak] {
        guard let px = GreyPixels(grey, minSide: 200) else { return [] }
        let (w, h, wpl, data, swizzle) = (px.width, px.height, px.wpl, px.data, GreyPixels.swizzle)
        typealias K = StreakKnobs

        // Per column, a histogram of grey levels in 64 bins of 4, every `rowStep`th row: a few ms.
        // Ink in a vertical run longer than any letter (a table border, the scanner lid at the
        // page's edge, a long pen stroke) is taken out again: a thin blurred border is lighter
        // than the letters beside it and would pass for a band. A run goes on over a few
        // paper-coloured rows: a faint border's noise breaks it up. Horizontal lines (underlines, table rows) are left out the same way: a blurred line is
        // lighter than the letters, and the columns past the end of a text block hold nothing else.
        let bins = 64
        var hist = [UInt16](repeating: 0, count: w * bins)
        let row = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: w)
        let onLine = UnsafeMutableBufferPointer<Bool>.allocate(capacity: w)
        let runStart = UnsafeMutableBufferPointer<Int>.allocate(capacity: w)
        let runLast = UnsafeMutableBufferPointer<Int>.allocate(capacity: w)
        defer { row.deallocate(); onLine.deallocate(); runStart.deallocate(); runLast.deallocate() }
        runStart.initialize(repeating: -1)
        runLast.initialize(repeating: -1)
        hist.withUnsafeMutableBufferPointer { hp in
            func endRun(_ x: Int) {
                let start = runStart[x], last = runLast[x]
                runStart[x] = -1
                guard last - start > K.longestLetter else { return }
                for y in stride(from: start, through: last, by: K.rowStep) {
                    let v = Int(data.load(fromByteOffset: y * wpl * 4 + (x ^ swizzle), as: UInt8.self))
                    // (A pixel of a horizontal line as well was never counted.)
                    if v < K.runInk, hp[x * bins + (v >> 2)] > 0 { hp[x * bins + (v >> 2)] -= 1 }
                }
            }
            for y in stride(from: 0, to: h, by: K.rowStep) {
                let line = data + y * wpl * 4
                for x in 0..<w { row[x] = line.load(fromByteOffset: x ^ swizzle, as: UInt8.self) }
                // Horizontal runs longer than a letter, with gaps of at most `lineGap`.
                var start = -1, last = -1
                for x in 0...w {
                    let ink = x < w && Int(row[x]) < K.runInk
                    if ink {
                        if start < 0 { start = x }
                        last = x
                    } else if start >= 0, x == w || x - last > K.lineGap {
                        let long = last - start > K.longestLetter
                        for i in start...last { onLine[i] = long }
                        start = -1
                    }
                    if x < w, !ink { onLine[x] = false }
                }
                for x in 0..<w {
                    let v = Int(row[x])
                    if !onLine[x] { hp[x &* bins &+ (v &>> 2)] &+= 1 }
                    // A column's run follows ink in the column or either neighbour: a border
                    // on a page scanned a degree askew crosses a column in a short slant only.
                    if Int(min(row[max(0, x - 1)], row[x], row[min(w - 1, x + 1)])) < K.runInk {
                        if runStart[x] < 0 { runStart[x] = y }
                        runLast[x] = y
                    } else if runStart[x] >= 0, y - runLast[x] > K.runGap {
                        endRun(x)
                    }
                }
            }
            for x in 0..<w where runStart[x] >= 0 { endRun(x) }
        }
        // Pooled histograms (running sum over 2 × pool + 1 columns), and from each: the paper
        // (median), the ink samples (darkness from `inkDarkness`) and the ink's typical darkness
        // (the darker quarter's edge: stroke cores, not their blurred rims).
        var pooled = [Int](repeating: 0, count: bins)
        for x in 0..<min(w, K.pool) { for b in 0..<bins { pooled[b] += Int(hist[x * bins + b]) } }
        var samples = [Int](repeating: 0, count: w)
        var darkness = [Double](repeating: 0, count: w)
        var paperOf = [Int](repeating: 230, count: w)
        func measure(_ counts: [Int]) -> (paper: Int, samples: Int, darkness: Double) {
            // The paper is the median of the light pixels only: a table border or a dense block
            // of print can fill half a column.
            let lightFrom = K.paperAbove / 4
            let total = counts[lightFrom...].reduce(0, +)
            guard total > 0 else { return (230, 0, 0) }
            var seen = 0, paperBin = bins - 1
            for b in lightFrom..<bins { seen += counts[b]; if seen * 2 >= total { paperBin = b; break } }
            let paper = paperBin * 4 + 2
            guard paper > K.inkDarkness else { return (paper, 0, 0) }
            // Darkness is scaled as if the paper were at 230, so that a greyer column (a shadow
            // left by flattening) measures its ink alike.
            let inkBelow = paper - K.inkDarkness * paper / 230
            var n = 0
            for b in 0..<bins where b * 4 + 2 <= inkBelow { n += counts[b] }
            guard n > 0 else { return (paper, 0, 0) }
            var acc = 0, quarterBin = 0
            for b in 0..<bins { acc += counts[b]; if acc * 4 >= n { quarterBin = b; break } }
            return (paper, n, Double(paper - (quarterBin * 4 + 2)) * 230 / Double(paper))
        }
        for x in 0..<w {
            let add = x + K.pool, drop = x - K.pool - 1
            if add < w { for b in 0..<bins { pooled[b] += Int(hist[add * bins + b]) } }
            if drop >= 0 { for b in 0..<bins { pooled[b] -= Int(hist[drop * bins + b]) } }
            (paperOf[x], samples[x], darkness[x]) = measure(pooled)
        }
        let measured = (0..<w).filter { samples[$0] >= K.minSamples }
        guard measured.count >= w / 10 else { return [] }
        let page = measured.map { darkness[$0] }.sorted()[measured.count / 2]
        // Faint toner all over is no band; nor can a band be told from noise on a page this faint.
        guard page >= Double(K.inkDarkness) * 1.5 else { return [] }
        let isMeasured = (0..<w).map { samples[$0] >= K.minSamples }
        let isLight = (0..<w).map { isMeasured[$0] && darkness[$0] < K.light * page }

        func median(_ values: [Double]) -> Double? {
            values.isEmpty ? nil : values.sorted()[values.count / 2]
        }
        var streaks: [TonerStreak] = []
        let margin = Int(Double(w) * K.edge)
        var x = margin
        while x < w - margin {
            guard isLight[x] else { x += 1; continue }
            let start = x
            var last = x, skipped = 0
            x += 1
            while x < w - margin, skipped < K.gap || isLight[x] {
                if isLight[x] { last = x; skipped = 0 } else { skipped += 1 }
                x += 1
            }
            let end = last + 1
            x = end
            let width = end - start
            guard width >= K.minWidth, width <= K.maxWidth, start > margin, end < w - margin,
                  let band = median((start..<end).filter { isLight[$0] }.map { darkness[$0] }) else { continue }
            // Both sides of the band, a little away from it, must hold ink clearly darker than it
            // over most of their width: a band inside the print, not the edge of a lighter region
            // nor the left edge of a text block (where the columns see the rims of the first
            // letters' stems).
            func side(_ range: Range<Int>) -> Double? {
                let values = range.clamped(to: 0..<w).filter { isMeasured[$0] }.map { darkness[$0] }
                return values.count >= K.flankMeasured ? median(values) : nil
            }
            guard let left = side(start - K.flank.upperBound..<start - K.flank.lowerBound),
                  let right = side(end + K.flank.lowerBound..<end + K.flank.upperBound),
                  left * K.light > band, right * K.light > band else { continue }
            streaks.append(TonerStreak(x: start, width: width, factor: min(K.maxFactor, page / band)))
        }
        guard !streaks.isEmpty else { return [] }

        // Stretch the darkness of each band's columns. The pooled measure narrows a band by a
        // column or two each side (a pooled edge column still holds the page's darker ink), so
        // the stretch reaches `pool + 1` columns further; a column there that does not hold the
        // band's faint ink (one whose own ink is as dark as the page's) is left alone.
        func ownDarkness(_ x: Int) -> Double? {
            let counts = (0..<bins).map { Int(hist[x * bins + $0]) }
            let m = measure(counts)
            return m.samples >= K.minSamples / 5 ? m.darkness : nil
        }
        for streak in streaks {
            let reach = K.pool + 1
            for x in max(0, streak.x - reach)..<min(w, streak.x + streak.width + reach) {
                var factor = streak.factor
                if x < streak.x || x >= streak.x + streak.width, let own = ownDarkness(x) {
                    factor = min(streak.factor, max(1, page / max(own, 1)))
                    if own >= 0.85 * page { factor = 1 }
                }
                guard factor > 1.01 else { continue }
                let paper = paperOf[x]
                var table = [UInt8](repeating: 0, count: 256)
                for v in 0..<256 {
                    let d = paper - v
                    if d <= K.noiseFloor { table[v] = UInt8(v); continue }
                    let stretched = Double(K.noiseFloor) + Double(d - K.noiseFloor) * factor
                    table[v] = UInt8(max(0, min(255, (Double(paper) - stretched).rounded())))
                }
                for y in 0..<h {
                    let offset = (y * wpl * 4) + (x ^ swizzle)
                    let v = data.load(fromByteOffset: offset, as: UInt8.self)
                    data.storeBytes(of: table[Int(v)], toByteOffset: offset, as: UInt8.self)
                }
            }
        }
        return streaks
    }
}
