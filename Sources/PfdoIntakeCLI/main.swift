import OCR

// Must run before anything touches Tesseract: see ProcessSetup.
ProcessSetup.ensureSingleThreadedOpenMP()

/// Runs the async entry point (the review server is async; the batch commands are not).
func runAsync<C: AsyncParsableCommandRoot>(_ command: C.Type) async { await command.main() }
await runAsync(PfdoIntake.self)
