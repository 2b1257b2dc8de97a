/// The text of an `output` block, matched against what a program really printed.
///
/// Trailing whitespace on a line and trailing blank lines are ignored: editors strip them and
/// a reader cannot see them. A stated line `~ TEXT` accepts any real line starting with `TEXT`,
/// for output that varies between runs (timings, addresses).
struct StatedOutput: Sendable {
    static let prefixMarker = "~ "

    var lines: [String]

    init(_ text: String) {
        lines = Self.normalizedLines(text)
    }

    static func normalizedLines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingTrailingWhitespace() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    static func line(_ stated: String, accepts real: String) -> Bool {
        if stated.hasPrefix(prefixMarker) {
            return real.hasPrefix(stated.dropFirst(prefixMarker.count))
        }
        return stated == real
    }

    func matches(_ output: String) -> Bool {
        let real = Self.normalizedLines(output)
        return real.count == lines.count && zip(lines, real).allSatisfy(Self.line)
    }

    /// `- ` stated, `+ ` real.
    func diff(against output: String) -> [String] {
        LineDiff.lines(expected: lines, actual: Self.normalizedLines(output), matches: Self.line)
    }
}
