import Foundation
import Registry

/// A one-shot message shown on the next page after a redirect.
struct Flash: Sendable, Equatable {
    enum Kind: String, Sendable { case info, error }
    var kind: Kind
    var text: String
}

/// A signed-in reviewer's session.
struct Session: Sendable {
    /// The reviewer's name: the audit actor of everything done in this session.
    let user: String
    /// The CSRF token every state-changing form of this session carries.
    let csrfToken: String
    let createdAt: Date
    var lastSeen: Date
    var flash: Flash?
}

/// Server-side sessions, stored in the registry database so that they survive a restart of the app. The browser
/// holds only a random 256-bit token; the database keys sessions by the token's SHA-256. A session ends at
/// logout, `lifetime` after sign-in, `idleTimeout` after its last request, or when the reviewer's password is
/// changed or the account disabled or removed, whichever comes first.
final class SessionStore: Sendable {
    let store: RegistryStore
    let lifetime: TimeInterval
    let idleTimeout: TimeInterval

    init(store: RegistryStore, lifetime: TimeInterval, idleTimeout: TimeInterval) {
        self.store = store; self.lifetime = lifetime; self.idleTimeout = idleTimeout
        try? store.sweepSessions(lifetime: lifetime, idleTimeout: idleTimeout)
    }

    /// Starts a session; returns the token for the cookie.
    func create(user: String) throws -> (token: String, session: Session) {
        let token = Token.random()
        let csrf = Token.random()
        try store.createSession(tokenHash: Token.storageKey(token), reviewer: user, csrfToken: csrf)
        let now = Date()
        return (token, Session(user: user, csrfToken: csrf, createdAt: now, lastSeen: now))
    }

    /// The live session for a token (its idle time restarts), nil when unknown or expired (and then removed).
    func session(token: String) throws -> Session? {
        guard Token.isWellFormed(token),
              let s = try store.session(tokenHash: Token.storageKey(token), lifetime: lifetime, idleTimeout: idleTimeout) else {
            return nil
        }
        return Session(user: s.reviewer, csrfToken: s.csrfToken, createdAt: s.createdAt, lastSeen: s.lastSeen)
    }

    func remove(token: String) {
        try? store.deleteSession(tokenHash: Token.storageKey(token))
    }

    func removeAll(user: String) {
        try? store.deleteSessions(reviewer: user)
    }

    func setFlash(token: String, _ flash: Flash) {
        try? store.setSessionFlash(tokenHash: Token.storageKey(token), "\(flash.kind.rawValue)|\(flash.text)")
    }

    func takeFlash(token: String) -> Flash? {
        guard let raw = try? store.takeSessionFlash(tokenHash: Token.storageKey(token)) else { return nil }
        let parts = raw.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let kind = Flash.Kind(rawValue: String(parts[0])) else { return nil }
        return Flash(kind: kind, text: String(parts[1]))
    }

    var count: Int { (try? store.sessionCount()) ?? 0 }
}

/// Slows down password guessing without ever locking anyone out: each failed sign-in for a (name, address)
/// pair makes the next attempt of that pair wait longer (1, 2, 4 ... up to `maxDelay` seconds after
/// `freeFailures` free ones), and attempts of one pair are spaced by that delay even when sent in parallel.
/// A correct password is always accepted once its turn comes, so failures from other addresses (or many
/// failures behind one proxy) cannot keep a reviewer out. Per address across names, the same growing delay
/// applies after `addressFreeFailures` failures (a guesser spraying names from one address).
actor LoginThrottle {
    let freeFailures: Int
    let addressFreeFailures: Int
    let maxDelay: TimeInterval
    let window: TimeInterval
    let clock: @Sendable () -> Date
    private struct Entry { var failures: [Date]; var nextTurn: Date }
    private var entries: [String: Entry] = [:]

    init(freeFailures: Int, addressFreeFailures: Int, maxDelay: TimeInterval = 30, window: TimeInterval,
         clock: @escaping @Sendable () -> Date) {
        self.freeFailures = freeFailures; self.addressFreeFailures = addressFreeFailures
        self.maxDelay = maxDelay; self.window = window; self.clock = clock
    }

    private func keys(user: String, address: String?) -> [(key: String, free: Int)] {
        let a = address ?? "-"
        return [("pair:" + user.lowercased() + "|" + a, freeFailures), ("addr:" + a, addressFreeFailures)]
    }

    /// The delay for `failures` recent failures beyond the free ones.
    func delay(afterFailures n: Int, free: Int) -> TimeInterval {
        guard n >= free else { return 0 }
        return min(maxDelay, pow(2, Double(n - free)))
    }

    /// How long this attempt must wait before its password is checked; reserves its turn.
    func reserve(user: String, address: String?) -> TimeInterval {
        let now = clock()
        var wait: TimeInterval = 0
        for (key, free) in keys(user: user, address: address) {
            var e = entries[key] ?? Entry(failures: [], nextTurn: now)
            e.failures = e.failures.filter { now.timeIntervalSince($0) < window }
            let d = delay(afterFailures: e.failures.count, free: free)
            let turn = max(now, e.nextTurn)
            wait = max(wait, turn.timeIntervalSince(now) + d)
            e.nextTurn = turn.addingTimeInterval(d)
            entries[key] = e
        }
        return wait
    }

    func recordFailure(user: String, address: String?) {
        let now = clock()
        for (key, _) in keys(user: user, address: address) {
            entries[key, default: Entry(failures: [], nextTurn: now)].failures.append(now)
        }
        if entries.count > 10_000 { // bound the memory an attacker can make us use
            entries = entries.filter { $0.value.failures.contains { now.timeIntervalSince($0) < window } }
        }
    }

    func recordSuccess(user: String, address: String?) {
        entries["pair:" + user.lowercased() + "|" + (address ?? "-")] = nil
    }

    /// Recent failures of a pair (for tests and the admin's "unlock").
    func failures(user: String, address: String?) -> Int {
        entries["pair:" + user.lowercased() + "|" + (address ?? "-")]?.failures.count ?? 0
    }

    /// Recent failures for a name from any address.
    func failuresOfName(_ user: String) -> Int {
        let prefix = "pair:" + user.lowercased() + "|"
        let now = clock()
        return entries.filter { $0.key.hasPrefix(prefix) }.reduce(0) { $0 + $1.value.failures.filter { now.timeIntervalSince($0) < window }.count }
    }

    /// Forgets every failure recorded for a reviewer name (an admin's "unlock").
    func reset(user: String) {
        let prefix = "pair:" + user.lowercased() + "|"
        entries = entries.filter { !$0.key.hasPrefix(prefix) }
    }
}
