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
///   that a misread number on one side does not split the packet. Each file joins at most one other;
///   number matches first, then earlier files.
/// - Unknown pages stay in their file's packet; a file of unknown pages only is a packet of its own, which
///   `register` sends to review with `unknown_form`.
/// - Packets come out in the order of their first file in the input.
public enum PacketGrouper {
    public static func group(_ documents: [DocumentPages], municipality: String? = nil) -> [PacketInput] {
        struct Info {
            var hasApplication = false
            var hasConsent = false
            var number: String?
            var surname = ""
            var firstName = ""
            var applicant = ""
            var applicantFirst = ""

            mutating func read(_ p: PageResult) {
                number = Normalize.digits(p.value("application_number"))
                surname = Normalize.name(p.value("child.last_name"))
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
        let byNames: (Info, Info) -> Bool = { a, c in
            close(a.surname, c.surname) && close(a.firstName, c.firstName)
                && close(a.applicant, c.applicant) && close(a.applicantFirst, c.applicantFirst)
        }
        for rule in [byNumber, byNames] {
            for (a, ai) in infos.enumerated() where ai.hasApplication && !ai.hasConsent && partner[a] == nil {
                if let c = infos.indices.first(where: { c in
                    let ci = infos[c]
                    return !used.contains(c) && ci.hasConsent && !ci.hasApplication && rule(ai, ci)
                }) {
                    used.insert(c)
                    partner[a] = c
                    partner[c] = a
                }
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
