/// A line-by-line diff of stated against real text, for the notes of a mismatch.
///
/// Longest-common-subsequence based, like `diff`, so one extra line shows as one `+` line
/// instead of every following line differing. Outputs in lessons are short, so the quadratic
/// table costs nothing.
public enum LineDiff {
    /// Lines prefixed `  ` (same), `- ` (only in `expected`), `+ ` (only in `actual`).
    /// - Parameter matches: whether an expected line accepts an actual one (`~ ` prefix lines
    ///   accept more than one text); a matched pair shows as the actual line.
    public static func lines(
        expected: [String],
        actual: [String],
        matches: (String, String) -> Bool = { $0 == $1 }
    ) -> [String] {
        let n = expected.count
        let m = actual.count
        var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i][j] = matches(expected[i], actual[j]) ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var result: [String] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, matches(expected[i], actual[j]) {
                result.append("  " + actual[j])
                i += 1
                j += 1
            } else if i < n, j == m || table[i + 1][j] >= table[i][j + 1] {
                result.append("- " + expected[i])
                i += 1
            } else {
                result.append("+ " + actual[j])
                j += 1
            }
        }
        return result
    }
}
