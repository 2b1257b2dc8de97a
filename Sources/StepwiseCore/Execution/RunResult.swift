/// Everything a finished child process produced.
package struct RunResult: Sendable, Hashable {
    /// The kept output lines of both streams in arrival order.
    package var lines: [TimedLine]
    /// How the process ended.
    package var termination: Termination
    /// Time from spawn to exit; for generated programs, from the child's own `started` to its
    /// `finished` (or to the tutor's reap when it crashed), as the child's clock measured it.
    package var wallTime: Duration
    /// Output bytes that were counted but not kept (beyond the kept-output limit).
    package var omittedBytes: Int
    /// Lines that were dropped entirely because the kept-output limit was reached.
    package var omittedLines: Int
    /// What generated code sent on the control channel, never shown to the learner.
    var controlMessages: [ReceivedControl]
    /// A word from Stepwise about how it ran the program (such as compiling a snippet too long
    /// for the interpreter), shown before the output.
    package var notes: [String] = []
    /// The snippet's tasks, when the run was instrumented (see ``TaskTrace``).
    package var taskTrace: TaskTrace?
    /// One line saying why the snippet ran without instrumentation, when it was meant to have it.
    package var instrumentationNote: String?

    package init(
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
    package func text(of stream: TimedLine.Stream) -> String {
        lines.filter { $0.stream == stream }.map(\.text).joined(separator: "\n")
    }

    /// Every kept line, both streams in arrival order: what `output` blocks describe.
    package var combinedText: String {
        lines.map(\.text).joined(separator: "\n")
    }

    /// The Swift runtime's crash report in standard error, if the program trapped.
    package var runtimeCrash: RuntimeCrash? {
        RuntimeCrash.find(in: lines)
    }
}
