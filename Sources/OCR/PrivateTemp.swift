import Foundation

/// Private temporary folders for page extraction (PDF pages, HEIC conversions): created 0700 with files 0600,
/// removed when done; a folder left by a run that was killed is removed by the next run.
///
/// Each folder holds a lock file locked (`flock`) for the folder's life. The kernel drops the lock when its
/// process dies, however it dies, so `sweep()` removes exactly the folders whose owner is gone, never one in
/// use by another running process.
public enum PrivateTemp {
    static let prefix = "pfdo-work-"
    static let lockName = ".lock"

    public final class Directory: @unchecked Sendable {
        public let url: URL
        private let lock: Int32

        init(kind: String) throws {
            PrivateTemp.sweepOnce()
            var template = Array((PrivateTemp.base + "/\(PrivateTemp.prefix)\(kind)-XXXXXX").utf8CString)
            guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
                throw OCRError.pdfFailed(path: PrivateTemp.base, detail: "cannot create a private temporary folder (disk full or not writable?)")
            }
            url = URL(fileURLWithPath: String(cString: made), isDirectory: true) // mkdtemp makes it 0700
            lock = open(url.appendingPathComponent(PrivateTemp.lockName).path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
            if lock >= 0 { _ = flock(lock, LOCK_EX | LOCK_NB) }
        }

        deinit {
            try? FileManager.default.removeItem(at: url)
            if lock >= 0 { close(lock) }
        }
    }

    static var base: String {
        let env = ProcessInfo.processInfo.environment["TMPDIR"] ?? ""
        return env.isEmpty ? "/tmp" : (env.hasSuffix("/") ? String(env.dropLast()) : env)
    }

    /// Writes `data` to a new file readable by its owner only (0600).
    static func write(_ data: Data, to url: URL) -> Bool {
        let fd = open(url.path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return data.withUnsafeBytes { raw -> Bool in
            var done = 0
            while done < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + done, raw.count - done)
                if n <= 0 { return false }
                done += n
            }
            return true
        }
    }

    private static let sweepOnceToken: Void = { sweep() }()
    static func sweepOnce() { _ = sweepOnceToken }

    /// Removes this user's folders left by runs that died (their lock is free). Returns how many.
    @discardableResult
    public static func sweep() -> Int {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: base) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(prefix) {
            let path = base + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, st.st_uid == getuid() else { continue }
            let fd = open(path + "/" + lockName, O_RDWR | O_CLOEXEC)
            if fd < 0 {
                // No lock file: a folder caught between its creation and its lock, or already half removed.
                // Only an old one is taken for abandoned.
                if Date().timeIntervalSince1970 - Double(st.st_mtim.tv_sec) > 3600 { try? fm.removeItem(atPath: path); removed += 1 }
                continue
            }
            defer { close(fd) }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                try? fm.removeItem(atPath: path)
                removed += 1
            }
        }
        return removed
    }
}
