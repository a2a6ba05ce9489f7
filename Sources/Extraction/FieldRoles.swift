import IntakeModel

/// The role of one output field in a packet, declared in the template schema
/// (`"kind"`, `"required"`, `"shared"`, `"critical"` on each field; defaults below).
public struct FieldRole: Sendable, Equatable {
    public var key: String
    public var kind: FieldKind
    /// The form is incomplete without it.
    public var required: Bool
    /// Printed on both the application and the consent (the two readings are checked against each other).
    public var shared: Bool
    /// Activation waits until it is verified. A doubt on a field that is not critical (phone, e-mail,
    /// passport details, addresses) does not hold the packet back: the field stays unverified.
    public var critical: Bool
}

public enum FieldRoles {
    /// Critical by default: what identifies the certificate, the child and the applicant.
    public static let defaultCritical: Set<String> = [
        "registry_number", "application_number", "category", "child.last_name", "child.first_name",
        "child.middle_name", "child.birth_date", "applicant.last_name", "applicant.first_name", "applicant.middle_name",
    ]
    public static let defaultRequired: Set<String> = [
        "registry_number", "application_number", "child.last_name", "child.first_name", "child.birth_date",
    ]

    /// Every output key of the built-in templates with its role (the first template declaring a key wins
    /// for kind and flags; a key declared on both forms is shared).
    public static let all: [String: FieldRole] = roles(Templates.builtIn)

    public static func roles(_ templates: [FormTemplate]) -> [String: FieldRole] {
        var out: [String: FieldRole] = [:]
        var forms: [String: Set<FormKind>] = [:]
        for t in templates {
            for spec in t.fields {
                for key in spec.outputKeys {
                    forms[key, default: []].insert(t.form)
                    guard out[key] == nil else { continue }
                    out[key] = FieldRole(key: key, kind: outputKind(spec, key),
                                         required: spec.required ?? defaultRequired.contains(key),
                                         shared: spec.shared ?? false,
                                         critical: spec.critical ?? defaultCritical.contains(key))
                }
            }
        }
        for (key, f) in forms where f.count > 1 { out[key]?.shared = true }
        return out
    }

    public static func role(_ key: String) -> FieldRole? { all[key] }

    /// Whether a doubt on this key holds back activation (unknown keys do, to be safe).
    public static func isCritical(_ key: String) -> Bool { all[key]?.critical ?? true }

    /// Keys read on both forms of a packet.
    public static var sharedKeys: [String] { all.values.filter(\.shared).map(\.key).sorted() }

    static func outputKind(_ spec: FieldSpec, _ key: String) -> FieldKind {
        switch spec.kind {
        case .fullName: return .name
        case .passport: return key.hasSuffix("series") ? .passportSeries : .passportNumber
        default: return spec.kind
        }
    }
}
