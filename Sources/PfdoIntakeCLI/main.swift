import ArgumentParser
import Foundation
import Logging
import OCR

// Must run before anything touches Tesseract: see ProcessSetup.
ProcessSetup.ensureSingleThreadedOpenMP()

// Files this program creates (the database, temporary page images) hold personal data: owner only.
umask(0o077)

// Logs go to stderr. Info lines carry ids and counts only; batch commands show them with
// PFDO_LOG_LEVEL=info (the review server logs its requests at info by default).
let arguments = CommandLine.arguments.dropFirst()
let defaultLevel: Logger.Level = arguments.first == "review" ? .info : .warning
let level = ProcessInfo.processInfo.environment["PFDO_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? defaultLevel
LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = level
    return handler
}

/// Runs the async entry point (the review server is async; the batch commands are not), after the front
/// (language, version, unknown subcommands) has looked at the arguments.
func runAsync<C: AsyncParsableCommandRoot>(_ command: C.Type) async {
    do {
        guard let args = try CommandLineFront.prepare(Array(CommandLine.arguments.dropFirst())) else { return }
        await command.main(args)
    } catch {
        command.exit(withError: error)
    }
}
await runAsync(PfdoIntake.self)
