import Foundation
import GRDB
import Logging

/// Loads the regional registry export (CSV) into the store.
///
/// - Encoding: UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1251.
/// - Delimiter: `,`, `;` or tab, sniffed from the header line.
/// - Header: `registry_number, last_name, first_name, middle_name, birth_date, category, municipality, status`
///   in any order and case, or the Russian names ("Номер сертификата"/"Реестровый номер", "Фамилия", "Имя",
///   "Отчество", "Дата рождения", "Категория"/"Группа сертификата", "Муниципалитет"/"Муниципальное образование",
///   "Статус"). Registry number, surname, first name and birth date are required.
/// - Dates `dd.mm.yyyy` or ISO. Registry numbers of 9-10 digits (spaces and a leading apostrophe are dropped).
///
/// Entries are upserted by registry number in one transaction; bad rows are reported with their row number
/// and a reason that names the column, never the value, and the good rows still load. An entry activated
/// here keeps its activation and status when a later export still calls it "Не активирован".
/// XLSX workbooks are read by `importXLSX` (XLSXReader.swift) into the same checks.
public struct RegistryImporter: Sendable {
    public let store: RegistryStore
    let logger = Logger(label: "pfdo.registry")

    public init(store: RegistryStore) { self.store = store }

    enum Column: String, CaseIterable {
        case registryNumber = "registry_number", lastName = "last_name", firstName = "first_name"
        case middleName = "middle_name", birthDate = "birth_date", category, municipality, status

        var aliases: [String] {
            switch self {
            case .registryNumber: return ["registry_number", "номер сертификата", "реестровый номер", "номер реестровой записи"]
            case .lastName: return ["last_name", "фамилия", "фамилия ребёнка"]
            case .firstName: return ["first_name", "имя", "имя ребёнка"]
            case .middleName: return ["middle_name", "отчество", "отчество ребёнка"]
            case .birthDate: return ["birth_date", "дата рождения", "дата рождения ребёнка"]
            case .category: return ["category", "категория", "группа сертификата"]
            case .municipality: return ["municipality", "муниципалитет", "муниципальное образование"]
            case .status: return ["status", "статус"]
            }
        }

        static let required: [Column] = [.registryNumber, .lastName, .firstName, .birthDate]

        /// The column as a Russian export names it, then its key: for a header that lacks it.
        var described: String { "\(aliases[1].prefix(1).uppercased() + aliases[1].dropFirst()) (\(rawValue))" }
    }

