import ArgumentParser
import Foundation
import Registry

/// The registry database shared by every command that needs one.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(L(
        "The registry database: an SQLite file, or postgres://user@host/dbname for a PostgreSQL database shared by several machines (the password from $PGPASSWORD or the address). Default: $PFDO_DB, else pfdo-intake.db in the working directory. Only ingest, registry import and users add create a missing file; PostgreSQL tables are created on first use.",
        "База реестра: файл SQLite или postgres://пользователь@сервер/база для базы PostgreSQL, общей для нескольких машин (пароль из $PGPASSWORD или адреса). По умолчанию $PFDO_DB, иначе pfdo-intake.db в текущем каталоге. Новый файл создают только ingest, registry import и users add; таблицы PostgreSQL создаются при первом обращении."),
        valueName: "file|url"))
    var db: String?

    /// `--db`, else `$PFDO_DB`, else `pfdo-intake.db` in the working directory.
    var resolvedPath: String {
        if let db, !db.isEmpty { return db }
        if let env = ProcessInfo.processInfo.environment["PFDO_DB"], !env.isEmpty { return env }
        return "pfdo-intake.db"
    }

    /// Whether the registry is a PostgreSQL database (a `postgres://` address) rather than an SQLite file.
    var isServer: Bool { PostgresLocation.isURL(resolvedPath) }

    /// The database as messages name it: the file, or the address without its password.
    var displayPath: String {
        guard isServer else { return resolvedPath }
        return (try? PostgresLocation(url: resolvedPath).display) ?? "postgres://…"
    }

    /// Whether the registry exists already: the file, or (a server's database, which only its administrator
    /// creates) always.
    var exists: Bool { isServer || FileManager.default.fileExists(atPath: resolvedPath) }

    /// Opens the store; an unusable database is an environment problem (exit 3). Commands that only read
    /// (and those that change what exists) pass `create: false`: a mistyped path is an error naming it,
    /// never a new empty database.
    func open(create: Bool = true) throws -> RegistryStore {
        let path = resolvedPath
        if !create, !exists {
            printError(L("no registry database at \(path): check --db or $PFDO_DB (a new database is made by `pfdo-intake registry import FILE --db \(path)` or `ingest`)",
                         "нет базы реестра \(path): проверьте --db или $PFDO_DB (новую базу создают `pfdo-intake registry import ФАЙЛ --db \(path)` и `ingest`)"))
            throw ExitCode(ExitCodes.environment)
        }
        do {
            return try RegistryStore(path: resolvedPath)
        } catch {
            printError(describe(error))
            throw ExitCode(ExitCodes.environment)
        }
    }
}

struct RegistryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: L("Import the regional certificate registry, export it with activations, look up and revoke consents.", "Загрузить региональный реестр сертификатов, выгрузить активации, найти запись, отозвать согласие."),
        discussion: L("""
        The registry database holds the imported registry entries, every registered packet (documents, \
        pages, fields with their provenance), review decisions and an audit log without personal data. \
        Several processes may share one database file.

        Examples:
          pfdo-intake registry import reestr.csv --db kemerovo.db
          pfdo-intake registry export --format csv > activations.csv
          pfdo-intake registry status 4217123456
          pfdo-intake registry revoke-consent --registry-number 4217123456 --yes
        """, """
        В базе реестра хранятся загруженные записи реестра, все зарегистрированные пакеты (документы, \
        страницы, поля и их происхождение), решения проверяющих и журнал без персональных данных. \
        С одним файлом базы могут работать несколько процессов.

        Примеры:
          pfdo-intake registry import reestr.csv --db kemerovo.db
          pfdo-intake registry export --excel > activations.csv
          pfdo-intake registry status 4217123456
          pfdo-intake registry revoke-consent --registry-number 4217123456 --yes
        """),
        subcommands: [RegistryImportCommand.self, RegistryExportCommand.self, RegistryStatusCommand.self,
                      RegistryRevokeConsentCommand.self]
    )
}

// MARK: - import

