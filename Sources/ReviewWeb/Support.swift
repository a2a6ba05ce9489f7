import Foundation
import IntakeModel
import Registry

// MARK: - Random tokens and comparisons

enum Token {
    /// `bytes` random bytes from the system's CSPRNG (getrandom on Linux), as lower-case hex.
    static func random(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let raw = (0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return hex(raw)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return out
    }

    /// Whether `s` looks like a token made by `random(bytes:)`.
    static func isWellFormed(_ s: String, bytes: Int = 32) -> Bool {
        s.utf8.count == bytes * 2 && s.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Compares two strings in time that depends only on their lengths.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    /// The key a session is stored under: the SHA-256 of its token, so that the store never holds live tokens.
    static func storageKey(_ token: String) -> String {
        SHA256.hex(Array(token.utf8))
    }
}

// MARK: - application/x-www-form-urlencoded

/// A parsed form or query string. Repeated names keep the first value.
struct FormData: Sendable {
    private(set) var values: [String: String] = [:]

    init(_ values: [String: String] = [:]) { self.values = values }

    /// Parses `a=1&b=x+y`; `+` is a space, `%XX` are UTF-8 bytes. Pairs that do not decode are skipped.
    init(urlEncoded text: Substring) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { continue }
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            guard let value, values[name] == nil else { continue }
            values[name] = value
        }
    }

    static func decode(_ s: Substring) -> String? {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    subscript(_ name: String) -> String? { values[name] }

    /// The value with surrounding whitespace removed, nil when absent or blank.
    func trimmed(_ name: String) -> String? {
        guard let v = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }
}

/// Percent-encodes a query parameter value.
func queryEscape(_ s: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~/")
    return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
}

// MARK: - Image sizes

enum ImageInfo {
    /// Width and height of a PNG or baseline/progressive JPEG, read from its header.
    static func dimensions(_ data: Data) -> (width: Int, height: Int)? {
        let b = [UInt8](data.prefix(65_536))
        if b.count >= 24, b.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            let w = Int(b[16]) << 24 | Int(b[17]) << 16 | Int(b[18]) << 8 | Int(b[19])
            let h = Int(b[20]) << 24 | Int(b[21]) << 16 | Int(b[22]) << 8 | Int(b[23])
            return w > 0 && h > 0 ? (w, h) : nil
        }
        guard b.count > 4, b[0] == 0xFF, b[1] == 0xD8 else { return nil }
        var i = 2
        while i + 9 < b.count {
            guard b[i] == 0xFF else { i += 1; continue }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
            let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
                let h = Int(b[i + 5]) << 8 | Int(b[i + 6])
                let w = Int(b[i + 7]) << 8 | Int(b[i + 8])
                return w > 0 && h > 0 ? (w, h) : nil
            }
            i += 2 + length
        }
        return nil
    }
}

// MARK: - Labels

/// Short Russian / English labels for codes and field keys. Codes without a label are shown as they are.
enum Labels {
    static let reasons: [(code: String, ru: String, en: String)] = [
        ("field_review", "Проверить поля", "fields to check"),
        ("field_missing", "Нет поля", "field missing"),
        ("registry_mismatch", "Расхождение с реестром", "differs from registry"),
        ("registry_unknown", "Нет в реестре", "not in registry"),
        ("registry_status", "Статус записи", "entry status"),
        ("already_activated", "Уже активирован", "already activated"),
        ("cross_form_mismatch", "Заявление ≠ согласие", "forms disagree"),
        ("consent_missing", "Нет согласия", "consent missing"),
        ("consent_revoked", "Согласие отозвано", "consent revoked"),
        ("application_missing", "Нет заявления", "application missing"),
        ("multiple_applications", "Несколько заявлений", "several applications"),
        ("possible_duplicate", "Возможный дубль", "possible duplicate"),
        ("unknown_form", "Неизвестная форма", "unknown form"),
        ("age_outside_category", "Возраст вне категории", "age outside category"),
        ("impossible_date", "Невозможная дата", "impossible date"),
        ("signature_missing", "Нет подписи", "signature missing"),
        ("rejected", "Отклонён", "rejected"),
        ("unresolved_fields", "Не все поля проверены", "fields not yet confirmed or corrected"),
        ("signature_not_acknowledged", "Подпись не подтверждена", "missing signature not acknowledged"),
        ("second_approval", "Нужно второе одобрение", "needs a supervisor's second approval"),
    ]

    static func reason(_ code: String) -> (ru: String, en: String) {
        if let r = reasons.first(where: { $0.code == code }) { return (r.ru, r.en) }
        return (code, code)
    }

