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

    private var toolchainState: ToolchainState = .unknown
    private var pythonState: PythonState = .unknown
    private var stepper: (session: IteratorStepper, target: String, isAsync: Bool)?
    private var prompt: (session: PromptSession, context: String?)?
    private var lessonID: String?
    private var stepIndex = 0

    private enum ToolchainState {
        case unknown
        case found(SnippetRunner)
        case missing
    }

    private enum PythonState {
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

    private func python(_ session: TutorSession) async -> PythonRunner? {
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

    private func presenter(_ session: TutorSession) -> RunPresenter {
        RunPresenter(width: session.capabilities.width)
    }

    private func limits(for options: SwiftSnippet) -> RunLimits {
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
        if snippet.options.isPrediction, session.progress[lesson: session.lesson.id].predictions[String(session.stepIndex)] == nil {
            session.say("First, your prediction.", .bold)
            await predict(session: session)
            return
        }
        _ = await runAndShow(snippet, number: number, session: session)
    }

    /// Runs a snippet and prints its output; returns the lines for `compare` and `predict`.
    @discardableResult
    private func runAndShow(_ snippet: Snippet, number: Int, session: TutorSession, showOutput: Bool = true) async -> [String]? {
        guard let runner = await runner(session) else { return nil }
        let source = source(of: snippet, number: number, session: session)
        let limits = limits(for: snippet.options)
        let outcome: SnippetOutcome
        do {
            outcome = try await cancellable { try await runner.run(source, limits: limits) }
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
            if showOutput {
                session.write(presenter(session).output(
                    result.lines, termination: result.termination, wallTime: result.wallTime,
                    omittedBytes: result.omittedBytes, crash: result.runtimeCrash
                ))
                if snippet.options.drawsTimeline {
                    let timeline = Timeline(lines: result.lines, until: result.wallTime)
                    if !timeline.intervals.isEmpty {
                        session.write(StyledText(lines: [presenter(session).heading("timeline")]))
                        for row in timeline.render(width: session.capabilities.width) { session.say(row) }
                    }
                }
            }
            return result.lines.map(\.text)
        }
    }

    /// Runs `body` so that Ctrl-C cancels it; on a terminal, a run that takes a while says so
    /// (and how to stop it) instead of leaving the learner looking at a silent prompt.
    private func cancellable<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        guard let interrupts else { return try await body() }
        // Interrupts are installed only for a terminal session, which writes to standard output.
        let notice = Task {
            try await Task.sleep(for: .milliseconds(600))
            StandardConsole().line("  running… (Ctrl-C stops it)")
        }
        defer { notice.cancel() }
        return try await interrupts.cancellable(body)
    }

    // MARK: - Stepping

    func startStepping(session: TutorSession) async {
        if isStepping {
            await stepNext(session: session)
            return
        }
        guard let (number, snippet) = session.step.snippets.enumerated().first(where: { $0.element.options.stepTarget != nil }),
            let target = snippet.options.stepTarget
        else {
            session.say("Nothing to step on this step. Look for a snippet labelled \"step to call next()\".")
            return
        }
        guard let runner = await runner(session) else { return }
        let source = source(of: snippet, number: number + 1, session: session)
        let limits = limits(for: snippet.options)
        let start: IteratorStepper.Start
        do {
            start = try await cancellable { try await IteratorStepper.start(source, name: target, runner: runner, limits: limits) }
        } catch {
            session.say("Could not start stepping: \(error)", .colored(.red))
            return
        }
        let presenter = presenter(session)
        switch start {
        case .compileFailed(let diagnostics):
            session.write(presenter.diagnostics(diagnostics))
        case .endedEarly(let result):
            session.write(presenter.output(result.lines, termination: result.termination, wallTime: result.wallTime, crash: result.runtimeCrash))
            session.say("The program ended before the first next() call.")
        case .notSteppable(let message, _):
            session.say(message, .colored(.red))
        case .started(let stepper, let ready):
            self.stepper = (stepper, target, ready.kind.hasPrefix("Async"))
            if !ready.topLevelOutput.isEmpty {
                session.write(StyledText(lines: [presenter.heading("top-level code printed")]))
                for line in ready.topLevelOutput { session.say("  │ " + line.text) }
            }
            let state = ready.initialState.map { "\($0.label) = \($0.value)" }.joined(separator: ", ")
            session.say("Stepping `\(target)` (\(ready.kind)). Nothing has called next() yet\(state.isEmpty ? "" : "; \(target): \(state)").", .bold)
            session.say("Press Enter (or type `next`) to call next() once; any other command stops stepping.", .dim)
        }
    }

    func stepNext(session: TutorSession) async {
        guard let (stepper, target, isAsync) = stepper else {
            if session.step.snippets.contains(where: { $0.options.stepTarget != nil }) {
                await startStepping(session: session)
            } else {
                session.say("Nothing is being stepped. `step` starts stepping when a step has a steppable snippet.")
            }
            return
        }
        do {
            let report = try await cancellable { try await stepper.next() }
            session.write(presenter(session).step(report, target: target, isAsync: isAsync))
            if report.isEnd || report.error != nil {
                stopStepping()
                session.say("Stepping finished. Enter continues the lesson; `step` starts again from the beginning.", .dim)
            }
        } catch {
            stopStepping()
            session.say("Stepping stopped: \(error)", .colored(.red))
        }
    }

    // MARK: - Editing

    /// The block `edit`/`reset` work on: the exercise starter, else the first runnable snippet.
    private func editable(_ session: TutorSession) -> (block: CodeBlock, name: String)? {
        if let exercise = session.step.exercise { return (exercise.starter, "exercise") }
        if let snippet = session.step.snippets.first { return (snippet.block, "1") }
        return nil
    }

    func edit(session: TutorSession) async {
        guard let (block, name) = editable(session) else {
            session.say("There is no snippet to edit on this step.")
            return
        }
        let path = copies.path(lesson: session.lesson, step: session.stepIndex, name: name)
        do {
            try copies.prepare(block, at: path)
        } catch {
            session.say("Cannot write your copy at \(path): \(error.localizedDescription)", .colored(.red))
            return
        }
        guard session.capabilities.isInteractive, let editor = EditorLauncher.editorCommand(environment: environment) else {
            session.say("Your copy is \(path). Edit it with any editor, then `\(name == "exercise" ? "check" : "run")`.")
            return
        }
        do {
            let status = try EditorLauncher.edit(path, command: editor)
            if status != 0 { session.say("The editor exited with status \(status).", .colored(.yellow)) }
        } catch {
            session.say("Could not start the editor '\(editor)': \(error.localizedDescription). Set $EDITOR, or edit \(path) yourself.", .colored(.red))
            return
        }
        if name == "exercise" {
            session.say("Saved your copy. Type `check` to run the checks.", .dim)
        } else {
            session.say("Running your edited version (`reset` brings back the lesson's).", .dim)
            await run(index: 1, session: session)
        }
    }

    func reset(session: TutorSession) {
        guard let (_, name) = editable(session) else {
            session.say("There is no snippet on this step.")
            return
        }
        let path = copies.path(lesson: session.lesson, step: session.stepIndex, name: name)
        session.say(copies.remove(at: path) ? "Your edits are gone; the lesson's version is back." : "You have not edited this snippet.")
    }

    // MARK: - Python

    func compare(session: TutorSession) async {
        guard let original = session.step.python, original.role == .python(compare: true), let snippet = session.step.snippets.first else {
            session.say("There is no Python original to compare on this step.")
            return
        }
        let python = await python(session)
        if copies.edited(at: copies.path(lesson: session.lesson, step: session.stepIndex, name: "1")) != nil {
            session.say("(Comparing your edited Swift; `reset` brings back the lesson's.)", .dim)
        }
        guard let swiftLines = await runAndShow(snippet, number: 1, session: session, showOutput: python == nil) else { return }
        guard let python else { return }
        let result: RunResult
        do {
            result = try await cancellable { [limits] in try await python.run(original.code, limits: limits) }
        } catch {
            session.say("Could not run python3: \(error)", .colored(.red))
            return
        }
        let pythonLines = result.lines.map(\.text)
        let presenter = presenter(session)
        let version = python.version.hasPrefix("Python ") ? String(python.version.dropFirst(7)) : python.version
        session.write(StyledText(lines: [presenter.heading("Python \(version) beside Swift")]))
        for row in SideBySide.render(left: pythonLines, right: swiftLines, width: session.capabilities.width) { session.say(row) }
        if !result.termination.isSuccess { session.say("python3 \(result.termination.summary)", .colored(.yellow)) }
        let differences = session.step.differences.map { DeclaredDifference.parseBlock($0.code).differences } ?? []
        switch OutputComparison.compare(python: pythonLines, swift: swiftLines, differences: differences) {
        case .identical:
            session.say("✓ Same output.", .colored(.green, bold: true))
        case .equivalent(let explanations):
            session.say("≈ The same, apart from differences the lesson explains:", .colored(.green, bold: true))
            for explanation in explanations { session.say("  • " + explanation) }
        case .different(let diff):
            session.say("≠ The outputs differ:", .colored(.yellow, bold: true))
            session.say(diff)
        }
    }

    // MARK: - Practice

    func predict(session: TutorSession) async {
        guard let (number, snippet) = session.step.snippets.enumerated().first(where: { $0.element.options.isPrediction }) else {
            session.say("There is no prediction to make on this step.")
            return
        }
        session.say("What will it print? Type your answer (put several lines on one line, separated by spaces):", .bold)
        guard case .line(let answer) = await session.reader.readLine(prompt: "prediction> "),
            !answer.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            session.say("No answer; `predict` asks again.", .dim)
            return
        }
        guard let lines = await runAndShow(snippet, number: number + 1, session: session) else { return }
        let output = lines.joined(separator: "\n")
        let isRight = PredictionJudge.matches(answer: answer, output: output)
        session.progress[lesson: session.lesson.id].predictions[String(session.stepIndex)] = isRight
        session.save()
        if isRight {
            session.say("✓ Right: you predicted \(PredictionJudge.normalized(output)).", .colored(.green, bold: true))
        } else {
            session.say("✗ Not quite: you said \(PredictionJudge.normalized(answer)); it printed \(PredictionJudge.normalized(output)).", .colored(.yellow, bold: true))
        }
        let explanation = session.renderer.answerBlocks(of: session.step).filter {
            if case .code(let code) = $0 { code.role != .output } else { true }
        }
        for block in explanation { session.write(session.renderer.render(block, indent: "")) }
    }

    func check(session: TutorSession) async {
        guard let exercise = session.step.exercise, let checks = exercise.checks else {
            session.say("There is no exercise to check on this step.")
            return
        }
        guard let runner = await runner(session) else { return }
        let path = copies.path(lesson: session.lesson, step: session.stepIndex, name: "exercise")
        let code = LearnerCopies.source(for: exercise.starter, edited: copies.edited(at: path))
        let checker = ExerciseChecker(runner: runner)
        let outcome: ExerciseChecker.Outcome
        do {
            outcome = try await cancellable { [limits] in try await checker.check(code, checks: SnippetSource(checks.code), limits: limits) }
        } catch {
            session.say("Could not run the checks: \(error)", .colored(.red))
            return
        }
        let presenter = presenter(session)
        let key = String(session.stepIndex)
        var passed = false
        switch outcome {
        case .compileFailed(let diagnostics):
            session.write(presenter.diagnostics(diagnostics, title: "your code does not compile yet"))
        case .checked(let report):
            session.write(StyledText(lines: [presenter.heading("checks")]))
            for result in report.results {
                let mark = result.passed ? Span("  ✓ ", .colored(.green, bold: true)) : Span("  ✗ ", .colored(.red, bold: true))
                session.write(StyledText(lines: [[mark, Span(result.name + (result.crashed ? " (crashed)" : ""))]]))
            }
            if let crash = report.crash { session.say("  " + crash.text, .colored(.red)) }
            if report.results.isEmpty, !report.termination.isSuccess {
                session.say("  the program ended before any check ran (\(report.termination.summary))", .colored(.red))
            }
            let printed = report.output.filter { !$0.text.isEmpty }
            if !printed.isEmpty {
                session.write(StyledText(lines: [presenter.heading("your code printed")]))
                session.write(presenter.lines(printed, stamped: false))
            }
            passed = report.allPassed && !report.results.isEmpty
        }
        if passed {
            session.progress[lesson: session.lesson.id].solvedExercises.insert(session.stepIndex)
            if session.stepIndex == session.lesson.steps.count - 1 {
                session.progress[lesson: session.lesson.id].isCompleted = true
            }
            session.save()
            session.say("✓ All checks pass. Exercise solved!", .colored(.green, bold: true))
            return
        }
        session.progress[lesson: session.lesson.id].failedChecks[key, default: 0] += 1
        session.save()
        let failures = session.progress[lesson: session.lesson.id].failedChecks[key] ?? 0
        if failures >= 3, exercise.solution != nil {
            session.say("That is \(failures) tries. `solution` shows a reference solution whenever you want it; `hint` gives a nudge.", .dim)
        } else {
            session.say("Not yet. `edit` to change your code, `hint` for a nudge, then `check` again.", .dim)
        }
    }

    func solution(session: TutorSession) {
        guard let exercise = session.step.exercise, let solution = exercise.solution else {
            session.say("There is no exercise with a solution on this step.")
            return
        }
        let state = session.progress[lesson: session.lesson.id]
        let failures = state.failedChecks[String(session.stepIndex)] ?? 0
        guard failures >= 3 || state.solvedExercises.contains(session.stepIndex) else {
            session.say("The solution opens after three `check` attempts (\(failures) so far)\(session.step.hints.isEmpty ? "" : "; `hint` gives a nudge meanwhile").")
            return
        }
        session.write(session.renderer.render(solution, indent: ""))
    }

    // MARK: - Swift at the prompt

    func needsContinuation(_ text: String) -> Bool {
        PromptSession.needsContinuation(text)
    }

    /// The snippet whose declarations are in scope: this step's first one, else the nearest before
    /// it; the learner's edited copy when there is one (an exercise they are working on included).
    private func contextSnippet(_ session: TutorSession) -> SnippetSource? {
        for index in stride(from: session.stepIndex, through: 0, by: -1) {
            let step = session.lesson.steps[index]
            let candidate: (CodeBlock, String)?
            if let exercise = step.exercise {
                candidate = (exercise.starter, "exercise")
            } else {
                candidate = step.snippets.first.map { ($0.block, "1") }
            }
            guard let (block, name) = candidate else { continue }
            let path = copies.path(lesson: session.lesson, step: index, name: name)
            return LearnerCopies.source(for: block, edited: copies.edited(at: path))
        }
        return nil
    }

    func evaluate(_ code: String, session: TutorSession) async {
        guard let runner = await runner(session) else { return }
        let context = contextSnippet(session)
        if prompt == nil || prompt?.context != context?.compiledText {
            if let previous = prompt, !(await previous.session.keptEntries.isEmpty) {
                session.say("(A different snippet is in scope now, so earlier entries were forgotten.)", .dim)
            }
            prompt = (PromptSession(snippet: context, runner: runner, limits: limits), context?.compiledText)
        }
        guard let promptSession = prompt?.session else { return }
        let outcome: PromptSession.Outcome
        do {
            outcome = try await cancellable { try await promptSession.evaluate(code) }
        } catch {
            session.say("Could not run that: \(error)", .colored(.red))
            return
        }
        let presenter = presenter(session)
        switch outcome {
        case .ran(let output, let termination, let crash):
            if !output.isEmpty { session.write(presenter.lines(output, stamped: false)) }
            if !termination.isSuccess { session.write(StyledText(lines: [presenter.ending(termination, wallTime: nil, crash: crash)])) }
        case .compileFailed(let diagnostics):
            session.write(presenter.diagnostics(diagnostics))
            let step = session.step
            if step.snippets.contains(where: \.options.isPrediction),
                session.progress[lesson: session.lesson.id].predictions[String(session.stepIndex)] == nil
            {
                session.say("Answering the prediction? Type `predict` first; anything else at this prompt is Swift.", .dim)
            }
        case .earlierCodeFailed(let result):
            session.say("The snippet or an earlier entry failed when replayed (\(result.termination.summary)); entries were kept.", .colored(.yellow))
        }
    }
}
