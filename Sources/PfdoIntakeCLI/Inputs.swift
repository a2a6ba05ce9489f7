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
