import Foundation
import StepwiseCore
import StepwiseTerminal

/// The effect loop around ``TutorState``: one stream of events (lines typed, lesson files
/// changed) in, the state's effects performed in order. Effects that run code report back
/// with an event, handled before the next effect, so output appears in the order it was asked
/// for. Only this type reads lines, writes to the console, touches files or runs code.
final class TutorLoop {
    private(set) var state: TutorState
    let executor: any LessonExecutor
    let reader: any LineReader
    let console: any Console
    let store: ProgressStore
    let copies: LearnerCopies
    /// Ctrl-C handling; nil without a terminal (a pipe), where runs are not live either.
    let interrupts: InterruptHandler?
    let environment: [String: String]
    /// The window's width now, when it can be asked (a terminal); nil keeps the state's.
    var currentWidth: (@Sendable () -> Int)?
    /// Rows and keys for paging a tall step; nil without a terminal, where nothing pages.
    var paging: PagingTerminal?

    private let events: AsyncStream<TutorEvent>
    private let post: AsyncStream<TutorEvent>.Continuation
    private var isReading = false
    /// Ctrl-C stopped the last prompt entry: another Ctrl-C at the prompt stops the program's tasks.
    private var entryWasInterrupted = false
    /// The "running…" line of the effect being awaited: the live program's output arrives by
    /// another path than the run's own lines, and must take the line off the screen too.
    private let runningNotice = RunningNotice.Slot()
    var isReadingLine: Bool { isReading }
    private var stepping: (any SteppingSession)?
    private var prompt: (evaluator: any PromptEvaluator, context: String?)?

    init(
        state: TutorState, executor: any LessonExecutor, reader: any LineReader, console: any Console,
        store: ProgressStore, copies: LearnerCopies, interrupts: InterruptHandler?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.state = state
        self.executor = executor
        self.reader = reader
        self.console = console
        self.store = store
        self.copies = copies
        self.interrupts = interrupts
        self.environment = environment
        (events, post) = AsyncStream.makeStream(of: TutorEvent.self)
        reader.completer = { [names = SessionCommand.names, ids = state.catalog.lessons.map(\.id)] before in
            TutorText.completions(for: before, commands: names, lessonIDs: ids)
        }
    }

    /// Configures the state before the session starts (presenting: no saving, a screen per step).
    func configure(_ change: (inout TutorState) -> Void) {
        change(&state)
    }

    /// A message before the first step (a welcome).
    func say(_ text: String, _ style: TextStyle = .plain) async {
        await dispatch(.announced(text, style))
    }

    func open(lesson: Int, step: Int) async {
        await dispatch(.opened(lesson: lesson, step: step))
    }

    /// Runs until quit or the end of input. With `watching`, lesson files that change on disk
    /// are reloaded (`learn --watch`).
    func run(watching: Bool = false) async {
        if case .failure(let missing) = await executor.swiftVersion() {
            console.line(StyledText(plain: "\(missing)", style: .colored(.yellow)).rendered(color: state.usesColor))
        }
        let watcher = watching ? LessonWatcher.start(files: state.catalog.lessons.map(\.file), post: post) : nil
        defer { watcher?.cancel() }
        var iterator = events.makeAsyncIterator()
        while !state.hasQuit {
            if !isReading { startReading() }
            guard let event = await iterator.next() else { break }
            // Read after the wait: a window resized while the learner was typing lays out this answer anew.
            if let width = currentWidth?(), width != state.width { await dispatch(.resized(width: width)) }
            if case .input = event { isReading = false }
            if case .input(.interrupted) = event, entryWasInterrupted, let prompt {
                // The second Ctrl-C: the first stopped the entry, this one its background tasks.
                await prompt.evaluator.stopTasks()
                console.line(
                    StyledText(plain: "── stopped the live program and its tasks; the next entry starts it again", style: .colored(.yellow))
                        .rendered(color: state.usesColor))
            }
            if case .input = event { entryWasInterrupted = false }
            await dispatch(event)
        }
        if let stepping { await stepping.close() }
        if let prompt { await prompt.evaluator.close() }
    }

    private func startReading() {
        isReading = true
        let prompt = state.prompt
        Task { [reader, post] in
            post.yield(.input(await reader.readLine(prompt: prompt)))
        }
    }

    /// Handles one event and, depth first, the events its effects report.
    func dispatch(_ event: TutorEvent) async {
        for effect in state.handle(event) {
            if let next = await perform(effect) { await dispatch(next) }
        }
    }

    // MARK: - Effects

