import Foundation
import Hummingbird
import IntakeModel
import Registry

/// Routes for working as a team: group verification, the data-quality queue, statistics, accounts, page zoom
/// and packet operations.
extension ReviewApp {
    func addTeamRoutes(to router: Router<ReviewContext>) {
        router.get("/verify") { request, context in try await self.verifyPage(key: Self.query(request).trimmed("key"), context) }
        router.post("/verify") { _, context in try await self.verifySave(context) }
        router.get("/quality") { _, context in try await self.qualityPage(context) }
        router.get("/stats") { _, context in try await self.statsPage(context) }
        router.get("/admin/users") { _, context in try await self.usersPage(context) }
        router.post("/admin/users") { _, context in try await self.usersChange(context) }
        router.get("/pages/{id}/view") { request, context in try await self.pageView(pageId: Self.id(context), request, context) }
        router.post("/packets/{id}/operations") { request, context in
            try await self.packetOperation(packetId: Self.id(context), page: Self.query(request)["page"], context)
        }
        router.post("/packets/{id}/release") { _, context in
            let id = try Self.id(context)
            try self.store.releaseClaim(packetId: id, reviewer: context.user)
            return self.redirect("/queue")
        }
    }

    // MARK: - Group verification

    /// One field kind across many packets: each doubted value with its crop, confirmed with one key each
    /// (Enter on the box with the helper script, or Tab then Space), corrected by typing.
    func verifyPage(key requested: String?, _ context: ReviewContext, status: HTTPResponse.Status = .ok,
                    submitted: [Int64: (value: String, checked: Bool, error: String?)] = [:],
                    message: String? = nil) async throws -> Response {
        let counts = try store.doubtedFieldCounts()
        let key = requested ?? counts.first?.key
        var model = await base(context, title: "Проверка по полю / Group verification")
        model["kinds"] = counts.map { c -> [String: Any] in
            let l = Labels.field(c.key)
            return ["key": c.key, "ru": l.ru, "en": l.en, "count": c.count, "selected": c.key == key]
        }
        if let message { model["message"] = message }
        guard let key, Labels.fields.contains(where: { $0.key == key }) || counts.contains(where: { $0.key == key }) else {
            model["empty"] = true
            return render("verify", model, status: status)
        }
        let items = try store.doubtedFields(key: key, excludingClaimsOf: context.user, limit: 40)
        let label = Labels.field(key)
        let isDate = FieldRules.kind(of: key) == .date
        model["key"] = key
        model["label"] = "\(label.ru) / \(label.en)"
        model["empty"] = items.isEmpty
        model["items"] = items.enumerated().map { index, item -> [String: Any] in
            let shown = item.value.map { isDate ? Display.date($0) : $0 } ?? ""
            var m: [String: Any] = ["packetId": item.packetId, "n": index + 1, "original": shown,
                                    "value": submitted[item.packetId]?.value ?? shown,
                                    "tabindex": 2 * index + 1, "checkTab": 2 * index + 2,
                                    "inputId": "g-\(item.packetId)"]
            if submitted[item.packetId]?.checked == true { m["checked"] = true }
            if let e = submitted[item.packetId]?.error { m["error"] = e }
            if index == 0 { m["autofocus"] = true }
            if let r = item.reason { m["reason"] = r }
            m["confidence"] = "\(Int((item.confidence * 100).rounded()))%"
            if let box = item.box, !box.isEmpty, let w = item.width, let h = item.height, w > 0, h > 0,
               let crop = PacketView.crop(box, pageId: item.pageId, size: (w, h)) {
                m["crops"] = [crop]
            }
            return m
        }
        model["saveTab"] = 2 * items.count + 1
        return render("verify", model, status: status)
    }

    func verifySave(_ context: ReviewContext) async throws -> Response {
        guard let key = context.form.trimmed("key"), Labels.fields.contains(where: { $0.key == key }) else {
            throw HTTPError(.badRequest)
        }
        var submitted: [Int64: (value: String, checked: Bool, error: String?)] = [:]
        for (name, value) in context.form.values where name.hasPrefix("v.") {
            guard let id = Int64(name.dropFirst(2)), id > 0 else { continue }
            submitted[id] = (value, context.form["c.\(id)"] == "1", nil)
        }
        var confirmed = 0, corrected = 0, failed = 0, skipped = 0
        for (packetId, s) in submitted.sorted(by: { $0.key < $1.key }) {
            if let claim = try store.claimOf(packetId: packetId), claim.reviewer != context.user { skipped += 1; continue }
            do {
                let saved = try store.saveReview(packetId: packetId, edits: [FieldEdit(key: key, value: s.value, confirmed: s.checked)],
                                                 actor: context.user)
                confirmed += saved.confirmed.count
                corrected += saved.corrected.count
                submitted[packetId] = nil
            } catch let RegistryError.invalidValues(list) {
                failed += 1
                submitted[packetId]?.error = Self.fieldErrors(list)[key]
            } catch RegistryError.invalidState {
                skipped += 1
                submitted[packetId] = nil
            }
        }
        let summary = "подтверждено \(confirmed), исправлено \(corrected)" + (skipped > 0 ? ", пропущено \(skipped) (уже решены или заняты)" : "")
            + " / confirmed \(confirmed), corrected \(corrected)" + (skipped > 0 ? ", skipped \(skipped) (decided or claimed)" : "")
        if failed > 0 {
            return try await verifyPage(key: key, context, status: .unprocessableContent,
                                        submitted: submitted.filter { $0.value.error != nil },
                                        message: "Не сохранено: \(failed) значений с ошибкой / not saved: \(failed) invalid value(s). " + summary)
        }
        await flash(context, summary)
        return redirect("/verify?key=\(queryEscape(key))")
    }

