import ArgumentParser
import Foundation
import IntakeModel

protocol AsyncParsableCommandRoot: AsyncParsableCommand {}

struct PfdoIntake: AsyncParsableCommandRoot {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "pfdo-intake",
            abstract: L("Turns scanned certificate applications and consents into verified registry records.",
                        "Превращает сканы заявлений на сертификат и согласий в проверенные записи реестра."),
            discussion: L("""
            Typical use:
              pfdo-intake doctor                      check Tesseract, models, database
              pfdo-intake registry import r.xlsx      load the registry (XLSX or CSV)
              pfdo-intake ingest scans/               read, check, register packets
              pfdo-intake queue                       packets in review, and why
              pfdo-intake packet show 12              one packet beside the registry
              pfdo-intake review                      reviewers' web app (users add)
              pfdo-intake registry export --excel     activations for the region
              pfdo-intake extract scan.pdf --explain  every field and why
              pfdo-intake eval samples/               score extraction on samples

            Every command takes --format json (or --json) for programs \
            (docs/output-formats.md) and --lang ru|en for the language of messages \
            (default: from LANG). --version prints the engine's versions and model \
            checksums. Shell completion: pfdo-intake --generate-completion-script bash.

            Environment:
              OMP_THREAD_LIMIT  1 unless set (parallelism comes from --jobs)
              TESSDATA_PREFIX   the Tesseract models, if not in Debian's place
              PFDO_DB           the database when --db is not given
              PFDO_LOG_LEVEL    trace|debug|info|notice|warning|error
                                (default: warning; info for review); logs
                                carry ids and counts, never personal data
              LANG, LC_ALL      ru_RU.* gives Russian messages and help

            \(ExitCodes.table)
            """, """
            Обычный порядок работы:
              pfdo-intake doctor                      проверить Tesseract, модели, базу
              pfdo-intake registry import r.xlsx      загрузить реестр (XLSX или CSV)
              pfdo-intake ingest scans/               распознать и зарегистрировать
              pfdo-intake queue                       пакеты на проверке и причины
              pfdo-intake packet show 12              пакет рядом с записью реестра
              pfdo-intake review                      веб-приложение проверки
              pfdo-intake registry export --excel     активации для региона
              pfdo-intake extract scan.pdf --explain  все поля и почему так
              pfdo-intake eval samples/               оценка на образцах

            Любая команда принимает --format json (или --json) для программ \
            (docs/output-formats.md) и --lang ru|en — язык сообщений (по умолчанию \
            из LANG). --version — версии движка и контрольные суммы моделей. \
            Автодополнение: pfdo-intake --generate-completion-script bash.

            Переменные окружения:
              OMP_THREAD_LIMIT  1, если не задано (параллельность даёт --jobs)
              TESSDATA_PREFIX   модели Tesseract, если не в каталоге Debian
              PFDO_DB           база, если не задан --db
              PFDO_LOG_LEVEL    trace|debug|info|notice|warning|error
                                (по умолчанию warning; info для review);
                                в журнале только номера и количества
              LANG, LC_ALL      ru_RU.* — сообщения и справка на русском

            \(ExitCodes.table)
            """),
            version: VersionInfo.program,
            subcommands: [OCRCommand.self, ExtractCommand.self, EvalCommand.self, IngestCommand.self, WorkerCommand.self, JobsCommand.self, QueueCommand.self,
                          PacketCommand.self, RegistryCommand.self, ReviewCommand.self, UsersCommand.self, DoctorCommand.self]
        )
    }
}

/// Stable exit codes, documented in `--help` and the README.
enum ExitCodes {
    /// Everything given was processed.
    static let success: Int32 = 0
    /// Some inputs failed (each named on stderr); the others were processed.
    static let someInputsFailed: Int32 = 1
    /// No input could be processed.
    static let allInputsFailed: Int32 = 2
    /// The environment is not usable: a model or tool is missing, the engine does not start.
    static let environment: Int32 = 3
    /// Command-line usage error.
    static let usage: Int32 = 64

    static var table: String {
        L("""
        Exit codes:
          0   success
          1   some inputs failed (each is named on stderr); the rest was processed
          2   no input could be processed (or nothing found: no such packet or entry)
          3   environment problem: missing Tesseract model or tool, engine failed to start,
              no database at --db, an empty registry with --require-registry, database
              unusable (locked by another process, disk full, damaged, not a database)
          64  usage error
          130 stopped by SIGINT (Ctrl-C), 143 by SIGTERM: what was done is committed; run again
        """, """
        Коды выхода:
          0   успешно
          1   часть входных файлов не обработана (каждый назван в stderr), остальное обработано
          2   ничего не обработано (или не найдено: нет такого пакета или записи)
          3   проблема окружения: нет модели Tesseract или утилиты, движок не запустился,
              нет базы по --db, пустой реестр при --require-registry, база непригодна
              (заблокирована другим процессом, диск полон, повреждена, не база)
          64  ошибка в командной строке
          130 остановлено SIGINT (Ctrl-C), 143 SIGTERM: сделанное сохранено; запустите снова
        """)
    }

    static func forFailures(_ failed: Int, of total: Int) -> Int32 {
        failed == 0 ? success : (failed >= total ? allInputsFailed : someInputsFailed)
    }
}

/// Writes one line to stderr (control characters from file names escaped, so a message stays one line).
func printError(_ message: String) {
    FileHandle.standardError.write(Data(("pfdo-intake: " + printable(message) + "\n").utf8))
}
