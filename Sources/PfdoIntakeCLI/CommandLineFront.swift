import ArgumentParser
import Foundation
import OCR

/// What the command line does before the parser sees it: `--lang`, `--version` with the engine's versions,
/// and an unknown subcommand (also after `help`) as a usage error with the nearest names.
enum CommandLineFront {
    /// Returns the arguments for the parser, or nil when the front already answered (version printed).
    static func prepare(_ raw: [String]) throws -> [String]? {
        let args = Lang.extract(from: raw)
        if args == ["--version"] || args == ["-V"] || args == ["version"] {
            print(VersionInfo.text)
            return nil
        }
        try checkSubcommands(args)
        return args
    }

    /// Walks the subcommand names at the front of the arguments; the first one that is not a subcommand of
    /// the command before it is a usage error with suggestions (instead of a confusing "unknown option").
    static func checkSubcommands(_ args: [String]) throws {
        var command: ParsableCommand.Type = PfdoIntake.self
        var path: [String] = ["pfdo-intake"]
        var rest = args[...]
        if rest.first == "help" { rest = rest.dropFirst() }
        // `pfdo-intake --db x.db queue`: options belong to a command, after its name; say so instead of the
        // parser's "Unknown option '--db'".
        let rootOptions: Set<String> = ["-h", "--help", "--version", "--generate-completion-script", "--experimental-dump-help"]
        if let first = rest.first, first.hasPrefix("-"), !rootOptions.contains(first.split(separator: "=").first.map(String.init) ?? first),
           let name = rest.first(where: { w in PfdoIntake.configuration.subcommands.contains { $0.configuration.commandName == w } }) {
            printError(L("options go after the command: pfdo-intake \(name) ... \(first) ...",
                         "параметры пишутся после команды: pfdo-intake \(name) ... \(first) ..."))
            throw ExitCode(ExitCodes.usage)
        }
        while let word = rest.first, !word.hasPrefix("-") {
            let subs = command.configuration.subcommands
            guard !subs.isEmpty else { return }
            if let next = subs.first(where: { $0.configuration.commandName == word || $0.configuration.aliases.contains(word) }) {
                command = next
                path.append(word)
                rest = rest.dropFirst()
                continue
            }
            if word == "help" { return }
            let names = subs.compactMap { $0.configuration.commandName }
            let near = suggestions(for: word, among: names)
            var message = L("'\(word)' is not a command of \(path.joined(separator: " "))",
                            "'\(word)' — нет такой команды у \(path.joined(separator: " "))")
            message += near.isEmpty
                ? L("; commands: \(names.joined(separator: ", "))", "; команды: \(names.joined(separator: ", "))")
                : L(". Did you mean: \(near.joined(separator: ", "))?", ". Может быть: \(near.joined(separator: ", "))?")
            printError(message)
            throw ExitCode(ExitCodes.usage)
        }
    }

    /// Names within two edits of the word, or starting with it; nearest first.
    static func suggestions(for word: String, among names: [String]) -> [String] {
        let scored = names.map { ($0, distance(word.lowercased(), $0)) }
        return scored.filter { $0.1 <= max(2, word.count / 3) || $0.0.hasPrefix(word.lowercased()) }
            .sorted { $0.1 < $1.1 }.map(\.0)
    }

    /// Optimal string alignment distance (a swap of two neighbours counts as one edit).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}

/// The version line of the program and of what its results depend on.
enum VersionInfo {
    static let program = "0.1.0"

    static var text: String {
        var lines = ["pfdo-intake \(program)"]
        lines.append("tesseract  \(TessData.tesseractVersion)")
        lines.append("leptonica  \(TessData.leptonicaVersion)")
        for lang in ["rus", "eng"] {
            if let sum = try? TessData.checksum(lang) {
                lines.append("model \(lang)  sha256 \(sum)")
            } else {
                lines.append("model \(lang)  " + L("missing (pfdo-intake doctor says how to install it)", "нет (как установить — pfdo-intake doctor)"))
            }
        }
        lines.append("build      \(build)")
        return lines.joined(separator: "\n")
    }

    /// Debug or release, the executable's date and size: tells two builds apart without reading it whole.
    static var build: String {
        #if DEBUG
        let kind = "debug"
        #else
        let kind = "release"
        #endif
        var parts = [kind]
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        if let attrs = try? FileManager.default.attributesOfItem(atPath: exe) {
            if let date = attrs[.modificationDate] as? Date { parts.append(ISO8601DateFormatter().string(from: date)) }
            if let size = attrs[.size] as? NSNumber { parts.append("\(size.intValue) bytes") }
        }
        return parts.joined(separator: ", ")
    }
}
