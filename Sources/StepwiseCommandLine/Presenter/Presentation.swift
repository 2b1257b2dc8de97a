import Dispatch
import Foundation
import StepwiseCore
import StepwiseTerminal

/// `stepwise present` on a terminal: the full-screen loop around a ``Pager``.
///
/// Everything that happens (keys, a resize, output lines of a run, the end of a run, a stepping
/// report, the `--auto` timer) becomes an ``Event`` on one stream, and only the loop in
/// ``run()`` changes the presentation's state; runs and stepping calls work in tasks that post
/// events back. Results of a run that was stopped, or belongs to a step no longer on screen,
/// carry an older ``generation`` and are dropped.
final class Presentation {
    enum Event: Sendable {
        case key(Key)
        case resized
        case pager(Pager.Event)
        /// Lines for the output panel.
        case output(StyledText, generation: Int)
        case runEnded(generation: Int)
        /// The tasks of a finished `timeline` run, drawn under its output.
        case timeline(Timeline, generation: Int)
        case stepperReady(any SteppingSession, isAsync: Bool, generation: Int)
        /// A `next()` call came back; `ended` when the sequence or the program is over.
        case stepDone(ended: Bool, generation: Int)
    }

    let lesson: Lesson
    let terminal: RawTerminal
    let theme: PresenterTheme
    let autoDelay: Duration?
    /// Runs and steps the snippets; without a toolchain its `.notRun` reason is told when `r`
    /// or `s` is pressed.
    let executor: any LessonExecutor

    var pager: Pager
    var panel = StyledText()
    var timeline: Timeline?
    var notice: String?
    var generation = 0
    var runTask: Task<Void, Never>?
    var advanceTask: Task<Void, Never>?
    /// The fence line of the snippet whose output is in the panel: each frame keeps its top in
    /// view while the panel grows, until the teacher scrolls or turns the page.
    var reveal: Int?
    /// A hint, the solution or the differences just asked for: kept at the top like a run's snippet.
    var revealed: Pager.Reveal?
    var stepping: (stepper: (any SteppingSession)?, target: String, isAsync: Bool, busy: Bool, queued: Int)?

    let events: AsyncStream<Event>
    let post: AsyncStream<Event>.Continuation
    private var sources: [any DispatchSourceProtocol] = []

    static let scrollingKeys: Set<Key> = [.up, .down, .pageUp, .pageDown, .home, .end, .character("j"), .character("k")]

    static let startingLine = [Span("starting…", .dim)]

    /// The most output lines the panel keeps; the newest are the ones on screen.
    static let panelLimit = 400

    init(
        lesson: Lesson, startAt step: Int, terminal: RawTerminal, theme: PresenterTheme, autoDelay: Duration?, executor: any LessonExecutor
    ) {
        self.lesson = lesson
        self.terminal = terminal
        self.theme = theme
        self.autoDelay = autoDelay
        self.executor = executor
        let features = lesson.steps.map { step in
            let snippets = step.snippets
            return Pager.StepFeatures(
                runnableCount: snippets.count,
                isSteppable: snippets.contains { $0.options.stepTarget != nil },
                hasPython: step.python != nil, hintCount: step.hints.count, hasSolution: step.exercise?.solution != nil,
                hasDifferences: step.differences != nil)
        }
        pager = Pager(steps: features, startAt: step, auto: autoDelay != nil)
        (events, post) = AsyncStream.makeStream(of: Event.self)
    }

    /// Shows the lesson until `q`; the caller restores the terminal.
    func run() async {
        listen()
        defer { stopListening() }
        prefetch()
        if perform(pager.start()) { return }
        for await event in events {
            if handle(event) { break }
        }
        stopRunning()
        stopStepping(saying: nil)
        advanceTask?.cancel()
    }

    // MARK: - Events

    /// Returns true when the presentation is over.
    func handle(_ event: Event) -> Bool {
        switch event {
        case .key(.suspend):
            // Returns after `fg`; the SIGWINCH the terminal sends itself then repaints.
            RawTerminal.suspend()
        case .key(let key):
            notice = nil
            if Self.scrollingKeys.contains(key) { (reveal, revealed) = (nil, nil) }
            let effects = pager.handle(.key(key))
            // A key that changed nothing still clears an old notice from the footer.
            return perform(effects.isEmpty ? [.render] : effects)
        case .resized:
            render()
        case .pager(let pagerEvent):
            return perform(pager.handle(pagerEvent))
        case .output(let text, let generation):
            guard generation == self.generation else { return false }
            panel.append(text)
            if panel.lines.count > Self.panelLimit { panel.lines.removeFirst(panel.lines.count - Self.panelLimit) }
            render()
        case .timeline(let timeline, let generation):
            guard generation == self.generation else { return false }
            self.timeline = timeline
            render()
        case .runEnded(let generation):
            guard generation == self.generation else { return false }
            runTask = nil
            return perform(pager.handle(.runEnded))
        case .stepperReady(let stepper, let isAsync, let generation):
            guard generation == self.generation, stepping != nil else {
                Task { await stepper.close() }
                return false
            }
            stepping?.stepper = stepper
            panel.lines.removeAll { $0 == Self.startingLine }
            render()
            stepping?.isAsync = isAsync
            if let queued = stepping?.queued, queued > 0 {
                stepping?.queued = queued - 1
                stepNext()
            }
        case .stepDone(let ended, let generation):
            guard generation == self.generation else { return false }
            stepping?.busy = false
            if ended {
                stepping = nil
                return perform(pager.handle(.steppingEnded))
            }
            if let queued = stepping?.queued, queued > 0 {
                stepping?.queued = queued - 1
                stepNext()
            }
        }
        return false
    }

