import Foundation
import IntakeModel

/// The third reading of a number, date, phone or passport field, and the rule that weighs it
/// against the first two (the page reading and the digits re-read).
///
/// The third reading sees other pixels (the grey image, not the binarised one) and keeps, for each
/// character, the model's other candidates. Two kinds of evidence come from it:
/// - its value: it settles a disagreement of the first two readings by majority, or adds one;
/// - its close calls: a digit whose other candidates include another digit at a fair share. When
///   every reading agrees on "8592" but the model also saw a 3 in the second place, the same
///   misreading on both forms of the packet is plausible (one printer, one font), so the value is
///   doubted instead of accepted.
public enum DigitEvidence {
    /// An alternative digit at or above this probability makes its place a close call (set on
    /// seed 1401: wrong values showed their confusion at 0.18-0.68, right ones mostly below).
    public static let closeAlternative = 0.25
    /// The digit pairs print and scans confuse (3/5, 3/8, 5/6, 6/8, 2/7, 1/7, 1/4, 3/9). A 0 with
    /// a 9 among its candidates was the commonest alternative on right values and never on a wrong one.
    static let confusable: Set<String> = ["35", "38", "56", "68", "27", "17", "14", "39"]

    static func confusable(_ a: String, _ b: String) -> Bool {
        confusable.contains(a < b ? a + b : b + a)
    }
    /// A third reading settles a disagreement only when each of its digits is at least this sure.
    public static let settleConfidence = 0.80

    public enum Verdict: Equatable, Sendable {
        /// The third reading agrees and no digit was a close call.
        case confirms
        /// The readings agree, but at some digit the model also saw another digit: `variant` is the
        /// value that reading would give.
        case closeCall(variant: String)
        /// The third reading gives another well-formed value than the first reading.
        case differs(third: String)
        /// The first two readings agree and outvote a third that differs (where `majority` allows).
        case outvoted(third: String)
        /// The first two readings differ and the third, sure of every digit, sides with the re-read.
        case settles(value: String)
        /// Nothing usable: no third reading, or not the field's format.
        case unreadable
    }

    /// Weighs the third reading (`third`, characters with candidates) against the page reading
    /// `value` and the digits re-read `reread` (nil when there was none; "" when it failed).
    /// With `majority`, two agreeing readings outvote a third that differs (fields that do not hold
    /// back activation); without it, the difference is a doubt (critical fields).
    public static func judge(kind: FieldKind, value: String, reread: String?, third: [CharChoice],
                             majority: Bool = false) -> Verdict {
        let text = third.map(\.text).joined()
        guard let n = FieldParser.normalize(kind: kind, text), n.wellFormed else { return .unreadable }
        let t = n.value
        let variants = closeVariants(kind: kind, third: third, value: t)
        let disputed = reread.map { $0 != value } ?? false
        if !disputed {
            if t != value { return majority && reread != nil ? .outvoted(third: t) : .differs(third: t) }
            if let v = variants.first { return .closeCall(variant: v) }
            return .confirms
        }
        // The third reading is the page's model on other pixels: siding with the page it repeats the
        // page's confusion (seed 1403: "5222" for "3222" read so by both), so only its agreement with
        // the re-read of the other model settles.
        guard t == reread else { return .differs(third: t) }
        if let v = variants.first { return .closeCall(variant: v) }
        let sure = third.filter { isDigit($0.text) }.allSatisfy { $0.confidence >= settleConfidence }
        return sure ? .settles(value: t) : .differs(third: t)
    }

    /// The values the third reading would give with one close-call digit replaced by its
    /// alternative (only well-formed values that differ from `value`), most likely first.
    public static func closeVariants(kind: FieldKind, third: [CharChoice], value: String) -> [String] {
        var found: [(String, Double)] = []
        for (i, c) in third.enumerated() where isDigit(c.text) {
            for a in c.alternatives where isDigit(a.text) && a.confidence >= closeAlternative && confusable(c.text, a.text) {
                var chars = third.map(\.text)
                chars[i] = a.text
                guard let n = FieldParser.normalize(kind: kind, chars.joined()), n.wellFormed, n.value != value,
                      !found.contains(where: { $0.0 == n.value }) else { continue }
                found.append((n.value, a.confidence))
            }
        }
        return found.sorted { $0.1 > $1.1 }.map(\.0)
    }

