import ArgumentParser
import Extraction
import Foundation
import IntakeModel
import OCR
import Pipeline

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: L("Classify pages and extract every field with its status and provenance.", "Определить вид страниц и извлечь все поля со статусом и происхождением."),
        discussion: L("""
        Each page becomes an application, a consent or unknown (blank, unrelated, unreadable). \
        Every field gets a status:
          ok       auto-accepted: independent evidence agrees (format, a second
                   reading of the field's zone, the same value on both forms)
          review   a human must look; the reason says why
          missing  not found on the page (or, for a patronymic, not printed)

        An application and its consent given together (in one file, or in two files with the same \
        application number) are checked against each other.

        --format json (or --json) prints an object:
          {"schema_version", "pages": [PAGE, ...], "failed": [{"path", "reason"}]}
        one PAGE per page read:
          {"source", "page", "form", "fields": {KEY: {"value", "status",
           "confidence", "box", "raw", "reason"}}, "issues": [{"code",
           "field", "message"}], "engine": {"tesseract", "models"}}
        Boxes are [x, y, width, height] in pixels of the prepared page (upright, deskewed, 300 dpi).

        --explain also says how each page was read: form-aware (a form's legal paragraphs recognised \
        from their opening words and their inner lines not read) or whole (nothing to skip, or the \
        fallback when the form-aware reading matched no form), the regions recognised and the share \
        of the text area they cover (a weak or marginal page read again counts again).
        """, """
        Каждая страница определяется как заявление, согласие или неизвестная (пустая, посторонняя, \
        нечитаемая). Каждое поле получает статус:
          ok       принято автоматически: независимые признаки согласны (формат,
                   второе прочтение зоны поля, то же значение на обеих формах)
          review   нужен взгляд человека; причина объясняет почему
          missing  не найдено на странице (или, для отчества, не напечатано)

        Заявление и согласие, поданные вместе (в одном файле или в двух файлах с одним номером \
        заявления), сверяются между собой.

        --format json (или --json) печатает объект:
          {"schema_version", "pages": [СТРАНИЦА, ...], "failed": [{"path", "reason"}]}
        по СТРАНИЦЕ на каждую прочитанную страницу:
          {"source", "page", "form", "fields": {КЛЮЧ: {"value", "status",
           "confidence", "box", "raw", "reason"}}, "issues": [{"code",
           "field", "message"}], "engine": {"tesseract", "models"}}
        Рамки — [x, y, ширина, высота] в пикселях подготовленной страницы (выпрямленной, 300 dpi).

        --explain также говорит, как прочитана каждая страница: по форме (юридические абзацы формы \
        узнаются по первым словам, их внутренние строки не читаются) или целиком (нечего пропускать \
        или чтение по форме не нашло формы), какие области распознаны и какую долю текста они \
        покрывают (слабая страница, прочитанная повторно, считается повторно).
        """)
    )

    @Argument(help: ArgumentHelp(L("Files or folders (.png .jpg .tif .pdf).", "Файлы или каталоги (.png .jpg .tif .pdf).")))
    var paths: [String]

    @OptionGroup var output: OutputOptions
    var json: Bool { output.isJSON }

    @Flag(help: ArgumentHelp(L("For each field: where it was found, the raw reading(s), and why it got its status.",
                               "Для каждого поля: где найдено, исходные прочтения и почему такой статус.")))
    var explain = false

    @OptionGroup var workers: WorkerOptions


    func run() throws {
        let (files, missing) = try Inputs.require(paths)
        var outcomes: [FileOutcome]
        do {
            let layouts = LayoutStore()
            outcomes = try WorkerPool.run(files, jobs: workers.jobs, makeWorker: { try PageProcessor(layouts: layouts) }) { $0.process(file: $1) }
        } catch {
            printError(describe(error))
            throw ExitCode(ExitCodes.environment)
        }
        Packets.reconcile(&outcomes)
        var failures = missing.count
        var failed = missing
        for o in outcomes where o.error != nil {
            printError(o.error!.description)
            failed.append(FailedInput.from(o.error!.description, paths: files))
            failures += 1
        }
        let results = outcomes.flatMap { $0.pages.map(\.result) }
        if json {
            print(MachineJSON.encode(PagesOutput(pages: results.map { PageResultJSON($0, explain: explain) }, failed: failed)))
        } else {
            print(Listing.render(results, explain: explain), terminator: "")
        }
        let code = ExitCodes.forFailures(failures, of: files.count + missing.count)
        if code != 0 { throw ExitCode(code) }
    }
}

