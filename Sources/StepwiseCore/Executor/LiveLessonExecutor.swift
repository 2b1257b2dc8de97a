import Foundation

/// The ``LessonExecutor`` that runs code for real with the learner's toolchain and python3.
package struct LiveLessonExecutor: LessonExecutor {
    /// How the executor trades start-up time for compiles, by who is waiting.
    package enum Policy: Sendable, Hashable {
        /// The tutor and the presenter: first runs are interpreted and compiled into the cache
        /// in the background, in this process, which lives long enough to finish.
        case interactive
        /// `stepwise run`: as interactive, but the background compile outlives the command.
        case oneShot
        /// `stepwise check`: always compile first, so the binary a compile check built is the
        /// one the output and stepping checks start.
        case authoring
        /// Handouts: interpret first runs and compile nothing afterwards; the export exits.
        case export
    }

    package let tools: LocatedTools
    package let policy: Policy
    /// The limits of every run; a snippet's `timeout=` overrides the wall clock.
    package var limits: RunLimits
    package var environment: [String: String]
    package var cache: SnippetCache
    /// Reads prompt entries for the live program; without one the prompt replays entries.
    package var entryReader: (any EntryReading)?
    /// Rewrites runs to record their tasks and stepping to record the lines each call ran;
    /// nil runs every snippet as written.
    package var instrumenter: (any SnippetInstrumenter)?

    package init(
        tools: LocatedTools, policy: Policy, limits: RunLimits = RunLimits(),
        environment: [String: String] = ProcessInfo.processInfo.environment, cache: SnippetCache = .standard(),
        instrumenter: (any SnippetInstrumenter)? = nil
    ) {
        self.tools = tools
        self.policy = policy
        self.limits = limits
        self.environment = environment
        self.cache = cache
        self.instrumenter = instrumenter
    }

    /// The executor for a command's `--swift` option and the process environment.
    package static func standard(
        swiftOverride: String?, policy: Policy, environment: [String: String] = ProcessInfo.processInfo.environment,
        instrumenter: (any SnippetInstrumenter)? = nil
    ) -> LiveLessonExecutor {
        LiveLessonExecutor(
            tools: .shared(swiftOverride: swiftOverride, environment: environment), policy: policy,
            environment: environment, cache: .standard(environment: environment), instrumenter: instrumenter)
    }

    /// The runner for one plan, or why there is none.
    func makeRunner(compilesFirst: Bool = false) async -> Result<SnippetRunner, ToolMissing> {
        await tools.swift().map { toolchain in
            var runner = SnippetRunner(toolchain: toolchain, cache: cache, environment: environment)
            switch policy {
            case .interactive: runner.backgroundCompiles = .inProcess
            case .oneShot: runner.backgroundCompiles = .detached
            case .authoring: runner.firstRun = .compile
            case .export: runner.backgroundCompiles = .none
            }
            if compilesFirst { runner.firstRun = .compile }
            return runner
        }
    }

    package func run(
        _ snippet: Snippet, source: SnippetSource? = nil, onLine: (@Sendable (TimedLine) -> Void)? = nil
    ) async throws -> RunReport {
        let plan = SnippetPlan(snippet.options, base: limits)
        let runner: SnippetRunner
        switch await makeRunner(compilesFirst: plan.compilesFirst) {
        case .success(let found): runner = found
        case .failure(let missing): return .notRun(missing.description)
        }
        do {
            let code = source ?? SnippetSource(snippet.block.code)
            switch try await runner.run(code, limits: plan.limits, rewrite: instrumenter?.instrumentTasks(code), onLine: onLine) {
            case .compileFailed(let diagnostics): return .compileFailed(diagnostics)
            case .ran(let result, _): return .ran(result)
            }
        } catch let cancelled as CancellationError {
            throw cancelled
        } catch {
            if Task.isCancelled { throw CancellationError() }
            return .notRun("Stepwise could not run it: \(error)")
        }
    }

    package func startStepping(_ snippet: Snippet, source: SnippetSource? = nil) async throws -> SteppingStart {
        guard let target = snippet.options.stepTarget else { return .notRun("the snippet has no step= target") }
        let plan = SnippetPlan(snippet.options, base: limits)
        let runner: SnippetRunner
        switch await makeRunner(compilesFirst: plan.compilesFirst) {
        case .success(let found): runner = found
        case .failure(let missing): return .notRun(missing.description)
        }
        let start: IteratorStepper.Start
        do {
            let code = source ?? SnippetSource(snippet.block.code)
            start = try await IteratorStepper.start(
                code, name: target, runner: runner, limits: plan.limits, rewrite: instrumenter?.instrumentLines(code))
        } catch {
            if Task.isCancelled { throw CancellationError() }
            return .notRun("Stepwise could not start stepping: \(error)")
        }
        if Task.isCancelled {
            if case .started(let stepper, _) = start { await stepper.close() }
            throw CancellationError()
        }
        switch start {
        case .compileFailed(let diagnostics): return .compileFailed(diagnostics)
        case .endedEarly(let result): return .endedEarly(result)
        case .notSteppable(let message, let output): return .notSteppable(message: message, topLevelOutput: output)
        case .started(let stepper, let ready): return .started(LiveSteppingSession(stepper: stepper), ready)
        }
    }

    package func checkExercise(_ exercise: Exercise, code: SnippetSource) async throws -> ExerciseVerdict {
        guard let checks = exercise.checks else { return .notRun("the exercise has no checks") }
        let plan: SnippetPlan
        if case .swift(let options) = exercise.starter.role {
            plan = SnippetPlan(options, base: limits)
        } else {
            plan = SnippetPlan(SwiftSnippet(), base: limits)
        }
        let runner: SnippetRunner
        switch await makeRunner(compilesFirst: plan.compilesFirst) {
        case .success(let found): runner = found
        case .failure(let missing): return .notRun(missing.description)
        }
        do {
            switch try await ExerciseChecker(runner: runner).check(code, checks: SnippetSource(checks.code), limits: plan.limits) {
            case .compileFailed(let diagnostics): return .compileFailed(diagnostics)
            case .checked(let report): return .checked(report)
            }
        } catch {
            if Task.isCancelled { throw CancellationError() }
            return .notRun("Stepwise could not run the checks: \(error)")
        }
    }

    package func runPython(_ code: String, onLine: (@Sendable (TimedLine) -> Void)? = nil) async throws -> RunReport {
        let python: PythonRunner
        switch await tools.python3() {
        case .success(let found): python = found
        case .failure(let missing): return .notRun(missing.description)
        }
        do {
            return .ran(try await python.run(code, limits: limits, onLine: onLine))
        } catch {
            if Task.isCancelled { throw CancellationError() }
            return .notRun("python3 could not run it: \(error)")
        }
    }

    package func openPrompt(context: SnippetSource?, stepping: Bool) async -> PromptOpening {
        switch await makeRunner() {
        case .success(let runner):
            if let entryReader {
                .opened(
                    LiveProgramPrompt(
                        program: LiveProgram(
                            toolchain: runner.toolchain, cacheDirectory: cache.directory, environment: environment,
                            reader: entryReader, snippet: context,
                            rewrite: stepping ? context.flatMap { instrumenter?.instrumentLines($0) } : nil,
                            entryLimit: limits.wallClock, idleLimit: limits.idleLimit)))
            } else {
                .opened(LivePrompt(session: PromptSession(snippet: context, runner: runner, limits: limits)))
            }
        case .failure(let missing): .notRun(missing.description)
        }
    }

    package func compile(_ source: SnippetSource) async -> CompileReport {
        switch await makeRunner() {
        case .success(let runner):
            do {
                return .compiled(try await runner.diagnose(source))
            } catch {
                return .notRun("\(error)")
            }
        case .failure(let missing):
            return .notRun(missing.description)
        }
    }

    package func prefetch(_ snippets: [Snippet]) async {
        guard policy == .interactive, case .success(let runner) = await makeRunner() else { return }
        for snippet in snippets {
            let code = SnippetSource(snippet.block.code)
            if let rewrite = instrumenter?.instrumentTasks(code) {
                await runner.prefetchInstrumented(code, rewrite: rewrite)
            } else {
                await runner.prefetch([code])
            }
            if let name = snippet.options.stepTarget {
                await runner.prefetchStepping(code, name: name, rewrite: instrumenter?.instrumentLines(code))
            }
        }
    }

    package func swiftVersion() async -> Result<String, ToolMissing> {
        await tools.swift().map(\.version)
    }

    package func pythonVersion() async -> Result<String, ToolMissing> {
        await tools.python3().map(\.version)
    }
}

