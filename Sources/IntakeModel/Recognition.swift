/// One recognised word: text as the engine read it, confidence 0...1, box in page pixels.
public struct OCRWord: Hashable, Sendable, Codable {
    public var text: String
    public var confidence: Double
    public var box: Box

    public init(text: String, confidence: Double, box: Box) {
        self.text = text; self.confidence = confidence; self.box = box
    }
}

/// One text line: its words in reading order.
public struct OCRLine: Hashable, Sendable, Codable {
    public var words: [OCRWord]
    public var box: Box

    public init(words: [OCRWord], box: Box? = nil) {
        self.words = words
        self.box = box ?? Box.union(words.map(\.box))
    }

    public var text: String { words.map(\.text).joined(separator: " ") }
    public var confidence: Double {
        words.isEmpty ? 0 : words.map(\.confidence).reduce(0, +) / Double(words.count)
    }
}

/// The engine and model that produced a result, so a changed engine shows up as a changed result.
public struct EngineInfo: Hashable, Sendable, Codable {
    public var tesseract: String
    public var models: [String: String]

    public init(tesseract: String, models: [String: String]) {
        self.tesseract = tesseract; self.models = models
    }
}

/// What preparation did to a page before recognition.
public struct Preparation: Hashable, Sendable, Codable {
    /// Clockwise rotation applied, in degrees: 0, 90, 180 or 270.
    public var rotation: Int
    /// Skew corrected, in degrees.
    public var skew: Double
    /// Scale factor from the source image to the recognised image.
    public var scale: Double
    /// Resolution the page was recognised at.
    public var dpi: Int

    public init(rotation: Int = 0, skew: Double = 0, scale: Double = 1, dpi: Int = 300) {
        self.rotation = rotation; self.skew = skew; self.scale = scale; self.dpi = dpi
    }
}

/// A recognised page: lines of words in the coordinates of the prepared image.
public struct OCRPage: Hashable, Sendable, Codable {
    public var source: String
    public var page: Int
    public var width: Int
    public var height: Int
    public var lines: [OCRLine]
    public var preparation: Preparation
    public var engine: EngineInfo
    /// The language model the lines were read with (`rus`, `eng`, `rus+eng`).
    public var language: String
    /// Form lines found on the page (table borders, underlined blanks), removed before recognition.
    public var rules: [Box]
    /// Bands of the page the scanner did not see (a dropout streak: no ink over the page's height),
    /// filled from their sides before recognition: print under them was guessed, not read.
    public var unseen: [Box]

    public init(source: String, page: Int, width: Int, height: Int, lines: [OCRLine],
                preparation: Preparation = Preparation(), engine: EngineInfo, language: String = "rus",
                rules: [Box] = [], unseen: [Box] = []) {
        self.source = source; self.page = page; self.width = width; self.height = height
        self.lines = lines; self.preparation = preparation; self.engine = engine; self.language = language
        self.rules = rules; self.unseen = unseen
    }

    enum CodingKeys: String, CodingKey { case source, page, width, height, lines, preparation, engine, language, rules, unseen }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        source = try c.decode(String.self, forKey: .source)
        page = try c.decode(Int.self, forKey: .page)
        width = try c.decode(Int.self, forKey: .width)
        height = try c.decode(Int.self, forKey: .height)
        lines = try c.decode([OCRLine].self, forKey: .lines)
        preparation = try c.decodeIfPresent(Preparation.self, forKey: .preparation) ?? Preparation()
        engine = try c.decode(EngineInfo.self, forKey: .engine)
        language = try c.decodeIfPresent(String.self, forKey: .language) ?? "rus"
        rules = try c.decodeIfPresent([Box].self, forKey: .rules) ?? []
        unseen = try c.decodeIfPresent([Box].self, forKey: .unseen) ?? []
    }

    public var text: String { lines.map(\.text).joined(separator: "\n") }
    public var words: [OCRWord] { lines.flatMap(\.words) }
    public var meanConfidence: Double {
        let w = words
        return w.isEmpty ? 0 : w.map(\.confidence).reduce(0, +) / Double(w.count)
    }
}

/// Kinds of zone re-read with field-specific settings.
public enum ZoneKind: String, Sendable {
    /// Digits and the separators of dates, phones and numbers.
    case digits
    /// Latin text of an e-mail address.
    case email
    /// The same zone read again from the grey image (a second, independent reading).
    case emailWord
    /// One line of Cyrillic text.
    case text
}

