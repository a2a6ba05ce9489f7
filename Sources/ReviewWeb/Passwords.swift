import Foundation
import HummingbirdBcrypt

/// Reviewer passwords: rules and bcrypt hashing. Only hashes are ever stored.
public enum Passwords {
    /// The bcrypt cost new hashes get (2^12 rounds, a few hundred milliseconds per check).
    public static let defaultCost: UInt8 = 12
    /// The lowest cost accepted (also by the registry store).
    public static let minimumCost: UInt8 = 10
    public static let minimumLength = 10
    /// bcrypt reads only the first 72 bytes: longer passwords are refused rather than silently cut.
    public static let maximumBytes = 72

    public enum PolicyError: Error, Equatable, CustomStringConvertible, LocalizedError {
        case tooShort
        case tooLong
        case blank

        public var description: String {
            switch self {
            case .tooShort: return "the password must have at least \(Passwords.minimumLength) characters."
            case .tooLong: return "the password must be at most \(Passwords.maximumBytes) bytes long (UTF-8)."
            case .blank: return "the password must not be blank or consist of spaces."
            }
        }

        public var errorDescription: String? { description }
    }

    /// Checks a new password against the rules.
    public static func validate(_ password: String) throws {
        if password.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw PolicyError.blank }
        if password.count < minimumLength { throw PolicyError.tooShort }
        if password.utf8.count > maximumBytes { throw PolicyError.tooLong }
    }

    /// A bcrypt hash of the password (cost at least `minimumCost`).
    public static func hash(_ password: String, cost: UInt8 = defaultCost) -> String {
        Bcrypt.hash(password, cost: max(cost, minimumCost))
    }

    /// Whether the password matches the hash.
    public static func verify(_ password: String, hash: String) -> Bool {
        guard password.utf8.count <= maximumBytes else { return false }
        return Bcrypt.verify(password, hash: hash)
    }

    /// `verify` on a background thread: bcrypt is slow on purpose and must not hold up the server's threads.
    static func verifyInBackground(_ password: String, hash: String) async -> Bool {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(returning: verify(password, hash: hash))
            }
        }
    }

    /// Whether a new password follows the rules.
    static func isAcceptable(_ password: String) -> Bool { (try? validate(password)) != nil }

    /// `hash` on a background thread.
    static func hashInBackground(_ password: String) async throws -> String {
        try validate(password)
        return await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: hash(password)) }
        }
    }

    /// A hash of a random password, checked against when the name is unknown so that a sign-in for an unknown
    /// reviewer takes as long as one with a wrong password.
    static let decoyHash: String = hash(Token.random(bytes: 16), cost: defaultCost)
}
