import ArgumentParser
import Foundation
import OCR

/// Expands the paths given on the command line: files as they are, folders walked recursively
/// for supported extensions, sorted so that runs are reproducible.
enum Inputs {
    static func expand(_ paths: [String]) -> (files: [String], missing: [String]) {
        var files: [String] = [], missing: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else { missing.append(path); continue }
            if !isDir.boolValue { files.append(path); continue }
            guard let walker = fm.enumerator(atPath: path) else { continue }
            var found: [String] = []
            for case let rel as String in walker {
                let ext = (rel as NSString).pathExtension.lowercased()
                if PageLoader.supportedExtensions.contains(ext) {
                    found.append((path as NSString).appendingPathComponent(rel))
                }
            }
            files += found.sorted()
        }
        return (files, missing)
    }
}

extension Inputs {
    /// Expands the paths, names each missing one on stderr, and stops with exit 2 when no file is left.
    static func require(_ paths: [String]) throws -> (files: [String], missing: [String]) {
        let (files, missing) = expand(paths)
        for m in missing { printError("\(m): no such file or directory") }
        guard !files.isEmpty else {
            if missing.isEmpty { printError("no supported files found") }
            throw ExitCode(ExitCodes.allInputsFailed)
        }
        return (files, missing)
    }
}

/// `--jobs`, shared by the commands that recognise pages.
struct WorkerOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Worker threads, one Tesseract engine each (default: number of cores).")
    var jobs: Int = WorkerPool.defaultJobs

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }
}
