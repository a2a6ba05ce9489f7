import Foundation
import IntakeModel

/// A page after recognition, with the prepared images kept for zone re-reads and crops.
public struct RecognizedPage: @unchecked Sendable {
    public var ocr: OCRPage
    public let prepared: PreparedPage
    /// Nothing to read: the page is (nearly) free of ink.
    public let isBlank: Bool
    /// Other readings of a weak page (another binarisation), for per-field comparison.
    public var alternates: [RecognizedPage] = []
    /// Which path the page took and how much of it was recognised (`extract --explain`).
    public var report = ReadingReport(path: "whole page")
    /// The page's skeleton lines with their ink profiles, when the reading is of the page as
    /// prepared (not turned): what a layout model is made of.
    public var layoutLines: [ProfiledLine]? = nil
    /// Regions painted out before the page was read (legal paragraphs' inner lines).
    public var unread: [IntakeModel.Box] = []
    /// The index, in the models passed to `recognize`, of the layout whose words were reused.
    public var layoutUsed: Int? = nil
}


extension RecognizedPage {
    /// The page with `lines` (read apart, e.g. paragraph openings) added in top-to-bottom order.
    func adding(_ lines: [OCRLine]) -> RecognizedPage {
        guard !lines.isEmpty else { return self }
        var out = self
        var ocr = self.ocr
        ocr.lines = (ocr.lines + lines).sorted { ($0.box.y, $0.box.x) < ($1.box.y, $1.box.x) }
        out.ocr = ocr
        return out
    }
}

/// Load → prepare → recognise for one worker. Owns its engines; not thread-safe (one per worker).
public final class Recognizer {
    public let engine: TesseractEngine
    private var latin: TesseractEngine?
    private var choices: TesseractEngine?
    private var third: TesseractEngine?
    private var thirdUnavailable = false
    /// The engine for layout analysis and paragraph probes, kept apart from `engine` so that the
    /// readings of the page and its zones are exactly those of the whole-page path.
    private var locatorEngine: TesseractEngine?
    private let variables: [String: String]
    public let segmentation: SegmentationMode

    /// Below this share of dark pixels a page is blank (scanner noise only).
    public static let blankInk = 0.0015

    public init(language: String = "rus", segmentation: SegmentationMode = .singleBlock,
                variables: [String: String] = [:]) throws {
        var vars = variables
        if language.hasPrefix("rus"), let dir = TrainingData.directory {
            vars["user_words_file"] = vars["user_words_file"] ?? "\(dir)/rus.user-words"
            vars["user_patterns_file"] = vars["user_patterns_file"] ?? "\(dir)/rus.user-patterns"
        }
        engine = try TesseractEngine(language: language, variables: vars)
        self.variables = vars
        self.segmentation = segmentation
    }

    public var info: EngineInfo { engine.info }