/// An ``IteratorStepper`` behind ``SteppingSession``.
struct LiveSteppingSession: SteppingSession {
    let stepper: IteratorStepper

    func close() async { await stepper.close() }

    func next() async throws -> StepOutcome {
        try await next(onLine: nil)
    }

    func next(onLine: (@Sendable (TimedLine) -> Void)?) async throws -> StepOutcome {
        do {
            return .reported(try await stepper.next(onLine: onLine))
        } catch IteratorStepper.StepError.programEnded(let call, let output, let termination, let crash) {
            if Task.isCancelled { throw CancellationError() }
            return .programEnded(call: call, output: output, termination: termination, crash: crash)
        } catch IteratorStepper.StepError.stoppedIdle(let limit) {
            return .stoppedIdle(after: limit)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            return .failed(error is IteratorStepper.StepError ? "the stepping session had already ended" : "\(error)")
        }
    }
}

/// The replaying prompt behind ``PromptEvaluator``.
struct LivePrompt: PromptEvaluator {
    let session: PromptSession

    func evaluate(_ entry: String) async throws -> PromptOutcome {
        do {
            switch try await session.evaluate(entry) {
            case .ran(let output, let termination, let crash): return .ran(output: output, termination: termination, crash: crash)
            case .compileFailed(let diagnostics): return .compileFailed(diagnostics)
            case .earlierCodeFailed(let result): return .earlierCodeFailed(result)
            }
        } catch {
            if Task.isCancelled { throw CancellationError() }
            return .notRun("Could not run that: \(error)")
        }
    }

