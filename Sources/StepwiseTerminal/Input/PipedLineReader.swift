/// Reads plain lines from standard input: for scripts, pipes and tests. No escape codes,
/// no echo handling; the prompt is printed so transcripts read like a session.
public final class PipedLineReader: LineReader {
    public var completer: (@Sendable (String) -> [String])?
    private let echoesPrompt: Bool
    private let output: (String) -> Void

    public init(echoesPrompt: Bool = true, output: @escaping (String) -> Void) {
        self.echoesPrompt = echoesPrompt
        self.output = output
    }

    public func readLine(prompt: String) async -> LineInput {
        if echoesPrompt { output(prompt) }
        guard let line = Swift.readLine(strippingNewline: true) else {
            if echoesPrompt { output("\n") }
            return .endOfInput
        }
        if echoesPrompt {
            // The transcript shows the line as the session will read it: escape sequences would
            // act on a terminal showing it, and a line ignored as too long is not worth a megabyte.
            let isTooLong = line.count > TypedLine.maximumLength
            let shown = TypedLine(screening: isTooLong ? String(line.prefix(80)) : line).usable ?? ""
            output(shown + (isTooLong ? "…" : "") + "\n")
        }
        return .line(line)
    }

    public func addHistory(_ line: String) {}
}
