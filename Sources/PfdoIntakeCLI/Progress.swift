import Foundation
import Pipeline

/// Progress of a batch on stderr. On a terminal: one line redrawn after every file, cut to the terminal's
/// width (bar, counts, ETA, the file just read). Otherwise (piped, CI): a plain line every few seconds and
/// at the end. Quiet: nothing. Thread-safe: workers report from their own threads.
final class ProgressLine: @unchecked Sendable {
    enum Mode { case live, plain, quiet }

    let mode: Mode
    /// Seconds between plain lines.
    let plainInterval: Double
    private let lock = NSLock()
    private var lastPlain = Date.distantPast
    private var shown = false
    private let write: (String) -> Void

    init(quiet: Bool = false, plainInterval: Double = 5,
         write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        mode = quiet ? .quiet : (isatty(2) != 0 ? .live : .plain)
        self.plainInterval = plainInterval
        self.write = write
    }

    func update(_ p: IngestProgress) {
        lock.lock(); defer { lock.unlock() }
        switch mode {
        case .quiet: return
        case .live:
            write("\r\u{1B}[K" + Self.liveLine(p, width: Self.terminalWidth()))
            shown = true
        case .plain:
            // The end of a chunk (no file) carries the packet counts: the last line is that one.
            let last = p.done == p.total && p.file == nil
            guard last || (Date().timeIntervalSince(lastPlain) >= plainInterval && p.done < p.total) else { return }
            write(Self.plainLine(p) + "\n")
            lastPlain = Date()
        }
    }

    /// A message line (verbose outcomes, warnings) printed above the live line.
    func note(_ line: String) {
        lock.lock(); defer { lock.unlock() }
        write((shown ? "\r\u{1B}[K" : "") + line + "\n")
        shown = false
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        if mode == .live && shown { write("\r\u{1B}[K") }
        shown = false
    }

    /// Files done and ETA while running (packet counts change per chunk); the totals at the end.
    static func plainLine(_ p: IngestProgress) -> String {
        let s = p.summary
        var line = L("ingest: \(p.done)/\(p.total) files", "ingest: файлов \(p.done)/\(p.total)")
        if p.done == p.total && p.file == nil {
            line += L(", \(s.pages) pages, \(s.packetsRegistered) registered, \(s.packetsInReview) review, \(s.failed.count) failed",
                      ", страниц \(s.pages), зарегистрировано \(s.packetsRegistered), на проверку \(s.packetsInReview), ошибок \(s.failed.count)")
        } else if let eta = p.eta {
            line += ", " + L("ETA", "осталось") + " " + duration(eta)
        }
        if let file = p.file, p.done < p.total { line += " (\((file as NSString).lastPathComponent))" }
        return line
    }

    /// `[#####.....] 12/240  ETA 3m10s  name.png`, never wider than `width - 1` columns.
    static func liveLine(_ p: IngestProgress, width: Int) -> String {
        let counts = "\(p.done)/\(p.total)"
        let eta = p.eta.flatMap { p.done < p.total ? "  " + L("ETA", "ещё") + " " + duration($0) : nil } ?? ""
        let room = max(10, width - 1)
        let barWidth = max(0, min(30, room - counts.count - eta.count - 4 - 12))
        var line = ""
        if barWidth >= 5 {
            let filled = p.total == 0 ? barWidth : barWidth * p.done / p.total
            line = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + "] "
        }
        line += counts + eta
        if let file = p.file {
            let name = (file as NSString).lastPathComponent
            let left = room - line.count - 2
            if left >= 8 { line += "  " + (name.count > left ? "…" + name.suffix(left - 1) : name) }
        }
        return String(line.prefix(room))
    }

    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let cols = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), cols > 0 { return cols }
        return 80
    }

    static func duration(_ s: Double) -> String {
        let t = Int(s.rounded())
        return t >= 3600 ? "\(t / 3600)h\(t % 3600 / 60)m" : (t >= 60 ? "\(t / 60)m\(t % 60)s" : "\(t)s")
    }
}
