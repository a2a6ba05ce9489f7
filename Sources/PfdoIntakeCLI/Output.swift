import ArgumentParser
import Foundation
import Registry

// One output convention for every command: human text (in the user's language, dates dd.mm.yyyy) or
// `--format json` (alias `--json`): snake_case keys, ISO 8601 dates, a top-level `schema_version`.
// The formats are documented in docs/output-formats.md.

/// The language of messages, labels and help: `--lang`, else LC_ALL / LC_MESSAGES / LANG (ru_* → Russian).
enum Lang: String, ExpressibleByArgument, CaseIterable {
    case en, ru

    nonisolated(unsafe) static var current: Lang = detect(ProcessInfo.processInfo.environment)

    static func detect(_ env: [String: String]) -> Lang {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = env[name], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("ru") ? .ru : .en
        }
        return .en
    }

    /// Takes `--lang X` / `--lang=X` out of the arguments (it may stand anywhere) and sets `current`.
    /// An unknown language is left in place for the parser to refuse.
    static func extract(from arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" { out += arguments[i...]; break }
            if a == "--lang", i + 1 < arguments.count, let l = Lang(rawValue: arguments[i + 1].lowercased()) {
                current = l; i += 2; continue
            }
            if a.hasPrefix("--lang="), let l = Lang(rawValue: String(a.dropFirst(7)).lowercased()) {
                current = l; i += 1; continue
            }
            out.append(a)
            i += 1
        }
        return out
    }
}

/// The English or the Russian text, by `Lang.current`.
func L(_ en: String, _ ru: String) -> String { ManualText.prepare(Lang.current == .ru ? ru : en) }

/// The manual page generator (scripts/man.sh) keeps only ASCII: for it, `PFDO_MANUAL_ASCII=1` writes every
/// other character of the help as `@uXXXX@`, which the script turns into the roff escape `\[uXXXX]`.
enum ManualText {
    static let active = ProcessInfo.processInfo.environment["PFDO_MANUAL_ASCII"] == "1"
        && CommandLine.arguments.contains("--experimental-dump-help")

    static func prepare(_ text: String) -> String {
        guard active else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII { out.unicodeScalars.append(scalar) } else { out += String(format: "@u%04X@", scalar.value) }
        }
        return out
    }
}

/// A reason code's label in the current language.
func reasonLabel(_ code: String) -> String { Lang.current == .ru ? Labels.reason(code).ru : Labels.reason(code).en }

/// A field key's label in the current language.
func fieldLabel(_ key: String) -> String { Lang.current == .ru ? Labels.field(key).ru : Labels.field(key).en }

/// A packet state or field status in the current language.
func stateLabel(_ raw: String) -> String { Lang.current == .ru ? Labels.state(raw).ru : Labels.state(raw).en }
func statusLabel(_ raw: String) -> String { Lang.current == .ru ? Labels.status(raw).ru : Labels.status(raw).en }

/// Dates for people: `dd.mm.yyyy` (ISO stays in JSON).
enum HumanDate {
    static func day(_ iso: String) -> String { Display.date(iso) }
    static func time(_ date: Date) -> String { Display.timestamp(date) }
}

/// `--format text|json` with `--json` kept as an alias of `--format json`.
struct OutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: ArgumentHelp(L("Output format: text (for people) or json (for programs; see docs/output-formats.md).",
                                 "Формат вывода: text (для людей) или json (для программ, см. docs/output-formats.md)."),
                               valueName: "format"))
    var format: Format = .text

    @Flag(name: .customLong("json"), help: ArgumentHelp("Same as --format json.", visibility: .hidden))
    var jsonAlias = false

    var isJSON: Bool { jsonAlias || format == .json }
}

/// JSON for programs: sorted keys, ISO 8601 dates, `schema_version` at the top.
enum MachineJSON {
    /// Raised when a format changes incompatibly (a key renamed or removed, a meaning changed).
    static let schemaVersion = 1

    /// Encodes a keyed value with `schema_version` added to its top-level object. `snakeCase` converts the
    /// value's own camelCase keys (for reports whose types are shared with other code).
    static func encode<T: Encodable>(_ value: T, snakeCase: Bool = false) -> String {
        plain(Versioned(value: value), snakeCase: snakeCase)
    }

    /// Encodes without a schema version (values nested in a versioned one, truth files).
    static func plain<T: Encodable>(_ value: T, snakeCase: Bool = false) -> String {
        let enc = JSONEncoder()
        if snakeCase { enc.keyEncodingStrategy = .convertToSnakeCase }
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        enc.dateEncodingStrategy = .iso8601
        guard let data = try? enc.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    private struct Versioned<T: Encodable>: Encodable {
        var value: T
        enum Keys: String, CodingKey { case schemaVersion = "schema_version" }
        func encode(to encoder: Encoder) throws {
            try value.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(MachineJSON.schemaVersion, forKey: .schemaVersion)
        }
    }
}

/// The output of the commands that read pages (`ocr`, `extract`): the pages, then the inputs that failed.
struct PagesOutput<Page: Encodable>: Encodable {
    var pages: [Page]
    var failed: [FailedInput]
}

/// A failed input as machines see it.
struct FailedInput: Codable, Equatable {
    var path: String?
    var reason: String

    /// Splits a "path: reason" message (the form every per-file error takes) against the known paths.
    static func from(_ message: String, paths: [String]) -> FailedInput {
        if let path = paths.filter({ message.hasPrefix($0 + ": ") }).max(by: { $0.count < $1.count }) {
            return FailedInput(path: path, reason: String(message.dropFirst(path.count + 2)))
        }
        return FailedInput(path: nil, reason: message)
    }
}
