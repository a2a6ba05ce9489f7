import Foundation
import IntakeModel

/// A round stamp over the signing place. An institution's seal or incoming-mail stamp is printed
/// ink: one or two rings of a few line heights' radius, lettering between them, print inside.
/// Its ring crosses the place top to bottom, so it was taken for a pen (seed 2607: 3 of 5 unsigned
/// pages with a stamp alone reported signed). A hand never draws a circle that true: a ring is ink
/// of which most pixels lie within a few percent of one radius, all round at least half a turn.
/// The stamp's ink (its rings, marks wholly within the lettering band, flat marks inside the inner
/// circle) is taken out before the place is judged again; a pen over the stamp crosses the rings and keeps all but where it crosses.
enum StampEvidence {
    /// A stamp's ring: centre and the radii of its circles (outermost first), in page pixels.
    struct Ring: Equatable {
        var cx: Double
        var cy: Double
        var radii: [Double]
        /// Half the width of the band taken as each circle's ink.
        var tolerance: Double
        var outer: Double { radii.first ?? 0 }
        /// Radii between which the ring's lettering lies: between two circles, or the outer
        /// circle's inner third when only one was found.
        var letteringBand: ClosedRange<Double> {
            radii.count >= 2 ? (radii[radii.count - 1] + tolerance)...(radii[0] - tolerance) : (0.6 * outer)...(outer - tolerance)
        }
    }

    /// Radii of a stamp's circles, in line heights: round seals are 28-45 mm across, their inner ring
    /// at about 0.7 of that, a line of print 3-4 mm; the row's height can come out twice that when
    /// the stamp's marks are read as words (seed 2613 p009: 71 pixels, the inner ring 1.9 of them).
    static let radiusRange: ClosedRange<Double> = 1.5...10
    /// Share of a candidate's pixels that must lie on its circle, and how much of a turn (in 36
    /// sectors) the circle's ink must cover: an arc, at least a third of a turn, per piece; half a
    /// turn for the ring all pieces make together. Half the pixels suffice: the lettering touching a
    /// ring on a blurred scan joins it (seed 2613 p018: 70% of the piece on the circle), and a pen
    /// crossing a ring keeps its pixels off the circle when the ring is taken out.
    static let onCircleShare = 0.5
    static let pieceSectors = 12
    static let ringSectors = 18

    /// The stamp ring in `mask` (the place and several line heights around it) crossing `place`
    /// (nil: anywhere in the mask), nil when none.
    static func ring(in mask: InkMask, lineHeight h: Int, crossing place: Box? = nil) -> Ring? {
        guard h > 0 else { return nil }
        let lh = Double(h)
        var circles: [(cx: Double, cy: Double, r: Double, tol: Double, sectors: Set<Int>)] = []
        var joined: [(cx: Double, cy: Double, r: Double)] = []
        for piece in components(mask, touching: place) where max(piece.box.width, piece.box.height) >= 2 * h {
            if let fit = circle(piece.points, lineHeight: lh) {
                circles.append(fit)
            } else if piece.box.width >= 3 * h, piece.box.height >= 3 * h, let fit = kasa(piece.points), radiusRange.contains(fit.r / lh) {
                joined.append(fit)
            }
        }
        if circles.isEmpty {
            // A ring joined to much else (the signing line, its caption, a hatched band: seed 2623 p008, 19%
            // of the piece on the first fit's circle, whose centre the rest pulled 36 pixels aside) is
            // still a ring when circles stand out about a centre near the piece's own fit.
            for fit in joined {
                if let found = concentric(in: mask, cx: fit.cx, cy: fit.cy, near: fit.r, lineHeight: lh, alone: true) {
                    return Ring(cx: found.cx, cy: found.cy, radii: found.radii, tolerance: tolerance(found.radii[0]))
                }
            }
        }
        guard !circles.isEmpty else { return nil }
        // Pieces of one circle (a ring cut by the removed signing line, or broken by faint ink) and
        // concentric circles make one ring.
        var rings: [(cx: Double, cy: Double, circles: [(r: Double, sectors: Set<Int>)], tol: Double)] = []
        for c in circles.sorted(by: { $0.r > $1.r }) {
            if let i = rings.firstIndex(where: { hypot($0.cx - c.cx, $0.cy - c.cy) <= 0.15 * max(c.r, $0.circles[0].r) }) {
                if let j = rings[i].circles.firstIndex(where: { abs($0.r - c.r) <= max(3 * c.tol, 0.06 * c.r) }) {
                    rings[i].circles[j].sectors.formUnion(c.sectors)
                } else {
                    rings[i].circles.append((c.r, c.sectors))
                }
                rings[i].tol = max(rings[i].tol, c.tol)
            } else {
                rings.append((c.cx, c.cy, [(c.r, c.sectors)], c.tol))
            }
        }
        guard let best = rings.filter({ $0.circles.contains { $0.sectors.count >= ringSectors } })
            .max(by: { $0.circles[0].r < $1.circles[0].r }) else { return nil }
        if let found = concentric(in: mask, cx: best.cx, cy: best.cy, near: best.circles[0].r, lineHeight: lh) {
            return Ring(cx: found.cx, cy: found.cy, radii: found.radii, tolerance: best.tol)
        }
        return Ring(cx: best.cx, cy: best.cy, radii: best.circles.map(\.r).sorted(by: >), tolerance: best.tol)
    }

