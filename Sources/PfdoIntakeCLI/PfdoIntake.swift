import ArgumentParser
import Foundation

protocol AsyncParsableCommandRoot: AsyncParsableCommand {}

struct PfdoIntake: AsyncParsableCommandRoot {
    static let configuration = CommandConfiguration(
        commandName: "pfdo-intake",
        abstract: "Turns scanned certificate applications and consents into verified registry records.",
        discussion: """
        Typical use:
          pfdo-intake doctor                      check that Tesseract and its models are installed
          pfdo-intake ocr scan.pdf                print the recognised text of a scan
          pfdo-intake extract scan.pdf --explain  show every field, where it was found and its status
          pfdo-intake eval samples/               score extraction against the sample corpus
          pfdo-intake registry import export.csv  load the regional registry export
          pfdo-intake ingest scans/               read, check and register packets (resumable)
          pfdo-intake review                      web app for reviewers (pfdo-intake users add NAME first)

        Environment:
          OMP_THREAD_LIMIT  set to 1 by the program itself unless you set it (OpenMP makes Tesseract
                            several times slower here; parallelism comes from --jobs instead)
          TESSDATA_PREFIX   where the Tesseract models are, if not in the Debian location
          PFDO_DB           the registry database when --db is not given (default: pfdo-intake.db)
          PFDO_LOG_LEVEL    trace|debug|info|notice|warning|error (default: warning; info for review);
                            info and above carry ids and counts, never personal data

        \(ExitCodes.table)
        """,
        version: "0.1.0",
        subcommands: [OCRCommand.self, ExtractCommand.self, EvalCommand.self, IngestCommand.self, RegistryCommand.self, ReviewCommand.self, UsersCommand.self, DoctorCommand.self]
    )
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

    static let table = """
    Exit codes:
      0   success
      1   some inputs failed (each is named on stderr); the rest was processed
      2   no input could be processed
      3   environment problem: missing Tesseract model or tool, engine failed to start
      64  usage error
    """

    static func forFailures(_ failed: Int, of total: Int) -> Int32 {
        failed == 0 ? success : (failed >= total ? allInputsFailed : someInputsFailed)
    }
}

/// Writes one line to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data(("pfdo-intake: " + message + "\n").utf8))
}
