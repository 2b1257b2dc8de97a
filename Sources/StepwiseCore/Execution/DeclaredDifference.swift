/// One line of a `differences` block: `PYTHON => SWIFT  explanation`.
package struct DeclaredDifference: Sendable, Hashable {
    /// Text in Python's output...
    package var python: String
    /// ...and what Swift prints instead.
    package var swift: String
    /// Why they differ, for the learner.
    package var explanation: String

    package init(python: String, swift: String, explanation: String) {
        self.python = python
        self.swift = swift
        self.explanation = explanation
    }

    /// Parses one line; nil when it has no ` => `.
    ///
    /// The Swift side ends at the first run of two spaces; the rest (trimmed) is the explanation.
    package static func parse(_ line: String) -> DeclaredDifference? {
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
    package static func parseBlock(_ text: String) -> (differences: [DeclaredDifference], invalidLines: [Int]) {
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
