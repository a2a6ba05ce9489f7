import Foundation
import IntakeModel

public struct ValidationContext: Sendable {
    public var today: SimpleDate
    /// The date printed on the signature line, when read.
    public var signingDate: SimpleDate?
    public var selfApplication: Bool
    public var categories: [String]
    /// Mean word confidence of the page: a weak page loses small marks such as the dots of ё.
    public var pageConfidence: Double = 1

    /// Below this the page counts as weak (clean and ordinary scans read at 0.93-0.96 here).
    public static let weakPage = 0.92
    /// Mean confidence under which the ё check is not made even where the page's breves survive:
    /// a blurred or faint page (poor scans read at 0.6-0.85).
    public static let marksPage = 0.88
    public var isWeakPage: Bool { pageConfidence < Self.weakPage }
}

/// Decides each field's status from independent evidence, not from confidence alone:
/// format rules, two readings of the same zone, plausibility, and (in `CrossForm`) the same
/// value on both forms.
public enum Validator {
    /// "-вич", "-вна", and the older "-ич" / "-ична" ("Ильич", "Кузьминична"); the name list decides after that.
    static let patronymicEndings = ["ИЧ", "ВНА", "ИЧНА", "ОГЛЫ", "КЫЗЫ"]

    public static func decide(key: String, candidate: Candidate?, context: ValidationContext) -> FieldResult {
        if var c = candidate, c.placeOnly {
            // Decided as read; an accepted value stays in doubt as to which field it is.
            c.placeOnly = false
            var r = decide(key: key, candidate: c, context: context)
            if r.status == .ok {
                r.status = .review
                r.doubt = .foundByPlace
                r.reason = "found by its place under the section's heading (its label did not read): check that it is this field"
            }
            return r
        }
        guard let c = candidate else { return .missing("not found on the page") }
        var result = FieldResult(value: c.value, status: .review, confidence: round3(c.confidence), box: c.box,
                                 raw: c.raw, reason: nil, rule: c.rule,
                                 readings: c.rereads.isEmpty ? nil : c.rereads)
        result.reread = c.rereads.first
        result.thirdModel = c.thirdModel.flatMap { $0.isEmpty ? nil : $0 }
        result.agreedAlternative = DigitEvidence.agreedAlternative(c) ?? c.numberAlternative
        guard let value = c.value else {
            if c.kind == .name, c.wellFormed, key.hasSuffix("middle_name") {
                // "при наличии": no patronymic printed after a complete surname and first name.
                result.status = .missing
                result.reason = "no patronymic printed"
                result.raw = nil
                return result
            }
            result.status = .missing
            result.reason = "label found but no value could be read"
            return result
        }
        func review(_ code: Doubt, _ why: String) -> FieldResult { var r = result; r.status = .review; r.reason = why; r.doubt = code; return r }
        func ok() -> FieldResult { var r = result; r.status = .ok; r.reason = nil; r.doubt = nil; return r }
        /// The value with й restored where the reading ended a word in "ыи" or read a word the
        /// dictionary knows only with й, in doubt, the reading kept.
        func breveLost(_ restored: String) -> FieldResult {
            var r = review(.mayHaveLostBreve, "a word reads with и where Russian spells й (ending «ыи», or a word known only with й): the breve lost (repaired)")
            r.readings = [value] + (r.readings ?? [])
            r.value = restored
            return r
        }

        /// `r` with its value taken from another reading: a date that is impossible or outside the
        /// category's ages goes to a person with that problem as its doubt.
        func checkingDate(_ r: FieldResult) -> FieldResult {
            guard c.kind == .date, let v = r.value, let d = SimpleDate(iso: v), let why = dateProblem(key: key, date: d, context: context) else { return r }
            var r = r
            r.status = .review; r.reason = why; r.doubt = dateDoubt(why)
            return r
        }
        /// The other model's re-read shown as the value, in doubt, the page's reading kept among the readings.
        func fromReread(_ other: String, _ why: String, rule: String) -> FieldResult {
            var r = review(.readingsDiffer, why)
            r.value = other
            r.readings = [value]
            r.rule = (r.rule ?? "") + "; value from the re-read (\(rule))"
            return DigitEvidence.otherModel(c, result: checkingDate(r))
        }
        /// The value the other models' majority gives, against the page's reading (kept among the readings).
        func byMajority(_ majority: String, _ why: String) -> FieldResult {
            var r = ok()
            r.value = majority
            r.readings = [value] + (r.readings ?? []).filter { $0 != majority }
            r.rule = (r.rule ?? "") + "; " + why
            return checkingDate(r)
        }
        if !c.wellFormed, !c.partnerMissing, case .majority(let majority) = DigitEvidence.vote(c) {
            return byMajority(majority, "the page's reading is malformed; three readings of the grey zone (three models) agree")
        }
        if !c.wellFormed, !c.partnerMissing, let majority = DigitEvidence.malformedPageMajority(c),
           let dissent = DigitEvidence.disputedMajority(c, majority) {
            // Three readings one confusable digit from the binarised zone's: their value shown, in doubt.
            var r = byMajority(majority, "the page's reading is malformed")
            r.readings = (r.readings ?? []) + [dissent]
            guard r.status == .ok else { return r }
            r.status = .review
            r.doubt = .readingsDiffer
            r.reason = "the page's reading is malformed, and the other readings differ in a digit the models confuse"
            return r
        }
        if !c.wellFormed, c.kind == .number, let other = c.rereads.first, Self.dropsOneLeadingDigit(page: value, reread: other) {
            // One digit too many in front ("8341787"): the "№" before the number read as a digit by the
            // page's model; the other model's re-read gives the number without it (seed 2201). The other
            // form agreeing, or the other model's own reading, decides.
            return fromReread(other, "the page's reading has a digit too many in front; the value is the field re-read's",
                              rule: "the page's reading has a leading mark read as a digit")
        }
        if !c.wellFormed, c.kind == .date, let other = c.rereads.first, Self.fixesOneDigit(page: value, reread: other) {
            // The page's reading is no date ("51.01.2008", "11.10.2916") and the other model's re-read
            // is one that differs from it in that one digit only (seed 2201: two birth dates): every
            // other digit is read alike by two models, and the page's reading at that digit is
            // impossible. Only an independent source agreeing exactly (the registry entry) lets it
            // through; a problem of the date itself (in the future, outside the category's ages) stays.
            return fromReread(other, "the page's reading is no date; the value is the field re-read's", rule: "the page's reading is no date")
        }
        guard c.wellFormed else { return review(.format, "value does not have the \(formatName(c.kind)) format") }
        if c.shapeOnly { return review(.extraction, "found by its shape alone (no label was read): check that it is this field, whole") }
        if c.digitsFollow { return review(.numberMayBeCut, "more digits follow after a break: the number may be cut short") }
        if c.kind == .phone, let why = Normalizer.phoneGroupingDoubt(c.raw) { return review(.digitGrouping, why) }
        if let doubt = c.doubt { return review(doubt.hasPrefix("punctuation") ? .punctuation : .addressPart, doubt) }
        /// Numbers, dates, phones and passport details: the readings of the digits weighed.
        func decideDigits() -> FieldResult {
            if c.kind == .date, let d = SimpleDate(iso: value), let why = dateProblem(key: key, date: d, context: context) {
                return review(dateDoubt(why), why)
            }
            let vote = DigitEvidence.vote(c)
            if case .majority(let majority) = vote {
                let settled = byMajority(majority, "settled by the two other models (eng read twice, and a third model) against the page's reading")
                // A majority that is the page's reading less a digit at an edge is the zone cut short
                // (every digits-only reading of it loses the same digit) or a sign read as a digit by
                // the page, and the models cannot tell which (seed 2525 p003: "4201999035" printed and
                // read by the page 0.52 sure, "201999035" by eng twice and the third model): a person
                // decides, or the registry entry that one of the readings names. A digit too many
                // inside the page's reading ("360725" for 30725, seed 2501) is still settled.
                let edgeCut = majority.count < value.count && (value.hasPrefix(majority) || value.hasSuffix(majority))
                guard edgeCut, settled.status == .ok else { return settled }
                var r = settled
                r.status = .review
                r.doubt = .otherModelDiffers
                r.reason = "the other models read the page's number less a digit at its edge: a digit may be lost, or a sign read as one"
                return r
            }
            if let coded = DigitEvidence.regionCodeFromGrey(c) {
                return byMajority(coded, "the page's reading lacks the region's code \(Normalizer.registryRegionCode); the three readings of the grey zone agree on it")
            }
            if DigitEvidence.rereadsCutShort(c) {
                var r = ok()
                r.rule = (r.rule ?? "") + "; the page and the third model agree; the digits-only readings lost a digit beside a glued sign"
                return r
            }
            if DigitEvidence.bothModelsAgree(c) {
                var r = ok()
                r.rule = (r.rule ?? "") + "; read alike by both models"
                return r
            }
            if DigitEvidence.rereadFailedOthersAgree(c) {
                var r = ok()
                r.rule = (r.rule ?? "") + "; the binarised zone's re-read failed (no value, or a digit put in or left out); the four other readings agree"
                return r
            }
            if DigitEvidence.twoFailedThreeAgree(c) {
                var r = ok()
                r.rule = (r.rule ?? "") + "; the binarised zone's re-read and the other model failed; the page, the grey zone and the third model agree"
                return r
            }
            if !c.digitChoices.isEmpty {
                switch DigitEvidence.judge(kind: c.kind, value: value, reread: c.rereads.first, third: c.digitChoices,
                                           majority: !FieldRoles.isCritical(key)) {
                case .closeCall(let variant):
                    // The third model outvoted settles a close call only where a doubt does not hold
                    // back activation (phone, passport details): on critical fields it stays a doubt.
                    if vote == .allAgree || (vote == .thirdOutvoted && !FieldRoles.isCritical(key)) {
                        var r = ok()
                        r.rule = (r.rule ?? "") + (vote == .allAgree ? "; a close call outvoted: three models read it alike"
                                                                      : "; a close call outvoted: the page and eng twice read it alike, the third model alone otherwise")
                        return r
                    }
                    var r = review(.closeDigitAlternative, "a digit may also read another way")
                    r.readings = (r.readings ?? []) + [variant]
                    return r
                case .differs(let third):
                    var r = review(.readingsDiffer, c.rereads.first == value ? "a third reading of the digits gives a different value"
                                                                           : "the field re-read gives a different value")
                    r.readings = (r.readings ?? []) + [third]
                    return r
                case .settles(let majority):
                    // Two readings of three agree and the third reading is sure of every digit; the
                    // agreeing first or second reading must be fairly sure too.
                    let agreeing = majority == value ? c.minConfidence : c.rereadConfidence
                    guard agreeing >= DigitEvidence.settleConfidence else { return review(.readingsDiffer, "the field re-read gives a different value") }
                    var r = ok()
                    r.value = majority
                    r.readings = (r.readings ?? []) + [majority]
                    r.rule = (r.rule ?? "") + "; settled by a third reading"
                    return checkingDate(r)
                case .confirms:
                    // Three readings agree (two of them on other pixels, one with another model) and no
                    // digit was a close call: agreement, not confidence, lets the value through; only a
                    // reading that is barely sure of itself still goes to a person.
                    let sure = c.digitChoices.filter { DigitEvidence.isDigit($0.text) }.allSatisfy { $0.confidence >= DigitEvidence.settleConfidence }
                    if sure, c.minConfidence >= 0.3, c.rereads.first.map({ _ in c.rereadConfidence >= 0.3 }) ?? (c.minConfidence >= 0.8) {
                        var r = ok()
                        r.rule = (r.rule ?? "") + "; confirmed by a third reading"
                        return r
                    }
                case .unreadable, .outvoted:
                    break
                }
            }
            if let other = c.rereads.first {
                guard other == value else { return review(.readingsDiffer, "the field re-read gives a different value") }
                // Two readings agree: one of them must be confident, neither very unsure.
                guard max(c.minConfidence, c.rereadConfidence) >= 0.8, min(c.minConfidence, c.rereadConfidence) >= 0.5 else {
                    return review(.lowConfidence, "low recognition confidence")
                }
                // A date whose printed dots were lost in the page reading ("1603 2024") was read
                // from damaged print: both readings must then be confident.
                if c.kind == .date, c.raw.range(of: #"\d{2}\.\d{2}\.\d{4}"#, options: .regularExpression) == nil,
                   min(c.minConfidence, c.rereadConfidence) < 0.8 {
                    return review(.dateSeparatorsLost, "date separators lost in the reading and low confidence")
                }
                return ok()
            }
            // A zone whose re-read gave nothing is no second opinion (seed 2403: a phone misread 640 → 649,
            // accepted on one reading at 0.96 whose box spanned two lines).
            if c.rereadEmpty { return review(.singleReading, "the field's zone gave no second reading") }
            return c.minConfidence >= 0.95 ? ok() : review(.singleReading, "single reading with confidence below 0.95")
        }

        switch c.kind {
        case .number, .registry, .date, .phone, .passportSeries, .passportNumber:
            var r = DigitEvidence.otherModel(c, result: decideDigits())
            if c.stemsConfirm, r.value == value, r.status == .review,
               let d = r.doubt, [.closeDigitAlternative, .readingsDiffer, .otherModelDiffers].contains(d) {
                // Every other value read differs from the page's in 3/5 only, and the print's stems show
                // each of those digits as the page reads it (`Extractor.settleThreeFive`).
                r = ok()
                r.rule = (r.rule ?? "") + "; the other readings' 3/5 not shown by the print's stems, which show the page's digits"
            } else if c.stemsConfirm, let taken = r.value, taken != value {
                // Other readings outvoted the page with a 3/5 that the stems show as the page read it.
                var doubted = review(.readingsDiffer, "other readings give a 3 or 5 that the print's stems show the other way")
                doubted.readings = (doubted.readings ?? []) + [taken]
                r = doubted
            }
            if c.kind == .date, r.status == .ok, Normalizer.dateDigitLost(c.raw) {
                r.status = .review; r.reason = "the day or the month read with one digit: a digit of the print did not read"; r.doubt = .dateDigitLost
            }
            // The region's registry numbers open with its code (seed 2575 p030, a scan: "1202022316"
            // read alike by every model for 4202022316, its 4 damaged in print, accepted).
            if c.kind == .registry, r.status == .ok, let v = r.value, !v.hasPrefix(Normalizer.registryRegionCode) {
                var doubted = r
                doubted.status = .review
                doubted.doubt = .format
                doubted.reason = "a registry number of the region opens with its code \(Normalizer.registryRegionCode)"
                return doubted
            }
            return r
        case .name:
            // Format and plausibility doubts first (no agreement lifts them), then the weak
            // lexicon evidence (an agreeing independent reading lifts it), then confidence.
            let names = NameLexicon.shared
            if key.hasSuffix("middle_name") {
                let k = TextNorm.key(value)
                guard patronymicEndings.contains(where: { k.hasSuffix($0) }) else { return review(.patronymicEnding, "not a typical patronymic ending") }
            }
            if key.hasSuffix("last_name"), !names.knownSurname(value),
               Lexicon.shared.knownFirstName(value) || Lexicon.shared.knownPatronymic(value)
                || (value.hasSuffix("на") && names.knownPatronymic(value)) {
                // A surname equal to a first name or patronymic is rare; a value taken from the wrong
                // place of the name is not. Common given names only: OpenCorpora's given names hold
                // surnames of other peoples as well ("Вагнер", 8 right surnames of seed 2201 doubted).
                // A female patronymic of any people is never a surname ("Маратовна"); a male one may be
                // (Belarusian "Абрамович"), so only the common ones count.
                return review(.surnameLikeGivenName, "surname reads like a first name or patronymic")
            }
            if key.hasSuffix("last_name"), !names.knownSurname(value), Self.formWords.contains(TextNorm.nameKey(value)) {
                // Seed 2557 p002 (poor consent): "Данных" from "согласие на обработку персональных данных"
                // taken as the child's surname and accepted ("-ых" is a Siberian surname's ending).
                return review(.formWordAsName, "a word of the form's printed text, not a name (the name's cut took the form's text?)")
            }
            if key.hasSuffix("first_name"), !names.knownGivenName(value), Self.looksLikePatronymic(value) {
                // Seed 1801: "Назарова Сабрина Рахимовна" read without its surname gave the first name
                // "Рахимовна" on both forms, accepted. No given name ends like a patronymic.
                return review(.givenNameLikePatronymic, "first name reads like a patronymic")
            }
            if let restored = Normalizer.breveRestored(value) { return breveLost(restored) }
            if key.hasSuffix("last_name"), !names.knownSurname(value), !NameLexicon.plausibleSurnameEnding(value) {
                return review(.unusualSurname, "unusual surname (letters may be misread)")
            }
            // The dots of ё are lost on clean scans too, and both forms then agree on the wrong spelling.
            if c.diaeresisAbsent != true, Lexicon.shared.mayHaveLostYo(value)
                || (!key.hasSuffix("last_name") && names.yoFoldedGiven.contains(value))
                || (key.hasSuffix("last_name") && Lexicon.mayBeYoSurname(value) && !names.surnameSpeltWithoutYo(value))
                || (key.hasSuffix("last_name") && names.yoFoldedSurnames.contains(value)) {
                return review(.mayHaveLostYo, "may be spelt with ё (dots easily lost in a scan)")
            }
            let part: NameLexicon.Part = key.hasSuffix("last_name") ? .surname : key.hasSuffix("middle_name") ? .patronymic : .given
            if let near = names.nearKnown(value, as: part) ?? names.nearCommon(value, as: part) ?? names.nearCommonUnknown(value, as: part)
                ?? names.withSForE(value, as: part) {
                var r = review(.nearKnownName, "a known name differs from the reading only in letters the model confuses")
                r.readings = (r.readings ?? []) + [near]
                return r
            }
            guard !c.repaired else { return review(.lookAlikeRepaired, "characters were repaired (look-alike letters)") }
            if c.capitalRestored { return review(.capitalRestored, "its capital letter read as a small one (restored)") }
            guard c.minConfidence >= lexiconGate else { return review(.lowConfidence, "low recognition confidence") }
            if key.hasSuffix("middle_name"), !names.knownPatronymic(value) {
                return review(.notInNameLexicon, "patronymic not in the name lexicon and not formed from a known name")
            }
            if key.hasSuffix("first_name"), !names.knownGivenName(value) {
                return review(.notInNameLexicon, "first name not in the name lexicon")
            }
            return ok()
        case .email:
            if Normalizer.emailNameHasEdgeMark(value) {
                return review(.emailEdgeMark, "the e-mail's name begins or ends with _ - or . (a rule or a speck read into it?)")
            }
            if let (read, _) = Normalizer.emailAsRead(c.raw), !Normalizer.isEmail(read) {
                return review(.emailMarkRepaired, "the e-mail's @ or domain dot did not read and was put back by rule")
            }
            if let other = c.rereads.first, other != value {
                // A second reading that is no e-mail at all ("mailru", a stray letter before it)
                // failed rather than disagreed: the first reading then stands alone and must be confident.
                guard !Normalizer.isEmail(other), c.minConfidence >= 0.9 else { return review(.emailReadingsDiffer, "two readings of the e-mail differ") }
            }
            if Normalizer.emailGapClosed(raw: c.raw, value: value) {
                return review(.emailGap, "a gap in the e-mail's name where a character (_ . -) may be lost")
            }
            if Normalizer.ambiguousEmailCharacters(value) { return review(.ambiguousEmailCharacters, "i/l/1 or o/0 next to digits: easily confused") }
            guard c.minConfidence >= 0.8 else { return review(.lowConfidence, "low recognition confidence") }
            let domain = value.split(separator: "@").last.map(String.init) ?? ""
            guard Normalizer.knownDomains.contains(domain) else { return review(.unfamiliarMailDomain, "unfamiliar mail domain") }
            return ok()
        case .address, .text:
            // Doubts that agreement between the two forms cannot lift come first, so that a low
            // confidence (which agreement does lift) does not hide them.
            if !Normalizer.addressLooksPrinted(value) { return review(.punctuation, "punctuation looks misread") }
            if c.diaeresisAbsent != true, Lexicon.shared.mayHaveLostYoInText(value) { return review(.mayHaveLostYo, "may be spelt with ё (dots easily lost in a scan)") }
            if let restored = Normalizer.breveRestored(value) ?? Lexicon.shared.breveRestoredInText(value) { return breveLost(restored) }
            if let why = Normalizer.addressDoubt(value, housesPrintedAsDigits: c.housesPrintedAsDigits) { return review(.addressPart, why) }
            if c.kind == .address, let why = Normalizer.addressCutAtALine(value) ?? Normalizer.addressWordsDoubt(value) { return review(.addressPart, why) }
            if c.kind == .address, let near = NameLexicon.shared.nearKnownStreetName(value) {
                var r = review(.nearKnownName, "a word of the street's name differs from a known name only in letters the model confuses")
                r.readings = (r.readings ?? []) + [near]
                return r
            }
            if key.hasSuffix("issued_by"), let why = Normalizer.officeDoubt(value) { return review(.officeVocabulary, why) }
            // An office's name made of closed lists only (the offices' words, the region's towns and
            // districts) needs less of the reading's confidence: a misread letter leaves the lists, and
            // the checks above doubt it (seeds 2573-2583: 7 right names held for confidence alone, the
            // town's name 0.63-0.84 sure; none of the 16 wrong ones passed the vocabulary).
            let closedVocabulary = key.hasSuffix("issued_by") && Normalizer.officeInClosedVocabulary(value)
                && c.minConfidence >= 0.5 && c.confidence >= lexiconGate
            guard closedVocabulary || (c.minConfidence >= 0.75 && c.confidence >= 0.9) else {
                return review(.lowConfidence, "low recognition confidence")
            }
            if key.hasSuffix("issued_by") {
                let k = TextNorm.key(value)
                guard Normalizer.passportOfficeMarkers.contains(where: k.contains) else {
                    return review(.notAPassportOffice, "does not name a passport office")
                }
            }
            return ok()
        case .category:
            guard context.categories.contains(value) else { return review(.categoryNotConfigured, "not one of the configured categories") }
            // The groups' wordings differ by whole words, so a close match is unambiguous.
            return c.confidence >= 0.8 ? ok() : review(.categoryApproximate, "category wording matched only approximately")
        case .fullName, .passport:
            return review(.unexpectedKind, "unexpected kind")
        }
    }

    /// Words of four letters or more printed on the forms themselves (keywords, labels, stops,
    /// openings of the legal paragraphs, categories), in `TextNorm.nameKey` form: the forms' prose,
    /// which a name's cut can take on a damaged page, but which is no name.
    static let formWords: Set<String> = {
        var words = Set<String>()
        for t in Templates.builtIn {
            let texts = t.keywords + t.stops + (t.boilerplate ?? []) + (t.categories ?? []) + (t.signatureAnchor ?? [])
                + (t.selfApplication ?? []) + t.fields.flatMap(\.anchors)
            for text in texts {
                for w in text.split(whereSeparator: { !$0.isLetter }) where w.count >= 4 { words.insert(TextNorm.nameKey(String(w))) }
            }
        }
        return words
    }()

    /// "-ович", "-евич", "-овна", "-евна", "-ична" ("Ильинична"): a patronymic's ending, which no given name has.
    static func looksLikePatronymic(_ value: String) -> Bool {
        let k = TextNorm.key(value)
        return k.count > 5 && ["ОВИЧ", "ЕВИЧ", "ОВНА", "ЕВНА", "ИЧНА"].contains(where: k.hasSuffix)
    }

    /// The code of a `dateProblem` reason.
    static func dateDoubt(_ why: String) -> Doubt {
        if why.contains("future") { return .futureDate }
        if why.contains("under 14") { return .selfApplicationUnder14 }
        if why.contains("age") { return .ageOutsideCategory }
        return .issueDateImpossible
    }

    static func dateProblem(key: String, date: SimpleDate, context: ValidationContext) -> String? {
        if context.today < date { return "date is in the future" }
        if key == "child.birth_date" {
            let on = context.signingDate ?? context.today
            let age = date.years(until: on)
            if age < 5 || age >= 18 { return "child's age \(age) is outside 5-17" }
            if context.selfApplication && age < 14 { return "self-application by a child under 14" }
        }
        if key == "applicant.passport_issue_date" {
            if date < SimpleDate(year: 1997, month: 7, day: 1)! { return "issue date before Russian passports were issued" }
            if let s = context.signingDate, s < date { return "issue date after the signing date" }
        }
        return nil
    }

    /// Page-level issues: impossible dates, age outside the category.
    public static func pageIssues(_ page: PageResult, context: ValidationContext) -> [Issue] {
        var issues: [Issue] = []
        for (key, f) in page.fields.sorted(by: { $0.key < $1.key }) {
            // A date of a field that does not hold back activation (the passport's issue date) is
            // doubted on its own and stays unverified; only the critical dates make the page's issue.
            guard key.hasSuffix("date"), FieldRoles.isCritical(key), let v = f.value else { continue }
            guard let d = SimpleDate(iso: v) else {
                if f.status != .missing { issues.append(Issue(code: "impossible_date", field: key, message: "not a real calendar date")) }
                continue
            }
            if context.today < d { issues.append(Issue(code: "impossible_date", field: key, message: "date is in the future")) }
            if key == "child.birth_date", let why = dateProblem(key: key, date: d, context: context), why.contains("age") || why.contains("under 14") {
                issues.append(Issue(code: "age_outside_category", field: key, message: why))
            }
        }
        if let s = context.signingDate, context.today < s {
            issues.append(Issue(code: "impossible_date", field: nil, message: "signing date is in the future"))
        }
        return issues
    }

    /// A value accepted although part of it lies in a band the scanner did not see (`OCRPage.unseen`).
    static func doubtPrintUnseen(_ fields: inout [String: FieldResult], unseen: [Box]) {
        guard !unseen.isEmpty else { return }
        for (key, f) in fields where f.status == .ok {
            guard let b = f.box, unseen.contains(where: { $0.x < b.maxX && b.x < $0.maxX && $0.y < b.maxY && b.y < $0.maxY }) else { continue }
            var r = f
            r.status = .review
            r.doubt = .printUnseen
            r.reason = "part of the value fell in a streak the scanner did not see"
            fields[key] = r
        }
    }

    /// The words of a page's addresses as read (split at anything but a letter or a hyphen): what a
    /// name cut from the wrong line reads as.
    public static func addressWords(_ fields: [String: FieldResult]) -> [Substring] {
        fields.filter { $0.key.hasSuffix("address") }.compactMap(\.value.value)
            .flatMap { $0.split(whereSeparator: { !$0.isLetter && $0 != "-" }) }
    }

    /// A name accepted that is a word of an address on the same page was cut from the wrong line (seed
    /// 2205: a poor consent's child surname "Кемеровская", the first word of the address below the
    /// unreadable name line, accepted on a page with no application to compare with). A surname
    /// equal to the street it lives on is rare; such a value goes to a person.
    static func doubtNamesCutFromAddresses(_ fields: inout [String: FieldResult]) {
        let addressWords = Set(Self.addressWords(fields).filter { $0.count >= 3 }.map { $0.uppercased() })
        guard !addressWords.isEmpty else { return }
        for (key, f) in fields where f.status == .ok && ["last_name", "first_name", "middle_name"].contains(where: key.hasSuffix) {
            guard let v = f.value, addressWords.contains(v.uppercased()) else { continue }
            var r = f
            r.status = .review
            r.doubt = .extraction
            r.reason = "the name is a word of the address on this page (cut from the wrong line?)"
            fields[key] = r
        }
    }

    /// The applicant's and the child's addresses on one page, alike but for one digit that the models
    /// confuse (3/5, 1/7, ...): one of the two prints of the same address was misread (seed 2581
    /// p017, a scan consent: "стр. 5" accepted in the applicant's address, "стр. 3" read in the
    /// child's, 3 printed in both). Which one cannot be told from the page: both go to a person.
    static func doubtAddressesOneDigitApart(_ fields: inout [String: FieldResult]) {
        guard let a = fields["applicant.address"], let c = fields["child.address"], let av = a.value, let cv = c.value,
              av.count == cv.count else { return }
        let diff = zip(av, cv).filter { $0 != $1 }
        guard diff.count == 1, let (x, y) = diff.first, x.isNumber, y.isNumber,
              DigitEvidence.confusable(String(x), String(y)) else { return }
        for key in ["applicant.address", "child.address"] where fields[key]?.status == .ok {
            fields[key]?.status = .review
            fields[key]?.doubt = .addressPart
            fields[key]?.reason = "the page's other address differs from it in one digit only (one of them misread?)"
        }
    }

    /// A surname accepted while the same person's first name, printed after it in the same full name,
    /// was not read: the name's line broke after the surname, and the break may lie inside it (seed
    /// 2573 p025, a poor application: "Гай (ук Роман Сгепанович" for "Гайдук Роман Степанович", so
    /// "Гай" was accepted). Forms print the first name always; the registry entry spelling the same
    /// surname lifts the doubt.
    /// So too where the first name and the patronymic after it both read as broken: the first name as no
    /// known name, in doubt, the patronymic without a patronymic's ending (s2769 p026, a poor consent, first
    /// contact: "Ибрагимов Айги Му" for Ибрагимова Айгюн Мурадовна, each word's end lost, the surname
    /// accepted). What took the other words' ends may have taken the surname's.
    static func doubtSurnamesWithoutGivenName(_ fields: inout [String: FieldResult]) {
        for person in ["child", "applicant"] {
            guard let surname = fields["\(person).last_name"], surname.status == .ok, surname.value != nil,
                  let given = fields["\(person).first_name"] else { continue }
            let reason: String
            if given.value == nil {
                reason = "the first name after the surname did not read: the surname may be cut short"
            } else if given.status == .review, let g = given.value, !NameLexicon.shared.knownGivenName(g),
                      let middle = fields["\(person).middle_name"], middle.status == .review, middle.doubt == .patronymicEnding {
                reason = "the first name and patronymic after the surname read broken: the surname may be cut short too"
            } else { continue }
            var r = surname
            r.status = .review
            r.doubt = .surnameMayBeCut
            r.reason = reason
            fields["\(person).last_name"] = r
        }
    }

    /// The applicant's first name and the child's patronymic, both outside the lexicon, where the
    /// patronymic is formed from that first name ("Фаридун", "Фаридунович"): two words printed
    /// apart on the page spell the father's name alike, which is the evidence the lexicon's silence
    /// lacked (a misreading that keeps the patronymic formed from the misread name is rare). Both
    /// readings must be confident (the gate of the lexicon doubt itself); any other doubt stays.
    static func liftNamesByFamily(_ fields: inout [String: FieldResult]) {
        guard let given = fields["applicant.first_name"], let patronymic = fields["child.middle_name"],
              let g = given.value, let p = patronymic.value,
              NameLexicon.fatherCandidates(p).contains(g),
              given.confidence >= lexiconGate, patronymic.confidence >= lexiconGate else { return }
        for (key, f, why) in [("applicant.first_name", given, "the child's patronymic is formed from it"),
                              ("child.middle_name", patronymic, "formed from the applicant's first name")]
            where f.status == .review && f.doubt == .notInNameLexicon {
            var r = f
            r.status = .ok; r.reason = nil; r.doubt = nil
            r.rule = (r.rule ?? "") + "; " + why
            fields[key] = r
        }
    }

    /// The passport series against the region code of its issuing office (the first two digits
    /// of a series are the code of the region that issued it: 32 for Kemerovo oblast). A series
    /// read with another code, under an office of the region read on the page, is doubted (seed
    /// 1407: "5224" for "3224" accepted by three readings). A series read with the office's code
    /// whose only doubt is another reading that differs in those two digits alone ("5226" by the
    /// models that share the 3/5 confusion, "3226" printed) has the office as the independent
    /// evidence that settles it.
    ///
    /// The series' last two digits are the year its blank was printed: the year of issue or a few
    /// years before it. A series with the office's code whose year part fits an accepted issue date,
    /// where every other reading lacks the code or has a year part that does not fit, is settled by
    /// the two facts together (seed 2541 p014: "3225" issued 2025, the other model's "3220").
    static func checkSeriesRegion(_ fields: inout [String: FieldResult]) {
        guard var f = fields["applicant.passport_series"], let value = f.value, value.count == 4,
              let office = fields["applicant.passport_issued_by"]?.value,
              let code = Normalizer.officeRegionCode(office) else { return }
        if value.hasPrefix(code) {
            guard f.status == .review, let d = f.doubt, [.otherModelDiffers, .readingsDiffer, .closeDigitAlternative].contains(d) else { return }
            let others = ((f.readings ?? []) + [f.reread, f.otherModel].compactMap { $0 }).filter { !$0.isEmpty && $0 != value }
            let issued = fields["applicant.passport_issue_date"].flatMap { $0.status == .ok ? $0.value.flatMap(SimpleDate.init(iso:)) : nil }
            let yearFits = { (s: String) in issued.map { Self.seriesYearFits(s, issued: $0) } ?? false }
            let regionOnly = { (o: String) in o.suffix(2) == value.suffix(2) && !o.hasPrefix(code) }
            let settledByYear = { (o: String) in yearFits(value) && (!o.hasPrefix(code) || !yearFits(o)) }
            guard !others.isEmpty, others.allSatisfy({ $0.count == 4 && (regionOnly($0) || settledByYear($0)) }) else { return }
            f.status = .ok; f.reason = nil; f.doubt = nil
            f.rule = (f.rule ?? "") + (others.allSatisfy(regionOnly)
                ? "; the other readings differ in the region code only, and the issuing office is of region \(code)"
                : "; the series has the issuing office's region code (\(code)) and a blank year that fits the issue date; the other readings do not")
        } else {
            guard f.status == .ok else { return }
            f.status = .review
            f.doubt = .seriesRegion
            f.reason = "the series does not begin with the region code (\(code)) of the office that issued it"
        }
        fields["applicant.passport_series"] = f
    }

    /// Whether a series' blank year (its last two digits) fits a passport issued on `issued`: from
    /// three years before the year of issue to one after: wide enough for a real series, while a digit
    /// of the year part misread mostly leaves it (the window only decides between two readings).
    static func seriesYearFits(_ series: String, issued: SimpleDate) -> Bool {
        guard series.count == 4, let yy = Int(series.suffix(2)) else { return false }
        let delta = ((yy - issued.year % 100) % 100 + 150) % 100 - 50
        return (-3...1).contains(delta)
    }

    /// Names read less surely than this go to a person whatever the lexicon says.
    static let lexiconGate = 0.85

    /// Whether `reread` is a well-formed application number equal to the page's reading less its first digit.
    static func dropsOneLeadingDigit(page: String, reread: String) -> Bool {
        let a = page.filter(\.isNumber), b = reread.filter(\.isNumber)
        return b == reread && (1...6).contains(b.count) && a.count == b.count + 1 && a.dropFirst() == b[...]
    }

    /// Whether `reread` is a real date whose digits are the page reading's but for exactly one.
    static func fixesOneDigit(page: String, reread: String) -> Bool {
        guard SimpleDate(iso: reread) != nil else { return false }
        let a = Array(page.filter(\.isNumber)), b = Array(reread.filter(\.isNumber))
        guard a.count == 8 else { return false }
        return Fuzzy.oneSubstitutionApart(String(a), String(b))
    }

    static func formatName(_ kind: FieldKind) -> String {
        switch kind {
        case .number: return "1-6 digit"
        case .registry: return "9-10 digit"
        case .date: return "dd.mm.yyyy date"
        case .phone: return "Russian phone number"
        case .email: return "e-mail"
        case .passportSeries: return "4-digit series"
        case .passportNumber: return "6-digit number"
        case .name, .fullName: return "name"
        default: return kind.rawValue
        }
    }

    static func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
}

/// Agreement between the application and the consent of one packet.
public enum CrossForm {
    /// Keys printed on both forms.
    public static let sharedKeys = ["application_number", "child.last_name", "child.first_name", "child.middle_name",
                                    "child.address", "applicant.last_name", "applicant.first_name", "applicant.middle_name"]

