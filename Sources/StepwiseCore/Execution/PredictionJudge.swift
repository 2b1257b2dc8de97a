/// Judges a learner's prediction of a snippet's output.
package enum PredictionJudge {
    /// Whether `answer` equals `output` once every run of whitespace (newlines
    /// included) becomes one space and both ends are trimmed: a learner may type
    /// a multi-line answer on one line.
    package static func matches(answer: String, output: String) -> Bool {
        normalized(answer) == normalized(output)
    }

    /// The whitespace-normalised form used for the comparison.
    package static func normalized(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