    /// The vote of the three models on a zone of digits: the Russian page reading, `eng` twice (the
    /// digits re-read on the binarised zone, the other model on the grey zone at twice the scale) and
    /// a third model trained apart (`Candidate.thirdModel`). Calibrated on seeds 2201, 2205 and 2401
    /// (811 digit fields): every case below was right each time it occurred.
    public enum ModelVote: Equatable, Sendable {
        /// All four readings agree: a close call of the Russian model's grey reading is its own
        /// hesitation, not a misreading (26 right, 0 wrong).
        case allAgree
        /// `eng` at twice the scale differs, but `eng` on the binarised zone and the third model read
        /// the page's value: the odd reading is outvoted (17 right, 0 wrong).
        case otherOutvoted
        /// Both `eng` readings and the third model agree on another value than the Russian page
        /// reading: the Russian model's confusion (a flat-topped 3 read as 5) is outvoted and the
        /// value is theirs (24 right, 0 wrong). Or both `eng` readings and the Russian model's
        /// reading of the grey zone agree against the page, whatever the third model says (16 of 16).
        case majority(String)
        /// The page and `eng` twice agree; the third model alone reads one digit otherwise (the Russian
        /// model's grey reading at most hesitating there): the third model is outvoted. Calibrated on
        /// seeds 2573, 2577 and 2579 (the close calls it settles: 9 fields right, 0 wrong; a zone cut
        /// short, where the readings differ in length or in more digits, stays a doubt). Applied to the
        /// fields that do not hold back activation only.
        case thirdOutvoted
    }

    public static func vote(_ c: Candidate) -> ModelVote? {
        if !c.wellFormed { return malformedPageVote(c) }
        guard let value = c.value, let reread = c.rereads.first, let other = c.otherModel,
              !reread.isEmpty, !other.isEmpty else { return nil }
        // Every re-read reads the same zone: a zone cut one digit short ("№194", the glued sign's box
        // taking in the 1) gives all of them the same shorter number (seed 2507: "94" by three
        // readings, 194 printed). Against a page reading sure of itself, that is no majority.
        if other.count < value.count, value.hasSuffix(other) || value.hasPrefix(other),
           c.minConfidence >= Self.sureOfEdgeDigits { return nil }
        // Readings longer than the page's, other than by digits after all of it, are no majority
        // against it: a sign glued before the digits is forced into a digit by every digits-only
        // reading alike (seed 2513: "№23282" read "223282" by `eng` twice and the third model,
        // "25282" by the page), which the Russian page reading, knowing "№", does not share.
        let notLongerInFront = other.count <= value.count || other.hasPrefix(value)
        if let third = c.thirdModel, !third.isEmpty {
            if reread == value, third == value { return other == value ? .allAgree : .otherOutvoted }
            if reread == value, other == value, Fuzzy.oneSubstitutionApart(third, value) {
                return .thirdOutvoted
            }
            // Not when the Russian model reads the grey zone as the page did, sure of the page: then
            // two preparations by one model stand against three readings of models that share a
            // confusion of their own (seed 2545 p001, clean: "215546" by `eng` twice and the third
            // model, 275546 printed and read by the page at 0.95 and the grey zone); a person decides.
            // Unless the page's only difference is a 5 where the three read 3: that is the Russian
            // model's own confusion of a flat-topped 3, which the third model shares, so its reading
            // of a 3 there is a reading against its bias, and the grey zone's agreement with the page
            // is the same model twice (`fiveReadForThree`).
            if reread == other, third == other, other != value, notLongerInFront,
               !(greyValue(c) == value && c.minConfidence >= Self.sureOfEdgeDigits && !fiveReadForThree(value, other)) {
                return .majority(other)
            }
        }
        // `eng` twice and the Russian model on the grey zone agree against the page's reading,
        // whatever the third model says: 16 right of 16 on seeds 2201-2501, 3 of them where the
        // third model sided with the page (it shares the Russian model's 3/5 confusion: "+79008847578"
        // for "…378") and 4 where it read the glued "№" as a digit ("030725").
        if reread == other, other != value, notLongerInFront, greyValue(c) == other { return .majority(other) }
        return nil
    }

