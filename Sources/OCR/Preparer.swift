import CTesseract
import Foundation
import IntakeModel

/// A page made ready for recognition.
public struct PreparedPage: @unchecked Sendable {
    /// Grey, upright, deskewed, at the working resolution, with an even white background:
    /// what reviewers see and what field crops are cut from. Boxes refer to this image.
    public let grey: PageImage
    /// Binary version of `grey` with speckle and long form lines removed: what Tesseract reads.
    public let binary: PageImage
    /// `grey` with the form lines painted white: what the recogniser reads (its line images keep
    /// the grey levels of blurred strokes, which a threshold throws away).
    public let lineFree: PageImage
    public let preparation: Preparation
    /// Share of dark pixels in `binary`; a blank page is close to 0.
    public let ink: Double
    /// Long horizontal and vertical strokes removed from `binary` (form lines), in its coordinates.
    public let rules: [IntakeModel.Box]
    /// Bands the scanner did not see (dropout streaks, filled from their sides), in its
    /// coordinates: full height, widened by the slant deskew gave them.
    public var unseen: [IntakeModel.Box] = []
}

/// Page preparation with Leptonica: grey, normalise resolution, flatten illumination, deskew,
/// binarise, remove speckle and form lines, rotate by quarter turns.
public enum Preparer {
    /// Resolution pages are recognised at. Lower is faster; text of 10 pt stays above
    /// Tesseract's comfortable x-height at this value.
    public static let workingDPI = 300

    /// Resolution assumed for a page whose file records none: estimated from an A4 page's long side.
    static func estimatedDPI(width: Int, height: Int) -> Int {
        let longSide = Double(max(width, height))
        return max(72, Int((longSide / 11.69).rounded()))
    }

    public static func prepare(_ page: LoadedPage, rotation: Int = 0) -> PreparedPage {
        var clock = Date()
        func lap(_ what: String) {
            guard Recognizer.timing else { return }
            FileHandle.standardError.write(Data(String(format: "timing:   %@ %.3f s\n", what, Date().timeIntervalSince(clock)).utf8))
            clock = Date()
        }
        let source = page.image
        var dpi = page.resolution
        let estimated = estimatedDPI(width: source.width, height: source.height)
        // Files often record 72 or 96 dpi (no real value): trust the page size then.
        if dpi < 100 || dpi > 1200 || abs(Double(dpi - estimated)) / Double(estimated) > 0.35 { dpi = estimated }

        // 1. Grey.
        var grey = own(pixConvertTo8(source.pix, 0)) ?? own(pixCopy(nil, source.pix))!
        // 2. Quarter-turn rotation asked by the caller.
        grey = rotateQuarter(grey, rotation)
        // 3. Working resolution.
        let scale = Double(workingDPI) / Double(dpi)
        if abs(scale - 1) > 0.08 {
            if let s = own(pixScale(grey.pix, Float(scale), Float(scale))) { grey = s }
        }
        lap("grey, rotate, scale")
        // 4. Flatten illumination (shadows, grey paper) so that the background is white.
        if let flat = own(pixBackgroundNorm(grey.pix, nil, nil, 64, 64, 40, 50, 230, 2, 1)) { grey = flat }
        lap("flatten")
        // 4b. Stretch bands of thin toner back to the page's darkness, before deskew turns them
        // off the vertical. The grey image is the page's own by now (every step above made a new one).
        let streaks = Knobs.current.streaks ? compensateTonerStreaks(grey) : []
        lap("toner streaks" + streaks.map { String(format: " x=%d w=%d ×%.2f", $0.x, $0.width, $0.factor) }.joined())
        // 4c. Fill a scanner's white dropout streaks, also while they are still vertical.
        let dropouts = Knobs.current.dropouts ? fillDropoutStreaks(grey) : []
        lap("dropout streaks" + dropouts.map { " x=\($0.lowerBound) w=\($0.count)" }.joined())
        // 5. Deskew, measured on a binary version.
        var skew = 0.0
        if let bin = own(pixThresholdToBinary(grey.pix, 150)) {
            var angle: Float = 0, conf: Float = 0
            if pixFindSkew(bin.pix, &angle, &conf) == 0, conf > 1.5, abs(angle) > 0.1, abs(angle) < 10 {
                let radians = Float(Double(angle) * Double.pi / 180)
                if let r = own(pixRotate(grey.pix, radians, Int32(L_ROTATE_AREA_MAP),
                                         Int32(L_BRING_IN_WHITE), 0, 0)) {
                    grey = r
                    skew = Double(angle)
                }
            }
        }
        lap("deskew")
        // 6. Binarise, despeckle, drop form lines.
        let (binary, rules, lineFree) = binarise(grey, lap: lap)
        let ink = binary.inkCoverage
        var prepared = PreparedPage(grey: grey, binary: binary, lineFree: lineFree,
                                    preparation: Preparation(rotation: rotation, skew: skew, scale: scale, dpi: workingDPI),
                                    ink: ink, rules: rules)
        // Deskew turned each streak about the page's centre: at most half the page's height times
        // the skew's tangent sideways at the top and bottom.
        let slant = Int((abs(tan(skew * Double.pi / 180)) * Double(grey.height) / 2).rounded(.up)) + 2
        prepared.unseen = dropouts.map { IntakeModel.Box(x: $0.lowerBound - slant, y: 0, width: $0.count + 2 * slant, height: grey.height) }
        return prepared
    }