    // MARK: - Data-quality queue

    func qualityPage(_ context: ReviewContext) async throws -> Response {
        let items = try store.qualityQueue()
        var model = await base(context, title: "Качество данных / Data quality")
        model["rows"] = items.map { item -> [String: Any] in
            var row: [String: Any] = ["id": item.packetId, "created": Display.timestamp(item.createdAt),
                                      "fields": (item.reasons.first?.fields ?? []).map { Labels.field($0).ru }.joined(separator: ", ")]
            if let v = item.registryNumber { row["registryNumber"] = v }
            if let v = item.applicationNumber { row["applicationNumber"] = v }
            return row
        }
        model["empty"] = items.isEmpty
        model["total"] = items.count
        return render("quality", model)
    }

    // MARK: - Statistics (supervisors)

    func statsPage(_ context: ReviewContext) async throws -> Response {
        guard context.role.canGiveSecondApproval else { throw HTTPError(.forbidden) }
        let s = try store.reviewStatistics()
        var model = await base(context, title: "Статистика / Statistics")
        model["hours"] = s.perReviewerHour.prefix(200).map { h -> [String: Any] in
            ["reviewer": h.reviewer, "hour": h.hour, "confirmed": h.confirmed, "corrected": h.corrected,
             "approved": h.approved, "rejected": h.rejected]
        }
        model["corrections"] = s.correctionsPerField.map { c -> [String: Any] in
            let l = Labels.field(c.key)
            return ["ru": l.ru, "en": l.en, "count": c.count]
        }
        model["confirmations"] = s.confirmationsPerField.map { c -> [String: Any] in
            let l = Labels.field(c.key)
            return ["ru": l.ru, "en": l.en, "count": c.count]
        }
        func duration(_ seconds: Double?) -> String {
            guard let seconds else { return "—" }
            if seconds < 3600 { return "\(Int((seconds / 60).rounded())) мин / min" }
            if seconds < 172_800 { return String(format: "%.1f ч / h", seconds / 3600) }
            return String(format: "%.1f дн / days", seconds / 86400)
        }
        model["decided"] = s.decidedPackets
        model["median"] = duration(s.medianSecondsToDecision)
        model["p90"] = duration(s.p90SecondsToDecision)
        model["inReview"] = s.inReview
        model["byMachine"] = s.registeredByMachine
        model["byReviewer"] = s.registeredByReviewer
        return render("stats", model)
    }

    // MARK: - Accounts (admins)

    func usersPage(_ context: ReviewContext, status: HTTPResponse.Status = .ok, message: String? = nil) async throws -> Response {
        guard context.role.canManageAccounts else { throw HTTPError(.forbidden) }
        var model = await base(context, title: "Пользователи / Accounts")
        var rows: [[String: Any]] = []
        for r in try store.reviewers() {
            rows.append(["name": r.name, "created": Display.timestamp(r.createdAt), "disabled": r.disabled,
                         "failures": await throttle.failuresOfName(r.name),
                         "roles": ReviewerRole.allCases.map { ["role": $0.rawValue, "selected": $0 == r.role] }])
        }
        model["users"] = rows
        model["roles"] = ReviewerRole.allCases.map { ["role": $0.rawValue] }
        if let message { model["message"] = message }
        return render("users", model, status: status)
    }

