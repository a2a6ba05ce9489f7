import Foundation
import IntakeModel

/// A value found on the page for one output key, before its status is decided.
public struct Candidate: Sendable {
    public var key: String
    public var kind: FieldKind
    public var value: String?
    public var wellFormed: Bool
    public var repaired: Bool
    public var raw: String
    public var tokens: [Int]
    public var box: Box?
    /// Mean word confidence of the tokens the value came from.
    public var confidence: Double
    /// Lowest word confidence among them.
    public var minConfidence: Double
    public var rule: String
    /// Whether the print shows no diaeresis over the words that could be spelt with ё (measured on
    /// the page image): true lifts the ё doubt, false or nil (could not tell) keeps it.
    public var diaeresisAbsent: Bool?
    /// House numbers of an address whose last digit the page's print shows to be a digit, not the
    /// letter printed alike ("116", not "11б"; see `GlyphEvidence`).
    public var housesPrintedAsDigits: Set<String> = []
    /// Tokens (stream indices) read as digits whose last glyph the print shows to be a letter: the
    /// digit models' readings of them are no evidence about the value.
    public var lettersInPrint: Set<Int> = []
    /// A doubt the parser raised on its own (e.g. punctuation it repaired): the field goes to review.
    public var doubt: String?
    /// Other readings of the same zone (field-specific re-read), normalised.
    public var rereads: [String] = []
    public var rereadConfidence: Double = 0
    /// The zone was re-read and the re-read gave no words (the zone spans other print, or its
    /// box is not a single line): the page's reading stands alone, whatever its confidence.
    public var rereadEmpty = false
    /// The third reading of a number's or date's zone, character by character (see `DigitEvidence`).
    public var digitChoices: [CharChoice] = []
    /// Another model's reading of a critical number's or date's zone at another scale, normalised
    /// ("" when it gave no well-formed value; nil when there was none). See `DigitEvidence.otherModel`.
    public var otherModel: String? = nil
    /// The third model's reading of the zone, as `otherModel` ("" for no well-formed value). See
    /// `DigitEvidence.vote`.
    public var thirdModel: String? = nil
    /// Every other value the readings give differs from the page's in 3/5 only, and the print's stems show
    /// each of those digits as the page reads it (`Extractor.settleThreeFive`).
    public var stemsConfirm = false
    /// Found by the shape of its value, no label read (`locateByShape`): always a doubt.
    public var shapeOnly = false
    /// Found by its place in its section, no label read (`locateByPlace`): a doubt unless another
    /// doubt is raised already.
    public var placeOnly = false
    /// More digits follow the number on its line after a break ("№ 6. 880": a scanner's white
    /// streak through "62880"): the value may be only its first part. Always a doubt.
    public var digitsFollow = false
    /// The field's other half printed beside it (a passport's series and number) was not found:
    /// the zone re-read around a malformed reading may not be where the value is, so its majority
    /// does not replace the page's reading (seed 2529 p025: a series "152" 0.14 sure, its number not
    /// found, and three agreeing zone readings "1523" for 3211).
    public var partnerMissing = false
    /// A name word read with a small first letter, taken capitalised (`FieldParser.capitalLost`).
    public var capitalRestored = false
    /// The address with a number as both `eng` readings of its zone read it, where they agreed against
    /// the page's reading and no majority settled the split (`addressNumbers`).
    public var numberAlternative: String? = nil
}

/// From a recognised page to fields with values, statuses and provenance.
public struct Extractor: Sendable {
    public var templates: [FormTemplate]
    /// Date against which "in the future" is judged (default: today).
    public var today: SimpleDate

    public init(templates: [FormTemplate] = Templates.builtIn, today: SimpleDate = .today()) {
        self.templates = templates
        self.today = today
    }

    public func extract(_ page: OCRPage, zones: ZoneReader? = nil) -> PageResult {
        extract(page, zones: zones, alternates: [])
    }

