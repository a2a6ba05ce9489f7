import Extraction
import Foundation
import IntakeModel
import OCR

/// One page after recognition and extraction.
public struct ProcessedPage: @unchecked Sendable {
    public var result: PageResult
    public let recognized: RecognizedPage
}

/// One input file after processing: its pages, or the reason it could not be read.
public struct FileOutcome: @unchecked Sendable {
    public let source: String
    public var pages: [ProcessedPage]
    public var error: OCRError?
    /// SHA-256 of the file's bytes (content address), nil when unreadable.
    public var sha256: String?
    public var size: Int
    public var seconds: Double
}

/// A worker: one recognizer (one Tesseract engine) reused across files.
public final class PageProcessor {
    public let recognizer: Recognizer
    private var russian: Recognizer?
    public let extractor: Extractor
    /// Locate, then read: legal paragraphs recognised from their opening words are not read
    /// whole. Nil reads every page whole (`PFDO_FORM_AWARE=0`, for measurements).
    public let planner: FormReadingPlan?
    /// Layouts of pages read whole, most used first (`LayoutModel`), shared by the workers of a run
    /// when they are given one store: a later page of the same printed template reads only what
    /// differs. PFDO_LAYOUT_REUSE=0 switches it off.
    private let layouts: LayoutStore
    private let reuseLayouts = ProcessInfo.processInfo.environment["PFDO_LAYOUT_REUSE"] != "0"

    public init(language: String = "rus", extractor: Extractor = Extractor(), layouts: LayoutStore = LayoutStore()) throws {
        recognizer = try Recognizer(language: language)
        self.extractor = extractor
        self.layouts = layouts
        planner = ProcessInfo.processInfo.environment["PFDO_FORM_AWARE"] == "0" ? nil : FormReadingPlan(templates: extractor.templates)
    }

