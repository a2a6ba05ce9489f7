/// Text from outside (file names above all) made safe for a one-line message: control characters,
/// a newline in a file name among them, are written as escapes (`\n`, `\t`, `\u{1b}`).
public func printable(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return text }
    var out = ""
    for s in text.unicodeScalars {
        switch s {
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if s.properties.generalCategory == .control {
                out += "\\u{\(String(s.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(s)
            }
        }
    }
    return out
}
