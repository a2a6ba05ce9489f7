import Foundation

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

/// Server-side sessions in memory. The browser holds only a random 256-bit token; the store keys sessions by
/// the token's SHA-256. A session ends at logout, `lifetime` after sign-in, or `idleTimeout` after its last
/// request, whichever comes first. Restarting the server signs everybody out.
actor SessionStore {
    let lifetime: TimeInterval
    let idleTimeout: TimeInterval
    let clock: @Sendable () -> Date
    private var sessions: [String: Session] = [:]
    private var lastSweep = Date.distantPast

    init(lifetime: TimeInterval, idleTimeout: TimeInterval, clock: @escaping @Sendable () -> Date) {
        self.lifetime = lifetime; self.idleTimeout = idleTimeout; self.clock = clock
    }

    /// Starts a session; returns the token for the cookie.
    func create(user: String) -> (token: String, session: Session) {
        sweep()
        let token = Token.random()
        let now = clock()
        let session = Session(user: user, csrfToken: Token.random(), createdAt: now, lastSeen: now)
        sessions[Token.storageKey(token)] = session
        return (token, session)
    }

    /// The live session for a token (its idle time restarts), nil when unknown or expired (and then removed).
    func session(token: String) -> Session? {
        guard Token.isWellFormed(token) else { return nil }
        let key = Token.storageKey(token)
        guard var s = sessions[key] else { return nil }
        let now = clock()
        guard isAlive(s, now: now) else {
            sessions[key] = nil
            return nil
        }
        s.lastSeen = now
        sessions[key] = s
        return s
    }

    func remove(token: String) {
        sessions[Token.storageKey(token)] = nil
    }

    func removeAll(user: String) {
        sessions = sessions.filter { $0.value.user != user }
    }

    func setFlash(token: String, _ flash: Flash) {
        let key = Token.storageKey(token)
        sessions[key]?.flash = flash
    }

    func takeFlash(token: String) -> Flash? {
        let key = Token.storageKey(token)
        let f = sessions[key]?.flash
        sessions[key]?.flash = nil
        return f
    }

    var count: Int { sessions.count }

    private func isAlive(_ s: Session, now: Date) -> Bool {
        now.timeIntervalSince(s.createdAt) < lifetime && now.timeIntervalSince(s.lastSeen) < idleTimeout
    }

    private func sweep() {
        let now = clock()
        guard now.timeIntervalSince(lastSweep) > 60 else { return }
        lastSweep = now
        sessions = sessions.filter { isAlive($0.value, now: now) }
    }
}

/// Counts failed sign-ins per reviewer name and per client address; after `limit` failures within `window`
/// further attempts are refused until the oldest failure leaves the window.
actor LoginThrottle {
    let userLimit: Int
    let addressLimit: Int
    let window: TimeInterval
    let clock: @Sendable () -> Date
    private var failures: [String: [Date]] = [:]

    init(userLimit: Int, addressLimit: Int, window: TimeInterval, clock: @escaping @Sendable () -> Date) {
        self.userLimit = userLimit; self.addressLimit = addressLimit; self.window = window; self.clock = clock
    }

    private func keys(user: String, address: String?) -> [(String, Int)] {
        var k = [("user:" + user.lowercased(), userLimit)]
        if let address { k.append(("addr:" + address, addressLimit)) }
        return k
    }

    /// Seconds until another attempt is allowed, nil when allowed now.
    func retryAfter(user: String, address: String?) -> TimeInterval? {
        let now = clock()
        var wait: TimeInterval?
        for (key, limit) in keys(user: user, address: address) {
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
            failures[key] = recent.isEmpty ? nil : recent
            if recent.count >= limit, let oldest = recent.first {
                let w = window - now.timeIntervalSince(oldest)
                wait = max(wait ?? 0, w)
            }
        }
        return wait
    }

    func recordFailure(user: String, address: String?) {
        let now = clock()
        for (key, _) in keys(user: user, address: address) { failures[key, default: []].append(now) }
        if failures.count > 10_000 { // bound the memory an attacker can make us use
            failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
        }
    }

    func recordSuccess(user: String) {
        failures["user:" + user.lowercased()] = nil
    }
}
