import Extraction
import Foundation
import IntakeModel

/// Truth for one page, as in `<id>.expected.json` (the `extract --json` schema; only values are read).
public struct ExpectedPage: Decodable, Sendable {
    public struct Value: Decodable, Sendable { public var value: String? }
    public var source: String
    public var page: Int
    public var form: FormKind
    public var fields: [String: Value]
    public var signed: Bool?
    /// False when the page was signed on paper but the scan kept nothing of the pen (generated
    /// corpora record it): no reader can see that signature, so the page is for a person.
    public var signatureVisible: Bool?

    enum CodingKeys: String, CodingKey {
        case source, page, form, fields, signed
        case signatureVisible = "signature_visible"
    }

    /// Signed on paper and some of the pen left in the image.
    public var signedInImage: Bool? { signed.map { $0 && signatureVisible != false } }
}

/// One entry of `manifest.json`.
public struct ManifestEntry: Decodable, Sendable {
    public var id: String
    public var file: String
    public var quality: String
    public var layout: String?
    public var packet: String?
    /// Per page: the signature's style, or the kind of unsigned line (generated corpora only).
    public var signatureStyles: [String]?

    enum CodingKeys: String, CodingKey {
        case id, file, quality, layout, packet
        case signatureStyles = "signature_styles"
    }
}

public struct Manifest: Decodable, Sendable {
    public var samples: [ManifestEntry]
}

/// A sample: input file, its truth, its quality level and packet.
public struct Sample: Sendable {
    public var file: String
    public var expected: [ExpectedPage]
    public var quality: String
    public var packet: String
    /// Per page (1-based page i at i - 1): the signature's style or the unsigned line's kind, when known.
    public var signatureStyles: [String]? = nil
}

/// Counts for one group of fields.
public struct Score: Codable, Sendable {
    public var pages = 0
    public var formCorrect = 0
    public var fields = 0
    public var correct = 0
    /// Wrong value with status ok: the worst outcome.
    public var silent = 0
    /// Fields not auto-accepted (review, or missing where a value was printed).
    public var review = 0

    public var correctRate: Double { fields == 0 ? 0 : Double(correct) / Double(fields) }
    public var silentRate: Double { fields == 0 ? 0 : Double(silent) / Double(fields) }
    public var reviewRate: Double { fields == 0 ? 0 : Double(review) / Double(fields) }
    public var autoAccepted: Double { 1 - reviewRate }
}

public struct EvaluationReport: Codable, Sendable {
    public var overall = Score()
    public var byQuality: [String: Score] = [:]
    public var byField: [String: Score] = [:]
    public var pagesPerMinute = 0.0
    public var seconds = 0.0
    /// Problems with the truth files themselves (a mistake there is an error, not a silent pass).
    public var truthErrors: [String] = []
    /// Files that could not be processed.
    public var failedFiles: [String] = []
    /// Every wrong or not-accepted field, for reading.
    public var mistakes: [String] = []
    /// Of the fields accepted (status ok), how many were right: by field kind, then quality.
    public var calibration: [String: [String: Calibration]] = [:]
    /// Signature detection on form pages: signed pages reported unsigned, unsigned pages reported signed.
    public var signatures = SignatureScore()
    /// Packet-level results against the corpus's registry export (nil without one).
    public var packets: PacketReport?
}

public struct SignatureScore: Codable, Sendable {
    public var signedPages = 0
    public var unsignedPages = 0
    public var falseMissing = 0
    public var falseSigned = 0
    /// Pages where detection gave no answer (signature row not found).
    public var undecided = 0
    /// Pages signed on paper whose scan kept nothing of the pen: not counted above; how many of
    /// them were reported missing (what the image shows).
    public var erased = 0
    public var erasedReportedMissing = 0
    /// By the signature's style or the unsigned line's kind, when the corpus records it.
    public var byStyle: [String: SignatureStyleScore] = [:]
}

public struct SignatureStyleScore: Codable, Sendable {
    /// Pages of this style, how many of them are signed by the truth.
    public var pages = 0
    public var signed = 0
    public var reportedSigned = 0
    public var reportedMissing = 0
    public var undecided = 0
}

/// Accepted fields and how many of them were right.
public struct Calibration: Codable, Sendable {
    public var accepted = 0
    public var right = 0
}

