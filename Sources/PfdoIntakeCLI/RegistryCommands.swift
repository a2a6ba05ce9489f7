import ArgumentParser
import Foundation
import Registry

/// The registry database shared by every command that needs one.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The registry database (SQLite; created on first use). Default: $PFDO_DB, else pfdo-intake.db in the working directory.",
        valueName: "file"))
    var db: String?

    /// `--db`, else `$PFDO_DB`, else `pfdo-intake.db` in the working directory.
    var resolvedPath: String {
        if let db, !db.isEmpty { return db }
        if let env = ProcessInfo.processInfo.environment["PFDO_DB"], !env.isEmpty { return env }
        return "pfdo-intake.db"
    }

    /// Opens the store; an unusable database is an environment problem (exit 3).
    func open() throws -> RegistryStore {
        do {
            return try RegistryStore(path: resolvedPath)
        } catch {
            printError("\(error)")
            throw ExitCode(ExitCodes.environment)
        }
    }
}

struct RegistryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Import the regional certificate registry, export it with activations, look up and revoke consents.",
        discussion: """
        The registry database holds the imported registry entries, every registered packet (documents, \
        pages, fields with their provenance), review decisions and an audit log without personal data. \
        Several processes may share one database file.

        Examples:
          pfdo-intake registry import reestr.csv --db kemerovo.db
          pfdo-intake registry export --format csv > activations.csv
          pfdo-intake registry status 4217123456
          pfdo-intake registry revoke-consent --registry-number 4217123456 --yes
        """,
        subcommands: [RegistryImportCommand.self, RegistryExportCommand.self, RegistryStatusCommand.self,
                      RegistryRevokeConsentCommand.self]
    )
}

// MARK: - import