    /// Recognises one loaded page, finding its orientation (upright, 90°, 180°, 270°). With a
    /// `planner`, a form's legal paragraphs are recognised as such from their opening words and
    /// their inner lines are not read (see `locate`); without one, or when nothing is to be
    /// skipped, the whole page is read.
    /// `weakZones` is asked, for a weak page, where its fields are (nil: not all were found);
    /// only those zones are read again.
    /// `layouts`: pages read before whose layout a matching page reuses (see `LayoutModel`); the
    /// first whose skeleton matches and whose probe line reads the same is taken.
    public func recognize(_ page: LoadedPage, planner: ReadingPlanner? = nil,
                          weakZones: ((RecognizedPage) -> WeakZones?)? = nil,
                          layouts: [LayoutModel] = []) throws -> RecognizedPage {
        let t0 = Date(), cpu0 = Recognizer.threadCPU()
        defer {
            if Recognizer.timing {
                FileHandle.standardError.write(Data(String(format: "timing: page total %.3f s (CPU %.3f s)\n", Date().timeIntervalSince(t0),
                                                           Recognizer.threadCPU() - cpu0).utf8))
            }
        }
        let landscape = page.image.width > page.image.height * 23 / 20
        let prepared = Preparer.prepare(page, rotation: landscape ? 90 : 0)
        if Recognizer.timing {
            FileHandle.standardError.write(Data(String(format: "timing: prepare %.3f s\n", Date().timeIntervalSince(t0)).utf8))
        }
        if prepared.ink < Recognizer.blankInk {
            return RecognizedPage(ocr: makePage(page, prepared, lines: []), prepared: prepared, isBlank: true)
        }
        let profiled = planner == nil ? nil : prepared.binary.profiledLines()
        if let profiled, let (index, plan, reading) = try reuse(page, prepared, lines: profiled, layouts: layouts) {
            var best = reading
            best.layoutLines = profiled
            best.layoutUsed = index
            best.report = ReadingReport(path: String(format: "layout reused: %d of %d lines matched a page read before, %d parts carried over, 1 probe line agreed",
                                                     plan.matchedLines, plan.lines, plan.carried.count),
                                        regionsRead: 1, linesSkipped: plan.carried.count, areaShare: plan.areaShare)
            return try weakReadings(page, prepared, best, blank: plan.reused, standIns: plan.carried, weakZones: weakZones)
        }
        var mask = planner.flatMap { locate(prepared, planner: $0) }
        var best = try read(page, prepared, image: mask.flatMap { prepared.binary.blanking($0.regions) })
        if let mask { best = best.adding(mask.openings) }
        best.layoutLines = profiled
        if !Recognizer.looksUpright(best.ocr), mask != nil || Recognizer.textScore(best.ocr) < Recognizer.clearlyUprightWords {
            let turnedPage = Preparer.rotated(prepared, by: 180)
            if try turnedBandReadsBetter(turnedPage, than: best) {
                // Upside down (or the other quarter turn of a landscape page): keep the reading that looks most like text.
                let turned = try read(page, turnedPage)
                if mask != nil || Recognizer.textScore(turned.ocr) > Recognizer.textScore(best.ocr) {
                    // A masked reading that does not look upright is read again whole.
                    let whole = mask == nil ? best : try read(page, prepared)
                    best = Recognizer.textScore(turned.ocr) > Recognizer.textScore(whole.ocr) ? turned : whole
                    if Recognizer.textScore(turned.ocr) <= Recognizer.textScore(whole.ocr) { best.layoutLines = profiled }
                    mask = nil
                }
            } else if mask != nil {
                // A masked reading that does not look upright is read again whole (upright, as
                // the turned band told).
                best = try read(page, prepared)
                best.layoutLines = profiled
                mask = nil
            }
        }
        let blank = mask?.regions ?? []
        best.unread = blank
        best.report = mask.map { ReadingReport(path: "form-aware: \($0.skipped.count) inner lines of legal paragraphs skipped",
                                               regionsRead: 1 + $0.probes.count, linesSkipped: $0.skipped.count, areaShare: $0.areaShare) }
            ?? ReadingReport(path: planner == nil ? "whole page" : "whole page (no legal paragraph recognised)", regionsRead: 1)
        return try weakReadings(page, prepared, best, blank: blank, standIns: mask?.openings ?? [], weakZones: weakZones)
    }

    /// A page read with a layout model: the model's words for the parts of lines whose ink is
    /// the model's, the rest (and one probe line) recognised. Nil when no model's skeleton matches,
    /// the probe reads differently, or the reading does not look upright.
    private func reuse(_ page: LoadedPage, _ prepared: PreparedPage, lines: [ProfiledLine],
                       layouts: [LayoutModel]) throws -> (Int, ReusePlan, RecognizedPage)? {
        for (index, model) in layouts.enumerated() {
            guard let plan = model.plan(for: lines), let probe = plan.probe,
                  let image = prepared.binary.blanking(plan.reused) else { continue }
            let reading = try read(page, prepared, image: image)
            let probeRead = reading.ocr.words.filter { w in
                w.box.midX >= probe.x && w.box.midX < probe.maxX && w.box.midY >= probe.y && w.box.midY < probe.maxY
            }
                .map(\.text).joined(separator: " ")
            guard LayoutProbe.agrees(probeRead, plan.probeText) else {
                if Recognizer.timing { FileHandle.standardError.write(Data("timing: layout probe disagreed\n".utf8)) }
                LayoutModel.note("the probe line reads differently")
                return nil
            }
            var spliced = reading
            spliced.ocr = reading.ocr.splicing(plan.carried)
            guard Recognizer.looksUpright(spliced.ocr) else { LayoutModel.note("the reading with the model's words does not look upright"); return nil }
            return (index, plan, spliced)
        }
        return nil
    }

