import Foundation
import GRDB

/// A person allowed to use the review web app. Only a bcrypt hash of the password is stored.
public struct Reviewer: Codable, Hashable, Sendable, FetchableRecord, TableRecord {
    public static let databaseTableName = "reviewer"

    public var name: String
    public var passwordHash: String
    public var createdAt: Date
    public var role: ReviewerRole
    /// A disabled account cannot sign in and loses its sessions; its history stays.
    public var disabled: Bool

    enum CodingKeys: String, CodingKey {
        case name, passwordHash = "password_hash", createdAt = "created_at", role, disabled
    }
}

/// Failures of reviewer management. Messages name the reviewer (a login, not personal data of applicants)
/// and the remedy, never a password or a hash.
public enum ReviewerError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// A reviewer with this name exists already.
    case alreadyExists(String)
    /// No reviewer with this name.
    case notFound(String)
    /// The name is empty, too long or has characters other than letters, digits, `.`, `_`, `-` and `@`.
    case invalidName
    /// The hash is not a bcrypt hash of cost 10 or more.
    case invalidHash

    public var description: String {
        switch self {
        case let .alreadyExists(name):
            return "a reviewer named \(name) exists already: pick another name, or remove it first with `users remove \(name)`."
        case let .notFound(name):
            return "no reviewer named \(name): list them with `users list`."
        case .invalidName:
            return "a reviewer name is 1 to 64 letters, digits, '.', '_', '-' or '@'."
        case .invalidHash:
            return "the password hash is not a bcrypt hash of cost 10 or more: hash passwords with the review app's hasher."
        }
    }

    public var errorDescription: String? { description }
}

extension RegistryStore {
    // MARK: - Reviewers

    /// Whether `name` is acceptable as a reviewer name (it is also the audit actor).
    public static func isValidReviewerName(_ name: String) -> Bool {
        guard (1...64).contains(name.count) else { return false }
        return name.unicodeScalars.allSatisfy { s in
            CharacterSet.letters.contains(s) || CharacterSet.decimalDigits.contains(s) || ".-_@".unicodeScalars.contains(s)
        }
    }

    /// Whether `hash` is a bcrypt hash (`$2a$`, `$2b$` or `$2y$`) of cost 10 or more.
    public static func isAcceptedPasswordHash(_ hash: String) -> Bool {
        let parts = hash.split(separator: "$", omittingEmptySubsequences: false)
        // "", "2b", "12", salt+hash (53 characters)
        guard parts.count == 4, parts[0].isEmpty, ["2a", "2b", "2y"].contains(parts[1]),
              parts[2].count == 2, let cost = Int(parts[2]), (10...31).contains(cost), parts[3].count == 53 else { return false }
        return true
    }

    /// Adds a reviewer with a bcrypt password hash (cost ≥ 10). Writes an audit row naming the reviewer.
    public func addReviewer(name: String, passwordHash: String, role: ReviewerRole = .reviewer, actor: String) throws {
        guard Self.isValidReviewerName(name) else { throw ReviewerError.invalidName }
        guard Self.isAcceptedPasswordHash(passwordHash) else { throw ReviewerError.invalidHash }
        try reviewerWrite { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM reviewer WHERE name = ?", arguments: [name]) ?? false {
                throw ReviewerError.alreadyExists(name)
            }
            let now = self.clock()
            try db.execute(sql: "INSERT INTO reviewer (name, password_hash, created_at, role) VALUES (?, ?, ?, ?)",
                           arguments: [name, passwordHash, now, role.rawValue])
            try Audit.write(db, at: now, actor: actor, action: "reviewer_added",
                            detail: ["reviewer": .string(name), "role": .string(role.rawValue)])
        }
        logger.info("reviewer added")
    }

    /// Replaces a reviewer's password hash and ends their sessions. Writes an audit row naming the reviewer.
    public func setReviewerPassword(name: String, passwordHash: String, actor: String) throws {
        guard Self.isAcceptedPasswordHash(passwordHash) else { throw ReviewerError.invalidHash }
        try reviewerWrite { db in
            try db.execute(sql: "UPDATE reviewer SET password_hash = ? WHERE name = ?", arguments: [passwordHash, name])
            guard db.changesCount == 1 else { throw ReviewerError.notFound(name) }
            try db.execute(sql: "DELETE FROM review_session WHERE reviewer = ?", arguments: [name])
            try Audit.write(db, at: self.clock(), actor: actor, action: "reviewer_password_changed",
                            detail: ["reviewer": .string(name)])
        }
        logger.info("reviewer password changed")
    }

    /// Sets a reviewer's role. Writes an audit row.
    public func setReviewerRole(name: String, role: ReviewerRole, actor: String) throws {
        try reviewerWrite { db in
            try db.execute(sql: "UPDATE reviewer SET role = ? WHERE name = ?", arguments: [role.rawValue, name])
            guard db.changesCount == 1 else { throw ReviewerError.notFound(name) }
            try Audit.write(db, at: self.clock(), actor: actor, action: "reviewer_role_changed",
                            detail: ["reviewer": .string(name), "role": .string(role.rawValue)])
        }
        logger.info("reviewer role changed")
    }

    /// Disables (ending every session) or enables an account. Writes an audit row.
    public func setReviewerDisabled(name: String, disabled: Bool, actor: String) throws {
        try reviewerWrite { db in
            try db.execute(sql: "UPDATE reviewer SET disabled = ? WHERE name = ?", arguments: [disabled, name])
            guard db.changesCount == 1 else { throw ReviewerError.notFound(name) }
            if disabled { try db.execute(sql: "DELETE FROM review_session WHERE reviewer = ?", arguments: [name]) }
            try Audit.write(db, at: self.clock(), actor: actor, action: disabled ? "reviewer_disabled" : "reviewer_enabled",
                            detail: ["reviewer": .string(name)])
        }
        logger.info("reviewer account \(disabled ? "disabled" : "enabled")")
    }

    /// Removes a reviewer. Their past corrections keep their name in the field rows and the audit log.
    public func removeReviewer(name: String, actor: String) throws {
        try reviewerWrite { db in
            try db.execute(sql: "DELETE FROM review_session WHERE reviewer = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM reviewer WHERE name = ?", arguments: [name])
            guard db.changesCount == 1 else { throw ReviewerError.notFound(name) }
            try Audit.write(db, at: self.clock(), actor: actor, action: "reviewer_removed", detail: ["reviewer": .string(name)])
        }
        logger.info("reviewer removed")
    }

    /// `write`, letting `ReviewerError` through.
    private func reviewerWrite(_ body: (SQLDB) throws -> Void) throws {
        do {
            try rawWrite(body)
        } catch let error as ReviewerError {
            throw error
        } catch let error as RegistryError {
            throw error
        } catch {
            throw RegistryError.from(error, path: path)
        }
    }

    /// Every reviewer, by name.
    public func reviewers() throws -> [Reviewer] {
        try read { db in try Reviewer.fetchAll(db, sql: "SELECT * FROM reviewer ORDER BY name") }
    }

    /// One reviewer (with the password hash, for verifying a login), nil if there is none by that name.
    public func reviewer(name: String) throws -> Reviewer? {
        try read { db in try Reviewer.fetchOne(db, sql: "SELECT * FROM reviewer WHERE name = ?", arguments: [name]) }
    }
}