public enum Evaluation {
    /// Reads the corpus: `manifest.json` when present, else every `*.expected.json` beside its input.
    public static func loadCorpus(_ dir: String) throws -> (samples: [Sample], errors: [String]) {
        let fm = FileManager.default
        var errors: [String] = []
        var entries: [ManifestEntry] = []
        let manifestPath = (dir as NSString).appendingPathComponent("manifest.json")
        if let data = fm.contents(atPath: manifestPath) {
            do { entries = try JSONDecoder().decode(Manifest.self, from: data).samples }
            catch { errors.append("manifest.json: not a valid manifest (\(error.localizedDescription))") }
        }
        if entries.isEmpty {
            let names = (try? fm.contentsOfDirectory(atPath: dir)) ?? []
            for n in names.sorted() where n.hasSuffix(".expected.json") {
                let id = String(n.dropLast(".expected.json".count))
                guard let input = names.first(where: { ($0 as NSString).deletingPathExtension == id && !$0.hasSuffix(".json") }) else {
                    errors.append("\(n): no input file beside it"); continue
                }
                entries.append(ManifestEntry(id: id, file: input, quality: "unknown", layout: nil, packet: nil))
            }
        }
        var samples: [Sample] = []
        for e in entries {
            let truthPath = (dir as NSString).appendingPathComponent("\(e.id).expected.json")
            guard let data = fm.contents(atPath: truthPath) else { errors.append("\(e.id).expected.json: missing"); continue }
            let pages: [ExpectedPage]
            do { pages = try JSONDecoder().decode([ExpectedPage].self, from: data) }
            catch { errors.append("\(e.id).expected.json: not valid truth JSON (\(error.localizedDescription))"); continue }
            errors += TruthCheck.problems(pages, file: "\(e.id).expected.json")
            samples.append(Sample(file: (dir as NSString).appendingPathComponent(e.file), expected: pages,
                                  quality: e.quality, packet: e.packet ?? e.id, signatureStyles: e.signatureStyles))
        }
        return (samples, errors)
    }

    /// Scores results against truth.
    public static func score(samples: [Sample], outcomes: [FileOutcome], seconds: Double) -> EvaluationReport {
        var report = EvaluationReport()
        report.seconds = seconds
        var totalPages = 0
        for (sample, outcome) in zip(samples, outcomes) {
            if let e = outcome.error { report.failedFiles.append(e.description) }
            totalPages += outcome.pages.count
            for exp in sample.expected {
                let got = outcome.pages.first { $0.result.page == exp.page }?.result
                var q = report.byQuality[sample.quality] ?? Score()
                q.pages += 1; report.overall.pages += 1
                if got?.form == exp.form { q.formCorrect += 1; report.overall.formCorrect += 1 }
                if exp.form != .unknown, exp.signatureVisible == false {
                    report.signatures.erased += 1
                    if got?.signed == false { report.signatures.erasedReportedMissing += 1 }
                } else if exp.form != .unknown, let truthSigned = exp.signed {
                    if truthSigned { report.signatures.signedPages += 1 } else { report.signatures.unsignedPages += 1 }
                    if let styles = sample.signatureStyles, exp.page >= 1, exp.page <= styles.count {
                        var st = report.signatures.byStyle[styles[exp.page - 1]] ?? SignatureStyleScore()
                        st.pages += 1
                        if truthSigned { st.signed += 1 }
                        switch got?.signed {
                        case true?: st.reportedSigned += 1
                        case false?: st.reportedMissing += 1
                        case nil: st.undecided += 1
                        }
                        report.signatures.byStyle[styles[exp.page - 1]] = st
                    }
                    switch got?.signed {
                    case nil:
                        report.signatures.undecided += 1
                        report.mistakes.append("signature \(exp.source) p\(exp.page): undecided (\(truthSigned ? "signed" : "unsigned"))")
                    case false? where truthSigned:
                        report.signatures.falseMissing += 1
                        report.mistakes.append("signature \(exp.source) p\(exp.page): signed but reported missing")
                    case true? where !truthSigned:
                        report.signatures.falseSigned += 1
                        report.mistakes.append("signature \(exp.source) p\(exp.page): unsigned but reported signed")
                    default: break
                    }
                }
                else { report.mistakes.append("\(exp.source) p\(exp.page): form \(got?.form.rawValue ?? "none") instead of \(exp.form.rawValue)") }
                for (key, truth) in exp.fields.sorted(by: { $0.key < $1.key }) {
                    let f = got?.fields[key]
                    let value = f?.value
                    let correct = value == truth.value
                    let status = f?.status ?? .missing
                    let silent = !correct && status == .ok
                    let notAccepted = status == .review || (status == .missing && truth.value != nil)
                    func count(_ s: inout Score) {
                        s.fields += 1
                        if correct { s.correct += 1 }
                        if silent { s.silent += 1 }
                        if notAccepted { s.review += 1 }
                    }
                    count(&q)
                    count(&report.overall)
                    count(&report.byField[key, default: Score()])
                    if status == .ok {
                        report.calibration[FieldKinds.label(key), default: [:]][sample.quality, default: Calibration()].accepted += 1
                        if correct { report.calibration[FieldKinds.label(key), default: [:]][sample.quality, default: Calibration()].right += 1 }
                    }
                    if !correct || notAccepted {
                        let tag = silent ? "SILENT" : (correct ? "review" : "wrong ")
                        report.mistakes.append("\(tag) \(exp.source) p\(exp.page) \(key): got \(value.map { "'\($0)'" } ?? "null") want \(truth.value.map { "'\($0)'" } ?? "null") [\(status.rawValue)] \(f?.reason ?? "")")
                    }
                }
                report.byQuality[sample.quality] = q
            }
        }
        report.pagesPerMinute = seconds > 0 ? Double(totalPages) / seconds * 60 : 0
        return report
    }

