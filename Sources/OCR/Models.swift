import CTesseract
import Foundation
import IntakeModel

/// Where the Tesseract models live, and their checksums (so a changed model shows up in results).
public enum TessData {
    /// Directories searched for `<lang>.traineddata`, in order.
    public static var searchPath: [String] {
        var dirs: [String] = []
        if let prefix = ProcessInfo.processInfo.environment["TESSDATA_PREFIX"], !prefix.isEmpty {
            dirs.append(prefix)
            dirs.append((prefix as NSString).appendingPathComponent("tessdata"))
        }
        dirs += ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata"]
        return dirs
    }

    /// The directory holding the model for `language`, or nil.
    public static func directory(for language: String) -> String? {
        searchPath.first { FileManager.default.fileExists(atPath: "\($0)/\(language).traineddata") }
    }

    public static func modelPath(_ language: String) throws -> String {
        guard let dir = directory(for: language) else {
            throw OCRError.modelMissing(language: language, searched: searchPath)
        }
        return "\(dir)/\(language).traineddata"
    }

    private static let checksumLock = NSLock()
    nonisolated(unsafe) private static var checksums: [String: String] = [:]

    /// SHA-256 of the model file, computed once per process.
    public static func checksum(_ language: String) throws -> String {
        let path = try modelPath(language)
        checksumLock.lock(); defer { checksumLock.unlock() }
        if let c = checksums[path] { return c }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OCRError.modelMissing(language: language, searched: [path])
        }
        let c = SHA256.hex(data)
        checksums[path] = c
        return c
    }

    public static var tesseractVersion: String { String(cString: TessVersion()) }

    public static var leptonicaVersion: String {
        guard let v = getLeptonicaVersion() else { return "unknown" }
        defer { free(v) }
        return String(cString: v)
    }
}
