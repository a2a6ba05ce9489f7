import Extraction
import Foundation
import IntakeModel
import Registry

/// Packet-level results of a corpus: what `ingest` would do with it against its registry export.
///
/// The corpus's files are grouped, reconciled and registered exactly as `ingest` does, into a
/// throw-away database holding the registry export; each stored packet is then compared with the
/// truth (which files make a packet, and whether the paper agrees with the registry entry).
public struct PacketReport: Codable, Sendable {
    /// Packets in the truth (an application and its consent, or a self-application).
    public var packets = 0
    /// Truth packets whose paper (child's names and birth date) agrees with their registry entry.
    public var paperMatchesRegistry = 0
    /// Of those, packets whose entry `ingest` activated with no person (all their files in one packet).
    public var registeredWithNoPerson = 0
    /// Of the packets whose paper agrees with the registry, those a person must see all the same: a
    /// form missing or unsigned by the truth (they are not counted as held back).
    public var incomplete = 0
    /// Activated although a form is missing or unsigned by the truth: must be 0.
    public var activatedIncomplete = 0
    /// Activated although the paper disagrees with the registry entry or the entry is absent: must be 0.
    public var wronglyActivated = 0
    /// Activated with a wrong value accepted in one of the packet's fields (a silent error that reached the registry).
    public var activatedWithWrongField = 0
    /// Packets `ingest` formed (a packet split in two counts twice).
    public var packetsFormed = 0
    /// Truth packets whose files did not end up in one packet.
    public var split = 0
    /// Reason codes of the packets sent to review, counted once per packet.
    public var reviewReasons: [String: Int] = [:]
    /// Fields sent to review although right, by key.
    public var doubtedRight: [String: Int] = [:]
    /// Packets whose paper agrees with the registry but went to a person: for each, the doubt codes
    /// of its critical fields still in review, "right" or "wrong" by the truth (`readings_differ right`),
    /// and its other reasons (`registry_unknown`); counted once per packet.
    public var heldBackRight: [String: Int] = [:]
    /// The same per packet, for `eval -v`: its files, then its doubt codes and reasons (no values).
    public var heldBack: [String] = []
    /// Packets activated that a person should have seen (wrongly, or unsigned, incomplete or on a
    /// second entry), for `eval -v`: their files and why.
    public var activatedInError: [String] = []
    /// Reviewer seconds for the whole corpus with the cost model, and for retyping every packet.
    public var reviewerSeconds = 0.0
    public var retypeSeconds = 0.0
    /// Per truth quality: packets and packets registered with no person.
    public var byQuality: [String: QualityCount] = [:]
    /// Per truth quality: the fields of the truth packets' pages that no person sees after the packet
    /// stage (accepted on the page or by the other form, or, in a packet activated with no person,
    /// settled by the registry entry and not listed as unverified), and the wrong values among them.
    public var afterPacket: [String: FieldCount] = [:]

    public struct FieldCount: Codable, Sendable {
        public var fields = 0
        public var accepted = 0
        public var wrongAccepted = 0
    }

    public struct QualityCount: Codable, Sendable {
        public var packets = 0
        public var matching = 0
        public var registered = 0
    }

    public var reviewerSecondsPerPacket: Double { packets == 0 ? 0 : reviewerSeconds / Double(packets) }
    public var retypeSecondsPerPacket: Double { packets == 0 ? 0 : retypeSeconds / Double(packets) }
}

public enum PacketEvaluation {
    /// The cost model of reviewer time (stated wherever the figure is reported).
    public static let costModel = """
        reviewer time: 0 s for a packet registered with no person; otherwise 10 s to open it, 3 s per \
        doubted field that was right (confirm), 2 s + 0.8 s per character per field that was wrong or \
        missing (correct); retyping by hand: 10 s + 0.8 s per character of every value
        """