    public static func render(_ r: EvaluationReport, verbose: Bool) -> String {
        func row(_ name: String, _ s: Score) -> String {
            name.padding(toLength: 28, withPad: " ", startingAt: 0)
                + String(format: "%5d %6d %8.1f%% %7.2f%% %8.1f%% %8.1f%%", s.pages, s.fields, s.correctRate * 100,
                         s.silentRate * 100, s.reviewRate * 100, s.pages == 0 ? 0 : Double(s.formCorrect) / Double(s.pages) * 100)
        }
        var out = "group".padding(toLength: 28, withPad: " ", startingAt: 0) + "pages fields  correct   silent   review     form\n"
        for q in ["clean", "scan", "poor", "negative", "unknown"] { if let s = r.byQuality[q] { out += row(q, s) + "\n" } }
        for (q, s) in r.byQuality.sorted(by: { $0.key < $1.key }) where !["clean", "scan", "poor", "negative", "unknown"].contains(q) { out += row(q, s) + "\n" }
        out += row("overall", r.overall) + "\n\nper field:\n"
        for (k, s) in r.byField.sorted(by: { $0.key < $1.key }) { out += row("  " + k, s) + "\n" }
        out += String(format: "\nspeed: %.1f pages/min (%.1f s wall)\n", r.pagesPerMinute, r.seconds)
        out += "correct: exact match with the truth after normalisation; silent: wrong but status ok;\n"
        out += "review: not auto-accepted (review, or missing where a value was printed); form: page class right\n"
        out += "\ncalibration: of the fields accepted (status ok), how many were right\n"
        out += "kind".padding(toLength: 28, withPad: " ", startingAt: 0) + ["clean", "scan", "poor"].map { $0.padding(toLength: 16, withPad: " ", startingAt: 0) }.joined() + "\n"
        for (kind, byQ) in r.calibration.sorted(by: { $0.key < $1.key }) {
            out += ("  " + kind).padding(toLength: 28, withPad: " ", startingAt: 0)
            for q in ["clean", "scan", "poor"] {
                let c = byQ[q] ?? Calibration()
                let cell = c.accepted == 0 ? "-" : String(format: "%d/%d %.1f%%", c.right, c.accepted, Double(c.right) / Double(c.accepted) * 100)
                out += cell.padding(toLength: 16, withPad: " ", startingAt: 0)
            }
            out += "\n"
        }
        let sg = r.signatures
        out += "\nsignatures: \(sg.signedPages) signed pages, \(sg.falseMissing) reported missing; \(sg.unsignedPages) unsigned pages, \(sg.falseSigned) reported signed; \(sg.undecided) undecided\n"
        if sg.erased > 0 {
            out += "  signed on paper, nothing of the pen left in the scan (not counted above): \(sg.erased) pages, \(sg.erasedReportedMissing) reported missing\n"
        }
        if !sg.byStyle.isEmpty {
            out += "  style".padding(toLength: 16, withPad: " ", startingAt: 0) + "truth      pages  signed  missing  undecided\n"
            for (style, st) in sg.byStyle.sorted(by: { ($0.value.signed > 0 ? 0 : 1, $0.key) < ($1.value.signed > 0 ? 0 : 1, $1.key) }) {
                let truth = st.signed == st.pages ? "signed" : st.signed == 0 ? "unsigned" : "mixed"
                out += ("  " + style).padding(toLength: 16, withPad: " ", startingAt: 0) + truth.padding(toLength: 9, withPad: " ", startingAt: 0)
                    + String(format: "%7d %7d %8d %10d\n", st.pages, st.reportedSigned, st.reportedMissing, st.undecided)
            }
        }
        if let p = r.packets { out += PacketEvaluation.render(p, verbose: verbose) }
        if !r.failedFiles.isEmpty { out += "\nfiles that failed:\n" + r.failedFiles.map { "  " + $0 }.joined(separator: "\n") + "\n" }
        if !r.truthErrors.isEmpty { out += "\nERRORS in the truth files:\n" + r.truthErrors.map { "  " + $0 }.joined(separator: "\n") + "\n" }
        if verbose, !r.mistakes.isEmpty { out += "\nfields wrong or not accepted:\n" + r.mistakes.map { "  " + $0 }.joined(separator: "\n") + "\n" }
        return out
    }
}