    /// A reading that does not look upright is either of a page upside down or of a weak page
    /// (blur, faint toner: few confident words either way). Reading the whole page turned costs a
    /// whole reading, so the middle third of the turned page is read first (a 180° turn maps that
    /// band onto itself): only when it holds more confident words than the same band of the
    /// upright reading is the whole turned page read and compared.
    private func turnedBandReadsBetter(_ turnedPage: PreparedPage, than upright: RecognizedPage) throws -> Bool {
        let h = turnedPage.binary.height
        let band = IntakeModel.Box(x: 0, y: h / 3, width: turnedPage.binary.width, height: h / 3)
        guard let crop = turnedPage.binary.crop((band.x, band.y, band.width, band.height)) else { return true }
        let turned = try engine.recognize(crop, dpi: turnedPage.preparation.dpi, mode: segmentation)
        let turnedWords = turned.flatMap(\.words)
        let inBand = upright.ocr.words.filter { $0.box.midY >= band.y && $0.box.midY < band.maxY }
        let (turnedScore, uprightScore) = (Recognizer.textScore(turnedWords), Recognizer.textScore(inBand))
        if Recognizer.timing {
            FileHandle.standardError.write(Data("timing: turned band \(turnedScore) confident words, upright \(uprightScore) (\(turnedWords.count) and \(inBand.count) words)\n".utf8))
        }
        return turnedScore > uprightScore
    }