    /// Ink per pixel of circumference, over three pixels of radius, that makes a drawn circle: a
    /// stamp's line (3-4 pixels) gives 2.2-3.0, its lettering or a hatched band between the circles a
    /// third to one (seed 2623 p008: a band of radial ticks, whose middle the first fit took for the
    /// circle, so that both true circles stayed as long arcs and were taken for a pen), a poor page's
    /// dense scribble up to 1.8 (seed 2623 p009).
    static let circleDensity = 2.0
    /// With no circle found piece by piece, the profile alone must show a circle inked all round: the
    /// stamps' cover all 36 sectors, the dense scribble's peaks 26-30.
    static let aloneSectors = 32

    /// The circles drawn about a stamp's centre: the centre at which the mask's ink gathers most densely
    /// on one radius (searched a quarter of the first radius around the first fit's centre, whose
    /// least squares a piece holding the signing line, its caption and a hatched band pull aside: seed
    /// 2623 p008, 36 pixels), and the radii, outermost first, at which ink runs densely all round half a
    /// turn or more (peaks of the radial profile, 0.55 to 1.6 times the first radius). `alone`: no piece
    /// was a circle by itself, so the profile must show one by the stricter bounds. Nil when none stands out.
    static func concentric(in mask: InkMask, cx: Double, cy: Double, near r0: Double, lineHeight lh: Double,
                           alone: Bool = false) -> (cx: Double, cy: Double, radii: [Double])? {
        let lo = max(Int(radiusRange.lowerBound * lh * 0.9), Int(0.55 * r0)), hi = min(Int(radiusRange.upperBound * lh), Int(1.6 * r0))
        guard hi > lo + 2 else { return nil }
        let shift = Int(0.25 * r0), reach = hi + shift + 2
        let ox = mask.origin.x, oy = mask.origin.y
        let y0 = max(0, Int(cy) - reach - oy), y1 = min(mask.height - 1, Int(cy) + reach - oy)
        let x0 = max(0, Int(cx) - reach - ox), x1 = min(mask.width - 1, Int(cx) + reach - ox)
        guard y1 > y0, x1 > x0 else { return nil }
        var xs: [Double] = [], ys: [Double] = []
        for y in y0...y1 {
            for x in x0...x1 where mask.bits[y * mask.width + x] { xs.append(Double(x + ox)); ys.append(Double(y + oy)) }
        }
        guard xs.count >= 20 else { return nil }
        // Ink per pixel of circumference over three pixels of radius, per radius, about (px, py).
        // The centre is searched on about 4,000 of the ink pixels, evenly taken (the densities compare
        // alike), the circles then measured on all of them.
        func profile(_ px: Double, _ py: Double, sectors: Bool, every stride: Int = 1) -> (density: [Double], covered: [Int]) {
            var counts = [Int](repeating: 0, count: hi + 2)
            var bits = [UInt64](repeating: 0, count: sectors ? hi + 2 : 0)
            for k in Swift.stride(from: 0, to: xs.count, by: stride) {
                let dx = xs[k] - px, dy = ys[k] - py
                let r = Int((dx * dx + dy * dy).squareRoot().rounded())
                guard r >= lo - 1, r <= hi + 1 else { continue }
                counts[r] += 1
                if sectors { bits[r] |= 1 << UInt64(min(35, Int((atan2(dy, dx) + Double.pi) / (2 * Double.pi) * 36))) }
            }
            var density = [Double](repeating: 0, count: hi + 2), covered = [Int](repeating: 0, count: hi + 2)
            for r in lo...hi {
                density[r] = Double(stride * (counts[r - 1] + counts[r] + counts[r + 1])) / (2 * Double.pi * Double(r))
                if sectors { covered[r] = (bits[r - 1] | bits[r] | bits[r + 1]).nonzeroBitCount }
            }
            return (density, covered)
        }
        let sparse = max(1, xs.count / 4000)
        func score(_ px: Double, _ py: Double) -> Double { profile(px, py, sectors: false, every: sparse).density.max() ?? 0 }
        // The best-scoring centre on a grid of `step` pixels within `radius` of `from`'s.
        func search(from: (Double, Double, Double), radius: Int, step: Int) -> (Double, Double, Double) {
            var best = from
            for dy in stride(from: -radius, through: radius, by: step) {
                for dx in stride(from: -radius, through: radius, by: step) where dx != 0 || dy != 0 {
                    let s = score(from.0 + Double(dx), from.1 + Double(dy))
                    if s > best.2 { best = (from.0 + Double(dx), from.1 + Double(dy), s) }
                }
            }
            return best
        }
        let step = max(2, Int(0.04 * r0))
        let coarse = search(from: (cx, cy, score(cx, cy)), radius: shift, step: step)
        let best = search(from: coarse, radius: step, step: 1)
        let (density, covered) = profile(best.0, best.1, sectors: true)
        func peak(_ r: Int) -> Bool {
            let d: Double = density[r]
            guard d >= circleDensity, covered[r] >= (alone ? aloneSectors : ringSectors) else { return false }
            return d >= density[r - 1] && d >= density[r + 1]
        }
        var peaks: [Int] = (lo...hi).filter(peak).sorted { density[$0] > density[$1] }
        var radii: [Double] = []
        while let r = peaks.first {
            radii.append(Double(r))
            peaks.removeAll { abs($0 - r) <= max(6, Int(3 * tolerance(Double(r)))) }
        }
        if SignatureEvidence.debug {
            let top = (lo...hi).sorted { density[$0] > density[$1] }.prefix(6).sorted()
            FileHandle.standardError.write(Data("stamp:   circles about \(Int(best.0)),\(Int(best.1)) (fit \(Int(cx)),\(Int(cy))): \(radii.map { Int($0) }); profile \(top.map { "\($0):\(String(format: "%.2f", density[$0]))/\(covered[$0])" })\n".utf8))
        }
        return radii.isEmpty ? nil : (best.0, best.1, radii.sorted(by: >))
    }