struct RegistryImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load or update registry entries from the regional export (CSV).",
        discussion: """
        The file is CSV in UTF-8 (with or without BOM; Windows-1251 is read too), separated by commas, \
        semicolons or tabs (taken from the header line). The first row names the columns, in any order:
          registry_number, last_name, first_name, middle_name, birth_date,
          category, municipality, status
        or their Russian names:
          Номер сертификата (or Реестровый номер), Фамилия, Имя, Отчество,
          Дата рождения, Категория (or Группа сертификата),
          Муниципалитет (or Муниципальное образование), Статус.
        registry_number (9-10 digits), last_name, first_name and birth_date (dd.mm.yyyy or yyyy-mm-dd) \
        are required.

        Entries are updated by registry number, never duplicated, so a newer export can be imported over \
        an older one. Bad rows are listed on stderr with their row number (the header is row 1) and the \
        reason; the good rows are loaded and the command exits with 1. XLSX is not read: save the sheet \
        as CSV first.

        Prints: inserted N, updated N, unchanged N, rejected N (or JSON with --json).
        """
    )

    @Argument(help: ArgumentHelp("The CSV file exported from the regional system.", valueName: "file"))
    var file: String

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Re-check the packets waiting in review against the imported entries (activating those that now match).")
    var reevaluate = false

    @Flag(help: "Print the summary as JSON: {inserted, updated, unchanged, rejected: [{row, reason}]}.")
    var json = false

    func run() throws {
        let store = try database.open()
        let summary: ImportSummary
        do {
            summary = try RegistryImporter(store: store).importFile(atPath: file)
        } catch {
            printError("\(file): \(error)")
            throw ExitCode(ExitCodes.allInputsFailed)
        }
        for r in summary.rejected { printError("\(file): row \(r.row): \(r.reason)") }
        var activated = 0
        if reevaluate {
            do {
                activated = try store.reevaluateQueue().filter { $0.state == .registered }.count
            } catch {
                printError("\(error)")
                throw ExitCode(ExitCodes.someInputsFailed)
            }
        }
        if json {
            print(RegistryJSON.encode(summary))
        } else {
            print("inserted \(summary.inserted), updated \(summary.updated), unchanged \(summary.unchanged), rejected \(summary.rejected.count)"
                + (reevaluate ? "; \(activated) packet(s) in review activated" : ""))
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
        abstract: "Print every registry entry with its activation state and the values read from paper.",
        discussion: """
        Writes to stdout. Paper values come from the packet that activated the entry, else from the \
        entry's latest packet.

        csv   one row per entry: registry_number, last_name, first_name,
              middle_name, birth_date, category, municipality, status,
              consent_revoked, activated_at, packet_id, packet_state, then
              paper.<field key> for each form field, then corrected_fields
              (the keys a reviewer corrected, space-separated)
        json  [{entry, packet_id, packet_state,
                paper: {<field key>: {value, status, corrected}}}]

        Dates of activation are ISO 8601 (UTC).
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

    @Option(help: "Output format: csv or json.")
    var format: Format = .csv

    @Option(help: ArgumentHelp("CSV delimiter: ',' or ';' (';' opens directly in a Russian Excel).", valueName: "char"))
    var delimiter: String = ","

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard delimiter == "," || delimiter == ";" else { throw ValidationError("--delimiter must be ',' or ';'") }
    }

    /// The form fields exported as CSV columns, in this order.
    static let paperKeys = [
        "application_number", "registry_number", "category", "child.last_name", "child.first_name",
        "child.middle_name", "child.birth_date", "child.address", "applicant.last_name", "applicant.first_name",
        "applicant.middle_name", "applicant.phone", "applicant.email", "applicant.address",
        "applicant.passport_series", "applicant.passport_number", "applicant.passport_issue_date",
        "applicant.passport_issued_by",
    ]

    func run() throws {
        let store = try database.open()
        let rows: [ExportRow]
        do {
            rows = try store.export()
        } catch {
            printError("\(error)")
            throw ExitCode(ExitCodes.environment)
        }
        switch format {
        case .json:
            print(RegistryJSON.encode(rows))
        case .csv:
            let d = delimiter
            let header = ["registry_number", "last_name", "first_name", "middle_name", "birth_date", "category",
                          "municipality", "status", "consent_revoked", "activated_at", "packet_id", "packet_state"]
                + Self.paperKeys.map { "paper.\($0)" } + ["corrected_fields"]
            var out = header.joined(separator: d) + "\n"
            for row in rows {
                let e = row.entry
                var cells: [String] = [
                    e.registryNumber, e.lastName, e.firstName, e.middleName ?? "", e.birthDate, e.category ?? "",
                    e.municipality ?? "", e.status ?? "", e.consentRevoked ? "1" : "0",
                    e.activatedAt.map(RegistryJSON.iso) ?? "", row.packetId.map(String.init) ?? "",
                    row.packetState?.rawValue ?? "",
                ]
                cells += Self.paperKeys.map { row.paper[$0]?.value ?? "" }
                cells.append(row.paper.filter(\.value.corrected).keys.sorted().joined(separator: " "))
                out += cells.map { csvCell($0, delimiter: d) }.joined(separator: d) + "\n"
            }
            print(out, terminator: "")
        }
    }

    private func csvCell(_ s: String, delimiter: String) -> String {
        guard s.contains(delimiter) || s.contains("\"") || s.contains("\n") || s.contains("\r") else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

// MARK: - status

struct RegistryStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a registry entry, the packets naming it, their documents and the audit history.",
        discussion: """
        Exits with 2 when neither the imported registry nor any packet has the number.

        text  a readable summary
        json  {entry, packets: [{id, state, reasons, ...}], documents, audit}
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: ArgumentHelp("The registry (certificate) number, 9-10 digits.", valueName: "number"))
    var number: String

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try database.open()
        let status: EntryStatus
        do {
            status = try store.status(registryNumber: number)
        } catch RegistryError.entryNotFound {
            printError("\(RegistryError.entryNotFound)")
            throw ExitCode(ExitCodes.allInputsFailed)
        } catch {
            printError("\(error)")
            throw ExitCode(ExitCodes.environment)
        }
        switch format {
        case .json:
            print(RegistryJSON.encode(status))
        case .text:
            print(render(status), terminator: "")
        }
    }

    private func render(_ s: EntryStatus) -> String {
        var out = ""
        if let e = s.entry {
            out += "entry \(e.registryNumber): \(e.lastName) \(e.firstName)\(e.middleName.map { " " + $0 } ?? ""), born \(e.birthDate)\n"
            out += "  category: \(e.category ?? "-")\n  municipality: \(e.municipality ?? "-")\n  status: \(e.status ?? "-")\n"
            if let at = e.activatedAt {
                out += "  activated \(RegistryJSON.iso(at))" + (e.activatedPacketId.map { " by packet \($0)" } ?? "") + "\n"
            }
            if e.consentRevoked { out += "  consent revoked: personal data from paper deleted\n" }
        } else {
            out += "entry \(number): not in the imported registry\n"
        }
        for p in s.packets {
            out += "packet \(p.id): \(p.state.rawValue), application \(p.applicationNumber ?? "-"), created \(RegistryJSON.iso(p.createdAt))\n"
            for r in p.reasons { out += "  - \(r.code): \(r.message)\n" }
            for d in s.documents where d.packetId == p.id {
                out += "  document \(d.fileName ?? "(name deleted)")  \(d.pageCount) page(s)  sha256 \(d.sha256.prefix(12))\n"
            }
        }
        if !s.audit.isEmpty { out += "audit:\n" }
        for a in s.audit {
            out += "  \(RegistryJSON.iso(a.at))  \(a.actor)  \(a.action)" + (a.packetId.map { "  packet \($0)" } ?? "") + "  \(a.detail)\n"
        }
        return out
    }
}

