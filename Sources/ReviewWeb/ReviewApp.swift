import Foundation
import Hummingbird
import Logging
import Mustache
import Registry

/// What the request log learns while the request is handled: the signed-in reviewer.
final class RequestInfo: @unchecked Sendable {
    private let lock = NSLock()
    private var _actor: String?
    var actor: String? {
        get { lock.lock(); defer { lock.unlock() }; return _actor }
        set { lock.lock(); _actor = newValue; lock.unlock() }
    }
}

/// Settings of the review web app.
public struct ReviewConfiguration: Sendable {
    /// Address to listen on: loopback by default (put a TLS proxy in front to serve a network).
    public var host: String
    public var port: Int
    /// Mark cookies `Secure` (when the app is served over HTTPS through a proxy).
    public var secureCookies: Bool
    /// A session ends this long after sign-in ...
    public var sessionLifetime: TimeInterval
    /// ... or this long after its last request, whichever comes first.
    public var idleTimeout: TimeInterval
    /// Failed sign-ins of one (name, address) pair, and of one address, within `throttleWindow` before each
    /// further attempt is delayed (1 s, 2 s, 4 s ... up to `maxLoginDelay`). Nobody is ever locked out.
    public var maxFailuresPerUser: Int
    public var maxFailuresPerAddress: Int
    public var throttleWindow: TimeInterval
    public var maxLoginDelay: TimeInterval
    /// Addresses of reverse proxies whose `X-Forwarded-For` names the client (empty: the header is ignored).
    public var trustedProxies: Set<String>
    /// Opening a packet claims it for this long; others see who has it and cannot edit it meanwhile.
    public var claimDuration: TimeInterval
    /// A connection with no request for this long is closed.
    public var httpIdleTimeout: TimeInterval
    /// Registry search needs at least this many characters (a surname prefix) or a full registry number prefix.
    public var minSearchLength: Int
    /// Which corrected fields need a supervisor's second approval (names, dates and numbers by default).
    public var fourEyes: FourEyesPolicy
    /// The time source (tests move it to expire sessions).
    public var clock: @Sendable () -> Date
    /// Request log: method, route template, status, ids. Never names, dates or numbers read from paper.
    public var logger: Logger

    public init(host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false,
                sessionLifetime: TimeInterval = 8 * 3600, idleTimeout: TimeInterval = 30 * 60,
                maxFailuresPerUser: Int = 3, maxFailuresPerAddress: Int = 20, throttleWindow: TimeInterval = 15 * 60,
                maxLoginDelay: TimeInterval = 30, trustedProxies: Set<String> = [], claimDuration: TimeInterval = 15 * 60,
                httpIdleTimeout: TimeInterval = 60, minSearchLength: Int = 3,
                fourEyes: FourEyesPolicy = .default,
                clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "pfdo.review")) {
        self.fourEyes = fourEyes
        self.host = host; self.port = port; self.secureCookies = secureCookies
        self.sessionLifetime = sessionLifetime; self.idleTimeout = idleTimeout
        self.maxFailuresPerUser = maxFailuresPerUser; self.maxFailuresPerAddress = maxFailuresPerAddress
        self.throttleWindow = throttleWindow; self.clock = clock; self.logger = logger
        self.maxLoginDelay = maxLoginDelay; self.trustedProxies = trustedProxies; self.claimDuration = claimDuration
        self.httpIdleTimeout = httpIdleTimeout; self.minSearchLength = minSearchLength
    }
}

/// The request context: the signed-in session (set by `SessionMiddleware`) and the parsed form of a POST.
public struct ReviewContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    var remoteAddress: String?
    var session: Session?
    var sessionToken: String?
    var form = FormData()
    /// Shared with the request log (outermost), which cannot see this context's later copies.
    let requestInfo = RequestInfo()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The client's address: the connection's peer, or, when the peer is a trusted proxy, the last address in
    /// `X-Forwarded-For` that is not itself a trusted proxy.
    static func clientAddress(peer: String?, forwardedFor: String?, trusted: Set<String>) -> String? {
        guard let peer, trusted.contains(peer), let header = forwardedFor else { return peer }
        let hops = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return hops.last { !trusted.contains($0) } ?? peer
    }

    /// The signed-in reviewer's role (read from the database on every request).
    var role: ReviewerRole = .reviewer

    /// The signed-in reviewer (routes behind `SessionMiddleware` always have one).
    var user: String { session?.user ?? "" }
}

public enum ReviewWebError: Error, CustomStringConvertible {
    case missingResource(String)
    case template(String)

    public var description: String {
        switch self {
        case let .missingResource(name):
            return "the review app's resource \(name) is missing: keep the pfdo-intake_ReviewWeb.resources folder next to the executable."
        case let .template(detail):
            return "a review app template does not parse: \(detail)"
        }
    }
}