    /// Whether `page` differs from `others` (of its length) only in 5s where `others` has 3s: the
    /// confusion of the Russian model (the page's reading and its grey zone's alike) on a flat-topped
    /// 3. On the corpora of seeds 2717-2741 (eight corpora, 300 packets, read by the code of
    /// 2026-12-07 morning), every number where `eng` twice and the third model agreed against the
    /// page and its grey zone was theirs: 18 of 18, 14 of them a 5 read for a 3, 6 of those with the
    /// page at least 0.9 sure (seed 2741 p010, a scan: passport series "5219" for 3219, the birth
    /// date "22.05.2018" for 22.03.2018; seed 2729 p009, clean: "5224" for 3224; seed 2717 p020,
    /// clean: application number "55479" for 53479). The one number known where the three read
    /// wrong against a sure page (seed 2545 p001: 1 for 7) is no such difference.
    static func fiveReadForThree(_ page: String, _ others: String) -> Bool {
        guard page.count == others.count else { return false }
        let differing = zip(page, others).filter { $0 != $1 }
        return !differing.isEmpty && differing.allSatisfy { $0.0 == "5" && $0.1 == "3" }
    }

    /// Another value of the page's length that two of this print's other readings (`eng` on the
    /// binarised zone, `eng` at twice the scale, the third model, the Russian model on the grey
    /// zone) agree on, one of them `eng`'s. Two prints read alike by the page's model and `eng` at
    /// twice the scale do not outweigh it (seed 2535 p021, clean: "85053" on both forms for 83053,
    /// `eng` on the binarised zone reading 83053 on both and the third model on one; the forms'
    /// agreement lifted the doubt). The third model and the Russian model on the grey zone alone
    /// are no such pair: they share the page model's 3/5 confusion (seed 2531 p009: both read
    /// "52072" under a right 32072 that `eng` read twice).
    public static func agreedAlternative(_ c: Candidate) -> String? {
        guard let value = c.value, digitKinds.contains(c.kind) else { return nil }
        let others = [c.rereads.first, c.otherModel, c.thirdModel, greyValue(c)].compactMap { $0 }
            .filter { !$0.isEmpty && $0 != value && $0.count == value.count }
        let counts = Dictionary(others.map { ($0, 1) }, uniquingKeysWith: +)
        let byEng = Set([c.rereads.first, c.otherModel].compactMap { $0 })
        return counts.filter { $0.value >= 2 && byEng.contains($0.key) }.max { $0.value < $1.value }?.key
    }

    /// A registry number the page read without its region's code, 42, where the three readings of
    /// the grey zone (`eng` at twice the scale, the third model, the Russian model's grey reading)
    /// agree on one of the same length that opens with it: the code's 4 lost on the binarised page,
    /// so the page and the binarised re-read share the misreading (seed 2573 p019, a scan:
    /// "1201928158" for 4201928158; seed 2577 p024: "4702119569" for 4202119569).
    public static func regionCodeFromGrey(_ c: Candidate) -> String? {
        let code = Normalizer.registryRegionCode
        guard c.key == "registry_number", let value = c.value, !value.hasPrefix(code), let other = c.otherModel,
              other.hasPrefix(code), other.count == value.count, c.thirdModel == other, greyValue(c) == other else { return nil }
        return other
    }

    /// The kinds whose values are digits: numbers, dates, phones and passport details.
    static let digitKinds: Set<FieldKind> = [.number, .registry, .date, .phone, .passportSeries, .passportNumber]

    /// A page reading at least this sure keeps a digit at its edge that every re-read lacks
    /// (the seed 2501 page reading of a glued "№" as a digit, outvoted rightly, was 0.45 sure).
    static let sureOfEdgeDigits = 0.9