struct RegistryImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: L("Load or update registry entries from the regional export (XLSX or CSV).", "Загрузить или обновить записи реестра из региональной выгрузки (XLSX или CSV)."),
        discussion: L("""
        An .xlsx workbook is read from its first sheet (or the one named with --sheet): text, numbers \
        and dates as Excel stores them (a date cell becomes the date, a registry number stored as a \
        number keeps its digits). Any other file is CSV in UTF-8 (with or without BOM; Windows-1251 is \
        read too), separated by commas, semicolons or tabs (taken from the header line). Both go \
        through the same checks, so an .xlsx and the same sheet saved as CSV give the same result.

        The first row names the columns, in any order:
          registry_number, last_name, first_name, middle_name, birth_date,
          category, municipality, status
        or their Russian names:
          Номер сертификата (or Реестровый номер), Фамилия, Имя, Отчество,
          Дата рождения, Категория (or Группа сертификата),
          Муниципалитет (or Муниципальное образование), Статус.
        registry_number (9-10 digits), last_name, first_name and birth_date (dd.mm.yyyy or yyyy-mm-dd) \
        are required; a Russian name may end in "ребёнка" (Дата рождения ребёнка).

        Entries are updated by registry number, never duplicated, so a newer export can be imported over \
        an older one. Bad rows are listed on stderr with their row number (the header is row 1; in a \
        workbook, the sheet's own row number), the column as the file names it, and the reason; the good rows are loaded and the command \
        exits with 1.

        Then every packet waiting in review is checked again against the registry, and the command says \
        what changed (packets activated, reasons changed), so packets that waited for registry_unknown \
        move on. --dry-run does all of it on a temporary copy and leaves the database as it was.

        Prints: inserted N, updated N, unchanged N, rejected N, then the re-check (or JSON with --format json).
        """, """
        Книга .xlsx читается с первого листа (или с листа, указанного в --sheet): текст, числа и даты \
        так, как их хранит Excel (ячейка с датой становится датой, реестровый номер, сохранённый числом, \
        сохраняет свои цифры). Любой другой файл читается как CSV в UTF-8 (с BOM или без; Windows-1251 \
        тоже читается) с разделителем запятая, точка с запятой или табуляция (определяется по строке \
        заголовка). Оба проходят одни и те же проверки, поэтому .xlsx и тот же лист, сохранённый \
        как CSV, дают одинаковый результат.

        Первая строка называет столбцы, в любом порядке:
          Номер сертификата (или Реестровый номер), Фамилия, Имя, Отчество,
          Дата рождения, Категория (или Группа сертификата),
          Муниципалитет (или Муниципальное образование), Статус
        или по-английски:
          registry_number, last_name, first_name, middle_name, birth_date,
          category, municipality, status.
        Обязательны номер сертификата (9-10 цифр), фамилия, имя и дата рождения (дд.мм.гггг или \
        гггг-мм-дд); к названиям можно добавить «ребёнка» (Дата рождения ребёнка).

        Записи обновляются по реестровому номеру и не дублируются, поэтому новую выгрузку можно \
        загрузить поверх старой. Ошибочные строки перечисляются в stderr с номером строки (заголовок — \
        строка 1; в книге — номер строки на листе), столбцом, как он назван в файле, и причиной; \
        верные строки загружаются, а команда завершается с кодом 1.

        Затем каждый пакет на проверке заново сверяется с реестром, и команда сообщает, что \
        изменилось (какие пакеты активированы, у каких изменились причины), так что пакеты, ждавшие \
        из-за registry_unknown, идут дальше. --dry-run делает всё это на временной копии и оставляет \
        базу как была.

        Печатает: добавлено N, обновлено N, без изменений N, отклонено N, затем итог перепроверки \
        (или JSON с --format json).
        """)
    )

    @Argument(help: ArgumentHelp(L("The XLSX or CSV file exported from the regional system.",
                                    "Файл XLSX или CSV, выгруженный из региональной системы."), valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp(L("The sheet of an XLSX workbook to read (default: the first).",
                                  "Лист книги XLSX (по умолчанию первый)."), valueName: "name"))
    var sheet: String?

    @OptionGroup var database: DatabaseOptions

    @Flag(help: ArgumentHelp(L("Import into a temporary copy and report what would change; the database is not touched.",
                               "Загрузить во временную копию и сообщить, что изменится; база не меняется.")))
    var dryRun = false

    @Flag(help: ArgumentHelp("Kept for old scripts: packets in review are always re-checked now.", visibility: .hidden))
    var reevaluate = false

    @OptionGroup var output: OutputOptions

    /// One re-checked packet whose state or reasons changed.
    struct Change: Encodable {
        var packetId: Int64
        var state: String
        var before: [String]
        var after: [String]
        enum CodingKeys: String, CodingKey { case packetId = "packet_id", state, before = "reasons_before", after = "reasons_after" }
    }

    struct Report: Encodable {
        var file: String
        var database: String
        var dryRun: Bool
        var inserted: Int
        var updated: Int
        var unchanged: Int
        var rejected: [ImportSummary.RejectedRow]
        var rechecked: Int
        var activated: Int
        var changed: [Change]
        enum CodingKeys: String, CodingKey {
            case file, database, dryRun = "dry_run", inserted, updated, unchanged, rejected, rechecked, activated, changed
        }
    }

    func run() throws {
        let isWorkbook = file.lowercased().hasSuffix(".xlsx")
        if sheet != nil && !isWorkbook {
            printError(L("--sheet applies to .xlsx workbooks only; \(file) is read as CSV",
                         "--sheet относится только к книгам .xlsx; \(file) читается как CSV"))
            throw ExitCode(ExitCodes.usage)
        }
        let exists = database.exists
        var store = try database.open(create: !dryRun || exists)
        let scratch = dryRun ? try DryRun(copying: store) : nil
        if let scratch { store = scratch.store }
        defer { scratch?.remove() }

        let summary: ImportSummary
        do {
            let importer = RegistryImporter(store: store)
            if isWorkbook {
                guard let data = FileManager.default.contents(atPath: file) else { throw RegistryError.unreadableFile(path: file) }
                summary = try importer.importXLSX(data, sheet: sheet)
            } else {
                summary = try importer.importFile(atPath: file)
            }
        } catch let e as RegistryError where e.isEnvironment {
            printError(describe(e))
            throw ExitCode(ExitCodes.environment)
        } catch {
            var message = "\(file): " + describe(error)
            if isWorkbook, sheet == nil, case RegistryError.missingColumns = error,
               let names = FileManager.default.contents(atPath: file).flatMap({ try? XLSXReader(data: $0).sheetNames }), names.count > 1 {
                message += " " + L("The columns may be on another sheet: \(names.map { "--sheet '\($0)'" }.joined(separator: ", ")).",
                                   "Столбцы могут быть на другом листе: \(names.map { "--sheet '\($0)'" }.joined(separator: ", ")).")
            }
            printError(message)
            throw ExitCode(ExitCodes.allInputsFailed)
        }
        for r in summary.rejected { printError("\(file): " + L("row \(r.row): \(r.reason)", "строка \(r.row): \(r.reasonRu)")) }

        let before = try registryCall { try store.reviewSnapshot() }
        let outcomes = try registryCall { try store.reevaluateQueue(actor: "import") }
        var changes: [Change] = []
        for o in outcomes {
            let after = o.reasons.map(\.code)
            if o.state != .review || after != before[o.packetId] {
                changes.append(Change(packetId: o.packetId, state: o.state.rawValue, before: before[o.packetId] ?? [], after: after))
            }
        }
        let activated = changes.filter { $0.state == PacketState.registered.rawValue }.count
        if output.isJSON {
            print(MachineJSON.encode(Report(file: file, database: database.displayPath, dryRun: dryRun,
                                            inserted: summary.inserted, updated: summary.updated,
                                            unchanged: summary.unchanged, rejected: summary.rejected,
                                            rechecked: outcomes.count, activated: activated, changed: changes)))
        } else {
            var out = (dryRun ? L("DRY RUN, nothing written: ", "ПРОБНЫЙ ПРОГОН, ничего не записано: ") : "")
                + L("inserted \(summary.inserted), updated \(summary.updated), unchanged \(summary.unchanged), rejected \(summary.rejected.count)",
                    "добавлено \(summary.inserted), обновлено \(summary.updated), без изменений \(summary.unchanged), отклонено \(summary.rejected.count)")
            out += "\n" + L("packets in review re-checked: \(outcomes.count); activated \(activated); reasons changed \(changes.count - activated)",
                           "пакетов на проверке перепроверено: \(outcomes.count); активировано \(activated); изменились причины \(changes.count - activated)")
            for c in changes {
                let was = c.before.map(reasonLabel).joined(separator: ", ")
                let now = c.state == PacketState.review.rawValue ? c.after.map(reasonLabel).joined(separator: ", ") : stateLabel(c.state)
                out += "\n  #\(c.packetId): \(was.isEmpty ? "-" : was) → \(now.isEmpty ? "-" : now)"
            }
            print(out)
        }
        if !summary.rejected.isEmpty {
            throw ExitCode(summary.rejected.count == summary.total ? ExitCodes.allInputsFailed : ExitCodes.someInputsFailed)
        }
    }
}

