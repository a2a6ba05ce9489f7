import ArgumentParser
import Foundation
import OCR

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check that Tesseract, its Russian and English models and poppler-utils are installed.",
        discussion: "Prints versions, paths and model checksums. Exits with 3 and names the fix when something is missing."
    )

    func run() throws {
        var problems: [String] = []
        print("tesseract  \(TessData.tesseractVersion)")
        print("leptonica  \(TessData.leptonicaVersion)")
        print("OMP_THREAD_LIMIT=\(ProcessInfo.processInfo.environment["OMP_THREAD_LIMIT"] ?? "unset")")
        for (lang, package, purpose) in [("rus", "tesseract-ocr-rus", "form text"), ("eng", "tesseract-ocr-eng", "e-mail addresses")] {
            do {
                let path = try TessData.modelPath(lang)
                let sum = try TessData.checksum(lang)
                _ = try TesseractEngine(language: lang)
                print("model \(lang)  \(path)  sha256 \(sum)  (\(purpose))")
            } catch {
                print("model \(lang)  MISSING (\(purpose))")
                problems.append("the '\(lang)' model is missing or broken: apt-get install -y \(package)")
            }
        }
        for tool in ["pdfinfo", "pdfimages", "pdftoppm"] {
            if let path = which(tool) {
                print("tool \(tool)  \(path)")
            } else {
                print("tool \(tool)  MISSING")
                problems.append("\(tool) is missing (needed for PDF input): apt-get install -y poppler-utils")
            }
        }
        if problems.isEmpty {
            print("ok")
        } else {
            for p in problems { printError(p) }
            throw ExitCode(ExitCodes.environment)
        }
    }

    private func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
