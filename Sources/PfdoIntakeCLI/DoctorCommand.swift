import ArgumentParser
import Foundation
import OCR
import Registry

struct DoctorCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "doctor",
            abstract: L("Check that Tesseract, its Russian and English models, poppler-utils and the database are usable.",
                        "Проверить Tesseract, его русскую и английскую модели, poppler-utils и базу реестра."),
            discussion: L("""
            Prints versions, paths and model checksums, then the registry database (--db, $PFDO_DB or \
            pfdo-intake.db): whether it exists and opens, its permissions, how many registry entries it \
            holds, how many packets wait in review and how many reviewers can sign in. Exits with 3 and \
            names the fix when something needed is missing; an empty registry or no reviewer is a warning.
            """, """
            Печатает версии, пути и контрольные суммы моделей, затем состояние базы (--db, $PFDO_DB или \
            pfdo-intake.db): есть ли она, открывается ли, права доступа, сколько записей реестра, сколько \
            пакетов ждут проверки и сколько проверяющих. Код выхода 3 и способ исправления, если не \
            хватает нужного; пустой реестр или отсутствие проверяющих — предупреждение.
            """))
    }

    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    struct Check: Encodable {
        var name: String
        var ok: Bool
        var detail: String
        var fix: String?
    }

    struct DatabaseReport: Encodable {
        var path: String
        var exists: Bool
        var mode: String?
        var counts: RegistryCounts?
    }

    struct Report: Encodable {
        var tesseract: String
        var leptonica: String
        var ompThreadLimit: String?
        var models: [String: String]
        var checks: [Check]
        var warnings: [String]
        var database: DatabaseReport
        var ok: Bool
        enum CodingKeys: String, CodingKey {
            case tesseract, leptonica, ompThreadLimit = "omp_thread_limit", models, checks, warnings, database, ok
        }
    }

    func run() throws {
        var checks: [Check] = []
        var models: [String: String] = [:]
        for (lang, package, purpose) in [("rus", "tesseract-ocr-rus", "form text"), ("eng", "tesseract-ocr-eng", "e-mail addresses, digits"),
                                         ("ukr", "tesseract-ocr-ukr", "a third opinion on digits")] {
            do {
                let path = try TessData.modelPath(lang)
                let sum = try TessData.checksum(lang)
                _ = try TesseractEngine(language: lang)
                models[lang] = sum
                checks.append(Check(name: "model \(lang)", ok: true, detail: "\(path)  sha256 \(sum)  (\(purpose))"))
            } catch {
                checks.append(Check(name: "model \(lang)", ok: false, detail: "MISSING (\(purpose))",
                                    fix: L("the '\(lang)' model is missing or broken: apt-get install -y \(package)",
                                           "модели '\(lang)' нет или она повреждена: apt-get install -y \(package)")))
            }
        }
        for tool in ["pdfinfo", "pdfimages", "pdftoppm"] {
            if let path = which(tool) {
                checks.append(Check(name: "tool \(tool)", ok: true, detail: path))
            } else {
                checks.append(Check(name: "tool \(tool)", ok: false, detail: "MISSING",
                                    fix: L("\(tool) is missing (needed for PDF input): apt-get install -y poppler-utils",
                                           "нет \(tool) (нужен для PDF): apt-get install -y poppler-utils")))
            }
        }
        var warnings: [String] = []
        let path = database.displayPath
        var db = DatabaseReport(path: path, exists: database.exists)
        if db.exists {
            if !database.isServer, let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber {
                db.mode = String(mode.intValue, radix: 8)
                if mode.intValue & 0o077 != 0 {
                    warnings.append(L("\(path) can be read by other users (mode \(db.mode!)); it holds personal data: chmod 600 \(path)",
                                      "\(path) доступна другим пользователям (права \(db.mode!)); в ней персональные данные: chmod 600 \(path)"))
                }
            }
            do {
                let store = try RegistryStore(path: database.resolvedPath)
                let counts = try store.counts()
                db.counts = counts
                checks.append(Check(name: "database", ok: true, detail: L(
                    "\(path): \(counts.entries) registry entries (\(counts.activated) activated), \(counts.inReview) packet(s) in review, \(counts.reviewers) reviewer(s)",
                    "\(path): записей реестра \(counts.entries) (активировано \(counts.activated)), на проверке \(counts.inReview), проверяющих \(counts.reviewers)")))
                if counts.entries == 0 {
                    warnings.append(L("the registry is empty: pfdo-intake registry import FILE --db \(path)",
                                      "реестр пуст: pfdo-intake registry import ФАЙЛ --db \(path)"))
                }
                let staged = try store.stagedDocuments()
                if !staged.isEmpty {
                    let pages = staged.values.reduce(0, +)
                    warnings.append(L("\(staged.count) document(s) of a stopped batch are read in part (\(pages) page(s) with personal data kept until registered): run the same `pfdo-intake ingest` again to finish them",
                                      "\(staged.count) документ(ов) остановленной загрузки прочитаны не до конца (\(pages) стр. с персональными данными ждут регистрации): запустите ту же `pfdo-intake ingest` ещё раз"))
                }
                if counts.reviewers == 0 {
                    warnings.append(L("no reviewer can sign in to the review app: pfdo-intake users add NAME --db \(path)",
                                      "ни один проверяющий не может войти: pfdo-intake users add ИМЯ --db \(path)"))
                }
            } catch {
                checks.append(Check(name: "database", ok: false, detail: "\(error)",
                                    fix: L("pass the right file with --db, or restore it from a backup",
                                           "укажите нужный файл в --db или восстановите его из резервной копии")))
            }
        } else {
            warnings.append(L("no database at \(path) yet: `pfdo-intake registry import FILE --db \(path)` makes one",
                              "базы \(path) ещё нет: её создаст `pfdo-intake registry import ФАЙЛ --db \(path)`"))
        }
        let ok = checks.allSatisfy(\.ok)
        if output.isJSON {
            print(MachineJSON.encode(Report(tesseract: TessData.tesseractVersion, leptonica: TessData.leptonicaVersion,
                                            ompThreadLimit: ProcessInfo.processInfo.environment["OMP_THREAD_LIMIT"],
                                            models: models, checks: checks, warnings: warnings, database: db, ok: ok)))
        } else {
            print("tesseract  \(TessData.tesseractVersion)")
            print("leptonica  \(TessData.leptonicaVersion)")
            print("OMP_THREAD_LIMIT=\(ProcessInfo.processInfo.environment["OMP_THREAD_LIMIT"] ?? "unset")")
            for c in checks { print("\(c.name)  \(c.detail)") }
            for w in warnings { printError(L("warning: ", "предупреждение: ") + w) }
            if ok { print(L("ok", "всё в порядке")) }
        }
        if !ok {
            for c in checks { if let fix = c.fix { printError(fix) } }
            throw ExitCode(ExitCodes.environment)
        }
    }

    private func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
