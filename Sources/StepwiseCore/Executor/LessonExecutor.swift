/// The one way Stepwise executes a lesson's code: the tutor, the presenter, `stepwise check`,
/// `stepwise run` and handouts all go through it, so a snippet's options (`timeout=`,
/// `compiled`, prefetching) mean the same everywhere and are applied in one place
/// (``SnippetPlan``).
///
/// Operations take lesson-level values and return the outcome types below; Stepwise's own
/// failures (no toolchain, a folder it cannot create) come back as `.notRun(reason)`, never as
/// thrown errors. The only error thrown is `CancellationError`, when the awaiting task is
/// cancelled (Ctrl-C): the run's process group is killed first.
package protocol LessonExecutor: Sendable {
    /// Compiles and runs a snippet (the learner's edited `source` when given).
    /// - Parameter onLine: sees each standard-output line as it arrives, for showing a run live.
    func run(_ snippet: Snippet, source: SnippetSource?, onLine: (@Sendable (TimedLine) -> Void)?) async throws -> RunReport
    /// Runs a `step=NAME` snippet's top-level code and stops before the first `next()`.
    func startStepping(_ snippet: Snippet, source: SnippetSource?) async throws -> SteppingStart
    /// Runs an exercise's hidden checks against `code` (the learner's copy or the solution).
    func checkExercise(_ exercise: Exercise, code: SnippetSource) async throws -> ExerciseVerdict
    /// Runs a Python original with python3.
    /// - Parameter onLine: sees each standard-output line as it arrives, for showing a run live.
    func runPython(_ code: String, onLine: (@Sendable (TimedLine) -> Void)?) async throws -> RunReport
    /// A prompt whose entries are evaluated with `context` in scope.
    /// - Parameter stepping: whether the prompt's program may be stepped (`context` is a
    ///   `step=` snippet): its snippet is then loaded instrumented to record the lines each
    ///   call runs.
    func openPrompt(context: SnippetSource?, stepping: Bool) async -> PromptOpening
    /// Compiles a snippet without running it; every diagnostic, warnings included.
    func compile(_ source: SnippetSource) async -> CompileReport
    /// Starts compiling the snippets a learner is about to reach; returns at once.
    func prefetch(_ snippets: [Snippet]) async
    /// The Swift toolchain's `swiftc --version`, or why there is none. Asked separately from
    /// python3 so that starting the tutor never waits for a python3 it may not need.
    func swiftVersion() async -> Result<String, ToolMissing>
    /// `Python 3.x.y`, or why there is no suitable python3.
    func pythonVersion() async -> Result<String, ToolMissing>
}

extension LessonExecutor {
    /// Runs a Python original with python3, its output all at the end.
    package func runPython(_ code: String) async throws -> RunReport {
        try await runPython(code, onLine: nil)
    }
}

/// How starting a stepping session went.
package enum SteppingStart: Sendable {
    /// Ready for the first call.
    case started(any SteppingSession, IteratorStepper.Ready)
    /// The snippet (or the driver around it) did not compile.
    case compileFailed([CompilerDiagnostic])
    /// The top-level code ended the program before stepping began.
    case endedEarly(RunResult)
    /// The variable is neither an iterator nor a sequence.
    case notSteppable(message: String, topLevelOutput: [TimedLine])
    /// Stepwise could not start it (no toolchain, an internal failure).
    case notRun(String)
}

/// A live stepping session: one program, one `next()` per call.
package protocol SteppingSession: Sendable {
    /// Calls `next()` once. Throws only `CancellationError`.
    func next() async throws -> StepOutcome
    /// Calls `next()` once, showing each line the body prints to `onLine` as it arrives.
    func next(onLine: (@Sendable (TimedLine) -> Void)?) async throws -> StepOutcome
    /// Ends the program.
    func close() async
}

extension SteppingSession {
    /// A session that cannot stream gives the lines with its report.
    package func next(onLine: (@Sendable (TimedLine) -> Void)?) async throws -> StepOutcome {
        try await next()
    }
}

/// What one `next()` call did.
package enum StepOutcome: Sendable {
    case reported(StepReport)
    /// The program ended during the call: a crash in the body, the time limit.
    case programEnded(call: Int, output: [TimedLine], termination: Termination, crash: RuntimeCrash?)
    /// The session could not go on (already over, or its report was unreadable).
    case failed(String)
    /// The program had waited longer than its idle limit for this call and was ended; nothing
    /// went wrong, and stepping again starts a new one.
    case stoppedIdle(after: Duration)

    /// `the stepping program was stopped after 30 minutes idle`, for ``stoppedIdle(after:)``.
    package static func idleNote(_ limit: Duration) -> String {
        "the stepping program was stopped after \(DurationText.spoken(limit)) idle"
    }
}

/// The one answer to "did the exercise pass".
package enum ExerciseVerdict: Sendable {
    /// The code (or the checks with it) did not compile.
    case compileFailed([CompilerDiagnostic])
    case checked(ExerciseReport)
    case notRun(String)

    /// Compiled, ran to the end, at least one check ran and every check passed: a checks
    /// block without any `check(...)` call never counts as solved.
    package var isSolved: Bool {
        if case .checked(let report) = self { report.isSolved } else { false }
    }
}

extension ExerciseReport {
    /// See ``ExerciseVerdict/isSolved``.
    package var isSolved: Bool { allPassed && !results.isEmpty }
}

/// A prompt, or why Swift cannot be evaluated.
package enum PromptOpening: Sendable {
    case opened(any PromptEvaluator)
    case notRun(String)
}

/// Evaluates Swift typed at the prompt, one entry at a time.
package protocol PromptEvaluator: Sendable {
    /// Throws only `CancellationError`.
    func evaluate(_ entry: String) async throws -> PromptOutcome
    /// Whether entries have been kept (so forgetting them is worth a word).
    func hasKeptEntries() async -> Bool
    /// Sees what a live program prints as it happens, between entries too.
    func observe(_ handler: @escaping @Sendable (LiveProgram.Event) -> Void) async
    /// Ends the program behind the prompt, if there is one.
    func close() async
    /// Stops the program's background tasks (a second Ctrl-C); the next entry rebuilds it.
    func stopTasks() async
    /// Ends the program and forgets every entry (`restart`): the next entry starts afresh
    /// with the snippet alone. Whether there was a program or a kept entry to end.
    func restart() async -> Bool
    /// Steps `name` inside the prompt's own program, so stepping and the prompt share the
    /// iterator; nil when this prompt has no live program (stepping then starts its own).
    func startStepping(_ name: String) async throws -> SteppingStart?
}

extension PromptEvaluator {
    package func observe(_ handler: @escaping @Sendable (LiveProgram.Event) -> Void) async {}
    package func close() async {}
    package func stopTasks() async {}
    package func restart() async -> Bool { false }
    package func startStepping(_ name: String) async throws -> SteppingStart? { nil }
}

/// What a prompt entry did.
package enum PromptOutcome: Sendable {
    case ran(output: [TimedLine], termination: Termination, crash: RuntimeCrash?)
    /// The entry ran in the live program; its output was shown as it happened.
    case streamed(termination: Termination, crash: RuntimeCrash?, notes: [String])
    case compileFailed([CompilerDiagnostic])
    /// The snippet or an earlier entry failed when replayed.
    case earlierCodeFailed(RunResult)
    case notRun(String)
}

/// Diagnostics of a compile, or why the compiler could not run.
package enum CompileReport: Sendable {
    case compiled([CompilerDiagnostic])
    case notRun(String)
}

/// Why a tool is missing, as the learner should read it.
package struct ToolMissing: Error, Sendable, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