/// Builds the review web app over a registry store. Tests drive the result with HummingbirdTesting;
/// `pfdo-intake review` runs it with `runService()`.
public func buildApplication(store: RegistryStore, configuration: ReviewConfiguration = ReviewConfiguration())
    async throws -> some ApplicationProtocol {
    let app = try await ReviewApp(store: store, configuration: configuration)
    let router = Router(context: ReviewContext.self)
    // Outermost first. Middleware applies to the routes added after it.
    router.add(middleware: RequestLogMiddleware(logger: configuration.logger))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorPageMiddleware(app: app))
    router.add(middleware: SessionMiddleware(app: app))
    app.addRoutes(to: router)
    app.addTeamRoutes(to: router)
    return Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(configuration.httpIdleTimeout * 1000)))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        logger: configuration.logger)
}

/// Everything the routes share.
final class ReviewApp: Sendable {
    static let sessionCookie = "pfdo_session"
    static let loginCookie = "pfdo_login"

    let store: RegistryStore
    let configuration: ReviewConfiguration
    let sessions: SessionStore
    let throttle: LoginThrottle
    let templates: MustacheLibrary
    let stylesheet: String
    let script: String

    init(store: RegistryStore, configuration: ReviewConfiguration) async throws {
        self.store = store
        self.configuration = configuration
        sessions = SessionStore(store: store, lifetime: configuration.sessionLifetime, idleTimeout: configuration.idleTimeout)
        throttle = LoginThrottle(freeFailures: configuration.maxFailuresPerUser, addressFreeFailures: configuration.maxFailuresPerAddress,
                                 maxDelay: configuration.maxLoginDelay, window: configuration.throttleWindow, clock: configuration.clock)
        guard let dir = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw ReviewWebError.missingResource("Templates")
        }
        do {
            templates = try await MustacheLibrary(directory: dir.path)
        } catch {
            throw ReviewWebError.template("\(error)")
        }
        guard let css = Bundle.module.url(forResource: "review", withExtension: "css", subdirectory: "Static")
                ?? Bundle.module.url(forResource: "review", withExtension: "css"),
              let text = try? String(contentsOf: css, encoding: .utf8) else {
            throw ReviewWebError.missingResource("Static/review.css")
        }
        stylesheet = text
        guard let js = Bundle.module.url(forResource: "review", withExtension: "js", subdirectory: "Static")
                ?? Bundle.module.url(forResource: "review", withExtension: "js"),
              let jsText = try? String(contentsOf: js, encoding: .utf8) else {
            throw ReviewWebError.missingResource("Static/review.js")
        }
        script = jsText
    }

    /// Paths served without a session.
    static func isPublic(_ path: String) -> Bool {
        path == "/login" || path == "/static/review.css" || path == "/static/review.js" || path == "/favicon.ico"
    }

    // MARK: - Responses

    func render(_ template: String, _ model: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let body = templates.render(model, withTemplate: template) ?? "template \(template) missing"
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// A plain error page (no navigation: the error may come before the session is known).
    func errorPage(_ status: HTTPResponse.Status, message: String? = nil) -> Response {
        var model: [String: Any] = ["title": "\(status.code) \(status.reasonPhrase)", "code": status.code]
        if let message { model["message"] = message }
        return render("error", model, status: status)
    }

    func cookie(_ name: String, value: String, path: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: path, secure: configuration.secureCookies,
               httpOnly: true, sameSite: .strict)
    }

    /// The model every signed-in page starts from: the reviewer, the CSRF token for the logout form, a flash.
    func base(_ context: ReviewContext, title: String) async -> [String: Any] {
        var model: [String: Any] = ["title": title, "user": context.user, "csrf": context.session?.csrfToken ?? ""]
        model["role"] = context.role.rawValue
        model["isSupervisor"] = context.role.canGiveSecondApproval
        model["isAdmin"] = context.role.canManageAccounts
        if let token = context.sessionToken, let flash = sessions.takeFlash(token: token) {
            model["flash"] = ["text": flash.text, "error": flash.kind == .error]
        }
        return model
    }

    func flash(_ context: ReviewContext, _ text: String, error: Bool = false) async {
        guard let token = context.sessionToken else { return }
        sessions.setFlash(token: token, Flash(kind: error ? .error : .info, text: text))
    }
}

// MARK: - Middleware

/// Logs one line per request at info: method, route template (`/packets/{id}`), status, duration and the
/// database ids in the path. Never the raw path or query (a search query can be a surname).
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = ReviewContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        var status: HTTPResponse.Status = .internalServerError
        defer {
            var metadata: Logger.Metadata = [
                "method": "\(request.method.rawValue)",
                "route": "\(context.endpointPath ?? "(no route)")",
                "status": "\(status.code)",
                "ms": "\((DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)",
            ]
            if let id = context.parameters.get("id"), Int64(id) != nil { metadata["id"] = "\(id)" }
            if let actor = context.requestInfo.actor { metadata["reviewer"] = "\(actor)" }
            logger.info("request", metadata: metadata)
        }
        do {
            let response = try await next(request, context)
            status = response.status
            return response
        } catch let error as HTTPResponseError {
            status = error.status
            throw error
        }
    }
}

