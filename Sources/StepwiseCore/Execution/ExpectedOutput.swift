/// Matching a snippet's real output against the `output` block an author wrote.
package enum ExpectedOutput {
    /// The result of a comparison.
    package enum Match: Sendable, Hashable {
        case matches
        /// A unified-diff-like text: expected lines as `-`, actual lines as `+`.
        case differs(diff: String)
    }

    /// Compares line by line. An expected line starting with `~ ` matches any
    /// actual line that starts with the rest of it (for timing-dependent output).
    /// Trailing empty lines on either side are ignored, as are trailing `\r`s.
    package static func matches(expected: String, actual: [String]) -> Match {
        let expectedLines = normalized(lines(expected))
        let actualLines = normalized(actual)
        let isMatch: (String, String) -> Bool = { pattern, line in
            if pattern.hasPrefix("~ ") { return line.hasPrefix(pattern.dropFirst(2)) }
            if pattern == "~" { return true }
            return pattern == line
        }
        if expectedLines.count == actualLines.count && zip(expectedLines, actualLines).allSatisfy(isMatch) {
            return .matches
        }
        return .differs(
            diff: LineDiff.unified(
                expected: expectedLines, actual: actualLines, expectedLabel: "expected output",
                actualLabel: "actual output", matches: isMatch))
    }

    /// ``matches(expected:actual:)`` with the actual output as one text.
    package static func matches(expected: String, actual: String) -> Match {
        matches(expected: expected, actual: lines(actual))
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    private static func normalized(_ lines: [String]) -> [String] {
        var result = lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        while let last = result.last, last.isEmpty { result.removeLast() }
        return result
    }
}
