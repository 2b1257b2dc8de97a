/// A unified-diff-like rendering of two line lists, for output mismatches.
enum LineDiff {
    enum Operation: Equatable {
        case same(expected: String, actual: String)
        case removed(String)
        case added(String)
    }

    /// The shortest edit script (by longest common subsequence) under `matches`.
    static func operations(
        expected: [String], actual: [String], matches: (String, String) -> Bool = { $0 == $1 }
    ) -> [Operation] {
        let n = expected.count
        let m = actual.count
        // lengths[i][j]: LCS length of expected[i...] and actual[j...]. Outputs are short (at most a few thousand lines).
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    lengths[i][j] =
                        matches(expected[i], actual[j])
                        ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
                }
            }
        }
        var result: [Operation] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, matches(expected[i], actual[j]) {
                result.append(.same(expected: expected[i], actual: actual[j]))
                i += 1
                j += 1
            } else if i < n, j == m || lengths[i + 1][j] >= lengths[i][j + 1] {
                // Removals first, as diff tools show them.
                result.append(.removed(expected[i]))
                i += 1
            } else {
                result.append(.added(actual[j]))
                j += 1
            }
        }
        return result
    }

    /// `--- expected` / `+++ actual` headers, then hunks with `@@ -a,b +c,d @@`
    /// and three lines of context around each change.
    static func unified(
        expected: [String], actual: [String], expectedLabel: String = "expected", actualLabel: String = "actual",
        matches: (String, String) -> Bool = { $0 == $1 }
    ) -> String {
        let operations = operations(expected: expected, actual: actual, matches: matches)
        let context = 3
        let changed = operations.indices.filter {
            if case .same = operations[$0] { return false }
            return true
        }
        guard !changed.isEmpty else { return "" }
        var output = ["--- \(expectedLabel)", "+++ \(actualLabel)"]
        // Group changes whose context windows overlap into one hunk.
        var hunks: [ClosedRange<Int>] = []
        for index in changed {
            let window = max(0, index - context)...min(operations.count - 1, index + context)
            if let last = hunks.last, window.lowerBound <= last.upperBound + 1 {
                hunks[hunks.count - 1] = last.lowerBound...window.upperBound
            } else {
                hunks.append(window)
            }
        }
        for hunk in hunks {
            var expectedStart = 1
            var actualStart = 1
            for operation in operations[..<hunk.lowerBound] {
                switch operation {
                case .same: expectedStart += 1; actualStart += 1
                case .removed: expectedStart += 1
                case .added: actualStart += 1
                }
            }
            var expectedCount = 0
            var actualCount = 0
            var body: [String] = []
            for operation in operations[hunk] {
                switch operation {
                case .same(_, let actualLine):
                    body.append(" " + actualLine)
                    expectedCount += 1
                    actualCount += 1
                case .removed(let line):
                    body.append("-" + line)
                    expectedCount += 1
                case .added(let line):
                    body.append("+" + line)
                    actualCount += 1
                }
            }
            output.append("@@ -\(expectedStart),\(expectedCount) +\(actualStart),\(actualCount) @@")
            output.append(contentsOf: body)
        }
        return output.joined(separator: "\n")
    }
}