    /// A weak reading (mean confidence below `weakPage`) read again in other preparations; `blank`
    /// regions are painted out of every reading and `standIns` take their place.
    private func weakReadings(_ page: LoadedPage, _ prepared: PreparedPage, _ first: RecognizedPage, blank: [IntakeModel.Box],
                              standIns: [OCRLine], weakZones: ((RecognizedPage) -> WeakZones?)?) throws -> RecognizedPage {
        var best = first
        // Another reading of the page in `prep`: only the field bands `zones` when the caller located
        // them all (spliced into the best reading so far), else the whole page.
        func again(_ prep: PreparedPage, _ image: PageImage, in zones: WeakZones?) throws -> RecognizedPage {
            let outside = zones.map { blank + $0.outside(width: prepared.grey.width, height: best.prepared.grey.height) } ?? blank
            var r = try read(page, prep, image: outside.isEmpty ? image : image.blanking(outside))
            if let zones {
                r = RecognizedPage(ocr: zones.splice(best.ocr, with: r.ocr), prepared: r.prepared, isBlank: false)
            } else if best.layoutUsed != nil {
                r.ocr = r.ocr.splicing(standIns)
            } else {
                r = r.adding(standIns)
            }
            r.report = best.report
            r.layoutLines = best.layoutLines
            r.layoutUsed = best.layoutUsed
            r.unread = best.unread
            return r
        }
        func share(_ zones: WeakZones?) -> Double { zones.map { $0.share(ofHeight: prepared.grey.height) } ?? best.report.areaShare }
        func what(_ zones: WeakZones?) -> String {
            zones.map { String(format: "%d field band(s), %.0f%% of the page height", $0.bands.count, $0.share(ofHeight: prepared.grey.height) * 100) }
                ?? "the whole page"
        }
        /// The reading with the better text score becomes the best one, the other its alternate.
        func keepBetter(_ other: RecognizedPage) {
            if Recognizer.textScore(other.ocr) > Recognizer.textScore(best.ocr) {
                var o = other
                o.alternates = [best]
                best = o
            } else {
                best.alternates = [other]
            }
        }
        if best.ocr.meanConfidence < Recognizer.weakPage {
            // Weak reading (blur, low resolution): faint strokes break up at the usual threshold.
            // Read again at a tolerant threshold and on the grey image: only the weak zones (the
            // rows of the fields) when the caller located them all, else the whole page.
            let zones = weakZones?(best)
            let rebinarised = Preparer.rebinarised(best.prepared, threshold: Recognizer.tolerantThreshold)
            let tolerant = try again(rebinarised, rebinarised.binary, in: zones)
            // Fields the first reading lost are often found in the tolerant one: then the grey
            // reading needs only their bands, not the whole page again.
            let greyZones = zones ?? weakZones?(tolerant)
            var extra = share(zones)
            keepBetter(tolerant)
            best.report.extraReadings = ["tolerant threshold: \(what(zones))"]
            // A third, independent reading: the grey image (blurred strokes keep their grey levels).
            if Recognizer.readGrey {
                best.alternates.append(try again(best.prepared, best.prepared.lineFree, in: greyZones))
                best.report.extraReadings.append("grey image: \(what(greyZones))")
                extra += share(greyZones)
            }
            best.report.areaShare += extra
        } else if best.ocr.meanConfidence < Recognizer.marginalPage, Recognizer.readGrey {
            // A marginal reading (a thin serif face scanned at 240 dpi, read 0.87: "Трельякова",
            // "\аксимовна" for "Третьякова Максимовна", seed 2507) loses strokes to the threshold that
            // the grey image keeps: the grey image is read too, the zones only when all were found.
            let zones = weakZones?(best)
            let extra = share(zones)
            keepBetter(try again(best.prepared, best.prepared.lineFree, in: zones))
            best.report.extraReadings = ["grey image: \(what(zones)) (marginal page)"]
            best.report.areaShare += extra
        }
        return best
    }

    /// Mean word confidence below which a page is read a second time with a tolerant threshold.
    /// PFDO_WEAK_PAGE overrides it (for measurements).
    public static let weakPage = ProcessInfo.processInfo.environment["PFDO_WEAK_PAGE"].flatMap(Double.init) ?? 0.85
    /// Mean word confidence below which a page that is not weak is read once more, on the grey
    /// image only. PFDO_MARGINAL_PAGE overrides it (0 turns the extra reading off).
    public static let marginalPage = ProcessInfo.processInfo.environment["PFDO_MARGINAL_PAGE"].flatMap(Double.init) ?? 0.90
    public static let tolerantThreshold = 195

    /// PFDO_READ_GREY=0 leaves out the grey reading of weak pages (for measurements).
    static let readGrey = ProcessInfo.processInfo.environment["PFDO_READ_GREY"] != "0"

    /// CPU time of the calling thread, in seconds (what a page costs on a shared machine).
    public static func threadCPU() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// PFDO_TIMING=1 prints the time of each stage to stderr.
    public static let timing = ProcessInfo.processInfo.environment["PFDO_TIMING"] != nil

    func read(_ page: LoadedPage, _ prepared: PreparedPage, image: PageImage? = nil) throws -> RecognizedPage {
        let t0 = Date()
        let lines = try engine.recognize(image ?? prepared.binary, dpi: prepared.preparation.dpi, mode: segmentation)
        if Recognizer.timing {
            FileHandle.standardError.write(Data(String(format: "timing: recognise %.3f s\n", Date().timeIntervalSince(t0)).utf8))
        }
        return RecognizedPage(ocr: makePage(page, prepared, lines: lines), prepared: prepared, isBlank: false)
    }

    private func makePage(_ page: LoadedPage, _ prepared: PreparedPage, lines: [OCRLine]) -> OCRPage {
        OCRPage(source: page.source, page: page.page, width: prepared.grey.width, height: prepared.grey.height,
                lines: lines, preparation: prepared.preparation, engine: engine.info, language: engine.language,
                rules: prepared.rules, unseen: prepared.unseen)
    }