    func hasKeptEntries() async -> Bool {
        await !session.keptEntries.isEmpty
    }

    /// Each entry runs in a program of its own here: forgetting the kept entries is the restart.
    func restart() async -> Bool {
        let hadEntries = await !session.keptEntries.isEmpty
        await session.reset()
        return hadEntries
    }
}

/// The live program behind ``PromptEvaluator``.
struct LiveProgramPrompt: PromptEvaluator {
    let program: LiveProgram

    func evaluate(_ entry: String) async throws -> PromptOutcome {
        switch try await program.evaluate(entry) {
        case .ran(let termination, let crash, let notes): return .streamed(termination: termination, crash: crash, notes: notes)
        case .compileFailed(let diagnostics): return .compileFailed(diagnostics)
        case .notRun(let reason): return .notRun(reason)
        }
    }

    func hasKeptEntries() async -> Bool { await program.hasKeptEntries }
    func observe(_ handler: @escaping @Sendable (LiveProgram.Event) -> Void) async { await program.observe(handler) }
    func close() async { await program.close() }
    func stopTasks() async { await program.stopTasks() }
    func restart() async -> Bool { await program.restart() }

    func startStepping(_ name: String) async throws -> SteppingStart? {
        switch try await program.startStepping(name) {
        case .success(let report):
            if let error = report.error { return .notSteppable(message: "`\(name)`: \(error)", topLevelOutput: []) }
            let ready = IteratorStepper.Ready(
                topLevelOutput: [], kind: report.kind, initialState: report.state, warnings: [],
                instrumentationNote: await program.instrumentationNote)
            return .started(LiveProgramStepping(program: program), ready)
        case .failure(.compileFailed(let diagnostics)): return .compileFailed(diagnostics)
        case .failure(.programEnded(var result, let lines)):
            result.lines = lines
            return .endedEarly(result)
        case .failure(.notRun(let reason)): return .notRun(reason)
        case .failure(.stoppedIdle(let limit)): return .notRun(StepOutcome.idleNote(limit))
        }
    }
}

/// Stepping inside the prompt's live program: each call is a `next()` on the snippet's own
/// variable; what the call prints streams to `onLine` as it happens, and comes with its report.
struct LiveProgramStepping: SteppingSession {
    let program: LiveProgram

    func next() async throws -> StepOutcome {
        try await next(onLine: nil)
    }

    func next(onLine: (@Sendable (TimedLine) -> Void)?) async throws -> StepOutcome {
        switch try await program.step(onLine: onLine) {
        case .success(let report):
            return .reported(report)
        case .failure(.programEnded(let result, let lines)):
            return .programEnded(call: 0, output: lines, termination: result.termination, crash: RuntimeCrash.find(in: lines))
        case .failure(.compileFailed): return .failed("the stepping call did not compile")
        case .failure(.notRun(let reason)): return .failed(reason)
        case .failure(.stoppedIdle(let limit)): return .stoppedIdle(after: limit)
        }
    }

    /// The program is the prompt's: it outlives stepping.
    func close() async {}
}
