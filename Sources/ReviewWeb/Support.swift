import Foundation
import IntakeModel
import Registry

// MARK: - Random tokens and comparisons

enum Token {
    /// `bytes` random bytes from the system's CSPRNG (getrandom on Linux), as lower-case hex.
    static func random(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let raw = (0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return hex(raw)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return out
    }

    /// Whether `s` looks like a token made by `random(bytes:)`.
    static func isWellFormed(_ s: String, bytes: Int = 32) -> Bool {
        s.utf8.count == bytes * 2 && s.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Compares two strings in time that depends only on their lengths.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    /// The key a session is stored under: the SHA-256 of its token, so that the store never holds live tokens.
    static func storageKey(_ token: String) -> String {
        SHA256.hex(Array(token.utf8))
    }
}

// MARK: - application/x-www-form-urlencoded

/// A parsed form or query string. Repeated names keep the first value.
struct FormData: Sendable {
    private(set) var values: [String: String] = [:]

    init(_ values: [String: String] = [:]) { self.values = values }

    /// Parses `a=1&b=x+y`; `+` is a space, `%XX` are UTF-8 bytes. Pairs that do not decode are skipped.
    init(urlEncoded text: Substring) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            guard let value, values[name] == nil else { continue }
            values[name] = value
        }
    }

    static func decode(_ s: Substring) -> String? {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    subscript(_ name: String) -> String? { values[name] }

    /// The value with surrounding whitespace removed, nil when absent or blank.
    func trimmed(_ name: String) -> String? {
        guard let v = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }
}

/// Percent-encodes a query parameter value.
func queryEscape(_ s: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~/")
    return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
}

// MARK: - Image sizes

enum ImageInfo {
    /// Width and height of a PNG or baseline/progressive JPEG, read from its header.
    static func dimensions(_ data: Data) -> (width: Int, height: Int)? {
        let b = [UInt8](data.prefix(65_536))
        if b.count >= 24, b.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            let w = Int(b[16]) << 24 | Int(b[17]) << 16 | Int(b[18]) << 8 | Int(b[19])
            let h = Int(b[20]) << 24 | Int(b[21]) << 16 | Int(b[22]) << 8 | Int(b[23])
            return w > 0 && h > 0 ? (w, h) : nil
        }
        guard b.count > 4, b[0] == 0xFF, b[1] == 0xD8 else { return nil }
        var i = 2
        while i + 9 < b.count {
            guard b[i] == 0xFF else { i += 1; continue }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
            let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
                let h = Int(b[i + 5]) << 8 | Int(b[i + 6])
                let w = Int(b[i + 7]) << 8 | Int(b[i + 8])
                return w > 0 && h > 0 ? (w, h) : nil
            }
            i += 2 + length
        }
        return nil
    }
}