/// Format checks on truth values: a typo in an expected file is reported, not scored as a pass.
enum TruthCheck {
    static func problems(_ pages: [ExpectedPage], file: String) -> [String] {
        var out: [String] = []
        for p in pages {
            let allowed = Set(Templates.template(for: p.form)?.outputKeys ?? [])
            if p.form == .unknown, !p.fields.isEmpty { out.append("\(file) p\(p.page): unknown page with fields") }
            for key in allowed where p.form != .unknown && p.fields[key] == nil {
                out.append("\(file) p\(p.page): field \(key) missing from the truth")
            }
            for (key, v) in p.fields.sorted(by: { $0.key < $1.key }) {
                guard allowed.contains(key) else { out.append("\(file) p\(p.page): unknown field key \(key)"); continue }
                guard let value = v.value else {
                    if !key.hasSuffix("middle_name") { out.append("\(file) p\(p.page): \(key) is null but only a patronymic may be absent") }
                    continue
                }
                if let why = formatProblem(key: key, value: value) { out.append("\(file) p\(p.page): \(key) \(why)") }
            }
        }
        return out
    }

    static func formatProblem(key: String, value: String) -> String? {
        let digits = value.allSatisfy { $0.isASCII && $0.isNumber }
        switch key {
        case "application_number": return digits && (1...6).contains(value.count) ? nil : "is not 1-6 digits"
        case "registry_number": return digits && (9...10).contains(value.count) ? nil : "is not 9-10 digits"
        case "applicant.passport_series": return digits && value.count == 4 ? nil : "is not 4 digits"
        case "applicant.passport_number": return digits && value.count == 6 ? nil : "is not 6 digits"
        case "applicant.phone":
            return value.hasPrefix("+7") && value.count == 12 && value.dropFirst().allSatisfy(\.isNumber) ? nil : "is not +7XXXXXXXXXX"
        case "applicant.email": return Normalizer.isEmail(value) && value == value.lowercased() ? nil : "is not a lower-case e-mail"
        case let k where k.hasSuffix("date"): return SimpleDate(iso: value) != nil ? nil : "is not a real YYYY-MM-DD date"
        case let k where k.hasSuffix("_name"): return Normalizer.isName(value) ? nil : "is not a Cyrillic name"
        case "category": return (Templates.template(for: .application)?.categories ?? []).contains(value) ? nil : "is not a configured category"
        default: return value != TextNorm.collapseSpaces(value) ? "has extra spaces" : nil
        }
    }
}

/// The kind of a field for the calibration table, from its key.
enum FieldKinds {
    static func label(_ key: String) -> String {
        switch key {
        case "application_number", "registry_number": return "number"
        case "category": return "category"
        case "applicant.phone": return "phone"
        case "applicant.email": return "email"
        case "applicant.passport_series", "applicant.passport_number": return "passport"
        case "applicant.passport_issued_by": return "office"
        case let k where k.hasSuffix("date"): return "date"
        case let k where k.hasSuffix("address"): return "address"
        case let k where k.hasSuffix("_name"): return "name"
        default: return "other"
        }
    }
}