    /// The circle a piece of ink lies on, if most of it does: a least-squares fit, refined on the
    /// pixels near it (a pen crossing the ring joins it, and pulls a first fit off).
    static func circle(_ points: [(Int, Int)], lineHeight lh: Double) -> (cx: Double, cy: Double, r: Double, tol: Double, sectors: Set<Int>)? {
        guard points.count >= 20, var fit = kasa(points) else { return nil }
        for _ in 0..<3 {
            let tol = tolerance(fit.r)
            let near = points.filter { abs(hypot(Double($0.0) - fit.cx, Double($0.1) - fit.cy) - fit.r) <= 3 * tol }
            guard near.count >= 20, let again = kasa(near) else { return nil }
            fit = again
        }
        guard radiusRange.contains(fit.r / lh) else { return nil }
        let tol = tolerance(fit.r)
        var on = 0
        var sectors = Set<Int>()
        for p in points {
            let dx = Double(p.0) - fit.cx, dy = Double(p.1) - fit.cy
            guard abs(hypot(dx, dy) - fit.r) <= tol else { continue }
            on += 1
            let a = atan2(dy, dx) + Double.pi
            sectors.insert(min(35, Int(a / (2 * Double.pi) * 36)))
        }
        // Most of the piece on the circle, covering a third of a turn, with ink enough along it
        // (at least a pixel per pixel of arc: scattered specks do not make a ring).
        let arc = Double(sectors.count) / 36 * 2 * Double.pi * fit.r
        if SignatureEvidence.debug {
            FileHandle.standardError.write(Data(String(format: "stamp:   fit r %.0f (%.1f h) at %.0f,%.0f on %d of %d, %d sectors, arc %.0f\n", fit.r, fit.r / lh, fit.cx, fit.cy, on, points.count, sectors.count, arc).utf8))
        }
        guard Double(on) >= onCircleShare * Double(points.count), sectors.count >= pieceSectors, Double(on) >= 0.8 * arc else { return nil }
        return (fit.cx, fit.cy, fit.r, tol, sectors)
    }