    /// The child's address read otherwise on the two forms and not settled by the applicant's print
    /// (`settleChildAddressByApplicants`, which runs first and gives both forms the right reading): where
    /// the print accepted on its own evidence is right by `addressMisreadOnlyInTheOtherPrint`, it stands
    /// and the other print keeps its own doubt; no issue, as the child's address does not hold activation
    /// back. Not where the consent's applicant's address, accepted, reads as the misread print (then
    /// `doubtApplicantsAddressBesideUnsettledChilds` holds it). `prints`: the two as read, before the
    /// forms' disagreement was marked.
    static func acceptChildAddressMisreadOnlyInTheOtherPrint(application: inout PageResult, consent: inout PageResult,
                                                             prints: (application: FieldResult, consent: FieldResult)) {
        guard application.fields["child.address"]?.doubt == .crossFormMismatch, consent.fields["child.address"]?.doubt == .crossFormMismatch
        else { return }
        let why = "the other form's print differs only in words misread there"
        let (a, c) = prints
        let applicant = consent.fields["applicant.address"].flatMap { $0.status == .ok ? $0.value : nil }
        if addressMisreadOnlyInTheOtherPrint(accepted: a, other: c), applicant != c.value {
            application.fields["child.address"] = cleared(a, rule: why)
            consent.fields["child.address"] = c
        } else if addressMisreadOnlyInTheOtherPrint(accepted: c, other: a), applicant != a.value {
            consent.fields["child.address"] = cleared(c, rule: why)
            application.fields["child.address"] = a
        } else {
            return
        }
        application.issues.removeAll { $0.code == "cross_form_mismatch" && $0.field == "child.address" }
        consent.issues.removeAll { $0.code == "cross_form_mismatch" && $0.field == "child.address" }
    }

