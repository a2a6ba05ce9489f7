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
        discussion: L("""
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
        """, """
        Проверяющие входят под учётной записью, созданной `pfdo-intake users add ИМЯ`. Они видят \
        пакеты, в которых машина не уверена (сначала старые), исправляют или подтверждают отмеченные \
        поля рядом со сканом страницы и одобряют пакет (запись реестра активируется) или отклоняют его. \
        Каждое исправление записывается в журнал под именем проверяющего.

        Страница пакета — одна форма: Tab переходит к следующему полю на проверку, пробел на его \
        флажке «верно» подтверждает значение, изменённое значение — исправление, Enter сохраняет все \
        правки, Alt+A одобряет (сначала сохранив правки), Alt+N одобряет и открывает следующий пакет, \
        Alt+R — к причине отклонения, Alt+Q — назад к очереди (в Firefox Alt+Shift+...). Для одобрения \
        каждое сомнительное поле должно быть подтверждено или исправлено, а отсутствие подписи отмечено.

        Роли (`users add ИМЯ --role Р`, `users set-role`): reviewer исправляет, подтверждает и \
        одобряет; supervisor также даёт второе одобрение пакетам, где ФИО, даты или номера исправил \
        другой (четыре глаза, см. --four-eyes), и видит статистику; admin также управляет учётными \
        записями в приложении.

        По умолчанию приложение слушает 127.0.0.1. Чтобы обслуживать другие компьютеры, поставьте \
        перед ним HTTPS-прокси, укажите --secure-cookie и --trusted-proxy с адресом прокси (тогда \
        X-Forwarded-For называет клиента для ограничения попыток входа и журнала). Сеансы хранятся \
        в базе и переживают перезапуск; сеанс заканчивается через 8 часов после входа, через 30 минут \
        без запросов, при смене пароля или отключении учётной записи.

        Примеры:
          pfdo-intake users add anna --db kemerovo.db
          pfdo-intake review --db kemerovo.db --port 8080
        """)
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp(L("Address to listen on.", "Адрес, на котором слушать."), valueName: "address"))
    var host: String = "127.0.0.1"

    @Option(help: ArgumentHelp(L("Port to listen on.", "Порт, на котором слушать."), valueName: "port"))
    var port: Int = 8080

    @Flag(help: ArgumentHelp(L("Mark the cookies Secure (when an HTTPS proxy serves the app).",
                               "Помечать cookie как Secure (когда приложение отдаёт HTTPS-прокси).")))
    var secureCookie = false

    @Option(name: .customLong("trusted-proxy"), help: ArgumentHelp(
        L("Address of a reverse proxy whose X-Forwarded-For header names the client (repeat for several).",
          "Адрес обратного прокси, чей заголовок X-Forwarded-For называет клиента (можно повторить)."),
        valueName: "address"))
    var trustedProxies: [String] = []

    @Option(help: ArgumentHelp(
        L("Corrections needing a supervisor's second approval: 'default' (names, dates and numbers), 'all' or 'off'.",
          "Какие исправления требуют второго одобрения: 'default' (ФИО, даты и номера), 'all' или 'off'."),
        valueName: "policy"))
    var fourEyes: String = "default"

    @Option(help: ArgumentHelp(L("Minutes a packet stays claimed by the reviewer who opened it.",
                                 "Сколько минут пакет закреплён за открывшим его проверяющим."), valueName: "minutes"))
    var claimMinutes: Int = 15

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError(L("--port must be between 1 and 65535", "--port — от 1 до 65535")) }
        guard !host.isEmpty else { throw ValidationError(L("--host must not be empty", "--host не может быть пустым")) }
        guard ["default", "all", "off"].contains(fourEyes) else {
            throw ValidationError(L("--four-eyes must be 'default', 'all' or 'off'", "--four-eyes — 'default', 'all' или 'off'"))
        }
        guard (1...480).contains(claimMinutes) else { throw ValidationError(L("--claim-minutes must be between 1 and 480", "--claim-minutes — от 1 до 480")) }
    }

    func run() async throws {
        let store = try database.open(create: false)
        do {
            if try store.reviewers().isEmpty {
                printError(L("no reviewer can sign in yet: add one with `pfdo-intake users add NAME --db \(store.path)`",
                             "пока никто не может войти: добавьте проверяющего `pfdo-intake users add ИМЯ --db \(store.path)`"))
            }
        } catch {
            printError(describe(error))
            throw ExitCode(ExitCodes.environment)
        }
        let loopback = ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.")
        if !loopback {
            printError(L("warning: listening on \(host), not a loopback address: serve other machines only through an HTTPS proxy (and pass --secure-cookie)",
                         "внимание: адрес \(host) не локальный: другим компьютерам отдавайте приложение только через HTTPS-прокси (и укажите --secure-cookie)"))
        }
        printError(L("review app on", "приложение проверки:") + " http://\(host.contains(":") ? "[\(host)]" : host):\(port)/ "
                   + L("(Ctrl+C stops it)", "(остановить — Ctrl+C)"))
        var config = ReviewConfiguration(host: host, port: port, secureCookies: secureCookie,
                                         trustedProxies: Set(trustedProxies), claimDuration: TimeInterval(claimMinutes * 60))
        config.fourEyes = fourEyes == "off" ? .off : fourEyes == "all" ? FourEyesPolicy { _ in true } : .default
        var logger = Logger(label: "pfdo.review")
        logger.logLevel = .info
        config.logger = logger
        do {
            try await runReviewServer(store: store, configuration: config)
        } catch {
            printError(L("the review app stopped: \(error). If the port is in use, pick another with --port.",
                         "приложение проверки остановилось: \(error). Если порт занят, выберите другой в --port."))
            throw ExitCode(ExitCodes.environment)
        }
    }
}

