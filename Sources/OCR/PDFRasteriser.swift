import Foundation

/// Pages of a scanned PDF through poppler-utils as subprocesses, one page at a time: each page's embedded
/// scan is extracted as it is (`pdfimages -f N -l N`, native resolution, no resampling); a page that is not
/// a single image is rendered at 300 dpi (`pdftoppm`). Memory holds one page, whatever the page count.
enum PDFRasteriser {
    static let renderDPI = 300

    /// What `pdfimages -list` says of one embedded image.
    struct EmbeddedImage { var index: Int; var width: Int; var height: Int; var ppi: Int }

    /// Opens a PDF for reading page by page: the page count, each page's size and its embedded images are
    /// listed first (small subprocesses); each page is then extracted or rendered alone when it is asked for,
    /// into a private folder, and its file removed once decoded.
    static func open(_ data: Data, source: String, timeout: TimeInterval) throws -> PageSource {
        let dir = try PrivateTemp.Directory(kind: "pdf")
        let pdf = dir.url.appendingPathComponent("in.pdf")
        guard PrivateTemp.write(data, to: pdf) else {
            throw OCRError.pdfFailed(path: source, detail: "cannot write a private temporary copy (disk full?)")
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

        // Page sizes in points, to refuse a page whose rendering would be huge before rendering it.
        var sizes: [Int: (Double, Double)] = [:]
        let sized = try run("pdfinfo", ["-f", "1", "-l", String(pageCount), pdf.path], source: source, timeout: timeout)
        for row in sized.stdout.split(separator: "\n") where row.hasPrefix("Page ") && row.contains(" size:") {
            let cols = row.split(separator: " ", omittingEmptySubsequences: true)
            if cols.count >= 6, let page = Int(cols[1]), let w = Double(cols[3]), let h = Double(cols[5]) { sizes[page] = (w, h) }
        }

        // Which pages are exactly one embedded image, at what size and resolution.
        let list = try run("pdfimages", ["-list", pdf.path], source: source, timeout: timeout)
        var imagesPerPage: [Int: [EmbeddedImage]] = [:]
        if list.status == 0 {
            var index = 0
            for row in list.stdout.split(separator: "\n").dropFirst(2) {
                let cols = row.split(separator: " ", omittingEmptySubsequences: true)
                guard cols.count >= 14, let page = Int(cols[0]) else { continue }
                if cols[2] == "image" {
                    imagesPerPage[page, default: []].append(
                        EmbeddedImage(index: index, width: Int(cols[3]) ?? 0, height: Int(cols[4]) ?? 0, ppi: Int(cols[12]) ?? 0))
                }
                index += 1
            }
        }

        return PageSource(source: source, format: .pdf, pageCount: pageCount, workspace: dir) { page in
            if let images = imagesPerPage[page], images.count == 1 {
                let image = images[0]
                try PageLoader.checkSize(width: image.width, height: image.height, source: source)
                if let loaded = try extract(pdf: pdf, page: page, dir: dir.url, source: source, timeout: timeout) {
                    return LoadedPage(source: source, page: page, image: loaded, resolution: image.ppi)
                }
            }
            if let (w, h) = sizes[page] {
                let scale = Double(renderDPI) / 72
                try PageLoader.checkSize(width: Int(w * scale), height: Int(h * scale), source: source)
            }
            return try render(pdf: pdf, page: page, dir: dir.url, source: source, timeout: timeout)
        }
    }

    /// The single embedded image of `page`, as stored (no resampling); nil when it cannot be extracted.
    private static func extract(pdf: URL, page: Int, dir: URL, source: String, timeout: TimeInterval) throws -> PageImage? {
        let prefix = dir.appendingPathComponent("img-\(page)")
        let out = try run("pdfimages", ["-png", "-j", "-f", String(page), "-l", String(page), pdf.path, prefix.path],
                          source: source, timeout: timeout)
        let files = ((try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.lastPathComponent.hasPrefix("img-\(page)-") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        defer { for f in files { try? FileManager.default.removeItem(at: f) } }
        guard out.status == 0, let first = files.first, let d = try? Data(contentsOf: first) else { return nil }
        return PageImage.decode(d)
    }

    private static func render(pdf: URL, page: Int, dir: URL, source: String, timeout: TimeInterval) throws -> LoadedPage {
        let prefix = dir.appendingPathComponent("render-\(page)")
        let r = try run("pdftoppm", ["-r", String(renderDPI), "-gray", "-png", "-singlefile",
                                     "-f", String(page), "-l", String(page), pdf.path, prefix.path],
                        source: source, timeout: timeout)
        let file = prefix.appendingPathExtension("png")
        defer { try? FileManager.default.removeItem(at: file) }
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
