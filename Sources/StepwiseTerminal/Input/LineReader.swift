import Foundation

/// One thing the learner typed at the prompt.
package enum LineInput: Sendable, Equatable {
    case line(String)
    /// Ctrl-C at the prompt: the line was discarded.
    case interrupted
    /// Ctrl-D or the end of piped input.
    case endOfInput
}

/// Where the session's input comes from: libedit on a terminal, plain lines from a pipe or a test.
package protocol LineReader: AnyObject, Sendable {
    func readLine(prompt: String) async -> LineInput
    /// Remembers a line for Up/Down recall (and for the next run).
    func addHistory(_ line: String)
    /// Words Tab may complete to, given the text before the cursor.
    var completer: (@Sendable (String) -> [String])? { get set }
    /// Prints text that arrives at any time (a live program's output).
    func printAbove(_ text: String)
}

extension LineReader {
    /// Prints text that arrives at any time (a live program's output); a terminal's reader puts
    /// it above the line being edited.
    package func printAbove(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