    /// Rotates a prepared page by a further quarter-turn multiple (for orientation retries).
    public static func rotated(_ page: PreparedPage, by degrees: Int) -> PreparedPage {
        let grey = rotateQuarter(page.grey, degrees)
        let binary = rotateQuarter(page.binary, degrees)
        let lineFree = rotateQuarter(page.lineFree, degrees)
        var prep = page.preparation
        prep.rotation = (prep.rotation + degrees) % 360
        let w = page.grey.width, h = page.grey.height
        func turn(_ r: IntakeModel.Box) -> IntakeModel.Box {
            switch ((degrees % 360) + 360) % 360 {
            case 180: return IntakeModel.Box(x: w - r.maxX, y: h - r.maxY, width: r.width, height: r.height)
            case 90: return IntakeModel.Box(x: h - r.maxY, y: r.x, width: r.height, height: r.width)
            case 270: return IntakeModel.Box(x: r.y, y: w - r.maxX, width: r.height, height: r.width)
            default: return r
            }
        }
        var turned = PreparedPage(grey: grey, binary: binary, lineFree: lineFree, preparation: prep, ink: page.ink, rules: page.rules.map(turn))
        turned.unseen = page.unseen.map(turn)
        return turned
    }

    /// Tuning knobs, overridable for experiments through PFDO_PREP_* environment variables.
    struct Knobs {
        var textThreshold: Int32 = 170
        var median = true
        var speck: Int32 = 4
        var lineThreshold: Int32 = 190
        var streaks = true
        var dropouts = true
        static let current: Knobs = {
            var k = Knobs()
            let env = ProcessInfo.processInfo.environment
            if let v = env["PFDO_PREP_THRESHOLD"].flatMap(Int32.init) { k.textThreshold = v }
            if let v = env["PFDO_PREP_MEDIAN"] { k.median = v != "0" }
            if let v = env["PFDO_PREP_SPECK"].flatMap(Int32.init) { k.speck = v }
            if let v = env["PFDO_PREP_LINE_THRESHOLD"].flatMap(Int32.init) { k.lineThreshold = v }
            if let v = env["PFDO_PREP_STREAKS"] { k.streaks = v != "0" }
            if let v = env["PFDO_PREP_DROPOUTS"] { k.dropouts = v != "0" }
            return k
        }()
    }

