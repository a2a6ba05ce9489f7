import Foundation

/// Text folding used for matching labels and comparing values (never for output).
public enum TextNorm {
    /// Latin letters that look like Cyrillic ones, as OCR with an English model produces them.
    static let latinToCyrillic: [Character: Character] = [
        "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
        "T": "Т", "X": "Х", "Y": "У", "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х",
        "y": "у", "k": "к", "m": "м", "n": "п", "r": "г", "u": "и", "b": "Ь",
    ]
    /// Cyrillic letters that look like Latin ones, as OCR with the Russian model reads e-mails.
    static let cyrillicToLatin: [Character: Character] = [
        "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
        "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "А": "a", "В": "b", "Е": "e", "К": "k",
        "М": "m", "Н": "h", "О": "o", "Р": "p", "С": "c", "Т": "t", "У": "y", "Х": "x", "г": "r",
        "п": "n", "и": "u", "ш": "w", "Ш": "w", "ь": "b", "З": "3", "з": "3", "Ч": "4",
    ]
    /// Letters that OCR returns in place of digits.
    static let digitLookalikes: [Character: Character] = [
        "О": "0", "о": "0", "O": "0", "o": "0", "D": "0", "З": "3", "з": "3", "б": "6", "Б": "6",
        "Ч": "4", "ч": "4", "I": "1", "l": "1", "|": "1", "!": "1", "i": "1", "S": "5", "s": "5",
        "B": "8", "В": "8", "Z": "2", "z": "2", "g": "9", "q": "9", "T": "7", "Т": "7", "?": "7",
    ]

    /// Upper case, Latin look-alikes folded to Cyrillic, ё→Е, only letters and digits kept.
    public static func key(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s {
            let c = latinToCyrillic[ch] ?? ch
            guard c.isLetter || c.isNumber else { continue }
            for u in String(c).uppercased() { out.append(u == "Ё" ? "Е" : u) }
        }
        return out
    }

    /// Words folded with `key`, empty ones dropped.
    public static func keyWords(_ s: String) -> [String] {
        s.split(whereSeparator: { $0.isWhitespace }).map { key(String($0)) }.filter { !$0.isEmpty }
    }

    /// Comparison form of a name: letters only, upper case, ё→Е.
    public static func nameKey(_ s: String) -> String {
        key(s).filter { $0.isLetter }
    }

    /// Single spaces, trimmed.
    public static func collapseSpaces(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Digits of a field that should hold only digits, with letter look-alikes mapped to digits.
    public static func digits(_ s: String) -> String {
        String(s.compactMap { ch -> Character? in
            if ch.isASCII && ch.isNumber { return ch }
            return digitLookalikes[ch]
        })
    }

    /// Share of letters that are Latin (a sign of a page read with the wrong language).
    public static func latinShare(_ s: String) -> Double {
        var latin = 0, letters = 0
        for ch in s where ch.isLetter {
            letters += 1
            if ch.isASCII { latin += 1 }
        }
        return letters == 0 ? 0 : Double(latin) / Double(letters)
    }
}

/// Edit distance and approximate matching.
public enum Fuzzy {
    /// Whether two strings are of one length and differ in exactly one character's place.
    public static func oneSubstitutionApart(_ a: String, _ b: String) -> Bool {
        a.count == b.count && zip(a, b).filter { $0 != $1 }.count == 1
    }

    /// Levenshtein distance between two strings (by characters).
    public static func distance(_ a: String, _ b: String) -> Int {
        distance(Array(a), Array(b))
    }

    public static func distance(_ a: [Character], _ b: [Character]) -> Int {
        distance(codes(a), codes(b))
    }

    public static func distance(_ a: [UInt32], _ b: [UInt32]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }

    /// Similarity 0...1 (1 = equal).
    public static func similarity(_ a: String, _ b: String) -> Double {
        let n = max(a.count, b.count)
        return n == 0 ? 1 : 1 - Double(distance(a, b)) / Double(n)
    }

    /// Best approximate occurrence of `pattern` inside `text` (semi-global alignment):
    /// returns the end offset (exclusive) in `text`, the start offset, and the edit cost.
    public static func find(_ pattern: [Character], in text: [Character]) -> (start: Int, end: Int, cost: Int)? {
        find(codes(pattern), in: codes(text)[...])
    }

    /// One code per character, equal exactly when the characters are (canonically) equal, so that
    /// the matching loops compare integers: `Character` comparison of Cyrillic text goes through
    /// Unicode normalisation on every step and took a tenth of a page's CPU time.
    public static func codes(_ chars: some Sequence<Character>) -> [UInt32] {
        chars.map(code)
    }

    static func code(_ ch: Character) -> UInt32 {
        let scalars = ch.unicodeScalars
        if scalars.count == 1 { return scalars.first!.value }
        let composed = String(ch).precomposedStringWithCanonicalMapping.unicodeScalars
        if composed.count == 1 { return composed.first!.value }
        // A cluster with no single code point (letter + combining mark): above every scalar value.
        var h = Hasher()
        for s in composed { h.combine(s.value) }
        return 0x8000_0000 | UInt32(truncatingIfNeeded: h.finalize()) & 0x7FFF_FFFF
    }

    /// `find` on codes; offsets are relative to the start of `text`.
    public static func find(_ pattern: [UInt32], in text: ArraySlice<UInt32>) -> (start: Int, end: Int, cost: Int)? {
        guard !pattern.isEmpty, !text.isEmpty else { return nil }
        let m = pattern.count, n = text.count
        // d[i][j]: cost of matching pattern[0..<i] ending at text j; start[i][j]: where that match began.
        var prevCost = [Int](repeating: 0, count: n + 1)
        var prevStart = Array(0...n)
        var curCost = [Int](repeating: 0, count: n + 1)
        var curStart = [Int](repeating: 0, count: n + 1)
        text.withUnsafeBufferPointer { t in
            for i in 1...m {
                let p = pattern[i - 1]
                curCost[0] = i
                curStart[0] = 0
                for j in 1...n {
                    let sub = prevCost[j - 1] + (p == t[j - 1] ? 0 : 1)
                    let del = prevCost[j] + 1
                    let ins = curCost[j - 1] + 1
                    if sub <= del && sub <= ins {
                        curCost[j] = sub; curStart[j] = prevStart[j - 1]
                    } else if del <= ins {
                        curCost[j] = del; curStart[j] = prevStart[j]
                    } else {
                        curCost[j] = ins; curStart[j] = curStart[j - 1]
                    }
                }
                swap(&prevCost, &curCost)
                swap(&prevStart, &curStart)
            }
        }
        var best = 1
        for j in 1...n where prevCost[j] < prevCost[best] { best = j }
        return (prevStart[best], best, prevCost[best])
    }
}
