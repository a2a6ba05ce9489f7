import Foundation
import IntakeModel

/// Whether a signature mark is in its place: a scribble, initials, a faint pen or a stamp over the line.
/// "Missing" only for an empty place.
enum SignatureEvidence {
    /// Binarised ink above this share of the zone: a mark (form lines and specks are already removed there).
    static let inkShare = 0.006
    /// Grey pixels this much darker than the zone's own paper level count as faint ink.
    static let faintDelta = 30
    static let faintShare = 0.012

    /// `zone`: between the date and the name, from above the signature row down to its baseline.
    /// A faint pen disappears in binarisation; it is looked for on the grey page above the line
    /// (the printed line and its caption left out), against the paper level of the zone itself.
    static func signed(zone: Box, lineHeight h: Int, zones: ZoneReader) -> Bool {
        let ink = zones.inkCoverage(zone: zone)
        let upper = Box(x: zone.x, y: zone.y, width: zone.width, height: max(h, zone.height - h / 2 - h / 2))
        let paper = paperLevel(upper, zones)
        let faint = paper.map { zones.greyInk(zone: upper, threshold: $0 - faintDelta) }
        if debug {
            FileHandle.standardError.write(Data("signature: zone \(zone.x),\(zone.y) \(zone.width)x\(zone.height) h \(h) ink \(ink) paper \(paper ?? -1) faint \(faint ?? -1)\n".utf8))
        }
        if ink > inkShare { return true }
        guard let faint else { return false }
        return faint > faintShare
    }

    /// PFDO_DEBUG_SIGNATURE=1 prints each signature zone and its measures to stderr (no values).
    static let debug = ProcessInfo.processInfo.environment["PFDO_DEBUG_SIGNATURE"] != nil

    /// The grey level half the zone is darker than (its paper, as a signature covers far less than half).
    static func paperLevel(_ zone: Box, _ zones: ZoneReader) -> Int? {
        guard zone.width > 0, zone.height > 0 else { return nil }
        var lo = 0, hi = 256
        while hi - lo > 2 {
            let mid = (lo + hi) / 2
            if zones.greyInk(zone: zone, threshold: mid) >= 0.5 { hi = mid } else { lo = mid }
        }
        return hi
    }
}