    /// The page binarised again with another text threshold (blurred print reads better with a
    /// more tolerant one); the grey image and form lines stay.
    public static func rebinarised(_ page: PreparedPage, threshold: Int) -> PreparedPage {
        let (binary, rules, lineFree) = binarise(page.grey, threshold: Int32(threshold))
        var again = PreparedPage(grey: page.grey, binary: binary, lineFree: lineFree, preparation: page.preparation, ink: page.ink, rules: rules)
        again.unseen = page.unseen
        return again
    }

    static func binarise(_ grey: PageImage, threshold: Int32? = nil, lap: (String) -> Void = { _ in }) -> (PageImage, [IntakeModel.Box], PageImage) {
        var knobs = Knobs.current
        if let threshold { knobs.textThreshold = threshold }
        // Smooth speckle and blur-noise with a small rank (median) filter, then threshold:
        // after background normalisation the paper sits near 230, ink well below.
        // The median is only ever thresholded, and a median is below a threshold exactly when
        // five of its nine pixels are: each threshold's image is the 3×3 majority of the plain
        // threshold's (`majority3x3`), bit-parallel, without the median image.
        func thresholded(_ t: Int32) -> PageImage? {
            guard let plain = own(pixThresholdToBinary(grey.pix, t)) else { return nil }
            return knobs.median ? (majority3x3(plain) ?? median3x3(grey).flatMap { own(pixThresholdToBinary($0.pix, t)) }) : plain
        }
        lap("median")
        var bin = thresholded(knobs.textThreshold) ?? own(pixConvertTo1(grey.pix, 170))!
        // Remove specks smaller than speck x speck px.
        if knobs.speck > 1 {
            var changed: Int32 = 0
            if let clean = own(pixSelectBySize(bin.pix, knobs.speck, knobs.speck, 8, Int32(L_SELECT_IF_EITHER),
                                               Int32(L_SELECT_IF_GTE), &changed)) { bin = clean }
        }
        lap("threshold, specks")
        // Form lines (underlines, table borders) are found on a more tolerant binarisation, with
        // small gaps closed, because faint or blurred lines break into dashes at the text threshold.
        var rules: [IntakeModel.Box] = []
        var lineFree = grey
        if let lineBin = thresholded(knobs.lineThreshold),
           let h = thinLines(lineBin, horizontal: true), let v = thinLines(lineBin, horizontal: false) {
            let height = grey.height
            // A run of a bold, narrow face's letters is no form line: their baselines, tops and bars
            // touch across gaps under 5 px (s2735 p028, a scan in a bold narrow sans: "Давыдова" and
            // "Еремеевна" lost their feet and bars, read "Павыпаяа").
            for r in textStrokeRuns(h, text: lineBin) {
                var b = boxCreate(Int32(r.x), Int32(r.y), Int32(r.width), Int32(r.height))
                if let b { pixClearInRect(h.pix, b) }
                boxDestroy(&b)
            }
            rules = componentBoxes(h)
            // A vertical stroke as tall as the page is a fold or a scanner edge, not a table border.
            rules += componentBoxes(v).filter { $0.height < height * 7 / 10 }
            pixOr(h.pix, h.pix, v.pix)
            // Thicken the mask a little so anti-aliased line edges go too.
            if let mask = own(pixDilateBrick(nil, h.pix, 3, 3)) {
                pixSubtract(bin.pix, bin.pix, mask.pix)
                if !rules.isEmpty, let copy = own(pixCopy(nil, grey.pix)) {
                    pixPaintThroughMask(copy.pix, mask.pix, 0, 0, 255)
                    lineFree = copy
                }
            }
        }
        lap("form lines")
        pixSetResolution(bin.pix, Int32(workingDPI), Int32(workingDPI))
        pixSetResolution(lineFree.pix, Int32(workingDPI), Int32(workingDPI))
        return (bin, rules, lineFree)
    }