    /// Whether the child's address accepted on one form (`accepted`, punctuated as printed, none of the doubts its
    /// words raise) is right where the other form's print reads otherwise (`other`, in doubt): the two hold the
    /// same digits, and where their words differ, each of the accepted print's words is one the address
    /// vocabulary knows (an address word, the region's towns, the oblasts' names, "Кузбасс") while none of the
    /// other's is ("кори." for корп., "Новохузнецк", "облас гь"); or their words are the same and only the other
    /// print's punctuation is in doubt (commas get lost, never added). Seeds 2721-2729, scans: 12 right child's
    /// addresses held "differs between the application and the consent" for the other print's misreading. A
    /// difference in a street's name or a number is not settled: no vocabulary checks those.
    static func addressMisreadOnlyInTheOtherPrint(accepted: FieldResult, other otherField: FieldResult) -> Bool {
        guard accepted.status == .ok, otherField.status == .review, let value = accepted.value, let other = otherField.value, printedCleanly(value),
              value.filter(\.isNumber) == other.filter(\.isNumber) else { return false }
        func words(_ s: String) -> [String] {
            s.split(whereSeparator: { " ,.;:".contains($0) }).map(String.init)
        }
        func known(_ w: String) -> Bool {
            Normalizer.addressWords.contains(w.lowercased()) || Normalizer.regionTowns.contains(w.replacingOccurrences(of: "ё", with: "е"))
                || Normalizer.oblastNames.contains(w.replacingOccurrences(of: "ё", with: "е")) || w == "Кузбасс" || w == "-"
        }
        let (mine, theirs) = (words(value), words(other))
        if mine == theirs { return Normalizer.addressDoubt(other) != nil }
        // The words each reading has beyond their longest common run.
        let (outMine, outTheirs) = Alignment.unmatched(mine, theirs)
        let onlyMine = mine.indices.filter { outMine[$0] }.map { mine[$0] }
        let onlyTheirs = theirs.indices.filter { outTheirs[$0] }.map { theirs[$0] }
        return !onlyMine.isEmpty && onlyMine.allSatisfy(known) && !onlyTheirs.contains(where: known)
            && !(onlyMine + onlyTheirs).contains(where: { $0.contains(where: \.isNumber) })
    }

