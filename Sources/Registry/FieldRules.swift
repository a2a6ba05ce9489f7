import Extraction
import Foundation

/// The rules a reviewer's value must follow, by field key: the same formats the extraction produces, so that a
/// person cannot store what the machine would have refused (a 60,000-character name, a date in the future,
/// a phone with letters). Messages name the expected form, never the typed value.
public enum FieldRules {
    /// The longest free-text value accepted (addresses, issuing offices).
    public static let maxTextLength = 300
    /// The longest name part accepted.
    public static let maxNameLength = 60

    /// The kind of a field key, for checking and comparing values.
    public enum Kind: String, Sendable {
        case registryNumber, applicationNumber, name, date, phone, email, passportSeries, passportNumber, text
    }

    public static func kind(of key: String) -> Kind {
        switch key {
        case "registry_number": return .registryNumber
        case "application_number": return .applicationNumber
        case "applicant.phone": return .phone
        case "applicant.email": return .email
        case "applicant.passport_series": return .passportSeries
        case "applicant.passport_number": return .passportNumber
        default:
            if key.hasSuffix("date") { return .date }
            if key.hasSuffix(".last_name") || key.hasSuffix(".first_name") || key.hasSuffix(".middle_name") { return .name }
            return .text
        }
    }

    /// Keys whose correction needs a second person (four eyes) by default: names, dates and numbers.
    public static func isCriticalByDefault(_ key: String) -> Bool {
        switch kind(of: key) {
        case .registryNumber, .applicationNumber, .name, .date, .passportSeries, .passportNumber: return true
        case .phone, .email, .text: return false
        }
    }

    /// Keys whose value decides the activation (a doubt on another field does not hold it back): the numbers,
    /// the category, the child's full name and birth date, and the applicant's full name.
    /// Declared in the template schema (`FieldRoles`), read here so that every stage uses one list.
    public static func isCriticalForActivation(_ key: String) -> Bool { FieldRoles.isCritical(key) }

    /// The value to store for what a reviewer typed, or `RegistryError.invalidValue` naming the expected form.
    /// Blank means "no value" (an absent patronymic) and gives nil.
    /// - Parameter today: dates after it are refused (ISO `yyyy-mm-dd`).
    public static func normalized(key: String, value: String?, today: String) throws -> String? {
        if let value, value.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) && $0 != "\t" }) {
            throw RegistryError.invalidValue(key: key, expected: "text without line breaks or control characters")
        }
        guard let text = Normalize.text(value) else { return nil }
        func fail(_ expected: String) -> RegistryError { .invalidValue(key: key, expected: expected) }
        func digitsOnly(_ allowed: ClosedRange<Int>, _ expected: String) throws -> String {
            let compact = text.filter { !$0.isWhitespace }
            guard let d = Normalize.digits(compact), d.count == compact.count, allowed.contains(d.count) else {
                throw fail(expected)
            }
            return d
        }
        switch kind(of: key) {
        case .registryNumber:
            return try digitsOnly(9...10, "9 or 10 digits")
        case .applicationNumber:
            return try digitsOnly(1...6, "1 to 6 digits")
        case .passportSeries:
            return try digitsOnly(4...4, "4 digits")
        case .passportNumber:
            return try digitsOnly(6...6, "6 digits")
        case .date:
            guard let iso = Normalize.isoDate(text) else { throw fail("a real date as dd.mm.yyyy or yyyy-mm-dd") }
            guard iso <= today else { throw fail("a date that is not in the future") }
            return iso
        case .name:
            guard text.count <= maxNameLength else { throw fail("at most \(maxNameLength) characters") }
            let allowed = CharacterSet(charactersIn: "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ- ʼ'")
            guard text.unicodeScalars.allSatisfy(allowed.contains), text.contains(where: \.isLetter),
                  !text.hasPrefix("-"), !text.hasSuffix("-") else {
                throw fail("Cyrillic letters, hyphens and single spaces")
            }
            return text
        case .phone:
            guard let d = Normalize.digits(text), text.allSatisfy({ $0.isNumber || " +-()".contains($0) }) else {
                throw fail("a Russian phone number such as +7 900 123-45-67")
            }
            if d.count == 11, d.first == "7" || d.first == "8" { return "+7" + d.dropFirst() }
            if d.count == 10, d.first == "9" { return "+7" + d }
            throw fail("a Russian phone number such as +7 900 123-45-67")
        case .email:
            let lower = text.lowercased()
            let parts = lower.split(separator: "@", omittingEmptySubsequences: false)
            let ok = lower.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
                && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
                && lower.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "@._+-".unicodeScalars.contains($0)) }
            guard ok else { throw fail("an e-mail address in Latin letters, such as name@example.ru") }
            return lower
        case .text:
            guard text.count <= maxTextLength else { throw fail("at most \(maxTextLength) characters") }
            return text
        }
    }

    /// Whether a typed value means the same as a stored one (dates in either notation, names regardless of
    /// case, digits regardless of spacing): then the reviewer confirmed, not corrected.
    public static func same(key: String, typed: String?, stored: String?) -> Bool {
        switch kind(of: key) {
        case .date:
            return Normalize.isoDate(typed) == Normalize.isoDate(stored) && (Normalize.isoDate(typed) != nil || (Normalize.text(typed) == Normalize.text(stored)))
        case .registryNumber, .applicationNumber, .passportSeries, .passportNumber:
            return Normalize.digits(typed) == Normalize.digits(stored)
        case .email:
            return Normalize.text(typed)?.lowercased() == Normalize.text(stored)?.lowercased()
        default:
            return Normalize.text(typed) == Normalize.text(stored)
        }
    }
}