    /// Re-reads one zone of a prepared page with settings for the field kind.
    public func readZone(_ page: RecognizedPage, zone: IntakeModel.Box, kind: ZoneKind) throws -> [OCRLine] {
        let clipped = page.prepared.binary.clipped(zone)
        guard !clipped.isEmpty else { return [] }
        switch kind {
        case .digits:
            return try digitsReading(page, region: clipped)
        case .email:
            return try latinEngine().recognize(page.prepared.binary, dpi: page.prepared.preparation.dpi,
                                               mode: .singleLine, region: clipped)
        case .emailWord:
            // The independent second reading: the grey image, not the binarised one.
            return try latinEngine().recognize(page.prepared.grey, dpi: page.prepared.preparation.dpi,
                                               mode: .singleLine, region: clipped)
        case .text:
            return try engine.recognize(page.prepared.binary, dpi: page.prepared.preparation.dpi,
                                        mode: .singleLine, region: clipped)
        }
    }

    func locator() throws -> TesseractEngine {
        if let locatorEngine { return locatorEngine }
        let e = try TesseractEngine(language: engine.language, variables: variables)
        locatorEngine = e
        return e
    }

    /// The second reading of a number, date or phone must fail differently from the page's Russian
    /// reading (the same model on the same pixels repeats its 3/5 and 1/4 confusions): another model,
    /// `eng`, limited to digits and separators.
    private func digitsReading(_ page: RecognizedPage, region: IntakeModel.Box) throws -> [OCRLine] {
        let e = try latinEngine()
        e.set("tessedit_char_whitelist", Self.digitWhitelist)
        defer { e.set("tessedit_char_whitelist", Self.latinWhitelist) }
        return try e.recognize(page.prepared.binary, dpi: page.prepared.preparation.dpi, mode: .singleLine, region: region)
    }

    static let latinWhitelist = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@._-"
    /// Digits and the separators of numbers, dates and phones: every digits-only reading.
    static let digitWhitelist = "0123456789.-+() "

    /// The third reading of a zone of digits (see `ZoneReader.digitChoices`): the Russian model
    /// limited to digits and separators, on the grey image (the page and the digits re-read see
    /// the binarised one), character by character with the model's other candidates.
    public func readDigitChoices(_ page: RecognizedPage, zone: IntakeModel.Box) throws -> [CharChoice] {
        let clipped = page.prepared.grey.clipped(zone)
        guard !clipped.isEmpty else { return [] }
        return try choiceEngine().recognizeChoices(page.prepared.grey, dpi: page.prepared.preparation.dpi, region: clipped)
    }

    /// Another model's opinion on a critical number or date: `eng` limited to digits and
    /// separators, on the zone of the line-free grey image at twice its scale. The page reading,
    /// the digits re-read and the third reading all see the zone at the page's scale, and two of them
    /// use the Russian model, which reads a flat-topped 3 as a confident 5 (seed 1407: "57130" for
    /// "37130" in all three); another model at another scale fails differently.
    public func readDigitsOtherModel(_ page: RecognizedPage, zone: IntakeModel.Box) throws -> [OCRLine] {
        let image = page.prepared.lineFree
        let clipped = image.clipped(zone)
        guard !clipped.isEmpty, let crop = image.crop((clipped.x, clipped.y, clipped.width, clipped.height)),
              let big = crop.scaled(by: 2) else { return [] }
        let e = try latinEngine()
        e.set("tessedit_char_whitelist", Self.digitWhitelist)
        defer { e.set("tessedit_char_whitelist", Self.latinWhitelist) }
        return try e.recognize(big, dpi: 2 * page.prepared.preparation.dpi, mode: .singleLine)
    }

