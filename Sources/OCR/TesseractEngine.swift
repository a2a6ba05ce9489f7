import CTesseract
import Foundation
import IntakeModel

/// Page segmentation modes used by the pipeline.
public enum SegmentationMode: Int32, Sendable {
    /// Fully automatic layout analysis (columns, blocks).
    case auto = 3
    /// One column of text of variable sizes.
    case singleColumn = 4
    /// One uniform block of text.
    case singleBlock = 6
    /// One text line (field zones).
    case singleLine = 7
    /// One word (an e-mail address).
    case singleWord = 8
    /// As much text as possible in no particular order.
    case sparse = 11
}

/// One Tesseract instance. Not thread-safe: use one per worker thread and reuse it across pages.
public final class TesseractEngine {
    public let language: String
    let handle: OpaquePointer
    public let info: EngineInfo

    /// Starts Tesseract with the LSTM engine for `language` (`rus`, `eng`, `rus+eng`).
    /// `variables` are init-only parameters, e.g. `user_words_file`.
    public init(language: String = "rus", variables: [String: String] = [:]) throws {
        LeptonicaQuiet.ensure()
        let langs = language.split(separator: "+").map(String.init)
        var models: [String: String] = [:]
        var dataDir: String?
        for lang in langs {
            let path = try TessData.modelPath(lang)
            dataDir = dataDir ?? (path as NSString).deletingLastPathComponent
            models[lang] = try TessData.checksum(lang)
        }
        guard let h = TessBaseAPICreate() else {
            throw OCRError.engineInit(language: language, detail: "TessBaseAPICreate returned nil")
        }
        var vars = [
            "debug_file": "/dev/null", // no "Estimating resolution" chatter on stderr
            // Tesseract 5 re-reads every unsure line inverted (white on black); printed forms have
            // none, and it costs ~15% of the page time.
            "tessedit_do_invert": "0",
            // The fixed-pitch test runs a dynamic programme over every row's character cells
            // (2% of a page's CPU); the LSTM read the same text without it (seed 1603, 60 pages
            // of varied fonts, monospace included, and 20 pages of seed 1503: identical fields and
            // statuses).
            "textord_disable_pitch_test": "1",
            // Tesseract's table finder (column partitions searched for tables) only shapes the blocks
            // of the layout; the forms' tables are found by their lines in preparation. Off: the same
            // fields and boxes on 118 pages (seeds 2203 and 2517, tables, poor scans), 3-6% less CPU
            // on clean and scan pages.
            "textord_tabfind_find_tables": "0",
        ]
        vars.merge(variables) { _, new in new }
        // For measurements: PFDO_TESSERACT_VARS="name=value,name=value" sets Tesseract
        // parameters on every engine (e.g. to try a textord setting on a corpus).
        for pair in (ProcessInfo.processInfo.environment["PFDO_TESSERACT_VARS"] ?? "").split(separator: ",") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2 { vars[kv[0]] = kv[1] }
        }
        let names = vars.keys.sorted()
        let values = names.map { vars[$0]! }
        let status: Int32 = withCStrings(names) { np in
            withCStrings(values) { vp in
                TessBaseAPIInit4(h, dataDir, language, OEM_LSTM_ONLY, nil, 0, np, vp, names.count, 0)
            }
        }
        guard status == 0 else {
            TessBaseAPIDelete(h)
            throw OCRError.engineInit(language: language, detail: "TessBaseAPIInit returned \(status)")
        }
        handle = h
        self.language = language
        info = EngineInfo(tesseract: TessData.tesseractVersion, models: models)
    }

    deinit { TessBaseAPIDelete(handle) }

    /// Sets a run-time parameter (e.g. `tessedit_char_whitelist`). Returns false for unknown names.
    @discardableResult
    public func set(_ name: String, _ value: String) -> Bool {
        TessBaseAPISetVariable(handle, name, value) != 0
    }

    /// Recognises `image` (or only `region` of it) and returns lines of words with boxes in image pixels.
    ///
    /// A region is cut out first and the cut-out recognised: Tesseract copies the whole image it is
    /// given, and a page's zone re-reads (a dozen small regions of a 2480 × 3508 page) paid that copy
    /// each time. Tesseract recognises only the rectangle anyway (thresholds included), so the words
    /// are the same; their boxes are moved back into the page's coordinates.
    public func recognize(_ image: PageImage, dpi: Int, mode: SegmentationMode = .auto,
                          region: IntakeModel.Box? = nil) throws -> [OCRLine] {
        if let r = region, TesseractEngine.cropRegions {
            guard let (cut, at) = Self.cutOut(image, r) else { return [] }
            return try recognize(cut, dpi: dpi, mode: mode).map { line in
                OCRLine(words: line.words.map { OCRWord(text: $0.text, confidence: $0.confidence, box: $0.box.offset(dx: at.x, dy: at.y)) },
                        box: line.box.offset(dx: at.x, dy: at.y))
            }
        }
        return try recognizeWholeImage(image, dpi: dpi, mode: mode, region: region)
    }

    /// `recognize` with the whole image given to Tesseract and the region as its rectangle.
    func recognizeWholeImage(_ image: PageImage, dpi: Int, mode: SegmentationMode, region: IntakeModel.Box?) throws -> [OCRLine] {
        defer { TessBaseAPIClear(handle) }
        guard let it = try start(image, dpi: dpi, mode: mode, region: region, what: "page") else { return [] }
        defer { TessResultIteratorDelete(it) }
        let pageIt = TessResultIteratorGetPageIterator(it)

        var lines: [OCRLine] = []
        var current: [OCRWord] = []
        repeat {
            if TessPageIteratorIsAtBeginningOf(pageIt, RIL_TEXTLINE) != 0, !current.isEmpty {
                lines.append(OCRLine(words: current))
                current = []
            }
            guard let cText = TessResultIteratorGetUTF8Text(it, RIL_WORD) else { continue }
            let text = String(cString: cText)
            TessDeleteText(cText)
            if text.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            var l: Int32 = 0, t: Int32 = 0, r: Int32 = 0, b: Int32 = 0
            TessPageIteratorBoundingBox(pageIt, RIL_WORD, &l, &t, &r, &b)
            let conf = Double(TessResultIteratorConfidence(it, RIL_WORD)) / 100
            current.append(OCRWord(text: text, confidence: max(0, min(1, conf)),
                                   box: IntakeModel.Box(x: Int(l), y: Int(t), width: Int(r - l), height: Int(b - t))))
        } while TessResultIteratorNext(it, RIL_WORD) != 0
        if !current.isEmpty { lines.append(OCRLine(words: current)) }
        return lines
    }
}

