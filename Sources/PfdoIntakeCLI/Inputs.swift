import ArgumentParser
import Foundation
import IntakeModel
import OCR

/// Expands the paths given on the command line: files as they are, folders walked recursively, sorted so
/// that runs are reproducible, each file once however often it is named (`a.png ./a.png dir/..`).
///
/// In folders, a file is an input when its name or its content says it is an image or a PDF. An image
/// this program cannot read (a RAW photo, PSD, SVG, ...) is reported as a failed input with the fix, never
/// dropped without a word; other files (JSON, text, spreadsheets) are counted and named by extension.
enum Inputs {
    struct Expanded {
        var files: [String] = []
        var missing: [String] = []
        /// Files in folders that look like images or scans but cannot be read, with the reason.
        var unsupported: [(path: String, reason: String)] = []
        /// Other files in folders, by extension ("" for none).
        var ignored: [String: Int] = [:]
        /// Paths given more than once (after resolving `.`/`..` and symbolic links).
        var repeated: [String] = []
    }

    /// Extensions of images and scanned documents that are not read here.
    static let unreadableImages: Set<String> = [
        "psd", "psb", "svg", "svgz", "xcf", "ico", "icns", "eps", "ai", "djvu", "djv", "jxl", "jxr", "wdp",
        "cr2", "cr3", "nef", "arw", "orf", "rw2", "raf", "dng", "raw", "xps", "oxps", "doc", "docx", "odt", "rtf",
    ]

    static func expand(_ paths: [String]) -> Expanded {
        var out = Expanded()
        var seen = Set<String>()
        let fm = FileManager.default
        func add(_ path: String) {
            let key = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
            if seen.insert(key).inserted { out.files.append(path) } else { out.repeated.append(path) }
        }
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else { out.missing.append(path); continue }
            if !isDir.boolValue { add(path); continue }
            guard let walker = fm.enumerator(atPath: path) else { continue }
            var found: [String] = []
            for case let rel as String in walker {
                let name = (rel as NSString).lastPathComponent
                let full = (path as NSString).appendingPathComponent(rel)
                if name.hasPrefix(".") { continue }
                var sub: ObjCBool = false
                guard fm.fileExists(atPath: full, isDirectory: &sub), !sub.boolValue else { continue }
                let ext = (name as NSString).pathExtension.lowercased()
                if PageLoader.supportedExtensions.contains(ext) { found.append(full); continue }
                switch InputFormat.sniff(head(full)) {
                case .other:
                    if unreadableImages.contains(ext) {
                        out.unsupported.append((full, unsupportedReason(ext, .en)))
                    } else {
                        out.ignored[ext, default: 0] += 1
                    }
                default:
                    found.append(full) // an image or a PDF by its content, whatever its name
                }
            }
            for f in found.sorted() { add(f) }
        }
        return out
    }

    /// The first bytes of a file, enough to recognise its format.
    static func head(_ path: String) -> Data {
        guard let h = FileHandle(forReadingAtPath: path) else { return Data() }
        defer { try? h.close() }
        return (try? h.read(upToCount: 32)) ?? Data()
    }
}

extension Inputs {
    /// Expands the paths and names on stderr each missing path, each unreadable image found in a folder (both
    /// are failed inputs, returned as `missing` for the exit code) and, in one line, the other files skipped.
    /// Stops with exit 2 when no file is left.
    static func unsupportedReason(_ ext: String, _ lang: Lang) -> String {
        lang == .ru ? "неподдерживаемый формат (.\(ext) здесь не читается): сохраните или экспортируйте в PDF, TIFF, PNG или JPEG"
                    : "unsupported file format (.\(ext) is not read here): save or export it as PDF, TIFF, PNG or JPEG"
    }

    static func require(_ paths: [String]) throws -> (files: [String], missing: [FailedInput]) {
        let e = expand(paths)
        for m in e.missing { printError("\(m): " + L("no such file or directory", "нет такого файла или каталога")) }
        for u in e.unsupported { printError("\(u.path): " + unsupportedReason((u.path as NSString).pathExtension.lowercased(), Lang.current)) }
        if !e.repeated.isEmpty {
            printError(L("\(e.repeated.count) path(s) given more than once, read once: ", "путей указано больше одного раза (прочитаны однажды): \(e.repeated.count): ")
                       + e.repeated.joined(separator: ", "))
        }
        if !e.ignored.isEmpty {
            let kinds = e.ignored.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.isEmpty ? "without extension" : ".\($0.key)")" }
            printError(L("skipped \(e.ignored.values.reduce(0, +)) file(s) in folders that are not images or PDFs",
                         "пропущено файлов в каталогах, не изображений и не PDF: \(e.ignored.values.reduce(0, +))") + " (\(kinds.joined(separator: ", ")))")
        }
        // For programs the reasons stay English whatever the language of the messages.
        let failed = e.missing.map { FailedInput(path: $0, reason: "no such file or directory") }
            + e.unsupported.map { FailedInput(path: $0.path, reason: $0.reason) }
        guard !e.files.isEmpty else {
            if failed.isEmpty { printError(L("no supported files found", "не найдено ни одного поддерживаемого файла")) }
            throw ExitCode(ExitCodes.allInputsFailed)
        }
        return (e.files, failed)
    }
}

/// `--jobs`, shared by the commands that recognise pages.
struct WorkerOptions: ParsableArguments {
    // No default value for the parser: the number of cores would be printed into the help and the man page,
    // which must read the same on every machine.
    @Option(name: [.customShort("j"), .customLong("jobs")],
            help: ArgumentHelp(L("Worker threads, one Tesseract engine each (default: the number of cores).",
                                 "Число потоков, у каждого свой движок Tesseract (по умолчанию — число ядер)."), valueName: "jobs"))
    var requestedJobs: Int?

    var jobs: Int { requestedJobs ?? WorkerPool.defaultJobs }

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError(L("--jobs must be at least 1", "--jobs — не меньше 1")) }
    }
}