// MARK: - export

struct RegistryExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: L("Print registry entries with their activation state and the values read from paper.", "Выгрузить записи реестра с состоянием активации и значениями с бумаги."),
        discussion: L("""
        Writes to stdout. Paper values come from the packet that activated the entry, else from the \
        entry's latest packet.

        csv   one row per entry: registry_number, last_name, first_name,
              middle_name, birth_date, category, municipality, status,
              consent_revoked, activated_at, packet_id, packet_state, then
              paper.<field key> for each form field, then corrected_fields and
              confirmed_fields (the keys a reviewer changed / kept, space-separated)
        json  {schema_version, entries: [{entry, packet_id, packet_state,
              packet_updated_at, paper: {<field key>: {value, status}}}]}
              status: ok, review, missing, confirmed or corrected

        --excel writes what the regional system and a Russian Excel open directly: a UTF-8 byte-order \
        mark, ';' between cells, the Russian column names `registry import` reads (Номер сертификата, \
        Фамилия, ...) and dates as dd.mm.yyyy; such a file can be imported again as it is. Without it, \
        English column names and ISO 8601 dates (UTC for times).

        Examples:
          pfdo-intake registry export --excel --state registered --since 01.12.2026 > activations.csv
          pfdo-intake registry export --format json --state review
        """, """
        Пишет в stdout. Значения с бумаги берутся из пакета, активировавшего запись, иначе из \
        последнего пакета записи.

        csv   строка на запись: registry_number, last_name, first_name,
              middle_name, birth_date, category, municipality, status,
              consent_revoked, activated_at, packet_id, packet_state, затем
              paper.<ключ поля> для каждого поля формы, затем corrected_fields
              и confirmed_fields (ключи полей, которые проверяющий исправил /
              подтвердил, через пробел)
        json  {schema_version, entries: [{entry, packet_id, packet_state,
              packet_updated_at, paper: {<ключ поля>: {value, status}}}]}
              status: ok, review, missing, confirmed или corrected

        --excel пишет то, что региональная система и русский Excel открывают сразу: метку порядка \
        байтов UTF-8, ';' между ячейками, русские названия столбцов, которые читает `registry import` \
        (Номер сертификата, Фамилия, ...), и даты дд.мм.гггг; такой файл можно загрузить обратно как \
        есть. Без --excel — английские названия столбцов и даты ISO 8601 (время в UTC).

        Примеры:
          pfdo-intake registry export --excel --state registered --since 01.12.2026 > activations.csv
          pfdo-intake registry export --format json --state review
        """)
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

    @Option(help: ArgumentHelp(L("Output format: csv or json.", "Формат вывода: csv или json.")))
    var format: Format = .csv

    @Flag(name: .customLong("json"), help: ArgumentHelp("Same as --format json.", visibility: .hidden))
    var jsonAlias = false

    @Flag(help: ArgumentHelp(L("CSV for Excel and the regional system: BOM, ';', Russian column names, dates dd.mm.yyyy.",
                               "CSV для Excel и региональной системы: BOM, ';', русские названия столбцов, даты дд.мм.гггг.")))
    var excel = false

    @Option(help: ArgumentHelp(L("CSV delimiter: ',' or ';' (--excel implies ';').", "Разделитель CSV: ',' или ';' (при --excel — ';')."),
                               valueName: "char"))
    var delimiter: String?

    @Option(help: ArgumentHelp(L("Only entries whose packet is registered, review or rejected.",
                                 "Только записи, чей пакет в состоянии registered, review или rejected."), valueName: "state"))
    var state: PacketState?

    @Option(help: ArgumentHelp(L("Only entries whose packet changed on or after this day (dd.mm.yyyy or yyyy-mm-dd, local time).",
                                 "Только записи, чей пакет изменился в этот день или позже (дд.мм.гггг или гггг-мм-дд, местное время)."),
                               valueName: "date"))
    var since: String?

    @OptionGroup var database: DatabaseOptions

    var sinceDate: Date? {
        guard let since, let iso = Normalize.isoDate(since) else { return nil }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone.current
        f.dateFormat = "yyyy-MM-dd"
        return f.date(from: iso)
    }

    func validate() throws {
        if let delimiter, delimiter != ",", delimiter != ";" { throw ValidationError(L("--delimiter must be ',' or ';'", "--delimiter — только ',' или ';'")) }
        if since != nil, sinceDate == nil { throw ValidationError(L("--since must be a real date as dd.mm.yyyy or yyyy-mm-dd", "--since — настоящая дата дд.мм.гггг или гггг-мм-дд")) }
        if excel, jsonAlias || format == .json { throw ValidationError(L("--excel applies to CSV, not to --format json", "--excel относится к CSV, а не к --format json")) }
    }

    /// The form fields exported as CSV columns, in this order.
    static let paperKeys = [
        "application_number", "registry_number", "category", "child.last_name", "child.first_name",
        "child.middle_name", "child.birth_date", "child.address", "applicant.last_name", "applicant.first_name",
        "applicant.middle_name", "applicant.phone", "applicant.email", "applicant.address",
        "applicant.passport_series", "applicant.passport_number", "applicant.passport_issue_date",
        "applicant.passport_issued_by",
    ]

    static let englishHeader = ["registry_number", "last_name", "first_name", "middle_name", "birth_date", "category",
                                "municipality", "status", "consent_revoked", "activated_at", "packet_id", "packet_state"]
    /// The names `registry import` reads, for the entry's columns; the rest in Russian for the clerk.
    static let russianHeader = ["Номер сертификата", "Фамилия", "Имя", "Отчество", "Дата рождения", "Категория",
                                "Муниципалитет", "Статус", "Согласие отозвано", "Дата активации", "Пакет", "Состояние пакета"]

    struct Output: Encodable {
        var entries: [ExportRecord]
    }

    func run() throws {
        let store = try database.open(create: false)
        let rows = try registryCall { try store.exportRecords(ExportFilter(state: state, since: sinceDate)) }
        if jsonAlias || format == .json {
            print(MachineJSON.encode(Output(entries: rows)))
            return
        }
        let d = delimiter ?? (excel ? ";" : ",")
        let header = (excel ? Self.russianHeader : Self.englishHeader)
            + Self.paperKeys.map { excel ? "Бумага: " + Labels.field($0).ru : "paper.\($0)" }
            + (excel ? ["Исправлены", "Подтверждены"] : ["corrected_fields", "confirmed_fields"])
        let day = { (iso: String) -> String in excel ? Display.date(iso) : iso }
        let time = { (date: Date) -> String in excel ? Display.timestamp(date) : RegistryJSON.iso(date) }
        let end = excel ? "\r\n" : "\n"
        var out = (excel ? "\u{FEFF}" : "") + header.map { csvCell($0, delimiter: d) }.joined(separator: d) + end
        for row in rows {
            let e = row.entry
            var cells: [String] = [
                e.registryNumber, e.lastName, e.firstName, e.middleName ?? "", day(e.birthDate), e.category ?? "",
                e.municipality ?? "", e.status ?? "", e.consentRevoked ? "1" : "0",
                e.activatedAt.map(time) ?? "", row.packetId.map(String.init) ?? "",
                row.packetState.map { excel ? Labels.state($0.rawValue).ru : $0.rawValue } ?? "",
            ]
            cells += Self.paperKeys.map { key in
                row.paper[key]?.value.map { key.hasSuffix("date") ? day($0) : $0 } ?? ""
            }
            cells.append(row.paper.filter { $0.value.status == "corrected" }.keys.sorted().joined(separator: " "))
            cells.append(row.paper.filter { $0.value.status == "confirmed" }.keys.sorted().joined(separator: " "))
            out += cells.map { csvCell($0, delimiter: d) }.joined(separator: d) + end
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    private func csvCell(_ s: String, delimiter: String) -> String {
        guard s.contains(delimiter) || s.contains("\"") || s.contains("\n") || s.contains("\r") else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension PacketState: ExpressibleByArgument {}

// MARK: - status

struct RegistryStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: L("Show a registry entry, the packets naming it with their stored reasons, their documents and the audit history.", "Показать запись реестра, её пакеты с причинами, документы и журнал."),
        discussion: L("""
        Exits with 2 when neither the imported registry nor any packet has the number. A packet whose \
        registry number was misread (or not read) is not found here: `pfdo-intake queue` lists every \
        packet in review, `pfdo-intake packet show ID` shows one.

        text  a readable summary: each packet's reasons and the fields in doubt with the machine's note
        json  {schema_version, entry, packets: [{id, state, reasons, ...}], documents,
               audit: [{at, actor, action, packet_id, detail: {...}}]}
        """, """
        Завершается с кодом 2, если номера нет ни в загруженном реестре, ни в одном пакете. Пакет, \
        чей реестровый номер прочитан неверно (или не прочитан), здесь не найти: `pfdo-intake queue` \
        перечисляет все пакеты на проверке, `pfdo-intake packet show ID` показывает один.

        text  понятная сводка: причины каждого пакета и поля под сомнением с пометкой машины
        json  {schema_version, entry, packets: [{id, state, reasons, ...}], documents,
               audit: [{at, actor, action, packet_id, detail: {...}}]}
        """)
    )

    @Argument(help: ArgumentHelp(L("The registry (certificate) number, 9-10 digits.", "Реестровый номер (номер сертификата), 9-10 цифр."),
                                 valueName: "number"))
    var number: String

    @OptionGroup var output: OutputOptions

    @OptionGroup var database: DatabaseOptions

    struct Output: Encodable {
        var entry: RegistryEntry?
        var packets: [PacketRecord]
        var documents: [DocumentRecord]
        var audit: [AuditEntry]
    }

    func run() throws {
        let store = try database.open(create: false)
        let status: EntryStatus
        do {
            status = try store.status(registryNumber: number)
        } catch RegistryError.entryNotFound {
            printError(describe(RegistryError.entryNotFound) + L(" A packet whose number was misread is in `pfdo-intake queue`.",
                                                          " Пакет с неверно прочитанным номером есть в `pfdo-intake queue`."))
            throw ExitCode(ExitCodes.allInputsFailed)
        } catch {
            printError(describe(error))
            throw ExitCode(ExitCodes.environment)
        }
        if output.isJSON {
            print(MachineJSON.encode(Output(entry: status.entry, packets: status.packets, documents: status.documents,
                                            audit: status.audit.map(AuditEntry.init))))
        } else {
            let views = try registryCall { try status.packets.map { try store.packetOverview(id: $0.id) } }
            print(render(status, views: views), terminator: "")
        }
    }

    private func render(_ s: EntryStatus, views: [PacketOverview]) -> String {
        var out = ""
        if let e = s.entry {
            out += L("entry", "запись") + " \(e.registryNumber): \(e.lastName) \(e.firstName)\(e.middleName.map { " " + $0 } ?? ""), "
                + L("born", "дата рождения") + " \(HumanDate.day(e.birthDate))\n"
            out += "  " + L("category", "категория") + ": \(e.category ?? "-")\n  " + L("municipality", "муниципалитет")
                + ": \(e.municipality ?? "-")\n  " + L("status", "статус") + ": \(e.status ?? "-")\n"
            if let at = e.activatedAt {
                out += "  " + L("activated", "активирована") + " \(HumanDate.time(at))"
                    + (e.activatedPacketId.map { L(" by packet \($0)", " пакетом \($0)") } ?? "") + "\n"
            }
            if e.consentRevoked { out += L("  consent revoked: personal data from paper deleted\n", "  согласие отозвано: данные с бумаги удалены\n") }
        } else {
            out += L("entry \(number): not in the imported registry\n", "запись \(number): нет в загруженном реестре\n")
        }
        for p in s.packets {
            out += L("packet", "пакет") + " \(p.id): \(stateLabel(p.state.rawValue)), " + L("application", "заявление")
                + " \(p.applicationNumber ?? "-"), " + L("created", "создан") + " \(HumanDate.time(p.createdAt))\n"
            for r in p.reasons { out += "  - " + reasonLine(r) + "\n" }
            if let view = views.first(where: { $0.packetId == p.id }) {
                for f in view.fields where f.status == "review" {
                    let note = fieldNote(f)
                    out += "    " + fieldLabel(f.key) + ": " + (note.isEmpty ? L("to check", "проверить") : note) + "\n"
                }
            }
            for d in s.documents where d.packetId == p.id {
                out += "  " + L("document", "документ") + " \(d.fileName ?? L("(name deleted)", "(имя удалено)"))  \(d.pageCount) "
                    + L("page(s)", "стр.") + "  sha256 \(d.sha256.prefix(12))\n"
            }
        }
        if !s.audit.isEmpty { out += L("audit:\n", "журнал:\n") }
        for a in s.audit {
            out += "  \(HumanDate.time(a.at))  \(a.actor)  \(Labels.actions[a.action].map { Lang.current == .ru ? String($0.split(separator: "/")[0]).trimmingCharacters(in: .whitespaces) : a.action } ?? a.action)"
                + (a.packetId.map { "  " + L("packet", "пакет") + " \($0)" } ?? "") + "  \(a.detail)\n"
        }
        return out
    }
}

/// An audit row for programs: `detail` as a JSON object, not a string.
struct AuditEntry: Encodable {
    var id: Int64
    var at: Date
    var actor: String
    var action: String
    var packetId: Int64?
    var registryNumber: String?
    var detail: JSONValue

    enum CodingKeys: String, CodingKey {
        case id, at, actor, action, packetId = "packet_id", registryNumber = "registry_number", detail
    }

    init(_ a: AuditRecord) {
        id = a.id; at = a.at; actor = a.actor; action = a.action; packetId = a.packetId; registryNumber = a.registryNumber
        detail = (try? JSONDecoder().decode(JSONValue.self, from: Data(a.detail.utf8))) ?? .string(a.detail)
    }
}

/// Any JSON value, to pass stored JSON through as structure.
indirect enum JSONValue: Codable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case let .bool(b): try c.encode(b)
        case let .number(n):
            if n == n.rounded(), abs(n) < 1e15 { try c.encode(Int64(n)) } else { try c.encode(n) }
        case let .string(s): try c.encode(s)
        case let .array(a): try c.encode(a)
        case let .object(o): try c.encode(o)
        }
    }
}