    /// Field keys in the order of the printed forms: application first, then consent-only fields.
    static let fields: [(key: String, ru: String, en: String)] = [
        ("application_number", "№ заявления", "application No."),
        ("registry_number", "Реестровый номер", "registry No."),
        ("category", "Категория", "category"),
        ("child.last_name", "Фамилия ребёнка", "child: surname"),
        ("child.first_name", "Имя ребёнка", "child: first name"),
        ("child.middle_name", "Отчество ребёнка", "child: patronymic"),
        ("child.birth_date", "Дата рождения ребёнка", "child: birth date"),
        ("child.address", "Адрес ребёнка", "child: address"),
        ("applicant.last_name", "Фамилия заявителя", "applicant: surname"),
        ("applicant.first_name", "Имя заявителя", "applicant: first name"),
        ("applicant.middle_name", "Отчество заявителя", "applicant: patronymic"),
        ("applicant.phone", "Телефон", "phone"),
        ("applicant.email", "Эл. почта", "e-mail"),
        ("applicant.address", "Адрес заявителя", "applicant: address"),
        ("applicant.passport_series", "Паспорт: серия", "passport series"),
        ("applicant.passport_number", "Паспорт: номер", "passport number"),
        ("applicant.passport_issue_date", "Паспорт: дата выдачи", "passport issued on"),
        ("applicant.passport_issued_by", "Паспорт: кем выдан", "passport issued by"),
    ]

    static func field(_ key: String) -> (ru: String, en: String) {
        if let f = fields.first(where: { $0.key == key }) { return (f.ru, f.en) }
        return (key, key)
    }

    static func fieldOrder(_ key: String) -> Int {
        fields.firstIndex { $0.key == key } ?? fields.count
    }

    /// A field rule's expectation (`FieldRules` messages) in Russian.
    static func expected(_ en: String) -> String {
        let known: [(String, String)] = [
            ("9 or 10 digits", "9 или 10 цифр"), ("1 to 6 digits", "от 1 до 6 цифр"), ("4 digits", "4 цифры"),
            ("6 digits", "6 цифр"), ("a real date as dd.mm.yyyy or yyyy-mm-dd", "настоящая дата дд.мм.гггг"),
            ("a date that is not in the future", "дата не в будущем"),
            ("Cyrillic letters, hyphens and single spaces", "кириллица, дефис и одиночные пробелы"),
            ("a Russian phone number such as +7 900 123-45-67", "российский номер, например +7 900 123-45-67"),
            ("an e-mail address in Latin letters, such as name@example.ru", "адрес почты латиницей, например name@example.ru"),
            ("text without line breaks or control characters", "текст без переносов строк и управляющих символов"),
            ("at most \(FieldRules.maxTextLength) characters", "не более \(FieldRules.maxTextLength) символов"),
            ("at most \(FieldRules.maxNameLength) characters", "не более \(FieldRules.maxNameLength) символов"),
        ]
        return known.first { $0.0 == en }?.1 ?? en
    }

    static func state(_ raw: String) -> (ru: String, en: String) {
        switch raw {
        case "registered": return ("Зарегистрирован", "registered")
        case "review": return ("На проверке", "in review")
        case "rejected": return ("Отклонён", "rejected")
        default: return (raw, raw)
        }
    }

    static func status(_ raw: String) -> (ru: String, en: String) {
        switch raw {
        case "ok": return ("верно", "ok")
        case "review": return ("проверить", "review")
        case "missing": return ("нет", "missing")
        default: return (raw, raw)
        }
    }

    static func form(_ raw: String) -> String {
        switch raw {
        case "application": return "Заявление / application"
        case "consent": return "Согласие / consent"
        default: return "Не распознана / unknown"
        }
    }

    static let actions: [String: String] = [
        "packet_created": "пакет создан / packet created",
        "documents_attached": "добавлены документы / documents attached",
        "queued_for_review": "на проверку / queued for review",
        "review_updated": "причины обновлены / review updated",
        "activated": "активирован / activated",
        "field_corrected": "поле исправлено / field corrected",
        "field_confirmed": "поле подтверждено / field confirmed",
        "approval_requested": "запрошено второе одобрение / second approval requested",
        "page_reclassified": "страница переклассифицирована / page reclassified",
        "pages_moved": "страницы перенесены / pages moved",
        "packet_split": "пакет разделён / packet split",
        "approved": "одобрен / approved",
        "rejected": "отклонён / rejected",
        "consent_revoked": "согласие отозвано / consent revoked",
        "registry_imported": "реестр загружен / registry imported",
    ]
}

// MARK: - Dates

enum Display {
    /// `yyyy-mm-dd` as `dd.mm.yyyy`; anything else unchanged.
    static func date(_ iso: String) -> String {
        let p = iso.split(separator: "-")
        guard p.count == 3, p[0].count == 4, p[1].count == 2, p[2].count == 2, iso.count == 10 else { return iso }
        return "\(p[2]).\(p[1]).\(p[0])"
    }

    static func timestamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone.current
        f.dateFormat = "dd.MM.yyyy HH:mm"
        return f.string(from: date)
    }
}
