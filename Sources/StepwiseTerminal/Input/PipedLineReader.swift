import Foundation
import Synchronization

/// Reads plain lines from standard input: for scripts, pipes and tests. No escape codes,
/// no echo handling; the prompt is printed so transcripts read like a session.
package final class PipedLineReader: LineReader {
    private let completion = Mutex<(@Sendable (String) -> [String])?>(nil)
    private let echoesPrompt: Bool
    private let output: @Sendable (String) -> Void

    /// Unused without a terminal, kept so a pipe and a terminal are driven alike.
    package var completer: (@Sendable (String) -> [String])? {
        get { completion.withLock { $0 } }
        set { completion.withLock { $0 = newValue } }
    }

    package init(echoesPrompt: Bool = true, output: @escaping @Sendable (String) -> Void) {
        self.echoesPrompt = echoesPrompt
        self.output = output
    }

    /// Reads on a thread of its own: a blocking read on Swift's cooperative pool would leave
    /// one thread fewer for the snippets' runs while the learner thinks.
    package func readLine(prompt: String) async -> LineInput {
        await withCheckedContinuation { continuation in
            let thread = Thread { [self] in continuation.resume(returning: readLineOnThisThread(prompt: prompt)) }
            thread.start()
        }
    }

    private func readLineOnThisThread(prompt: String) -> LineInput {
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

    package func addHistory(_ line: String) {}
}