    /// An application number the page read surely and the third model read alike, where every other
    /// reading is the same number shorter at an edge: a sign glued to the digits ("№614") makes the
    /// digits-only readings lose a digit beside it ("61", "6"), which no misreading of the page's
    /// model repeats with the third model's agreement (seed 2507 p016, a self-application with no
    /// consent to agree with). A page reading less sure, or a shorter reading that is not a cut of
    /// it, or any reading with other digits, leaves the vote as it was.
    static func rereadsCutShort(_ c: Candidate) -> Bool {
        guard c.kind == .number, let value = c.value, c.minConfidence >= 0.95, c.thirdModel == value else { return false }
        let others = [c.rereads.first, c.otherModel, greyValue(c)].compactMap { $0 }.filter { !$0.isEmpty }
        let differing = others.filter { $0 != value }
        return !differing.isEmpty
            && differing.allSatisfy { $0.count < value.count && (value.hasPrefix($0) || value.hasSuffix($0)) }
    }

    /// The Russian model's reading of the grey zone (`Candidate.digitChoices`) as a value of the
    /// field's kind, when well formed.
    static func greyValue(_ c: Candidate) -> String? {
        let text = c.digitChoices.map(\.text).joined()
        guard !text.isEmpty, let n = FieldParser.normalize(kind: c.kind, text), n.wellFormed else { return nil }
        return n.value
    }

    /// The page's reading is no value of its kind ("2017-10-97", "1120-24-61", a date cut to "2"):
    /// it offers no competing value, and the Russian model on the grey zone and `eng` at twice the
    /// scale agreeing on one well-formed value with the third model or with `eng` on the binarised
    /// zone give it. Calibrated on seeds 2201, 2205, 2401, 2403 and 2501: 13 right of 13. Where the page's reading is well formed, these three agreeing
    /// against it and the re-read is no majority: twice a short number ("23") was read "25" by all three.
    ///
    /// Nor does the grey zone's Russian reading need to agree when it repeats the page's impossible
    /// value and the other three readings (`eng` on the binarised zone, `eng` at twice the scale, the
    /// third model) agree on one well-formed value, the majority a well-formed page reading loses to
    /// as well (seed 2541 p019 and p029, scans: "01.17.2001" and "50.05.2025" by the Russian model
    /// on the page and on the grey zone, 01.12.2001 and 30.05.2025 printed and read by the three).
    ///
    /// Three readings against `eng` on the binarised zone are no majority when that re-read is a
    /// possible value one confusable digit from theirs: the grey zone's Russian reading, the third
    /// model and `eng` at twice the scale can share one confusion, and with the page's reading
    /// malformed nothing else speaks (`disputedMajority`).
    static func malformedPageVote(_ c: Candidate) -> ModelVote? {
        guard let majority = malformedPageMajority(c), disputedMajority(c, majority) == nil else { return nil }
        return .majority(majority)
    }

    /// The value the other readings agree on against a malformed page reading, before any dispute
    /// (`malformedPageVote`).
    static func malformedPageMajority(_ c: Candidate) -> String? {
        guard c.value != nil, let other = c.otherModel, !other.isEmpty else { return nil }
        let grey = greyValue(c)
        if c.rereads.first == other, c.thirdModel == other, grey == nil { return other }
        guard grey == other, c.thirdModel == other || c.rereads.first == other else { return nil }
        return other
    }

    /// The re-read on the binarised zone when it disputes `majority`: of its length, one or two digits
    /// apart, one of them where the models confuse digits (3/5, 1/7, ...), and itself a possible value
    /// (a real date, a registry number with the region's code when the majority has it). Seed 2721 p019
    /// and seed 2697 p028 (a poor page and a scan, first contact): the page's reading of the registry
    /// number had a digit too many; the grey zone's Russian reading, the third model and `eng` at twice
    /// the scale read 5 where 3 is printed; `eng` on the binarised zone read 3 there (p019's first
    /// reading also 8 for a 0). Both were accepted wrongly; a person decides now. A re-read whose digit
    /// breaks the region's code ("1202303827", seed 2715 p003) or makes no date ("2017-10-87", seed 2501
    /// p016) disputes nothing, nor does one that differs only in digits the models do not confuse.
    static func disputedMajority(_ c: Candidate, _ majority: String) -> String? {
        guard let dissent = c.rereads.first, dissent != majority, dissent.count == majority.count else { return nil }
        let differing = zip(dissent, majority).filter { $0 != $1 }
        guard differing.count <= 2, differing.allSatisfy({ $0.0.isNumber && $0.1.isNumber }),
              differing.contains(where: { confusable(String($0.0), String($0.1)) }) else { return nil }
        if c.kind == .date, SimpleDate(iso: dissent) == nil { return nil }
        let code = Normalizer.registryRegionCode
        if c.key == "registry_number", majority.hasPrefix(code), !dissent.hasPrefix(code) { return nil }
        return dissent
    }

