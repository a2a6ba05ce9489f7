import Extraction
import IntakeModel

/// Groups input files into packets (a pure function, no database).
///
/// - All pages of one file stay together: a file is never split (a file holding several applications
///   becomes one packet that `register` sends to review with `multiple_applications`).
/// - A file with application page(s) but no consent is joined with a file with consent page(s) but no
///   application when the application numbers match and the child's surname agrees (normalised: case,
///   ё/е, Latin look-alikes; one letter may be misread, none added or lost); failing that, when the
///   child's surname and first name and the applicant's surname and first name all agree that way, so
///   that a misread number on one side does not split the packet; or when the numbers match, every other
///   name agrees and one form read up to three marks or letters in front of the child's surname. Then, only where one file on each side
///   fits: the number alone when one side's child surname was not read, the number with a surname
///   misread at two letters, the names when one side's applicant first name is cut short, or numbers
///   one digit apart with the child's surname and first name alike, or the number with three of the four
///   names alike (the fourth no ending added to the other). A child's surname that is a word of an address on
///   its page or of the region's name (cut from the wrong line) is taken as unread by the number rule. Each file joins at most one other; number matches first, then
///   earlier files.
/// - Unknown pages stay in their file's packet; a file of unknown pages only is a packet of its own, which
///   `register` sends to review with `unknown_form`.
/// - Packets come out in the order of their first file in the input.
public enum PacketGrouper {
    /// The words of the region's name, as `Normalize.name` gives them: no child's surname.
    static let regionWords: Set<String> = ["кемеровская", "кемеровской", "кемерово", "кузбасс", "область", "обл"]

