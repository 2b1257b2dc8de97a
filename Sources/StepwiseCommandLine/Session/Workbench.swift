import Foundation
import StepwiseCore
import StepwiseTerminal

/// Everything that compiles and runs Swift for the session: run, step, edit, reset, compare,
/// check, predict, solution and Swift typed at the prompt.
final class Workbench: @unchecked Sendable {
    let copies: LearnerCopies
    let environment: [String: String]
    let swiftOverride: String?
    let interrupts: InterruptHandler?
    /// Overrides the child limits (tests use short ones).
    var limits = RunLimits()

    var toolchainState: ToolchainState = .unknown
    var pythonState: PythonState = .unknown
    var stepper: (session: IteratorStepper, target: String, isAsync: Bool)?
    var prompt: (session: PromptSession, context: String?)?
    var lessonID: String?
    var stepIndex = 0

    enum ToolchainState {
        case unknown
        case found(SnippetRunner)
        case missing
    }

    enum PythonState {
        case unknown
        case found(PythonRunner)
        case missing(String)
    }

    init(copies: LearnerCopies, environment: [String: String], swiftOverride: String?, interrupts: InterruptHandler?) {
        self.copies = copies
        self.environment = environment
        self.swiftOverride = swiftOverride
        self.interrupts = interrupts
    }

    var isStepping: Bool { stepper != nil }

    // MARK: - Moving around

    /// A new step: stepping ends, the prompt forgets its entries when the lesson changes, and the
    /// snippets ahead are compiled in the background so `run` is usually instant.
    func stepChanged(lesson: Lesson, stepIndex: Int) {
        stopStepping()
        if lesson.id != lessonID { prompt = nil }
        lessonID = lesson.id
        self.stepIndex = stepIndex
        guard case .found(let runner) = toolchainState else { return }
        let ahead = lesson.steps[stepIndex...].prefix(3).flatMap { step in step.snippets }
        let sources = ahead.map { SnippetSource($0.block.code) }
        let steppable = ahead.compactMap { snippet in snippet.options.stepTarget.map { (SnippetSource(snippet.block.code), $0) } }
        Task.detached(priority: .background) {
            await runner.prefetch(sources)
            for (source, name) in steppable { await runner.prefetchStepping(source, name: name) }
        }
    }

    func stopStepping() {
        if let stepper {
            let session = stepper.session
            Task { await session.close() }
        }
        stepper = nil
    }

    // MARK: - Toolchains

    /// The toolchain, located once; when there is none the tutor still teaches and says so once.
    func runner(_ session: TutorSession) async -> SnippetRunner? {
        switch toolchainState {
        case .found(let runner): return runner
        case .missing:
            session.say("(Swift is not installed, so snippets cannot run; the lessons' text still works.)", .dim)
            return nil
        case .unknown:
            do {
                let toolchain = try await Toolchain.locate(override: swiftOverride, environment: environment)
                let runner = SnippetRunner(toolchain: toolchain, environment: environment)
                toolchainState = .found(runner)
                return runner
            } catch {
                toolchainState = .missing
                session.say("\(error)", .colored(.yellow))
                return nil
            }
        }
    }

    /// Tells the learner at start-up when there is no toolchain, and starts the first prefetch.
    func prepare(_ session: TutorSession) async {
        guard await runner(session) != nil else { return }
        stepChanged(lesson: session.lesson, stepIndex: session.stepIndex)
    }

    func python(_ session: TutorSession) async -> PythonRunner? {
        switch pythonState {
        case .found(let python): return python
        case .missing(let reason):
            session.say(reason, .dim)
            return nil
        case .unknown:
            do {
                let python = try await PythonRunner.locate(environment: environment)
                pythonState = .found(python)
                return python
            } catch {
                let reason = "python3 3.11 or newer is not available (\(error)), so only the Swift side runs."
                pythonState = .missing(reason)
                session.say(reason, .colored(.yellow))
                return nil
            }
        }
    }

    // MARK: - Running

    func presenter(_ session: TutorSession) -> RunPresenter {
        RunPresenter(width: session.capabilities.width)
    }

    func limits(for options: SwiftSnippet) -> RunLimits {
        var limits = limits
        if let seconds = options.timeoutSeconds { limits.wallClock = .seconds(seconds) }
        return limits
    }