    /// Extracts from the main reading of a page and from other readings of the same page (a
    /// weak page read again at another threshold). Each field keeps the reading whose own
    /// evidence is best; readings that disagree on an accepted value send it to review.
    public func extract(_ page: OCRPage, zones: ZoneReader?, alternates: [(OCRPage, ZoneReader?)]) -> PageResult {
        // A weak page is classified by the first of its readings that matches a form: the title
        // may survive one binarisation and not another.
        var readings = [(page, zones)] + alternates
        var decided: Decided?
        while decided == nil, !readings.isEmpty {
            let (p, z) = readings.removeFirst()
            decided = decide(p, zones: z)
        }
        guard var main = decided else {
            return unknownResult(page)
        }
        for (other, otherZones) in readings {
            guard let alt = decide(other, zones: otherZones), alt.template.form == main.template.form else { continue }
            for key in main.template.outputKeys {
                guard let a = main.fields[key], let b = alt.fields[key] else { continue }
                main.fields[key] = Extractor.merge(a, b)
            }
        }
        var result = PageResult(source: page.source, page: page.page, form: main.template.form, engine: page.engine)
        result.fields = main.fields
        result.selfApplication = main.selfApplication
        result.issues += Validator.pageIssues(result, context: main.context)
        if let hint = Self.faintScanHint(page, fields: result.fields) { result.issues.append(hint) }
        if let zones { result.signed = signaturePresent(main.stream, template: main.template, zones: zones, rules: page.rules,
                                                          source: "\(page.source) p\(page.page)") }
        if result.signed == false {
            result.issues.append(Issue(code: "signature_missing", message: "no signature mark found in the signature place"))
        }
        return result
    }

