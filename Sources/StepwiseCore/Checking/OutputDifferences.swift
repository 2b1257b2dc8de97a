/// The `differences` block of a step: `PYTHON => SWIFT  explanation` lines saying which
/// spellings may differ between a Python original's output and its Swift translation.
struct OutputDifferences: Sendable {
    struct Replacement: Sendable, Equatable {
        var python: String
        var swift: String
        var explanation: String
        /// Line in the lesson file, for reporting a malformed rule.
        var line: Int
    }

    var replacements: [Replacement] = []
    /// Lines without ` => `, which replace nothing.
    var malformedLines: [Int] = []

    init(_ block: CodeBlock?) {
        guard let block else { return }
        for (line, text) in block.numberedLines {
            guard let arrow = text.firstRange(of: " => ") else {
                malformedLines.append(line)
                continue
            }
            let python = String(text[..<arrow.lowerBound])
            let rest = text[arrow.upperBound...]
            // The replacement ends at the first run of two spaces; the explanation follows.
            let swift: Substring
            let explanation: Substring
            if let gap = rest.firstRange(of: "  ") {
                swift = rest[..<gap.lowerBound]
                explanation = rest[gap.upperBound...].drop(while: \.isWhitespace)
            } else {
                swift = rest
                explanation = ""
            }
            replacements.append(Replacement(python: python, swift: String(swift), explanation: String(explanation), line: line))
        }
    }

    /// The Python output as it would read in Swift.
    func applied(to pythonOutput: String) -> String {
        replacements.reduce(pythonOutput) { text, rule in
            rule.python.isEmpty ? text : text.replacing(rule.python, with: rule.swift)
        }
    }
}
