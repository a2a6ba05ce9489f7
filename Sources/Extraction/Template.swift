import Foundation
import IntakeModel

/// One field of a form template: where its value starts (anchors: labels, captions) and its kind.
public struct FieldSpec: Decodable, Sendable {
    public var key: String
    public var kind: FieldKind
    public var anchors: [String]
    /// Output keys for kinds that produce several fields (full names, passport series + number).
    public var targets: [String]?
    /// Search for this field only after this phrase (a section header).
    public var after: String?
    /// The value is preceded by a date that belongs to another field (issuing office after "выдан <date>").
    public var skipDate: Bool?
    /// Roles (see `FieldRoles`; nil = the default for the key): the form is incomplete without it,
    /// it is printed on both forms, activation waits until it is verified.
    public var required: Bool?
    public var shared: Bool?
    public var critical: Bool?

    enum CodingKeys: String, CodingKey { case key, kind, anchors, targets, after, required, shared, critical, skipDate = "skip_date" }

    public var outputKeys: [String] { targets ?? [key] }
}

/// A section of a form: its heading (in the wordings of the revisions) and the keys of its fields
/// in the order they are printed.
public struct FormSection: Decodable, Sendable {
    public var headings: [String]
    public var fields: [String]
}

/// A printed form as data: keywords that identify it, phrases that end values, its fields.
/// A new portal revision is a new template file, not new code.
public struct FormTemplate: Decodable, Sendable {
    public var form: FormKind
    public var revision: String
    public var keywords: [String]
    public var selfApplication: [String]?
    public var signatureAnchor: [String]?
    public var stops: [String]
    public var fields: [FieldSpec]
    public var categories: [String]?
    /// Openings of the form's legal paragraphs: text that holds no field and no phrase extraction
    /// needs past its first and last lines, so the lines between need not be recognised.
    public var boilerplate: [String]?
    /// The form's sections: a heading, then the values of its fields in this order, each on its own
    /// line. A value whose label or caption did not read is looked for by its place there.
    public var sections: [FormSection]?

    enum CodingKeys: String, CodingKey {
        case form, revision, keywords, stops, fields, categories, boilerplate, sections
        case selfApplication = "self_application", signatureAnchor = "signature_anchor"
    }

    /// Every output key of this form, in template order.
    public var outputKeys: [String] { fields.flatMap(\.outputKeys) }
}

public enum TemplateError: Error, CustomStringConvertible {
    case unreadable(String, String)
    public var description: String {
        switch self {
        case let .unreadable(name, detail): return "template \(name) cannot be read: \(detail)"
        }
    }
}

public enum Templates {
    /// The templates shipped with the program.
    public static let builtIn: [FormTemplate] = {
        let names = ["application", "consent"]
        return names.compactMap { name in
            guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Templates")
                    ?? Bundle.module.url(forResource: name, withExtension: "json") else { return nil }
            return try? load(url)
        }
    }()

    public static func load(_ url: URL) throws -> FormTemplate {
        do {
            return try JSONDecoder().decode(FormTemplate.self, from: Data(contentsOf: url))
        } catch {
            throw TemplateError.unreadable(url.lastPathComponent, "\(error)")
        }
    }

    public static func template(for form: FormKind) -> FormTemplate? { builtIn.first { $0.form == form } }
}