    /// Compares the two pages: agreeing well-formed values become `ok` on both, disagreeing ones
    /// go to review with an issue on both pages.
    public static func reconcile(application: inout PageResult, consent: inout PageResult) {
        var childAddressPrints: (application: FieldResult, consent: FieldResult)?
        for key in sharedKeys {
            guard var a = application.fields[key], var c = consent.fields[key] else { continue }
            let av = a.value.map(compareKey(key)), cv = c.value.map(compareKey(key))
            if av == cv {
                let liftable = (reviewCanLift(a, other: c) && reviewCanLift(c, other: a) && digitsSeenByAnotherModel(key, a, c)
                    && !contested(a) && !contested(c))
                    || (key == "application_number" && (readingsOfBothPrintsAgree(a, c) || otherModelFailsAlone(a, c)
                        || engFailedOnOnePrint(a, other: c) || engFailedOnOnePrint(c, other: a)))
                if a.value != nil && a.status == .review && c.status != .missing && liftable { a.status = .ok; a.reason = nil; a.doubt = nil }
                if c.value != nil && c.status == .review && a.status != .missing && liftable { c.status = .ok; c.reason = nil; c.doubt = nil }
                // Same after folding (spacing, punctuation): both take the more confident spelling.
                // Dots of ё get lost, never added: the spelling with ё wins, then the more confident one.
                // The side that takes the other's spelling takes its doubt too.
                if let v1 = a.value, let v2 = c.value, v1 != v2 {
                    let yo1 = yoCount(v1), yo2 = yoCount(v2)
                    // An address spelling with its own doubt (lost dash, misread abbreviation) loses first.
                    func clean(_ v: String) -> Bool { !key.hasSuffix("address") || printedCleanly(v) }
                    let aWins = clean(v1) != clean(v2) ? clean(v1) : yo1 != yo2 ? yo1 > yo2 : a.confidence >= c.confidence
                    // The losing print's doubt settled by the winning print, which shows what it lost: a comma
                    // lost on one print and read on the other (commas get lost, never added: seed 2601 p010),
                    // or dots of ё lost on one print and read on the other, accepted there (seed 2657 p002, a
                    // scan: "г. Березовский" on the consent beside "г. Берёзовский" accepted on the application;
                    // the consent's doubt was carried to both forms).
                    func settled(_ loser: inout FieldResult, lost: String, by winner: FieldResult, shown: String) {
                        let commaShown = loser.reason == Normalizer.lostCommaDoubt && clean(shown)
                        let yoShown = loser.doubt == .mayHaveLostYo && winner.status == .ok && yoCount(shown) > yoCount(lost)
                        guard commaShown || yoShown else { return }
                        loser.status = winner.status; loser.reason = winner.reason; loser.doubt = winner.doubt
                    }
                    if aWins {
                        c.value = v1
                        settled(&c, lost: v2, by: a, shown: v1)
                        if a.status != .ok, c.status == .ok { c.status = a.status; c.reason = a.reason; c.doubt = a.doubt }
                    } else {
                        a.value = v2
                        settled(&a, lost: v1, by: c, shown: v2)
                        if c.status != .ok, a.status == .ok { a.status = c.status; a.reason = c.reason; a.doubt = c.doubt }
                    }
                }
                // The same value on both prints: a doubt that one print's evidence raised and that the
                // other form cannot lift holds for the value on both (seed 2539 p015: "д. 187" for 137
                // accepted on the application while the other model read the consent's print otherwise).
                if a.value == c.value {
                    carryDoubt(from: c, to: &a)
                    carryDoubt(from: a, to: &c)
                }
            } else if av == nil || cv == nil {
                // Read on one form only: that form's own evidence decides.
            } else if key == "application_number",
                      let (fa, fc) = eitherWay(a, c, digitPutIn) ?? eitherWay(a, c, closeCallAndOneDigitOutvoted) {
                (a, c) = (fa, fc)
            } else if let fixed = settle(key: key, from: a, to: c) {
                c = fixed
            } else if let fixed = settle(key: key, from: c, to: a) {
                a = fixed
            } else if let v1 = a.value, let v2 = c.value, foldYo(compareKey(key)(v1)) == foldYo(compareKey(key)(v2)),
                      !(yoCount(v1) > yoCount(v2) ? a.status == .ok && c.status != .ok : c.status == .ok && a.status != .ok) {
                // "Алёна" on one form and "Алена" on the other: dots of ё get lost in a scan and are
                // not added, so both show the spelling with ё, for review, even when the reading
                // without dots was accepted (seed 2201: "Семёнова" read with its dots on the
                // application, "Семенова" accepted on the consent; taking the accepted spelling
                // activated the packet with the name misspelt).
                // (Accepted with ё on one form and doubted without on the other, the repair below takes ё.)
                let yo = yoCount(v1) > yoCount(v2) ? v1 : v2
                let (dotted, plain) = yoCount(v1) > yoCount(v2) ? (a, c) : (c, a)
                if plain.doubt == .mayHaveLostYo, dotted.doubt?.liftedByOtherForm == true {
                    // Read with its dots on one form, doubted there only for the reading's own sureness
                    // (which the other print's same letters lift), and on the other form doubted only
                    // for dots it may have lost: the two prints agree, the dotted one shows the dots
                    // (seed 2579 p014, a scan: "Бахтиёровна" 0.8 sure, "Бахтиеровна" with its dots lost).
                    // Dots are lost in a scan, never added; a spelling without them that was accepted
                    // (dots measured absent) is no such case and stays a doubt below.
                    let why = "read with its ё on the other form, whose letters agree"
                    a.value = yo; a.status = .ok; a.reason = nil; a.doubt = nil; a.rule = (a.rule ?? "") + "; " + why
                    c.value = yo; c.status = .ok; c.reason = nil; c.doubt = nil; c.rule = (c.rule ?? "") + "; " + why
                } else {
                    let why = "ё printed on one form only"
                    a.value = yo; a.status = .review; a.reason = why; a.doubt = .yoOnOneForm
                    c.value = yo; c.status = .review; c.reason = why; c.doubt = .yoOnOneForm
                }
            } else if let fixed = mended(key: key, from: a, on: application, to: c, application, consent) {
                c = fixed
            } else if let fixed = mended(key: key, from: c, on: consent, to: a, application, consent) {
                a = fixed
            } else if let (fa, fc) = eitherWay(a, c, { nearNameReadOnTheOtherPrint(key: key, $0, $1) }) {
                a = fa; c = fc
            } else if let (fa, fc) = eitherWay(a, c, { knownNameOneLetterFromTheOtherPrint(key: key, $0, $1) }) {
                a = fa; c = fc
            } else {
                // The child's two prints as read, for `acceptChildAddressMisreadOnlyInTheOtherPrint`.
                if key == "child.address" { childAddressPrints = (a, c) }
                let why = "differs between the application and the consent"
                a.status = .review; a.reason = why; a.doubt = .crossFormMismatch
                c.status = .review; c.reason = why; c.doubt = .crossFormMismatch
                let issue = Issue(code: "cross_form_mismatch", field: key, message: "\(key) \(why)")
                application.issues.append(issue)
                consent.issues.append(issue)
            }
            application.fields[key] = a
            consent.fields[key] = c
        }
        // The applicant living with the child: the child's address on either form is another print of
        // the same text, and confirms a repair of the applicant's marks, or a reading of low
        // confidence, the same way.
        let childAddresses = [application.fields["child.address"], consent.fields["child.address"]]
        doubtApplicantsAddressOneCharacterFromTheChilds(application: application, consent: &consent)
        doubtApplicantsAddressPartTheChildsPrintsReadOtherwise(application: application, consent: &consent)
        // So does the child's address accepted on both forms where the application's print reads as this
        // one: a print on another page (`repairedAlikeOnBothForms`).
        if var f = consent.fields["applicant.address"], f.status == .review, f.doubt == .punctuation,
           childAddresses.contains(where: { $0.map { printedAsRepaired(f, other: $0) } ?? false })
            || (f.reason == FieldParser.punctuationRepaired && childAddresses.allSatisfy({ $0?.status == .ok && $0?.value == f.value })
                && f.value.map(printedCleanly) == true) {
            f.status = .ok; f.reason = nil; f.doubt = nil
            consent.fields["applicant.address"] = f
        }
        // An applicant's address doubted only for the reading's low confidence, read exactly alike in the
        // child's address, accepted on both forms: the applicant living with the child, the consent prints
        // the child's address again, and prints read alike, one of them surely, are the evidence the two
        // forms' agreement gives (seed 2595 p017, a scan consent: "Кемеровская область - Кузбасс, с.
        // Мариинский Рудник, ..." 0.85 sure, the child's address on both forms the same and accepted). On
        // seeds 2573-2595, 13 right addresses were held so and no wrong one: every wrong reading of low
        // confidence differed from the packet's other addresses or, read alike there, was in doubt there
        // too (2593 p011: "д. 127" for 127в in both prints of the consent, both doubted). Decided on the
        // packet, only where the child's address was accepted on both forms: the consent's two prints
        // are misread alike more often than two forms (seeds 2577 p013, 2579 p023: the child's and the
        // applicant's address read alike and wrong on the consent, right on the application).
        if let f = consent.fields["applicant.address"], f.status == .review, f.doubt == .lowConfidence, f.value != nil,
           childAddresses.allSatisfy({ $0?.status == .ok }), childAddresses.contains(where: { $0?.value == f.value }) {
            consent.fields["applicant.address"] = cleared(f, rule: "read alike in the child's address, accepted on both forms")
        }
        settleChildAddressByApplicants(application: &application, consent: &consent)
        if let prints = childAddressPrints { acceptChildAddressMisreadOnlyInTheOtherPrint(application: &application, consent: &consent, prints: prints) }
        doubtApplicantsAddressBesideUnsettledChilds(application: application, consent: &consent)
        confirmChildsRepairedAddressByApplicants(application: &application, consent: &consent)
        let childSurnames = [application, consent].compactMap { $0.fields["child.last_name"]?.value }
        doubtApplicantsSurnameOneLetterFromTheChilds(&application, childSurnames: childSurnames)
        doubtApplicantsSurnameOneLetterFromTheChilds(&consent, childSurnames: childSurnames)
        let applicantSurnames = [application, consent].compactMap { $0.fields["applicant.last_name"]?.value }
        doubtChildsSurnameOneLetterFromTheApplicants(&application, applicantSurnames: applicantSurnames)
        doubtChildsSurnameOneLetterFromTheApplicants(&consent, applicantSurnames: applicantSurnames)
    }

