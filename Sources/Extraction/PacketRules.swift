import IntakeModel

/// The registration rules of a packet as pure functions over its fields and its registry entry:
/// which doubts hold back activation and which evidence lifts them. `RegistryStore` feeds them
/// from its tables and keeps only the SQL; tests feed them recorded values.
public enum PacketRules {
    /// The child as the registry entry holds it: an independent record, never written onto the paper.
    public struct RegistryChild: Sendable, Equatable {
        public var lastName: String?
        public var firstName: String?
        public var middleName: String?
        /// ISO date.
        public var birthDate: String?
        /// The entry's certificate group as one of the configured categories (nil: none or not configured).
        public var category: String?

        public init(lastName: String?, firstName: String?, middleName: String?, birthDate: String?, category: String? = nil) {
            self.lastName = lastName; self.firstName = firstName; self.middleName = middleName; self.birthDate = birthDate
            self.category = category
        }
    }

    /// One stored field as the rules see it.
    public struct Field: Sendable, Equatable {
        public var key: String
        public var value: String?
        public var status: FieldStatus
        public var doubt: Doubt?

        public init(key: String, value: String?, status: FieldStatus, doubt: Doubt?) {
            self.key = key; self.value = value; self.status = status; self.doubt = doubt
        }
    }

    static let childKeys = ["child.last_name", "child.first_name", "child.middle_name", "child.birth_date"]

    /// Keys the registry entry verifies: each child field whose reading on the application equals the
    /// entry exactly (same letters, ё included: a misreading that lands on the registry's spelling is
    /// not plausible); and the registry number itself when the entry's child agrees on surname, first
    /// name and birth date (a misread number would name another child or no entry at all).
    /// `application` holds the application's values by key.
    public static func verifiedByRegistry(application: [String: String], entry: RegistryChild?) -> Set<String> {
        guard let entry else { return [] }
        func same(_ reading: String?, _ registry: String?) -> Bool {
            let r = (registry ?? "").trimmingCharacters(in: .whitespaces)
            return (reading ?? "") == r
        }
        let expected: [String: String?] = ["child.last_name": entry.lastName, "child.first_name": entry.firstName,
                                           "child.middle_name": entry.middleName, "child.birth_date": entry.birthDate]
        var out = Set<String>()
        for key in childKeys {
            guard let registry = expected[key] else { continue }
            let reading = application[key]
            // An absent patronymic agrees with an entry without one; any other field must be read.
            if reading == nil && key != "child.middle_name" { continue }
            if same(reading, registry) { out.insert(key) }
        }
        if ["child.last_name", "child.first_name", "child.birth_date"].allSatisfy(out.contains) {
            out.insert("registry_number")
        }
        // The group the applicant picked on the portal: a category matched only approximately on paper
        // that is exactly the entry's group is verified by it.
        if let group = entry.category, let paper = application["category"], same(paper, group) {
            out.insert("category")
        }
        // The applicant is not in the registry, but a parent mostly shares the child's surname: an
        // applicant's surname that is the verified child's surname (or its other gender's form:
        // Гусейнов, Гусейнова) is not a misreading either.
        if out.contains("child.last_name"), let child = entry.lastName, let applicant = application["applicant.last_name"],
           sameFamilyName(applicant, child.trimmingCharacters(in: .whitespaces)) {
            out.insert("applicant.last_name")
        }
        // A child of 14 or older may apply in their own name: an applicant whose surname, first name
        // and patronymic (or none) read letter for letter as the verified child's is the child, and the
        // entry verifies those readings as well (seed 2507: two self-applicants with given names outside
        // the lexicon, "Ульвия", "Исломбек", held back on the applicant's line only).
        let parts = ["last_name", "first_name", "middle_name"]
        if parts.allSatisfy({ out.contains("child." + $0) }),
           parts.allSatisfy({ application["applicant." + $0] == application["child." + $0] }),
           application["applicant.first_name"] != nil {
            for part in parts { out.insert("applicant." + part) }
        }
        return out
    }