    public static func group(_ documents: [DocumentPages], municipality: String? = nil) -> [PacketInput] {
        struct Info {
            var hasApplication = false
            var hasConsent = false
            var number: String?
            var surname = ""
            /// The surname read is a word cut from an address's line, no name (`read`).
            var surnameCut = false
            var firstName = ""
            var applicant = ""
            var applicantFirst = ""

            mutating func read(_ p: PageResult) {
                number = Normalize.digits(p.value("application_number"))
                surname = Normalize.name(p.value("child.last_name"))
                // A surname that is a word of an address on the same page, or of the region's name, was
                // cut from the wrong line (seed 2755 p008, a poor application: "Кемеровская" under the
                // number 38183, the rest of the names and the address unread): it says nothing of the
                // child, and the number alone joins it (one file on each side), as it joins a surname not read.
                let addressWords = Set(Validator.addressWords(p.fields).map { Normalize.name(String($0)) })
                surnameCut = !surname.isEmpty && (addressWords.contains(surname) || PacketGrouper.regionWords.contains(surname))
                firstName = Normalize.name(p.value("child.first_name"))
                applicant = Normalize.name(p.value("applicant.last_name"))
                applicantFirst = Normalize.name(p.value("applicant.first_name"))
            }
        }
        func info(_ d: DocumentPages) -> Info {
            var i = Info()
            for p in d.pages.map(\.result) {
                switch p.form {
                case .application:
                    if !i.hasApplication { i.read(p) }
                    i.hasApplication = true
                case .consent:
                    if !i.hasApplication && !i.hasConsent { i.read(p) }
                    i.hasConsent = true
                case .unknown:
                    break
                }
            }
            return i
        }

        let infos = documents.map(info)
        var partner: [Int: Int] = [:]
        var used = Set<Int>()
        // One misread letter: same length, one substitution (Петров and Петрова are two children).
        func close(_ a: String, _ b: String) -> Bool {
            !a.isEmpty && a.count == b.count && Fuzzy.distance(a, b) <= 1
        }
        let byNumber: (Info, Info) -> Bool = { a, c in a.number != nil && a.number == c.number && close(a.surname, c.surname) }
        // The number with every other name agreeing and the child's surname read on one form with up
        // to three marks or letters in front of it (seed 2567 p023: "АММамедов" for "Мамедов" under the
        // 3-digit number 107). Letters after it are another ending: Петров and Петрова stay apart.
        let byNumberMarkedSurname: (Info, Info) -> Bool = { a, c in
            let (short, long) = a.surname.count <= c.surname.count ? (a.surname, c.surname) : (c.surname, a.surname)
            return a.number != nil && a.number == c.number && short.count >= 4 && long.count > short.count
                && long.count - short.count <= 3 && long.hasSuffix(short) && close(a.firstName, c.firstName)
                && close(a.applicant, c.applicant) && close(a.applicantFirst, c.applicantFirst)
        }
        let byNames: (Info, Info) -> Bool = { a, c in
            close(a.surname, c.surname) && close(a.firstName, c.firstName)
                && close(a.applicant, c.applicant) && close(a.applicantFirst, c.applicantFirst)
        }
        // Weaker evidence, taken only when it points at one file on each side, after the rules above:
        // the number (4+ digits) where one form's child surname was not read at all (seed 2201: a
        // poor application whose names were all lost), or the names where one form's applicant
        // first name was cut short ("Анастас" under a faint band of toner). A wrong join is not
        // silent: the packet's forms are then compared field by field and go to review.
        let byNumberOneNameUnread: (Info, Info) -> Bool = { a, c in
            (a.number?.count ?? 0) >= 4 && a.number == c.number && (a.surname.isEmpty != c.surname.isEmpty || a.surnameCut || c.surnameCut)
        }
        // The number (4+ digits) with a surname misread at two letters on one form ("Богдансз" for
        // "Богданов" on a streaked scan consent, seed 2501): same length, at most two substitutions.
        let byNumberSurnameMisread: (Info, Info) -> Bool = { a, c in
            (a.number?.count ?? 0) >= 4 && a.number == c.number && a.surname.count >= 4
                && a.surname.count == c.surname.count && Fuzzy.distance(a.surname, c.surname) <= 2
        }
        // The numbers (4+ digits, same length) one digit apart and the child's surname and first name
        // alike, where one form lost the applicant's names (seed 2597 p017, a scan consent: "724224"
        // for 224224, the applicant's line unread, so neither the number nor the names joined them and
        // the reviewer got two halves). The digit stays in doubt on both forms.
        let byNumberOneDigitApart: (Info, Info) -> Bool = { a, c in
            guard let x = a.number, let y = c.number, x.count >= 4, x.count == y.count else { return false }
            return zip(x, y).filter { $0 != $1 }.count == 1 && !a.firstName.isEmpty
                && close(a.surname, c.surname) && close(a.firstName, c.firstName)
        }
        let byNamesOneCutShort: (Info, Info) -> Bool = { a, c in
            let (short, long) = a.applicantFirst.count <= c.applicantFirst.count ? (a.applicantFirst, c.applicantFirst) : (c.applicantFirst, a.applicantFirst)
            return close(a.surname, c.surname) && close(a.firstName, c.firstName) && close(a.applicant, c.applicant)
                && short.count >= 4 && long.hasPrefix(short)
        }
        // The number (4+ digits) and three of the four names alike, the fourth read on both forms but
        // otherwise (seed 2763 p012, a scan: the child's surname cut from the address's line,
        // "Кемеровская" for Степанов, under the number 42724 read alike, the child's first name and the
        // applicant's names alike; the reviewer got two halves). The same number, child and applicant
        // is one application; the differing name goes to a person with the forms side by side. A
        // surname that is the other with an ending added (Богданов, Богданова) stays another child.
        let byNumberAndNamesButOne: (Info, Info) -> Bool = { a, c in
            guard (a.number?.count ?? 0) >= 4, a.number == c.number else { return false }
            let pairs = [(a.surname, c.surname), (a.firstName, c.firstName), (a.applicant, c.applicant), (a.applicantFirst, c.applicantFirst)]
            guard pairs.allSatisfy({ !$0.0.isEmpty && !$0.1.isEmpty }) else { return false }
            let odd = pairs.filter { !close($0.0, $0.1) }
            guard odd.count == 1, let (x, y) = odd.first else { return false }
            let (short, long) = x.count <= y.count ? (x, y) : (y, x)
            return !(long.hasPrefix(short) && long.count - short.count <= 2)
        }
        func isApplication(_ i: Int) -> Bool { infos[i].hasApplication && !infos[i].hasConsent && partner[i] == nil }
        func isConsent(_ i: Int) -> Bool { !used.contains(i) && infos[i].hasConsent && !infos[i].hasApplication }
        for (rule, unique) in [(byNumber, false), (byNumberMarkedSurname, false), (byNames, false), (byNumberOneNameUnread, true), (byNumberSurnameMisread, true),
                              (byNamesOneCutShort, true), (byNumberOneDigitApart, true), (byNumberAndNamesButOne, true)] {
            for a in infos.indices where isApplication(a) {
                let candidates = infos.indices.filter { isConsent($0) && rule(infos[a], infos[$0]) }
                guard let c = candidates.first else { continue }
                if unique {
                    guard candidates.count == 1, infos.indices.filter({ isApplication($0) && rule(infos[$0], infos[c]) }).count == 1 else { continue }
                }
                used.insert(c)
                partner[a] = c
                partner[c] = a
            }
        }

        var packets: [PacketInput] = []
        var emitted = Set<Int>()
        for i in documents.indices where !emitted.contains(i) {
            var docs = [documents[i]]
            emitted.insert(i)
            if let j = partner[i] {
                // Application first, then its consent.
                docs = infos[i].hasApplication ? [documents[i], documents[j]] : [documents[j], documents[i]]
                emitted.insert(j)
            }
            packets.append(PacketInput(documents: docs, municipality: municipality))
        }
        return packets
    }
}
