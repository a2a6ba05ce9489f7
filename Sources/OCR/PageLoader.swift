import CTesseract
import Foundation

/// One page of an input file, as loaded: the raw image before preparation.
public struct LoadedPage: @unchecked Sendable {
    /// The path as the user gave it.
    public let source: String
    /// 1-based page number within the file.
    public let page: Int
    public let image: PageImage
    /// Resolution recorded in the file (or by the PDF), 0 when unknown.
    public let resolution: Int
}

/// The container format of an input file, recognised from its content, not its name.
public enum InputFormat: String, Sendable {
    case png, jpeg, tiff, pdf, other

    static func sniff(_ data: Data) -> InputFormat {
        if data.starts(with: [0x25, 0x50, 0x44, 0x46]) { return .pdf } // %PDF
        var format: Int32 = 0
        let found = data.withUnsafeBytes { raw -> Bool in
            guard raw.count >= 12, let base = raw.bindMemory(to: UInt8.self).baseAddress else { return false }
            return findFileFormatBuffer(base, &format) == 0
        }
        guard found else { return .other }
        switch Int(format) {
        case IFF_PNG: return .png
        case IFF_JFIF_JPEG: return .jpeg
        case IFF_TIFF, IFF_TIFF_PACKBITS, IFF_TIFF_RLE,
             IFF_TIFF_G3, IFF_TIFF_G4, IFF_TIFF_LZW,
             IFF_TIFF_ZIP, IFF_TIFF_JPEG: return .tiff
        default: return .other
        }
    }
}

/// Loads every page of PNG, JPEG, TIFF (multi-page too) and PDF files.
/// A bad file is a thrown `OCRError` naming the file and the reason; it never crashes or hangs.
public enum PageLoader {
    /// File extensions the batch commands pick up when walking folders.
    public static let supportedExtensions: Set<String> = ["png", "jpg", "jpeg", "tif", "tiff", "pdf"]

    /// Seconds a poppler subprocess may take for one file before it is stopped.
    public static var pdfTimeout: TimeInterval = 120

    public static func load(path: String) throws -> [LoadedPage] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied or not a regular file" : "no such file"
            throw OCRError.unreadableFile(path: path, reason: reason)
        }
        return try load(data: data, source: path)
    }

    public static func load(data: Data, source: String) throws -> [LoadedPage] {
        guard !data.isEmpty else { throw OCRError.emptyFile(path: source) }
        LeptonicaQuiet.ensure()
        switch InputFormat.sniff(data) {
        case .pdf:
            return try PDFRasteriser.pages(of: data, source: source, timeout: pdfTimeout)
        case .tiff:
            return try tiffPages(data, source: source)
        case .png, .jpeg:
            guard let image = PageImage.decode(data), image.width > 1, image.height > 1 else {
                throw OCRError.corruptImage(path: source, detail: "the image data cannot be decoded")
            }
            if InputFormat.sniff(data) == .jpeg, !jpegIsComplete(data) {
                throw OCRError.corruptImage(path: source, detail: "JPEG data ends before the end-of-image marker")
            }
            return [LoadedPage(source: source, page: 1, image: image, resolution: image.resolution)]
        case .other:
            let ext = (source as NSString).pathExtension.lowercased()
            let named = ext.isEmpty ? "" : ", though named .\(ext)"
            throw OCRError.unsupportedFormat(path: source, detail: "content is not a PNG, JPEG, TIFF or PDF\(named)")
        }
    }

    /// A JPEG must end with the EOI marker (FF D9), allowing trailing padding.
    static func jpegIsComplete(_ data: Data) -> Bool {
        let tail = data.suffix(64)
        var prev: UInt8 = 0
        for b in tail {
            if prev == 0xFF && b == 0xD9 { return true }
            prev = b
        }
        return false
    }

    static func tiffPages(_ data: Data, source: String) throws -> [LoadedPage] {
        let pixa: UnsafeMutablePointer<PIXA>? = data.withUnsafeBytes { raw in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return nil }
            return pixaReadMemMultipageTiff(base, raw.count)
        }
        guard let pixa else { throw OCRError.corruptImage(path: source, detail: "the TIFF data cannot be decoded") }
        defer { var p: UnsafeMutablePointer<PIXA>? = pixa; pixaDestroy(&p) }
        let n = Int(pixaGetCount(pixa))
        guard n > 0 else { throw OCRError.noPages(path: source) }
        var pages: [LoadedPage] = []
        for i in 0..<n {
            guard let p = pixaGetPix(pixa, Int32(i), Int32(L_COPY)) else {
                throw OCRError.corruptImage(path: source, detail: "TIFF page \(i + 1) cannot be decoded")
            }
            let image = PageImage(owning: p)
            pages.append(LoadedPage(source: source, page: i + 1, image: image, resolution: image.resolution))
        }
        return pages
    }
}

/// Leptonica prints its own error lines to stderr; the loader reports errors itself.
enum LeptonicaQuiet {
    private static let once: Void = { _ = setMsgSeverity(Int32(L_SEVERITY_NONE)) }()
    static func ensure() { _ = once }
}