    /// The mirror of `doubtApplicantsSurnameOneLetterFromTheChilds`: the child's surname accepted one
    /// letter from a reading of the applicant's (sig2647 p018, a poor consent, first contact: "Горосян"
    /// 0.90 sure for Торосян, the mother's "Торосян" read right on the same page and held for the
    /// forms' disagreement). One of the prints is misread; the child's goes to a person too, as a name
    /// one confusion away from another. The registry entry, which records the child's name, lifts that
    /// doubt where it agrees exactly, so a right reading costs no one's time there.
    static func doubtChildsSurnameOneLetterFromTheApplicants(_ page: inout PageResult, applicantSurnames: [String]) {
        guard let f = page.fields["child.last_name"], f.status == .ok, let v = f.value,
              applicantSurnames.contains(where: { Fuzzy.distance(familyStem(v), familyStem($0)) == 1 }) else { return }
        page.fields["child.last_name"] = doubted(f, .nearKnownName, reason: "one letter from the applicant's surname (one of them misread?)")
    }

    /// The applicant's surname one letter from the child's, gender endings folded ("Киекорова" beside
    /// "Кискорова": seed 2603 p025, a scan, first contact; с read е in the applicant's surname alike on
    /// both forms, accepted as a name outside the lexicon read alike, and the packet activated with it).
    /// A parent's surname is the child's or another one altogether: on the truth of seeds 2501-2603, 771
    /// applicants had the child's surname, 150 one differing by three letters or more, none by one. One
    /// of the two prints is misread, so the applicant's, which no registry entry checks (the child's is
    /// checked there), goes to a person, as a name one confusion away from a known one. The child's
    /// surname counts whether accepted or in doubt: a child's surname in doubt sends the packet to a
    /// person, who would not look at an applicant's surname marked as sure (seed 2611 p030, clean, first
    /// contact: "Челбогатева" accepted on both forms beside the child's "Челбогашева", right and held for
    /// a ё it might have lost). Where the child's reading is the misread one ("Барано" for Баранова),
    /// the applicant's right surname is one more field to confirm.
    static func doubtApplicantsSurnameOneLetterFromTheChilds(_ page: inout PageResult, childSurnames: [String]) {
        guard let f = page.fields["applicant.last_name"], f.status == .ok, let v = f.value,
              childSurnames.contains(where: { Fuzzy.distance(familyStem(v), familyStem($0)) == 1 }) else { return }
        page.fields["applicant.last_name"] = doubted(f, .nearKnownName, reason: "one letter from the child's surname (one of them misread?)")
    }

    /// A surname in the masculine form, lower case, ё as е: "Кузнецова" and "Кузнецов" alike.
    static func familyStem(_ surname: String) -> String {
        NameLexicon.maleForm(foldYo(surname.lowercased()))
    }

    /// The child's address held for marks repaired by rule ("д.57/2" → "д. 57/2"), read alike on both
    /// forms, and the applicant's address on the consent accepted and read exactly as the repaired
    /// value with no repair: a third print shows the marks as the repair put them (seed 2599 p014, a
    /// scan: the child's two prints repaired alike and held, the applicant's print read so as printed).
    /// The same evidence as `printedAsRepaired` gives between the two forms' prints. (Where the two
    /// forms' repaired readings agree and are clean, `repairedAlikeOnBothForms` has lifted them already.)
    static func confirmChildsRepairedAddressByApplicants(application: inout PageResult, consent: inout PageResult) {
        guard let a = application.fields["child.address"], let c = consent.fields["child.address"],
              let applicant = consent.fields["applicant.address"], a.value != nil, a.value == c.value,
              [a, c].allSatisfy({ $0.status == .ok || $0.doubt == .punctuation }), [a, c].contains(where: { $0.status == .review }),
              printedAsRepaired(a, other: applicant) else { return }
        let rule = "the applicant's address on the consent, accepted, reads so with no repair: the marks as printed"
        if a.status == .review { application.fields["child.address"] = cleared(a, rule: rule) }
        if c.status == .review { consent.fields["child.address"] = cleared(c, rule: rule) }
    }

    /// The child's address read otherwise on the two forms, and the consent's applicant's address,
    /// accepted on its own evidence, read exactly as one of them: that third print settles which form
    /// was misread, and both forms take its reading (seed 2591 p015, a scan: "дом 256" in the consent's
    /// child's address for 25б, the application and the applicant's address, accepted, reading "дом
    /// 25б"). On seeds 2573-2595 the accepted applicant's address sided with a child's reading 6 times,
    /// always the right one; where it was in doubt itself, it sided with the wrong one 6 times of 11
    /// (the consent's two prints misread alike: 2577 p013, 2579 p023), so one in doubt settles nothing.
    ///
    /// A child's print whose number both `eng` readings read otherwise (`contested`) is no misreading
    /// the applicant's print can settle: that print and the applicant's, on one page, share its
    /// misreading (sig2643 p011, clean, first contact: "д. 65" read in both prints of the consent, `eng`
    /// reading the child's print 63 as the application had it; the consent's reading was taken).
    static func settleChildAddressByApplicants(application: inout PageResult, consent: inout PageResult) {
        guard var a = application.fields["child.address"], var c = consent.fields["child.address"],
              a.doubt == .crossFormMismatch, c.doubt == .crossFormMismatch, !contested(a), !contested(c),
              let applicant = consent.fields["applicant.address"], applicant.status == .ok, let v = applicant.value,
              a.value == v || c.value == v else { return }
        // A print that holds the other whole, with more before or after it, is not misread: the shorter
        // was cut (sig2667 p025, a scan: the consent's two prints read from their second row, "Кемерово,
        // мкр. …", took the application's whole address's place and were accepted).
        let other = (a.value == v ? c.value : a.value) ?? ""
        guard !other.contains(v), !v.contains(other) else { return }
        let rule = "the applicant's address on the consent, accepted, reads so: the other form's print was misread"
        a = a.value == v ? cleared(a, rule: rule) : taking(v, into: a, rule: rule)
        c = c.value == v ? cleared(c, rule: rule) : taking(v, into: c, rule: rule)
        application.fields["child.address"] = a
        consent.fields["child.address"] = c
        application.issues.removeAll { $0.code == "cross_form_mismatch" && $0.field == "child.address" }
        consent.issues.removeAll { $0.code == "cross_form_mismatch" && $0.field == "child.address" }
    }

    /// The child's address read otherwise on the two forms and left so (no print settled it), and the
    /// applicant's on the consent, accepted, reading as one of them: one of the child's prints is
    /// misread, and the applicant's may share its misreading (sig2643 p011, clean, first contact: "д. 65"
    /// for 63 in both prints of the consent, every model reading the applicant's print so; the child's
    /// prints went to a person, the applicant's was accepted with the misread number).
    static func doubtApplicantsAddressBesideUnsettledChilds(application: PageResult, consent: inout PageResult) {
        guard let a = application.fields["child.address"], let c = consent.fields["child.address"],
              a.doubt == .crossFormMismatch, c.doubt == .crossFormMismatch,
              let f = consent.fields["applicant.address"], f.status == .ok, let v = f.value.map(foldYo),
              [a.value, c.value].contains(where: { $0.map(foldYo) == v }) else { return }
        consent.fields["applicant.address"] = doubted(f, .addressPart,
            reason: "the child's address reads otherwise on the two forms, on one of them as this (which was misread?)")
    }

