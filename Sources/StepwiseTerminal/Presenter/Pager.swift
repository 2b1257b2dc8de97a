/// The full-screen presenter's state machine: which step is on screen, what is scrolled into
/// view, whether a run or a stepping session is going on, and the `--auto` slideshow.
///
/// It performs nothing itself. Each event (a key, the end of a run, a timer) changes the state and
/// returns the ``Effect``s the caller must carry out, so every rule of the presenter is tested
/// without a terminal, a compiler or a clock.
package struct Pager: Sendable, Equatable {
    /// What a step offers, decided once from the lesson.
    package struct StepFeatures: Sendable, Equatable {
        /// Runnable snippets in the step: `r` runs the first, a digit key the one with that number.
        package var runnableCount: Int
        package var isSteppable: Bool
        package var hasPython: Bool
        /// The exercise's hints: `h` reveals them one at a time.
        package var hintCount: Int
        package var hasSolution: Bool
        /// A compare step's `differences` block, which explains how the Python's output differs.
        package var hasDifferences: Bool

        package init(
            runnableCount: Int = 0, isSteppable: Bool = false, hasPython: Bool = false, hintCount: Int = 0, hasSolution: Bool = false,
            hasDifferences: Bool = false
        ) {
            self.runnableCount = runnableCount
            self.isSteppable = isSteppable
            self.hasPython = hasPython
            self.hintCount = hintCount
            self.hasSolution = hasSolution
            self.hasDifferences = hasDifferences
        }

        package var isRunnable: Bool { runnableCount > 0 }
    }

    package enum Activity: Sendable, Equatable {
        case idle
        /// A snippet is running; its output appears as it arrives.
        case running
        /// Enter calls `next()` on the step's steppable snippet instead of turning the page.
        case stepping
    }

    /// `--auto`: runs each step and turns the page by itself.
    package enum Auto: Sendable, Equatable {
        case off
        case playing
        /// Any key pauses; `a` resumes.
        case paused
    }

    package enum View: Sendable, Equatable {
        case lesson
        /// The step's Python original instead of its text (`p` toggles).
        case python
    }

    /// What the lesson keeps back until the teacher asks: shown under the step's text.
    package enum Reveal: Sendable, Hashable {
        /// Hint number n (1-based).
        case hint(Int)
        case solution
        case differences
    }

    package enum Event: Sendable, Equatable {
        case key(Key)
        /// The run started by ``Effect/run`` ended (finished, crashed, failed to compile or was stopped).
        case runEnded
        /// The stepping session ended by itself (the sequence ended, or the program did).
        case steppingEnded
        /// The wait requested by ``Effect/scheduleAdvance(token:)`` is over.
        case advanceDue(token: Int)
    }

    package enum Effect: Sendable, Equatable {
        /// Draw the screen again from the state.
        case render
        /// Run the current step's runnable snippet with this index (0-based), clearing the previous output.
        case run(snippet: Int)
        /// Run the step's Python original, clearing the previous output.
        case runPython
        /// Scroll what was just revealed into view.
        case show(Reveal)
        case stopRun
        case startStepping
        /// Call `next()` once in the stepping session.
        case stepNext
        case stopStepping
        /// Forget the current step's output panel (a new step is on screen).
        case clearOutput
        /// After the `--auto` delay, send ``Event/advanceDue(token:)`` with this token.
        case scheduleAdvance(token: Int)
        /// A short message for the footer (a key that does nothing on this step says why).
        case notice(String)
        case quit
    }

    package let steps: [StepFeatures]
    package private(set) var stepIndex: Int
    /// The first line of the step's text shown at the top of the page.
    package private(set) var scroll = 0
    /// The largest useful ``scroll``: the text's height minus the page's.
    package private(set) var scrollLimit = 0
    package private(set) var pageHeight = 1
    package private(set) var contentHeight = 0
    package private(set) var view = View.lesson
    package private(set) var activity = Activity.idle
    package private(set) var auto: Auto
    /// Whether the current step's snippet has run since the step came on screen (a predict
    /// step keeps its answer hidden until then, and `--auto` runs each step once).
    package private(set) var hasRun = false
    /// How many of the step's hints are on screen.
    package private(set) var hintsShown = 0
    package private(set) var showsSolution = false
    package private(set) var showsDifferences = false
    /// The token of the page turn `--auto` is waiting for; any other token is stale.
    package private(set) var pendingAdvance: Int?
    private var nextToken = 0

    package init(steps: [StepFeatures], startAt stepIndex: Int = 0, auto: Bool = false) {
        precondition(!steps.isEmpty, "a lesson has at least one step")
        self.steps = steps
        self.stepIndex = min(max(stepIndex, 0), steps.count - 1)
        self.auto = auto ? .playing : .off
    }

    package var features: StepFeatures { steps[stepIndex] }
    package var isLastStep: Bool { stepIndex == steps.count - 1 }

    /// What to do when the presenter opens: draw, and with `--auto` start the first step.
    package mutating func start() -> [Effect] {
        [.render] + (auto == .playing ? beginAutoStep() : [])
    }

    package mutating func handle(_ event: Event) -> [Effect] {
        switch event {
        case .key(let key):
            return handle(key)
        case .runEnded:
            guard activity == .running else { return [] }
            activity = .idle
            return [.render] + (auto == .playing ? scheduleAdvance() : [])
        case .steppingEnded:
            guard activity == .stepping else { return [] }
            activity = .idle
            return [.render]
        case .advanceDue(let token):
            guard auto == .playing, pendingAdvance == token else { return [] }
            pendingAdvance = nil
            return go(to: isLastStep ? 0 : stepIndex + 1) + beginAutoStep()
        }
    }

    /// The page's text was laid out again (a new step, a resize, new output): keep the reading
    /// place at the same fraction of the text when re-wrapping changed its length, and never
    /// scroll past its end.
    package mutating func fit(contentHeight: Int, pageHeight: Int) {
        let page = max(1, pageHeight)
        if self.contentHeight > 0, contentHeight != self.contentHeight, scroll > 0 {
            scroll = scroll * contentHeight / self.contentHeight
        }
        self.contentHeight = contentHeight
        self.pageHeight = page
        scrollLimit = max(0, contentHeight - page)
        scroll = min(max(scroll, 0), scrollLimit)
    }

    /// Scrolls so that `row` of the text is at the top (as far as the text allows): a run
    /// brings its snippet into view above its output. Call after ``fit(contentHeight:pageHeight:)``.
    package mutating func reveal(row: Int) {
        scroll = min(max(row, 0), scrollLimit)
    }

    // MARK: - Keys

    private mutating func handle(_ key: Key) -> [Effect] {
        if key == .character("q") || key == .character("Q") || key == .endOfInput {
            return [.quit]
        }
        if auto == .playing {
            // On an open-day screen any key means someone wants to read: stop turning pages.
            // Ctrl-C still does what it always does (below) after pausing.
            auto = .paused
            pendingAdvance = nil
            return key == .interrupt ? interrupt() : [.render]
        }
        switch key {
        case .interrupt:
            return interrupt()
        case .escape:
            if activity == .running { return stopRun() }
            if activity == .stepping { return stopStepping() }
            if view == .python { return togglePython() }
            return []
        case .enter:
            return activity == .stepping ? [.stepNext] : next()
        case .space, .right, .character("n"):
            return next()
        case .left, .backspace, .character("b"):
            return back()
        case .character("r"):
            return view == .python ? runPython() : run(0)
        case .character("h"):
            return revealHint()
        case .character("o"):
            guard features.hasSolution else { return [.notice("no solution on this step")] }
            guard !showsSolution else { return [.show(.solution), .render] }
            showsSolution = true
            return [.show(.solution), .render]
        case .character("d"):
            guard features.hasDifferences else { return [.notice("no differences explained on this step")] }
            showsDifferences = true
            return [.show(.differences), .render]
        case .character(let digit) where digit.isWholeNumber:
            guard let number = digit.wholeNumberValue, number >= 1, number <= features.runnableCount else {
                let count = features.runnableCount
                return [
                    .notice(
                        count > 1
                            ? "this step has snippets 1–\(count)"
                            : count == 1 ? "r runs this step's snippet" : "nothing to run on this step")
                ]
            }
            return run(number - 1)
        case .character("s"):
            return step()
        case .character("p"):
            return togglePython()
        case .character("a"):
            guard auto == .paused else { return [.notice("--auto SECONDS starts the slideshow")] }
            auto = .playing
            return [.render] + (activity == .idle ? (hasRun || !features.isRunnable ? scheduleAdvance() : beginAutoStep()) : [])
        case .up, .character("k"):
            return scroll(by: -1)
        case .down, .character("j"):
            return scroll(by: 1)
        case .pageUp:
            return scroll(by: -max(1, pageHeight - 1))
        case .pageDown:
            return scroll(by: max(1, pageHeight - 1))
        case .home:
            return scroll(by: -scroll)
        case .end:
            return scroll(by: scrollLimit - scroll)
        default:
            return []
        }
    }

    /// Ctrl-C stops what is going on; when nothing is, it quits.
    private mutating func interrupt() -> [Effect] {
        switch activity {
        case .running: stopRun()
        case .stepping: stopStepping()
        case .idle: [.quit]
        }
    }

    private mutating func next() -> [Effect] {
        guard !isLastStep else { return [.notice("last step: ← goes back, q quits")] }
        return go(to: stepIndex + 1)
    }

    private mutating func back() -> [Effect] {
        guard stepIndex > 0 else { return [.notice("first step")] }
        return go(to: stepIndex - 1)
    }

    private mutating func run(_ snippet: Int) -> [Effect] {
        guard features.isRunnable else { return [.notice("nothing to run on this step")] }
        var effects: [Effect] = []
        if activity == .stepping { effects.append(.stopStepping) }
        if activity == .running { effects.append(.stopRun) }
        activity = .running
        hasRun = true
        view = .lesson
        return effects + [.run(snippet: snippet), .render]
    }

    private mutating func revealHint() -> [Effect] {
        let count = features.hintCount
        guard count > 0 else { return [.notice("no hints on this step")] }
        guard hintsShown < count else {
            return [.notice(count == 1 ? "the only hint is shown" : "all \(count) hints are shown"), .show(.hint(count))]
        }
        hintsShown += 1
        return [.show(.hint(hintsShown)), .render]
    }

    /// `r` on the Python page runs the Python, shown in the panel as a Swift run is.
    private mutating func runPython() -> [Effect] {
        var effects: [Effect] = []
        if activity == .stepping { effects.append(.stopStepping) }
        if activity == .running { effects.append(.stopRun) }
        activity = .running
        return effects + [.runPython, .render]
    }

    private mutating func step() -> [Effect] {
        guard features.isSteppable else { return [.notice("nothing to step on this step")] }
        if activity == .stepping { return [.stepNext] }
        var effects: [Effect] = activity == .running ? [.stopRun] : []
        activity = .stepping
        view = .lesson
        effects += [.startStepping, .render]
        return effects
    }

    private mutating func stopRun() -> [Effect] {
        activity = .idle
        return [.stopRun, .render]
    }

    private mutating func stopStepping() -> [Effect] {
        activity = .idle
        return [.stopStepping, .render]
    }

    private mutating func togglePython() -> [Effect] {
        guard features.hasPython else { return [.notice("no Python original on this step")] }
        view = view == .lesson ? .python : .lesson
        scroll = 0
        return [.render]
    }

    private mutating func scroll(by lines: Int) -> [Effect] {
        let target = min(max(scroll + lines, 0), scrollLimit)
        guard target != scroll else { return [] }
        scroll = target
        return [.render]
    }

    /// Leaves the current step (stopping whatever runs in it) and shows another from the top.
    private mutating func go(to index: Int) -> [Effect] {
        var effects: [Effect] = []
        switch activity {
        case .running: effects.append(.stopRun)
        case .stepping: effects.append(.stopStepping)
        case .idle: break
        }
        activity = .idle
        stepIndex = index
        scroll = 0
        contentHeight = 0
        view = .lesson
        hasRun = false
        hintsShown = 0
        showsSolution = false
        showsDifferences = false
        pendingAdvance = nil
        return effects + [.clearOutput, .render]
    }

    // MARK: - --auto

    /// A step in the slideshow: run it if it can run, else just let it be read for a while.
    private mutating func beginAutoStep() -> [Effect] {
        guard features.isRunnable else { return scheduleAdvance() }
        activity = .running
        hasRun = true
        return [.run(snippet: 0), .render]
    }

    private mutating func scheduleAdvance() -> [Effect] {
        nextToken += 1
        pendingAdvance = nextToken
        return [.scheduleAdvance(token: nextToken)]
    }
}
