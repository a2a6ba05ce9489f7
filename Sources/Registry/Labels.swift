import Foundation

// Russian and English labels for reason codes, field keys, states and audit actions, shared by the review
// web app and the command line; dates as a Russian reader writes them.

// MARK: - Labels

/// Short Russian / English labels for codes and field keys. Codes without a label are shown as they are.
public enum Labels {
    public static let reasons: [(code: String, ru: String, en: String)] = [
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
        ("unverified_fields", "Не проверены (не задерживают)", "unverified (does not hold back)"),
        ("registry_number_reading", "Номер выбран по записи реестра", "registry No. chosen among readings"),
        ("rejected", "Отклонён", "rejected"),
        ("unresolved_fields", "Не все поля проверены", "fields not yet confirmed or corrected"),
        ("signature_not_acknowledged", "Подпись не подтверждена", "missing signature not acknowledged"),
        ("second_approval", "Нужно второе одобрение", "needs a supervisor's second approval"),
    ]

    /// Why the machine doubted a field (the `Doubt` codes), in Russian.
    public static let doubts: [String: String] = [
        "format": "не тот формат", "future_date": "дата в будущем", "age_outside_category": "возраст вне категории",
        "self_application_under_14": "сам за себя младше 14 лет", "issue_date_impossible": "невозможная дата выдачи",
        "patronymic_ending": "необычное окончание отчества", "surname_like_given_name": "фамилия похожа на имя",
        "given_name_like_patronymic": "имя похоже на отчество",
        "unusual_surname": "необычная фамилия", "may_have_lost_yo": "возможно, «ё» прочитана как «е»",
        "yo_on_one_form": "«ё» только на одной форме", "look_alike_repaired": "исправлены похожие буквы",
        "ambiguous_email_characters": "в почте похожие знаки (l/1, o/0)",
        "email_gap": "в имени почты просвет: возможно, пропал знак (_ . -)",
        "email_mark_repaired": "в почте не прочитан знак @ или точка домена: восстановлен по правилу, проверьте",
        "email_edge_mark": "у края имени почты прочитан лишний знак (_ - . или штрих, буква, которых нет в именах)", "punctuation": "знаки препинания прочитаны неуверенно",
        "address_part": "часть адреса под сомнением", "office_vocabulary": "незнакомые слова в «кем выдан»", "series_region": "серия паспорта не с кодом региона органа выдачи",
        "not_a_passport_office": "не похоже на орган выдачи", "category_not_configured": "категория не из списка",
        "date_separators_lost": "потеряны точки в дате",
        "date_digit_lost": "в дне или месяце прочитана одна цифра: цифра могла пропасть",
        "close_digit_alternative": "цифра могла быть прочитана иначе", "extraction": "значение вырезано неуверенно",
        "cross_form_mismatch": "заявление и согласие расходятся", "unexpected_kind": "значение не того вида",
        "low_confidence": "низкая уверенность распознавания", "single_reading": "одно прочтение без подтверждения",
        "readings_differ": "прочтения расходятся", "email_readings_differ": "прочтения почты расходятся",
        "unfamiliar_mail_domain": "незнакомый почтовый домен", "category_approximate": "категория угадана приблизительно",
        "not_in_name_lexicon": "нет в словаре имён",
        "other_model_differs": "другая модель читает цифры иначе", "near_known_name": "похоже на известное имя с заменой букв",
        "letter_printed_as_two": "буква напечатана шириной в две (две буквы прочитаны как одна?)",
        "letter_printed_otherwise": "буква «е» или «с» напечатана как другая из двух (перепутаны при чтении?)",
        "email_mark_misread": "в адресе почты напечатан другой знак (точка, дефис или подчёркивание прочитаны иначе?)",
        "form_word_as_name": "слово из текста бланка, а не фамилия",
        "capital_restored": "заглавная буква прочитана строчной (исправлено)",
        "number_may_be_cut": "за номером ещё цифры: номер мог быть разорван",
        "digit_grouping": "группа из одной цифры: цифра могла быть разорвана",
        "may_have_lost_breve": "и вместо й (слово на «ыи» или известное только с й): потеряна кратка (исправлено)",
        "print_unseen": "часть значения попала в полосу, которую сканер не увидел",
        "surname_may_be_cut": "имя после фамилии не прочитано: фамилия могла быть обрезана",
        "found_by_place": "подпись поля не прочитана: значение найдено по месту в разделе, проверьте поле",
    ]

    public static func reason(_ code: String) -> (ru: String, en: String) {
        if let r = reasons.first(where: { $0.code == code }) { return (r.ru, r.en) }
        return (code, code)
    }

    /// Field keys in the order of the printed forms: application first, then consent-only fields.
    public static let fields: [(key: String, ru: String, en: String)] = [
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

    public static func field(_ key: String) -> (ru: String, en: String) {
        if let f = fields.first(where: { $0.key == key }) { return (f.ru, f.en) }
        return (key, key)
    }

    public static func fieldOrder(_ key: String) -> Int {
        fields.firstIndex { $0.key == key } ?? fields.count
    }

    /// A field rule's expectation (`FieldRules` messages) in Russian.
    public static func expected(_ en: String) -> String {
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

    public static func state(_ raw: String) -> (ru: String, en: String) {
        switch raw {
        case "registered": return ("Зарегистрирован", "registered")
        case "review": return ("На проверке", "in review")
        case "rejected": return ("Отклонён", "rejected")
        default: return (raw, raw)
        }
    }

    public static func status(_ raw: String) -> (ru: String, en: String) {
        switch raw {
        case "ok": return ("верно", "ok")
        case "review": return ("проверить", "review")
        case "missing": return ("нет", "missing")
        case "confirmed": return ("подтверждено", "confirmed")
        case "corrected": return ("исправлено", "corrected")
        default: return (raw, raw)
        }
    }

    public static func form(_ raw: String) -> String {
        switch raw {
        case "application": return "Заявление / application"
        case "consent": return "Согласие / consent"
        default: return "Не распознана / unknown"
        }
    }

    public static let actions: [String: String] = [
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

public enum Display {
    /// `yyyy-mm-dd` as `dd.mm.yyyy`; anything else unchanged.
    public static func date(_ iso: String) -> String {
        let p = iso.split(separator: "-")
        guard p.count == 3, p[0].count == 4, p[1].count == 2, p[2].count == 2, iso.count == 10 else { return iso }
        return "\(p[2]).\(p[1]).\(p[0])"
    }

    public static func timestamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone.current
        f.dateFormat = "dd.MM.yyyy HH:mm"
        return f.string(from: date)
    }
}