    /// Three prints of one address: the child's, read alike on both forms, and the applicant's on the
    /// consent, accepted, one character away from it ("Цегкин" for Цеткин: seed 2597 p010, a scan,
    /// first contact of the final code, accepted while both prints of the child's address read
    /// "Цеткин" and were held for their punctuation and a number). The odd print is the misread one,
    /// or the applicant lives next door: a person looks. Where the child's two prints differ, the
    /// applicant's settles them instead (`settleChildAddressByApplicants`). Dots of ё count as the
    /// same letter (their loss has its own doubts).
    ///
    /// A child's print read otherwise on the two forms counts too, when the applicant's print equals
    /// neither (seed 2617 p005, a scan, first contact: "корп. 3" on the application, "корп. 35" on the
    /// consent, the applicant's "корп. 5" accepted and the packet activated with it; every model read
    /// that 5 alike). Where the applicant's print equals one of them, it settles them instead.
    static func doubtApplicantsAddressOneCharacterFromTheChilds(application: PageResult, consent: inout PageResult) {
        guard let f = consent.fields["applicant.address"], f.status == .ok, let v = f.value.map(foldYo) else { return }
        let childs = [application.fields["child.address"]?.value, consent.fields["child.address"]?.value].compactMap { $0.map(foldYo) }
        guard !childs.contains(v), childs.contains(where: { Fuzzy.distance(v, $0) == 1 }) else { return }
        let alike = childs.count == 2 && childs[0] == childs[1]
        consent.fields["applicant.address"] = doubted(f, .addressPart, reason: alike
            ? "the child's address, read alike on both forms, differs from it in one character (one of them misread?)"
            : "a print of the child's address differs from it in one character (one of them misread?)")
    }