    /// Long, thin strokes in one direction: gaps of a dashed-looking line closed, runs of at least
    /// 150 px kept, and anything thick (a row of text merged by the closing) taken out.
    /// `composite` opens with a decomposed brick (10 × 15 instead of 150 one-pixel shifts): the
    /// same mask, several times faster.
    static func thinLines(_ bin: PageImage, horizontal: Bool, composite: Bool = true) -> PageImage? {
        let (gx, gy) = horizontal ? (5, 1) : (1, 5)
        let (lx, ly) = horizontal ? (150, 1) : (1, 150)
        let (tx, ty) = horizontal ? (1, 12) : (12, 1)
        let open = composite ? pixOpenCompBrick : pixOpenBrick
        guard let closed = own(pixCloseBrick(nil, bin.pix, Int32(gx), Int32(gy))),
              let long = own(open(nil, closed.pix, Int32(lx), Int32(ly))),
              let thick = own(open(nil, long.pix, Int32(tx), Int32(ty))) else { return nil }
        pixSubtract(long.pix, long.pix, thick.pix)
        var changed: Int32 = 0
        let type = horizontal ? L_SELECT_WIDTH : L_SELECT_HEIGHT
        return own(pixSelectBySize(long.pix, 150, 150, 8, Int32(type), Int32(L_SELECT_IF_GTE), &changed))
    }

    /// The horizontal runs of `lines` that are strokes of a word: no longer than a long word
    /// (800 px), as thin as the line finder keeps (under 12 px), and with ink of `text` right above
    /// or right below (3 to 28 px off the run, a word's x-height) all
    /// along, gaps between letters (up to 5 px, those the line finder closes) aside: 90% of their
    /// columns, and ink right on its edge (1-2 px off) in 75% of them. An underline runs on past its
    /// value, and a table's border has no text touching it; a word's baseline, top or bar is covered
    /// by the word all along and is the edge of its strokes (85-96% of the columns on s2735 p028).
    /// A pen or a stamp over a signing line crosses it here and there (sig2727 p030, a stamp: 4-61%).
    static func textStrokeRuns(_ lines: PageImage, text: PageImage) -> [IntakeModel.Box] {
        guard pixGetDepth(text.pix) == 1, let data = pixGetData(text.pix) else { return [] }
        let w = Int(pixGetWidth(text.pix)), h = Int(pixGetHeight(text.pix)), wpl = Int(pixGetWpl(text.pix))
        func ink(_ x: Int, _ y: Int) -> Bool {
            guard x >= 0, x < w, y >= 0, y < h else { return false }
            return (data[y * wpl + (x >> 5)] >> (31 - UInt32(x & 31))) & 1 == 1
        }
        return componentBoxes(lines).filter { r in
            guard r.width <= 800, r.height < 12 else { return false }
            func covered(_ band: ClosedRange<Int>) -> Int {
                var marks = (r.x..<r.maxX).map { x in band.contains { ink(x, $0) } }
                // Gaps of up to 5 columns between inked columns count as covered.
                var last: Int? = nil
                for i in marks.indices where marks[i] {
                    if let l = last, i - l - 1 <= 5 { for k in (l + 1)..<i { marks[k] = true } }
                    last = i
                }
                return marks.filter { $0 }.count
            }
            let cov = Double(max(covered(r.y - 28...r.y - 3), covered(r.maxY + 2...r.maxY + 27))) / Double(r.width)
            // The edge's ink is measured only for a run the text covers (or for the debug line).
            guard cov >= 0.9 || debugRuns else { return false }
            let adjacent = (r.x..<r.maxX).filter { x in ink(x, r.y - 1) || ink(x, r.y - 2) || ink(x, r.maxY) || ink(x, r.maxY + 1) }.count
            if debugRuns {
                FileHandle.standardError.write(Data("run \(r.x),\(r.y) \(r.width)x\(r.height) cover \(String(format: "%.2f", cov)) adjacent \(String(format: "%.2f", Double(adjacent) / Double(r.width)))\n".utf8))
            }
            return cov >= 0.9 && Double(adjacent) >= 0.75 * Double(r.width)
        }
    }