    public func process(file: String) -> FileOutcome {
        let start = Date()
        var outcome = FileOutcome(source: file, pages: [], error: nil, sha256: nil, size: 0, seconds: 0)
        defer { outcome.seconds = Date().timeIntervalSince(start) }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: file), options: .mappedIfSafe)
            outcome.size = data.count
            outcome.sha256 = SHA256.hex(data)
            let source = try PageLoader.open(data: data, source: file)
            for number in 1...source.pageCount {
                outcome.pages.append(try process(page: source.page(number)))
            }
        } catch let e as OCRError {
            outcome.error = e
        } catch {
            let exists = FileManager.default.fileExists(atPath: file)
            outcome.error = exists ? .unreadableFile(path: file, reason: "permission denied or not a regular file")
                                   : .unreadableFile(path: file, reason: "no such file")
        }
        outcome.seconds = Date().timeIntervalSince(start)
        return outcome
    }

    public func process(page: LoadedPage) throws -> ProcessedPage {
        let known = reuseLayouts ? layouts.snapshot() : []
        var recognized = try recognizer.recognize(page, planner: planner, weakZones: weakZones, layouts: known)
        var result = extract(recognized)
        // A page read with a layout model must come out as the model did: the same form, its
        // signing place, every field the model had, and no value malformed that was well-formed
        // there. Otherwise it is read again without the model.
        if let used = recognized.layoutUsed {
            let model = known[used]
            var why: String?
            if result.form != model.form {
                why = "the form differs from the model page's"
            } else if result.signed == nil {
                why = "the signing place was not found"
            } else if model.found.contains(where: { result.fields[$0]?.value == nil }) {
                why = "a field the model page had was not found"
            } else if result.fields.contains(where: { $0.value.doubt == .format && model.wellFormed.contains($0.key) }) {
                why = "a value is malformed that was well-formed on the model page"
            }
            if let why {
                let firstShare = recognized.report.areaShare
                recognized = try recognizer.recognize(page, planner: planner, weakZones: weakZones)
                recognized.report.path += " (fallback from a reused layout: \(why))"
                recognized.report.areaShare += firstShare
                result = extract(recognized)
            } else {
                layouts.used(model.serial)
            }
        }
        result.reading = recognized.report
        if reuseLayouts, recognized.layoutUsed == nil { learnLayout(recognized, result) }
        // Cyrillic read with a Latin model: read again with Russian.
        if result.form == .unknown, recognizer.engine.language != "rus", Classifier.looksLikeWrongLanguage(recognized.ocr) {
            let rus = try russianRecognizer()
            let again = try rus.recognize(page)
            let r2 = extractor.extract(again.ocr, zones: ZoneReaderAdapter(recognizer: rus, page: again))
            if r2.form != .unknown {
                recognized = again
                result = r2
                result.issues.append(Issue(code: "reread_language", message: "page was re-read with the Russian model"))
            }
        }
        return ProcessedPage(result: result, recognized: recognized)
    }

    /// Keeps the layout of a page read without a model when it can serve as one: a form page read
    /// well (not weak, so read once), signed, upright as prepared.
    private func learnLayout(_ recognized: RecognizedPage, _ result: PageResult) {
        if ProcessInfo.processInfo.environment["PFDO_DEBUG_LAYOUT"] != nil {
            FileHandle.standardError.write(Data("layout: lines \(recognized.layoutLines?.count ?? -1) form \(result.form) signed \(String(describing: result.signed)) alternates \(recognized.alternates.count) conf \(recognized.ocr.meanConfidence)\n".utf8))
        }
        guard let lines = recognized.layoutLines, !lines.isEmpty, result.form != .unknown, result.signed != nil,
              recognized.alternates.isEmpty, recognized.ocr.meanConfidence >= Recognizer.weakPage else { return }
        let found = Set(result.fields.filter { $0.value.value != nil }.map(\.key))
        let wellFormed = Set(result.fields.filter { $0.value.value != nil && $0.value.doubt != .format }.map(\.key))
        var model = LayoutModel(form: result.form, lines: lines, reading: recognized.ocr,
                                valueBoxes: result.fields.values.compactMap(\.box), found: found, unread: recognized.unread)
        model.wellFormed = wellFormed
        layouts.learn(model)
    }

    /// Where a weak page's fields are, from a first extraction of its first reading: bands around
    /// every value found (two line heights above and below, for labels, wrapped labels and
    /// captions) and, for a field not found, the stretch between the values found before and after
    /// it in the form's printed order. nil when the form was not recognised, when no two values found
    /// are in that order, or when the bands would cover most of the page anyway (the page is then
    /// read again whole). PFDO_WEAK_ZONES=0 always reads again whole; PFDO_WEAK_GAPS=0 reads
    /// whole when a field was not found (as before the gaps were read).
    private func weakZones(_ recognized: RecognizedPage) -> WeakZones? {
        guard ProcessInfo.processInfo.environment["PFDO_WEAK_ZONES"] != "0" else { return nil }
        let first = extractor.extract(recognized.ocr)
        guard first.form != .unknown, !first.fields.isEmpty,
              let template = extractor.templates.first(where: { $0.form == first.form }) else {
            if Recognizer.timing { FileHandle.standardError.write(Data("timing: weak zones: no form recognised\n".utf8)) }
            return nil
        }
        let heights = recognized.ocr.words.map(\.box.height).sorted()
        let line = heights.isEmpty ? 40 : heights[heights.count / 2]
        func missing(_ f: FieldResult?) -> Bool { f.map { $0.status == .missing && $0.reason != "no patronymic printed" } ?? true }
        if !first.fields.values.contains(where: { missing($0) }) {
            return WeakZones(boxes: first.fields.values.compactMap(\.box), margin: 2 * line, pageHeight: recognized.ocr.height)
        }
        guard Self.readGaps else { return nil }
        // The signing row too: a page read again only in bands keeps the first reading elsewhere,
        // and a weak first reading of the row loses the place to look for a signature in.
        var fields = template.outputKeys.map { k in (box: first.fields[k]?.box, missing: missing(first.fields[k])) }
        let signing = extractor.signingRowBoxes(recognized.ocr, template: template)
        fields.append((box: signing.isEmpty ? nil : Box.union(signing), missing: true))
        let zones = WeakZones(fields: fields, margin: 2 * line, pageHeight: recognized.ocr.height)
        let share = zones?.share(ofHeight: recognized.ocr.height) ?? 1
        if Recognizer.timing {
            let missed = fields.filter { $0.box == nil && $0.missing }.count
            FileHandle.standardError.write(Data(String(format: "timing: weak zones with %d field(s) not found: %@\n", missed,
                                                       zones == nil ? "values out of order" : String(format: "bands %.0f%% of the height", share * 100)).utf8))
        }
        return share <= Self.maxGapShare ? zones : nil
    }

    static let readGaps = ProcessInfo.processInfo.environment["PFDO_WEAK_GAPS"] != "0"
    /// Bands covering more of the page's height than this are not worth it: the page is read whole.
    static let maxGapShare = 0.8

    private func extract(_ recognized: RecognizedPage) -> PageResult {
        let cpu0 = Recognizer.threadCPU()
        defer {
            if Recognizer.timing {
                FileHandle.standardError.write(Data(String(format: "timing: extract (zone re-reads included) CPU %.3f s\n",
                                                           Recognizer.threadCPU() - cpu0).utf8))
            }
        }
        return extractor.extract(recognized.ocr, zones: ZoneReaderAdapter(recognizer: recognizer, page: recognized),
                                 alternates: recognized.alternates.map { ($0.ocr, ZoneReaderAdapter(recognizer: recognizer, page: $0)) })
    }

    private func russianRecognizer() throws -> Recognizer {
        if let russian { return russian }
        let r = try Recognizer(language: "rus")
        russian = r
        return r
    }
}

/// Zone re-reads and ink measurement over the page's prepared images.
struct ZoneReaderAdapter: ZoneReader {
    let recognizer: Recognizer
    let page: RecognizedPage

    func read(zone: Box, kind: ZoneKind) -> [OCRLine] {
        timed("\(kind) \(zone.width)x\(zone.height)") { (try? recognizer.readZone(page, zone: zone, kind: kind)) ?? [] }
    }

    func digitChoices(zone: Box) -> [CharChoice] {
        timed("choices") { (try? recognizer.readDigitChoices(page, zone: zone)) ?? [] }
    }