    /// The snippet's source, the learner's edited copy when there is one.
    func source(of snippet: Snippet, number: Int, session: TutorSession) -> SnippetSource {
        let path = copies.path(lesson: session.lesson, step: session.stepIndex, name: String(number))
        return LearnerCopies.source(for: snippet.block, edited: copies.edited(at: path))
    }

    func run(index: Int?, session: TutorSession) async {
        let snippets = session.step.snippets
        guard !snippets.isEmpty else {
            if session.step.exercise != nil {
                session.say("This step is an exercise: `edit` it, then `check` it (check runs it too).")
            } else {
                session.say("There is no Swift to run on this step. Type Swift at the prompt to try something.")
            }
            return
        }
        let number = index ?? 1
        guard number >= 1, number <= snippets.count else {
            session.say("This step has \(snippets.count) snippet\(snippets.count == 1 ? "" : "s"); try `run 1`.")
            return
        }
        let snippet = snippets[number - 1]
        if snippet.options.isPrediction, session.progress[lesson: session.lesson.id].predictions[session.step.key] == nil {
            session.say("First, your prediction.", .bold)
            await predict(session: session)
            return
        }
        _ = await runAndShow(snippet, number: number, session: session)
    }

    /// Runs a snippet and prints its output; returns the lines for `compare` and `predict`.
    @discardableResult
    func runAndShow(_ snippet: Snippet, number: Int, session: TutorSession, showOutput: Bool = true) async -> [String]? {
        guard var chosen = await runner(session) else { return nil }
        if snippet.options.needsCompiledBinary { chosen.firstRun = .compile }
        let runner = chosen
        let source = source(of: snippet, number: number, session: session)
        let limits = limits(for: snippet.options)
        // On a terminal the output appears as it is printed; a pipe gets it in one piece at the end.
        let live = interrupts != nil && showOutput
            ? LiveOutput(presenter: presenter(session), console: StandardConsole(), usesColor: session.capabilities.usesColor)
            : nil
        let outcome: SnippetOutcome
        do {
            let onLine: (@Sendable (TimedLine) -> Void)? = live.map { live in { @Sendable line in live.show(line) } }
            outcome = try await cancellable(live: live) { try await runner.run(source, limits: limits, onLine: onLine) }
        } catch is CancellationError {
            session.say("── interrupted (Ctrl-C)", .colored(.yellow, bold: true))
            return nil
        } catch {
            session.say("Could not run the snippet: \(error)", .colored(.red))
            return nil
        }
        switch outcome {
        case .compileFailed(let diagnostics):
            session.write(presenter(session).diagnostics(diagnostics))
            return nil
        case .ran(let result, let warnings):
            if !warnings.isEmpty { session.write(presenter(session).diagnostics(warnings, title: "compiler warnings")) }
            if let live, live.printedCount > 0 {
                session.write(presenter(session).remainder(of: result, liveShown: live.printedCount))
            } else if showOutput {
                session.write(presenter(session).output(
                    result.lines, termination: result.termination, wallTime: result.wallTime,
                    omittedBytes: result.omittedBytes
                ))
            }
            if showOutput, snippet.options.drawsTimeline {
                let timeline = Timeline(lines: result.lines, until: result.wallTime)
                if !timeline.intervals.isEmpty {
                    session.write(StyledText(lines: [presenter(session).heading("timeline")]))
                    for row in timeline.render(width: session.capabilities.width) { session.sayVerbatim(row) }
                }
            }
            return result.lines.map(\.text)
        }
    }

    /// Runs `body` so that Ctrl-C cancels it; on a terminal, a run that takes a while says so
    /// (and how to stop it) instead of leaving the learner looking at a silent prompt.
    func cancellable<T: Sendable>(live: LiveOutput? = nil, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        guard let interrupts else { return try await body() }
        // Interrupts are installed only for a terminal session, which writes to standard output.
        let notice = Task {
            try await Task.sleep(for: .milliseconds(600))
            if (live?.printedCount ?? 0) == 0 { StandardConsole().line("  running… (Ctrl-C stops it)") }
        }
        defer { notice.cancel() }
        return try await interrupts.cancellable(body)
    }
}
