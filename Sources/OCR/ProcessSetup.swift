import Foundation

/// Process-level settings that must be in place before libtesseract's OpenMP runtime starts.
public enum ProcessSetup {
    /// Debian's Tesseract is built with OpenMP, which makes a page 4-5x slower on a small machine
    /// (threads spin against each other). The limit is read once, when the runtime loads, which
    /// happens before `main`; so when it is unset, the executable sets it to 1 and re-executes itself.
    /// Parallelism comes from one engine per worker instead. Set `OMP_THREAD_LIMIT` yourself to
    /// override (the executable then leaves it alone).
    public static func ensureSingleThreadedOpenMP() {
        guard ProcessInfo.processInfo.environment["OMP_THREAD_LIMIT"] == nil else { return }
        setenv("OMP_THREAD_LIMIT", "1", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // exec failed (no /proc): go on, slower but correct.
    }
}