// MARK: - revoke-consent

struct RegistryRevokeConsentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke-consent",
        abstract: L("Delete the personal data taken from paper after a consent is revoked.", "Удалить персональные данные с бумаги после отзыва согласия."),
        discussion: L("""
        For every packet naming the registry number (or the application number): field values, raw \
        readings and original values are deleted, page images and file names removed; packets still in \
        review are rejected. The registry entry is marked consent_revoked; its names and birth date stay, \
        because they come from the regional registry, not from paper. The audit log records what was \
        deleted, as counts. This cannot be undone: asks for confirmation unless --yes is given.
        """, """
        Для каждого пакета с этим реестровым номером (или номером заявления) удаляются значения полей, \
        исходные прочтения и исходные значения, удаляются изображения страниц и имена файлов; пакеты, \
        ещё ждущие проверки, отклоняются. Запись реестра помечается consent_revoked; её ФИО и дата \
        рождения остаются, потому что они пришли из регионального реестра, а не с бумаги. В журнал \
        записывается, что удалено, в виде количеств. Отменить это нельзя: команда спрашивает \
        подтверждение, если не указан --yes.
        """)
    )

    @Option(help: ArgumentHelp(L("The registry (certificate) number whose paper data to delete.",
                                 "Реестровый номер, чьи данные с бумаги удалить."), valueName: "number"))
    var registryNumber: String?

    @Option(help: ArgumentHelp(L("Or: the application number whose packets' paper data to delete.",
                                 "Или: номер заявления, чьих пакетов данные с бумаги удалить."), valueName: "number"))
    var applicationNumber: String?

    @Flag(help: ArgumentHelp(L("Do not ask for confirmation.", "Не спрашивать подтверждения.")))
    var yes = false

    @Option(help: ArgumentHelp(L("Who asks, for the audit log (default: $USER, else operator).",
                                 "Кто просит, для журнала (по умолчанию $USER, иначе operator)."), valueName: "name"))
    var actor: String?

    @OptionGroup var output: OutputOptions

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (registryNumber == nil) != (applicationNumber == nil) else {
            throw ValidationError(L("give exactly one of --registry-number and --application-number",
                                    "укажите что-то одно: --registry-number или --application-number"))
        }
    }

    func run() throws {
        let what = registryNumber.map { L("registry number \($0)", "реестрового номера \($0)") }
            ?? L("application number \(applicationNumber ?? "")", "номера заявления \(applicationNumber ?? "")")
        if !yes {
            guard isatty(STDIN_FILENO) != 0 else {
                printError(L("refusing to delete without confirmation: add --yes", "без подтверждения ничего не удаляется: добавьте --yes"))
                throw ExitCode(ExitCodes.usage)
            }
            FileHandle.standardError.write(Data(L("Delete the paper data for \(what)? This cannot be undone. [y/N] ",
                                                  "Удалить данные с бумаги для \(what)? Это нельзя отменить. [д/Н] ").utf8))
            guard let answer = readLine(), ["y", "yes", "д", "да"].contains(answer.lowercased()) else {
                printError(L("nothing deleted", "ничего не удалено"))
                throw ExitCode(ExitCodes.usage)
            }
        }
        let actor = self.actor ?? ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "operator"
        let store = try database.open(create: false)
        let summary: RevocationSummary
        do {
            if let registryNumber {
                summary = try store.revokeConsent(registryNumber: registryNumber, actor: actor)
            } else {
                summary = try store.revokeConsent(applicationNumber: applicationNumber ?? "", actor: actor)
            }
        } catch RegistryError.entryNotFound {
            printError(describe(RegistryError.entryNotFound))
            throw ExitCode(ExitCodes.allInputsFailed)
        } catch {
            printError(describe(error))
            throw ExitCode(ExitCodes.environment)
        }
        if output.isJSON {
            print(MachineJSON.encode(summary))
        } else {
            print(L("deleted \(summary.fields) field value(s), \(summary.images) page image(s) and \(summary.documents) file name(s) "
                    + "in \(summary.packets) packet(s); \(summary.packetsRejected) packet(s) in review rejected"
                    + (summary.entryMarked ? "; registry entry marked consent_revoked" : "")
                    + (summary.stagedPages > 0 ? "; \(summary.stagedPages) page(s) of a stopped batch deleted" : ""),
                    "удалено значений полей: \(summary.fields), изображений страниц: \(summary.images), имён файлов: \(summary.documents) "
                    + "в пакетах: \(summary.packets); отклонено пакетов на проверке: \(summary.packetsRejected)"
                    + (summary.entryMarked ? "; запись реестра помечена consent_revoked" : "")
                    + (summary.stagedPages > 0 ? "; удалено страниц остановленной загрузки: \(summary.stagedPages)" : "")))
        }
    }
}

/// ISO 8601 times for CSV and plain listings (JSON goes through MachineJSON).
enum RegistryJSON {
    static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
