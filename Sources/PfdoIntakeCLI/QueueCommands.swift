import ArgumentParser
import Foundation
import Registry

// MARK: - queue

struct QueueCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "queue",
            abstract: L("List the packets waiting in review: their files, numbers, reasons and the fields to check.",
                        "Пакеты на проверке: файлы, номера, причины и поля, которые нужно проверить."),
            discussion: L("""
            Oldest first. Each packet shows its id (for `pfdo-intake packet show ID`), its files, the \
            application and registry numbers read from paper, why it waits (reason codes with labels) and \
            the fields a reviewer should look at. Reasons:
            \(QueueCommand.reasonTable)

            Examples:
              pfdo-intake queue
              pfdo-intake queue --reason registry_unknown
              pfdo-intake queue --format json
            """, """
            Сначала самые старые. Для каждого пакета: номер (для `pfdo-intake packet show ID`), файлы, \
            номера заявления и сертификата с бумаги, причины проверки (коды и названия) и поля, которые \
            нужно проверить. Причины:
            \(QueueCommand.reasonTable)

            Примеры:
              pfdo-intake queue
              pfdo-intake queue --reason registry_unknown
              pfdo-intake queue --format json
            """))
    }

    static var reasonTable: String {
        Labels.reasons.map { "  \($0.code.padding(toLength: 22, withPad: " ", startingAt: 0)) \(L($0.en, $0.ru))" }
            .joined(separator: "\n")
    }

    @Option(help: ArgumentHelp(L("Only packets with this reason code (see the list above).", "Только пакеты с этой причиной (список выше)."),
                               valueName: "code"))
    var reason: String?

    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if let reason, !Labels.reasons.contains(where: { $0.code == reason }) {
            let near = Labels.reasons.map(\.code).filter { $0.contains(reason) || reason.contains($0) }
            throw ValidationError(L("unknown reason '\(reason)'", "неизвестная причина '\(reason)'")
                + (near.isEmpty ? L(": see pfdo-intake queue --help", ": список в pfdo-intake queue --help")
                                : L("; did you mean \(near.joined(separator: ", "))?", "; может быть, \(near.joined(separator: ", "))?")))
        }
    }

    struct Output: Encodable {
        var database: String
        var reason: String?
        var count: Int
        var packets: [QueueListing]
    }

    func run() throws {
        let store = try database.open(create: false)
        let items = try registryCall { try store.reviewQueue(reason: reason) }
        if output.isJSON {
            print(MachineJSON.encode(Output(database: store.path, reason: reason, count: items.count, packets: items)))
            return
        }
        if items.isEmpty {
            print(reason == nil ? L("the review queue is empty", "очередь проверки пуста")
                                : L("no packet in review for \(reason!)", "нет пакетов на проверке с причиной \(reason!)"))
            return
        }
        print(L("\(items.count) packet(s) in review", "на проверке пакетов: \(items.count)")
            + (reason.map { " (\($0))" } ?? "") + ":")
        for item in items {
            print("")
            print(Self.render(item))
        }
        print("")
        print(L("Details: pfdo-intake packet show ID; to correct and approve: pfdo-intake review",
                "Подробно: pfdo-intake packet show ID; исправить и одобрить: pfdo-intake review"))
    }

    static func render(_ listing: QueueListing) -> String {
        let item = listing.item
        var lines = ["#\(item.packetId)  " + L("application", "заявление") + " \(item.applicationNumber ?? "-")  "
                     + L("certificate", "сертификат") + " \(item.registryNumber ?? "-")  " + HumanDate.time(item.createdAt)]
        let files = listing.files.map { $0 ?? L("(name deleted)", "(имя удалено)") }
        lines.append("  " + L("files", "файлы") + ": " + (files.isEmpty ? "-" : files.joined(separator: ", ")))
        for r in item.reasons { lines.append("  - \(reasonLabel(r.code)) [\(r.code)]") }
        if !listing.doubtedFields.isEmpty {
            lines.append("  " + L("check", "проверить") + ": " + listing.doubtedFields.map(fieldLabel).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}

// MARK: - packet

struct PacketCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "packet",
            abstract: L("Show one packet field by field.", "Показать пакет по полям."),
            subcommands: [PacketShowCommand.self])
    }
}