    /// Add, disable/enable, reset password, unlock, set role. Every change is audited under the admin's name.
    func usersChange(_ context: ReviewContext) async throws -> Response {
        guard context.role.canManageAccounts else { throw HTTPError(.forbidden) }
        let f = context.form
        guard let action = f.trimmed("action"), let name = f.trimmed("name"), RegistryStore.isValidReviewerName(name) else {
            return try await usersPage(context, status: .unprocessableContent,
                                       message: "Укажите имя: буквы, цифры, '.', '_', '-', '@' / give a valid name.")
        }
        do {
            switch action {
            case "add", "password":
                let password = f["password"] ?? ""
                guard Passwords.isAcceptable(password) else {
                    return try await usersPage(context, status: .unprocessableContent,
                                               message: "Пароль: не меньше 10 символов / the password needs at least 10 characters.")
                }
                let hash = try await Passwords.hashInBackground(password)
                if action == "add" {
                    try store.addReviewer(name: name, passwordHash: hash, role: ReviewerRole(rawValue: f["role"] ?? "") ?? .reviewer,
                                          actor: context.user)
                } else {
                    try store.setReviewerPassword(name: name, passwordHash: hash, actor: context.user)
                }
            case "role":
                guard let role = ReviewerRole(rawValue: f["role"] ?? "") else { throw HTTPError(.badRequest) }
                guard name != context.user || role == .admin else {
                    return try await usersPage(context, status: .conflict,
                                               message: "Нельзя снять с себя роль администратора / you cannot remove your own admin role.")
                }
                try store.setReviewerRole(name: name, role: role, actor: context.user)
            case "disable", "enable":
                guard name != context.user else {
                    return try await usersPage(context, status: .conflict, message: "Нельзя отключить себя / you cannot disable yourself.")
                }
                try store.setReviewerDisabled(name: name, disabled: action == "disable", actor: context.user)
            case "unlock":
                await throttle.reset(user: name)
            default:
                throw HTTPError(.badRequest)
            }
        } catch let error as ReviewerError {
            return try await usersPage(context, status: .conflict, message: "\(error)")
        }
        context.logger.info("account changed", metadata: ["action": "\(action)"])
        await flash(context, "Готово / done: \(action) \(name)")
        return redirect("/admin/users")
    }

    // MARK: - Page zoom

    /// One page image at a chosen zoom (50-400%), with a link back to the packet.
    func pageView(pageId: Int64, _ request: Request, _ context: ReviewContext) async throws -> Response {
        guard let packetId = try store.packetId(ofPage: pageId), try mayView(packetId: packetId, context) else {
            throw HTTPError(.notFound)
        }
        let requested = Int(Self.query(request)["zoom"] ?? "") ?? 100
        let zoom = [50, 100, 150, 200, 300, 400].contains(requested) ? requested : 100
        var model = await base(context, title: "Страница / Page \(pageId)")
        model["pageId"] = pageId
        model["packetId"] = packetId
        model["zoom"] = zoom
        model["zooms"] = [50, 100, 150, 200, 300].map { ["z": $0, "current": $0 == zoom] }
        return render("page", model)
    }

    /// Reviewers see packets in review and registered packets of the data-quality queue; supervisors all.
    func mayView(packetId: Int64, _ context: ReviewContext) throws -> Bool {
        if context.role.canGiveSecondApproval { return true }
        return try store.isOpenForReview(packetId: packetId)
    }

    // MARK: - Packet operations

    /// Reclassify a page, move a page to another packet, pair an orphan (move all its pages), split pages off
    /// into a new packet. All audited; both packets are re-evaluated and stay in review.
    func packetOperation(packetId: Int64, page: String?, _ context: ReviewContext) async throws -> Response {
        let f = context.form
        let pageIds = f.values.filter { $0.key.hasPrefix("page.") && $0.value == "1" }.compactMap { Int64($0.key.dropFirst(5)) }.sorted()
        do {
            switch f["op"] {
            case "reclassify":
                guard let pageId = Int64(page ?? ""), let form = FormKind(rawValue: f["form.\(pageId)"] ?? "") else { throw HTTPError(.badRequest) }
                try store.reclassifyPage(pageId: pageId, in: packetId, as: form, actor: context.user)
                await flash(context, "Страница переклассифицирована / page reclassified.")
            case "move":
                guard let target = Int64(f["target"] ?? ""), !pageIds.isEmpty else {
                    return try await packetPage(packetId: packetId, context, status: .unprocessableContent,
                                                message: "Отметьте страницы и укажите № пакета / tick pages and give the target packet number.")
                }
                try store.movePages(pageIds, from: packetId, to: target, actor: context.user)
                await flash(context, "Страницы перенесены в пакет \(target) / pages moved.")
            case "pair":
                guard let target = Int64(f["target"] ?? "") else {
                    return try await packetPage(packetId: packetId, context, status: .unprocessableContent,
                                                message: "Укажите № пакета / give the packet number to pair with.")
                }
                try store.movePages(try store.pageIds(ofPacket: packetId), from: packetId, to: target, actor: context.user)
                await flash(context, "Пакеты объединены / packets paired.")
                return redirect("/packets/\(target)")
            case "split":
                guard !pageIds.isEmpty else {
                    return try await packetPage(packetId: packetId, context, status: .unprocessableContent,
                                                message: "Отметьте страницы для нового пакета / tick the pages for the new packet.")
                }
                let created = try store.splitPages(pageIds, from: packetId, actor: context.user)
                await flash(context, "Создан пакет \(created) / new packet \(created).")
            default:
                throw HTTPError(.badRequest)
            }
        } catch let error as RegistryError {
            switch error {
            case .invalidState, .pageNotInPacket, .packetNotFound, .invalidOperation:
                return try await packetPage(packetId: packetId, context, status: .conflict, message: "\(error)")
            default: throw error
            }
        }
        return redirect("/packets/\(packetId)")
    }
}