    /// Two readings of one field: agreement keeps the better status; otherwise the reading
    /// with the stronger own evidence wins, and two different accepted values go to review.
    static func merge(_ a: FieldResult, _ b: FieldResult) -> FieldResult {
        func rank(_ f: FieldResult) -> Int {
            switch f.status {
            case .ok: return 3
            case .review: return f.doubt == .format ? 1 : 2
            case .missing: return f.value == nil && f.reason == "no patronymic printed" ? 2 : 0
            }
        }
        if a.value == b.value { return rank(b) > rank(a) ? b : a }
        // Digits accepted in one reading of the page and read as other well-formed digits in another
        // (in doubt there): the readings of one page disagree, and that is a doubt on the accepted one
        // (seed 2509: a registry number "120108119" accepted in the first reading, "420108119" printed
        // and read so on the grey image).
        func digitsOnly(_ v: String?) -> Bool { v.map { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") } } ?? false }
        if digitsOnly(a.value), digitsOnly(b.value), a.status != b.status, [a, b].contains(where: { $0.status == .ok }),
           let doubted = [a, b].first(where: { $0.status == .review }), doubted.doubt != .format {
            var r = a.status == .ok ? a : b
            r.status = .review
            r.reason = "two readings of the page differ"
            r.doubt = .readingsDiffer
            r.readings = (r.readings ?? []) + [doubted.value ?? ""]
            return r
        }
        if a.status == .ok && b.status == .ok {
            var r = a
            r.status = .review
            r.reason = "two readings of the page differ"
            r.doubt = .readingsDiffer
            r.readings = (r.readings ?? []) + [b.value ?? ""]
            return r
        }
        let (ra, rb) = (rank(a), rank(b))
        if ra != rb { return ra > rb ? a : b }
        return b.confidence > a.confidence + 0.05 ? b : a
    }

    struct Decided {
        var template: FormTemplate
        var fields: [String: FieldResult]
        var context: ValidationContext
        var stream: PageStream
        var selfApplication: Bool?
    }

    /// Classifies one reading and decides each field of its form; nil when no form matched.
    func decide(_ page: OCRPage, zones: ZoneReader?) -> Decided? {
        let tokens = PageLayout.readingOrder(page)
        let stream = PageStream(tokens: tokens)
        if ProcessInfo.processInfo.environment["PFDO_DEBUG_STREAM"] != nil {
            FileHandle.standardError.write(Data(("stream: " + String(stream.raw) + "\n").utf8))
        }
        let cls = Classifier.classify(page, stream: stream, templates: templates)
        guard let template = cls.template else { return nil }
        var candidates: [String: Candidate] = [:]
        var taken: [Range<Int>] = []
        for spec in template.fields {
            var found = locate(spec, template: template, stream: stream, taken: &taken)
            if !found.contains(where: { $0.value != nil }), spec.kind == .phone || spec.kind == .email {
                let shaped = locateByShape(spec, stream: stream)
                if !shaped.isEmpty { found = shaped }
            }
            for c in found { candidates[c.key] = c }
        }
        locateByPlace(template: template, stream: stream, candidates: &candidates)
        for (a, b) in Self.partners {
            if candidates[a]?.value == nil { candidates[b]?.partnerMissing = true }
            if candidates[b]?.value == nil { candidates[a]?.partnerMissing = true }
        }
        let pagePrint = zones.map { PagePrint(stream: stream, zones: $0) }
        if let zones, let pagePrint {
            let weakPage = page.meanConfidence < ValidationContext.weakPage
            reread(&candidates, page: page, zones: zones)
            houseLetters(&candidates, stream: stream, pagePrint: pagePrint)
            settleThreeFive(&candidates, stream: stream, pagePrint: pagePrint)
            houseLetterCase(&candidates, stream: stream, pagePrint: pagePrint)
            addressNumbers(&candidates, stream: stream, zones: zones, weakPage: weakPage, pagePrint: pagePrint)
            for (key, c) in candidates where c.kind == .address && c.doubt == nil && c.value != nil
                && Self.unreadMarkBeforeAddressPart(c.tokens.map { stream.tokens[$0].word }, zones: zones) {
                candidates[key]?.doubt = "punctuation: a mark between two words of the address did not read (a comma lost?)"
            }
            // Absence of dots is only trusted on a good reading of the page, or on a page whose
            // printed breves of й are seen to survive (measured only when a value needs the check).
            let dotted = candidates.filter { c in [.name, .address, .text].contains(c.value.kind) && c.value.tokens.contains {
                Lexicon.shared.yoCandidateWord(stream.tokens[$0].word.text, inText: c.value.kind != .name) } }
            let marksKept = !dotted.isEmpty
                && (!weakPage || (page.meanConfidence >= ValidationContext.marksPage && Self.printMarksSurvive(stream: stream, zones: zones)))
            for (key, c) in dotted where marksKept {
                candidates[key]?.diaeresisAbsent = diaeresisAbsent(c, stream: stream, zones: zones)
            }
        }

        let signing = signingDate(stream, template: template, zones: zones, source: page.source)
        if DigitEvidence.debug { FileHandle.standardError.write(Data("signing date\t\(page.source)\t\(signing.map { "\($0)" } ?? "-")\n".utf8)) }
        let selfApplication = template.form == .application ? isSelfApplication(stream, template) : nil
        let context = ValidationContext(today: today, signingDate: signing, selfApplication: selfApplication ?? false,
                                        categories: template.categories ?? Templates.template(for: .application)?.categories ?? [],
                                        pageConfidence: page.meanConfidence)
        var fields: [String: FieldResult] = [:]
        for key in template.outputKeys {
            fields[key] = Validator.decide(key: key, candidate: candidates[key], context: context)
        }
        if let pagePrint {
            Self.liftDigitsShownByPrint(&fields, candidates: candidates, pagePrint: pagePrint)
            Validator.doubtEmailWPrintedAsTwoMarks(&fields, candidates: candidates, pagePrint: pagePrint)
            Validator.doubtNameLetterPrintedAsTwo(&fields, candidates: candidates, pagePrint: pagePrint)
        }
        Validator.liftNamesByFamily(&fields)
        Validator.confirmEmailByNames(&fields)
        if let pagePrint {
            Validator.doubtEmailMarkPrintedOtherwise(&fields, candidates: candidates, pagePrint: pagePrint)
            Validator.doubtEOrCPrintedOtherwise(&fields, candidates: candidates, pagePrint: pagePrint)
        }
        Validator.doubtStrokeBeforeEmailName(&fields)
        Validator.doubtLetterAfterEmailName(&fields)
        Validator.doubtEmailLettersTheNamesSpellOtherwise(&fields)
        Validator.checkSeriesRegion(&fields)
        Validator.doubtNamesCutFromAddresses(&fields)
        Validator.doubtSurnamesWithoutGivenName(&fields)
        Validator.doubtAddressesOneDigitApart(&fields)
        Validator.doubtPrintUnseen(&fields, unseen: page.unseen)
        return Decided(template: template, fields: fields, context: context, stream: stream, selfApplication: selfApplication)
    }

    private func unknownResult(_ page: OCRPage) -> PageResult {
        let stream = PageStream(tokens: PageLayout.readingOrder(page))
        let cls = Classifier.classify(page, stream: stream, templates: templates)
        var result = PageResult(source: page.source, page: page.page, form: .unknown, engine: page.engine)
        result.issues.append(unknownIssue(page, cls))
        return result
    }

    /// "Прошу зарегистрировать меня" read closer than the parent's "... указанного ниже ребенка".
    private func isSelfApplication(_ stream: PageStream, _ template: FormTemplate) -> Bool {
        guard let phrases = template.selfApplication, phrases.count >= 2,
              let own = stream.find(phrases[0], maxRatio: 0.15) else { return false }
        guard let parent = stream.find(phrases[1], maxRatio: 0.15) else { return true }
        return own.ratio < parent.ratio
    }

    /// Below this many legible words, a page that matched no form may be a faint scan of one.
    static let legibleWordsOfAForm = 15

    /// Words read at a fair confidence with three letters or more.
    static func legibleWords(_ page: OCRPage) -> Int {
        page.words.filter { $0.confidence >= 0.75 && $0.text.filter(\.isLetter).count >= 3 }.count
    }

    /// A page whose form was recognised (its title survived) but whose fields were nearly all not
    /// found, on a page with few legible words: the scan erased or blurred the body text (seed 2503:
    /// a bilevel scan of faint print). Retyping it from the paper is the operator's only other way,
    /// so say to rescan it.
    static func faintScanHint(_ page: OCRPage, fields: [String: FieldResult]) -> Issue? {
        let printed = fields.values.filter { !($0.status == .missing && $0.reason == "no patronymic printed") }
        // A value read as shards of the erased print ("Место" for an address, "си" for a category) is
        // no better than none (seed 2511 p008: 8 of 13 fields not found, 3 more not of their format).
        let missing = printed.filter { $0.status == .missing || $0.doubt == .format }.count
        let legible = legibleWords(page)
        guard printed.count >= 4, missing * 4 >= printed.count * 3, legible < legibleWordsOfAFilledForm else { return nil }
        return Issue(code: "faint_scan", message: "\(missing) of \(printed.count) fields not found or not readable as their kind, and only \(legible) legible word(s): if this is a faint or erased scan, rescan it")
    }

    /// A filled form read form-aware (its legal paragraphs' inner lines skipped) gives 60-80
    /// legible words on seeds 2501-2505, read whole some 200; a scan that erased or blurred its body
    /// text keeps its title and headings, 11-23 on the same seeds.
    static let legibleWordsOfAFilledForm = 40

    /// Fields printed side by side as two halves of one value (`Candidate.partnerMissing`).
    static let partners = [("applicant.passport_series", "applicant.passport_number")]

    private func unknownIssue(_ page: OCRPage, _ cls: Classification) -> Issue {
        if page.lines.isEmpty {
            return Issue(code: "blank_page", message: "no text could be read on the page: blank, or print too faint to read (rescan it then)")
        }
        if cls.wrongLanguage {
            return Issue(code: "wrong_language", message: "the text is not Russian (or was read with a non-Russian model)")
        }
        var message = String(format: "not an application or consent (best template match %.0f%% of keywords)", cls.score * 100)
        // A form holds some 200 legible words, an unrelated page of print a few dozen at least (the
        // committed negatives: 20-42); a bilevel scan of faint print (seeds 2401, 2403: a title half
        // there, the body erased) under 10. Say so, so that the operator rescans it.
        let legible = Self.legibleWords(page)
        if legible < Self.legibleWordsOfAForm {
            message += "; only \(legible) legible word(s): if this is a faint or erased scan, rescan it"
        }
        return Issue(code: "unknown_form", message: message)
    }
}
