/// Compares a Python program's output with its Swift equivalent, allowing the
/// differences a lesson declares.
package enum OutputComparison: Sendable, Hashable {
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
    package static func compare(python: [String], swift: [String], differences: [DeclaredDifference]) -> OutputComparison {
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