    /// The band about a circle of radius `r` taken as its ink (a stamp's line is a third of a
    /// millimetre; blur, scanning and deskewing widen it).
    static func tolerance(_ r: Double) -> Double { max(3, 0.04 * r) }

    /// Algebraic least-squares circle (Kåsa): centre and radius.
    static func kasa(_ points: [(Int, Int)]) -> (cx: Double, cy: Double, r: Double)? {
        guard points.count >= 3 else { return nil }
        // Centred coordinates keep the sums well conditioned.
        let n = Double(points.count)
        let mx = points.reduce(0.0) { $0 + Double($1.0) } / n, my = points.reduce(0.0) { $0 + Double($1.1) } / n
        var suu = 0.0, svv = 0.0, suv = 0.0, suuu = 0.0, svvv = 0.0, suvv = 0.0, svuu = 0.0
        for p in points {
            let u = Double(p.0) - mx, v = Double(p.1) - my
            suu += u * u; svv += v * v; suv += u * v
            suuu += u * u * u; svvv += v * v * v; suvv += u * v * v; svuu += v * u * u
        }
        let det = suu * svv - suv * suv
        guard abs(det) > 1e-9 else { return nil }
        let b1 = 0.5 * (suuu + suvv), b2 = 0.5 * (svvv + svuu)
        let uc = (b1 * svv - b2 * suv) / det, vc = (suu * b2 - suv * b1) / det
        let r = (uc * uc + vc * vc + (suu + svv) / n).squareRoot()
        guard r.isFinite, r > 0 else { return nil }
        return (uc + mx, vc + my, r)
    }

