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
    public let preparation: Preparation
    /// Share of dark pixels in `binary`; a blank page is close to 0.
    public let ink: Double
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
        // 4. Flatten illumination (shadows, grey paper) so that the background is white.
        if let flat = own(pixBackgroundNorm(grey.pix, nil, nil, 64, 64, 40, 50, 230, 2, 1)) { grey = flat }
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
        // 6. Binarise, despeckle, drop form lines.
        let binary = binarise(grey)
        let ink = binary.inkCoverage
        return PreparedPage(grey: grey, binary: binary,
                            preparation: Preparation(rotation: rotation, skew: skew, scale: scale, dpi: workingDPI),
                            ink: ink)
    }

    /// Rotates a prepared page by a further quarter-turn multiple (for orientation retries).
    public static func rotated(_ page: PreparedPage, by degrees: Int) -> PreparedPage {
        let grey = rotateQuarter(page.grey, degrees)
        let binary = rotateQuarter(page.binary, degrees)
        var prep = page.preparation
        prep.rotation = (prep.rotation + degrees) % 360
        return PreparedPage(grey: grey, binary: binary, preparation: prep, ink: page.ink)
    }

    static func binarise(_ grey: PageImage) -> PageImage {
        // Smooth speckle and blur-noise with a small rank (median) filter, then threshold:
        // after background normalisation the paper sits near 230, ink well below.
        let smooth = own(pixRankFilterGray(grey.pix, 3, 3, 0.5)) ?? grey
        var bin = own(pixThresholdToBinary(smooth.pix, 170)) ?? own(pixConvertTo1(grey.pix, 170))!
        // Remove specks smaller than 3x3 px (dots of ё and i are larger at 300 dpi).
        var changed: Int32 = 0
        if let clean = own(pixSelectBySize(bin.pix, 4, 4, 8, Int32(L_SELECT_IF_EITHER),
                                           Int32(L_SELECT_IF_GTE), &changed)) { bin = clean }
        // Long horizontal and vertical strokes are underlines and table borders, not letters.
        if let h = own(pixOpenBrick(nil, bin.pix, 120, 1)) {
            if let v = own(pixOpenBrick(nil, bin.pix, 1, 120)) { pixOr(h.pix, h.pix, v.pix) }
            // Thicken the mask a little so anti-aliased line edges go too.
            if let mask = own(pixDilateBrick(nil, h.pix, 1, 3)) { pixSubtract(bin.pix, bin.pix, mask.pix) }
        }
        pixSetResolution(bin.pix, Int32(workingDPI), Int32(workingDPI))
        return bin
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