    /// Whether the field gets another model's opinion (`Candidate.otherModel`): every number, date,
    /// phone and passport field. On a critical one (registry and application numbers, the child's
    /// birth date) a disagreement holds the packet back; on the others it leaves the field
    /// unverified (seed 1407: a passport series "5224" for "3224" was accepted by three readings).
    public static func needsOtherModel(key: String, kind: FieldKind) -> Bool {
        digitKinds.contains(kind)
    }

    /// The other model's reading as a value of the field's kind ("" when it gives none).
    /// A sign glued before the digits in print ("№28147", read so by the page) is forced into a
    /// digit by the other model's digits-only list ("228147"): when the page's first word starts
    /// with such a sign and the other reading has exactly one digit more than the page's value,
    /// its first digit is that sign. Lengths decide, not which digits agree.
    public static func otherModelValue(kind: FieldKind, text: String, printed: String, value: String?) -> String {
        var text = text
        if let first = printed.first, !first.isNumber, printed.dropFirst().first?.isNumber == true, let value,
           text.filter(\.isNumber).count == value.filter(\.isNumber).count + 1,
           let i = text.firstIndex(where: \.isNumber) {
            text.remove(at: i)
        }
        guard let n = FieldParser.normalize(kind: kind, text), n.wellFormed else { return "" }
        return n.value
    }

    /// A critical number or date the first readings accepted goes to a person when another model,
    /// reading the zone at another scale, gives another well-formed value. The three readings may
    /// share the Russian model's confident confusion (a flat-topped 3 read as 5 by the page, its
    /// re-read and its grey-image reading alike); the other model fails differently. Its failure to
    /// give a well-formed value is no evidence either way (it reads some print badly), nor is a
    /// value of another length: it testifies to which digits are printed, and its length errors
    /// come from the zone's edges (seed 1601: "833" for "8337", "444" for "1444", "59" for "5924",
    /// 5 of the 9 values it doubted wrongly on seeds 1407 and 1601, none of them a misreading caught).
    /// A doubt the other form would lift (two readings differ, low confidence) becomes this one too:
    /// both forms agreeing on the Russian model's reading is no evidence against the other model.
    public static func otherModel(_ c: Candidate, result: FieldResult) -> FieldResult {
        var result = result
        if let other = c.otherModel, !other.isEmpty { result.otherModel = other }
        if vote(c) == .otherOutvoted { return result }
        guard result.status == .ok || (result.status == .review && result.doubt?.liftedByOtherForm == true),
              let value = result.value, let other = c.otherModel, !other.isEmpty, other != value,
              other.count == value.count else { return result }
        var r = result
        r.status = .review
        r.doubt = .otherModelDiffers
        r.reason = "another model reading the digits at twice the scale gives a different value"
        r.readings = (r.readings ?? []) + [other]
        return r
    }

