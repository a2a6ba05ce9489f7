import Foundation

/// Everything that can go wrong while loading or recognising a page.
/// Messages name the file and the reason, never page content.
public enum OCRError: Error, CustomStringConvertible, Equatable, Sendable {
    case unreadableFile(path: String, reason: String)
    case emptyFile(path: String)
    case unsupportedFormat(path: String, detail: String)
    case corruptImage(path: String, detail: String)
    case pdfFailed(path: String, detail: String)
    case noPages(path: String)
    case modelMissing(language: String, searched: [String])
    case engineInit(language: String, detail: String)
    case recognitionFailed(detail: String)

    public var description: String {
        switch self {
        case let .unreadableFile(path, reason): return "\(path): cannot read file (\(reason))"
        case let .emptyFile(path): return "\(path): file is empty (0 bytes)"
        case let .unsupportedFormat(path, detail): return "\(path): unsupported file format (\(detail)); expected PNG, JPEG, TIFF or PDF"
        case let .corruptImage(path, detail): return "\(path): corrupt or truncated image (\(detail))"
        case let .pdfFailed(path, detail): return "\(path): cannot read PDF (\(detail))"
        case let .noPages(path): return "\(path): document has no pages"
        case let .modelMissing(language, searched):
            return "Tesseract model '\(language)' not found (searched \(searched.joined(separator: ", "))); install it with: apt-get install -y tesseract-ocr-\(language), or set TESSDATA_PREFIX"
        case let .engineInit(language, detail): return "cannot start Tesseract with '\(language)': \(detail)"
        case let .recognitionFailed(detail): return "recognition failed: \(detail)"
        }
    }
}
