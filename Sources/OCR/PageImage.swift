import CTesseract
import Foundation

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

    /// The 8-connected marks of ink, as (x, y, width, height, pixels) in this image's coordinates:
    /// of a 1 bpp image as it is, of an 8 bpp image the pixels darker than `threshold` (others are
    /// thresholded at 128).
    public func connectedMarks(below threshold: Int = 128) -> [(x: Int, y: Int, width: Int, height: Int, pixels: Int)] {
        let made: UnsafeMutablePointer<PIX>?
        switch depth {
        case 1: made = pixClone(pix)
        case 8: made = pixThresholdToBinary(pix, Int32(threshold))
        default: made = pixConvertTo1(pix, 128)
        }
        var bin = made
        defer { pixDestroy(&bin) }
        guard let bin, let data = pixGetData(bin) else { return [] }
        let w = Int(pixGetWidth(bin)), h = Int(pixGetHeight(bin)), wpl = Int(pixGetWpl(bin))
        guard w > 0, h > 0 else { return [] }
        // Leptonica packs 1 bpp pixels most significant bit first in 32-bit words.
        var ink = [Bool](repeating: false, count: w * h)
        for y in 0..<h {
            let line = data + y * wpl
            for x in 0..<w where (line[x >> 5] >> (31 - UInt32(x & 31))) & 1 == 1 { ink[y * w + x] = true }
        }
        var seen = [Bool](repeating: false, count: w * h)
        var marks: [(x: Int, y: Int, width: Int, height: Int, pixels: Int)] = []
        var stack: [Int] = []
        for start in 0..<(w * h) where ink[start] && !seen[start] {
            seen[start] = true
            stack.append(start)
            var x0 = w, y0 = h, x1 = -1, y1 = -1, count = 0
            while let i = stack.popLast() {
                let x = i % w, y = i / w
                count += 1
                x0 = min(x0, x); x1 = max(x1, x); y0 = min(y0, y); y1 = max(y1, y)
                for dy in -1...1 {
                    let ny = y + dy
                    guard ny >= 0, ny < h else { continue }
                    for dx in -1...1 {
                        let nx = x + dx
                        guard nx >= 0, nx < w else { continue }
                        let j = ny * w + nx
                        if ink[j], !seen[j] { seen[j] = true; stack.append(j) }
                    }
                }
            }
            marks.append((x0, y0, x1 - x0 + 1, y1 - y0 + 1, count))
        }
        return marks
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
