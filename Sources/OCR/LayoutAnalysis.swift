import CTesseract
import Foundation
import IntakeModel

/// The page's skeleton without recognition, and lines painted out before reading.
extension PageImage {
    /// Text lines of a deskewed binary page without form lines, by horizontal projection: runs of
    /// rows holding ink (the dots of ё and й joined to the letters below), each with the horizontal
    /// extent of its ink. A few milliseconds, where Tesseract's layout analysis takes a fifth of a
    /// second.
    public func projectedLines(minHeight: Int = 10) -> [IntakeModel.Box] {
        guard depth == 1, let na = pixCountPixelsByRow(pix, nil) else { return [] }
        var numa: UnsafeMutablePointer<NUMA>? = na
        defer { numaDestroy(&numa) }
        let h = height, w = width
        var inked = [Bool](repeating: false, count: h)
        for y in 0..<h {
            var v: Int32 = 0
            numaGetIValue(na, Int32(y), &v)
            inked[y] = v > 2
        }
        var runs: [Range<Int>] = []
        var y = 0
        while y < h {
            guard inked[y] else { y += 1; continue }
            let start = y
            while y < h, inked[y] { y += 1 }
            // Marks above the letters (dots, breves) a few rows above the line belong to it.
            if let last = runs.last, last.count < minHeight, start - last.upperBound <= minHeight {
                runs[runs.count - 1] = last.lowerBound..<y
            } else {
                runs.append(start..<y)
            }
        }
        var boxes: [IntakeModel.Box] = []
        for r in runs where r.count >= minHeight {
            guard let band = boxCreate(0, Int32(r.lowerBound), Int32(w), Int32(r.count)) else { continue }
            var bp: UnsafeMutablePointer<BOX>? = band
            defer { boxDestroy(&bp) }
            var left: Int32 = 0, right: Int32 = 0
            guard pixScanForForeground(pix, band, Int32(L_FROM_LEFT), &left) == 0,
                  pixScanForForeground(pix, band, Int32(L_FROM_RIGHT), &right) == 0, right > left else { continue }
            boxes.append(IntakeModel.Box(x: Int(left), y: r.lowerBound, width: Int(right - left) + 1, height: r.count))
        }
        return boxes
    }

    /// A copy with the given regions painted white (1 bpp: cleared; 8 bpp: set to 255).
    public func blanking(_ regions: [IntakeModel.Box]) -> PageImage? {
        guard let copy = pixCopy(nil, pix) else { return nil }
        for r in regions {
            guard let b = boxCreate(Int32(r.x), Int32(r.y), Int32(r.width), Int32(r.height)) else { continue }
            var bp: UnsafeMutablePointer<BOX>? = b
            if depth == 1 { pixClearInRect(copy, b) } else { pixSetInRect(copy, b) }
            boxDestroy(&bp)
        }
        return PageImage(owning: copy)
    }
}

extension PageImage {
    /// Ink per column (dark pixels counted down each column) of `box` on a 1 bpp page: a line's
    /// fingerprint, compared with the same line of a page of the same layout.
    public func columnProfile(_ box: IntakeModel.Box) -> [UInt16] {
        guard depth == 1, box.width > 0, box.height > 0,
              let b = boxCreate(Int32(box.x), Int32(box.y), Int32(box.width), Int32(box.height)) else { return [] }
        var bp: UnsafeMutablePointer<BOX>? = b
        defer { boxDestroy(&bp) }
        guard let c = pixClipRectangle(pix, b, nil) else { return [] }
        var clip: UnsafeMutablePointer<PIX>? = c
        defer { pixDestroy(&clip) }
        guard let na = pixCountPixelsByColumn(c) else { return [] }
        var numa: UnsafeMutablePointer<NUMA>? = na
        defer { numaDestroy(&numa) }
        let n = Int(numaGetCount(na))
        var out = [UInt16](repeating: 0, count: n)
        for i in 0..<n {
            var v: Int32 = 0
            numaGetIValue(na, Int32(i), &v)
            out[i] = UInt16(clamping: v)
        }
        return out
    }

    /// The skeleton's lines with their column profiles.
    public func profiledLines() -> [ProfiledLine] {
        PageSkeleton(lines: projectedLines()).lines.map { ProfiledLine(box: $0, profile: columnProfile($0)) }
    }
}