    /// Carries out what the pager asked for; returns true on quit.
    func perform(_ effects: [Pager.Effect]) -> Bool {
        var needsRender = false
        for effect in effects {
            switch effect {
            case .render: needsRender = true
            case .run(let snippet):
                revealed = nil
                startRun(snippet)
            case .runPython:
                revealed = nil
                startPython()
            case .show(let section):
                (reveal, revealed) = (nil, section)
                needsRender = true
            case .stopRun: stopRunning(saying: "── stopped")
            case .startStepping: startStepping()
            case .stepNext: stepNext()
            case .stopStepping: stopStepping(saying: "── stepping stopped")
            case .clearOutput:
                generation += 1
                (reveal, revealed) = (nil, nil)
                panel = StyledText()
                timeline = nil
                prefetch()
            case .scheduleAdvance(let token): scheduleAdvance(token)
            case .notice(let text):
                notice = text
                needsRender = true
            case .quit: return true
            }
        }
        if needsRender { render() }
        return false
    }

    func scheduleAdvance(_ token: Int) {
        advanceTask?.cancel()
        guard let autoDelay else { return }
        let post = post
        advanceTask = Task {
            try? await Task.sleep(for: autoDelay)
            if !Task.isCancelled { post.yield(.pager(.advanceDue(token: token))) }
        }
    }

    // MARK: - Drawing

    var size: TerminalSize {
        TerminalSize.current(of: terminal.output) ?? TerminalSize(columns: 80, rows: 24)
    }

    var presenter: RunPresenter { RunPresenter(width: min(size.columns - 2, PresenterScreen.maximumTextWidth)) }

    /// Lays the step out for the window as it is now and repaints every row in one write.
    func render() {
        let size = size
        let delay = autoDelay.map { DurationText.stamp($0).replacingOccurrences(of: ".00s", with: "s") }
        var shown = panel
        if let timeline {
            let presenter = presenter
            shown.append(presenter.heading("timeline"))
            for row in timeline.render(width: presenter.width) { shown.append([Span(row)]) }
        }
        let screen = PresenterScreen(
            lesson: lesson, pager: pager, columns: size.columns, rows: size.rows, theme: theme,
            panel: shown, notice: notice, autoDelay: delay)
        pager.fit(contentHeight: screen.content.count, pageHeight: screen.pageHeight)
        if let fence = reveal, let row = screen.codeRows[fence] { pager.reveal(row: row) }
        if let revealed, let row = screen.revealRows[revealed] { pager.reveal(row: row) }
        var frame = "\u{1B}[?25l"
        for (index, row) in screen.rows(for: pager).enumerated() {
            frame += "\u{1B}[\(index + 1);1H" + theme.paint(row.spans, width: size.columns, reversed: row.isReversed)
        }
        terminal.write(frame + "\u{1B}[0m")
    }

    // MARK: - Input and window size

    /// Keys come from a read source on the terminal, resizes from SIGWINCH; both post events.
    private func listen() {
        let post = post
        let reader = KeyReader(descriptor: terminal.input)
        let input = DispatchSource.makeReadSource(fileDescriptor: terminal.input, queue: reader.queue)
        input.setEventHandler {
            let keys = reader.read()
            for key in keys { post.yield(.key(key)) }
        }
        input.resume()
        signal(SIGWINCH, SIG_IGN)
        let resize = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .global())
        resize.setEventHandler { post.yield(.resized) }
        resize.resume()
        sources = [input, resize]
    }

    private func stopListening() {
        for source in sources { source.cancel() }
        sources = []
        signal(SIGWINCH, SIG_DFL)
    }
}

/// Reads the terminal's bytes on one serial queue, so the decoder's partial sequences stay in order.
final class KeyReader: @unchecked Sendable {
    let queue = DispatchQueue(label: "stepwise.present.keys")
    private let descriptor: Int32
    private var decoder = KeyDecoder()

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Called on ``queue`` when input is ready. End of input (the terminal hung up) reads as Ctrl-D.
    func read() -> [Key] {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = Foundation.read(descriptor, &buffer, buffer.count)
        if count == 0 { return [.endOfInput] }
        guard count > 0 else { return [] }
        return decoder.decode(buffer[0..<count])
    }
}
