/// One line a child process wrote, with the time it arrived.
package struct TimedLine: Sendable, Hashable {
    /// Which output stream a line came from.
    package enum Stream: String, Sendable, Hashable, Codable {
        case stdout
        case stderr
    }

    /// Time since the program started (for Swift snippets, since its first
    /// top-level statement; otherwise since the process was spawned).
    package var elapsed: Duration
    /// The stream the line was written to.
    package var stream: Stream
    /// The line without its newline (invalid UTF-8 is replaced).
    package var text: String
    /// Whether the end of the line was dropped because the output cap was reached.
    package var isTruncated: Bool

    package init(elapsed: Duration, stream: Stream, text: String, isTruncated: Bool = false) {
        self.elapsed = elapsed
        self.stream = stream
        self.text = text
        self.isTruncated = isTruncated
    }
}
