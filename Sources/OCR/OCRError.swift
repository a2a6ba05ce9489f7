import Foundation
import IntakeModel

/// Everything that can go wrong while loading or recognising a page.
/// Messages are one line: they name the file (control characters escaped) and the reason, never page content.
public enum OCRError: Error, CustomStringConvertible, Equatable, Sendable {
    case unreadableFile(path: String, reason: String)
    case emptyFile(path: String)
    case unsupportedFormat(path: String, detail: String)
    /// An image format recognised by its content that this installation cannot decode, with the fix.
    case unsupportedImage(path: String, format: String, fix: String)
    case corruptImage(path: String, detail: String)
    /// The file ends before its image data does (a cut download or copy).
    case truncated(path: String, detail: String)
    /// An image too small to be the scan of a page (a 1×1 tracking pixel, an icon).
    case tooSmall(path: String, width: Int, height: Int)
    /// An image whose decoded size is above `PageLoader.maxPixels`.
    case tooLarge(path: String, width: Int, height: Int, limit: Int)
    case pdfFailed(path: String, detail: String)
    case noPages(path: String)
    case modelMissing(language: String, searched: [String])
    case engineInit(language: String, detail: String)
    case recognitionFailed(detail: String)

    public var description: String {
        switch self {
        case let .unreadableFile(path, reason): return "\(printable(path)): cannot read file (\(reason))"
        case let .emptyFile(path): return "\(printable(path)): file is empty (0 bytes)"
        case let .unsupportedFormat(path, detail):
            return "\(printable(path)): unsupported file format (\(detail))"
        case let .unsupportedImage(path, format, fix): return "\(printable(path)): \(format) cannot be read here: \(fix)"
        case let .corruptImage(path, detail): return "\(printable(path)): corrupt image (\(detail))"
        case let .truncated(path, detail): return "\(printable(path)): truncated file (\(detail)): copy or scan it again"
        case let .tooSmall(path, width, height):
            return "\(printable(path)): image of \(width)×\(height) pixels is too small to be a scan of a page (at least \(PageLoader.minSide) pixels a side)"
        case let .tooLarge(path, width, height, limit):
            let mp = Double(width) * Double(height) / 1_000_000
            return "\(printable(path)): image of \(width)×\(height) pixels (\(String(format: "%.0f", mp)) megapixels) is above the limit of \(limit / 1_000_000) megapixels: scan at 300 dpi (an A4 page is 9 megapixels)"
        case let .pdfFailed(path, detail): return "\(printable(path)): cannot read PDF (\(detail))"
        case let .noPages(path): return "\(printable(path)): document has no pages"
        case let .modelMissing(language, searched):
            return "Tesseract model '\(language)' not found (searched \(searched.joined(separator: ", "))); install it with: apt-get install -y tesseract-ocr-\(language), or set TESSDATA_PREFIX"
        case let .engineInit(language, detail): return "cannot start Tesseract with '\(language)': \(detail)"
        case let .recognitionFailed(detail): return "recognition failed: \(detail)"
        }
    }
}
