import CTesseract
import Foundation
import IntakeModel

/// An owned Leptonica image. The only way Pix pointers leave this module is inside one of these.
public final class PageImage: @unchecked Sendable {
    let pix: UnsafeMutablePointer<PIX>

    /// Takes ownership of `pix`.
    init(owning pix: UnsafeMutablePointer<PIX>) { self.pix = pix }

    deinit {
        var p: UnsafeMutablePointer<PIX>? = pix
        pixDestroy(&p)
    }

    public var width: Int { Int(pixGetWidth(pix)) }
    public var height: Int { Int(pixGetHeight(pix)) }
    public var depth: Int { Int(pixGetDepth(pix)) }
    /// Horizontal resolution recorded in the file, 0 when unknown.
    public var resolution: Int { Int(pixGetXRes(pix)) }

    /// Decodes an image from memory (PNG, JPEG, TIFF, ...). Nil when Leptonica cannot decode it.
    public static func decode(_ data: Data) -> PageImage? {
        LibraryMessages.quietly {
            data.withUnsafeBytes { raw -> PageImage? in
                guard let base = raw.bindMemory(to: UInt8.self).baseAddress,
                      let p = pixReadMem(base, raw.count) else { return nil }
                return PageImage(owning: p)
            }
        }
    }

    /// Encodes as PNG (lossless; 1, 8 or 32 bpp).
    public func pngData() -> Data? {
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        guard LibraryMessages.quietly({ pixWriteMemPng(&out, &size, pix, 0) }) == 0, let out else { return nil }
        defer { free(out) }
        return Data(bytes: out, count: size)
    }

    /// Encodes as JPEG (8 or 32 bpp only).
    public func jpegData(quality: Int = 80) -> Data? {
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        guard LibraryMessages.quietly({ pixWriteMemJpeg(&out, &size, pix, Int32(quality), 0) }) == 0, let out else { return nil }
        defer { free(out) }
        return Data(bytes: out, count: size)
    }

    /// `box` clipped to the image (empty when it lies off the image).
    public func clipped(_ box: IntakeModel.Box) -> IntakeModel.Box {
        let x = max(0, box.x), y = max(0, box.y)
        let w = min(width, box.maxX) - x, h = min(height, box.maxY) - y
        return IntakeModel.Box(x: x, y: y, width: max(0, w), height: max(0, h))
    }

    /// A copy of the region (clipped to the image), or nil when the region is outside it.
    public func crop(_ box: (x: Int, y: Int, width: Int, height: Int)) -> PageImage? {
        guard let b = boxCreate(Int32(box.x), Int32(box.y), Int32(box.width), Int32(box.height)) else { return nil }
        var bp: UnsafeMutablePointer<BOX>? = b
        defer { boxDestroy(&bp) }
        guard let c = pixClipRectangle(pix, b, nil) else { return nil }
        return PageImage(owning: c)
    }

    /// The image scaled by `factor` in both directions (linear interpolation for grey), or nil.
    public func scaled(by factor: Double) -> PageImage? {
        guard let p = pixScale(pix, Float(factor), Float(factor)) else { return nil }
        return PageImage(owning: p)
    }

    /// Fraction of pixels darker than `threshold` (8 bpp images; others as `inkCoverage`).
    public func darkShare(below threshold: Int) -> Double {
        guard depth == 8, let bin = pixThresholdToBinary(pix, Int32(threshold)) else { return inkCoverage }
        var b: UnsafeMutablePointer<PIX>? = bin
        defer { pixDestroy(&b) }
        var count: Int32 = 0
        pixCountPixels(bin, &count, nil)
        return Double(count) / Double(max(1, width * height))
    }

