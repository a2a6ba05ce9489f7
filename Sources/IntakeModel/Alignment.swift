/// Two sequences aligned on a longest common subsequence: which elements of each lie outside it (the
/// differences). On a tie the first sequence's element is taken as the difference first.
public enum Alignment {
    public static func unmatched<T: Equatable>(_ a: [T], _ b: [T]) -> (a: [Bool], b: [Bool]) {
        var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var onlyA = [Bool](repeating: false, count: a.count), onlyB = [Bool](repeating: false, count: b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] { i += 1; j += 1 }
            else if j < b.count, i == a.count || lcs[i][j + 1] > lcs[i + 1][j] { onlyB[j] = true; j += 1 }
            else { onlyA[i] = true; i += 1 }
        }
        return (onlyA, onlyB)
    }
}
