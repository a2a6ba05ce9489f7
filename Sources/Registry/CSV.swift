import Foundation

/// A strict RFC 4180 reader: quoted fields with embedded delimiters, doubled quotes and newlines;
/// CRLF, LF or CR line ends.
///
/// Strict where lenient readers lose data without a word:
/// - a quote that is never closed is an error for the whole file (everything after it would
///   otherwise be swallowed into one value): `UnterminatedQuote` names the record and line where it opened;
/// - a stray quote (`"Петров"x`, or `Пет"ров` in an unquoted value) marks the record with its column,
///   so that the importer rejects the row instead of storing an altered value.
enum CSV {
    struct Record {
        /// 1-based record number (the header is record 1).
        var number: Int
        /// 1-based line of the file where the record starts.
        var line: Int
        var fields: [String]
        /// 0-based column of the first stray quote, if any.
        var strayQuote: Int?

        var isBlank: Bool { fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
    }

    /// The file ends inside a quoted value that opened in record `record`, on line `line`.
    struct UnterminatedQuote: Error, Equatable {
        var record: Int
        var line: Int
    }

    /// Decodes file bytes: UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1251 (Russian Excel).
    static func decode(_ data: Data) -> String? {
        let bytes = [UInt8](data.prefix(3))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return String(data: data.dropFirst(3), encoding: .utf8)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return String(data: data, encoding: .utf16).map { $0.hasPrefix("\u{FEFF}") ? String($0.dropFirst()) : $0 }
        }
        if let s = String(data: data, encoding: .utf8) { return s }
        return String(data: data, encoding: .windowsCP1251)
    }

    /// The delimiter used in the header line: the most frequent of `,`, `;` and tab outside quotes.
    static func sniffDelimiter(_ text: String) -> Unicode.Scalar {
        var counts: [Unicode.Scalar: Int] = [",": 0, ";": 0, "\t": 0]
        var quoted = false
        for s in text.unicodeScalars {
            if s == "\"" { quoted.toggle(); continue }
            if !quoted, s == "\n" || s == "\r" { break }
            if !quoted, counts[s] != nil { counts[s]! += 1 }
        }
        let best = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key == "," }
        return (best?.value ?? 0) > 0 ? best!.key : ","
    }

    static func parse(_ text: String, delimiter: Unicode.Scalar) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        // A field is `.start` (nothing read), `.plain` (unquoted), `.quoted` (inside quotes) or
        // `.closed` (after its closing quote).
        enum State { case start, plain, quoted, closed }
        var state = State.start
        var line = 1, recordLine = 1, quoteLine = 1
        var stray: Int?
        var pendingCR = false, quotedCR = false

        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            state = .start
        }
        func endRecord() {
            endField()
            records.append(Record(number: records.count + 1, line: recordLine, fields: fields, strayQuote: stray))
            fields = []
            stray = nil
        }
        func markStray() { if stray == nil { stray = fields.count } }

        for s in text.unicodeScalars {
            if pendingCR {
                pendingCR = false
                if s == "\n" { continue }
            }
            if state == .quoted {
                if s == "\"" { state = .closed; quotedCR = false; continue }
                if s == "\r" || (s == "\n" && !quotedCR) { line += 1 }
                quotedCR = s == "\r"
                field.append(s)
                continue
            }
            switch s {
            case "\"":
                switch state {
                case .start: state = .quoted; quoteLine = line
                case .closed: field.append("\""); state = .quoted // a doubled quote inside a quoted field
                default: markStray(); field.append(s)
                }
            case delimiter:
                endField()
            case "\r", "\n":
                endRecord()
                line += 1
                recordLine = line
                if s == "\r" { pendingCR = true }
            default:
                if state == .closed { markStray() } // text after the closing quote
                state = .plain
                field.append(s)
            }
        }
        if state == .quoted { throw UnterminatedQuote(record: records.count + 1, line: quoteLine) }
        if !field.isEmpty || !fields.isEmpty || state != .start { endRecord() }
        return records
    }
}
