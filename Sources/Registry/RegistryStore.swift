import Foundation
import Extraction
import GRDB
import IntakeModel
import Logging

/// The certificate registry: imported registry entries, stored documents, pages and fields with provenance,
/// packets and their review state, and the audit log. Kept in one SQLite file (WAL, GRDB `DatabasePool`) by
/// default, or in a PostgreSQL database (`postgres://user@host/dbname`) when many machines share one batch.
///
/// Several processes may use one store: writes are transactions that wait for each other (SQLite's IMMEDIATE
/// transactions up to `busyTimeout`; on PostgreSQL a writers' advisory lock), and registering the same packet
/// twice, even concurrently, yields one packet.
public final class RegistryStore: Sendable {
    /// The SQLite file, or the PostgreSQL address without its password.
    public let path: String
    let backend: Backend
    let clock: @Sendable () -> Date
    let logger = Logger(label: "pfdo.registry")

    enum Backend: Sendable {
        case sqlite(DatabasePool)
        case postgres(PostgresBackend)
    }

    /// The engine this store speaks to.
    public var dialect: SQLDialect {
        switch backend {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// Opens (creating and migrating on first use) the registry at `path`: an SQLite file, or a
    /// `postgres://` / `postgresql://` address of an existing PostgreSQL database.
    /// - Parameters:
    ///   - busyTimeout: how long a write waits for another process holding the database.
    ///   - clock: the time source for timestamps (tests inject a fixed clock).
    public init(path: String, busyTimeout: TimeInterval = 30, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.clock = clock
        if PostgresLocation.isURL(path) {
            let location = try PostgresLocation(url: path)
            self.path = location.display
            let pg = try PostgresBackend(location: location)
            do {
                try pg.migrate()
            } catch {
                throw RegistryError.from(error, path: location.display, opening: true)
            }
            backend = .postgres(pg)
            return
        }
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.label = "pfdo.registry"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        try Self.createPrivately(path)
        let pool = try Self.retryingWhileBusy(path: path, for: busyTimeout) {
            let pool = try DatabasePool(path: path, configuration: config)
            try Self.refuseForeignDatabase(pool, path: path)
            try Schema.migrator.migrate(pool)
            return pool
        }
        backend = .sqlite(pool)
    }

    /// A new database file holds personal data: it is created readable by its owner only (0600), and SQLite
    /// gives its `-wal` and `-shm` files the same mode. An existing file keeps its mode.
    static func createPrivately(_ path: String) throws {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if fd >= 0 { close(fd); return }
        if errno == EEXIST { return }
        let reason = String(cString: strerror(errno))
        throw RegistryError.cannotOpen(path: path, detail: reason)
    }

    /// Opening a new file switches it to WAL and migrates it; when another process (or thread) does the same
    /// at the same moment, SQLite may answer SQLITE_BUSY at once, without waiting on the busy handler (the
    /// journal-mode switch and the first schema read do not wait), and the migrator of the slower one may find
    /// the tables it was about to create already there ("already exists", "duplicate column name": both saw the
    /// migration as pending). Those answers are retried with a growing, jittered pause until `timeout` has
    /// passed, and the retry sees the other's committed migration; any other error is final.
    static func retryingWhileBusy<T>(path: String, for timeout: TimeInterval, _ body: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(max(timeout, 1))
        var pause = 0.005
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where isOpeningRace(error) && Date() < deadline {
                Thread.sleep(forTimeInterval: pause * Double.random(in: 0.5...1.5))
                pause = min(pause * 2, 0.25)
            } catch {
                throw RegistryError.from(error, path: path, opening: true)
            }
        }
    }

    /// An SQLite file with tables but none of this program's migrations is someone else's database:
    /// it is not migrated (which would add tables to it) but refused.
    static func refuseForeignDatabase(_ pool: DatabasePool, path: String) throws {
        let foreign = try pool.read { db in
            try !db.tableExists("grdb_migrations")
                && Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'")! > 0
        }
        if foreign { throw RegistryError.notADatabase(path: path) }
    }

    static func isOpeningRace(_ error: DatabaseError) -> Bool {
        if error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED { return true }
        guard error.resultCode == .SQLITE_ERROR, let message = error.message else { return false }
        return message.contains("already exists") || message.contains("duplicate column name")
    }

    // MARK: - Database access

    static func describe(_ error: Error) -> String {
        if let e = error as? DatabaseError {
            // GRDB withholds statement arguments from its messages (publicStatementArguments is off).
            return "SQLite error \(e.resultCode.rawValue): \(e.message ?? "unknown")"
        }
        if let described = PostgresBackend.describe(error) { return described }
        return "\(error)"
    }

    /// Whether `error` says that a concurrent writer stored the same rows first (a unique constraint).
    static func isConstraintViolation(_ error: Error) -> Bool {
        if let e = error as? DatabaseError { return e.resultCode == .SQLITE_CONSTRAINT }
        return PostgresBackend.isConstraintViolation(error)
    }

    /// Runs `body` in one write transaction, errors other than the registry's own turned into `RegistryError`.
    func write<T>(_ body: (SQLDB) throws -> T) throws -> T {
        try registryErrors { try rawWrite(body) }
    }

    /// One write transaction, errors as the engine raised them.
    func rawWrite<T>(_ body: (SQLDB) throws -> T) throws -> T {
        switch backend {
        case let .sqlite(pool): try pool.write { db in try body(SQLDB(.sqlite(db))) }
        case let .postgres(pg): try pg.transaction(write: true, body)
        }
    }

    func read<T>(_ body: (SQLDB) throws -> T) throws -> T {
        try registryErrors {
            switch backend {
            case let .sqlite(pool): try pool.read { db in try body(SQLDB(.sqlite(db))) }
            case let .postgres(pg): try pg.transaction(write: false, body)
            }
        }
    }

    /// Runs `body`, an engine's error turned into the `RegistryError` that names this database (the registry's
    /// own errors pass through `RegistryError.from` unchanged).
    func registryErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw RegistryError.from(error, path: path)
        }
    }

    // MARK: - Registering packets

    /// Stores a packet's documents, pages and fields in one transaction, matches it against the registry
    /// and either activates the registry entry (`registered`) or queues the packet for review.
    ///
    /// - If every document was stored before, the stored packet's outcome is returned unchanged (`existing`).
    /// - If some documents belong to a packet in review, the new ones are attached to it and it is re-evaluated.
    /// - A lone consent joins a packet in review for `consent_missing` with the same application number and
    ///   child surname (and a lone application a consent waiting for `application_missing`), then re-evaluated.
    public func register(_ input: PacketInput, actor: String = "ingest") throws -> PacketOutcome {
        guard !input.documents.isEmpty else { throw RegistryError.emptyPacket }
        let outcome: PacketOutcome
        do {
            outcome = try rawWrite { db in try self.register(input, actor: actor, db) }
        } catch let error where Self.isConstraintViolation(error) {
            // A concurrent writer stored these documents first: read what it stored.
            logger.info("register: concurrent writer stored the packet first, re-reading")
            outcome = try write { db in try self.register(input, actor: actor, db) }
        } catch {
            throw RegistryError.from(error, path: path)
        }
        logger.info("packet registered", metadata: [
            "packet_id": "\(outcome.packetId)", "state": "\(outcome.state.rawValue)",
            "disposition": "\(outcome.disposition.rawValue)",
            "reasons": "\(outcome.reasons.map(\.code).joined(separator: ","))",
        ])
        return outcome
    }

    func register(_ input: PacketInput, actor: String, _ db: SQLDB) throws -> PacketOutcome {
        var seen = Set<String>()
        let docs = input.documents.filter { seen.insert($0.sha256).inserted }
        var known: [String: Int64?] = [:] // sha256 → packet id
        for d in docs {
            if let row = try Row.fetchOne(db, sql: "SELECT packet_id FROM document WHERE sha256 = ?", arguments: [d.sha256]) {
                known[d.sha256] = row["packet_id"] as Int64?
            }
        }
        let fresh = docs.filter { known[$0.sha256] == nil }

        if fresh.isEmpty {
            let primary = docs.first { $0.pages.contains { $0.result.form == .application } } ?? docs[0]
            guard let packetId = known[primary.sha256].flatMap({ $0 }) ?? known.values.compactMap({ $0 }).first else {
                throw RegistryError.database(detail: "stored documents have no packet")
            }
            return try outcome(db, packetId: packetId, disposition: .existing)
        }

        let knownPackets = Set(known.values.compactMap { $0 })
        if knownPackets.count == 1, let packetId = knownPackets.first,
           try PacketState.fetchOne(db, sql: "SELECT state FROM packet WHERE id = ?", arguments: [packetId]) == .review {
            return try attach(fresh, to: packetId, actor: actor, municipality: input.municipality, db)
        }

        let freshPages = fresh.flatMap(\.pages).map(\.result)
        let application = freshPages.first { $0.form == .application }
        let consent = freshPages.first { $0.form == .consent }
        if application == nil, let consent,
           let waiting = try waitingPacket(for: ReasonCode.consentMissing, like: consent, db) {
            return try attach(fresh, to: waiting, actor: actor, municipality: input.municipality, db)
        }
        if let application, consent == nil, application.selfApplication != true,
           let waiting = try waitingPacket(for: ReasonCode.applicationMissing, like: application, db) {
            return try attach(fresh, to: waiting, actor: actor, municipality: input.municipality, db)
        }

        let now = clock()
        let packetId = try db.insertReturningID(
            sql: "INSERT INTO packet (key, state, reasons, municipality, created_at, updated_at) VALUES (?, 'review', '[]', ?, ?, ?)",
            arguments: [PacketInput.key(for: fresh.map(\.sha256)), Normalize.text(input.municipality), now, now])
        let counts = try insertDocuments(fresh, packetId: packetId, now: now, db)
        try Audit.write(db, at: now, actor: actor, action: AuditAction.packetCreated, packetId: packetId, detail: [
            "documents": .int(Int64(fresh.count)), "pages": .int(Int64(counts.pages)), "fields": .int(Int64(counts.fields)),
        ])
        try apply(evaluate(db, packetId: packetId, mode: .automatic), packetId: packetId, actor: actor,
                  municipality: input.municipality, db)
        return try outcome(db, packetId: packetId, disposition: .created)
    }

    /// A packet in review for `code` (consent_missing / application_missing) whose application number and
    /// child surname (both required) match the page's.
    private func waitingPacket(for code: String, like page: PageResult, _ db: SQLDB) throws -> Int64? {
        guard let number = Normalize.digits(page.value("application_number")) else { return nil }
        let surname = Normalize.name(page.value("child.last_name"))
        guard !surname.isEmpty else { return nil }
        let candidates = try Int64.fetchAll(db, sql: """
            SELECT id FROM packet
            WHERE state = 'review' AND application_number = ?
              AND \(db.jsonArrayHasCode("packet.reasons"))
            ORDER BY created_at, id
            """, arguments: [number, code])
        for id in candidates {
            let names = try String.fetchAll(db, sql: "SELECT value FROM field WHERE packet_id = ? AND key = 'child.last_name' AND value IS NOT NULL",
                                            arguments: [id])
            if names.contains(where: { Normalize.name($0) == surname }) { return id }
        }
        return nil
    }

    private func attach(_ docs: [DocumentPages], to packetId: Int64, actor: String, municipality: String?,
                        _ db: SQLDB) throws -> PacketOutcome {
        let now = clock()
        let counts = try insertDocuments(docs, packetId: packetId, now: now, db)
        let hashes = try String.fetchAll(db, sql: "SELECT sha256 FROM document WHERE packet_id = ?", arguments: [packetId])
        try db.execute(sql: "UPDATE packet SET key = ?, updated_at = ? WHERE id = ?",
                       arguments: [PacketInput.key(for: hashes), now, packetId])
        try Audit.write(db, at: now, actor: actor, action: AuditAction.documentsAttached, packetId: packetId, detail: [
            "documents": .int(Int64(docs.count)), "pages": .int(Int64(counts.pages)), "fields": .int(Int64(counts.fields)),
        ])
        try apply(evaluate(db, packetId: packetId, mode: .automatic), packetId: packetId, actor: actor,
                  municipality: municipality, db)
        return try outcome(db, packetId: packetId, disposition: .attached)
    }

    private func insertDocuments(_ docs: [DocumentPages], packetId: Int64, now: Date, _ db: SQLDB) throws -> (pages: Int, fields: Int) {
        var pages = 0, fields = 0
        for d in docs {
            let documentId = try db.insertReturningID(
                sql: "INSERT INTO document (sha256, file_name, size, page_count, packet_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [d.sha256, d.fileName, d.size, d.pageCount, packetId, now])
            var used = Set<Int>()
            for (index, p) in d.pages.enumerated() {
                let r = p.result
                var number = r.page > 0 ? r.page : index + 1
                if used.contains(number) { number = (used.max() ?? 0) + 1 }
                used.insert(number)
                let checksums: String? = r.engine.models.isEmpty ? nil : JSONText.encode(r.engine.models)
                let pageId = try db.insertReturningID(sql: """
                    INSERT INTO page (document_id, page_number, form, image, image_format, image_sha256, width, height,
                                      tesseract_version, model_checksums, signed, self_application, issues)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [documentId, number, r.form, p.image, p.image.flatMap(Self.imageFormat), p.image.map(SHA256.hex),
                                     p.width, p.height, r.engine.tesseract.isEmpty ? nil : r.engine.tesseract,
                                     checksums, r.signed, r.selfApplication, JSONText.encode(r.issues)])
                if p.image == nil { try Self.takeStagedImage(db, pageId: pageId, document: d.sha256, page: r.page) }
                pages += 1
                for (key, f) in r.fields.sorted(by: { $0.key < $1.key }) {
                    try db.execute(sql: """
                        INSERT INTO field (packet_id, page_id, key, value, status, confidence, box, raw, rule, reason, doubt, readings)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [packetId, pageId, key, f.value, f.status, f.confidence,
                                         f.box.map { JSONText.encode($0) }, f.raw, f.rule, f.reason, f.doubt?.rawValue,
                                         Self.otherReadings(f).map { JSONText.encode($0) }])
                    fields += 1
                }
            }
            try db.execute(sql: "DELETE FROM ingest_page WHERE sha256 = ?", arguments: [d.sha256])
        }
        return (pages, fields)
    }

    /// A field's readings other than its value (the other model's included), nil when there are none.
    static func otherReadings(_ f: FieldResult) -> [String]? {
        var out: [String] = []
        for r in (f.readings ?? []) + (f.otherModel.map { [$0] } ?? []) where r != f.value && !r.isEmpty && !out.contains(r) {
            out.append(r)
        }
        return out.isEmpty ? nil : out
    }

    static func imageFormat(_ data: Data) -> String? {
        let b = [UInt8](data.prefix(4))
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "png" }
        if b.starts(with: [0xFF, 0xD8, 0xFF]) { return "jpeg" }
        return data.isEmpty ? nil : "unknown"
    }

    func outcome(_ db: SQLDB, packetId: Int64, disposition: PacketOutcome.Disposition) throws -> PacketOutcome {
        guard let p = try PacketRecord.fetchOne(db, key: packetId) else { throw RegistryError.packetNotFound(packetId) }
        return PacketOutcome(packetId: p.id, key: p.key, state: p.state, reasons: p.reasons,
                             applicationNumber: p.applicationNumber, registryNumber: p.registryNumber,
                             disposition: disposition)
    }

    // MARK: - Evaluation

    enum EvaluationMode {
        /// Machine registration: every doubt sends the packet to review.
        case automatic
        /// A reviewer approves: only `ReasonCode.blocking` reasons stop the activation.
        case approval
    }

    struct Evaluation {
        var state: PacketState
        var reasons: [PacketReason]
        var applicationNumber: String?
        var registryNumber: String?
        var personKey: String?
        var entry: RegistryEntry?
    }

    /// The registry entry's category as one of the templates' configured groups; nil when the export words
    /// it otherwise (then it is no evidence either way).
    static func configuredCategory(_ category: String?) -> String? {
        guard let category, !category.isEmpty else { return nil }
        let wanted = Normalize.name(category)
        return (Templates.template(for: .application)?.categories ?? []).first { Normalize.name($0) == wanted }
    }

    static let requiredKeys = ["application_number", "registry_number", "child.last_name", "child.first_name", "child.birth_date"]
    static let crossFormKeys = ["application_number", "child.last_name", "child.first_name", "child.middle_name",
                                "applicant.last_name", "applicant.first_name", "applicant.middle_name"]
    static let carriedIssues: [(code: String, message: String)] = [
        (ReasonCode.ageOutsideCategory, "the child's age does not fit the certificate category on the signing date"),
        (ReasonCode.impossibleDate, "a date on the form is not possible"),
        (ReasonCode.signatureMissing, "no signature found in its place"),
    ]
    static let pageColumns = PageRecord.CodingKeys.allCases.map { "page.\($0.rawValue)" }.joined(separator: ", ")

    /// A packet's pages: those of its documents, less pages a reviewer moved elsewhere (`page.packet_id`), plus
    /// pages moved here. Both halves use an index.
    func packetPages(_ db: SQLDB, packetId: Int64) throws -> [PageRecord] {
        try PageRecord.fetchAll(db, sql: """
            SELECT \(Self.pageColumns) FROM page JOIN document ON document.id = page.document_id
            WHERE document.packet_id = ?1 AND page.packet_id IS NULL
            UNION ALL
            SELECT \(Self.pageColumns) FROM page WHERE page.packet_id = ?1
            ORDER BY document_id, page_number
            """, arguments: [packetId])
    }

    func evaluate(_ db: SQLDB, packetId: Int64, mode: EvaluationMode) throws -> Evaluation {
        let pages = try packetPages(db, packetId: packetId)
        let fields = try FieldRecord.fetchAll(db, sql: "SELECT * FROM field WHERE packet_id = ? ORDER BY id", arguments: [packetId])
        var byPage: [Int64: [String: FieldRecord]] = [:]
        for f in fields { byPage[f.pageId, default: [:]][f.key] = f }
        let corrected = Set(fields.filter(\.isCorrected).map(\.key))
        func value(_ page: PageRecord, _ key: String) -> String? { Normalize.text(byPage[page.id]?[key]?.value) }
        /// Page issues with a code, except those about a field a reviewer has corrected since.
        func openIssues(_ match: (String) -> Bool) -> [Issue] {
            pages.flatMap(\.issues).filter { match($0.code) && !($0.field.map(corrected.contains) ?? false) }
        }

        /// A page's values by key.
        func appValues(_ page: PageRecord) -> [String: String] {
            var out: [String: String] = [:]
            for (k, f) in byPage[page.id] ?? [:] { if let v = f.value { out[k] = v } }
            return out
        }
        let apps = pages.filter { $0.form == .application }
        let consents = pages.filter { $0.form == .consent }
        var eval = Evaluation(state: .review, reasons: [])
        var reasons: [PacketReason] = []

        if apps.isEmpty && consents.isEmpty {
            eval.reasons = [PacketReason(code: ReasonCode.unknownForm,
                                         message: "none of the \(pages.count) page(s) was recognised as an application or a consent")]
            return eval
        }

        // Names on which the forms disagree because one print was misread, as the registry entry shows.
        var settled = Set<String>()
        if let app = apps.first {
            eval.applicationNumber = Normalize.digits(value(app, "application_number"))
            eval.registryNumber = Normalize.digits(value(app, "registry_number"))

            let numbers = Set(apps.compactMap { Normalize.digits(value($0, "application_number")) })
            let registries = Set(apps.compactMap { Normalize.digits(value($0, "registry_number")) })
            if numbers.count > 1 || registries.count > 1 {
                reasons.append(PacketReason(code: ReasonCode.multipleApplications,
                                            message: "\(apps.count) application pages name different applications: split the file into one packet per application"))
            }

            let missing = Self.requiredKeys.filter { value(app, $0) == nil }
            if !missing.isEmpty {
                reasons.append(PacketReason(code: ReasonCode.fieldMissing,
                                            message: "required field(s) not found on the application: \(missing.joined(separator: ", "))",
                                            fields: missing))
            }

            let lastName = value(app, "child.last_name"), firstName = value(app, "child.first_name")
            let middleName = value(app, "child.middle_name"), birthDate = value(app, "child.birth_date")
            if let number = eval.registryNumber {
                var found = try RegistryEntry.fetchOne(db, key: number)
                // The first reading names no entry: one of the paper's other readings of the number may name
                // the entry that holds this child exactly (a digit misread by one reading, read right by another).
                if found == nil, let chosen = try entryByOtherReading(db, application: app, first: number,
                                                                       values: appValues(app)) {
                    found = chosen
                    eval.registryNumber = chosen.registryNumber
                    reasons.append(PacketReason(code: ReasonCode.registryNumberReading,
                                                message: "the first reading of the registry number names no entry; another reading of the paper names the entry that holds this child exactly (surname, first name, patronymic, birth date)",
                                                fields: ["registry_number"]))
                }
                if let entry = found {
                    eval.entry = entry
                    settled = PacketRules.crossFormSettledByRegistry(application: appValues(app), consents: consents.map(appValues),
                                                                     entry: Self.child(of: entry))
                    var differ: [String] = []
                    if lastName != nil, Normalize.name(lastName) != Normalize.name(entry.lastName) { differ.append("child.last_name") }
                    if firstName != nil, Normalize.name(firstName) != Normalize.name(entry.firstName) { differ.append("child.first_name") }
                    if Normalize.name(middleName) != Normalize.name(entry.middleName) { differ.append("child.middle_name") }
                    if birthDate != nil, Normalize.isoDate(birthDate) != entry.birthDate { differ.append("child.birth_date") }
                    // The group the applicant picked on the portal is in the registry entry: a paper category
                    // that names another configured group is a misreading or another person's paper.
                    if let paper = value(app, "category"), let listed = Self.configuredCategory(entry.category),
                       Normalize.name(paper) != Normalize.name(listed) { differ.append("category") }
                    // The application's misread print of a name that the consent reads as the entry holds it.
                    differ.removeAll { settled.contains($0) }
                    if !differ.isEmpty {
                        var message = "differs from the registry entry: \(differ.joined(separator: ", "))"
                        var keys = differ
                        // The applicant's surname read as the child's (or its other gender's form) shares the
                        // reading's letters: a child's surname the registry spells otherwise may be misread in
                        // both (seed 2593 p011, a scan: "Галетян" for Галстян, с read е, on the child's and
                        // the applicant's lines of both forms; the registry held the packet back, the
                        // applicant's surname was shown to the reviewer as sure).
                        if differ.contains("child.last_name"), let child = lastName,
                           (apps + consents).contains(where: { value($0, "applicant.last_name").map { PacketRules.sameFamilyName($0, child) } ?? false }) {
                            keys.append("applicant.last_name")
                            message += "; the applicant's surname is read with the child's letters: check it as well"
                        }
                        reasons.append(PacketReason(code: ReasonCode.registryMismatch, message: message, fields: keys))
                    }
                    let status = Normalize.name(entry.status)
                    if let other = entry.activatedPacketId, other != packetId {
                        reasons.append(PacketReason(code: ReasonCode.alreadyActivated,
                                                    message: "the registry entry was already activated by packet \(other)"))
                    } else if entry.activatedPacketId == nil, status == "активирован" {
                        reasons.append(PacketReason(code: ReasonCode.alreadyActivated,
                                                    message: "the registry entry is already activated in the regional system"))
                    } else if !status.isEmpty, status != "активирован", status != "не активирован" {
                        reasons.append(PacketReason(code: ReasonCode.registryStatus,
                                                    message: "the registry entry's status does not allow activation (frozen or cancelled): check it in the regional system"))
                    }
                    if entry.consentRevoked {
                        reasons.append(PacketReason(code: ReasonCode.consentRevoked,
                                                    message: "consent was revoked for this entry earlier: check the new consent before approving"))
                    }
                } else {
                    reasons.append(PacketReason(code: ReasonCode.registryUnknown,
                                                message: "the registry number is not in the imported registry: check it against the paper, or import the current registry export",
                                                fields: ["registry_number"]))
                }
            }

            if consents.isEmpty && app.selfApplication != true {
                reasons.append(PacketReason(code: ReasonCode.consentMissing,
                                            message: "no consent to personal-data processing in the packet (not a 14+ self-application): scan the consent"))
            }

            var crossKeys: [String] = []
            var crossIssue = false
            for consent in consents {
                for key in Self.crossFormKeys {
                    guard let a = value(app, key), let b = value(consent, key) else { continue }
                    let same = key == "application_number" ? Normalize.digits(a) == Normalize.digits(b)
                                                           : Normalize.name(a) == Normalize.name(b)
                    if !same, !crossKeys.contains(key) { crossKeys.append(key) }
                }
            }
            if mode == .automatic {
                for issue in openIssues({ $0.hasPrefix("cross_form") }) {
                    // The forms disagreeing on a field that does not hold back activation (the child's
                    // address) leaves that field unverified, as any other doubt on it does.
                    if let key = issue.field, !FieldRoles.isCritical(key) { continue }
                    if let key = issue.field {
                        if !crossKeys.contains(key) { crossKeys.append(key) }
                    } else {
                        crossIssue = true
                    }
                }
            }
            // Forms disagreeing on a name only because one print was misread: the other reads it as the registry
            // entry holds it (`PacketRules.crossFormSettledByRegistry`). The misread print's reading stays in doubt
            // and is listed as unverified; it does not hold activation back.
            crossKeys.removeAll { settled.contains($0) }
            if !crossKeys.isEmpty || crossIssue {
                reasons.append(PacketReason(code: ReasonCode.crossFormMismatch,
                                            message: "application and consent disagree" + (crossKeys.isEmpty ? "" : " on: \(crossKeys.joined(separator: ", "))"),
                                            fields: crossKeys.isEmpty ? nil : crossKeys))
            }

            eval.personKey = Normalize.personKey(lastName: lastName, firstName: firstName, birthDate: birthDate)
            // Only with a registry number to compare against; for an unknown number, an entry holding the
            // same child is the hint the reviewer needs.
            if let key = eval.personKey, eval.registryNumber != nil {
                let entries = try String.fetchAll(db, sql: """
                    SELECT registry_number FROM registry_entry WHERE person_key = ? AND registry_number IS DISTINCT FROM ? ORDER BY registry_number
                    """, arguments: [key, eval.registryNumber])
                let packets = try Int64.fetchAll(db, sql: """
                    SELECT id FROM packet WHERE person_key = ? AND id <> ? AND state <> 'rejected'
                      AND registry_number IS NOT NULL AND registry_number IS DISTINCT FROM ? ORDER BY id
                    """, arguments: [key, packetId, eval.registryNumber])
                if !entries.isEmpty || !packets.isEmpty {
                    var parts: [String] = []
                    if !entries.isEmpty { parts.append("registry entry(ies) \(entries.joined(separator: ", "))") }
                    if !packets.isEmpty { parts.append("packet(s) \(packets.map(String.init).joined(separator: ", "))") }
                    reasons.append(PacketReason(code: ReasonCode.possibleDuplicate,
                                                message: "the same child (surname, first name, birth date) is also on \(parts.joined(separator: " and "))"))
                }
            }
        } else {
            eval.applicationNumber = consents.lazy.compactMap { Normalize.digits(value($0, "application_number")) }.first
            reasons.append(PacketReason(code: ReasonCode.applicationMissing,
                                        message: "only a consent: the application it names is not in this packet; scan the application"))
        }

        // The registry entry is independent evidence for the child's fields it agrees with exactly;
        // doubts on fields that are not critical for activation do not hold the packet back.
        let verified = PacketRules.verifiedByRegistry(
            application: apps.first.map(appValues) ?? [:],
            entry: eval.entry.map(Self.child(of:)))
        // A registry number taken from another reading of the paper is settled by that reading and the entry's
        // exact agreement with the child, whatever doubt its first reading had (a "№" read as a digit: format).
        let byReading = reasons.contains { $0.code == ReasonCode.registryNumberReading }
        let settledDoubts = fields.filter { settled.contains($0.key) && $0.doubt == Doubt.crossFormMismatch.rawValue }
        let ruleFields = fields.filter { f in !settledDoubts.contains { $0.id == f.id } }.map {
            PacketRules.Field(key: $0.key, value: $0.value,
                              status: byReading && $0.key == "registry_number" ? .ok : $0.status,
                              doubt: $0.doubt.flatMap(Doubt.init(rawValue:)))
        }
        let uniqueReviewKeys = PacketRules.blockingKeys(ruleFields, verified: verified)
        if !uniqueReviewKeys.isEmpty {
            reasons.append(PacketReason(code: ReasonCode.fieldReview,
                                        message: "field(s) the machine was not sure about: \(uniqueReviewKeys.joined(separator: ", "))",
                                        fields: uniqueReviewKeys))
        }
        let unverified = PacketRules.unique(PacketRules.unverifiedKeys(ruleFields, verified: verified) + settledDoubts.map(\.key))
        if !unverified.isEmpty {
            reasons.append(PacketReason(code: ReasonCode.unverifiedFields,
                                        message: "not verified (does not hold back activation): \(unverified.joined(separator: ", "))",
                                        fields: unverified))
        }

        for (code, message) in Self.carriedIssues {
            let issues = openIssues { $0 == code }
            // A form whose signature place was not found (`signed` nil) is not known to be signed: a
            // person looks (seed 2509 p003: an unsigned application, its signing row not found, was
            // activated).
            let unsigned = code == ReasonCode.signatureMissing
                && pages.contains { $0.form != .unknown && $0.signed != true }
            guard !issues.isEmpty || unsigned else { continue }
            var keys: [String] = []
            for key in issues.compactMap(\.field) where !keys.contains(key) { keys.append(key) }
            reasons.append(PacketReason(code: code, message: message, fields: keys.isEmpty ? nil : keys))
        }

        eval.reasons = reasons
        switch mode {
        case .automatic:
            eval.state = reasons.allSatisfy { ReasonCode.informational.contains($0.code) } ? .registered : .review
        case .approval:
            eval.state = reasons.contains { ReasonCode.blocking.contains($0.code) } || eval.entry == nil ? .review : .registered
        }
        return eval
    }

    /// The entry named by one of the application's other readings of its registry number (stored with the
    /// field) whose child is the paper's exactly; nil when none or more than one is (`PacketRules.registryReading`).
    func entryByOtherReading(_ db: SQLDB, application: PageRecord, first: String, values: [String: String]) throws -> RegistryEntry? {
        let stored = try String.fetchOne(db, sql: """
            SELECT readings FROM field WHERE page_id = ? AND key = 'registry_number' AND corrected_by IS NULL
            """, arguments: [application.id])
        let readings = PacketRules.otherRegistryReadings(first: first, readings: JSONText.decode([String].self, stored) ?? [])
        var entries: [String: RegistryEntry] = [:]
        for number in readings { entries[number] = try RegistryEntry.fetchOne(db, key: number) }
        let candidates = readings.compactMap { n in entries[n].map { (number: n, child: Self.child(of: $0)) } }
        return PacketRules.registryReading(application: values, candidates: candidates).flatMap { entries[$0] }
    }

    /// The child as the registry entry holds it, for the packet rules.
    static func child(of entry: RegistryEntry) -> PacketRules.RegistryChild {
        PacketRules.RegistryChild(lastName: entry.lastName, firstName: entry.firstName, middleName: entry.middleName,
                                  birthDate: entry.birthDate, category: configuredCategory(entry.category))
    }

    /// Writes an evaluation to its packet; activates the entry when registered. Audit rows for every change.
    func apply(_ eval: Evaluation, packetId: Int64, actor: String, municipality: String?, _ db: SQLDB,
               approval: Bool = false, approvalDetail: [String: AuditValue] = [:]) throws {
        let now = clock()
        let before = try PacketRecord.fetchOne(db, key: packetId)
        try db.execute(sql: """
            UPDATE packet SET state = ?, reasons = ?, application_number = ?, registry_number = ?, person_key = ?,
                   municipality = COALESCE(municipality, ?, ?), updated_at = ?
            WHERE id = ?
            """, arguments: [eval.state, JSONText.encode(eval.reasons), eval.applicationNumber, eval.registryNumber,
                             eval.personKey, Normalize.text(municipality), eval.entry?.municipality, now, packetId])
        if eval.state == .registered, let entry = eval.entry {
            try db.execute(sql: """
                UPDATE registry_entry SET activated_at = ?, activated_packet_id = ?, status = 'Активирован',
                       consent_revoked = 0, updated_at = ?
                WHERE registry_number = ?
                """, arguments: [now, packetId, now, entry.registryNumber])
            if approval {
                try Audit.write(db, at: now, actor: actor, action: AuditAction.approved, packetId: packetId,
                                registryNumber: entry.registryNumber,
                                detail: approvalDetail.merging(["acknowledged": .strings(eval.reasons.map(\.code))]) { a, _ in a })
            }
            try Audit.write(db, at: now, actor: actor, action: AuditAction.activated, packetId: packetId,
                            registryNumber: entry.registryNumber, detail: ["packet_id": .int(packetId)])
        } else {
            let changed = before?.state != eval.state || before?.reasons != eval.reasons
            guard changed else { return }
            let action = before?.reasons.isEmpty ?? true ? AuditAction.queuedForReview : AuditAction.reviewUpdated
            try Audit.write(db, at: now, actor: actor, action: action, packetId: packetId,
                            registryNumber: eval.registryNumber, detail: ["reasons": .strings(eval.reasons.map(\.code))])
        }
    }
}