    /// PFDO_DEBUG_RUNS=1 prints each run `textStrokeRuns` weighs, with its coverage and edge ink, to stderr.
    static let debugRuns = ProcessInfo.processInfo.environment["PFDO_DEBUG_RUNS"] != nil

    /// Bounding boxes of the connected components of a binary mask.
    static func componentBoxes(_ mask: PageImage) -> [IntakeModel.Box] {
        guard let boxa = pixConnCompBB(mask.pix, 8) else { return [] }
        defer { var b: UnsafeMutablePointer<BOXA>? = boxa; boxaDestroy(&b) }
        var out: [IntakeModel.Box] = []
        for i in 0..<boxaGetCount(boxa) {
            var x: Int32 = 0, y: Int32 = 0, w: Int32 = 0, h: Int32 = 0
            if boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h) == 0 {
                out.append(IntakeModel.Box(x: Int(x), y: Int(y), width: Int(w), height: Int(h)))
            }
        }
        return out
    }

    static func rotateQuarter(_ image: PageImage, _ degrees: Int) -> PageImage {
        switch ((degrees % 360) + 360) % 360 {
        case 90: return own(pixRotate90(image.pix, 1)) ?? image
        case 180: return own(pixRotate180(nil, image.pix)) ?? image
        case 270: return own(pixRotate90(image.pix, -1)) ?? image
        default: return image
        }
    }

    private static func own(_ p: UnsafeMutablePointer<PIX>?) -> PageImage? {
        p.map { PageImage(owning: $0) }
    }
}

extension Preparer {
    /// 3×3 median of an 8 bpp image, the same values as Leptonica's `pixRankFilterGray(pix, 3, 3,
    /// 0.5)` (edges mirrored) at a fraction of its time: a 19-exchange selection network per pixel
    /// instead of a running histogram.
    static func median3x3(_ image: PageImage) -> PageImage? {
        let src = image.pix
        guard pixGetDepth(src) == 8, let dst = pixCreateTemplate(src) else { return nil }
        let result = PageImage(owning: dst)
        let w = Int(pixGetWidth(src)), h = Int(pixGetHeight(src))
        guard w >= 2, h >= 2 else { return nil }
        let ws = Int(pixGetWpl(src)), wd = Int(pixGetWpl(dst))
        let sData = UnsafeRawPointer(pixGetData(src)!), dData = UnsafeMutableRawPointer(pixGetData(dst)!)
        // Leptonica keeps 8 bpp pixels in 32-bit words, most significant byte first.
        let swizzle = Int(UInt32(1).bigEndian == 1 ? 0 : 3)
        let stride = w + 2
        var plane = [UInt8](repeating: 0, count: stride * (h + 2))
        plane.withUnsafeMutableBufferPointer { p in
            for y in 0..<h {
                let line = sData + y * ws * 4
                let row = (y + 1) * stride + 1
                for x in 0..<w { p[row + x] = line.load(fromByteOffset: x ^ swizzle, as: UInt8.self) }
                p[row - 1] = p[row]; p[row + w] = p[row + w - 1]
            }
            for x in 0..<stride {
                p[x] = p[stride + x]
                p[(h + 1) * stride + x] = p[h * stride + x]
            }
        }
        plane.withUnsafeBufferPointer { p in
            for y in 0..<h {
                let out = dData + y * wd * 4
                let up = y * stride, mid = up + stride, down = mid + stride
                for x in 0..<w {
                    var a0 = p[up + x], a1 = p[up + x + 1], a2 = p[up + x + 2]
                    var a3 = p[mid + x], a4 = p[mid + x + 1], a5 = p[mid + x + 2]
                    var a6 = p[down + x], a7 = p[down + x + 1], a8 = p[down + x + 2]
                    @inline(__always) func sort(_ a: inout UInt8, _ b: inout UInt8) { let t = min(a, b); b = max(a, b); a = t }
                    sort(&a1, &a2); sort(&a4, &a5); sort(&a7, &a8); sort(&a0, &a1); sort(&a3, &a4); sort(&a6, &a7)
                    sort(&a1, &a2); sort(&a4, &a5); sort(&a7, &a8); sort(&a0, &a3); sort(&a5, &a8); sort(&a4, &a7)
                    sort(&a3, &a6); sort(&a1, &a4); sort(&a2, &a5); sort(&a4, &a7); sort(&a4, &a2); sort(&a6, &a4)
                    sort(&a4, &a2)
                    out.storeBytes(of: a4, toByteOffset: x ^ swizzle, as: UInt8.self)
                }
            }
        }
        return result
    }