/// Security headers on every response; `no-store` unless the route set its own cache policy (the stylesheet).
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = ReviewContext
    /// Scripts, styles and images from this server only (no inline code); forms post only here; no framing.
    static let policy = "default-src 'none'; script-src 'self'; img-src 'self'; style-src 'self'; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'"
    static let frameOptions = HTTPFields.Element.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPFields.Element.Name("Referrer-Policy")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.frameOptions] = "DENY"
        response.headers[Self.referrerPolicy] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// Turns errors into HTML error pages. Registry errors carry no personal data by design; other errors are
/// logged by type only.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = ReviewContext
    let app: ReviewApp

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            return app.errorPage(error.status)
        } catch let error as RegistryError {
            switch error {
            case .packetNotFound, .entryNotFound:
                return app.errorPage(.notFound)
            default:
                context.logger.error("registry error", metadata: ["error": "\(error)"])
                return app.errorPage(.internalServerError, message: "\(error)")
            }
        } catch let error as HTTPResponseError {
            return app.errorPage(error.status)
        } catch {
            context.logger.error("unexpected error", metadata: ["type": "\(type(of: error))"])
            return app.errorPage(.internalServerError)
        }
    }
}

/// Finds the session from the cookie; sends requests without one to the sign-in page (GET) or answers 401.
/// Every other method must carry the session's CSRF token in its form (`_csrf`) and, when the browser
/// sends an `Origin`, come from this server: otherwise 403 before any handler runs.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = ReviewContext
    let app: ReviewApp
    static let forwardedFor = HTTPFields.Element.Name("X-Forwarded-For")!
    static let maxFormBytes = 64 * 1024

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let token = request.cookies[ReviewApp.sessionCookie]?.value
        context.remoteAddress = ReviewContext.clientAddress(peer: context.remoteAddress, forwardedFor: request.headers[Self.forwardedFor],
                                                            trusted: app.configuration.trustedProxies)
        if let token, let session = try app.sessions.session(token: token) {
            // A reviewer removed or disabled loses access at once; a role change applies at the next request.
            if let reviewer = try app.store.reviewer(name: session.user), !reviewer.disabled {
                context.session = session
                context.sessionToken = token
                context.role = reviewer.role
                context.requestInfo.actor = reviewer.name
            } else {
                app.sessions.remove(token: token)
            }
        }
        if ReviewApp.isPublic(request.uri.path) { return try await next(request, context) }

        guard let session = context.session else {
            var response: Response
            if request.method == .get || request.method == .head {
                var target = request.uri.path
                if let q = request.uri.query, !q.isEmpty { target += "?" + q }
                response = app.redirect("/login?next=" + queryEscape(target))
            } else {
                response = app.errorPage(.unauthorized, message: "Войдите заново / please sign in again.")
            }
            if token != nil { response.setCookie(app.cookie(ReviewApp.sessionCookie, value: "", path: "/", maxAge: 0)) }
            return response
        }
        guard request.method != .get, request.method != .head else { return try await next(request, context) }

        if let origin = request.headers[.origin], !Self.isSameOrigin(origin, authority: request.head.authority) {
            context.logger.notice("cross-origin form rejected", metadata: ["route": "\(context.endpointPath ?? "-")"])
            return app.errorPage(.forbidden, message: "Запрос с чужого сайта отклонён / cross-site request refused.")
        }
        var request = request
        let body = try await request.collectBody(upTo: Self.maxFormBytes)
        let form = FormData(urlEncoded: Substring(String(buffer: body)))
        guard let sent = form["_csrf"], Token.constantTimeEqual(sent, session.csrfToken) else {
            context.logger.notice("form without a valid CSRF token rejected", metadata: ["route": "\(context.endpointPath ?? "-")"])
            return app.errorPage(.forbidden, message: "Форма устарела: откройте страницу заново / the form has expired: reload the page.")
        }
        context.form = form
        return try await next(request, context)
    }

    /// `http://host:port` against the request's authority (`host:port`).
    static func isSameOrigin(_ origin: String, authority: String?) -> Bool {
        guard let authority, !authority.isEmpty else { return true }
        for scheme in ["http://", "https://"] where origin.hasPrefix(scheme) {
            return origin.dropFirst(scheme.count).lowercased() == authority.lowercased()
        }
        return false
    }
}

/// Builds the app and serves it until SIGINT or SIGTERM (graceful shutdown).
public func runReviewServer(store: RegistryStore, configuration: ReviewConfiguration) async throws {
    let app = try await buildApplication(store: store, configuration: configuration)
    try await app.runService()
}
