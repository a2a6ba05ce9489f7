import Foundation
import IntakeModel

/// Locate, then read: the page's skeleton (text lines by projection, no recognition), the
/// opening words of each long paragraph read cheaply, and every line of a form's legal paragraph
/// but its last left out of recognition (the probe stands in for the first). The rest is read as one block, as on
/// the whole-page path, so the reading order, the form lines and the extraction stay the same.
public struct ReadingMask: @unchecked Sendable {
    public let skeleton: PageSkeleton
    /// Skeleton lines not to recognise.
    public let skipped: [Int]
    /// Paragraph-opening probes made (regions read beyond the main reading).
    public let probes: [IntakeModel.Box]
    /// The probe readings of the skipped paragraphs' first lines, which take their place.
    public let openings: [OCRLine]

    /// The regions to paint white before reading, padded by a fraction of the line height.
    public var regions: [IntakeModel.Box] {
        skipped.map { i in
            let l = skeleton.lines[i]
            let pad = max(2, l.height / 8)
            return IntakeModel.Box(x: l.x - pad, y: l.y, width: l.width + 2 * pad, height: l.height)
        }
    }

    /// Share of the skeleton's text area that a reading with this mask recognises (probes included).
    public var areaShare: Double {
        let total = skeleton.lines.reduce(0) { $0 + $1.width * $1.height }
        guard total > 0 else { return 1 }
        let skippedArea = skipped.reduce(0) { $0 + skeleton.lines[$1].width * skeleton.lines[$1].height }
        let probeArea = probes.reduce(0) { $0 + $1.width * $1.height }
        return Double(total - skippedArea + probeArea) / Double(total)
    }
}

extension Recognizer {
    /// The skeleton of a prepared page and the lines that need no recognition; nil when the page
    /// holds no paragraph that opens like a legal paragraph of a known form (read it whole).
    func locate(_ prepared: PreparedPage, planner: ReadingPlanner) -> ReadingMask? {
        let t0 = Date()
        guard let engine = try? locator() else { return nil }
        let skeleton = PageSkeleton(lines: prepared.binary.projectedLines())
        if ProcessInfo.processInfo.environment["PFDO_DEBUG_SKELETON"] != nil {
            FileHandle.standardError.write(Data("skeleton: margin \(skeleton.margin) line \(skeleton.lineHeight) lines \(skeleton.lines.map { [$0.x, $0.y, $0.width, $0.height] }) paragraphs \(skeleton.paragraphs)\n".utf8))
        }
        var read: [IntakeModel.Box: [OCRLine]] = [:]
        let (skipped, probes) = skeleton.skippable(planner: planner) { box in
            let lines = (try? engine.recognize(prepared.binary, dpi: prepared.preparation.dpi, mode: .singleLine,
                                               region: prepared.binary.clipped(box))) ?? []
            read[box] = lines
            let text = lines.flatMap(\.words).map(\.text).joined(separator: " ")
            if ProcessInfo.processInfo.environment["PFDO_DEBUG_SKELETON"] != nil {
                FileHandle.standardError.write(Data("probe \([box.x, box.y, box.width, box.height]): \(text)\n".utf8))
            }
            return text
        }
        if Recognizer.timing {
            FileHandle.standardError.write(Data(String(format: "timing: locate %.3f s (%d lines, %d probes, %d skipped)\n",
                                                       Date().timeIntervalSince(t0), skeleton.lines.count, probes.count, skipped.count).utf8))
        }
        guard !skipped.isEmpty else { return nil }
        // The openings of the skipped paragraphs are not read again: their probe readings stand in.
        let opening = probes.filter { p in skipped.contains { skeleton.lines[$0].verticalOverlap(p) > 0.5 } }
        return ReadingMask(skeleton: skeleton, skipped: skipped, probes: probes, openings: opening.flatMap { read[$0] ?? [] })
    }
}
