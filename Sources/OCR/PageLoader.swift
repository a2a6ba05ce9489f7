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
    case png, jpeg, tiff, pdf
    /// Read by Leptonica too: BMP, GIF (first frame), WebP, JPEG 2000, PNM.
    case bmp, gif, webp, jp2, pnm
    /// HEIC/HEIF/AVIF photos (phones): decoded by `heif-convert` (Debian's libheif-examples) when installed.
    case heif
    case other

    public static func sniff(_ data: Data) -> InputFormat {
        if data.starts(with: [0x25, 0x50, 0x44, 0x46]) { return .pdf } // %PDF
        if data.count >= 12, data[data.startIndex + 4 ..< data.startIndex + 8].elementsEqual("ftyp".utf8) {
            let brand = String(decoding: data[data.startIndex + 8 ..< data.startIndex + 12], as: UTF8.self)
            if ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif", "avis"].contains(brand) { return .heif }
        }
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
        case IFF_BMP: return .bmp
        case IFF_GIF: return .gif
        case IFF_WEBP: return .webp
        case IFF_JP2: return .jp2
        case IFF_PNM: return .pnm
        default: return .other
        }
    }
}

/// A file's pages, read one at a time so that a long document never sits in memory whole: `page(n)` decodes
/// (or extracts from the PDF) page `n` only. Temporary files live in a private folder removed with the source.
public final class PageSource: @unchecked Sendable {
    public let source: String
    public let format: InputFormat
    /// Number of pages, known before any is decoded.
    public let pageCount: Int
    private let read: (Int) throws -> LoadedPage
    private let workspace: PrivateTemp.Directory?

    init(source: String, format: InputFormat, pageCount: Int, workspace: PrivateTemp.Directory? = nil,
         read: @escaping (Int) throws -> LoadedPage) {
        self.source = source; self.format = format; self.pageCount = pageCount
        self.workspace = workspace; self.read = read
    }

    /// Page `number` (1-based).
    public func page(_ number: Int) throws -> LoadedPage {
        precondition((1...pageCount).contains(number), "page \(number) of \(pageCount)")
        return try LibraryMessages.quietly { try read(number) }
    }
}

/// Loads PNG, JPEG, TIFF (multi-page too), PDF, BMP, GIF, WebP, JPEG 2000 and (with heif-convert) HEIC files.
/// A bad file is a thrown `OCRError` naming the file and the reason; it never crashes or hangs.
public enum PageLoader {
    /// File extensions the batch commands pick up when walking folders.
    public static let supportedExtensions: Set<String> = [
        "png", "jpg", "jpeg", "jpe", "jfif", "tif", "tiff", "pdf", "bmp", "dib", "gif", "webp", "jp2", "j2k", "jpf",
        "pnm", "pgm", "ppm", "pbm", "heic", "heif", "hif", "avif",
    ]

    /// Seconds a poppler subprocess may take for one page before it is stopped.
    public static var pdfTimeout: TimeInterval = 120

    /// The largest decoded page accepted, in pixels (an A4 page at 600 dpi is 35 megapixels, A3 at 600 dpi 70).
    /// Larger images are refused before they are decoded.
    public static var maxPixels = 150_000_000

    /// The smallest side of an image accepted as a page scan.
    public static let minSide = 100

    /// Every page at once (small files, the `ocr` command). Batch work uses `open` and reads page by page.
    public static func load(path: String) throws -> [LoadedPage] {
        let source = try open(path: path)
        return try (1...source.pageCount).map { try source.page($0) }
    }

    public static func load(data: Data, source: String) throws -> [LoadedPage] {
        let pages = try open(data: data, source: source)
        return try (1...pages.pageCount).map { try pages.page($0) }
    }

    public static func open(path: String) throws -> PageSource {
        try open(data: read(path: path), source: path)
    }