    private func perform(_ effect: TutorEffect) async -> TutorEvent? {
        switch effect {
        case .show(let text):
            let fitted = Wrapping.fit(text, width: currentWidth?() ?? state.width)
            // A reload arrives while the learner types: above the line, which the editor draws
            // again with what was typed, so what runs on Enter is what is on the screen.
            if isReading, interrupts != nil {
                reader.printAbove(fitted.rendered(color: state.usesColor) + "\n")
            } else {
                printPaged(fitted)
            }
        case .clearScreen:
            console.write("\u{1B}[H\u{1B}[2J")
        case .redrawPrompt(let text):
            // On a terminal the editor has already drawn the prompt again below the text.
            if isReading, interrupts == nil { console.write(text) }
        case .addHistory(let line):
            reader.addHistory(line)
        case .prefetch(let snippets):
            Task.detached(priority: .background) { [executor] in await executor.prefetch(snippets) }
        case .save(let progress):
            do {
                try store.save(progress)
                return .saved(failure: nil)
            } catch {
                return .saved(failure: "\(error)")
            }
        case .quit:
            break
        case .run(let job):
            return await run(job)
        case .startStepping(let snippet, let copy):
            let source = source(of: copy)
            if let name = snippet.options.stepTarget, let evaluator = await openPrompt(context: source),
                let start = await cancellable({ try await evaluator.startStepping(name) }), let start
            {
                if case .started(let session, _) = start { stepping = session }
                return .steppingStarted(start)
            }
            guard let start = await cancellable({ [executor] in try await executor.startStepping(snippet, source: source) }) else {
                return .interrupted
            }
            if case .started(let session, _) = start { stepping = session }
            return .steppingStarted(start)
        case .callNext:
            guard let session = stepping else { return .stepped(.failed("the stepping session had already ended")) }
            // On a terminal the body's lines appear as it prints them (before a sleep that follows).
            let onLine = interrupts == nil ? nil : Self.bodyLinePrinter(usesColor: state.usesColor)
            guard var outcome = await cancellable({ try await session.next(onLine: onLine) }) else { return .interrupted }
            if onLine != nil, case .reported(var report) = outcome {
                report.bodyOutputShown = true
                outcome = .reported(report)
            }
            return .stepped(outcome)
        case .stopStepping:
            if let session = stepping { Task { await session.close() } }
            stepping = nil
        case .checkExercise(let exercise, let copy):
            let code = source(of: copy)
            guard let verdict = await cancellable({ [executor] in try await executor.checkExercise(exercise, code: code) }) else {
                return .interrupted
            }
            return .checked(verdict)
        case .compare(let snippet, let copy, let python):
            return await compare(snippet, copy: copy, python: python)
        case .runPython(let python):
            let version: String
            switch await executor.pythonVersion() {
            case .success(let found): version = found
            case .failure(let missing): return .ranPython(python, .notRun(missing.description), pythonVersion: nil)
            }
            guard let ran = await cancellable({ [executor] in try await executor.runPython(python.code) }) else { return .interrupted }
            return .ranPython(python, ran, pythonVersion: version)
        case .evaluate(let code, let context):
            return await evaluate(code, context: context)
        case .endProgram(let announce):
            return await endProgram(announce: announce)
        case .edit(let copy):
            return .edited(edit(copy))
        case .reset(let copy):
            return .resetDone(removed: copies.remove(at: path(of: copy)))
        }
        return nil
    }

    private func path(of copy: LearnerCopy) -> String {
        copies.path(lesson: copy.lesson, step: copy.stepIndex, name: copy.name)
    }

    /// The learner's edited copy when there is one, with the lesson's hidden lines kept.
    private func source(of copy: LearnerCopy) -> SnippetSource {
        LearnerCopies.source(for: copy.block, edited: copies.edited(at: path(of: copy)))
    }

    /// Whether `step` may drive the prompt's program of this copy (a `step=` snippet).
    private static func isSteppable(_ copy: LearnerCopy) -> Bool {
        if case .swift(let options) = copy.block.role { options.stepTarget != nil } else { false }
    }

    /// Prints one line a `next()` body printed, as the stepping view indents it.
    private static func bodyLinePrinter(usesColor: Bool) -> @Sendable (TimedLine) -> Void {
        let console = StandardConsole()
        return { line in console.line(RunPresenter.bodyLine(line).rendered(color: usesColor)) }
    }

    private func run(_ job: RunJob) async -> TutorEvent {
        let source = source(of: job.copy)
        // On a terminal the output appears as it is printed; a pipe gets it in one piece at the end.
        let live =
            // A prediction's output is shown only once it is judged.
            interrupts != nil && job.purpose == .show
            ? LiveOutput(presenter: state.presenter, console: StandardConsole(), usesColor: state.usesColor)
            : nil
        let onLine: (@Sendable (TimedLine) -> Void)? = live.map { live in { @Sendable line in live.show(line) } }
        let snippet = job.snippet
        guard let report = await cancellable(live: live, { [executor] in try await executor.run(snippet, source: source, onLine: onLine) })
        else { return .interrupted }
        return .ran(job, report, liveShown: live?.printedCount ?? 0)
    }

    private func compare(_ snippet: Snippet, copy: LearnerCopy, python: CodeBlock) async -> TutorEvent {
        let edited = copies.edited(at: path(of: copy)) != nil
        let source = source(of: copy)
        let python3 = await executor.pythonVersion()
        guard let swift = await cancellable({ [executor] in try await executor.run(snippet, source: source, onLine: nil) }) else {
            return .interrupted
        }
        let version: String
        switch python3 {
        case .success(let found): version = found
        case .failure(let missing):
            return .compared(swift: swift, python: python, .notRun(missing.description), pythonVersion: nil, editedSwift: edited)
        }
        guard let ran = await cancellable({ [executor] in try await executor.runPython(python.code) }) else { return .interrupted }
        return .compared(swift: swift, python: python, ran, pythonVersion: version, editedSwift: edited)
    }

