import Foundation
import GRDB

/// A signed-in reviewer's session as stored: the browser holds a random token, the database only its SHA-256,
/// so a copy of the database opens no session.
public struct StoredSession: Sendable, Hashable {
    public var tokenHash: String
    public var reviewer: String
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeen: Date
    public var flash: String?
}

extension RegistryStore {
    // MARK: - Review sessions (they survive a restart of the review app)

    public func createSession(tokenHash: String, reviewer: String, csrfToken: String) throws {
        let now = clock()
        try write { db in
            try db.execute(sql: """
                INSERT INTO review_session (token_hash, reviewer, csrf_token, created_at, last_seen) VALUES (?, ?, ?, ?, ?)
                """, arguments: [tokenHash, reviewer, csrfToken, now, now])
        }
    }

    /// The live session for a token hash; an expired one (`lifetime` after sign-in or `idleTimeout` after its
    /// last request) is deleted and nil returned. The last-seen time is refreshed at most once a minute.
    public func session(tokenHash: String, lifetime: TimeInterval, idleTimeout: TimeInterval) throws -> StoredSession? {
        let now = clock()
        let found = try read { db -> StoredSession? in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM review_session WHERE token_hash = ?", arguments: [tokenHash]) else {
                return nil
            }
            return StoredSession(tokenHash: row["token_hash"], reviewer: row["reviewer"], csrfToken: row["csrf_token"],
                                 createdAt: row["created_at"], lastSeen: row["last_seen"], flash: row["flash"])
        }
        guard var s = found else { return nil }
        if now.timeIntervalSince(s.createdAt) >= lifetime || now.timeIntervalSince(s.lastSeen) >= idleTimeout {
            try deleteSession(tokenHash: tokenHash)
            return nil
        }
        if now.timeIntervalSince(s.lastSeen) > 60 {
            try write { db in
                try db.execute(sql: "UPDATE review_session SET last_seen = ? WHERE token_hash = ?", arguments: [now, tokenHash])
            }
            s.lastSeen = now
        }
        return s
    }

    public func deleteSession(tokenHash: String) throws {
        try write { db in try db.execute(sql: "DELETE FROM review_session WHERE token_hash = ?", arguments: [tokenHash]) }
    }

    /// Ends every session of a reviewer (password changed, account disabled or removed).
    public func deleteSessions(reviewer: String) throws {
        try write { db in try db.execute(sql: "DELETE FROM review_session WHERE reviewer = ?", arguments: [reviewer]) }
    }

    /// Deletes sessions past their lifetime or idle time (run now and then).
    public func sweepSessions(lifetime: TimeInterval, idleTimeout: TimeInterval) throws {
        let now = clock()
        try write { db in
            try db.execute(sql: "DELETE FROM review_session WHERE created_at < ? OR last_seen < ?",
                           arguments: [now.addingTimeInterval(-lifetime), now.addingTimeInterval(-idleTimeout)])
        }
    }

    public func setSessionFlash(tokenHash: String, _ flash: String?) throws {
        try write { db in
            try db.execute(sql: "UPDATE review_session SET flash = ? WHERE token_hash = ?", arguments: [flash, tokenHash])
        }
    }

    /// The one-shot message of a session, removed as it is read.
    public func takeSessionFlash(tokenHash: String) throws -> String? {
        try write { db in
            let flash = try String.fetchOne(db, sql: "SELECT flash FROM review_session WHERE token_hash = ?", arguments: [tokenHash])
            if flash != nil {
                try db.execute(sql: "UPDATE review_session SET flash = NULL WHERE token_hash = ?", arguments: [tokenHash])
            }
            return flash
        }
    }

    public func sessionCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM review_session") ?? 0 }
    }
}