    /// The spreadsheet letters of a 0-based column: 0 → A, 26 → AA.
    static func columnLetters(_ index: Int) -> String {
        var n = index + 1, out = ""
        while n > 0 {
            let r = (n - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + r))) + out
            n = (n - 1) / 26
        }
        return out
    }

    static func headerKey(_ s: String) -> String {
        Normalize.name(s.replacingOccurrences(of: "\u{FEFF}", with: "").replacingOccurrences(of: "_", with: " "))
    }

    /// Imports a CSV file, or the first sheet of an XLSX workbook. XLS files are refused with the remedy (save as CSV).
    public func importFile(atPath path: String, actor: String = "import") throws -> ImportSummary {
        guard let data = FileManager.default.contents(atPath: path) else { throw RegistryError.unreadableFile(path: path) }
        if path.lowercased().hasSuffix(".xlsx") { return try importXLSX(data, actor: actor) }
        if path.lowercased().hasSuffix(".xls") { throw RegistryError.unsupportedFormat("an Excel 97 (XLS) workbook") }
        return try importCSV(data, actor: actor)
    }

    /// Imports CSV bytes.
    public func importCSV(_ data: Data, actor: String = "import") throws -> ImportSummary {
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { throw RegistryError.unsupportedFormat("an Excel (XLSX) workbook") }
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { throw RegistryError.unsupportedFormat("an Excel 97 (XLS) workbook") }
        guard let text = CSV.decode(data) else { throw RegistryError.unsupportedEncoding }
        return try importCSV(text: text, actor: actor)
    }

    struct Row {
        var number: Int
        var registryNumber: String
        var lastName: String
        var firstName: String
        var middleName: String?
        var birthDate: String
        var category: String?
        var municipality: String?
        var status: String?
    }

    /// Imports CSV text.
    public func importCSV(text: String, actor: String = "import") throws -> ImportSummary {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let records: [CSV.Record]
        do {
            records = try CSV.parse(text, delimiter: CSV.sniffDelimiter(text))
        } catch let e as CSV.UnterminatedQuote {
            throw RegistryError.unterminatedQuote(row: e.record, line: e.line)
        }
        guard let header = records.first(where: { !$0.isBlank }) else { throw RegistryError.missingColumns(Column.required.map(\.described)) }
        var index: [Column: Int] = [:]
        for (i, name) in header.fields.enumerated() {
            let key = Self.headerKey(name)
            if let column = Column.allCases.first(where: { c in c.aliases.contains { Self.headerKey($0) == key } }),
               index[column] == nil {
                index[column] = i
            }
        }
        let missing = Column.required.filter { index[$0] == nil }
        guard missing.isEmpty else { throw RegistryError.missingColumns(missing.map(\.described)) }
        // Errors name a column as the file's own header does (a header is a column name, never a person's data).
        func named(_ i: Int) -> String {
            "\"" + (i < header.fields.count ? Normalize.text(header.fields[i]) ?? "" : "")
                .replacingOccurrences(of: "\u{FEFF}", with: "") + "\" (" + Self.columnLetters(i) + ")"
        }
        let name = { (c: Column) -> String in index[c].map(named) ?? c.rawValue }

        var summary = ImportSummary()
        var rows: [Row] = []
        var firstRow: [String: Int] = [:]
        for record in records where record.number > header.number && !record.isBlank {
            func value(_ c: Column) -> String? {
                guard let i = index[c], i < record.fields.count else { return nil }
                return Normalize.text(record.fields[i])
            }
            func reject(_ column: String?, _ en: String, _ ru: String) {
                summary.rejected.append(.init(row: record.number, column: column, reason: (column.map { $0 + ": " } ?? "") + en,
                                              reasonRu: (column.map { $0 + ": " } ?? "") + ru))
            }
            func empty(_ c: Column) { reject(name(c), "is empty", "пусто") }
            let (got, want) = (record.fields.count, header.fields.count)
            if got > want {
                reject(nil, "the row has \(got) fields, the header \(want): a value holds an unquoted delimiter",
                       "в строке \(got) значений, в заголовке \(want): в значении есть разделитель без кавычек")
                continue
            }
            if got < want {
                reject(nil, "the row has \(got) fields, the header \(want): a value or a delimiter is missing",
                       "в строке \(got) значений, в заголовке \(want): пропущено значение или разделитель")
                continue
            }
            if let column = record.strayQuote {
                reject(named(column), "a stray quote: a value with quotes must be quoted whole and its quotes doubled (\"a \"\"b\"\" c\")",
                       "лишняя кавычка: значение с кавычками берётся в кавычки целиком, а его кавычки удваиваются (\"а \"\"б\"\" в\")")
                continue
            }
            var raw = value(.registryNumber)?.replacingOccurrences(of: " ", with: "") ?? ""
            if raw.hasPrefix("'") { raw.removeFirst() }
            guard !raw.isEmpty else { empty(.registryNumber); continue }
            guard Normalize.isRegistryNumber(raw) else {
                reject(name(.registryNumber), "must be 9 or 10 digits", "нужно 9 или 10 цифр"); continue
            }
            guard let last = value(.lastName) else { empty(.lastName); continue }
            guard let first = value(.firstName) else { empty(.firstName); continue }
            guard let birthText = value(.birthDate) else { empty(.birthDate); continue }
            guard let birth = Normalize.isoDate(birthText) else {
                reject(name(.birthDate), "not a real date as dd.mm.yyyy or yyyy-mm-dd", "не настоящая дата дд.мм.гггг или гггг-мм-дд"); continue
            }
            if let previous = firstRow[raw] {
                reject(name(.registryNumber), "the number repeats row \(previous)", "номер повторяет строку \(previous)"); continue
            }
            firstRow[raw] = record.number
            rows.append(Row(number: record.number, registryNumber: raw, lastName: last, firstName: first,
                            middleName: value(.middleName), birthDate: birth, category: value(.category),
                            municipality: value(.municipality), status: value(.status)))
        }

        try store.write { db in
            let now = store.clock()
            let update = """
                UPDATE registry_entry SET last_name = ?, first_name = ?, middle_name = ?, birth_date = ?,
                       category = ?, municipality = ?, status = ?, person_key = ?, search_name = ?, updated_at = ?
                WHERE registry_number = ?
                """
            let insert = """
                INSERT INTO registry_entry (registry_number, last_name, first_name, middle_name, birth_date,
                       category, municipality, status, consent_revoked, imported_at, updated_at, person_key, search_name)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
                """
            for row in rows {
                func personKey() -> String {
                    Normalize.personKey(lastName: row.lastName, firstName: row.firstName, birthDate: row.birthDate) ?? ""
                }
                var searchName: String { Normalize.name(row.lastName) }
                if let existing = try RegistryEntry.fetchOne(db, key: row.registryNumber) {
                    var status = row.status
                    // An activation done here outlives an older export that does not know it yet.
                    if existing.activatedPacketId != nil, Normalize.name(status) == "не активирован" || status == nil {
                        status = existing.status
                    }
                    if existing.lastName == row.lastName, existing.firstName == row.firstName,
                       existing.middleName == row.middleName, existing.birthDate == row.birthDate,
                       existing.category == row.category, existing.municipality == row.municipality,
                       existing.status == status {
                        summary.unchanged += 1
                        continue
                    }
                    try db.execute(sql: update, arguments: [row.lastName, row.firstName, row.middleName, row.birthDate, row.category,
                                                   row.municipality, status, personKey(), searchName, now, row.registryNumber])
                    summary.updated += 1
                } else {
                    try db.execute(sql: insert, arguments: [row.registryNumber, row.lastName, row.firstName, row.middleName, row.birthDate,
                                                   row.category, row.municipality, row.status, now, now, personKey(), searchName])
                    summary.inserted += 1
                }
            }
            try Audit.write(db, at: now, actor: actor, action: AuditAction.registryImported, detail: [
                "inserted": .int(Int64(summary.inserted)), "updated": .int(Int64(summary.updated)),
                "unchanged": .int(Int64(summary.unchanged)), "rejected": .int(Int64(summary.rejected.count)),
            ])
        }
        logger.info("registry imported", metadata: [
            "inserted": "\(summary.inserted)", "updated": "\(summary.updated)",
            "unchanged": "\(summary.unchanged)", "rejected": "\(summary.rejected.count)",
        ])
        return summary
    }
}