    /// The file's bytes (memory-mapped), or the reason they cannot be read.
    public static func read(path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied or not a regular file" : "no such file"
            throw OCRError.unreadableFile(path: path, reason: reason)
        }
    }

    public static func open(data: Data, source: String) throws -> PageSource {
        guard !data.isEmpty else { throw OCRError.emptyFile(path: source) }
        LibraryMessages.silence()
        PrivateTemp.sweepOnce()
        let format = InputFormat.sniff(data)
        switch format {
        case .pdf:
            return try PDFRasteriser.open(data, source: source, timeout: pdfTimeout)
        case .tiff:
            return try tiffSource(data, source: source)
        case .png, .jpeg, .bmp, .gif, .webp, .jp2, .pnm:
            try checkComplete(data, format: format, source: source)
            return PageSource(source: source, format: format, pageCount: 1) { _ in
                let image = try decodeImage(data, source: source)
                return LoadedPage(source: source, page: 1, image: image, resolution: image.resolution)
            }
        case .heif:
            return try heifSource(data, source: source)
        case .other:
            let ext = (source as NSString).pathExtension.lowercased()
            let named = ext.isEmpty ? "" : ", though named .\(ext)"
            throw OCRError.unsupportedFormat(path: source, detail: "content is not a PNG, JPEG, TIFF or PDF, nor another image read here\(named)")
        }
    }

    /// Decodes one image after checking its size from the header, so that a huge image is refused before
    /// its pixels are allocated and a 1×1 image is called what it is.
    static func decodeImage(_ data: Data, source: String) throws -> PageImage {
        var format: Int32 = 0, w: Int32 = 0, h: Int32 = 0, bps: Int32 = 0, spp: Int32 = 0, cmap: Int32 = 0
        let header = data.withUnsafeBytes { raw -> Bool in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return false }
            return pixReadHeaderMem(base, raw.count, &format, &w, &h, &bps, &spp, &cmap) == 0
        }
        if header { try checkSize(width: Int(w), height: Int(h), source: source) }
        guard let image = PageImage.decode(data) else {
            throw OCRError.corruptImage(path: source, detail: "the image data cannot be decoded")
        }
        try checkSize(width: image.width, height: image.height, source: source)
        return image
    }

    static func checkSize(width: Int, height: Int, source: String) throws {
        if width * height > maxPixels { throw OCRError.tooLarge(path: source, width: width, height: height, limit: maxPixels) }
        if min(width, height) < minSide { throw OCRError.tooSmall(path: source, width: width, height: height) }
    }

    /// A PNG ends with its IEND chunk and a JPEG with the end-of-image marker: a file without them was cut short.
    static func checkComplete(_ data: Data, format: InputFormat, source: String) throws {
        switch format {
        case .png:
            let tail = [UInt8](data.suffix(16)), iend = Array("IEND".utf8)
            if !(0...max(0, tail.count - 4)).contains(where: { tail.count >= 4 && Array(tail[$0 ..< $0 + 4]) == iend }) {
                throw OCRError.truncated(path: source, detail: "PNG data ends before its IEND chunk")
            }
        case .jpeg:
            if !jpegIsComplete(data) { throw OCRError.truncated(path: source, detail: "JPEG data ends before the end-of-image marker") }
        default:
            break
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

    static func tiffSource(_ data: Data, source: String) throws -> PageSource {
        let layout = TIFFLayout(data)
        if let layout, layout.truncated {
            // Reading the pages that are whole would lose the rest without a word: the file is refused.
            let detail = layout.truncatedPages.min().map { "the TIFF data ends inside page \($0)" }
                ?? (layout.pages == 0 ? "the TIFF data ends before its first page" : "the TIFF data ends after page \(layout.pages), before the next page's directory")
            throw OCRError.truncated(path: source, detail: detail)
        }
        let count = layout?.pages ?? 0
        guard count > 0 else { throw OCRError.corruptImage(path: source, detail: "the TIFF data cannot be decoded") }
        return PageSource(source: source, format: .tiff, pageCount: count) { n in
            var w: Int32 = 0, h: Int32 = 0, bps: Int32 = 0, spp: Int32 = 0, res: Int32 = 0, cmap: Int32 = 0, format: Int32 = 0
            let header = data.withUnsafeBytes { raw -> Bool in
                guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return false }
                return readHeaderMemTiff(base, raw.count, Int32(n - 1), &w, &h, &bps, &spp, &res, &cmap, &format) == 0
            }
            if header { try checkSize(width: Int(w), height: Int(h), source: source) }
            let pix: UnsafeMutablePointer<PIX>? = data.withUnsafeBytes { raw in
                guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return nil }
                return pixReadMemTiff(base, raw.count, Int32(n - 1))
            }
            guard let pix else { throw OCRError.corruptImage(path: source, detail: "TIFF page \(n) cannot be decoded") }
            let image = PageImage(owning: pix)
            try checkSize(width: image.width, height: image.height, source: source)
            return LoadedPage(source: source, page: n, image: image, resolution: image.resolution)
        }
    }

    /// HEIC/HEIF/AVIF through `heif-convert` (libheif) into a PNG in a private folder.
    static func heifSource(_ data: Data, source: String) throws -> PageSource {
        guard PDFRasteriser.findExecutable("heif-convert") != nil else {
            throw OCRError.unsupportedImage(path: source, format: "a HEIC/HEIF photo",
                                            fix: "install Debian's decoder (apt-get install -y libheif-examples) or save the photo as JPEG")
        }
        let dir = try PrivateTemp.Directory(kind: "heif")
        let input = dir.url.appendingPathComponent("in.heic"), output = dir.url.appendingPathComponent("page.png")
        guard PrivateTemp.write(data, to: input) else {
            throw OCRError.unreadableFile(path: source, reason: "cannot write a private temporary copy (disk full?)")
        }
        return PageSource(source: source, format: .heif, pageCount: 1, workspace: dir) { _ in
            let r = try PDFRasteriser.run("heif-convert", [input.path, output.path], source: source, timeout: pdfTimeout)
            // heif-convert numbers the outputs when a file holds several images: take the first.
            let produced = ((try? FileManager.default.contentsOfDirectory(atPath: dir.url.path)) ?? [])
                .filter { $0.hasPrefix("page") && $0.hasSuffix(".png") }.sorted()
            guard r.status == 0, let first = produced.first,
                  let png = try? Data(contentsOf: dir.url.appendingPathComponent(first)) else {
                throw OCRError.corruptImage(path: source, detail: "the HEIC data cannot be decoded")
            }
            for f in produced { try? FileManager.default.removeItem(at: dir.url.appendingPathComponent(f)) }
            let image = try decodeImage(png, source: source)
            return LoadedPage(source: source, page: 1, image: image, resolution: image.resolution)
        }
    }
}