// MARK: - users

struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: L("Manage the reviewers who may sign in to the review web app.", "Учётные записи проверяющих для веб-приложения."),
        discussion: L("""
        Passwords are read from a prompt that does not echo, or as one line of standard input with \
        --password-stdin; never from the command line. They need at least 10 characters (at most 72 bytes). \
        Only a bcrypt hash (cost 12) is stored. Adding, removing and changing a password are recorded in \
        the audit log.

        Examples:
          pfdo-intake users add anna
          printf '%s\\n' "$PASSWORD" | pfdo-intake users add anna --password-stdin
          pfdo-intake users list
          pfdo-intake users remove anna
        """, """
        Пароль читается из запроса без отображения или одной строкой стандартного ввода с \
        --password-stdin; никогда из командной строки. Не короче 10 символов (не длиннее 72 байт). \
        Хранится только хеш bcrypt (стоимость 12). Добавление, удаление и смена пароля записываются \
        в журнал.

        Примеры:
          pfdo-intake users add anna
          printf '%s\\n' "$PASSWORD" | pfdo-intake users add anna --password-stdin
          pfdo-intake users list
          pfdo-intake users remove anna
        """),
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
            printError(L("no password on standard input: pipe one line into --password-stdin",
                         "на стандартном вводе нет пароля: подайте одну строку в --password-stdin"))
            throw ExitCode(ExitCodes.usage)
        }
        password = line.hasSuffix("\r") ? String(line.dropLast()) : line
    } else {
        guard isatty(STDIN_FILENO) != 0 else {
            printError(L("standard input is not a terminal: give the password as one line of stdin with --password-stdin",
                         "стандартный ввод — не терминал: подайте пароль одной строкой с --password-stdin"))
            throw ExitCode(ExitCodes.usage)
        }
        guard let first = readSecret(prompt: L("Password for \(name): ", "Пароль для \(name): ")) else { throw ExitCode(ExitCodes.usage) }
        do { try Passwords.validate(first) } catch {
            printError(describe(error))
            throw ExitCode(ExitCodes.usage)
        }
        guard let second = readSecret(prompt: L("Repeat the password: ", "Повторите пароль: ")) else { throw ExitCode(ExitCodes.usage) }
        guard first == second else {
            printError(L("the passwords differ: nothing changed", "пароли не совпадают: ничего не изменено"))
            throw ExitCode(ExitCodes.usage)
        }
        password = first
    }
    do { try Passwords.validate(password) } catch {
        printError(describe(error))
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

/// The help of the arguments every `users` subcommand shares.
private var reviewerNameHelp: ArgumentHelp { ArgumentHelp(L("The reviewer's name.", "Имя проверяющего."), valueName: "name") }
private var passwordStdinHelp: ArgumentHelp {
    ArgumentHelp(L("Read the password as one line of standard input instead of prompting.",
                   "Прочитать пароль одной строкой со стандартного ввода, а не спрашивать."))
}

private func validName(_ name: String) throws {
    guard RegistryStore.isValidReviewerName(name) else {
        printError("\(ReviewerError.invalidName)")
        throw ExitCode(ExitCodes.usage)
    }
}

struct UsersAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: L("Add a reviewer (asks for the password).", "Добавить проверяющего (спросит пароль)."))

    @Argument(help: ArgumentHelp(L("The reviewer's sign-in name: letters, digits, '.', '_', '-', '@' (recorded as the actor of their corrections).",
                                   "Имя для входа: буквы, цифры, '.', '_', '-', '@' (под ним записываются исправления)."), valueName: "name"))
    var name: String

    @Flag(help: passwordStdinHelp)
    var passwordStdin = false

    @Option(help: ArgumentHelp(L("reviewer (corrects and approves), supervisor (also second approvals, statistics) or admin (also accounts).",
                                 "reviewer (исправляет и одобряет), supervisor (также второе одобрение, статистика) или admin (также учётные записи)."),
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
        print(L("reviewer \(name) added as \(role.rawValue)", "проверяющий \(name) добавлен с ролью \(role.rawValue)"))
    }
}

