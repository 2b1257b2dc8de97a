/// Judges a learner's prediction of a snippet's output, and says what differs when it is wrong.
package enum PredictionJudge {
    /// How a wrong answer differs from the output, told without giving the output away.
    package enum Difference: Sendable, Hashable {
        /// The right pieces, joined by commas (or semicolons) the output does not print.
        case separators
        /// The same text once quotes are ignored; `outputHasQuotes` says which side has them.
        case quotes(outputHasQuotes: Bool)
        /// Every piece is there, in another order.
        case order
        /// The output with one of its lines left out: `line` of `of` (1-based).
        case missingLine(line: Int, of: Int)
        /// The whole output and more: the answer's extra pieces.
        case extra(String)
        /// Anything else; how many leading pieces agree.
        case other(matchingPieces: Int, outputLines: Int)

        /// Whether only the typing is off, so the answer does not use up a try.
        package var isFormatOnly: Bool { self == .separators }

        /// The sentence the tutor shows.
        package var explanation: String {
            switch self {
            case .separators:
                return "The right lines, but the output has no commas between them: type the lines separated by spaces."
            case .quotes(let outputHasQuotes):
                return outputHasQuotes
                    ? "Close: the output shows quotes your answer leaves out (debugPrint and collections print strings quoted)."
                    : "Close: the output has no quotes (print shows a String without them)."
            case .order:
                return "Every piece is there, but not in the order the program prints them."
            case .missingLine(let line, let count):
                return "One line is missing: the output has \(count) lines, and your answer has all but line \(line)."
            case .extra(let extra):
                return "Your answer has the whole output and more: `\(extra)` is not printed."
            case .other(let matching, let lines):
                let start =
                    matching == 0
                    ? "It differs from the first word on"
                    : "The first \(matching == 1 ? "word matches" : "\(matching) words match"), then it differs"
                return "\(start); the output has \(lines) line\(lines == 1 ? "" : "s")."
            }
        }
    }

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

    /// What differs between a wrong `answer` and `output`; nil when the answer is right.
    package static func difference(answer: String, output: String) -> Difference? {
        let said = normalized(answer)
        let printed = normalized(output)
        guard said != printed else { return nil }
        let separators: Set<Character> = [",", ";"]
        if !printed.contains(where: separators.contains),
            normalized(String(said.map { separators.contains($0) ? " " : $0 })) == printed
        {
            return .separators
        }
        let quotes: Set<Character> = ["\"", "'", "“", "”"]
        if normalized(String(said.filter { !quotes.contains($0) })) == normalized(String(printed.filter { !quotes.contains($0) })) {
            return .quotes(outputHasQuotes: printed.contains(where: quotes.contains))
        }
        let saidWords = said.split(separator: " ")
        let printedWords = printed.split(separator: " ")
        if saidWords.sorted() == printedWords.sorted() { return .order }
        let lines = output.split(separator: "\n").map { normalized(String($0)) }.filter { !$0.isEmpty }
        if lines.count > 1 {
            for index in lines.indices where lines.enumerated().filter({ $0.offset != index }).map(\.element).joined(separator: " ") == said
            {
                return .missingLine(line: index + 1, of: lines.count)
            }
        }
        if let extra = extra(in: saidWords, beyond: printedWords) { return .extra(extra) }
        let matching = zip(saidWords, printedWords).prefix { $0 == $1 }.count
        return .other(matchingPieces: matching, outputLines: max(lines.count, 1))
    }

    /// The words of `answer` that are not in `output`, when `output`'s words appear in order among
    /// them with one contiguous run added.
    static func extra(in answer: [Substring], beyond output: [Substring]) -> String? {
        guard answer.count > output.count else { return nil }
        let head = zip(answer, output).prefix { $0 == $1 }.count
        let tail = zip(answer.reversed(), output.reversed()).prefix { $0 == $1 }.count
        guard head + tail >= output.count else { return nil }
        let start = min(head, output.count - tail)
        let added = answer[start..<(start + answer.count - output.count)]
        return added.joined(separator: " ")
    }
}
