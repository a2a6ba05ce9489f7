import Foundation
import Hummingbird
import IntakeModel
import Logging
import Registry

extension ReviewApp {
    func addRoutes(to router: Router<ReviewContext>) {
        router.get("/static/review.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: self.stylesheet)))
        }
        router.get("/static/review.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: self.script)))
        }
        router.get("/login") { request, context in try await self.loginPage(request, context) }
        router.post("/login") { request, context in try await self.login(request, context) }
        router.post("/logout") { _, context in await self.logout(context) }
        router.get("/") { _, _ in self.redirect("/queue") }
        router.get("/favicon.ico") { _, _ in Response(status: .noContent, headers: [.cacheControl: "public, max-age=86400"]) }
        router.get("/queue") { request, context in try await self.queuePage(request, context) }
        router.get("/packets/{id}") { _, context in
            let id = try Self.id(context)
            guard try self.mayView(packetId: id, context) else { throw HTTPError(.notFound) }
            return try await self.packetPage(packetId: id, context, claim: true)
        }
        router.post("/packets/{id}/fields") { _, context in try await self.correct(packetId: Self.id(context), context) }
        router.post("/packets/{id}/save") { _, context in try await self.save(packetId: Self.id(context), context) }
        router.post("/packets/{id}/approve") { _, context in try await self.approve(packetId: Self.id(context), context) }
        router.post("/packets/{id}/reject") { _, context in try await self.reject(packetId: Self.id(context), context) }
        router.get("/pages/{id}/image") { _, context in
            let id = try Self.id(context)
            guard let packetId = try self.store.packetId(ofPage: id), try self.mayView(packetId: packetId, context) else {
                throw HTTPError(.notFound)
            }
            return try self.pageImage(pageId: id)
        }
        router.get("/registry") { request, context in try await self.registryPage(request, context) }
        router.get("/registry/{number}") { _, context in try await self.entryPage(context) }
    }

    /// The `{id}` path parameter as a database id; anything else is 404.
    static func id(_ context: ReviewContext) throws -> Int64 {
        guard let raw = context.parameters.get("id"), raw.allSatisfy(\.isASCII), let id = Int64(raw), id > 0 else {
            throw HTTPError(.notFound)
        }
        return id
    }

    static func query(_ request: Request) -> FormData {
        FormData(urlEncoded: Substring(request.uri.query ?? ""))
    }

    // MARK: - Sign-in

    /// A local path to return to after sign-in; anything else (other hosts, `//host`, `\`) becomes `/queue`.
    static func safeNext(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\"), !raw.hasPrefix("/login"),
              raw.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else { return "/queue" }
        return raw
    }

    func loginPage(_ request: Request, _ context: ReviewContext, status: HTTPResponse.Status = .ok,
                   message: String? = nil, name: String? = nil, next: String? = nil) async throws -> Response {
        if context.session != nil, status == .ok { return redirect("/queue") }
        // One token per browser (kept while its cookie lives), so that two sign-in pages, or one
        // fetched again in the background, do not invalidate each other.
        let existing = request.cookies[Self.loginCookie]?.value
        let token = existing.flatMap { Token.isWellFormed($0) ? $0 : nil } ?? Token.random()
        var model: [String: Any] = ["title": "Вход / Sign in", "login": token,
                                    "next": next ?? Self.safeNext(Self.query(request)["next"])]
        if let message { model["message"] = message }
        if let name { model["name"] = name }
        var response = render("login", model, status: status)
        response.setCookie(cookie(Self.loginCookie, value: token, path: "/login", maxAge: 3600))
        return response
    }