    /// 3×3 majority of a 1 bpp image (edges replicated): a pixel is set when at least five of the
    /// nine pixels around it are. `majority3x3(threshold(grey, t))` equals
    /// `threshold(median3x3(grey), t)`: a median is below `t` exactly when five of its nine are.
    /// Computed 32 pixels at a time with a bit-sliced adder.
    static func majority3x3(_ image: PageImage) -> PageImage? {
        let src = image.pix
        guard pixGetDepth(src) == 1 else { return nil }
        let w = Int(pixGetWidth(src)), h = Int(pixGetHeight(src))
        guard w >= 2, h >= 1, let dst = pixCreateTemplate(src) else { return nil }
        let result = PageImage(owning: dst)
        let wpl = Int(pixGetWpl(src))
        let sData = pixGetData(src)!, dData = pixGetData(dst)!
        // Rows with one spare word, the pixel after the last replicating the last (right edge).
        let stride = wpl + 1
        var rows = [UInt32](repeating: 0, count: stride * h)
        let lastWord = (w - 1) >> 5, lastBit = UInt32(31 - (w - 1) & 31)
        let padWord = w >> 5, padBit = UInt32(31 - w & 31)
        let tailMask: UInt32 = w & 31 == 0 ? 0 : ~UInt32(0) << UInt32(32 - w & 31)
        rows.withUnsafeMutableBufferPointer { r in
            for y in 0..<h {
                let row = y * stride
                for i in 0..<wpl { r[row + i] = sData[y * wpl + i] }
                if w & 31 != 0 { r[row + lastWord] &= tailMask }
                r[row + padWord] |= ((r[row + lastWord] >> lastBit) & 1) << padBit
            }
        }
        rows.withUnsafeBufferPointer { r in
            for y in 0..<h {
                let up = max(0, y - 1) * stride, mid = y * stride, down = min(h - 1, y + 1) * stride
                let out = dData + y * wpl
                for i in 0..<wpl {
                    @inline(__always) func three(_ row: Int) -> (UInt32, UInt32, UInt32) {
                        let c = r[row + i]
                        // Left neighbour: one bit more significant; the first pixel replicates itself.
                        let l = (c >> 1) | (i > 0 ? r[row + i - 1] << 31 : c & 0x8000_0000)
                        let rt = (c << 1) | (r[row + i + 1] >> 31)
                        return (l, c, rt)
                    }
                    let (x0, x1, x2) = three(up), (x3, x4, x5) = three(mid), (x6, x7, x8) = three(down)
                    @inline(__always) func add(_ a: UInt32, _ b: UInt32, _ c: UInt32) -> (UInt32, UInt32) {
                        let ab = a ^ b
                        return (ab ^ c, (a & b) | (c & ab))
                    }
                    let (s1, c1) = add(x0, x1, x2), (s2, c2) = add(x3, x4, x5), (s3, c3) = add(x6, x7, x8)
                    let (ones, c4) = add(s1, s2, s3)
                    // Count = ones + 2 × (c1 + c2 + c3 + c4); at least 5 when three twos, or two and a one.
                    let atLeast3 = (c1 & c2 & (c3 | c4)) | (c3 & c4 & (c1 | c2))
                    let atLeast2 = (c1 & (c2 | c3 | c4)) | (c2 & (c3 | c4)) | (c3 & c4)
                    out[i] = atLeast3 | (atLeast2 & ones)
                }
            }
        }
        pixSetPadBits(dst, 0)
        return result
    }
}
