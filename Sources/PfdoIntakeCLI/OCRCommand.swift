import ArgumentParser
import Foundation
import IntakeModel
import OCR

struct OCRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocr",
        abstract: L("Print the recognised text of scanned pages.", "Напечатать распознанный текст сканов."),
        discussion: L("""
        Reads PNG, JPEG, TIFF (multi-page too) and PDF files (scanned pages are taken out of the PDF \
        as they are; other pages are rendered at 300 dpi). Each page is made upright, deskewed, \
        cleaned and binarised before recognition with Tesseract's Russian model.

        Formats:
          text  the text of each page, after a "==> FILE [page N] <==" header
          tsv   one row per word: source, page, line, word, left, top, width,
                height, confidence, text
          json  {schema_version, pages: [{source, page, width, height,
                preparation, engine, lines: [{text, box, confidence,
                words: [{text, box, confidence}]}]}], failed: [{path, reason}]}
                boxes are [x, y, width, height] in pixels of the prepared page
                (upright, deskewed, 300 dpi)

        A file that cannot be read is reported on stderr with the reason; the others are processed.
        """, """
        Читает файлы PNG, JPEG, TIFF (и многостраничные) и PDF (отсканированные страницы берутся из \
        PDF как есть, остальные отрисовываются в 300 dpi). Каждая страница поворачивается, \
        выпрямляется, очищается и переводится в чёрно-белую перед распознаванием русской моделью \
        Tesseract.

        Форматы:
          text  текст каждой страницы после заголовка "==> ФАЙЛ [page N] <=="
          tsv   строка на слово: source, page, line, word, left, top, width,
                height, confidence, text
          json  {schema_version, pages: [{source, page, width, height,
                preparation, engine, lines: [{text, box, confidence,
                words: [{text, box, confidence}]}]}], failed: [{path, reason}]}
                рамки — [x, y, ширина, высота] в пикселях подготовленной
                страницы (выпрямленной, 300 dpi)

        Файл, который не удалось прочитать, называется в stderr с причиной; остальные обрабатываются.
        """)
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, tsv, json }

    @Argument(help: ArgumentHelp(L("Files or folders to read (folders are searched for .png .jpg .tif .pdf).",
                                   "Файлы или каталоги (в каталогах ищутся .png .jpg .tif .pdf).")))
    var paths: [String]

    @Option(help: ArgumentHelp(L("Output format: text, tsv or json.", "Формат вывода: text, tsv или json.")))
    var format: Format = .text

    @OptionGroup var workers: WorkerOptions

    @Option(help: ArgumentHelp(L("Tesseract language model(s), e.g. rus, eng, rus+eng.", "Модели языков Tesseract, например rus, eng, rus+eng.")))
    var lang: String = "rus"

    @Option(help: ArgumentHelp(L("Write each prepared (binarised) page as PNG into this folder, to see what the engine read.",
                                 "Сохранить каждую подготовленную (чёрно-белую) страницу в PNG в этот каталог, чтобы видеть, что читал движок."),
                               valueName: "dir"))
    var savePrepared: String?


    func run() throws {
        let (files, missing) = try Inputs.require(paths)
        var failures = missing.count
        let total = files.count + missing.count
        let results: [Result<[OCRPage], OCRError>]
        do {
            results = try WorkerPool.run(files, jobs: workers.jobs, makeWorker: { try Recognizer(language: lang) }) { recognizer, file in
                Result {
                    try PageLoader.load(path: file).map { loaded in
                        let page = try recognizer.recognize(loaded)
                        if let dir = savePrepared { savePreparedImage(page, dir: dir) }
                        return page.ocr
                    }
                }
                    .mapError { $0 as? OCRError ?? .recognitionFailed(detail: "\($0)") }
            }
        } catch {
            printError(describe(error))
            throw ExitCode(ExitCodes.environment)
        }
        var pages: [OCRPage] = []
        var failed = missing
        for r in results {
            switch r {
            case let .success(p): pages += p
            case let .failure(e):
                printError(e.description)
                failed.append(FailedInput.from(e.description, paths: files))
                failures += 1
            }
        }
        print(render(pages, failed: failed), terminator: "")
        let code = ExitCodes.forFailures(failures, of: total)
        if code != 0 { throw ExitCode(code) }
    }

    private func savePreparedImage(_ page: RecognizedPage, dir: String) {
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let name = ((page.ocr.source as NSString).lastPathComponent as NSString).deletingPathExtension
        let url = URL(fileURLWithPath: dir).appendingPathComponent("\(name)-p\(page.ocr.page).png")
        try? page.prepared.binary.pngData()?.write(to: url)
    }

    private func render(_ pages: [OCRPage], failed: [FailedInput]) -> String {
        switch format {
        case .text:
            return pages.map { "==> \($0.source) [page \($0.page)] <==\n" + $0.text + "\n" }.joined(separator: "\n")
        case .tsv:
            var out = "source\tpage\tline\tword\tleft\ttop\twidth\theight\tconfidence\ttext\n"
            for p in pages {
                for (li, line) in p.lines.enumerated() {
                    for (wi, w) in line.words.enumerated() {
                        out += "\(p.source)\t\(p.page)\t\(li + 1)\t\(wi + 1)\t\(w.box.x)\t\(w.box.y)\t\(w.box.width)\t\(w.box.height)\t"
                        out += String(format: "%.3f", w.confidence) + "\t\(w.text)\n"
                    }
                }
            }
            return out
        case .json:
            return MachineJSON.encode(PagesOutput(pages: pages.map(OCRPageJSON.init), failed: failed)) + "\n"
        }
    }
}

/// The `ocr --format json` shape: lines carry their text and confidence explicitly.
struct OCRPageJSON: Encodable {
    struct Line: Encodable {
        var text: String
        var box: Box
        var confidence: Double
        var words: [OCRWord]
    }
    var source: String
    var page: Int
    var width: Int
    var height: Int
    var preparation: Preparation
    var engine: EngineInfo
    var language: String
    var rules: [Box]
    var lines: [Line]

    init(_ p: OCRPage) {
        source = p.source; page = p.page; width = p.width; height = p.height
        preparation = p.preparation; engine = p.engine; language = p.language; rules = p.rules
        lines = p.lines.map { Line(text: $0.text, box: $0.box, confidence: ($0.confidence * 1000).rounded() / 1000, words: $0.words) }
    }
}

