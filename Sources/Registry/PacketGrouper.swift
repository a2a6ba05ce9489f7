import IntakeModel

/// Groups input files into packets (a pure function, no database).
///
/// - All pages of one file stay together: a file is never split (a file holding several applications
///   becomes one packet that `register` sends to review with `multiple_applications`).
/// - A file with application page(s) but no consent is joined with a file with consent page(s) but no
///   application when the application numbers match and the child's surnames match (normalised: case,
///   ё/е, Latin look-alikes); both values must be present. Each file joins at most one other; earlier
///   files are matched first.
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
        }
        func info(_ d: DocumentPages) -> Info {
            var i = Info()
            for p in d.pages.map(\.result) {
                switch p.form {
                case .application:
                    if !i.hasApplication {
                        i.number = Normalize.digits(p.value("application_number"))
                        i.surname = Normalize.name(p.value("child.last_name"))
                    }
                    i.hasApplication = true
                case .consent:
                    if !i.hasApplication && !i.hasConsent {
                        i.number = Normalize.digits(p.value("application_number"))
                        i.surname = Normalize.name(p.value("child.last_name"))
                    }
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
        for (a, ai) in infos.enumerated() where ai.hasApplication && !ai.hasConsent {
            guard let number = ai.number, !ai.surname.isEmpty else { continue }
            if let c = infos.indices.first(where: { c in
                let ci = infos[c]
                return !used.contains(c) && ci.hasConsent && !ci.hasApplication && ci.number == number && ci.surname == ai.surname
            }) {
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
