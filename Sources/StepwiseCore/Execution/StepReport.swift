/// What one `next()` call in a stepping session did.
package struct StepReport: Sendable, Hashable {
    /// 1 for the first call.
    package var call: Int
    /// The returned optional as Swift prints it: `Optional(1)`, `nil`.
    package var value: String
    /// Whether `next()` returned nil (or, for an async iterator, threw).
    package var isEnd: Bool
    /// What an async iterator's `next()` threw, if it did.
    package var error: String?
    /// Everything the iterator's body printed during this call, in order.
    package var bodyOutput: [TimedLine]
    /// The iterator's stored properties after the call (superclass ones first).
    package var state: [StateEntry]
    /// Time the round trip took, from sending the command to receiving the report.
    package var roundTrip: Duration
    /// How long `next()` itself took, on the program's own clock (nil from an older driver).
    package var duration: Duration?
    /// The snippet's visible lines that ran during the call, ascending: nil when the
    /// snippet was not instrumented for stepping.
    package var linesRun: [Int]?
    /// The snippet's visible lines as the learner sees them, so a view can show the lines run
    /// in their place (see ``CallListing``); nil with ``linesRun``.
    package var visibleSource: [String]?
    /// Whether the body's lines were already shown as they arrived, so a view need not repeat them.
    package var bodyOutputShown = false

    package init(
        call: Int, value: String, isEnd: Bool, error: String? = nil, bodyOutput: [TimedLine],
        state: [StateEntry], roundTrip: Duration
    ) {
        self.call = call
        self.value = value
        self.isEnd = isEnd
        self.error = error
        self.bodyOutput = bodyOutput
        self.state = state
        self.roundTrip = roundTrip
    }
}

extension StepReport {
    /// What the driver's `call-trace` said about the call: its duration and, from a snippet
    /// instrumented for stepping, the program lines it ran, kept as the visible lines of
    /// `source` (a hidden line that ran is not shown).
    mutating func record(duration: Duration, programLines: [Int]?, of source: SnippetSource?) {
        self.duration = duration
        guard let programLines else { return }
        linesRun = Array(Set(programLines.compactMap { source?.visibleLine(forProgramLine: $0) })).sorted()
        visibleSource = source?.lines.filter { !$0.isHidden }.map(\.text)
    }
}