    /// The same three prints, compared part by part (the parts between commas): the child's two prints
    /// agree on a part and the applicant's, accepted, reads it otherwise by one or two characters, while
    /// every other part the child's prints agree on reads alike in all three (seed 2761 p021, a scan,
    /// first contact: "п. Звёздны 1" in the applicant's print, "п. Звёздный" in both of the child's,
    /// whose region's name each print misread its own way, so that no print was one character from
    /// another). Parts the child's prints read otherwise say nothing. A person looks, as above.
    static func doubtApplicantsAddressPartTheChildsPrintsReadOtherwise(application: PageResult, consent: inout PageResult) {
        guard let f = consent.fields["applicant.address"], f.status == .ok, let v = f.value.map(foldYo),
              let a = application.fields["child.address"]?.value.map(foldYo),
              let c = consent.fields["child.address"]?.value.map(foldYo) else { return }
        func parts(_ s: String) -> [String] { s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let pv = parts(v), pa = parts(a), pc = parts(c)
        guard pv.count == pa.count, pv.count == pc.count else { return }
        var odd = 0, alike = 0
        for i in pv.indices where pa[i] == pc[i] {
            if pv[i] == pa[i] { alike += 1; continue }
            guard Fuzzy.distance(pv[i], pa[i]) <= 2 else { return }
            odd += 1
        }
        guard odd == 1, alike >= 2 else { return }
        consent.fields["applicant.address"] = doubted(f, .addressPart,
            reason: "a part of the address reads otherwise in both prints of the child's address (misread?)")
    }

    /// `f` sent to a person for `doubt`, its value kept as read (the counterpart of `cleared`).
    static func doubted(_ f: FieldResult, _ doubt: Doubt, reason: String) -> FieldResult {
        var r = f
        r.status = .review
        r.doubt = doubt
        r.reason = reason
        return r
    }

    static func cleared(_ f: FieldResult, rule: String) -> FieldResult {
        var r = f
        r.status = .ok
        r.reason = nil
        r.doubt = nil
        r.rule = (r.rule ?? "") + "; " + rule
        return r
    }

    /// Reconciles the packet's application with its consent when it has exactly one of each.
    /// Returns whether it did.
    @discardableResult
    public static func reconcile(packet pages: inout [PageResult]) -> Bool {
        let apps = pages.indices.filter { pages[$0].form == .application }
        let cons = pages.indices.filter { pages[$0].form == .consent }
        guard apps.count == 1, cons.count == 1 else { return false }
        var a = pages[apps[0]], c = pages[cons[0]]
        reconcile(application: &a, consent: &c)
        pages[apps[0]] = a
        pages[cons[0]] = c
        return true
    }

    /// Whether the doubted reading `f` of a surname, unlike the accepted reading `good`, is also how another
    /// print of the family's name reads: the child's and the applicant's surnames, on either form, in the
    /// male form (a mother's "Цветкова" and her son's "Цветков" are one name). Then the doubted reading has
    /// a print of its own behind it, and the two forms disagree; no repair from the other form
    /// (sig2687 p004, a scan, first contact: the family's "Нерсисян" read so on two of its four prints and
    /// "Нереиеян" on two; the child's surname read "Нерсисян" 0.82 sure on the application was repaired
    /// from the consent's "Нереиеян" and accepted on both forms).
    static func otherPrintReads(_ f: FieldResult, not good: FieldResult, key: String, _ application: PageResult, _ consent: PageResult) -> Bool {
        guard let other = otherSurnameKey(key), let v = f.value, NameLexicon.maleForm(v) != good.value.map(NameLexicon.maleForm) else { return false }
        let prints = [application.fields[other]?.value, consent.fields[other]?.value].compactMap { $0 }
        return prints.contains { NameLexicon.maleForm($0) == NameLexicon.maleForm(v) }
    }

    /// Whether the family's other surname on `page` (the child's beside the applicant's) is accepted and reads
    /// as `f` does (a mother's and a son's forms of one name are one): two accepted prints of the name.
    static func familyAccepts(_ f: FieldResult, key: String, on page: PageResult) -> Bool {
        guard let other = otherSurnameKey(key).flatMap({ page.fields[$0] }), let v = f.value,
              other.status == .ok, let ov = other.value else { return false }
        return NameLexicon.maleForm(ov) == NameLexicon.maleForm(v)
    }

    /// The child's surname key for the applicant's and the other way round; nil for any other key.
    static func otherSurnameKey(_ key: String) -> String? {
        switch key {
        case "child.last_name": return "applicant.last_name"
        case "applicant.last_name": return "child.last_name"
        default: return nil
        }
    }

    /// `bad` mended from `good`, accepted on `goodPage` (`repair`, else `completeCutName`), unless another
    /// print of the family reads as `bad` does (`otherPrintReads`).
    static func mended(key: String, from good: FieldResult, on goodPage: PageResult, to bad: FieldResult,
                       _ application: PageResult, _ consent: PageResult) -> FieldResult? {
        guard !otherPrintReads(bad, not: good, key: key, application, consent) else { return nil }
        return repair(key: key, from: good, to: bad, familyAccepts: familyAccepts(good, key: key, on: goodPage))
            ?? completeCutName(key: key, from: good, to: bad)
    }

    /// A name or address auto-accepted on one form, and read a character or two differently on
    /// the other where that reading itself was in doubt (unsure letters, not a known name, ё):
    /// both forms print the same record, so the doubtful reading is a misreading of the accepted
    /// value. Digits are never repaired this way (a 3 read as 9 on one form is a real doubt).
    static func repair(key: String, from good: FieldResult, to bad: FieldResult, familyAccepts: Bool = false) -> FieldResult? {
        guard key != "application_number", good.status == .ok, bad.status == .review,
              let gv = good.value, let bv = bad.value, let doubt = bad.doubt else { return nil }
        let ownDoubt: Set<Doubt> = [.lowConfidence, .notInNameLexicon, .nearKnownName, .mayHaveLostYo, .patronymicEnding, .lookAlikeRepaired, .punctuation]
        // An unusual surname ("Рустамопа", no surname's ending) is repaired only towards a surname of the
        // lexicon or one the family's two prints on the other form accept alike: a real surname of unusual
        // shape ("Фриз", "Гребень") must not take one misreading of the other print (seed 2685 p010, a scan:
        // "Рустамопа" and "Рустамога" on the application, "Рустамова" accepted for the child and the mother
        // on the consent; the packet went to a person for the misread prints).
        let unusualToKnown = doubt == .unusualSurname && (NameLexicon.shared.knownSurname(gv) || familyAccepts)
        guard ownDoubt.contains(doubt) || unusualToKnown else { return nil }
        func digits(_ v: String) -> String { v.filter { $0.isASCII && $0.isNumber } }
        guard digits(gv) == digits(bv) else { return nil }
        let allowed = key.hasSuffix("address") ? max(2, gv.count / 25) : (gv.count >= 6 ? 2 : 1)
        guard Fuzzy.distance(gv, bv) <= allowed, !repairLeavesTheLexicon(key: key, accepted: gv, doubted: bv) else { return nil }
        return taking(gv, into: bad, rule: "repaired from the other form")
    }

    /// A name accepted on one form, of the lexicon, and read on the other form as that name with letters lost at
    /// one end, in doubt there for its own shape (a patronymic's ending missing, a capital read small, an
    /// unusual surname, low confidence): the shorter print's zone or reading was cut, and letters are lost
    /// at a cut, never added. Seed 2681 p009, a scan consent: "Сер" for Сергеевна accepted on the
    /// application; sig2683 p017: "Даниэле" for Даниэлевна. (Seed 2689 p006's "Имов" for Алимов is read so on
    /// both of the consent's family prints, so `otherPrintReads` keeps it from being completed.) At least two
    /// letters survive and at least one is lost; a longer reading on the doubted side is no such case.
    static func completeCutName(key: String, from good: FieldResult, to bad: FieldResult) -> FieldResult? {
        guard let part = namePart(key), good.status == .ok, bad.status == .review, let gv = good.value, let bv = bad.value,
              let doubt = bad.doubt else { return nil }
        let cutShape: Set<Doubt> = [.patronymicEnding, .capitalRestored, .unusualSurname, .surnameMayBeCut, .lowConfidence, .notInNameLexicon]
        guard cutShape.contains(doubt), NameLexicon.shared.known(gv, as: part), !NameLexicon.shared.known(bv, as: part) else { return nil }
        let g = gv.lowercased(), b = bv.lowercased()
        guard b.count >= 2, b.count < g.count, g.hasPrefix(b) || g.hasSuffix(b) else { return nil }
        return taking(gv, into: bad, rule: "completed from the other form (this print's reading lost letters at one end)")
    }

    /// Both prints of a name in doubt, one reading a name of the lexicon doubted only for its own sureness
    /// (low confidence, a streak over it), the other reading no name, one or two confusable letters from that
    /// very name (`NameLexicon.nearKnown`): the two prints' evidence points at one name. Seed 2685 p010, a
    /// scan: "Бахтиёровна" 0.63 sure on the application, "Бахтибровна" on the consent, whose nearest known
    /// patronymic is "Бахтиёровна". A misreading that lands on a known name on one print while the other
    /// print's misreading lands a confusion away from that same name is not the shape of an error.
    static func nearNameReadOnTheOtherPrint(key: String, _ named: FieldResult, _ near: FieldResult) -> (FieldResult, FieldResult)? {
        guard let part = namePart(key), named.status == .review, near.status == .review, near.doubt == .nearKnownName,
              let v = named.value, let nv = near.value, near.readings?.last == v, v != nv,
              let d = named.doubt, [.lowConfidence, .printUnseen].contains(d),
              NameLexicon.shared.known(v, as: part), !NameLexicon.shared.known(nv, as: part) else { return nil }
        let rule = "one print reads the known name, the other a confusion away from it"
        return (cleared(named, rule: rule), taking(v, into: near, rule: rule))
    }

    /// Two prints of a name one letter apart, of the same length, one reading a name of the real-world
    /// lexicon and the other no name of it, each accepted or doubted only for what the other print's reading
    /// answers (its sureness, its shape outside the lexicon): the print that reads no name misread a letter.
    /// A misreading seldom lands on a name of the lexicon (on seeds 2717-2741, 3 of 52 wrong readings of
    /// names did, all three a poor page's labels mixed up, none a letter away), and then the other print
    /// must have read the rare name right, a letter from a common one. On the same seeds: 5 pairs of 5
    /// taken rightly (seed 2741 p017, a scan: "Дммтриевна" beside Дмитриевна, both 0.6-0.7 sure; seed
    /// 2729 p002: "Гевченко" beside Шевченко, both accepted; 2739 p011: "Никигина" beside Никитина).
    static func knownNameOneLetterFromTheOtherPrint(key: String, _ named: FieldResult, _ off: FieldResult) -> (FieldResult, FieldResult)? {
        guard let part = namePart(key), let v = named.value, let ov = off.value, Fuzzy.oneSubstitutionApart(v, ov),
              NameLexicon.shared.known(v, as: part), !NameLexicon.shared.known(ov, as: part) else { return nil }
        let ownSureness: Set<Doubt> = [.lowConfidence, .printUnseen]
        let shapeOutsideTheLexicon: Set<Doubt> = ownSureness.union([.nearKnownName, .unusualSurname, .notInNameLexicon, .patronymicEnding])
        func answered(_ f: FieldResult, by doubts: Set<Doubt>) -> Bool {
            f.status == .ok || (f.status == .review && f.doubt.map(doubts.contains) == true)
        }
        guard answered(named, by: ownSureness), answered(off, by: shapeOutsideTheLexicon) else { return nil }
        // A reading near another known name than the other print's points elsewhere: the evidence is split.
        if off.status == .review, off.doubt == .nearKnownName, off.readings?.last != v { return nil }
        let rule = "one print reads a name of the lexicon, the other no name, a letter away from it"
        return (cleared(named, rule: rule), taking(v, into: off, rule: rule))
    }

    static func namePart(_ key: String) -> NameLexicon.Part? {
        key.hasSuffix("last_name") ? .surname : key.hasSuffix("first_name") ? .given : key.hasSuffix("middle_name") ? .patronymic : nil
    }

    /// A name read as a name of the lexicon on one form and, a letter or two away, as no name of it on
    /// the other, accepted there: the accepted reading is not the better evidence, the real-world
    /// lexicon sides with the doubted one, so the two prints disagree and a person looks (seed 2631 p004,
    /// a poor packet, first contact: "Сергеева" read 0.78 sure on the application, "Сертеева" 0.89 on
    /// the consent and accepted for its surname ending; the repair wrote the misreading into both forms
    /// and they were accepted). The lexicon is evidence for a spelling, never against one (a rare name
    /// read alike on both forms stays accepted); it only refuses to let a misreading overwrite it.
    static func repairLeavesTheLexicon(key: String, accepted: String, doubted: String) -> Bool {
        guard let part = namePart(key) else { return false }
        let lexicon = NameLexicon.shared
        return lexicon.known(doubted, as: part) && !lexicon.known(accepted, as: part)
    }

    /// `bad` with the other form's value `value` accepted, its own reading kept among the readings.
    static func taking(_ value: String, into bad: FieldResult, rule: String) -> FieldResult {
        var r = cleared(bad, rule: rule)
        r.readings = (r.readings ?? []) + (r.value.map { [$0] } ?? [])
        r.value = value
        return r
    }

    /// The application number accepted on one form, where the other model reading that form's print agreed,
    /// and in doubt on the other form, whose own `eng` readings (the digits re-read or the other model) gave
    /// the accepted value: two prints of one number, each read so by the other model, outweigh the Russian
    /// model's reading of one of them (seed 1901: "97604" for "976041", the last digit lost by the page
    /// reading only). Never towards fewer digits: a zone cut short loses a digit in every reading alike
    /// (seeds 1407, 1601: "833" for "8337"), so a shorter value is no evidence.
    static func settle(key: String, from good: FieldResult, to bad: FieldResult) -> FieldResult? {
        guard key == "application_number", good.status == .ok, bad.status == .review,
              let gv = good.value, let bv = bad.value, gv.count >= bv.count else { return nil }
        if otherModelConfirms(good), bad.otherModel == gv || bad.reread == gv {
            return taking(gv, into: bad, rule: "settled by the other form (its accepted value is this form's other-model reading)")
        }
        // The other model failed on both prints (the same font), but this print's own two other readings,
        // `eng` on its binarised zone and the Russian model's second choices, agree on the value accepted
        // on the other form, whose `eng` re-read reads it too; the page's reading of this print stands
        // alone, one look-alike digit away (seed 2745 p025, a scan, first contact: "29851" on the consent
        // for 29831, read so by every other reading of both prints but `eng` at twice the scale, "98351"
        // on both). The other model reading the page's value on either print is an opinion: no settling.
        if good.reread == gv, bad.reread == gv, bad.agreedAlternative == gv, Fuzzy.oneSubstitutionApart(gv, bv),
           good.otherModel != bv, bad.otherModel != bv {
            return taking(gv, into: bad, rule: "settled by the other form (accepted there; this print's two other readings read it so)")
        }
        return nil
    }

    /// `settle` tried with either print as its first: the two prints it returns, in the order (a, c).
    static func eitherWay(_ a: FieldResult, _ c: FieldResult,
                          _ settle: (FieldResult, FieldResult) -> (FieldResult, FieldResult)?) -> (FieldResult, FieldResult)? {
        settle(a, c) ?? settle(c, a).map { ($0.1, $0.0) }
    }

    /// The rule a print held for a close call takes when the other models' readings of both prints settle it.
    static let closeCallOutweighed = "its close call outweighed by the other models' readings of both prints"

    /// The application number read on one print with one digit more than on the other, where the other
    /// readings of both prints give the shorter value: `eng` on each print's binarised zone, the third model
    /// on the shorter print's grey zone (on the longer one's it reads the value too, or fails, digits no
    /// look-alike explains), and the page's reading of the shorter print. The Russian model read one glyph
    /// as two digits on the longer print (seed 2755 p005, a clean consent, first contact: "3351295" for
    /// 331295, its own `eng` and third-model readings 331295, the application's print accepted; p026, a
    /// scan: "1535339" for 153339, its `eng` reading 153339 and its third model "153329"). The shorter
    /// print is taken on both: accepted on its own evidence, or held there only by the Russian model's
    /// second choice of one digit, which the other models' readings of both prints outweigh. (A shorter
    /// value is no evidence on its own: a zone cut short loses a digit in every reading of that print
    /// alike; here the longer print's own readings are the shorter value.) Returns the settled (shorter,
    /// longer) prints.
    static func digitPutIn(_ short: FieldResult, _ long: FieldResult) -> (FieldResult, FieldResult)? {
        guard let sv = short.value, let lv = long.value, Extractor.isOneDigitShort(sv, of: lv), long.status == .review,
              long.reread == sv, long.thirdModel.map({ $0 == sv || failedReading($0, of: sv) }) ?? true,
              short.reread == sv, short.thirdModel == sv, !contested(short),
              short.otherModel.map({ $0 == sv || $0.count != sv.count }) ?? true,
              short.status == .ok || short.doubt == .closeDigitAlternative else { return nil }
        let rule = "settled by the other form (this print's other readings read the value without the digit the page's reading put in)"
        var s = short
        if s.status != .ok { s = cleared(s, rule: closeCallOutweighed) }
        return (s, taking(sv, into: long, rule: rule))
    }

    /// The application number read one digit apart on the two prints, where `eng` read `held`'s value on
    /// its print twice (the binarised zone and twice the scale), and the other print's page reading stands
    /// against `eng` at twice the scale and the third model on that print, both reading `held`'s value;
    /// `held` in doubt only for a close call of one digit (the Russian model's second choice, or the third
    /// model's look-alike), `eng` on the binarised zone of the other print either agreeing or failing
    /// (another count of digits: a mark read in). Seed 2757 p017 (a scan, looked at after its first contact):
    /// "3982" on the application, read so by the page, `eng` twice and the second choices, the third model
    /// "5982"; "3987" on the consent, whose `eng` at twice the scale, third model and second choices read
    /// 3982 and whose `eng` re-read "23982". Both take `held`'s value. Returns the settled (held, other) prints.
    static func closeCallAndOneDigitOutvoted(_ held: FieldResult, _ other: FieldResult) -> (FieldResult, FieldResult)? {
        guard let hv = held.value, let ov = other.value, Fuzzy.oneSubstitutionApart(hv, ov),
              held.status == .review, held.doubt == .closeDigitAlternative, other.status == .review,
              held.reread == hv, held.otherModel == hv, held.thirdModel != ov, !contested(held),
              other.otherModel == hv, other.thirdModel == hv,
              other.reread.map({ $0 == hv || $0.count != hv.count }) ?? true else { return nil }
        let rule = "settled by the other form (its print read so twice by `eng`; this print's other models read it so)"
        return (cleared(held, rule: closeCallOutweighed), taking(hv, into: other, rule: rule))
    }

    /// An address with none of the doubts its words alone raise, punctuated as printed.
    static func printedCleanly(_ address: String) -> Bool {
        Normalizer.addressDoubt(address) == nil && Normalizer.addressLooksPrinted(address)
    }

    /// Whether the same value on the other form lifts this field's doubt (see `Doubt.liftedByOtherForm`).
    /// A name outside the lexicon is lifted only when both readings are confident: two forms
    /// printed by one printer can be misread alike, and a confident misreading is rarer. The bar is
    /// the lexicon doubt's own gate (it was 0.9: on first-contact seed 2401 "Динаровна" read 0.92
    /// and 0.90 on the two forms stayed in doubt; of the fields this doubt held on seeds 2201, 2205
    /// and 2401, 16 were right and none wrong).
    static func reviewCanLift(_ f: FieldResult, other: FieldResult) -> Bool {
        guard f.status == .review else { return true }
        if f.doubt == .otherModelDiffers, otherModelConfirms(other) || engReadOtherModelFailed(other) { return true }
        // A close call of the Russian models (3/5 on a clean consent, seed 2507 p010) where `eng` read
        // this form's print as the page did, and the other form accepted the same value with `eng`
        // agreeing there too: two prints read alike by a model that does not share the close call.
        if f.doubt == .closeDigitAlternative, f.otherModel != nil, f.otherModel == f.value, otherModelConfirms(other) { return true }
        if f.doubt == .punctuation, printedAsRepaired(f, other: other) || repairedAlikeOnBothForms(f, other) { return true }
        // A house number ending in 6 that this form's print did not settle, accepted on the other form:
        // an address holding it is accepted only where the print showed the digit (`GlyphEvidence`).
        if f.doubt == .addressPart, f.reason == Normalizer.houseSixDoubt, other.status == .ok, other.value == f.value { return true }
        // A comma lost on one print and read on the other: commas get lost, never added, so the other
        // print settles the doubt, as agreement settles a doubt on sureness (seed 2619 p005).
        if f.reason == Normalizer.lostCommaDoubt, let shown = other.value, printedCleanly(shown) { return true }
        if f.doubt == .lookAlikeRepaired, printedAsRead(f, other: other) { return true }
        guard let d = f.doubt, d.liftedByOtherForm else { return false }
        if d == .notInNameLexicon { return f.confidence >= Validator.lexiconGate && other.confidence >= Validator.lexiconGate }
        return true
    }

    /// A name whose reading on this print needed look-alike characters mapped or a stray mark dropped
    /// ("С‘ергеевна"), read on the other form exactly as repaired, with nothing repaired there, and accepted
    /// on that print's own evidence: the other page's print shows the letters the repair put back (sig2715
    /// p003, a scan, first contact: the applicant's "Сергеевна" read 0.96 sure on the application, held on
    /// both forms for the consent's stray mark). Were the two readings a character apart, `repair` would
    /// take the accepted one; read alike, the repair is confirmed, not contradicted.
    static func printedAsRead(_ f: FieldResult, other: FieldResult) -> Bool {
        guard let v = f.value, other.status == .ok, other.value == v, let raw = other.raw else { return false }
        return TextNorm.collapseSpaces(raw) == v
    }

    /// An address whose misread marks were repaired by rule ("д. 92. кв. 14") is confirmed by the other
    /// form's print, accepted on its own evidence and read exactly as the repaired value with no repair:
    /// the marks as printed (seed 2551: 9 right addresses on 5 packets held on one form's repair, the
    /// doubt carried to the other form's right reading). Two repaired readings agreeing are
    /// `repairedAlikeOnBothForms`.
    static func printedAsRepaired(_ f: FieldResult, other: FieldResult) -> Bool {
        guard let v = f.value, Normalizer.addressLooksPrinted(v), Normalizer.addressDoubt(v) == nil else { return false }
        return printedAsRead(f, other: other)
    }

    /// The child's address held on both forms only for marks the repair put back, its letters and digits
    /// read alike on the two pages, and the repaired value punctuated as printed with none of the doubts
    /// its words raise (seed 2653 p011, a scan: "650006. г. Кемерово. мкр. Промышленновский, д. 131. кв.
    /// 128" on both forms, every comma read as a full stop by the bilevel scan). The repair changes only
    /// marks, and writes them as the forms print them; what it could hide is a misread letter or digit,
    /// and two prints on two pages misread alike are what the agreement of the forms rules out for every
    /// other field. One repaired print alone stays in doubt: a single reading that lost its marks often
    /// lost letters too (of the 45 addresses held for a repair on seeds 2621-2653, 25 were misread elsewhere).
    static func repairedAlikeOnBothForms(_ f: FieldResult, _ other: FieldResult) -> Bool {
        guard f.doubt == .punctuation, other.doubt == .punctuation || other.status == .ok, let v = f.value,
              other.value == v, f.reason == FieldParser.punctuationRepaired,
              other.status == .ok || other.reason == FieldParser.punctuationRepaired else { return false }
        return printedCleanly(v) && (other.status == .ok || !wordsInDoubt(v))
    }

    /// The doubts an address's words raise after its punctuation, in `decide`'s order (ё, the breve, its parts,
    /// its vocabulary, a street's name): a print held for its punctuation was never looked at for them. Where both
    /// prints were held so, the repair agreeing does not speak for them (sig2719 p007, a poor packet, first
    /// contact: "п. Звездный" for Звёздный on both prints, each held for a comma the repair put back, accepted
    /// by their agreement without the ё doubt the name raises).
    static func wordsInDoubt(_ v: String) -> Bool {
        Lexicon.shared.mayHaveLostYoInText(v) || Normalizer.breveRestored(v) != nil || Lexicon.shared.breveRestoredInText(v) != nil
            || Normalizer.addressDoubt(v) != nil || Normalizer.addressCutAtALine(v) != nil || Normalizer.addressWordsDoubt(v) != nil || NameLexicon.shared.nearKnownStreetName(v) != nil
    }

    /// The application number read alike on both forms, in doubt for its digit readings only, where the
    /// readings of the two prints (each form's value and every other reading made of it: the field re-read,
    /// the other model, a third reading, a close call's other digit) give that value at least four times
    /// and anything else at most once (seed 2597 p001, a scan: "364" on both forms, held by a close call
    /// 3/5, one reading of six "564"; p010: "27225", one "21225"). On seeds 2577-2597, 169 packets'
    /// numbers read so, every one right; a number misread alike (seed 2535: "85053" four times, 83053
    /// three) has more than one dissent.
    static func readingsOfBothPrintsAgree(_ a: FieldResult, _ c: FieldResult) -> Bool {
        // The other model is another model's opinion, not one reading among many: where it read the
        // number otherwise and read neither print as the value (seed 1407: "37130" under "57130" on
        // both forms), it is not outvoted here. Where it read one print as the value, its other
        // reading of the other print is one dissent (2597 p001: "364" on the application, "564" on the consent).
        let digitDoubts: Set<Doubt> = [.closeDigitAlternative, .otherModelDiffers, .readingsDiffer, .lowConfidence, .singleReading]
        guard let v = a.value, c.value == v, a.status == .review || c.status == .review,
              [a, c].allSatisfy({ $0.status == .ok || $0.doubt.map(digitDoubts.contains) == true }),
              !contested(a), !contested(c) else { return false }
        let otherModel = [a.otherModel, c.otherModel].compactMap { $0 }.filter { !$0.isEmpty }
        guard otherModel.allSatisfy({ $0 == v }) || otherModel.contains(v) else { return false }
        let readings = [a, c].flatMap { f in [v] + (f.readings ?? []).map { String($0.filter(PacketRules.isDigit)) }.filter { !$0.isEmpty } }
        let agreeing = readings.filter { $0 == v }.count
        return agreeing >= 4 && readings.count - agreeing <= 1
    }

    /// The application number read alike on both forms by the page and by `eng`'s digits-only re-read of
    /// each print, held only by `eng` at twice the scale, which read the two prints as two different
    /// numbers, neither of them the value, and at most one close call's other digit: the other model
    /// failed on this font rather than read another number (seed 2695 p002, clean: "73735" read so four
    /// times, the other model "131739" and "13139", one close call "73135"). A model that reads the same
    /// other number on both prints ("37130" under "57130", seed 1407) is an opinion, and stays one.
    static func otherModelFailsAlone(_ a: FieldResult, _ c: FieldResult) -> Bool {
        let digitDoubts: Set<Doubt> = [.closeDigitAlternative, .otherModelDiffers]
        guard let v = a.value, c.value == v, a.status == .review || c.status == .review,
              [a, c].allSatisfy({ $0.status == .ok || $0.doubt.map(digitDoubts.contains) == true }),
              [a, c].allSatisfy({ $0.reread == v }), !contested(a), !contested(c),
              let oa = a.otherModel, let oc = c.otherModel, oa != oc, failedReading(oa, of: v), failedReading(oc, of: v) else { return false }
        let dissent = [a, c].flatMap { ($0.readings ?? []).map { String($0.filter(PacketRules.isDigit)) } }
            .filter { !$0.isEmpty && $0 != v && $0 != oa && $0 != oc }
        return dissent.count <= 1
    }

    /// The application number read alike on both forms, accepted on `other`, whose print `eng` read so
    /// twice (on the binarised zone and at twice the scale), and held on `held` only by `eng`'s two
    /// readings of this print agreeing on a value whose differing digits no look-alike explains (9 for 5),
    /// every other reading of this print (the Russian model's second choices, the third model) giving the
    /// value: the model that reads the other print as the value failed on this one, rather than read
    /// another number (seed 2753 p003, a scan, first contact: "5027" on both forms, `eng` reading "9027"
    /// twice on the application's title and "5027" twice on the consent). A look-alike (3 for 5) is an
    /// opinion, and stays one; so is any third value among the readings.
    static func engFailedOnOnePrint(_ held: FieldResult, other: FieldResult) -> Bool {
        let digitDoubts: Set<Doubt> = [.closeDigitAlternative, .otherModelDiffers, .readingsDiffer]
        guard let v = held.value, other.value == v, held.status == .review, held.doubt.map(digitDoubts.contains) == true,
              otherModelConfirms(other), other.reread == v,
              let alt = held.agreedAlternative, alt != v, alt.count == v.count, held.reread == alt, held.otherModel == alt,
              failedReading(alt, of: v) else { return false }
        let dissent = (held.readings ?? []).map { String($0.filter(PacketRules.isDigit)) }.filter { !$0.isEmpty && $0 != v && $0 != alt }
        return dissent.isEmpty
    }

    /// A reading of `value`'s print that failed rather than read another number: digits put in or left out,
    /// or a digit no look-alike explains (9 for 5; 3 for 5 or 1 for 7 is an opinion).
    static func failedReading(_ other: String, of value: String) -> Bool {
        guard !other.isEmpty, other != value else { return false }
        guard other.count == value.count else { return true }
        return zip(other, value).contains { $0 != $1 && !DigitEvidence.confusable(String($0), String($1)) }
    }

    /// Two prints of the application number read alike by the Russian model lift a doubt only when
    /// `eng` (the digits re-read or the other model) gave that value on one of them: one font and one
    /// printer are misread alike, a poor scan's 4 taken for a 3 on both forms (seed 2513 p007:
    /// "73493" on both, 0.5 sure, `eng` reading "73" and "73454"; 73494 printed).
    static func digitsSeenByAnotherModel(_ key: String, _ a: FieldResult, _ c: FieldResult) -> Bool {
        guard key == "application_number", a.status == .review || c.status == .review else { return true }
        func seen(_ f: FieldResult) -> Bool {
            guard let v = f.value else { return false }
            return f.otherModel == v || f.reread == v
        }
        return seen(a) || seen(c)
    }

    /// The other model disagreeing on one form is outweighed by the other form when that form's own
    /// readings accepted the same value and the other model, reading that form's print, agreed with
    /// it: two readings by the other model of two prints, one of them agreeing with every reading of
    /// the Russian model, are no longer a veto by one. When the other model reads the same other
    /// digits on both forms ("37130" under "57130" on both, seed 1407) the doubt stays on both.
    static func otherModelConfirms(_ f: FieldResult) -> Bool {
        f.status == .ok && f.value != nil && f.otherModel == f.value
    }

    /// The other form accepted the value, `eng` on its binarised zone read it so, and `eng` at twice
    /// the scale read it with digits no look-alike explains ("982898" for 582898): a failure of that
    /// reading (a digit at the zone's edge), not the other model's opinion. Accepted so, that print was
    /// read alike by the page, `eng` once and the third model (`DigitEvidence.ModelVote.otherOutvoted`),
    /// which outweighs the other model's doubt on this one (seed 2551 p015, clean: 582898 held on both forms; on seeds 2545, 2551 and 2203,
    /// 6 of 6 such readings right, and the one dissent by a look-alike digit (1/4) wrong on both).
    static func engReadOtherModelFailed(_ f: FieldResult) -> Bool {
        guard f.status == .ok, let v = f.value, f.reread == v, let o = f.otherModel, o.count == v.count else { return false }
        let differing = zip(o, v).filter { $0 != $1 }
        return !differing.isEmpty && differing.allSatisfy { !DigitEvidence.confusable(String($0.0), String($0.1)) }
    }

    /// `to`, accepted, takes `from`'s doubt when the other form's agreement cannot lift it.
    static func carryDoubt(from: FieldResult, to: inout FieldResult) {
        guard from.status == .review, to.status == .ok, let d = from.doubt, !d.liftedByOtherForm else { return }
        to.status = .review
        to.reason = from.reason
        to.doubt = d
    }

    /// Two readings of this print, one of them `eng`'s, agree on another value than the field's
    /// (`DigitEvidence.agreedAlternative`; a value the majority already gave is not contested).
    static func contested(_ f: FieldResult) -> Bool {
        f.agreedAlternative.map { $0 != f.value } ?? false
    }

    static func yoCount(_ s: String) -> Int { s.filter { $0 == "ё" || $0 == "Ё" }.count }

    static func foldYo(_ s: String) -> String {
        s.replacingOccurrences(of: "ё", with: "е").replacingOccurrences(of: "Ё", with: "Е")
    }

    static func compareKey(_ key: String) -> (String) -> String {
        { v in key.hasSuffix("address") ? TextNorm.key(v) : TextNorm.collapseSpaces(v).uppercased() }
    }
}
