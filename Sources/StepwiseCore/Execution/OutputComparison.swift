/// Compares a Python program's output with its Swift equivalent, allowing the
/// differences a lesson declares.
public enum OutputComparison: Sendable, Hashable {
    /// The outputs are the same line for line.
    case identical
    /// They are the same once the declared differences are applied; holds the
    /// explanations of the differences that were actually needed, in declaration order.
    case equivalent([String])
    /// They still differ: a unified-diff-like text (Python after replacements as `-`, Swift as `+`).
    case different(String)

    /// Compares outputs line by line.
    /// - Parameters:
    ///   - python: Python's output lines.
    ///   - swift: Swift's output lines.
    ///   - differences: The lesson's declared differences, applied to Python's output.
    public static func compare(python: [String], swift: [String], differences: [DeclaredDifference]) -> OutputComparison {
        if python == swift { return .identical }
        var rewritten = python
        var used: [String] = []
        for difference in differences {
            var applied = false
            rewritten = rewritten.map { line in
                guard !difference.python.isEmpty, line.contains(difference.python) else { return line }
                applied = true
                return line.replacing(difference.python, with: difference.swift)
            }
            if applied { used.append(difference.explanation) }
        }
        if rewritten == swift { return .equivalent(used) }
        return .different(LineDiff.unified(expected: rewritten, actual: swift, expectedLabel: "python", actualLabel: "swift"))
    }
}

/// One line of a `differences` block: `PYTHON => SWIFT  explanation`.
public struct DeclaredDifference: Sendable, Hashable {
    /// Text in Python's output...
    public var python: String
    /// ...and what Swift prints instead.
    public var swift: String
    /// Why they differ, for the learner.
    public var explanation: String

    public init(python: String, swift: String, explanation: String) {
        self.python = python
        self.swift = swift
        self.explanation = explanation
    }

    /// Parses one line; nil when it has no ` => `.
    ///
    /// The Swift side ends at the first run of two spaces; the rest (trimmed) is the explanation.
    public static func parse(_ line: String) -> DeclaredDifference? {
        guard let arrow = line.firstRange(of: " => ") else { return nil }
        let python = String(line[..<arrow.lowerBound])
        let rest = line[arrow.upperBound...]
        if let gap = rest.firstRange(of: "  ") {
            let explanation = rest[gap.upperBound...].drop { $0 == " " }
            return DeclaredDifference(python: python, swift: String(rest[..<gap.lowerBound]), explanation: String(explanation))
        }
        return DeclaredDifference(python: python, swift: String(rest), explanation: "")
    }

    /// Parses a whole `differences` block, skipping blank lines.
    /// - Returns: The differences and the 1-based line numbers of lines that could not be parsed.
    public static func parseBlock(_ text: String) -> (differences: [DeclaredDifference], invalidLines: [Int]) {
        var differences: [DeclaredDifference] = []
        var invalid: [Int] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = String(line)
            if text.allSatisfy(\.isWhitespace) { continue }
            if let difference = parse(text) { differences.append(difference) } else { invalid.append(offset + 1) }
        }
        return (differences, invalid)
    }
}
