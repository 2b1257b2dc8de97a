/// Everything a finished child process produced.
public struct RunResult: Sendable, Hashable {
    /// The kept output lines of both streams in arrival order.
    public var lines: [TimedLine]
    /// How the process ended.
    public var termination: Termination
    /// Time from spawn to exit.
    public var wallTime: Duration
    /// Output bytes that were counted but not kept (beyond the kept-output limit).
    public var omittedBytes: Int
    /// Lines that were dropped entirely because the kept-output limit was reached.
    public var omittedLines: Int
    /// Lines starting with the control character U+001E: the tutor's own
    /// messages from generated code, never shown to the learner.
    var controlMessages: [ControlMessage]

    public init(
        lines: [TimedLine],
        termination: Termination,
        wallTime: Duration,
        omittedBytes: Int = 0,
        omittedLines: Int = 0
    ) {
        self.lines = lines
        self.termination = termination
        self.wallTime = wallTime
        self.omittedBytes = omittedBytes
        self.omittedLines = omittedLines
        self.controlMessages = []
    }

    /// The kept lines of one stream.
    public func text(of stream: TimedLine.Stream) -> String {
        lines.filter { $0.stream == stream }.map(\.text).joined(separator: "\n")
    }

    /// Every kept line, both streams in arrival order: what `output` blocks describe.
    public var combinedText: String {
        lines.map(\.text).joined(separator: "\n")
    }

    /// The Swift runtime's crash report in standard error, if the program trapped.
    public var runtimeCrash: RuntimeCrash? {
        RuntimeCrash.find(in: lines)
    }
}

/// A line of the tutor's own protocol between generated code and the tutor.
struct ControlMessage: Sendable, Hashable {
    /// Time since spawn.
    var elapsed: Duration
    var stream: TimedLine.Stream
    /// The text after the U+001E marker.
    var text: String
    /// How many output lines had been kept when this message arrived.
    var lineIndex: Int
}