    /// `mask` with the stamp's ink taken out: every pixel on one of its circles; the marks lying
    /// wholly within its lettering band that are no longer than a letter (a fifth of the radius); and
    /// the flat marks wholly inside its innermost circle, the stamp's own rules and lines of print
    /// (seed 2613 p009: a rule of the stamp 197 x 5 pixels, shorter than a form's rule, taken for a
    /// pen). Of those reaching into `place` (nil: all).
    static func removing(_ ring: Ring, from mask: InkMask, near place: Box? = nil) -> InkMask {
        var out = mask
        let ox = mask.origin.x, oy = mask.origin.y
        func dist(_ x: Int, _ y: Int) -> Double { hypot(Double(x + ox) - ring.cx, Double(y + oy) - ring.cy) }
        for y in 0..<mask.height {
            for x in 0..<mask.width where mask.bits[y * mask.width + x] {
                let d = dist(x, y)
                if ring.radii.contains(where: { abs(d - $0) <= ring.tolerance }) { out.bits[y * mask.width + x] = false }
            }
        }
        let band = ring.letteringBand
        let inner = (ring.radii.last ?? 0) - ring.tolerance
        for piece in components(out, touching: place) {
            let letter = band.lowerBound < band.upperBound && Double(max(piece.box.width, piece.box.height)) <= 0.2 * ring.outer
                && piece.points.allSatisfy { band.contains(dist($0.0 - ox, $0.1 - oy)) }
            let flat = Double(piece.box.height) <= 0.1 * ring.outer && piece.box.width >= 3 * piece.box.height
                && piece.points.allSatisfy { dist($0.0 - ox, $0.1 - oy) < inner }
            guard letter || flat else { continue }
            for p in piece.points { out.bits[(p.1 - oy) * mask.width + (p.0 - ox)] = false }
        }
        return out
    }

    /// The 8-connected marks of `mask` within `zone` (page coordinates), as `ZoneReader.inkBlobs` gives them.
    static func blobs(_ mask: InkMask, in zone: Box) -> [InkBlob] {
        let x0 = max(zone.x, mask.origin.x), y0 = max(zone.y, mask.origin.y)
        let x1 = min(zone.maxX, mask.origin.maxX), y1 = min(zone.maxY, mask.origin.maxY)
        guard x1 > x0, y1 > y0 else { return [] }
        var bits = [Bool](repeating: false, count: (x1 - x0) * (y1 - y0))
        for y in y0..<y1 {
            for x in x0..<x1 { bits[(y - y0) * (x1 - x0) + (x - x0)] = mask.bits[(y - mask.origin.y) * mask.width + (x - mask.origin.x)] }
        }
        return components(InkMask(origin: Box(x: x0, y: y0, width: x1 - x0, height: y1 - y0), bits: bits))
            .map { InkBlob(box: $0.box, pixels: $0.points.count) }
    }

    /// The 8-connected pieces of ink of a mask: their boxes and pixels, in page coordinates. With
    /// `touching`, only the pieces with a pixel inside that box (followed across the whole mask).
    static func components(_ mask: InkMask, touching box: Box? = nil) -> [(box: Box, points: [(Int, Int)])] {
        let w = mask.width, h = mask.height
        guard w > 0, h > 0 else { return [] }
        var seen = [Bool](repeating: false, count: w * h)
        var out: [(box: Box, points: [(Int, Int)])] = []
        var stack: [Int] = []
        var starts = Array(0..<(w * h))
        if let box {
            let x0 = max(0, box.x - mask.origin.x), x1 = min(w, box.maxX - mask.origin.x)
            let y0 = max(0, box.y - mask.origin.y), y1 = min(h, box.maxY - mask.origin.y)
            starts = x1 > x0 && y1 > y0 ? (y0..<y1).flatMap { y in (x0..<x1).map { y * w + $0 } } : []
        }
        for start in starts where mask.bits[start] && !seen[start] {
            seen[start] = true
            stack.append(start)
            var points: [(Int, Int)] = []
            var minX = Int.max, minY = Int.max, maxX = Int.min, maxY = Int.min
            while let i = stack.popLast() {
                let x = i % w, y = i / w
                points.append((x + mask.origin.x, y + mask.origin.y))
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                for ny in max(0, y - 1)...min(h - 1, y + 1) {
                    for nx in max(0, x - 1)...min(w - 1, x + 1) {
                        let j = ny * w + nx
                        if mask.bits[j] && !seen[j] { seen[j] = true; stack.append(j) }
                    }
                }
            }
            out.append((Box(x: minX + mask.origin.x, y: minY + mask.origin.y, width: maxX - minX + 1, height: maxY - minY + 1), points))
        }
        return out
    }
}