/// Re-reads one zone of the page being extracted (implemented over Tesseract by the OCR module;
/// tests give recorded readings).
public protocol ZoneReader {
    func read(zone: Box, kind: ZoneKind) -> [OCRLine]
    /// Share of dark pixels in the zone of the prepared page (0...1), for signature detection.
    func inkCoverage(zone: Box) -> Double
    /// Share of pixels darker than `threshold` in the zone of the grey page (before binarisation
    /// and speck removal, which take small marks such as the dots of ё).
    func greyInk(zone: Box, threshold: Int) -> Double
    /// A third reading of a zone of digits, character by character with the engine's other
    /// candidates: another preparation of the pixels (the grey image) than the page reading and
    /// the digits re-read (the binarised one). Empty when not available.
    func digitChoices(zone: Box) -> [CharChoice]
    /// Another model's reading of a zone of digits at another scale (for critical numbers and
    /// dates): an opinion that fails differently from the Russian model. Empty when not available.
    func otherModelDigits(zone: Box) -> [OCRLine]
    /// A third model's reading of a zone of digits, trained apart from the other two: it settles
    /// their disagreement by majority. Empty when not available.
    func thirdModelDigits(zone: Box) -> [OCRLine]
    /// The third model's reading of the zone at twice its scale, for when it read nothing at the
    /// page's scale. Empty when not available.
    func thirdModelDigitsLarger(zone: Box) -> [OCRLine]
    /// The connected marks of ink in the zone (8-connected): on the prepared (binarised) page when
    /// `threshold` is nil, else on the grey page, pixels darker than `threshold`. Nil when the
    /// reader has no page image.
    func inkBlobs(zone: Box, threshold: Int?) -> [InkBlob]?
    /// The ink of the zone of the prepared (binarised) page, pixel by pixel, for comparing printed
    /// glyphs with each other (`GlyphEvidence`). Nil when the reader has no page image.
    func inkMask(zone: Box) -> InkMask?
    /// The ink of the zone on the grey page, pixels darker than `threshold` (nil: the prepared page,
    /// as `inkMask(zone:)`). Nil when the reader has no page image.
    func inkMask(zone: Box, threshold: Int?) -> InkMask?
}

/// The ink of a zone of the page: `width` × `height` pixels, row by row, true for ink. `origin`
/// is where the zone starts on the page (after clipping to it).
public struct InkMask: Hashable, Sendable {
    public var origin: Box
    public var bits: [Bool]
    public var width: Int { origin.width }
    public var height: Int { origin.height }

    public init(origin: Box, bits: [Bool]) {
        precondition(bits.count == origin.width * origin.height, "one value per pixel")
        self.origin = origin; self.bits = bits
    }
}

/// One connected mark of ink: its bounding box in page pixels and how many pixels it has.
public struct InkBlob: Hashable, Sendable, Codable {
    public var box: Box
    public var pixels: Int
    public init(box: Box, pixels: Int) { self.box = box; self.pixels = pixels }
}

extension ZoneReader {
    public func greyInk(zone: Box, threshold: Int) -> Double { inkCoverage(zone: zone) }
    public func digitChoices(zone: Box) -> [CharChoice] { [] }
    public func otherModelDigits(zone: Box) -> [OCRLine] { [] }
    public func thirdModelDigits(zone: Box) -> [OCRLine] { [] }
    public func thirdModelDigitsLarger(zone: Box) -> [OCRLine] { [] }
    public func inkBlobs(zone: Box, threshold: Int?) -> [InkBlob]? { nil }
    public func inkMask(zone: Box) -> InkMask? { nil }
    public func inkMask(zone: Box, threshold: Int?) -> InkMask? { threshold == nil ? inkMask(zone: zone) : nil }
}

/// One recognised character with the engine's other candidates for it (Tesseract's choice
/// iterator): a digit read as "5" whose candidates include "3" at a fair share was a close call.
public struct CharChoice: Hashable, Sendable, Codable {
    /// The best candidate.
    public var text: String
    /// Its probability, 0...1.
    public var confidence: Double
    /// The other candidates with their probabilities (0...1), most likely first.
    public var alternatives: [Alternative]

    public struct Alternative: Hashable, Sendable, Codable {
        public var text: String
        public var confidence: Double
        public init(text: String, confidence: Double) { self.text = text; self.confidence = confidence }
    }

    public init(text: String, confidence: Double, alternatives: [Alternative] = []) {
        self.text = text; self.confidence = confidence; self.alternatives = alternatives
    }
}