struct PacketShowCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "show",
            abstract: L("Each field's value, status and reason, beside the other form's value and the registry's.",
                        "Значение, статус и причина каждого поля рядом со значением из другой формы и из реестра."),
            discussion: L("""
            The packet id is the one `pfdo-intake queue` and the ingest summary show. Status: ok (taken), \
            review (a human must look), missing (not found), confirmed (a reviewer kept the machine's value), \
            corrected (a reviewer changed it). "other form" is the consent's value for an application field \
            (and the reverse); "registry" is the imported registry entry's value. Exits with 2 when no \
            packet has the id.

            Shows personal data from paper: run it only where the operator may see it.
            """, """
            Номер пакета — тот, что показывают `pfdo-intake queue` и итог ingest. Статус: верно, проверить, \
            нет, подтверждено (проверяющий оставил значение машины), исправлено (проверяющий изменил его). \
            «другая форма» — значение из согласия для поля заявления (и наоборот), «реестр» — значение \
            загруженной записи реестра. Код выхода 2, если пакета с таким номером нет.

            Показывает персональные данные с бумаги: запускайте там, где оператору можно их видеть.
            """))
    }

    @Argument(help: ArgumentHelp(L("The packet id.", "Номер пакета."), valueName: "id"))
    var id: Int64

    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try database.open(create: false)
        let view: PacketOverview
        do {
            view = try store.packetOverview(id: id)
        } catch RegistryError.packetNotFound {
            printError(L("no packet with id \(id): list the packets in review with `pfdo-intake queue`",
                         "нет пакета с номером \(id): список пакетов на проверке — `pfdo-intake queue`"))
            throw ExitCode(ExitCodes.allInputsFailed)
        } catch {
            printError(describe(error))
            throw ExitCode(ExitCodes.environment)
        }
        if output.isJSON {
            print(MachineJSON.encode(view))
        } else {
            print(Self.render(view), terminator: "")
        }
    }

    static func render(_ p: PacketOverview) -> String {
        var out = L("packet", "пакет") + " #\(p.packetId): \(stateLabel(p.state.rawValue))  "
            + L("application", "заявление") + " \(p.applicationNumber ?? "-")  " + L("certificate", "сертификат") + " \(p.registryNumber ?? "-")"
            + (p.registryNumber != nil && !p.registryEntryFound ? L(" (not in the registry)", " (нет в реестре)") : "") + "\n"
        out += "  " + L("created", "создан") + " \(HumanDate.time(p.createdAt)), " + L("changed", "изменён") + " \(HumanDate.time(p.updatedAt))\n"
        for d in p.documents {
            out += "  " + L("file", "файл") + " \(d.fileName ?? L("(name deleted)", "(имя удалено)")), \(d.pages) " + L("page(s)", "стр.") + "\n"
        }
        if !p.reasons.isEmpty { out += L("reasons:", "причины:") + "\n" }
        for r in p.reasons { out += "  - " + reasonLine(r) + "\n" }
        let rows: [[String]] = p.fields.map { f in
            let show = { (v: String?) -> String in v.map { f.key.hasSuffix("date") ? HumanDate.day($0) : $0 } ?? "-" }
            return [fieldLabel(f.key), show(f.value), statusLabel(f.status), show(f.otherFormValue), show(f.registryValue),
                    f.status == "ok" || f.status == "confirmed" || f.status == "corrected" ? "" : fieldNote(f)]
        }
        let header = [L("field", "поле"), L("value", "значение"), L("status", "статус"), L("other form", "другая форма"),
                      L("registry", "реестр"), L("why", "почему")]
        let table = Table.render(header: header, rows: rows)
        guard let width = outputWidth(), table.split(separator: "\n").contains(where: { $0.count > width }) else {
            return out + "\n" + table
        }
        // Narrower than the table: one block per field, nothing cut.
        for row in rows {
            out += "\n\(row[0]): \(row[1])  [\(row[2])]\n"
            out += "    \(header[3]): \(row[3]);  \(header[4]): \(row[4])\n"
            if !row[5].isEmpty { out += "    \(header[5]): \(row[5])\n" }
        }
        return out
    }
}

/// A packet reason for people: its label and code, then in English the stored note, in Russian the fields it names.
func reasonLine(_ r: PacketReason) -> String {
    let head = "\(reasonLabel(r.code)) [\(r.code)]"
    if Lang.current == .en { return head + ": " + r.message }
    return head + ((r.fields ?? []).isEmpty ? "" : ": " + (r.fields ?? []).map(fieldLabel).joined(separator: ", "))
}

/// Why a field waits for a person: the machine's note (in Russian from its doubt code), else the packet's reasons.
func fieldNote(_ f: PacketOverview.Field) -> String {
    if Lang.current == .ru {
        if let ru = f.doubt.flatMap({ Labels.doubts[$0] }) { return ru }
        if !f.reasonCodes.isEmpty { return f.reasonCodes.map(reasonLabel).joined(separator: ", ") }
    }
    return f.reason ?? (f.reasonCodes.isEmpty ? "" : f.reasonCodes.map(reasonLabel).joined(separator: ", "))
}

/// The width of the terminal stdout writes to (or $COLUMNS); nil when the output goes to a file or a pipe.
func outputWidth() -> Int? {
    var size = winsize()
    if isatty(1) != 0, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
}

/// Plain text columns, padded by character count (Cyrillic is one column per letter).
enum Table {
    static func render(header: [String], rows: [[String]], maxWidth: Int = 40) -> String {
        let all = [header] + rows
        let widths = header.indices.map { i in min(maxWidth, all.map { $0[i].count }.max() ?? 0) }
        return all.map { row in
            row.indices.map { i in
                let cell = row[i].count > maxWidth ? String(row[i].prefix(maxWidth - 1)) + "…" : row[i]
                return i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n") + "\n"
    }
}

/// Runs a registry read: a failure is an environment problem (exit 3) with the store's message.
func registryCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        printError(describe(error))
        throw ExitCode(ExitCodes.environment)
    }
}