    func otherModelDigits(zone: Box) -> [OCRLine] {
        timed("other model") { (try? recognizer.readDigitsOtherModel(page, zone: zone)) ?? [] }
    }

    func thirdModelDigits(zone: Box) -> [OCRLine] {
        timed("third model") { (try? recognizer.readDigitsThirdModel(page, zone: zone)) ?? [] }
    }

    func thirdModelDigitsLarger(zone: Box) -> [OCRLine] {
        timed("third model x2") { (try? recognizer.readDigitsThirdModel(page, zone: zone, scale: 2)) ?? [] }
    }

    /// One zone reading, its CPU time on stderr under PFDO_TIMING ("timing:   zone KIND S").
    private func timed<T>(_ what: String, _ body: () -> T) -> T {
        guard Recognizer.timing else { return body() }
        let cpu0 = Recognizer.threadCPU()
        let result = body()
        FileHandle.standardError.write(Data(String(format: "timing:   zone %@ %.4f s\n", what, Recognizer.threadCPU() - cpu0).utf8))
        return result
    }

    func inkCoverage(zone: Box) -> Double {
        guard zone.width > 0, zone.height > 0,
              let crop = page.prepared.binary.crop((zone.x, zone.y, zone.width, zone.height)) else { return 0 }
        return crop.inkCoverage
    }

    func greyInk(zone: Box, threshold: Int) -> Double {
        guard zone.width > 0, zone.height > 0,
              let crop = page.prepared.grey.crop((zone.x, zone.y, zone.width, zone.height)) else { return 0 }
        return crop.darkShare(below: threshold)
    }

    func inkBlobs(zone: Box, threshold: Int?) -> [InkBlob]? {
        guard zone.width > 0, zone.height > 0 else { return [] }
        let image = threshold == nil ? page.prepared.binary : page.prepared.grey
        // The crop is clipped to the page: its origin is the zone's, clipped at 0.
        guard let crop = image.crop((zone.x, zone.y, zone.width, zone.height)) else { return [] }
        let ox = max(0, zone.x), oy = max(0, zone.y)
        return crop.connectedMarks(below: threshold ?? 128).map {
            InkBlob(box: Box(x: ox + $0.x, y: oy + $0.y, width: $0.width, height: $0.height), pixels: $0.pixels)
        }
    }

    func inkMask(zone: Box) -> InkMask? { inkMask(zone: zone, threshold: nil) }

    func inkMask(zone: Box, threshold: Int?) -> InkMask? {
        let image = threshold == nil ? page.prepared.binary : page.prepared.grey
        let clipped = image.clipped(zone)
        guard !clipped.isEmpty, let crop = image.crop((clipped.x, clipped.y, clipped.width, clipped.height)) else { return nil }
        let bits = crop.inkBits(below: threshold ?? 128)
        guard bits.count == crop.width * crop.height else { return nil }
        return InkMask(origin: Box(x: clipped.x, y: clipped.y, width: crop.width, height: crop.height), bits: bits)
    }
}

/// Pairs applications with consents and checks their agreement.
public enum Packets {
    /// Pages of one file form a packet; single applications and consents from different files
    /// are paired by application number (or, failing that, by the child's surname).
    /// Reconciles the application and consent found among the files of each group (one packet each).
    public static func reconcile(_ outcomes: inout [FileOutcome], groups: [[Int]]) {
        for g in groups {
            reconcile(&outcomes, refs: g.flatMap { f in outcomes[f].pages.indices.map { (f, $0) } })
        }
    }

    /// Reconciles the pages at `refs` (file, page) as one packet; returns whether it had one
    /// application and one consent.
    @discardableResult
    static func reconcile(_ outcomes: inout [FileOutcome], refs: [(Int, Int)]) -> Bool {
        var results = refs.map { outcomes[$0.0].pages[$0.1].result }
        guard CrossForm.reconcile(packet: &results) else { return false }
        for (r, ref) in zip(results, refs) { outcomes[ref.0].pages[ref.1].result = r }
        return true
    }

    public static func reconcile(_ outcomes: inout [FileOutcome]) {
        var loose: [(file: Int, page: Int)] = []
        for f in outcomes.indices {
            let refs = outcomes[f].pages.indices.map { (f, $0) }
            if !reconcile(&outcomes, refs: refs) {
                loose += refs.filter { outcomes[$0.0].pages[$0.1].result.form != .unknown }.map { (file: $0.0, page: $0.1) }
            }
        }
        var used = Set<Int>()
        for (i, a) in loose.enumerated() where outcomes[a.file].pages[a.page].result.form == .application {
            let app = outcomes[a.file].pages[a.page].result
            let match = loose.indices.first { j in
                guard !used.contains(j), j != i else { return false }
                let c = outcomes[loose[j].file].pages[loose[j].page].result
                guard c.form == .consent, loose[j].file != a.file else { return false }
                if let an = app.value("application_number"), an == c.value("application_number") { return true }
                return false
            }
            guard let j = match else { continue }
            used.insert(j)
            reconcile(&outcomes, refs: [(a.file, a.page), (loose[j].file, loose[j].page)])
        }
    }
}
