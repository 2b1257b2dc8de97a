/// Every `next()` call of a steppable snippet, made one after another at export time.
package struct SteppingTrace: Sendable {
    /// How a trace ended.
    package enum Ending: Sendable {
        /// `next()` returned nil (or an async iterator threw).
        case finished
        /// The cap was reached with the iterator still producing values.
        case capped(Int)
        /// The program ended during a call (a crash in the body, the time limit).
        case programEnded(call: Int, output: [TimedLine], termination: Termination)
        /// The top-level code ended the program before the first call.
        case endedEarly(RunResult)
        case compileFailed([CompilerDiagnostic])
        /// The variable is neither an iterator nor a sequence.
        case notSteppable(String)
        /// Stepping could not start (no toolchain, an internal failure).
        case notRun(String)
    }

    package var code: String
    /// The variable `next()` is called on.
    package var target: String
    /// `IteratorProtocol`, `Sequence`, `AsyncIteratorProtocol` or `AsyncSequence`; empty when stepping never began.
    package var kind: String
    package var showsTimings: Bool
    /// What the snippet's top-level code printed before the first call.
    package var topLevelOutput: [TimedLine]
    /// The iterator's stored properties before the first call.
    package var initialState: [StateEntry]
    package var calls: [StepReport]
    package var ending: Ending

    package init(
        code: String, target: String, kind: String = "", showsTimings: Bool, topLevelOutput: [TimedLine] = [],
        initialState: [StateEntry] = [], calls: [StepReport] = [], ending: Ending
    ) {
        self.code = code
        self.target = target
        self.kind = kind
        self.showsTimings = showsTimings
        self.topLevelOutput = topLevelOutput
        self.initialState = initialState
        self.calls = calls
        self.ending = ending
    }
}
