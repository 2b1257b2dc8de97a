/// One line a child process wrote, with the time it arrived.
public struct TimedLine: Sendable, Hashable {
    /// Which output stream a line came from.
    public enum Stream: String, Sendable, Hashable, Codable {
        case stdout
        case stderr
    }

    /// Time since the program started (for Swift snippets, since its first
    /// top-level statement; otherwise since the process was spawned).
    public var elapsed: Duration
    /// The stream the line was written to.
    public var stream: Stream
    /// The line without its newline (invalid UTF-8 is replaced).
    public var text: String
    /// Whether the end of the line was dropped because the output cap was reached.
    public var isTruncated: Bool

    public init(elapsed: Duration, stream: Stream, text: String, isTruncated: Bool = false) {
        self.elapsed = elapsed
        self.stream = stream
        self.text = text
        self.isTruncated = isTruncated
    }
}
