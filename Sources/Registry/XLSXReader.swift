import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Why a workbook cannot be read. Messages name sheets and parts, never cell values.
public enum XLSXError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The file is not a zip of Office Open XML parts, or a part is damaged.
    case notAWorkbook(detail: String)
    /// `--sheet` names a sheet the workbook does not have.
    case noSuchSheet(String, available: [String])
    /// The workbook has no sheet at all.
    case noSheets

    public var description: String {
        switch self {
        case let .notAWorkbook(detail):
            return "not a readable Excel workbook (\(detail)): open it in Excel or LibreOffice and save it again as .xlsx, or save the sheet as CSV UTF-8."
        case let .noSuchSheet(name, available):
            return "the workbook has no sheet named '\(name)': its sheets are \(available.map { "'\($0)'" }.joined(separator: ", ")) (pass one with --sheet)."
        case .noSheets:
            return "the workbook has no sheet: export the registry again from the regional system."
        }
    }

    public var errorDescription: String? { description }
}

/// Reads one sheet of an XLSX workbook (a zip of XML parts) into rows of text, as a CSV export of the same
/// sheet would hold them: shared and inline strings as text, numbers without a float tail (a registry number
/// stored as a number stays its digits), cells in a date format as ISO dates (`yyyy-mm-dd`, from the Excel
/// serial, 1900 or 1904 date system), booleans as TRUE/FALSE. Row numbers are the sheet's own.
public struct XLSXReader {
    /// One sheet row: its 1-based number in the sheet and its cells from column A on (gaps are empty).
    public struct SheetRow: Equatable, Sendable {
        public var number: Int
        public var cells: [String]
    }

    let archive: Archive
    public let sheetNames: [String]
    let sheetPaths: [String]
    let sharedStrings: [String]
    let dateStyles: Set<Int>
    let date1904: Bool

    public init(data: Data) throws {
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw XLSXError.notAWorkbook(detail: "not a zip archive")
        }
        let workbook = try Self.parse(try Self.part(archive, "xl/workbook.xml"), WorkbookHandler())
        let rels = try Self.parse(try Self.part(archive, "xl/_rels/workbook.xml.rels"), RelationsHandler())
        sheetNames = workbook.sheets.map(\.name)
        sheetPaths = workbook.sheets.map { sheet in
            let target = rels.targets[sheet.relation] ?? ""
            return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        date1904 = workbook.date1904
        sharedStrings = try Self.optionalPart(archive, "xl/sharedStrings.xml").map { try Self.parse($0, SharedStringsHandler()).strings } ?? []
        dateStyles = try Self.optionalPart(archive, "xl/styles.xml").map { try Self.parse($0, StylesHandler()).dateStyles } ?? []
    }

    /// The rows of the sheet named `name`, or of the first sheet.
    public func rows(sheet name: String? = nil) throws -> [SheetRow] {
        guard !sheetNames.isEmpty else { throw XLSXError.noSheets }
        let index: Int
        if let name {
            guard let i = sheetNames.firstIndex(of: name)
                    ?? sheetNames.firstIndex(where: { $0.lowercased() == name.lowercased() }) else {
                throw XLSXError.noSuchSheet(name, available: sheetNames)
            }
            index = i
        } else {
            index = 0
        }
        let handler = SheetHandler(shared: sharedStrings, dateStyles: dateStyles, date1904: date1904)
        return try Self.parse(try Self.part(archive, sheetPaths[index]), handler).rows
    }

    /// The rows as CSV text (comma-separated, quoted where needed), one line per sheet row from row 1, so
    /// that the CSV reader's record numbers are the sheet's row numbers.
    public static func csvText(_ rows: [SheetRow]) -> String {
        var out = ""
        var next = 1
        for row in rows {
            while next < row.number { out += "\n"; next += 1 }
            out += row.cells.map(quoted).joined(separator: ",") + "\n"
            next += 1
        }
        return out
    }

    static func quoted(_ s: String) -> String {
        guard s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") || s.contains(";") || s.contains("\t")
        else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: - Parts

    static func part(_ archive: Archive, _ path: String) throws -> Data {
        guard let data = try optionalPart(archive, path) else { throw XLSXError.notAWorkbook(detail: "\(path) is missing") }
        return data
    }

    static func optionalPart(_ archive: Archive, _ path: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        var data = Data()
        do {
            _ = try archive.extract(entry) { data.append($0) }
        } catch {
            throw XLSXError.notAWorkbook(detail: "\(path) is damaged")
        }
        return data
    }

    static func parse<H: PartHandler>(_ data: Data, _ handler: H) throws -> H {
        let parser = XMLParser(data: data)
        parser.delegate = handler
        guard parser.parse() else {
            throw XLSXError.notAWorkbook(detail: "an XML part is damaged at line \(parser.lineNumber)")
        }
        return handler
    }

    /// Column index (0-based) of a cell reference like `AB12`.
    static func column(_ reference: String) -> Int? {
        var n = 0
        var any = false
        for u in reference.unicodeScalars {
            guard u.value >= 65 && u.value <= 90 else { break }
            n = n * 26 + Int(u.value - 64)
            any = true
        }
        return any ? n - 1 : nil
    }

    /// An Excel date serial as an ISO date.
    static func isoDate(serial: Double, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        let base: DateComponents
        if date1904 {
            base = DateComponents(year: 1904, month: 1, day: 1)
        } else {
            // Serial 60 is 1900-02-29, a day that never was (Lotus's leap-year error, kept by Excel).
            if days == 60 { return nil }
            if days < 60 { days += 1 }
            base = DateComponents(year: 1899, month: 12, day: 30)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let start = calendar.date(from: base), let date = calendar.date(byAdding: .day, value: days, to: start) else { return nil }
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// A number as a spreadsheet shows it in General format: integers without `.0` or an exponent.
    static func numberText(_ raw: String) -> String {
        guard let v = Double(raw), v.isFinite else { return raw }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return raw
    }
}

// MARK: - XML handlers

protocol PartHandler: XMLParserDelegate {}

private final class WorkbookHandler: NSObject, PartHandler {
    var sheets: [(name: String, relation: String)] = []
    var date1904 = false

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch local(element) {
        case "sheet":
            let relation = attributes.first { $0.key == "r:id" || $0.key.hasSuffix(":id") }?.value ?? ""
            sheets.append((attributes["name"] ?? "", relation))
        case "workbookPr":
            date1904 = ["1", "true"].contains(attributes["date1904"]?.lowercased() ?? "")
        default: break
        }
    }
}

private final class RelationsHandler: NSObject, PartHandler {
    var targets: [String: String] = [:]

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if local(element) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] { targets[id] = target }
    }
}