    /// Registers the corpus into a temporary database holding `registryCSV` and scores the packets.
    /// `outcomes` are the files' results before any cross-form reconciliation.
    public static func run(samples: [Sample], outcomes: [FileOutcome], registryCSV: String) throws -> PacketReport {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("pfdo-eval-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? fm.removeItem(at: dir) }
        let store = try RegistryStore(path: dir.appendingPathComponent("eval.db").path)
        _ = try RegistryImporter(store: store).importFile(atPath: registryCSV)
        let registry = try registryRows(registryCSV)

        var documents: [DocumentPages] = []
        var sampleOf: [String: Int] = [:] // sha256 → sample index
        for (i, o) in outcomes.enumerated() where o.error == nil {
            guard let sha = o.sha256 else { continue }
            sampleOf[sha.lowercased()] = i
            documents.append(DocumentPages(sha256: sha, fileName: (o.source as NSString).lastPathComponent, size: o.size,
                                           pages: o.pages.map { PageInput(result: $0.result) }))
        }
        var formed: [(samples: Set<Int>, outcome: PacketOutcome, pages: [PageResult])] = []
        for var packet in PacketGrouper.group(documents) {
            Ingest.reconcile(&packet)
            let outcome = try store.register(packet)
            let members = Set(packet.documents.compactMap { sampleOf[$0.sha256] })
            formed.append((members, outcome, packet.documents.flatMap { $0.pages.map(\.result) }))
        }
        // Documents attached to an earlier packet: merge by packet id, last outcome wins.
        var byId: [Int64: (samples: Set<Int>, outcome: PacketOutcome, pages: [PageResult])] = [:]
        var order: [Int64] = []
        for f in formed {
            if var e = byId[f.outcome.packetId] {
                e.samples.formUnion(f.samples); e.outcome = f.outcome; e.pages += f.pages
                byId[f.outcome.packetId] = e
            } else {
                byId[f.outcome.packetId] = f
                order.append(f.outcome.packetId)
            }
        }

        func fileNames(_ ids: Set<Int>) -> String {
            ids.sorted().map { (samples[$0].file as NSString).lastPathComponent }.joined(separator: " + ")
        }
        var report = PacketReport()
        report.packetsFormed = order.count
        let truthPackets = Dictionary(grouping: samples.indices, by: { samples[$0].packet })
        for (_, members) in truthPackets.sorted(by: { $0.key < $1.key }) {
            let truth = members.flatMap { samples[$0].expected }
            guard truth.contains(where: { $0.form == .application }) || truth.contains(where: { $0.form == .consent }) else { continue }
            let quality = samples[members[0]].quality
            report.packets += 1
            report.byQuality[quality, default: .init()].packets += 1
            let app = truth.first { $0.form == .application }
            let paperAgrees = app.map { paperMatches($0, registry) } ?? false
            // A packet a person must see whatever is read: a form missing (a self-application of a
            // child of 14 or more, the applicant being the child, needs no consent), or a form unsigned
            // (or signed with a pen the scan kept nothing of).
            let selfApplication = app.map { a in
                ["last_name", "first_name"].allSatisfy { a.fields["applicant." + $0]?.value == a.fields["child." + $0]?.value }
            } ?? false
            // The registry holding the same child on a second entry as well (a duplicate certificate)
            // is for a person too: which entry the packet activates is not the paper's to say.
            let secondEntry = app.map { registeredTwice($0, registry) } ?? false
            let forAPerson = (app == nil ? ["no application"] : [])
                + (selfApplication || truth.contains { $0.form == .consent } ? [] : ["no consent"])
                + truth.filter { $0.form != .unknown && $0.signedInImage == false }.map { "\($0.form.rawValue) unsigned" }
                + (secondEntry ? ["the child on a second entry"] : [])
            let complete = forAPerson.isEmpty
            if paperAgrees && !complete { report.incomplete += 1 }
            let matches = paperAgrees && complete
            if matches {
                report.paperMatchesRegistry += 1
                report.byQuality[quality, default: .init()].matching += 1
            }
            let memberSet = Set(members)
            let holders = order.filter { !byId[$0]!.samples.isDisjoint(with: memberSet) }
            if holders.count != 1 || byId[holders[0]]!.samples != memberSet { report.split += 1 }
            let truthValues = truthFields(truth)
            report.retypeSeconds += 10 + truthValues.values.reduce(0) { $0 + 0.8 * Double($1.count) }
            for id in holders {
                let p = byId[id]!
                countAfterPacket(p.pages, outcome: p.outcome, samples: samples, members: memberSet, into: &report.afterPacket)
                let got = fieldsByKey(p.pages)
                let wrong = truthValues.filter { k, v in got[k]?.contains { $0.value != v } ?? true }
                let wrongAccepted = truthValues.filter { k, v in got[k]?.contains { $0.status == .ok && $0.value != v } ?? false }
                if p.outcome.state == .registered {
                    if holders.count == 1, matches, p.samples == memberSet {
                        report.registeredWithNoPerson += 1
                        report.byQuality[quality, default: .init()].registered += 1
                    } else if !paperAgrees {
                        report.wronglyActivated += 1
                        report.activatedInError.append(fileNames(p.samples) + ": the paper disagrees with the registry entry")
                    } else if !complete {
                        report.activatedIncomplete += 1
                        report.activatedInError.append(fileNames(p.samples) + ": " + forAPerson.joined(separator: ", "))
                    }
                    if !wrongAccepted.isEmpty { report.activatedWithWrongField += 1 }
                    continue
                }
                for code in Set(p.outcome.reasons.map(\.code)) { report.reviewReasons[code, default: 0] += 1 }
                if matches {
                    var why = Set(p.outcome.reasons.map(\.code).filter { $0 != "field_review" && $0 != "unverified_fields" })
                    var detail = why
                    let blocking = Set(p.outcome.reasons.filter { $0.code == "field_review" }.flatMap { $0.fields ?? [] })
                    for page in p.pages {
                        for (k, f) in page.fields where f.status == .review && blocking.contains(k) {
                            let right = truthValues[k].map { $0 == f.value } ?? false
                            why.insert("\(f.doubt?.rawValue ?? "review") \(right ? "right" : "wrong")")
                            detail.insert("\(k) \(f.doubt?.rawValue ?? "review") \(right ? "right" : "wrong")")
                        }
                    }
                    for w in why { report.heldBackRight[w, default: 0] += 1 }
                    report.heldBack.append("\(fileNames(p.samples)): \(detail.sorted().joined(separator: ", "))")
                }
                var seconds = 10.0
                for (k, v) in truthValues where got[k] != nil || wrong[k] != nil {
                    if let w = wrong[k] { seconds += 2 + 0.8 * Double(w.count); continue }
                    if got[k]!.contains(where: { $0.status != .ok }) {
                        seconds += 3
                        report.doubtedRight[k, default: 0] += 1
                    }
                    _ = v
                }
                report.reviewerSeconds += seconds
            }
        }
        return report
    }

    /// Adds the fields of `pages` that belong to `members` to `counts` by their sample's quality: a
    /// field needs no person when its status is ok and no reason of its packet names it, when no value
    /// was printed and none was found, or
    /// when its packet was activated and the field was neither holding it back nor listed unverified
    /// (a critical doubt the registry entry settled).
    static func countAfterPacket(_ pages: [PageResult], outcome: PacketOutcome, samples: [Sample], members: Set<Int>,
                                 into counts: inout [String: PacketReport.FieldCount]) {
        let unverified = Set(outcome.reasons.filter { $0.code == ReasonCode.unverifiedFields }.flatMap { $0.fields ?? [] })
        // A field a reason of the packet names (the forms disagree on it, it holds the packet back) is shown to a person.
        let named = Set(outcome.reasons.flatMap { $0.fields ?? [] })
        for page in pages {
            let name = (page.source as NSString).lastPathComponent
            guard let s = members.first(where: { (samples[$0].file as NSString).lastPathComponent == name }),
                  page.page >= 1, page.page <= samples[s].expected.count else { continue }
            let truth = samples[s].expected[page.page - 1]
            var count = counts[samples[s].quality] ?? .init()
            defer { counts[samples[s].quality] = count }
            for (key, want) in truth.fields {
                let got = page.fields[key]
                let accepted: Bool
                switch got?.status {
                case .ok?: accepted = !named.contains(key)
                case .review?: accepted = outcome.state == .registered && !unverified.contains(key)
                default: accepted = want.value == nil
                }
                count.fields += 1
                guard accepted else { continue }
                count.accepted += 1
                // An activated packet's registry number is the one it activated (settled among the readings).
                let value = key == "registry_number" && outcome.state == .registered ? outcome.registryNumber ?? got?.value : got?.value
                if value != want.value {
                    count.wrongAccepted += 1
                    if debugAfter {
                        FileHandle.standardError.write(Data("after-packet wrong \(name) \(key) \(got?.status.rawValue ?? "-") \(got?.doubt?.rawValue ?? "-") \(outcome.state.rawValue)\n".utf8))
                    }
                }
            }
        }
    }

    /// PFDO_DEBUG_AFTER=1 prints each wrong value `countAfterPacket` counts as seen by no person to stderr.
    static let debugAfter = ProcessInfo.processInfo.environment["PFDO_DEBUG_AFTER"] != nil

    /// Truth values of a packet by key (the first page holding a key decides; both forms print the same).
    static func truthFields(_ pages: [ExpectedPage]) -> [String: String] {
        var out: [String: String] = [:]
        for p in pages { for (k, v) in p.fields { if let value = v.value, out[k] == nil { out[k] = value } } }
        return out
    }

    static func fieldsByKey(_ pages: [PageResult]) -> [String: [FieldResult]] {
        var out: [String: [FieldResult]] = [:]
        for p in pages { for (k, f) in p.fields { out[k, default: []].append(f) } }
        return out
    }

    struct RegistryRow { var last, first, middle, birth: String }

    /// The registry export's child names and birth date by registry number (the columns of
    /// `scripts/sample_registry.py`: number; last; first; middle; birth dd.mm.yyyy; ...).
    static func registryRows(_ path: String) throws -> [String: RegistryRow] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var rows: [String: RegistryRow] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let c = line.split(separator: line.contains(";") ? ";" : ",", omittingEmptySubsequences: false).map(String.init)
            guard c.count >= 5 else { continue }
            let d = c[4].split(separator: ".")
            let iso = d.count == 3 ? "\(d[2])-\(d[1])-\(d[0])" : c[4]
            rows[c[0]] = RegistryRow(last: c[1], first: c[2], middle: c[3], birth: iso)
        }
        return rows
    }

    /// Whether the registry holds the application's child (surname, first name, birth date) on
    /// another entry besides the one the paper names.
    static func registeredTwice(_ app: ExpectedPage, _ registry: [String: RegistryRow]) -> Bool {
        guard let number = app.fields["registry_number"]?.value, let row = registry[number] else { return false }
        return registry.contains { $0.key != number && $0.value.last == row.last && $0.value.first == row.first && $0.value.birth == row.birth }
    }

    static func paperMatches(_ app: ExpectedPage, _ registry: [String: RegistryRow]) -> Bool {
        guard let number = app.fields["registry_number"]?.value, let row = registry[number] else { return false }
        func v(_ k: String) -> String { app.fields[k]?.value ?? "" }
        return v("child.last_name") == row.last && v("child.first_name") == row.first
            && v("child.middle_name") == row.middle && v("child.birth_date") == row.birth
    }

    public static func render(_ r: PacketReport, verbose: Bool = false) -> String {
        func pct(_ a: Int, _ b: Int) -> String { b == 0 ? "-" : String(format: "%.0f%%", Double(a) / Double(b) * 100) }
        var out = "\npackets (registered into a temporary database holding the registry export, as ingest does):\n"
        out += "  packets in the truth            \(r.packets) (paper agrees with the registry, complete and signed: \(r.paperMatchesRegistry);"
            + " agrees but unsigned, a form missing or the child on a second entry, for a person: \(r.incomplete))\n"
        out += "  registered with no person       \(r.registeredWithNoPerson) of \(r.paperMatchesRegistry) (\(pct(r.registeredWithNoPerson, r.paperMatchesRegistry)))\n"
        for q in ["clean", "scan", "poor"] {
            if let c = r.byQuality[q] { out += "    \(q.padding(toLength: 6, withPad: " ", startingAt: 0))                        \(c.registered) of \(c.matching) (\(pct(c.registered, c.matching)))\n" }
        }
        let after = ["clean", "scan", "poor"].compactMap { q in
            r.afterPacket[q].map { c in "\(q) \(c.accepted) of \(c.fields) (\(String(format: "%.1f%%", c.fields == 0 ? 0 : Double(c.accepted) / Double(c.fields) * 100)); wrong \(c.wrongAccepted))" }
        }
        if !after.isEmpty { out += "  fields no person sees, after the packet stage: " + after.joined(separator: ", ") + "\n" }
        out += "  wrongly activated               \(r.wronglyActivated)\n"
        out += "  activated unsigned, incomplete or with the child on a second entry \(r.activatedIncomplete)\n"
        out += "  activated with a wrong field    \(r.activatedWithWrongField)\n"
        out += "  packets formed / split          \(r.packetsFormed) / \(r.split)\n"
        out += String(format: "  reviewer time per packet        %.1f s (retyping by hand: %.1f s)\n",
                      r.reviewerSecondsPerPacket, r.retypeSecondsPerPacket)
        out += "  (\(costModel))\n"
        if !r.reviewReasons.isEmpty {
            out += "  sent to review, by reason (packets): "
                + r.reviewReasons.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        }
        if !r.heldBackRight.isEmpty {
            out += "  paper agrees with the registry, complete and signed, sent to a person, by critical doubt (right/wrong value) or reason (packets): "
                + r.heldBackRight.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        }
        if !r.doubtedRight.isEmpty {
            out += "  right but doubted, by field: "
                + r.doubtedRight.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
        }
        if verbose, !r.activatedInError.isEmpty {
            out += "  activated although a person should have seen it, per packet:\n"
                + r.activatedInError.sorted().map { "    " + $0 }.joined(separator: "\n") + "\n"
        }
        if verbose, !r.heldBack.isEmpty {
            out += "  paper agrees with the registry, complete and signed, sent to a person, per packet (blocking field, doubt, right/wrong value; reasons):\n"
                + r.heldBack.sorted().map { "    " + $0 }.joined(separator: "\n") + "\n"
        }
        return out
    }
}
