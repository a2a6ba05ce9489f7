import Foundation
import IntakeModel
import Registry

/// The packet page's model: one row per field key (application and consent values side by side, since a
/// correction applies to every page holding the key), the rows needing review first, each with crops of the
/// page image around the field's boxes; the pages with every box drawn and numbered like the rows.
struct PacketView {
    /// What the reviewer sent when the page is shown again after a refused save: their typed values, ticks
    /// and the rule each invalid value broke. Nothing typed is lost.
    struct Submitted {
        var values: [String: String] = [:]
        var checked: Set<String> = []
        var signatureChecked = false
        var errors: [String: String] = [:]
    }

    let detail: PacketDetail
    /// Page id → image size in pixels, for pages with a displayable image.
    let imageSizes: [Int64: (width: Int, height: Int)]
    var submitted = Submitted()
    /// The registry entry the packet names, to compare the child's values with.
    var entry: RegistryEntry?
    /// Another reviewer holds the packet: shown without forms.
    var readOnly = false

    /// Fields the registry needs on every application.
    static let requiredKeys = ["application_number", "registry_number", "child.last_name", "child.first_name", "child.birth_date"]

    /// Keys a reviewer may set: those stored for the packet and the form's known keys.
    static func editableKeys(_ detail: PacketDetail) -> Set<String> {
        Set(detail.fields.map(\.key)).union(Labels.fields.map(\.key))
    }

    struct Row {
        var key: String
        var fields: [FieldRecord]
        var number = 0
        var needsReview = false
        var status: FieldStatus = .missing
    }

    var editable: Bool { detail.packet.state == .review && !readOnly }

    func rows() -> [Row] {
        var byKey: [String: [FieldRecord]] = [:]
        for f in detail.fields { byKey[f.key, default: []].append(f) }
        if detail.pages.contains(where: { $0.form == .application }) {
            for key in Self.requiredKeys where byKey[key] == nil { byKey[key] = [] }
        }
        let pageOrder = Dictionary(uniqueKeysWithValues: detail.pages.enumerated().map { ($1.id, $0) })
        let reasonKeys = Set(detail.packet.reasons.flatMap { $0.fields ?? [] })
        var rows = byKey.map { key, fields -> Row in
            var row = Row(key: key, fields: fields.sorted { (pageOrder[$0.pageId] ?? 0, $0.id) < (pageOrder[$1.pageId] ?? 0, $1.id) })
            let statuses = fields.map(\.status)
            row.status = statuses.contains(.review) ? .review : (statuses.contains(.ok) ? .ok : .missing)
            row.needsReview = editable && (row.status == .review || reasonKeys.contains(key)
                || (row.status == .missing && Self.requiredKeys.contains(key)) || submitted.errors[key] != nil)
            return row
        }
        func group(_ r: Row) -> Int { r.needsReview ? 0 : (r.fields.contains(where: \.isCorrected) ? 1 : 2) }
        rows.sort { a, b in
            if group(a) != group(b) { return group(a) < group(b) }
            let oa = Labels.fieldOrder(a.key), ob = Labels.fieldOrder(b.key)
            return oa != ob ? oa < ob : a.key < b.key
        }
        for i in rows.indices { rows[i].number = i + 1 }
        return rows
    }

