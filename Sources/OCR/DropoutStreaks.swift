import CTesseract
import Foundation

/// Scanner dropout streaks: a few columns of the sensor that saw nothing, so a white band runs down
/// the whole page through letters and form lines. Tesseract splits every word and line it
/// crosses, and the underline of a blank breaks into two blanks, so the value's first word and its
/// caption come out in the wrong order ("Моро | зов Максим" read as "Моро (фамилия ...) зов Максим").
/// Such a band has no ink at all over the page's height, while the columns right beside it have as
/// much as any column of the text (the space between two columns of print or a margin thins out
/// gradually). It is filled by joining its two sides row by row, before deskew, while it is
/// still exactly vertical.
extension Preparer {
    enum DropoutKnobs {
        /// Grey level below which a pixel counts as ink (paper flattened to 230).
        static let ink = 150
        /// Rows sampled: every `rowStep`th.
        static let rowStep = 2
        /// Widths a dropout may have at the working resolution: narrower empty columns are the
        /// gaps between a monospaced font's character cells, which line up down the page (3-5 px
        /// at 300 dpi), and a gap that narrow breaks no word.
        static let widths = 8...40
        /// More bands than this on one page are a pattern of the print (monospaced cells), not dropouts.
        static let maxBands = 2
        /// Ink samples a column may hold and still count as empty (a speck).
        static let emptyAtMost = 1
        /// Columns measured on each side of the band, right beside it.
        static let flank = 4
        /// The sides' ink against the text's typical column: a band cut through the print.
        static let flankShare = 0.4
        /// Typical ink samples per column of text below which the page is not searched.
        static let minTypical = 20
        /// The page's outer share where nothing is searched (margins, scanner edges).
        static let edge = 0.05
    }

    /// Fills white dropout streaks of a flattened 8 bpp page in place; returns their column ranges.
    @discardableResult
    static func fillDropoutStreaks(_ grey: PageImage) -> [Range<Int>] {
        guard let px = GreyPixels(grey, minSide: 200) else { return [] }
        let (w, h, wpl, data, swizzle) = (px.width, px.height, px.wpl, px.data, GreyPixels.swizzle)
        typealias K = DropoutKnobs
        func at(_ x: Int, _ y: Int) -> UInt8 { data.load(fromByteOffset: y * wpl * 4 + (x ^ swizzle), as: UInt8.self) }

        var counts = [Int](repeating: 0, count: w)
        for y in stride(from: 0, to: h, by: K.rowStep) {
            let line = data + y * wpl * 4
            for x in 0..<w where Int(line.load(fromByteOffset: x ^ swizzle, as: UInt8.self)) < K.ink { counts[x] += 1 }
        }
        let lo = Int(Double(w) * K.edge), hi = w - lo
        let inked = counts[lo..<hi].filter { $0 > K.emptyAtMost }.sorted()
        guard !inked.isEmpty else { return [] }
        let typical = inked[inked.count / 2]
        guard typical >= K.minTypical else { return [] }
        let sideNeeds = Double(typical) * K.flankShare

        var found: [Range<Int>] = []
        var x = lo
        while x < hi {
            guard counts[x] <= K.emptyAtMost else { x += 1; continue }
            var end = x
            while end < hi, counts[end] <= K.emptyAtMost { end += 1 }
            defer { x = end }
            guard K.widths.contains(end - x), x - K.flank >= lo, end + K.flank <= hi else { continue }
            let left = Double(counts[(x - K.flank)..<x].reduce(0, +)) / Double(K.flank)
            let right = Double(counts[end..<(end + K.flank)].reduce(0, +)) / Double(K.flank)
            guard left >= sideNeeds, right >= sideNeeds else { continue }
            found.append(x..<end)
        }
        guard found.count <= K.maxBands else { return [] }
        // Each side's value is the darkest of three rows: a form line that is not yet deskewed
        // steps a row up or down across the band, and joining row to row alone would leave it
        // a staircase that no longer reads as one line.
        func side(_ x: Int, _ y: Int) -> Double { Double(min(at(x, max(0, y - 1)), at(x, y), at(x, min(h - 1, y + 1)))) }
        for band in found {
            let a = band.lowerBound - 1, b = band.upperBound
            let n = Double(b - a)
            for y in 0..<h {
                let va = side(a, y), vb = side(b, y)
                guard va < 200 || vb < 200 else { continue }
                let rowBase = y * wpl * 4
                for xx in band {
                    let t = Double(xx - a) / n
                    let v = UInt8(max(0, min(255, (va + (vb - va) * t).rounded())))
                    data.storeBytes(of: v, toByteOffset: rowBase + (xx ^ swizzle), as: UInt8.self)
                }
            }
        }
        return found
    }
}
