/// The kind of a page.
public enum FormKind: String, Sendable, Codable, CaseIterable {
    case application, consent, unknown
}

/// Whether a field value can be taken without a human looking at it.
public enum FieldStatus: String, Sendable, Codable, CaseIterable {
    /// Auto-accepted: independent evidence agrees with the reading.
    case ok
    /// A human must look; `reason` says why.
    case review
    /// Not found on the page (or absent on paper, like a patronymic "при наличии").
    case missing
}

/// One extracted field with its provenance.
public struct FieldResult: Hashable, Sendable, Codable {
    public var value: String?
    public var status: FieldStatus
    public var confidence: Double
    public var box: Box?
    public var raw: String?
    public var reason: String?
    /// The reason as a code: what the rules that lift or keep a doubt decide on.
    public var doubt: Doubt?
    /// Which rule produced the value (locator and normaliser), for `--explain` and the audit trail.
    public var rule: String?
    /// Every reading considered, for `--explain`.
    public var readings: [String]?
    /// Another model's reading of a number or date (`eng`, digits only, twice the scale), when it
    /// gave a well-formed value: what the other form of the packet weighs against its own doubt.
    public var otherModel: String?
    /// The field re-read's value (`eng`, digits only, on the binarised zone) for numbers and dates: with
    /// `otherModel`, what the other form weighs as this print's reading by the other model.
    public var reread: String?
    /// Another value of the same length that two readings of this print other than the page's
    /// agree on (`DigitEvidence.agreedAlternative`): the other form's agreement does not lift a doubt then.
    public var agreedAlternative: String?
    /// The third model's reading of a number (`ukr`, digits only, on the grey zone), when it read
    /// anything: with `reread`, what the other form weighs as this print's readings by other models.
    public var thirdModel: String?

    public init(value: String?, status: FieldStatus, confidence: Double = 0, box: Box? = nil,
                raw: String? = nil, reason: String? = nil, rule: String? = nil, readings: [String]? = nil,
                doubt: Doubt? = nil) {
        self.value = value; self.status = status; self.confidence = confidence; self.box = box
        self.raw = raw; self.reason = reason; self.rule = rule; self.readings = readings; self.doubt = doubt
    }

    public static func missing(_ reason: String? = nil) -> FieldResult {
        FieldResult(value: nil, status: .missing, reason: reason)
    }
}

/// Something about a page or packet worth telling: cross-form disagreement, impossible date, ...
public struct Issue: Hashable, Sendable, Codable {
    public var code: String
    public var field: String?
    /// Never carries personal data: it names fields and rules, not values.
    public var message: String

    public init(code: String, field: String? = nil, message: String) {
        self.code = code; self.field = field; self.message = message
    }

    enum CodingKeys: String, CodingKey { case code, field, message }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(field, forKey: .field) // explicit null, as in the contract
        try c.encode(message, forKey: .message)
    }
}

/// The extraction result of one page: the `pfdo-intake extract --json` contract.
public struct PageResult: Hashable, Sendable, Codable {
    public var source: String
    public var page: Int
    public var form: FormKind
    public var fields: [String: FieldResult]
    public var issues: [Issue]
    public var engine: EngineInfo
    /// Whether a signature mark was found in its place (nil when not checked).
    public var signed: Bool?
    /// An application filed by a child of 14+ for himself ("Прошу зарегистрировать меня"): no consent needed.
    public var selfApplication: Bool?
    /// How the page was read (path, regions recognised): for `--explain`, not part of the contract.
    public var reading: ReadingReport?

    public init(source: String, page: Int, form: FormKind, fields: [String: FieldResult] = [:],
                issues: [Issue] = [], engine: EngineInfo, signed: Bool? = nil, selfApplication: Bool? = nil) {
        self.source = source; self.page = page; self.form = form; self.fields = fields
        self.issues = issues; self.engine = engine; self.signed = signed; self.selfApplication = selfApplication
    }

    enum CodingKeys: String, CodingKey {
        case source, page, form, fields, issues, engine, signed
        case selfApplication = "self_application"
    }

    /// The value of a field, nil when missing.
    public func value(_ key: String) -> String? { fields[key]?.value }
}