// MARK: - revoke-consent

struct RegistryRevokeConsentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke-consent",
        abstract: "Delete the personal data taken from paper after a consent is revoked.",
        discussion: """
        For every packet naming the registry number (or the application number): field values, raw \
        readings and original values are deleted, page images and file names removed; packets still in \
        review are rejected. The registry entry is marked consent_revoked; its names and birth date stay, \
        because they come from the regional registry, not from paper. The audit log records what was \
        deleted, as counts. This cannot be undone: asks for confirmation unless --yes is given.
        """
    )

    @Option(help: ArgumentHelp("The registry (certificate) number whose paper data to delete.", valueName: "number"))
    var registryNumber: String?

    @Option(help: ArgumentHelp("Or: the application number whose packets' paper data to delete.", valueName: "number"))
    var applicationNumber: String?

    @Flag(help: "Do not ask for confirmation.")
    var yes = false

    @Option(help: ArgumentHelp("Who asks, for the audit log (default: $USER, else operator).", valueName: "name"))
    var actor: String?

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (registryNumber == nil) != (applicationNumber == nil) else {
            throw ValidationError("give exactly one of --registry-number and --application-number")
        }
    }

    func run() throws {
        let what = registryNumber.map { "registry number \($0)" } ?? "application number \(applicationNumber ?? "")"
        if !yes {
            guard isatty(STDIN_FILENO) != 0 else {
                printError("refusing to delete without confirmation: add --yes")
                throw ExitCode(ExitCodes.usage)
            }
            FileHandle.standardError.write(Data("Delete the paper data for \(what)? This cannot be undone. [y/N] ".utf8))
            guard let answer = readLine(), ["y", "yes", "д", "да"].contains(answer.lowercased()) else {
                printError("nothing deleted")
                throw ExitCode(ExitCodes.usage)
            }
        }
        let actor = self.actor ?? ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "operator"
        let store = try database.open()
        let summary: RevocationSummary
        do {
            if let registryNumber {
                summary = try store.revokeConsent(registryNumber: registryNumber, actor: actor)
            } else {
                summary = try store.revokeConsent(applicationNumber: applicationNumber ?? "", actor: actor)
            }
        } catch RegistryError.entryNotFound {
            printError("\(RegistryError.entryNotFound)")
            throw ExitCode(ExitCodes.allInputsFailed)
        } catch {
            printError("\(error)")
            throw ExitCode(ExitCodes.environment)
        }
        if json {
            print(RegistryJSON.encode(summary))
        } else {
            print("deleted \(summary.fields) field value(s), \(summary.images) page image(s) and \(summary.documents) file name(s) "
                + "in \(summary.packets) packet(s); \(summary.packetsRejected) packet(s) in review rejected"
                + (summary.entryMarked ? "; registry entry marked consent_revoked" : ""))
        }
    }
}

/// JSON for the registry commands: sorted keys, ISO 8601 dates.
enum RegistryJSON {
    static func encode<T: Encodable>(_ value: T) -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        enc.dateEncodingStrategy = .iso8601
        guard let data = try? enc.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
