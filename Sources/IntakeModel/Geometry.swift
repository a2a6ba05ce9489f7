/// A rectangle in page pixels (origin top-left), encoded in JSON as `[x, y, width, height]`.
public struct Box: Hashable, Sendable, Codable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var midX: Int { x + width / 2 }
    public var midY: Int { y + height / 2 }
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// The smallest box containing both.
    public func union(_ other: Box) -> Box {
        if isEmpty { return other }
        if other.isEmpty { return self }
        let nx = min(x, other.x), ny = min(y, other.y)
        return Box(x: nx, y: ny, width: max(maxX, other.maxX) - nx, height: max(maxY, other.maxY) - ny)
    }

    public static func union(_ boxes: [Box]) -> Box {
        boxes.reduce(Box(x: 0, y: 0, width: 0, height: 0)) { $0.union($1) }
    }

    /// Overlap of the vertical extents as a share of the smaller height (0...1).
    public func verticalOverlap(_ other: Box) -> Double {
        let top = max(y, other.y), bottom = min(maxY, other.maxY)
        let h = min(height, other.height)
        guard h > 0, bottom > top else { return 0 }
        return Double(bottom - top) / Double(h)
    }

    /// The box moved by `dx`, `dy`.
    public func offset(dx: Int, dy: Int) -> Box { Box(x: x + dx, y: y + dy, width: width, height: height) }

    public func insetBy(dx: Int, dy: Int) -> Box {
        Box(x: x + dx, y: y + dy, width: width - 2 * dx, height: height - 2 * dy)
    }

    public init(from decoder: Decoder) throws {
        var c = try decoder.unkeyedContainer()
        x = try c.decode(Int.self); y = try c.decode(Int.self)
        width = try c.decode(Int.self); height = try c.decode(Int.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(x); try c.encode(y); try c.encode(width); try c.encode(height)
    }
}