    /// Both models read the value: the page reading (the Russian model on the binarised page) and the
    /// other model's reading (`eng` on the line-free grey zone at twice the scale) give it, and so does
    /// the digits re-read (`eng` on the binarised zone), or, when the re-read gave no value of the
    /// value's length (a "№" glued to the number read as a digit, a digit lost at the zone's edge: a
    /// reading that failed, not one that disagrees), the third reading (the Russian model on the grey
    /// zone). Three readings by two models on three preparations of the pixels agree, and that
    /// agreement, not confidence, lets the value through: the fourth reading's other value and a low
    /// confidence are outvoted. A close call of the third reading is not: it stays a doubt.
    ///
    /// Calibration on seeds 1407 and 1601 (the confidence rules were set before, on 1401 and 1403) and
    /// 1801: with the re-read agreeing, 422 + 184 values right and 3 wrong, of which 2 (a digit lost at
    /// the zone's edge by every reading alike) were accepted before too and 1 ("237" for "287" on a
    /// poor scan, all four readings alike) was caught only by the third reading's close call 3/8 — so
    /// close calls keep their doubt (47 right, 1 wrong under agreement); the differing third readings
    /// (15) and low confidences outvoted were all right. With the re-read failed and the third reading
    /// agreeing, 35 + 21 right and none wrong. A re-read of the same length that differs is a vote
    /// against: the Russian model and the other model at twice the scale can share a 3/5 confusion
    /// (seed 1801: "5221" for "3221", the re-read right), so it stays a doubt.
    public static func bothModelsAgree(_ c: Candidate) -> Bool {
        guard let value = c.value, c.wellFormed, let other = c.otherModel, other == value,
              closeVariants(kind: c.kind, third: c.digitChoices, value: value).isEmpty else { return false }
        // The two Russian-family readings of the grey zone (the Russian model and the third model)
        // both reading one digit otherwise, alike: `eng` twice and the page against them is no
        // agreement (seed 2509: "120108119" by the page and eng, "4…" by both others, 4 printed).
        if let grey = greyValue(c), let third = c.thirdModel, sharedOtherDigit(value, grey, third) { return false }
        if let reread = c.rereads.first {
            if reread == value { return true }
            if !reread.isEmpty, reread.count == value.count { return false }
        }
        return greyValue(c) == value
    }

    /// A phone's or a passport's series or number (fields that do not hold back activation) whose
    /// binarised re-read and `eng` at twice the scale both failed (no value of the kind: the "+7" and its
    /// bracket read in as digits, nothing well-formed at twice the scale), and whose three other readings,
    /// the page, the grey zone's characters and the third model (two models, two preparations), agree with
    /// no close call among the characters. Seeds 2735 p021, 2739 p012, p018 and p027 (scans and clean
    /// pages): four right phones held for two failed readings alone; on seeds 2733-2745 no wrong value
    /// was read alike by the three (2735 p030, 2739 p001: the third model read the printed digit).
    public static func twoFailedThreeAgree(_ c: Candidate) -> Bool {
        guard [.phone, .passportSeries, .passportNumber].contains(c.kind), !FieldRoles.isCritical(c.key), (c.otherModel ?? "").isEmpty,
              let (_, reread) = rereadAgainstThreeAlike(c) else { return false }
        return FieldParser.normalize(kind: c.kind, reread)?.wellFormed != true
    }

    /// The page's well-formed value, read alike by the grey zone's characters (with no close call among
    /// them) and the third model, and the binarised re-read that read something else; nil otherwise.
    static func rereadAgainstThreeAlike(_ c: Candidate) -> (value: String, reread: String)? {
        guard let value = c.value, c.wellFormed, let reread = c.rereads.first, !reread.isEmpty, reread != value,
              c.thirdModel == value, greyValue(c) == value,
              closeVariants(kind: c.kind, third: c.digitChoices, value: value).isEmpty else { return nil }
        return (value, reread)
    }

