import IntakeModel

/// The page text in reading order as one character stream, with a folded "key" copy for
/// approximate matching of labels, and maps back to the words (for boxes and confidences).
public struct PageStream {
    public let tokens: [Token]
    /// Token texts joined by single spaces.
    public let raw: [Character]
    /// Token index of each raw character (-1 for the joining spaces).
    public let rawToken: [Int]
    /// Folded letters and digits (upper case, Latin look-alikes as Cyrillic, ё as Е).
    public let key: [Character]
    /// Raw index of each key character.
    public let keyToRaw: [Int]
    /// `key` as integer codes, for the approximate matching of labels (`Fuzzy.codes`).
    let keyCodes: [UInt32]

    public init(tokens: [Token]) {
        self.tokens = tokens
        var raw: [Character] = [], rawToken: [Int] = [], key: [Character] = [], keyToRaw: [Int] = []
        for (i, t) in tokens.enumerated() {
            if i > 0 { raw.append(" "); rawToken.append(-1) }
            for ch in t.word.text {
                let folded = TextNorm.key(String(ch))
                for f in folded { key.append(f); keyToRaw.append(raw.count) }
                raw.append(ch); rawToken.append(i)
            }
        }
        self.raw = raw; self.rawToken = rawToken; self.key = key; self.keyToRaw = keyToRaw
        keyCodes = Fuzzy.codes(key)
    }

    public struct Match: Equatable {
        /// Key offsets [start, end).
        public var start: Int
        public var end: Int
        public var cost: Int
        public var length: Int
        public var ratio: Double { Double(cost) / Double(max(1, length)) }
    }

    /// Largest share of edits an anchor may need to count as found.
    public static let maxCostRatio = 0.22

    /// Best approximate occurrence of `phrase` at or after key offset `from`.
    public func find(_ phrase: String, from: Int = 0, maxRatio: Double = PageStream.maxCostRatio) -> Match? {
        find(codes: Fuzzy.codes(TextNorm.key(phrase)), from: from, maxRatio: maxRatio)
    }

    /// `find` for a phrase already folded and coded (a phrase looked for again and again).
    func find(codes pattern: [UInt32], from: Int, maxRatio: Double) -> Match? {
        guard !pattern.isEmpty, from < key.count else { return nil }
        guard let m = Fuzzy.find(pattern, in: keyCodes[from...]) else { return nil }
        let allowed = Int((Double(pattern.count) * maxRatio).rounded(.down))
        guard m.cost <= allowed else { return nil }
        return Match(start: from + m.start, end: from + m.end, cost: m.cost, length: pattern.count)
    }

    /// Every non-overlapping occurrence of `phrase`, left to right.
    public func findAll(_ phrase: String, from start: Int = 0, maxRatio: Double = PageStream.maxCostRatio) -> [Match] {
        let pattern = Fuzzy.codes(TextNorm.key(phrase))
        var out: [Match] = []
        var from = start
        while let m = find(codes: pattern, from: from, maxRatio: maxRatio) {
            out.append(m)
            from = max(m.end, m.start + 1)
        }
        return out
    }

    /// The first key offset at or after raw index `r`.
    public func keyIndex(ofRaw r: Int) -> Int {
        var lo = 0, hi = keyToRaw.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keyToRaw[mid] < r { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Raw index where key offset `k` starts (or the end of the text).
    public func rawIndex(ofKey k: Int) -> Int { k < keyToRaw.count ? keyToRaw[k] : raw.count }

    /// Raw index just after the key character before `k`.
    public func rawIndex(afterKey k: Int) -> Int { k > 0 && k - 1 < keyToRaw.count ? keyToRaw[k - 1] + 1 : 0 }

    /// The tokens touched by raw range [a, b).
    public func tokens(inRaw a: Int, _ b: Int) -> [Int] {
        guard a < b else { return [] }
        var seen: [Int] = []
        for i in max(0, a)..<min(b, raw.count) where rawToken[i] >= 0 && seen.last != rawToken[i] { seen.append(rawToken[i]) }
        return seen
    }
}