    func model() -> [String: Any] {
        let p = detail.packet
        let pagesById = Dictionary(uniqueKeysWithValues: detail.pages.map { ($0.id, $0) })
        let rows = rows()
        var tab = 0
        let focusKey = rows.first { submitted.errors[$0.key] != nil }?.key ?? rows.first(where: \.needsReview)?.key
        var boxesByPage: [Int64: [[String: Any]]] = [:]

        let rowModels: [[String: Any]] = rows.map { row in
            let label = Labels.field(row.key)
            let isDate = row.key.hasSuffix("date")
            func shown(_ v: String?) -> String { v.map { isDate ? Display.date($0) : $0 } ?? "" }
            let primary = row.fields.first { pagesById[$0.pageId]?.form == .application && $0.value != nil }
                ?? row.fields.first { $0.value != nil }
            var m: [String: Any] = [
                "key": row.key, "ru": label.ru, "en": label.en, "n": row.number,
                "inputId": "f-" + row.key.replacingOccurrences(of: ".", with: "-"),
                "value": submitted.values[row.key] ?? shown(primary?.value), "original": shown(primary?.value),
                "maxLength": FieldRules.kind(of: row.key) == .name ? FieldRules.maxNameLength : FieldRules.maxTextLength,
                "status": row.status.rawValue, "statusLabel": "\(Labels.status(row.status.rawValue).ru) / \(row.status.rawValue)",
                "needsReview": row.needsReview, "editable": editable,
            ]
            if row.needsReview {
                m["tabindex"] = tab + 1
                m["checkTab"] = tab + 2
                tab += 2
                if submitted.checked.contains(row.key) { m["checked"] = true }
            }
            if editable, row.key == focusKey { m["autofocus"] = true }
            if let e = submitted.errors[row.key] { m["error"] = e }
            let read = row.fields.filter { $0.status != .missing }
            if let c = read.map(\.confidence).min() { m["confidence"] = "\(Int((c * 100).rounded()))%" }
            let reasons = Array(Set(row.fields.compactMap(\.reason))).sorted()
            let doubts = Array(Set(row.fields.compactMap { $0.doubt.flatMap { Labels.doubts[$0] } })).sorted()
            if !reasons.isEmpty || !doubts.isEmpty {
                m["reason"] = (doubts + reasons).joined(separator: "; ")
            }
            // Why the packet names this key (mismatch with the registry, between the forms, ...).
            let packetReasons = p.reasons.filter { $0.code != ReasonCode.fieldReview && ($0.fields ?? []).contains(row.key) }
                .map { Labels.reason($0.code).ru }
            if !packetReasons.isEmpty, editable { m["packetReasons"] = packetReasons.joined(separator: "; ") }
            let corrected = row.fields.filter(\.isCorrected)
            if let c = corrected.max(by: { ($0.correctedAt ?? .distantPast) < ($1.correctedAt ?? .distantPast) }) {
                var info: [String: Any] = ["by": c.correctedBy ?? ""]
                if let at = c.correctedAt { info["at"] = Display.timestamp(at) }
                let originals = Array(Set(corrected.compactMap(\.originalValue))).map(shown).sorted()
                info["original"] = originals.isEmpty ? "—" : originals.joined(separator: " | ")
                m["corrected"] = info
            }
            if !row.fields.contains(where: \.isCorrected),
               let c = row.fields.filter(\.isConfirmed).max(by: { ($0.confirmedAt ?? .distantPast) < ($1.confirmedAt ?? .distantPast) }) {
                var info: [String: Any] = ["by": c.confirmedBy ?? ""]
                if let at = c.confirmedAt { info["at"] = Display.timestamp(at) }
                m["confirmedNote"] = info
            }
            // What the machine compares with, the characters that differ from the value in the box marked:
            // the registry's value, the other form's reading, the raw readings behind the value.
            let base = shown(primary?.value)
            var compare: [[String: Any]] = []
            func add(_ source: String, _ other: String) {
                guard !compare.contains(where: { ($0["source"] as? String) == source && ($0["plain"] as? String) == other }) else { return }
                compare.append(["source": source, "plain": other, "segments": Self.diffSegments(other, against: base),
                                "differs": Normalize.name(other) != Normalize.name(base)])
            }
            if let registryValue = Self.registryValue(entry, key: row.key) { add("реестр / registry", shown(registryValue)) }
            for f in row.fields where f.id != primary?.id {
                if let v = f.value, v != primary?.value {
                    add("\(Labels.form(pagesById[f.pageId]?.form.rawValue ?? "unknown"))", shown(v))
                }
            }
            for f in row.fields {
                if let raw = Normalize.text(f.raw), let v = f.value, raw != v, !FieldRules.same(key: row.key, typed: raw, stored: v) {
                    add("прочитано / read", raw)
                }
            }
            if !compare.isEmpty { m["compare"] = compare }
            // A doubt about ё: offer the spellings with ё (one е at a time), nearest the end first (-ёв, -ёнок).
            if editable, row.needsReview, reasons.contains(where: { $0.contains("ё") }), let v = primary?.value {
                let variants = Self.yoSpellings(v)
                if !variants.isEmpty { m["suggestions"] = variants }
            }
            var crops: [[String: Any]] = []
            for f in row.fields {
                guard let box = f.box, !box.isEmpty, let size = imageSizes[f.pageId] else { continue }
                if let crop = Self.crop(box, pageId: f.pageId, size: size) { crops.append(crop) }
                boxesByPage[f.pageId, default: []].append([
                    "x": box.x, "y": box.y, "w": box.width, "h": box.height, "n": row.number,
                    "cls": f.isCorrected ? "corrected" : (row.needsReview ? "review" : f.status.rawValue),
                    "title": "\(row.number). \(label.ru) / \(label.en)",
                    "tx": box.x, "ty": max(0, box.y - 8),
                ])
            }
            if !crops.isEmpty { m["crops"] = crops }
            return m
        }

        let pageModels: [[String: Any]] = detail.pages.enumerated().map { index, page in
            var m: [String: Any] = ["id": page.id, "index": index + 1, "form": Labels.form(page.form.rawValue),
                                    "forms": ["application", "consent", "unknown"].map { f -> [String: Any] in
                                        ["value": f, "label": Labels.form(f), "selected": f == page.form.rawValue]
                                    }]
            if let size = imageSizes[page.id] {
                m["image"] = ["w": size.width, "h": size.height,
                              "fontSize": max(16, size.width / 40),
                              "stroke": max(2, size.width / 500),
                              "boxes": boxesByPage[page.id] ?? []] as [String: Any]
            }
            if page.signed == false { m["unsigned"] = true }
            return m
        }

        let state = Labels.state(p.state.rawValue)
        var model: [String: Any] = [
            "packetId": p.id, "state": "\(state.ru) / \(state.en)", "stateCode": p.state.rawValue,
            "editable": editable, "created": Display.timestamp(p.createdAt),
            "reviewRows": rowModels.filter { $0["needsReview"] as? Bool == true },
            "correctedRows": rowModels.filter { $0["needsReview"] as? Bool != true && $0["corrected"] != nil },
            "otherRows": rowModels.filter { $0["needsReview"] as? Bool != true && $0["corrected"] == nil },
            "pages": pageModels, "ackTab": tab + 1, "approveTab": tab + 2, "approveNextTab": tab + 3, "saveTab": tab + 4,
            "unsigned": editable && detail.pages.contains { $0.form != .unknown && $0.signed == false },
            "signatureChecked": submitted.signatureChecked,
            "reasons": p.reasons.map(Self.reasonModel),
            "documents": detail.documents.map { d -> [String: Any] in
                ["fileName": d.fileName ?? "(имя удалено / name deleted)", "pages": d.pageCount]
            },
        ]
        model["hasReviewRows"] = !(model["reviewRows"] as! [[String: Any]]).isEmpty
        model["hasOtherRows"] = !(model["otherRows"] as! [[String: Any]]).isEmpty
        model["hasCorrectedRows"] = !(model["correctedRows"] as! [[String: Any]]).isEmpty
        if let v = p.applicationNumber { model["applicationNumber"] = v }
        if let v = p.registryNumber { model["registryNumber"] = v }
        if let v = p.municipality { model["municipality"] = v }
        return model
    }