/// The JSON contract of `extract --json`: provenance extras (rule, readings) only with --explain.
struct PageResultJSON: Encodable {
    let page: PageResult
    let explain: Bool

    init(_ page: PageResult, explain: Bool) { self.page = page; self.explain = explain }

    struct FieldJSON: Encodable {
        let f: FieldResult
        let explain: Bool
        enum K: String, CodingKey { case value, status, confidence, box, raw, reason, rule, readings }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: K.self)
            try c.encode(f.value, forKey: .value)
            try c.encode(f.status, forKey: .status)
            try c.encode(f.confidence, forKey: .confidence)
            try c.encode(f.box, forKey: .box)
            try c.encode(f.raw, forKey: .raw)
            try c.encode(f.reason, forKey: .reason)
            if explain {
                try c.encode(f.rule, forKey: .rule)
                try c.encode(f.readings, forKey: .readings)
            }
        }
    }

    enum K: String, CodingKey { case source, page, form, fields, issues, engine, signed, selfApplication = "self_application", reading }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: K.self)
        try c.encode(page.source, forKey: .source)
        try c.encode(page.page, forKey: .page)
        try c.encode(page.form, forKey: .form)
        try c.encode(page.fields.mapValues { FieldJSON(f: $0, explain: explain) }, forKey: .fields)
        try c.encode(page.issues, forKey: .issues)
        try c.encode(page.engine, forKey: .engine)
        try c.encodeIfPresent(page.signed, forKey: .signed)
        try c.encodeIfPresent(page.selfApplication, forKey: .selfApplication)
        if explain { try c.encodeIfPresent(page.reading, forKey: .reading) }
    }
}

enum Listing {
    static func render(_ pages: [PageResult], explain: Bool) -> String {
        var out = ""
        for p in pages {
            out += "==> \(p.source) [page \(p.page)] \(p.form.rawValue)"
            if p.selfApplication == true { out += " (self-application)" }
            if let s = p.signed { out += s ? ", signed" : ", NOT signed" }
            out += "\n"
            if explain, let r = p.reading { out += Listing.reading(r) }
            let order = Templates.template(for: p.form)?.outputKeys ?? p.fields.keys.sorted()
            for key in order {
                guard let f = p.fields[key] else { continue }
                let mark = f.status == .ok ? "ok    " : (f.status == .review ? "REVIEW" : "missing")
                out += "  \(mark) \(key.padding(toLength: 30, withPad: " ", startingAt: 0)) \(f.value ?? "—")"
                if let r = f.reason, f.status != .ok { out += "   (\(r))" }
                out += "\n"
                if explain {
                    out += "         found by \(f.rule ?? "—")"
                    if let b = f.box { out += " at [\(b.x), \(b.y), \(b.width), \(b.height)]" }
                    out += String(format: ", confidence %.2f\n", f.confidence)
                    out += "         raw reading: \(f.raw.map { "\"\($0)\"" } ?? "—")"
                    if let rs = f.readings, !rs.isEmpty { out += "; other readings: " + rs.map { "\"\($0)\"" }.joined(separator: ", ") }
                    out += "\n"
                }
            }
            for i in p.issues { out += "  issue \(i.code)\(i.field.map { " [\($0)]" } ?? ""): \(i.message)\n" }
            out += "\n"
        }
        return out
    }

    /// The path a page took and what of it was recognised.
    static func reading(_ r: ReadingReport) -> String {
        var out = "  read: \(r.path); \(r.regionsRead) region(s) recognised"
        if r.linesSkipped > 0 { out += ", \(r.linesSkipped) line(s) not recognised" }
        out += String(format: ", %.0f%% of the text area\n", r.areaShare * 100)
        if !r.extraReadings.isEmpty {
            let marginal = r.extraReadings.allSatisfy { $0.hasSuffix("(marginal page)") }
            out += (marginal ? "  marginal page, read again: " : "  weak page, read again: ") + r.extraReadings.joined(separator: "; ") + "\n"
        }
        return out
    }
}