struct UsersPasswdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "passwd", abstract: L("Set a new password for a reviewer.", "Сменить пароль проверяющего."))

    @Argument(help: reviewerNameHelp)
    var name: String

    @Flag(help: passwordStdinHelp)
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
        print(L("password of reviewer \(name) changed; their sessions have ended", "пароль проверяющего \(name) изменён; его сеансы закрыты"))
    }
}

struct UsersRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: L("Remove a reviewer (their sessions end at once; their history stays).", "Удалить проверяющего (сеансы закрываются сразу, история остаётся)."))

    @Argument(help: reviewerNameHelp)
    var name: String

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try database.open(create: false)
        try reviewerChange { try store.removeReviewer(name: name, actor: adminActor) }
        print(L("reviewer \(name) removed", "проверяющий \(name) удалён"))
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
            printError(describe(error))
            throw ExitCode(ExitCodes.environment)
        }
        if output.isJSON {
            print(MachineJSON.encode(Output(reviewers: reviewers.map {
                Listed(name: $0.name, role: $0.role.rawValue, disabled: $0.disabled, createdAt: $0.createdAt)
            })))
            return
        }
        if reviewers.isEmpty { printError(L("no reviewers: add one with `pfdo-intake users add NAME`", "проверяющих нет: добавьте `pfdo-intake users add ИМЯ`")) }
        for r in reviewers { print("\(r.name)\t\(r.role.rawValue)\t\(r.disabled ? "disabled" : "active")\t\(RegistryJSON.iso(r.createdAt))") }
    }
}

extension ReviewerRole: ExpressibleByArgument {}

struct UsersSetRoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set-role", abstract: L("Change a reviewer's role (reviewer, supervisor, admin).", "Сменить роль проверяющего (reviewer, supervisor, admin)."))

    @Argument(help: reviewerNameHelp)
    var name: String

    @Argument(help: ArgumentHelp(L("reviewer, supervisor or admin.", "reviewer, supervisor или admin."), valueName: "role"))
    var role: ReviewerRole

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try database.open(create: false)
        try reviewerChange { try store.setReviewerRole(name: name, role: role, actor: adminActor) }
        print(L("reviewer \(name) is now \(role.rawValue)", "роль проверяющего \(name) теперь \(role.rawValue)"))
    }
}

struct UsersDisableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: L("Disable an account (its sessions end; its history stays).", "Отключить учётную запись (сеансы закрываются, история остаётся)."))

    @Argument(help: reviewerNameHelp)
    var name: String

    @Flag(help: ArgumentHelp(L("Enable the account again instead.", "Вместо этого снова включить учётную запись.")))
    var enable = false

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try database.open(create: false)
        try reviewerChange { try store.setReviewerDisabled(name: name, disabled: !enable, actor: adminActor) }
        print(enable ? L("reviewer \(name) enabled", "проверяющий \(name) включён") : L("reviewer \(name) disabled", "проверяющий \(name) отключён"))
    }
}

/// Runs a change to the reviewer accounts: a refused change (unknown or existing name, weak
/// password) exits 1, any other failure (the database) exits 3; each names the reason on stderr.
func reviewerChange(_ change: () throws -> Void) throws {
    do {
        try change()
    } catch let error as ReviewerError {
        printError(describe(error))
        throw ExitCode(ExitCodes.allInputsFailed)
    } catch {
        printError(describe(error))
        throw ExitCode(ExitCodes.environment)
    }
}