    /// `other` cut into runs that are equal to, or differ from, `base` (a longest common subsequence of
    /// characters), for marking the differences.
    static func diffSegments(_ other: String, against base: String) -> [[String: Any]] {
        let a = Array(other), b = Array(base)
        guard a.count * b.count <= 40_000 else { return [["text": other, "diff": true]] }
        let marks = Alignment.unmatched(a, b).a
        var segments: [[String: Any]] = []
        var run = "", runDiff = false
        for (c, d) in zip(a, marks) {
            if !run.isEmpty, d != runDiff { segments.append(["text": run, "diff": runDiff]); run = "" }
            run.append(c); runDiff = d
        }
        if !run.isEmpty { segments.append(["text": run, "diff": runDiff]) }
        return segments
    }

    /// `Королев` → [`Королёв`]: each е (either case) turned into ё, one at a time, last first; at most three.
    static func yoSpellings(_ value: String) -> [String] {
        let chars = Array(value)
        var out: [String] = []
        for i in chars.indices.reversed() where chars[i] == "е" || chars[i] == "Е" {
            var c = chars
            c[i] = chars[i] == "е" ? "ё" : "Ё"
            out.append(String(c))
            if out.count == 3 { break }
        }
        return out
    }

    /// A packet reason in Russian: its label and the fields it names (the English message stays as a title).
    static func reasonModel(_ r: PacketReason) -> [String: Any] {
        let l = Labels.reason(r.code)
        let fields = (r.fields ?? []).map { Labels.field($0).ru }
        return ["ru": l.ru, "en": l.en, "message": fields.isEmpty ? r.message : fields.joined(separator: ", "),
                "title": r.message, "blocking": ReasonCode.blocking.contains(r.code)]
    }

    /// The registry's value for the child's fields (the regional system's spelling), nil for other keys.
    static func registryValue(_ entry: RegistryEntry?, key: String) -> String? {
        guard let entry else { return nil }
        switch key {
        case "child.last_name": return entry.lastName
        case "child.first_name": return entry.firstName
        case "child.middle_name": return entry.middleName ?? ""
        case "child.birth_date": return entry.birthDate
        case "category": return entry.category
        default: return nil
        }
    }

    /// An SVG view box around a field's box (padded, clamped to the page) and its display size.
    static func crop(_ box: Box, pageId: Int64, size: (width: Int, height: Int)) -> [String: Any]? {
        // Generous margins: an e-mail or a number is often read a little short of its ink.
        let padX = max(40, 2 * min(box.height, 80)), padY = max(12, min(box.height, 80) / 2)
        let x0 = max(0, box.x - padX), y0 = max(0, box.y - padY)
        let x1 = min(size.width, box.maxX + padX), y1 = min(size.height, box.maxY + padY)
        guard x1 > x0, y1 > y0 else { return nil }
        let w = x1 - x0, h = y1 - y0
        // Readable first: at least 45% of the scan's pixels (about 12 px letters at 300 dpi), wide crops scroll;
        // tall (multi-line) crops keep their lines instead of being squeezed to a strip.
        let scale = min(0.8, max(0.45, 640.0 / Double(w)), max(0.3, 240.0 / Double(h)))
        return ["pageId": pageId, "vx": x0, "vy": y0, "vw": w, "vh": h,
                "dw": Int((Double(w) * scale).rounded()), "dh": Int((Double(h) * scale).rounded()),
                "iw": size.width, "ih": size.height, "anchor": "y\(box.y)",
                "bx": box.x, "by": box.y, "bw": box.width, "bh": box.height, "stroke": max(1, h / 40)]
    }
}