    func login(_ request: Request, _ context: ReviewContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 16 * 1024)
        let form = FormData(urlEncoded: Substring(String(buffer: body)))
        let next = Self.safeNext(form["next"])
        // The sign-in form carries a token matching a cookie set with it (double submit), so that another
        // site cannot sign a browser in under an account of its choosing.
        guard let sent = form["_login"], let expected = request.cookies[Self.loginCookie]?.value,
              Token.isWellFormed(expected), Token.constantTimeEqual(sent, expected) else {
            return try await loginPage(request, context, status: .forbidden,
                                       message: "Форма устарела, войдите ещё раз / the form has expired, please sign in again.",
                                       next: next)
        }
        let name = form.trimmed("name") ?? ""
        let password = form["password"] ?? ""
        let client = context.remoteAddress
        let wait = await throttle.reserve(user: name, address: client)
        if wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000)) }
        let reviewer = RegistryStore.isValidReviewerName(name) ? try store.reviewer(name: name) : nil
        let ok = await Passwords.verifyInBackground(password, hash: reviewer?.passwordHash ?? Passwords.decoyHash)
        guard ok, let reviewer, !reviewer.disabled else {
            await throttle.recordFailure(user: name, address: client)
            // The name is a login (not an applicant's data); the address tells an admin where guesses come from.
            context.logger.notice("sign-in failed", metadata: ["reviewer": "\(RegistryStore.isValidReviewerName(name) ? name : "(invalid name)")",
                                                              "address": "\(client ?? "-")"])
            return try await loginPage(request, context, status: .unauthorized,
                                       message: "Неверное имя или пароль / wrong name or password.", name: name, next: next)
        }
        await throttle.recordSuccess(user: reviewer.name, address: client)
        if let old = request.cookies[Self.sessionCookie]?.value { sessions.remove(token: old) }
        let (token, _) = try sessions.create(user: reviewer.name)
        context.logger.info("signed in", metadata: ["reviewer": "\(reviewer.name)"])
        var response = redirect(next)
        response.setCookie(cookie(Self.sessionCookie, value: token, path: "/", maxAge: Int(configuration.sessionLifetime)))
        response.setCookie(cookie(Self.loginCookie, value: "", path: "/login", maxAge: 0))
        return response
    }

    func logout(_ context: ReviewContext) async -> Response {
        if let token = context.sessionToken { sessions.remove(token: token) }
        if context.session != nil { try? store.releaseClaims(reviewer: context.user) }
        var response = redirect("/login")
        response.setCookie(cookie(Self.sessionCookie, value: "", path: "/", maxAge: 0))
        return response
    }

    // MARK: - Queue

    func queuePage(_ request: Request, _ context: ReviewContext) async throws -> Response {
        let q = Self.query(request)
        let all = try store.queue()
        let reason = q.trimmed("reason").flatMap { code in Labels.reasons.contains { $0.code == code } ? code : nil }
        let municipality = q.trimmed("municipality")
        let items = (reason == nil && municipality == nil) ? all : try store.queue(reason: reason, municipality: municipality)

        var counts: [String: Int] = [:]
        for item in all { for code in Set(item.reasons.map(\.code)) { counts[code, default: 0] += 1 } }
        let reasonOptions: [[String: Any]] = Labels.reasons.compactMap { r in
            let n = counts[r.code] ?? 0
            guard n > 0 || r.code == reason else { return nil }
            return ["code": r.code, "label": "\(r.ru) / \(r.en) (\(n))", "selected": r.code == reason]
        }
        let municipalities = Set(all.compactMap(\.municipality)).union(municipality.map { [$0] } ?? []).sorted()
        let municipalityOptions: [[String: Any]] = municipalities.map { m in
            ["name": m, "label": "\(m) (\(all.filter { $0.municipality == m }.count))", "selected": m == municipality]
        }
        let rows: [[String: Any]] = items.prefix(500).map { item in
            let keys = Set(item.reasons.flatMap { $0.fields ?? [] })
            var row: [String: Any] = [
                "id": item.packetId, "created": Display.timestamp(item.createdAt),
                "reasons": item.reasons.map { r -> [String: Any] in
                    let l = Labels.reason(r.code)
                    return ["code": r.code, "ru": l.ru, "en": l.en, "message": r.message,
                            "blocking": ReasonCode.blocking.contains(r.code)]
                },
                "fieldCount": keys.count,
            ]
            if let v = item.applicationNumber { row["applicationNumber"] = v }
            if let v = item.registryNumber { row["registryNumber"] = v }
            if let v = item.municipality { row["municipality"] = v }
            return row
        }
        var model = await base(context, title: "Очередь / Review queue")
        model["rows"] = rows
        model["empty"] = rows.isEmpty
        model["total"] = all.count
        model["shown"] = items.count
        model["filtered"] = reason != nil || municipality != nil
        model["truncated"] = items.count > 500
        model["reasonOptions"] = reasonOptions
        model["municipalityOptions"] = municipalityOptions
        model["noReason"] = reason == nil
        model["noMunicipality"] = municipality == nil
        return render("queue", model)
    }

    // MARK: - Packet

    func packetPage(packetId: Int64, _ context: ReviewContext, status: HTTPResponse.Status = .ok,
                    blocked: [PacketReason]? = nil, submitted: PacketView.Submitted = .init(),
                    message: String? = nil, claim: Bool = false) async throws -> Response {
        let detail = try store.packet(id: packetId)
        // Opening a packet claims it; a packet another reviewer holds is shown read-only with their name.
        let held = claim ? try store.claim(packetId: packetId, reviewer: context.user, duration: configuration.claimDuration)
                         : try store.claimOf(packetId: packetId)
        let heldByOther = held.flatMap { $0.reviewer == context.user ? nil : $0 }
        var images: [Int64: (width: Int, height: Int)] = [:]
        for page in detail.pages where page.imageFormat == "png" || page.imageFormat == "jpeg" {
            if let w = page.width, let h = page.height, w > 0, h > 0 {
                images[page.id] = (w, h)
            } else if let image = try store.pageImage(pageId: page.id), let size = ImageInfo.dimensions(image.data) {
                images[page.id] = size
            }
        }
        let entry = try detail.packet.registryNumber.flatMap { try store.entry(registryNumber: $0) }
        var model = await base(context, title: "Пакет / Packet \(packetId)")
        for (k, v) in PacketView(detail: detail, imageSizes: images, submitted: submitted, entry: entry,
                                 readOnly: heldByOther != nil).model() { model[k] = v }
        if let other = heldByOther {
            model["claimedByOther"] = other.reviewer
            model["claimedUntil"] = Display.timestamp(other.until)
        }
        if detail.packet.state == .review {
            let queue = try store.queue()
            if let index = queue.firstIndex(where: { $0.packetId == packetId }) {
                model["position"] = index + 1
                model["queueSize"] = queue.count
            }
            if let asked = try store.awaitingSecondApproval()[packetId] { model["awaitingSecond"] = asked }
        }
        if let blocked {
            model["blockedAny"] = true
            model["blocked"] = blocked.map(PacketView.reasonModel)
        }
        if let message { model["message"] = message }
        return render("packet", model, status: status)
    }

    /// The reviewer's whole form: every `v.KEY` box and `c.KEY` tick (only keys a reviewer may set).
    static func submitted(_ form: FormData, editable: Set<String>) -> PacketView.Submitted {
        var s = PacketView.Submitted()
        for (name, value) in form.values {
            if name.hasPrefix("v."), editable.contains(String(name.dropFirst(2))) { s.values[String(name.dropFirst(2))] = value }
            if name.hasPrefix("c."), editable.contains(String(name.dropFirst(2))), value == "1" { s.checked.insert(String(name.dropFirst(2))) }
        }
        s.signatureChecked = form["signature_ok"] == "1"
        return s
    }

    static func edits(_ s: PacketView.Submitted) -> [FieldEdit] {
        let keys = Set(s.values.keys).union(s.checked).sorted { Labels.fieldOrder($0) < Labels.fieldOrder($1) }
        return keys.map { key in
            // A tick without its box (a stale form) confirms the stored value as it is.
            FieldEdit(key: key, value: s.values[key], confirmed: s.checked.contains(key))
        }.filter { s.values[$0.key] != nil }
    }

    static func fieldErrors(_ list: [InvalidField]) -> [String: String] {
        Dictionary(list.map { ($0.key, "Не сохранено: нужно \(Labels.expected($0.expected)) / not saved: expected \($0.expected)") }) { a, _ in a }
    }

    /// Saves every edit of the packet's form at once (Enter): corrections and confirmations.
    /// A packet another reviewer has claimed is not changed by anyone else until the claim ends.
    func heldByOther(_ packetId: Int64, _ context: ReviewContext) throws -> Claim? {
        guard let claim = try store.claimOf(packetId: packetId), claim.reviewer != context.user else { return nil }
        return claim
    }

    func refuseHeld(_ claim: Claim, packetId: Int64, submitted: PacketView.Submitted, _ context: ReviewContext) async throws -> Response {
        try await packetPage(packetId: packetId, context, status: .conflict, submitted: submitted,
                             message: "Пакет проверяет \(claim.reviewer) до \(Display.timestamp(claim.until)): ничего не сохранено / \(claim.reviewer) has this packet: nothing saved.")
    }

    func save(packetId: Int64, _ context: ReviewContext) async throws -> Response {
        let detail = try store.packet(id: packetId)
        let submitted = Self.submitted(context.form, editable: PacketView.editableKeys(detail))
        if let claim = try heldByOther(packetId, context) { return try await refuseHeld(claim, packetId: packetId, submitted: submitted, context) }
        do {
            let saved = try store.saveReview(packetId: packetId, edits: Self.edits(submitted), actor: context.user)
            await flash(context, "Сохранено / saved: исправлено \(saved.corrected.count), подтверждено \(saved.confirmed.count) (corrected, confirmed)")
        } catch let RegistryError.invalidValues(list) {
            var s = submitted
            s.errors = Self.fieldErrors(list)
            return try await packetPage(packetId: packetId, context, status: .unprocessableContent, submitted: s,
                                        message: "Ничего не сохранено: исправьте отмеченные поля / nothing saved: fix the marked fields.")
        } catch RegistryError.invalidState {
            await flash(context, "Пакет уже не на проверке / the packet is no longer in review.", error: true)
        }
        return redirect("/packets/\(packetId)")
    }

    /// One field (kept for scripts and old pages): an unchanged value is a confirmation, not a correction.
    func correct(packetId: Int64, _ context: ReviewContext) async throws -> Response {
        let detail = try store.packet(id: packetId)
        guard let key = context.form.trimmed("key"),
              PacketView.editableKeys(detail).contains(key) else { throw HTTPError(.badRequest) }
        let value = context.form["value"]
        do {
            try store.saveReview(packetId: packetId, edits: [FieldEdit(key: key, value: value, confirmed: true)], actor: context.user)
        } catch let RegistryError.invalidValues(list) {
            var s = PacketView.Submitted()
            s.values[key] = value ?? ""
            s.errors = Self.fieldErrors(list)
            return try await packetPage(packetId: packetId, context, status: .unprocessableContent, submitted: s)
        } catch RegistryError.invalidState {
            await flash(context, "Пакет уже не на проверке / the packet is no longer in review.", error: true)
            return redirect("/packets/\(packetId)")
        }
        let label = Labels.field(key)
        await flash(context, "Сохранено / saved: \(label.ru)")
        return redirect("/packets/\(packetId)")
    }

    /// Approve submits the whole form: every edit is saved first (even when the approval is then refused).
    func approve(packetId: Int64, _ context: ReviewContext) async throws -> Response {
        let detail = try store.packet(id: packetId)
        let submitted = Self.submitted(context.form, editable: PacketView.editableKeys(detail))
        if let claim = try heldByOther(packetId, context) { return try await refuseHeld(claim, packetId: packetId, submitted: submitted, context) }
        let next = context.form["action"] == "approve_next"
        do {
            let outcome = try store.approve(packetId: packetId, edits: Self.edits(submitted),
                                            signatureAcknowledged: submitted.signatureChecked, actor: context.user,
                                            role: context.role, fourEyes: configuration.fourEyes)
            try store.releaseClaim(packetId: packetId, reviewer: context.user)
            await flash(context, "Пакет \(packetId) одобрен, запись \(outcome.registryNumber ?? "") активирована / packet approved, registry entry activated.")
            if next, let following = try nextPacket(after: packetId, context) { return redirect("/packets/\(following)") }
            return redirect("/queue")
        } catch let RegistryError.invalidValues(list) {
            var s = submitted
            s.errors = Self.fieldErrors(list)
            return try await packetPage(packetId: packetId, context, status: .unprocessableContent, submitted: s,
                                        message: "Ничего не сохранено и не одобрено: исправьте отмеченные поля / nothing saved or approved: fix the marked fields.")
        } catch let RegistryError.approvalBlocked(_, reasons) {
            // The edits are saved; ticks of fields still doubted stay ticked on the page shown again.
            var s = PacketView.Submitted()
            s.signatureChecked = submitted.signatureChecked
            return try await packetPage(packetId: packetId, context, status: .conflict, blocked: reasons, submitted: s)
        } catch RegistryError.invalidState {
            await flash(context, "Пакет уже не на проверке / the packet is no longer in review.", error: true)
            return redirect("/packets/\(packetId)")
        }
    }

    /// The oldest packet in review after this one that nobody else has claimed.
    func nextPacket(after packetId: Int64, _ context: ReviewContext) throws -> Int64? {
        let queue = try store.queue()
        let claims = try store.claims()
        let start = queue.firstIndex { $0.packetId == packetId }.map { $0 + 1 } ?? 0
        let ordered = Array(queue[min(start, queue.count)...]) + Array(queue[..<min(start, queue.count)])
        return ordered.first { item in
            item.packetId != packetId && (claims[item.packetId].map { $0.reviewer == context.user } ?? true)
        }?.packetId
    }

    func reject(packetId: Int64, _ context: ReviewContext) async throws -> Response {
        guard let reason = context.form.trimmed("reason") else {
            return try await packetPage(packetId: packetId, context, status: .unprocessableContent,
                                        message: "Укажите причину отклонения / give the reason for rejecting.")
        }
        do {
            try store.reject(packetId: packetId, actor: context.user, reason: String(reason.prefix(500)))
        } catch RegistryError.invalidState {
            await flash(context, "Пакет уже не на проверке / the packet is no longer in review.", error: true)
            return redirect("/packets/\(packetId)")
        }
        await flash(context, "Пакет \(packetId) отклонён / packet rejected.")
        return redirect("/queue")
    }

    /// The stored page image, by page id only: nothing from the request reaches the file system.
    func pageImage(pageId: Int64) throws -> Response {
        guard let image = try store.pageImage(pageId: pageId) else { throw HTTPError(.notFound) }
        let type: String
        switch image.format {
        case "png": type = "image/png"
        case "jpeg": type = "image/jpeg"
        default: throw HTTPError(.notFound)
        }
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "private, no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: image.data)))
    }

    // MARK: - Registry

    func registryPage(_ request: Request, _ context: ReviewContext) async throws -> Response {
        let q = Self.query(request).trimmed("q")
        var model = await base(context, title: "Реестр / Registry")
        if let q, !Self.isSearchable(q, minLength: configuration.minSearchLength) {
            model["q"] = q
            model["message"] = "Слишком короткий запрос: не меньше \(configuration.minSearchLength) букв фамилии или 4 цифр номера / the query is too short: at least \(configuration.minSearchLength) letters of a surname or 4 digits of a number."
        } else if let q {
            let entries = try store.searchEntries(q, limit: context.role.canGiveSecondApproval ? 100 : 20)
            model["q"] = q
            model["searched"] = true
            model["results"] = entries.map(Self.entryRow)
            model["none"] = entries.isEmpty
        }
        return render("registry", model)
    }

    /// A search must name a surname's first letters or a number's first digits, not list the registry.
    static func isSearchable(_ q: String, minLength: Int) -> Bool {
        let compact = q.filter { !$0.isWhitespace }
        if compact.allSatisfy({ $0.isASCII && $0.isNumber }) { return compact.count >= 4 }
        return compact.filter(\.isLetter).count >= minLength
    }

    static func entryRow(_ e: RegistryEntry) -> [String: Any] {
        var row: [String: Any] = [
            "number": e.registryNumber, "lastName": e.lastName, "firstName": e.firstName,
            "middleName": e.middleName ?? "", "birthDate": Display.date(e.birthDate), "status": e.status ?? "",
            "activated": e.isActivated, "consentRevoked": e.consentRevoked,
        ]
        if let v = e.category { row["category"] = v }
        if let v = e.municipality { row["municipality"] = v }
        if let at = e.activatedAt { row["activatedAt"] = Display.timestamp(at) }
        if let p = e.activatedPacketId { row["activatedPacketId"] = p }
        return row
    }

    func entryPage(_ context: ReviewContext) async throws -> Response {
        guard let number = context.parameters.get("number"), (1...20).contains(number.count),
              number.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw HTTPError(.notFound) }
        let status = try store.status(registryNumber: number)
        var model = await base(context, title: "Запись / Entry \(number)")
        model["number"] = number
        if let e = status.entry { model["entry"] = Self.entryRow(e) }
        model["packets"] = status.packets.map { p -> [String: Any] in
            let state = Labels.state(p.state.rawValue)
            var row: [String: Any] = [
                "id": p.id, "state": "\(state.ru) / \(state.en)", "stateCode": p.state.rawValue,
                "created": Display.timestamp(p.createdAt),
                "reasons": p.reasons.map { r -> [String: Any] in
                    let l = Labels.reason(r.code)
                    return ["ru": l.ru, "en": l.en, "message": r.message]
                },
                "documents": status.documents.filter { $0.packetId == p.id }.map { d -> [String: Any] in
                    ["fileName": d.fileName ?? "(имя удалено / name deleted)", "pages": d.pageCount,
                     "sha": String(d.sha256.prefix(12))]
                },
            ]
            if let a = p.applicationNumber { row["applicationNumber"] = a }
            return row
        }
        model["audit"] = status.audit.map { a -> [String: Any] in
            var row: [String: Any] = ["at": Display.timestamp(a.at), "actor": a.actor,
                                      "action": Labels.actions[a.action] ?? a.action, "detail": a.detail]
            if let p = a.packetId { row["packetId"] = p }
            return row
        }
        return render("entry", model)
    }
}