    /// Name keys on which the forms disagree only because one print was misread, as the registry entry shows.
    /// - The consent's print misread: the application's reading is the entry's exactly (`verifiedByRegistry`,
    ///   which also verified the registry number: the entry's child agrees on surname, first name and birth
    ///   date), and each consent's reading is one or two letters from it. Seed 2729 p002, a scan, first
    ///   contact: the child's surname "Шевченко" on the application, as the entry spells it, "Гевченко" on the
    ///   consent. The applicant's names count where the entry verifies them (the child's surname, or the child
    ///   applying in their own name).
    /// - The application's print misread: every consent reads a child's name as the entry holds it, the
    ///   application's reading is one or two letters from it, and with the consent's reading the application's
    ///   child is the entry's exactly. Seed 2729 p001, a scan, first contact: "митриевич" on the application,
    ///   "Дмитриевич" on the consent and in the entry.
    /// Two prints of one value, one of them read letter for letter as an independent record holds it: a
    /// misreading landing on the registry's spelling is not plausible, so the other print is the misread one.
    /// Its reading is not taken for right: it stays in doubt and is listed as unverified, which does not hold
    /// activation back. Readings shorter than four letters, further apart (another child's name), or a consent
    /// whose application number differs from the application's settle nothing: the forms may not belong together.
    public static func crossFormSettledByRegistry(application: [String: String], consents: [[String: String]],
                                                  entry: RegistryChild?) -> Set<String> {
        guard let entry, !consents.isEmpty else { return [] }
        func norm(_ v: String?) -> String? {
            v.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func near(_ a: String, _ b: String) -> Bool { a != b && a.count >= 4 && b.count >= 4 && Fuzzy.distance(a, b) <= 2 }
        let number = application["application_number"].map { String($0.filter(isDigit)) }
        guard number != nil, consents.allSatisfy({ c in c["application_number"].map { String($0.filter(isDigit)) } == number }) else { return [] }
        let verified = verifiedByRegistry(application: application, entry: entry)
        var out = Set<String>()
        if verified.contains("registry_number") {
            let keys = childKeys.filter { $0 != "child.birth_date" } + ["applicant.last_name", "applicant.first_name", "applicant.middle_name"]
            for key in keys where verified.contains(key) {
                guard let a = norm(application[key]) else { continue }
                let readings = consents.map { norm($0[key]) }
                guard readings.contains(where: { $0 != nil && $0 != a }),
                      readings.allSatisfy({ r in r.map { $0 == a || near($0, a) } ?? true }) else { continue }
                out.insert(key)
            }
        }
        for key in childKeys where key != "child.birth_date" && !verified.contains(key) {
            guard let a = norm(application[key]), let shown = consents[0][key], let c = norm(shown), near(a, c),
                  consents.allSatisfy({ norm($0[key]) == c }) else { continue }
            var mended = application
            mended[key] = shown
            let v = verifiedByRegistry(application: mended, entry: entry)
            if v.contains(key), v.contains("registry_number") { out.insert(key) }
        }
        return out
    }

    /// The registry number's other readings on the paper, to look the entry up by when the first
    /// reading names none: the field re-read, the other model's reading, a third reading's variant.
    /// Digits only, 9 or 10 of them, the first reading and repeats left out. A reading with 11 digits
    /// (the first one included) gives its last ten (a "№" forced into a digit by a digits-only reading:
    /// "24201112723") and then each of its readings with one digit left out (seed 1901: "42023359754"
    /// for "4202339734", a stroke read as a digit of its own), and one with 10 digits that do not open with the
    /// region's code 42 while its last nine do, also those nine (a nine-digit number after a "№" read as a
    /// digit): every digit tried comes from the paper.
    public static func otherRegistryReadings(first: String?, readings: [String]) -> [String] {
        let firstDigits = first.map { String($0.filter(Self.isDigit)) }
        var plain: [String] = [], dropped: [String] = []
        for reading in (first.map { [$0] } ?? []) + readings {
            let digits = String(reading.filter(Self.isDigit))
            // Only readings of digits: a reading with letters is another text, not another number.
            guard !digits.isEmpty, reading.allSatisfy({ Self.isDigit($0) || $0 == " " || $0 == "№" }) else { continue }
            if digits.count == 11 {
                let chars = Array(digits)
                dropped.append(String(chars.dropFirst()))
                dropped += chars.indices.dropFirst().map { i in String(chars[..<i] + chars[(i + 1)...]) }
            } else {
                plain.append(digits)
                // Ten digits may be a nine-digit number after a "№" read as a digit (s2725 p005, a scan, first
                // contact: "2420126122" for 420126122 on the page, the packet held for an unknown number).
                // The region's numbers open with its code 42: only ten digits that do not, and whose last nine do.
                if digits.count == 10, !digits.hasPrefix("42"), digits.dropFirst().hasPrefix("42") { dropped.append(String(digits.dropFirst())) }
            }
        }
        var out: [String] = []
        for candidate in plain + dropped where (9...10).contains(candidate.count) && candidate != firstDigits && !out.contains(candidate) {
            out.append(candidate)
        }
        return out
    }

    static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }

    /// Which of the paper's other readings of the registry number names the packet's entry: the one
    /// reading whose entry holds the paper's child exactly (surname, first name, patronymic or none
    /// on both, birth date, letter for letter as `verifiedByRegistry` compares them). Nil when no
    /// reading does, or when more than one does (a person chooses then). The registry only chooses
    /// among readings of the paper; it never supplies a digit the paper was not read with.
    /// `candidates`: the readings that name an entry, with the entry's child.
    public static func registryReading(application: [String: String], candidates: [(number: String, child: RegistryChild)]) -> String? {
        let agreeing = candidates.filter { Set(childKeys).isSubset(of: verifiedByRegistry(application: application, entry: $0.child)) }
        return agreeing.count == 1 ? agreeing[0].number : nil
    }

    /// The same surname, or its male and female forms (Иванов/Иванова, Савицкий/Савицкая).
    public static func sameFamilyName(_ a: String, _ b: String) -> Bool {
        a == b || NameLexicon.maleForm(a) == NameLexicon.maleForm(b)
    }

    /// Whether a doubt on `field` still stands once `verified` keys are known.
    static func stillDoubtful(_ field: Field, verified: Set<String>) -> Bool {
        guard field.status == .review else { return false }
        if verified.contains(field.key), field.doubt?.liftedByRegistry ?? false { return false }
        return true
    }

    /// Critical keys still in doubt: activation waits for a person.
    public static func blockingKeys(_ fields: [Field], verified: Set<String>, roles: [String: FieldRole] = FieldRoles.all) -> [String] {
        unique(fields.filter { (roles[$0.key]?.critical ?? true) && stillDoubtful($0, verified: verified) }.map(\.key))
    }

    /// Non-critical keys in doubt: they do not hold back activation and stay marked unverified.
    public static func unverifiedKeys(_ fields: [Field], verified: Set<String>, roles: [String: FieldRole] = FieldRoles.all) -> [String] {
        unique(fields.filter { !(roles[$0.key]?.critical ?? true) && stillDoubtful($0, verified: verified) }.map(\.key))
    }

    public static func unique(_ keys: [String]) -> [String] {
        var out: [String] = []
        for k in keys where !out.contains(k) { out.append(k) }
        return out
    }
}
