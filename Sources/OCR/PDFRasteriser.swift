import Foundation

/// Pages of a scanned PDF through poppler-utils as subprocesses: each page's embedded scan is
/// extracted as it is (`pdfimages`, native resolution, no resampling); a page that is not a
/// single image is rendered at 300 dpi (`pdftoppm`).
enum PDFRasteriser {
    static let renderDPI = 300

    static func pages(of data: Data, source: String, timeout: TimeInterval) throws -> [LoadedPage] {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("pfdo-pdf-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pdf = dir.appendingPathComponent("in.pdf")
        do { try data.write(to: pdf) } catch {
            throw OCRError.pdfFailed(path: source, detail: "cannot write a temporary copy")
        }

        let info = try run("pdfinfo", [pdf.path], source: source, timeout: timeout)
        guard info.status == 0 else {
            if info.stderr.contains("page count 0") || info.stderr.contains("No pages") { throw OCRError.noPages(path: source) }
            throw OCRError.pdfFailed(path: source, detail: firstLine(info.stderr) ?? "pdfinfo exit \(info.status)")
        }
        let pageCount = info.stdout.split(separator: "\n")
            .first { $0.hasPrefix("Pages:") }
            .flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) } ?? 0
        guard pageCount > 0 else { throw OCRError.noPages(path: source) }

        // Which pages are exactly one embedded image, and at what resolution.
        let list = try run("pdfimages", ["-list", pdf.path], source: source, timeout: timeout)
        var imagesPerPage: [Int: [(index: Int, ppi: Int)]] = [:]
        if list.status == 0 {
            var index = 0
            for row in list.stdout.split(separator: "\n").dropFirst(2) {
                let cols = row.split(separator: " ", omittingEmptySubsequences: true)
                guard cols.count >= 14, let page = Int(cols[0]) else { continue }
                if cols[2] == "image" {
                    imagesPerPage[page, default: []].append((index, Int(cols[12]) ?? 0))
                }
                index += 1
            }
        }
        var extracted: [URL] = []
        if !imagesPerPage.isEmpty {
            let out = try run("pdfimages", ["-png", "-j", pdf.path, dir.appendingPathComponent("img").path],
                              source: source, timeout: timeout)
            if out.status == 0 {
                extracted = ((try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? [])
                    .filter { $0.lastPathComponent.hasPrefix("img-") }
                    .sorted { $0.lastPathComponent < $1.lastPathComponent }
            }
        }

        var pages: [LoadedPage] = []
        for page in 1...pageCount {
            if let images = imagesPerPage[page], images.count == 1, images[0].index < extracted.count,
               let d = try? Data(contentsOf: extracted[images[0].index]), let image = PageImage.decode(d) {
                pages.append(LoadedPage(source: source, page: page, image: image, resolution: images[0].ppi))
                continue
            }
            pages.append(try render(pdf: pdf, page: page, dir: dir, source: source, timeout: timeout))
        }
        return pages
    }

    private static func render(pdf: URL, page: Int, dir: URL, source: String, timeout: TimeInterval) throws -> LoadedPage {
        let prefix = dir.appendingPathComponent("render-\(page)")
        let r = try run("pdftoppm", ["-r", String(renderDPI), "-gray", "-png", "-singlefile",
                                     "-f", String(page), "-l", String(page), pdf.path, prefix.path],
                        source: source, timeout: timeout)
        let file = prefix.appendingPathExtension("png")
        guard r.status == 0, let d = try? Data(contentsOf: file), let image = PageImage.decode(d) else {
            throw OCRError.pdfFailed(path: source, detail: "page \(page) cannot be rendered" + (firstLine(r.stderr).map { ": \($0)" } ?? ""))
        }
        return LoadedPage(source: source, page: page, image: image, resolution: renderDPI)
    }

    /// The line that says what went wrong: poppler's first "Error" line, else its first line.
    private static func firstLine(_ s: String) -> String? {
        let lines = s.split(separator: "\n")
        return (lines.first { $0.contains("Error") } ?? lines.first).map { String($0.prefix(160)) }
    }

    struct Output { var status: Int32; var stdout: String; var stderr: String }

    /// Runs a poppler tool with a time limit. A missing tool is an error that names the package.
    static func run(_ tool: String, _ args: [String], source: String, timeout: TimeInterval) throws -> Output {
        guard let exe = findExecutable(tool) else {
            throw OCRError.pdfFailed(path: source, detail: "\(tool) not found; install it with: apt-get install -y poppler-utils")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        let outPipe = Pipe(), errPipe = Pipe()
        p.standardOutput = outPipe
        p.standardError = errPipe
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch {
            throw OCRError.pdfFailed(path: source, detail: "cannot start \(tool)")
        }
        // Drain both pipes while waiting so a chatty tool cannot block on a full pipe.
        let outBox = DataBox(), errBox = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outBox.data = outPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errBox.data = errPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning {
            if Date() > deadline {
                p.terminate()
                p.waitUntilExit()
                throw OCRError.pdfFailed(path: source, detail: "\(tool) took longer than \(Int(timeout)) s")
            }
            usleep(2_000)
        }
        group.wait()
        return Output(status: p.terminationStatus,
                      stdout: String(decoding: outBox.data, as: UTF8.self),
                      stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// A pipe's collected output, filled by one reader thread and read after it finished.
private final class DataBox: @unchecked Sendable { var data = Data() }
