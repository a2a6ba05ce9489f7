import Foundation

/// A small RFC 4180 reader: quoted fields with embedded delimiters, doubled quotes and newlines;
/// CRLF, LF or CR line ends.
enum CSV {
    struct Record {
        /// 1-based record number (the header is record 1).
        var number: Int
        var fields: [String]

        var isBlank: Bool { fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
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

    static func parse(_ text: String, delimiter: Unicode.Scalar) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false, afterQuote = false, fieldStarted = false
        var pendingCR = false

        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            afterQuote = false; fieldStarted = false
        }
        func endRecord() {
            endField()
            records.append(Record(number: records.count + 1, fields: fields))
            fields = []
        }

        for s in text.unicodeScalars {
            if pendingCR {
                pendingCR = false
                if s == "\n" { continue }
            }
            if quoted {
                if s == "\"" { quoted = false; afterQuote = true } else { field.append(s) }
                continue
            }
            switch s {
            case "\"":
                if afterQuote {
                    field.append("\"") // a doubled quote inside a quoted field
                    quoted = true; afterQuote = false
                } else if !fieldStarted {
                    quoted = true; fieldStarted = true
                } else {
                    field.append(s) // a stray quote in an unquoted field is kept
                }
            case delimiter:
                endField()
            case "\r":
                endRecord(); pendingCR = true
            case "\n":
                endRecord()
            default:
                afterQuote = false
                fieldStarted = true
                field.append(s)
            }
        }
        if !field.isEmpty || !fields.isEmpty || fieldStarted { endRecord() }
        return records
    }
}
