import ArgumentParser
import Foundation
import Logging
import Registry
import ReviewWeb

// MARK: - review

struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: L("Serve the review web app: the queue, each packet's fields beside its page images, the registry.", "Запустить веб-приложение проверки: очередь, поля пакета рядом со сканом, реестр."),
        discussion: """
        Reviewers sign in with an account made by `pfdo-intake users add NAME`. They see the packets the \
        machine was not sure about (oldest first), correct or confirm the fields marked for review next to \
        the scanned page, and approve (activating the registry entry) or reject the packet. Every correction \
        is recorded in the audit log under the reviewer's name.

        A packet page is one form: Tab moves to the next field to review, Space on its "ok" box confirms \
        the value, a changed value is a correction, Enter saves every edit, Alt+A approves (saving every \
        edit first), Alt+N approves and opens the next packet, Alt+R goes to the reject reason, Alt+Q back \
        to the queue (Alt+Shift+... in Firefox). Approval needs every doubted field confirmed or corrected \
        and a missing signature acknowledged.

        Roles (`users add NAME --role R`, `users set-role`): a reviewer corrects, confirms and approves; \
        a supervisor also gives the second approval of packets whose names, dates or numbers were corrected \
        by someone else (four eyes, see --four-eyes) and sees statistics; an admin also manages accounts \
        in the app.

        The app listens on 127.0.0.1 by default. To serve other machines, put an HTTPS reverse proxy in \
        front, pass --secure-cookie and --trusted-proxy with the proxy's address (then X-Forwarded-For \
        names the client for sign-in throttling and the log). Sessions are kept in the database and \
        survive a restart; a session ends 8 hours after sign-in, after 30 minutes without a request, at \
        a password change or when the account is disabled.

        Examples:
          pfdo-intake users add anna --db kemerovo.db
          pfdo-intake review --db kemerovo.db --port 8080
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Address to listen on.", valueName: "address"))
    var host: String = "127.0.0.1"

    @Option(help: ArgumentHelp("Port to listen on.", valueName: "port"))
    var port: Int = 8080

    @Flag(help: "Mark the cookies Secure (when an HTTPS proxy serves the app).")
    var secureCookie = false

    @Option(name: .customLong("trusted-proxy"), help: ArgumentHelp(
        "Address of a reverse proxy whose X-Forwarded-For header names the client (repeat for several).",
        valueName: "address"))
    var trustedProxies: [String] = []

    @Option(help: ArgumentHelp(
        "Corrections needing a supervisor's second approval: 'default' (names, dates and numbers), 'all' or 'off'.",
        valueName: "policy"))
    var fourEyes: String = "default"

    @Option(help: ArgumentHelp("Minutes a packet stays claimed by the reviewer who opened it.", valueName: "minutes"))
    var claimMinutes: Int = 15

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        guard !host.isEmpty else { throw ValidationError("--host must not be empty") }
        guard ["default", "all", "off"].contains(fourEyes) else {
            throw ValidationError("--four-eyes must be 'default', 'all' or 'off'")
        }
        guard (1...480).contains(claimMinutes) else { throw ValidationError("--claim-minutes must be between 1 and 480") }
    }

    func run() async throws {
        let store = try database.open(create: false)
        do {
            if try store.reviewers().isEmpty {
                printError("no reviewer can sign in yet: add one with `pfdo-intake users add NAME --db \(store.path)`")
            }
        } catch {
            printError("\(error)")
            throw ExitCode(ExitCodes.environment)
        }
        let loopback = ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.")
        if !loopback {
            printError("warning: listening on \(host), not a loopback address: serve other machines only through an HTTPS proxy (and pass --secure-cookie)")
        }
        printError("review app on http://\(host.contains(":") ? "[\(host)]" : host):\(port)/ (Ctrl+C stops it)")
        var config = ReviewConfiguration(host: host, port: port, secureCookies: secureCookie,
                                         trustedProxies: Set(trustedProxies), claimDuration: TimeInterval(claimMinutes * 60))
        config.fourEyes = fourEyes == "off" ? .off : fourEyes == "all" ? FourEyesPolicy { _ in true } : .default
        var logger = Logger(label: "pfdo.review")
        logger.logLevel = .info
        config.logger = logger
        do {
            try await runReviewServer(store: store, configuration: config)
        } catch {
            printError("the review app stopped: \(error). If the port is in use, pick another with --port.")
            throw ExitCode(ExitCodes.environment)
        }
    }
}

// MARK: - users

struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: L("Manage the reviewers who may sign in to the review web app.", "Учётные записи проверяющих для веб-приложения."),
        discussion: """
        Passwords are read from a prompt that does not echo, or as one line of standard input with \
        --password-stdin; never from the command line. They need at least 10 characters (at most 72 bytes). \
        Only a bcrypt hash (cost 12) is stored. Adding, removing and changing a password are recorded in \
        the audit log.

        Examples:
          pfdo-intake users add anna
          printf '%s\\n' "$PASSWORD" | pfdo-intake users add anna --password-stdin
          pfdo-intake users list
          pfdo-intake users remove anna
        """,
        subcommands: [UsersAddCommand.self, UsersRemoveCommand.self, UsersListCommand.self, UsersPasswdCommand.self,
                      UsersSetRoleCommand.self, UsersDisableCommand.self]
    )
}

/// Who runs the command, for the audit log.
private var adminActor: String {
    ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "admin"
}

/// Reads a new password: one line of stdin with `--password-stdin`, else twice from a prompt without echo.
private func readNewPassword(for name: String, fromStdin: Bool) throws -> String {
    let password: String
    if fromStdin {
        guard let line = readLine(strippingNewline: true) else {
            printError("no password on standard input: pipe one line into --password-stdin")
            throw ExitCode(ExitCodes.usage)
        }
        password = line.hasSuffix("\r") ? String(line.dropLast()) : line
    } else {
        guard isatty(STDIN_FILENO) != 0 else {
            printError("standard input is not a terminal: give the password as one line of stdin with --password-stdin")
            throw ExitCode(ExitCodes.usage)
        }
        guard let first = readSecret(prompt: "Password for \(name): ") else { throw ExitCode(ExitCodes.usage) }
        do { try Passwords.validate(first) } catch {
            printError("\(error)")
            throw ExitCode(ExitCodes.usage)
        }
        guard let second = readSecret(prompt: "Repeat the password: ") else { throw ExitCode(ExitCodes.usage) }
        guard first == second else {
            printError("the passwords differ: nothing changed")
            throw ExitCode(ExitCodes.usage)
        }
        password = first
    }
    do { try Passwords.validate(password) } catch {
        printError("\(error)")
        throw ExitCode(ExitCodes.usage)
    }
    return password
}

/// Reads one line from the terminal with echo off.
private func readSecret(prompt: String) -> String? {
    FileHandle.standardError.write(Data(prompt.utf8))
    var saved = termios()
    let haveTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
    if haveTerminal {
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
    }
    defer {
        if haveTerminal { tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
        FileHandle.standardError.write(Data("\n".utf8))
    }
    return readLine(strippingNewline: true)
}

private func validName(_ name: String) throws {
    guard RegistryStore.isValidReviewerName(name) else {
        printError("\(ReviewerError.invalidName)")
        throw ExitCode(ExitCodes.usage)
    }
}

struct UsersAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: L("Add a reviewer (asks for the password).", "Добавить проверяющего (спросит пароль)."))

    @Argument(help: ArgumentHelp("The reviewer's sign-in name: letters, digits, '.', '_', '-', '@' (recorded as the actor of their corrections).", valueName: "name"))
    var name: String

    @Flag(help: "Read the password as one line of standard input instead of prompting.")
    var passwordStdin = false

    @Option(help: ArgumentHelp("reviewer (corrects and approves), supervisor (also second approvals, statistics) or admin (also accounts).",
                               valueName: "role"))
    var role: ReviewerRole = .reviewer

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try validName(name)
        let store = try database.open()
        if (try? store.reviewer(name: name)) != nil {
            printError("\(ReviewerError.alreadyExists(name))")
            throw ExitCode(ExitCodes.allInputsFailed)
        }
        let password = try readNewPassword(for: name, fromStdin: passwordStdin)
        try reviewerChange { try store.addReviewer(name: name, passwordHash: Passwords.hash(password), role: role, actor: adminActor) }
        print("reviewer \(name) added as \(role.rawValue)")
    }
}

struct UsersPasswdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "passwd", abstract: L("Set a new password for a reviewer.", "Сменить пароль проверяющего."))

    @Argument(help: ArgumentHelp("The reviewer's name.", valueName: "name"))
    var name: String

    @Flag(help: "Read the password as one line of standard input instead of prompting.")
    var passwordStdin = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try database.open(create: false)
        guard (try? store.reviewer(name: name)) != nil else {
            printError("\(ReviewerError.notFound(name))")
            throw ExitCode(ExitCodes.allInputsFailed)
        }
        let password = try readNewPassword(for: name, fromStdin: passwordStdin)
        try reviewerChange { try store.setReviewerPassword(name: name, passwordHash: Passwords.hash(password), actor: adminActor) }
        print("password of reviewer \(name) changed; their sessions have ended")
    }
}

struct UsersRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: L("Remove a reviewer (their sessions end at once; their history stays).", "Удалить проверяющего (сеансы закрываются сразу, история остаётся)."))

    @Argument(help: ArgumentHelp("The reviewer's name.", valueName: "name"))
    var name: String

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try database.open(create: false)
        try reviewerChange { try store.removeReviewer(name: name, actor: adminActor) }
        print("reviewer \(name) removed")
    }
}

struct UsersListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: L("List the reviewers and when they were added.", "Список проверяющих и даты добавления."))

    @OptionGroup var output: OutputOptions
    @OptionGroup var database: DatabaseOptions

    /// A reviewer for programs: never the password hash.
    struct Listed: Encodable {
        var name: String
        var role: String
        var disabled: Bool
        var createdAt: Date
        enum CodingKeys: String, CodingKey { case name, role, disabled, createdAt = "created_at" }
    }

    struct Output: Encodable { var reviewers: [Listed] }

    func run() throws {
        let store = try database.open(create: false)
        let reviewers: [Reviewer]
        do {
            reviewers = try store.reviewers()
        } catch {
            printError("\(error)")
            throw ExitCode(ExitCodes.environment)
        }
        if output.isJSON {
            print(MachineJSON.encode(Output(reviewers: reviewers.map {
                Listed(name: $0.name, role: $0.role.rawValue, disabled: $0.disabled, createdAt: $0.createdAt)
            })))
            return
        }
        if reviewers.isEmpty { printError("no reviewers: add one with `pfdo-intake users add NAME`") }
        for r in reviewers { print("\(r.name)\t\(r.role.rawValue)\t\(r.disabled ? "disabled" : "active")\t\(RegistryJSON.iso(r.createdAt))") }
    }
}

extension ReviewerRole: ExpressibleByArgument {}

struct UsersSetRoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set-role", abstract: L("Change a reviewer's role (reviewer, supervisor, admin).", "Сменить роль проверяющего (reviewer, supervisor, admin)."))

    @Argument(help: ArgumentHelp("The reviewer's name.", valueName: "name"))
    var name: String

    @Argument(help: ArgumentHelp("reviewer, supervisor or admin.", valueName: "role"))
    var role: ReviewerRole

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try database.open(create: false)
        try reviewerChange { try store.setReviewerRole(name: name, role: role, actor: adminActor) }
        print("reviewer \(name) is now \(role.rawValue)")
    }
}

struct UsersDisableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: L("Disable an account (its sessions end; its history stays).", "Отключить учётную запись (сеансы закрываются, история остаётся)."))

    @Argument(help: ArgumentHelp("The reviewer's name.", valueName: "name"))
    var name: String

    @Flag(help: "Enable the account again instead.")
    var enable = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try database.open(create: false)
        try reviewerChange { try store.setReviewerDisabled(name: name, disabled: !enable, actor: adminActor) }
        print("reviewer \(name) \(enable ? "enabled" : "disabled")")
    }
}

/// Runs a change to the reviewer accounts: a refused change (unknown or existing name, weak
/// password) exits 1, any other failure (the database) exits 3; each names the reason on stderr.
func reviewerChange(_ change: () throws -> Void) throws {
    do {
        try change()
    } catch let error as ReviewerError {
        printError("\(error)")
        throw ExitCode(ExitCodes.allInputsFailed)
    } catch {
        printError("\(error)")
        throw ExitCode(ExitCodes.environment)
    }
}