    /// The 8-connected marks of ink, as (x, y, width, height, pixels) in this image's coordinates, in
    /// the raster order of their first pixel (Leptonica's connected components): of a 1 bpp image as it
    /// is, of an 8 bpp image the pixels darker than `threshold` (others are thresholded at 128).
    public func connectedMarks(below threshold: Int = 128) -> [(x: Int, y: Int, width: Int, height: Int, pixels: Int)] {
        let made: UnsafeMutablePointer<PIX>?
        switch depth {
        case 1: made = pixClone(pix)
        case 8: made = pixThresholdToBinary(pix, Int32(threshold))
        default: made = pixConvertTo1(pix, 128)
        }
        var bin = made
        defer { pixDestroy(&bin) }
        guard let bin else { return [] }
        var pixa: UnsafeMutablePointer<PIXA>?
        var boxa = pixConnComp(bin, &pixa, 8)
        defer { boxaDestroy(&boxa); pixaDestroy(&pixa) }
        guard let boxa, let pixa else { return [] }
        var marks: [(x: Int, y: Int, width: Int, height: Int, pixels: Int)] = []
        for i in 0..<boxaGetCount(boxa) {
            var x: Int32 = 0, y: Int32 = 0, w: Int32 = 0, h: Int32 = 0, count: Int32 = 0
            guard boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h) == 0 else { continue }
            var mark = pixaGetPix(pixa, i, Int32(L_CLONE))
            pixCountPixels(mark, &count, nil)
            pixDestroy(&mark)
            marks.append((Int(x), Int(y), Int(w), Int(h), Int(count)))
        }
        return marks
    }

    /// Whether each pixel is ink, row by row: of a 1 bpp image as it is, of an 8 bpp image the pixels
    /// darker than `threshold` (others are thresholded at 128).
    public func inkBits(below threshold: Int = 128) -> [Bool] {
        var bin: UnsafeMutablePointer<PIX>? = depth == 1 ? pixClone(pix)
            : depth == 8 ? pixThresholdToBinary(pix, Int32(threshold)) : pixConvertTo1(pix, 128)
        defer { pixDestroy(&bin) }
        guard let bin, let data = pixGetData(bin) else { return [] }
        let w = Int(pixGetWidth(bin)), h = Int(pixGetHeight(bin)), wpl = Int(pixGetWpl(bin))
        var bits = [Bool](repeating: false, count: w * h)
        for y in 0..<h {
            let line = data + y * wpl
            for x in 0..<w where (line[x >> 5] >> (31 - UInt32(x & 31))) & 1 == 1 { bits[y * w + x] = true }
        }
        return bits
    }

    /// Fraction of dark pixels (for 1 bpp images; others are thresholded at 128 first).
    public var inkCoverage: Double {
        var bin: UnsafeMutablePointer<PIX>? = depth == 1 ? pixClone(pix) : pixConvertTo1(pix, 128)
        defer { pixDestroy(&bin) }
        guard let bin else { return 0 }
        var count: Int32 = 0
        pixCountPixels(bin, &count, nil)
        let area = max(1, width * height)
        return Double(count) / Double(area)
    }
}

/// Direct access to the pixels of an 8 bpp page without a colour map, for the column searches of
/// preparation (toner streaks, dropout streaks) that edit the grey page in place.
struct GreyPixels {
    let width: Int
    let height: Int
    /// 32-bit words per row.
    let wpl: Int
    let data: UnsafeMutableRawPointer
    /// Leptonica keeps 8 bpp pixels in 32-bit words, most significant byte first: a pixel's byte
    /// within its word is `x ^ swizzle`.
    static let swizzle = Int(UInt32(1).bigEndian == 1 ? 0 : 3)

    /// nil when the image is not 8 bpp grey or is under `minSide` pixels a side.
    init?(_ image: PageImage, minSide: Int = 0) {
        let pix = image.pix
        guard pixGetDepth(pix) == 8, pixGetColormap(pix) == nil else { return nil }
        width = Int(pixGetWidth(pix)); height = Int(pixGetHeight(pix))
        guard width >= minSide, height >= minSide, let raw = pixGetData(pix) else { return nil }
        wpl = Int(pixGetWpl(pix))
        data = UnsafeMutableRawPointer(raw)
    }
}
