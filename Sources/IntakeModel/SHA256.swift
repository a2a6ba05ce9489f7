import Crypto
import Foundation

/// SHA-256 for content-addressed documents, packet and person keys and model checksums: swift-crypto's
/// (`Crypto.SHA256`, BoringSSL on Linux, CryptoKit on Apple platforms), a maintained and tested implementation.
/// The digests are the standard ones, so nothing stored by earlier versions changes (see `HashTests`).
public enum SHA256 {
    /// Lower-case hex digest of `bytes`.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var hasher = Crypto.SHA256()
        if let done = bytes.withContiguousStorageIfAvailable({ hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }) {
            _ = done
        } else {
            hasher.update(data: Array(bytes))
        }
        return hex(hasher.finalize())
    }

    /// Lower-case hex digest of `data` (memory-mapped file contents are read in place).
    public static func hex(_ data: Data) -> String {
        hex(Crypto.SHA256.hash(data: data))
    }

    private static func hex(_ digest: Crypto.SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in digest { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0x0f)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
