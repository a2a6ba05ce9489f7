import CTesseract
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The image libraries under Leptonica (libpng, libjpeg, libtiff, giflib, libwebp) print their own
/// warnings and errors on stderr ("libpng error: read error", "Corrupt JPEG data: premature end of data
/// segment"); the loader reports every bad file itself, in one line. So work inside those libraries runs
/// `quietly`: what they write to C's stderr from that thread is dropped, while everything else written to
/// stderr (this program's messages, argument errors, another thread's output) passes unchanged.
enum LibraryMessages {
    nonisolated(unsafe) private static var key = pthread_key_t()

    private static let installed: Void = {
        _ = setMsgSeverity(Int32(L_SEVERITY_NONE))
        leptSetStderrHandler { _ in }
        pthread_key_create(&key, nil)
        #if canImport(Glibc)
        var io = pfdo_cookie_io()
        io.write = { _, buffer, size in
            if pthread_getspecific(LibraryMessages.key) == nil, let buffer {
                var done = 0
                while done < size {
                    let n = Glibc.write(2, buffer + done, size - done)
                    if n <= 0 { break }
                    done += n
                }
            }
            return size
        }
        if let filtered = fopencookie(nil, "w", io) {
            setvbuf(filtered, nil, _IONBF, 0)
            fflush(Glibc.stderr)
            Glibc.stderr = filtered
        }
        #endif
    }()

    static func silence() { _ = installed }

    /// Runs `body` with the image libraries' stderr output on this thread dropped.
    static func quietly<T>(_ body: () throws -> T) rethrows -> T {
        silence()
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: 1))
        defer { pthread_setspecific(key, previous) }
        return try body()
    }
}

/// The engine's entry to `LibraryMessages` (Leptonica's own messages off).
enum LeptonicaQuiet {
    static func ensure() { LibraryMessages.silence() }
}