/// The page directories of a classic TIFF, walked without decoding: how many pages, and whether the file ends
/// before a directory or a page's strips or tiles do (a truncated copy).
struct TIFFLayout {
    var pages = 0
    var truncated = false
    var truncatedPages: Set<Int> = []

    init?(_ data: Data) {
        let bytes = [UInt8](data.prefix(8))
        guard bytes.count == 8 else { return nil }
        let little = bytes[0] == 0x49
        guard (little ? bytes[2] : bytes[3]) == 42 else { return nil } // BigTIFF (43) is left to libtiff
        let size = data.count
        func uint(_ offset: Int, _ width: Int) -> Int? {
            guard offset >= 0, offset + width <= size else { return nil }
            var v = 0
            for i in 0..<width {
                let b = Int(data[data.startIndex + offset + i])
                v |= little ? b << (8 * i) : b << (8 * (width - 1 - i))
            }
            return v
        }
        func values(_ entry: Int) -> [Int]? {
            guard let type = uint(entry + 2, 2), let count = uint(entry + 4, 4), count <= 1_000_000 else { return nil }
            let width = type == 3 ? 2 : 4
            var at = entry + 8
            if count * width > 4 { guard let o = uint(entry + 8, 4) else { return nil }; at = o }
            var out: [Int] = []
            for i in 0..<count { guard let v = uint(at + i * width, width) else { return nil }; out.append(v) }
            return out
        }
        var offset = uint(4, 4) ?? 0
        var seen = Set<Int>()
        while offset != 0, seen.insert(offset).inserted, pages < 100_000 {
            guard let n = uint(offset, 2), offset + 2 + n * 12 + 4 <= size else { truncated = true; break }
            var starts: [Int] = [], lengths: [Int] = []
            var broken = false
            for i in 0..<n {
                let entry = offset + 2 + i * 12
                switch uint(entry, 2) {
                case 273, 324: if let v = values(entry) { starts = v } else { broken = true }
                case 279, 325: if let v = values(entry) { lengths = v } else { broken = true }
                default: break
                }
            }
            pages += 1
            if broken || zip(starts, lengths).contains(where: { $0 + $1 > size }) {
                truncated = true
                truncatedPages.insert(pages)
            }
            offset = uint(offset + 2 + n * 12, 4) ?? 0
        }
    }
}