    /// The prompt's evaluator for stepping `context`, opening it (and ending the previous one)
    /// when the context changed; nil when it cannot be opened.
    private func openPrompt(context: SnippetSource) async -> (any PromptEvaluator)? {
        if let prompt, prompt.context == context.compiledText { return prompt.evaluator }
        if let previous = prompt { await previous.evaluator.close() }
        prompt = nil
        guard case .opened(let evaluator) = await executor.openPrompt(context: context, stepping: true) else { return nil }
        prompt = (evaluator, context.compiledText)
        await evaluator.observe(liveOutputHandler())
        return evaluator
    }

    private func evaluate(_ code: String, context: LearnerCopy?) async -> TutorEvent {
        let contextSource = context.map(source(of:))
        var forgot = false
        if prompt == nil || prompt?.context != contextSource?.compiledText {
            if let previous = prompt {
                forgot = await previous.evaluator.hasKeptEntries()
                await previous.evaluator.close()
            }
            switch await executor.openPrompt(context: contextSource, stepping: context.map(Self.isSteppable) ?? false) {
            case .opened(let evaluator):
                prompt = (evaluator, contextSource?.compiledText)
                await evaluator.observe(liveOutputHandler())
            case .notRun(let reason): return .evaluated(.notRun(reason), forgotEarlier: forgot)
            }
        }
        guard let evaluator = prompt?.evaluator else { return .evaluated(.notRun("no prompt"), forgotEarlier: forgot) }
        guard let outcome = await cancellable({ try await evaluator.evaluate(code) }) else {
            entryWasInterrupted = true
            return .interrupted
        }
        return .evaluated(outcome, forgotEarlier: forgot)
    }

    /// `restart` ends the program in place (the prompt keeps its snippet, compiled once);
    /// leaving the step closes the prompt, so the next step's first entry opens its own.
    private func endProgram(announce: Bool) async -> TutorEvent? {
        entryWasInterrupted = false
        guard announce else {
            if let prompt { await prompt.evaluator.close() }
            prompt = nil
            return nil
        }
        return .programEnded(wasRunning: await prompt?.evaluator.restart() ?? false)
    }

    /// Shows a live program's output the moment it arrives: on a terminal above the line being
    /// typed (which is drawn again below it), in a pipe as plain lines. Every line carries its
    /// time as `run` shows it, counted from the start of the latest entry (see ``LiveProgram``),
    /// a background task's lines between entries too.
    private func liveOutputHandler() -> @Sendable (LiveProgram.Event) -> Void {
        let presenter = state.presenter
        let color = state.usesColor
        let terminal = interrupts != nil
        let console = UncheckedConsole(console: console)
        return { [reader, runningNotice] event in
            runningNotice.end()
            let text: String
            switch event {
            case .line(let line, _):
                let shown = presenter.lines([line], stamped: true).rendered(color: color)
                text = shown.isEmpty ? "\n" : shown + "\n"
            case .notice(let note):
                text = StyledText(plain: note, style: .colored(.yellow)).rendered(color: color) + "\n"
            }
            if terminal { reader.printAbove(text) } else { console.console.write(text) }
        }
    }

    private func edit(_ copy: LearnerCopy) -> EditOutcome {
        let path = path(of: copy)
        do {
            try copies.prepare(copy.block, at: path)
        } catch {
            return .cannotWrite(path: path, reason: error.localizedDescription)
        }
        guard state.isInteractive, let editor = EditorLauncher.editorCommand(environment: environment) else {
            return .editYourself(path: path)
        }
        do {
            return .edited(path: path, status: try EditorLauncher.edit(path, command: editor, environment: environment))
        } catch {
            return .editorFailed(editor: editor, reason: "\(error)", path: path)
        }
    }

    /// Runs `body` so that Ctrl-C cancels it (nil then); on a terminal, a run that takes a while
    /// says so (and how to stop it) instead of leaving the learner looking at a silent prompt.
    private func cancellable<T: Sendable>(
        live: LiveOutput? = nil, _ body: @escaping @Sendable () async throws -> T
    ) async -> T? {
        guard let interrupts else { return try? await body() }
        let notice = live?.notice ?? RunningNotice(console: StandardConsole())
        runningNotice.hold(notice)
        let timer = Task {
            try await Task.sleep(for: .milliseconds(600))
            notice.show()
        }
        defer {
            timer.cancel()
            notice.end()
            runningNotice.hold(nil)
        }
        return try? await interrupts.cancellable(body)
    }
}

/// The session's console, for the live program's output handler: that output arrives on the
/// monitor's thread while the loop may be writing, as the terminal's own writes do.
private struct UncheckedConsole: @unchecked Sendable {
    let console: any Console
}