    /// A third model's opinion on a number, date, phone or passport field: `ukr`, a model trained
    /// apart from `rus` and `eng`, limited to digits and separators, on the zone of the line-free grey
    /// image at the page's scale. It settles a disagreement of the other two models by majority.
    /// Empty when its data is not installed.
    /// `scale` 2: the zone at twice its scale (a short number the model reads nothing of at the
    /// page's scale).
    public func readDigitsThirdModel(_ page: RecognizedPage, zone: IntakeModel.Box, scale: Int = 1) throws -> [OCRLine] {
        guard let e = try thirdEngine() else { return [] }
        let image = page.prepared.lineFree
        let clipped = image.clipped(zone)
        guard !clipped.isEmpty else { return [] }
        guard scale > 1 else { return try e.recognize(image, dpi: page.prepared.preparation.dpi, mode: .singleLine, region: clipped) }
        guard let crop = image.crop((clipped.x, clipped.y, clipped.width, clipped.height)), let big = crop.scaled(by: Double(scale)) else { return [] }
        return try e.recognize(big, dpi: scale * page.prepared.preparation.dpi, mode: .singleLine)
    }

    /// The third model's language (`PFDO_THIRD_MODEL=none` turns its reading off).
    static let thirdModel = ProcessInfo.processInfo.environment["PFDO_THIRD_MODEL"] ?? "ukr"

    private func thirdEngine() throws -> TesseractEngine? {
        if let third { return third }
        guard !thirdUnavailable, Self.thirdModel != "none", TessData.directory(for: Self.thirdModel) != nil else {
            thirdUnavailable = true
            return nil
        }
        let e = try TesseractEngine(language: Self.thirdModel)
        e.set("tessedit_char_whitelist", Self.digitWhitelist)
        third = e
        return e
    }

    private func choiceEngine() throws -> TesseractEngine {
        if let choices { return choices }
        let e = try TesseractEngine(language: "rus")
        e.set("tessedit_char_whitelist", Self.digitWhitelist)
        choices = e
        return e
    }

    private func latinEngine() throws -> TesseractEngine {
        if let latin { return latin }
        let e = try TesseractEngine(language: "eng")
        e.set("tessedit_char_whitelist", Self.latinWhitelist)
        latin = e
        return e
    }

    /// How much a reading looks like real text: confident words of 3+ letters.
    public static func textScore(_ page: OCRPage) -> Int {
        textScore(page.words)
    }

    static func textScore(_ words: [OCRWord]) -> Int {
        words.filter { w in
            w.confidence >= 0.75 && w.text.filter(\.isLetter).count >= 3
        }.count
    }

    /// Confident words of 3+ letters that a page read upside down does not give: a weak page read
    /// whole with this many is upright, and the look at its turned middle band (a third of a
    /// reading) is spared. Four pages of seed 2203 read turned by 180° gave 1-9 (a clean one 9),
    /// read upright 84-134 (poor ones 84 and 111).
    static let clearlyUprightWords = 30

    /// A page read upright has mostly confident words; one read upside down has almost none.
    public static func looksUpright(_ page: OCRPage) -> Bool {
        let words = page.words
        guard words.count >= 8 else { return false }
        let good = textScore(page)
        return Double(good) / Double(words.count) >= 0.35 && page.meanConfidence >= 0.6
    }
}

/// The project's word lists for Tesseract (form vocabulary, Kuzbass places, names, number patterns).
public enum TrainingData {
    /// `$PFDO_TRAINING_DATA`, else `TrainingData/` of the checkout the executable was built in,
    /// else `./TrainingData`; nil (lists not used) when none holds `rus.user-words`, or when
    /// `PFDO_TRAINING_DATA=off`.
    public static let directory: String? = {
        let env = ProcessInfo.processInfo.environment["PFDO_TRAINING_DATA"]
        if env == "off" { return nil }
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        var candidates = [env].compactMap { $0 }
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent("TrainingData").path)
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(FileManager.default.currentDirectoryPath + "/TrainingData")
        return candidates.first { FileManager.default.fileExists(atPath: "\($0)/rus.user-words") }
    }()
}