extension TesseractEngine {
    /// PFDO_CROP_REGIONS=0 gives Tesseract the whole image and the region as its rectangle (for measurements).
    static let cropRegions = ProcessInfo.processInfo.environment["PFDO_CROP_REGIONS"] != "0"

    /// The part of `image` inside `region` and where it starts on the image; nil when none is.
    static func cutOut(_ image: PageImage, _ region: IntakeModel.Box) -> (PageImage, IntakeModel.Box)? {
        let r = image.clipped(region)
        guard !r.isEmpty, let cut = image.crop((r.x, r.y, r.width, r.height)) else { return nil }
        return (cut, r)
    }

    /// Sets the image, its resolution, the mode and the region, recognises, and returns the result
    /// iterator (nil: nothing recognised). The caller clears the engine when done with it.
    func start(_ image: PageImage, dpi: Int, mode: SegmentationMode, region: IntakeModel.Box?, what: String) throws -> OpaquePointer? {
        TessBaseAPISetPageSegMode(handle, TessPageSegMode(UInt32(mode.rawValue)))
        TessBaseAPISetImage2(handle, image.pix)
        TessBaseAPISetSourceResolution(handle, Int32(dpi))
        if let r = region {
            TessBaseAPISetRectangle(handle, Int32(r.x), Int32(r.y), Int32(r.width), Int32(r.height))
        }
        guard TessBaseAPIRecognize(handle, nil) == 0 else {
            throw OCRError.recognitionFailed(detail: "Tesseract could not recognise the \(what)")
        }
        return TessBaseAPIGetIterator(handle)
    }

    /// Recognises `region` of `image` as one line and returns its characters, each with the
    /// engine's other candidates (the choice iterator; `lstm_choice_mode` 2 gives the LSTM's
    /// per-character alternatives). Spaces between words come back as " " with no alternatives.
    public func recognizeChoices(_ image: PageImage, dpi: Int, region: IntakeModel.Box) throws -> [CharChoice] {
        if TesseractEngine.cropRegions {
            guard let (cut, _) = Self.cutOut(image, region) else { return [] }
            return try recognizeChoicesWholeImage(cut, dpi: dpi, region: nil)
        }
        return try recognizeChoicesWholeImage(image, dpi: dpi, region: region)
    }

    /// `recognizeChoices` with the whole image given to Tesseract and the region (if any) as its rectangle.
    func recognizeChoicesWholeImage(_ image: PageImage, dpi: Int, region: IntakeModel.Box?) throws -> [CharChoice] {
        set("lstm_choice_mode", "2")
        defer { set("lstm_choice_mode", "0") }
        defer { TessBaseAPIClear(handle) }
        guard let it = try start(image, dpi: dpi, mode: .singleLine, region: region, what: "zone") else { return [] }
        defer { TessResultIteratorDelete(it) }
        let pageIt = TessResultIteratorGetPageIterator(it)
        var out: [CharChoice] = []
        repeat {
            if TessPageIteratorIsAtBeginningOf(pageIt, RIL_WORD) != 0, !out.isEmpty { out.append(CharChoice(text: " ", confidence: 1)) }
            guard let cText = TessResultIteratorGetUTF8Text(it, RIL_SYMBOL) else { continue }
            let text = String(cString: cText)
            TessDeleteText(cText)
            var best = CharChoice(text: text, confidence: Double(TessResultIteratorConfidence(it, RIL_SYMBOL)) / 100)
            if let ch = TessResultIteratorGetChoiceIterator(it) {
                var first = true
                repeat {
                    guard let t = TessChoiceIteratorGetUTF8Text(ch) else { continue }
                    let alt = CharChoice.Alternative(text: String(cString: t), confidence: Double(TessChoiceIteratorConfidence(ch)) / 100)
                    if first, alt.text == text { best.confidence = alt.confidence } else if alt.text != text { best.alternatives.append(alt) }
                    first = false
                } while TessChoiceIteratorNext(ch) != 0
                TessChoiceIteratorDelete(ch)
            }
            best.confidence = max(0, min(1, best.confidence))
            best.alternatives.sort { $0.confidence > $1.confidence }
            out.append(best)
        } while TessResultIteratorNext(it, RIL_SYMBOL) != 0
        return out
    }
}

/// Calls `body` with a NULL-terminated C array of copies of `strings`.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    var ptrs: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
    defer { ptrs.forEach { free($0) } }
    return ptrs.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
}