private final class SharedStringsHandler: NSObject, PartHandler {
    var strings: [String] = []
    private var current = ""
    private var inText = false
    private var inPhonetic = false

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch local(element) {
        case "si": current = ""
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        switch local(element) {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }
}

private final class StylesHandler: NSObject, PartHandler {
    /// Indexes into cellXfs whose number format shows a date.
    var dateStyles: Set<Int> = []
    private var customDate: Set<Int> = []
    private var inCellXfs = false
    private var xfIndex = 0

    static let builtinDates: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch local(element) {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), Self.isDateFormat(attributes["formatCode"] ?? "") {
                customDate.insert(id)
            }
        case "cellXfs": inCellXfs = true; xfIndex = 0
        case "xf" where inCellXfs:
            let id = attributes["numFmtId"].flatMap(Int.init) ?? 0
            if Self.builtinDates.contains(id) || customDate.contains(id) { dateStyles.insert(xfIndex) }
            xfIndex += 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        if local(element) == "cellXfs" { inCellXfs = false }
    }

    /// A format code that shows a day or a year (quoted text and [colour]/[locale] sections ignored).
    static func isDateFormat(_ code: String) -> Bool {
        var plain = ""
        var quoted = false, bracket = false
        for c in code.lowercased() {
            if c == "\"" { quoted.toggle(); continue }
            if quoted { continue }
            if c == "[" { bracket = true; continue }
            if c == "]" { bracket = false; continue }
            if !bracket { plain.append(c) }
        }
        return plain.contains("d") || plain.contains("y")
    }
}

private final class SheetHandler: NSObject, PartHandler {
    var rows: [XLSXReader.SheetRow] = []
    let shared: [String]
    let dateStyles: Set<Int>
    let date1904: Bool

    private var cells: [Int: String] = [:]
    private var rowNumber = 0
    private var nextColumn = 0
    private var cellColumn = 0
    private var cellType = "n"
    private var cellStyle = 0
    private var text = ""
    private var collecting = false
    private var inInline = false

    init(shared: [String], dateStyles: Set<Int>, date1904: Bool) {
        self.shared = shared; self.dateStyles = dateStyles; self.date1904 = date1904
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch local(element) {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            cells = [:]
            nextColumn = 0
        case "c":
            cellColumn = attributes["r"].flatMap(XLSXReader.column) ?? nextColumn
            nextColumn = cellColumn + 1
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap(Int.init) ?? 0
            text = ""
        case "v":
            collecting = true
        case "is":
            inInline = true
        case "t" where inInline:
            collecting = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        switch local(element) {
        case "v", "t": collecting = false
        case "is": inInline = false
        case "c": cells[cellColumn] = value()
        case "row":
            let width = (cells.keys.max() ?? -1) + 1
            rows.append(.init(number: rowNumber, cells: (0..<width).map { cells[$0] ?? "" }))
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if collecting { text += string } }

    private func value() -> String {
        switch cellType {
        case "s":
            return Int(text.trimmingCharacters(in: .whitespaces)).flatMap { $0 >= 0 && $0 < shared.count ? shared[$0] : nil } ?? ""
        case "inlineStr", "str", "e":
            return text
        case "b":
            return text == "1" ? "TRUE" : "FALSE"
        default:
            let raw = text.trimmingCharacters(in: .whitespaces)
            if dateStyles.contains(cellStyle), let serial = Double(raw),
               let iso = XLSXReader.isoDate(serial: serial, date1904: date1904) {
                return iso
            }
            return XLSXReader.numberText(raw)
        }
    }
}

/// An element's name without its namespace prefix.
private func local(_ name: String) -> String {
    name.firstIndex(of: ":").map { String(name[name.index(after: $0)...]) } ?? name
}

extension RegistryImporter {
    /// Imports one sheet of an XLSX workbook (the first, or the one named `sheet`): its rows go through the
    /// same checks as a CSV file's, so results and row-numbered errors are the same as for the sheet saved as CSV.
    public func importXLSX(_ data: Data, sheet: String? = nil, actor: String = "import") throws -> ImportSummary {
        let rows = try XLSXReader(data: data).rows(sheet: sheet)
        return try importCSV(text: XLSXReader.csvText(rows), actor: actor)
    }
}