    /// `eng` on the binarised zone failed rather than disagreed, and the four other readings (the
    /// page, the Russian model on the grey zone, `eng` at twice the scale, the third model) give the
    /// page's value. Failed: its reading is no value of the kind ("2004-05-69"), or differs from the
    /// page's by a shift within the same length, a digit put in and another left out ("+78923627947":
    /// the printed "8(923)" read into the number), which no digit's look-alike explains. A reading
    /// that differs by substituted digits is a disagreement however many other readings side with
    /// the page: the Russian models and `eng` at twice the scale share the 3/5 confusion (seed 2541
    /// p019: "745186" by all four, 743186 printed and read by `eng` on the binarised zone alone).
    /// Seeds 2537, 2539: 2 right values of 2 (p009 of 2539, p008 of 2537).
    ///
    /// Not where the grey zone's character reading holds a close call of another digit: every model
    /// then may share one confusion (seed 2645 p007, a poor page, first contact: "4210588142" by the
    /// page and the three grey readings, the binarised re-read "4710588142" breaking the region's code,
    /// 3 printed where all read 5 and the character reading gave 3 as its close second; accepted).
    public static func rereadFailedOthersAgree(_ c: Candidate) -> Bool {
        guard c.otherModel == c.value, let (value, reread) = rereadAgainstThreeAlike(c) else { return false }
        if c.kind == .date, SimpleDate(iso: reread) == nil { return true }
        // A registry number opens with its region's code, 42 (Kemerovo oblast): a re-read that does
        // not, beside four readings that do, failed: a glued "№" read as digits in front (seed 2573
        // p002, p022: "2420692563", "094202472441" for 420692563, 4202472441) or the code's 4 misread
        // on the binarised zone (seed 2579 p012: "3206428273").
        if c.key == "registry_number", value.hasPrefix(Normalizer.registryRegionCode), !reread.hasPrefix(Normalizer.registryRegionCode) { return true }
        // A phone, a passport's series or number, a registry number: a re-read that is no value of the
        // kind at all (13 digits for a phone, the "+7" and its bracket read in as digits; a passport
        // number's first 0 lost) failed, where the page's value is one. On seeds 2717-2741 (the code of
        // 2026-12-07 morning): 22 values of 22 right, 10 of them phones held for the re-read alone.
        // Not the application number, whose length varies: a digit lost at the zone's edge by the page
        // and the readings that side with it leaves a well-formed value (below).
        if c.kind != .number, FieldParser.normalize(kind: c.kind, reread)?.wellFormed != true { return true }
        // A reading longer or shorter than the page's is no failure: the page and the readings that
        // side with it may all have lost a digit at the zone's edge (seed 2539 p027: "05143" by four
        // readings, 705143 printed and read by `eng` on the binarised zone; accepting it activated the
        // packet with a wrong application number).
        guard reread.count == value.count else { return false }
        let hamming = zip(reread, value).filter { $0 != $1 }.count
        return Fuzzy.distance(reread, value) < hamming
    }

    /// Whether `a` and `b` (of `value`'s length) read some digit of `value` alike as another digit.
    static func sharedOtherDigit(_ value: String, _ a: String, _ b: String) -> Bool {
        let v = Array(value), x = Array(a), y = Array(b)
        guard x.count == v.count, y.count == v.count else { return false }
        return v.indices.contains { x[$0] == y[$0] && x[$0] != v[$0] }
    }

    /// PFDO_DEBUG_DIGITS=1 prints each third reading beside the first two to stderr, for
    /// calibration on generated corpora (it prints values: never set it on real forms).
    static let debug = ProcessInfo.processInfo.environment["PFDO_DEBUG_DIGITS"] != nil

    static func log(source: String, _ c: Candidate) {
        let third = c.digitChoices.map(\.text).joined()
        let alt = c.digitChoices.filter { isDigit($0.text) }.flatMap { ch in ch.alternatives.filter { isDigit($0.text) }.map { (ch.text, $0.text, $0.confidence) } }
            .max { $0.2 < $1.2 }
        let minThird = c.digitChoices.filter { isDigit($0.text) }.map(\.confidence).min() ?? -1
        let verdict = c.value.map { judge(kind: c.kind, value: $0, reread: c.rereads.first, third: c.digitChoices) }
        let line = "digits\t\(source)\t\(c.key)\t\(c.value ?? "-")\t\(c.rereads.first ?? "-")\t\(third)\t"
            + String(format: "%.3f\t%.3f\t%.3f\t", c.minConfidence, c.rereadConfidence, minThird)
            + (alt.map { "\($0.0)>\($0.1) " + String(format: "%.3f", $0.2) } ?? "-") + "\t\(verdict.map { "\($0)" } ?? "-")"
            + "\tother=\(c.otherModel ?? "-")\tthird=\(c.thirdModel ?? "-")\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func isDigit(_ s: String) -> Bool { s.count == 1 && s.allSatisfy { $0.isASCII && $0.isNumber } }
}
