import Foundation
import IntakeModel

/// Normalisation used for comparing values only: stored values keep their printed form.
public enum Normalize {
    /// Latin letters that look like Cyrillic ones (`rus+eng` puts them into Russian words), lower case.
    private static let homoglyphs: [Character: Character] = [
        "a": "а", "b": "в", "c": "с", "e": "е", "h": "н", "k": "к", "m": "м",
        "o": "о", "p": "р", "t": "т", "x": "х", "y": "у",
    ]

    /// A name for comparing: trimmed, lower case, `ё`→`е`, Latin look-alikes → Cyrillic, single spaces,
    /// no spaces around hyphens. `nil` and empty both give "".
    public static func name(_ value: String?) -> String {
        guard let value else { return "" }
        var out = ""
        var pendingSpace = false
        for ch in value.lowercased() {
            if ch.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            var c = ch
            if c == "ё" { c = "е" }
            if let cyr = homoglyphs[c] { c = cyr }
            if c == "-" {
                pendingSpace = false
                out.append(c)
                continue
            }
            if pendingSpace, out.last != "-" { out.append(" ") }
            pendingSpace = false
            out.append(c)
        }
        return out
    }

    /// Digits only (spaces and separators dropped); nil when there are no digits.
    public static func digits(_ value: String?) -> String? {
        guard let value else { return nil }
        let d = String(value.unicodeScalars.filter { $0.properties.numericType != nil && $0.isASCII }.map(Character.init))
        return d.isEmpty ? nil : d
    }

    /// A value trimmed, internal whitespace collapsed; nil when empty.
    public static func text(_ value: String?) -> String? {
        guard let value else { return nil }
        let parts = value.split(whereSeparator: { $0.isWhitespace })
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// A date as ISO `yyyy-mm-dd` from `dd.mm.yyyy`, `d.m.yyyy`, `yyyy-mm-dd` (a trailing time is ignored);
    /// nil unless it is a real calendar date between 1900 and 2100.
    public static func isoDate(_ value: String?) -> String? {
        guard var s = text(value) else { return nil }
        if let space = s.firstIndex(where: { $0 == " " || $0 == "T" }) { s = String(s[..<space]) }
        let y: Int, m: Int, d: Int
        if s.contains(".") {
            let p = s.split(separator: ".", omittingEmptySubsequences: false)
            guard p.count == 3, p[2].count == 4, (1...2).contains(p[0].count), (1...2).contains(p[1].count),
                  let dd = Int(p[0]), let mm = Int(p[1]), let yy = Int(p[2]) else { return nil }
            (y, m, d) = (yy, mm, dd)
        } else if s.contains("-") {
            let p = s.split(separator: "-", omittingEmptySubsequences: false)
            guard p.count == 3, p[0].count == 4, (1...2).contains(p[1].count), (1...2).contains(p[2].count),
                  let yy = Int(p[0]), let mm = Int(p[1]), let dd = Int(p[2]) else { return nil }
            (y, m, d) = (yy, mm, dd)
        } else {
            return nil
        }
        guard (1900...2100).contains(y), (1...12).contains(m) else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        guard (1...days).contains(d) else { return nil }
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// Whether a registry number is well formed: 9 or 10 digits.
    public static func isRegistryNumber(_ value: String) -> Bool {
        (9...10).contains(value.count) && value.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The key that identifies a child across entries and packets: a hash of the normalised surname,
    /// first name and ISO birth date (a hash, so the index itself reads as no name). nil if any is missing.
    static func personKey(lastName: String?, firstName: String?, birthDate: String?) -> String? {
        let last = name(lastName), first = name(firstName)
        guard !last.isEmpty, !first.isEmpty, let birth = isoDate(birthDate) else { return nil }
        return SHA256.hex(Array("\(last)|\(first)|\(birth)".utf8))
    }
}
