import Foundation
import StepwiseCore
import StepwiseSyntax
import StepwiseTerminal

/// The tutor's session rules as a value: where the learner is, what they have done, what the
/// next line means. ``handle(_:)`` turns one event into effects and never performs I/O, so every
/// rule (predict before run, the solution after three failed checks, Enter while stepping, the
/// save-failure warning, reloading a watched lesson...) is tested in process, in milliseconds.
/// ``TutorLoop`` performs the effects. `Pager` is the presenter's counterpart.
struct TutorState {
    var catalog: LessonCatalog
    var progress: LearnerProgress
    private(set) var lessonIndex = 0
    private(set) var stepIndex = 0
    /// Hints already revealed in the current step.
    private(set) var hintsShown = 0
    var width: Int
    var usesColor: Bool
    /// `edit` opens an editor only on a terminal.
    var isInteractive: Bool
    /// `stepwise present` shows lessons without touching anyone's progress.
    var savesProgress = true
    /// Presenting clears the screen for each step, so a projector shows one step at a time.
    var clearsScreenPerStep = false

    /// The stepping session in progress; `started` once its program is ready for calls.
    private(set) var stepping: (target: String, isAsync: Bool, started: Bool)?
    /// The stepped iterator has returned nil: `next` asks it again (the lessons teach that it
    /// keeps returning nil), while Enter goes on with the lesson.
    var steppingPastEnd = false
    /// An unfinished Swift entry (unclosed braces) waiting for more lines.
    private(set) var pending = ""
    /// `predict` asked its question; the next line is the answer.
    private(set) var awaitsPrediction = false
    /// A first wrong prediction: the run it was judged against, for the second try.
    var predictionRetry: PredictionRetry?
    /// The session is saying goodbye: the last save's outcome decides the last line.
    private(set) var isLeaving = false
    private(set) var hasQuit = false
    /// The save failure last shown: a read-only or full disk warns once, not at every step.
    private var shownSaveFailure: String?
    private var outbox: [TutorEffect] = []

    init(catalog: LessonCatalog, progress: LearnerProgress, capabilities: TerminalCapabilities) {
        self.catalog = catalog
        self.progress = progress
        width = capabilities.width
        usesColor = capabilities.usesColor
        isInteractive = capabilities.isInteractive
    }

    var lesson: Lesson { catalog.lessons[lessonIndex] }
    var step: Step { lesson.steps[stepIndex] }
    var isStepping: Bool { stepping != nil }

    var renderer: LessonRenderer { LessonRenderer(width: width, usesColor: usesColor) }
    var presenter: RunPresenter { RunPresenter(width: width) }

    /// What the next line is read with.
    var prompt: String {
        if awaitsPrediction { return "prediction> " }
        if !pending.isEmpty { return "... " }
        return "stepwise \(lessonIndex + 1).\(stepIndex + 1)\(isStepping ? " next()" : "")> "
    }

    /// The one entry point: the effects of one event, in order.
    mutating func handle(_ event: TutorEvent) -> [TutorEffect] {
        switch event {
        case .opened(let lesson, let step): open(lessonAt: lesson, step: step)
        case .announced(let text, let style): say(text, style)
        case .input(let input): take(input)
        case .ran(let job, let report, let liveShown): ran(job, report, liveShown: liveShown)
        case .steppingStarted(let start): steppingStarted(start)
        case .stepped(let outcome): stepped(outcome)
        case .checked(let verdict): checked(verdict)
        case .compared(let swift, let block, let python, let version, let edited):
            compared(swift: swift, python: block, python, version: version, editedSwift: edited)
        case .ranPython(let block, let report, let version): ranPython(block, report, version: version)
        case .evaluated(let outcome, let forgot): evaluated(outcome, forgotEarlier: forgot)
        case .programEnded(let wasRunning): programEnded(wasRunning: wasRunning)
        case .edited(let outcome): edited(outcome)
        case .resetDone(let removed):
            say(removed ? "Your edits are gone; the lesson's version is back." : "You have not edited this snippet.")
        case .interrupted:
            if isStepping { endStepping() }
            say("── interrupted (Ctrl-C)", .colored(.yellow, bold: true))
        case .saved(let failure): saved(failure: failure)
        case .lessonFileChanged(let file, let text): reload(file: file, text: text)
        case .resized(let columns): width = columns
        }
        defer { outbox = [] }
        return outbox
    }

    // MARK: - Output

    mutating func emit(_ effect: TutorEffect) { outbox.append(effect) }

    mutating func write(_ text: StyledText) { outbox.append(.show(text)) }

    /// Preformatted text (program output, columns, a chart): spacing matters, so it is not wrapped.
    mutating func sayVerbatim(_ text: String, _ style: TextStyle = .plain) {
        write(StyledText(plain: text, style: style))
    }

    /// A message of the tutor's own, wrapped to the window like lesson text (continuation
    /// lines keep the message's leading indent).
    mutating func say(_ text: String, _ style: TextStyle = .plain) {
        var wrapped = StyledText()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = String(line.prefix { $0 == " " })
            wrapped.append(
                renderer.wrap(
                    [Span(String(line.dropFirst(indent.count)), style)], indent: indent,
                    hanging: indent + (indent.isEmpty ? "" : "  ")))
        }
        write(wrapped)
    }

    // MARK: - Lines

    private mutating func take(_ input: LineInput) {
        if awaitsPrediction {
            answerPrediction(input)
            return
        }
        switch input {
        case .endOfInput where !pending.isEmpty:
            // Ctrl-D at `...` drops the entry, not the session; a pipe ends with the next read.
            pending = ""
            say("(The unfinished Swift entry was dropped without running.)", .dim)
        case .endOfInput:
            leave()
        case .interrupted:
            pending = ""
        case .line(let raw):
            let typed = TypedLine(screening: raw)
            if let notice = typed.notice { say(notice, .dim) }
            guard let text = typed.usable else { return }
            // A command word is never the start of an unfinished Swift entry, and parsing every
            // `run` as Swift cost a cached run a millisecond.
            let command = pending.isEmpty ? SessionCommand.parse(text) : nil
            let isSwift: Bool
            switch command {
            case .swift, .unknown, nil: isSwift = true
            default: isSwift = false
            }
            if !pending.isEmpty || (isSwift && EntryReader.needsMore(text)) {
                pending += (pending.isEmpty ? "" : "\n") + text
                if EntryReader.needsMore(pending) { return }
                let entry = pending
                pending = ""
                emit(.addHistory(entry))
                evaluate(entry)
                return
            }
            emit(.addHistory(text))
            perform(command ?? SessionCommand.parse(text))
        }
    }

    mutating func perform(_ command: SessionCommand) {
        // Stepping holds Enter; any other command lets go, so an endless sequence cannot trap anyone.
        if isStepping {
            switch command {
            case .proceed, .next, .step, .quit: break
            default:
                endStepping()
                say("(Stopped stepping.)", .dim)
            }
        }
        switch command {
        case .proceed:
            if isStepping, !steppingPastEnd {
                callNext()
            } else {
                endStepping()
                forward()
            }
        case .back:
            endStepping()
            if stepIndex > 0 {
                open(lessonAt: lessonIndex, step: stepIndex - 1)
            } else if lessonIndex > 0 {
                open(lessonAt: lessonIndex - 1, step: catalog.lessons[lessonIndex - 1].steps.count - 1)
            } else {
                say("This is the first step.")
            }
        case .again:
            endStepping()
            open(lessonAt: lessonIndex, step: stepIndex)
        case .lessons:
            write(LessonList.render(catalog: catalog, progress: progress, current: lesson.id, usesColor: usesColor))
        case .goto(let query, let step):
            guard let index = catalog.index(matching: query) else {
                say("No lesson '\(query)'. Type `lessons` to see them.")
                return
            }
            let target = catalog.lessons[index]
            if let step, !target.steps.indices.contains(step - 1) {
                say("Lesson \(index + 1) has no step \(step): its steps are 1 to \(target.steps.count).")
                return
            }
            endStepping()
            open(lessonAt: index, step: step.map { $0 - 1 } ?? progress.stepIndex(in: target))
        case .hint:
            showHint()
        case .help:
            write(TutorText.help(renderer: renderer))
        case .quit:
            leave()
        case .run(let index): run(index: index)
        case .step: startStepping()
        case .next: callNext()
        case .edit: edit()
        case .reset: reset()
        case .compare: compare()
        case .check: check()
        case .solution: solution()
        case .predict: predict()
        case .restart: emit(.endProgram(announce: true))
        case .unknown(let word, let suggestion):
            if let suggestion {
                say("Unknown command '\(word)'. Did you mean '\(suggestion)'? (`help` lists commands)")
            } else {
                say("'\(word)' needs something more; `help` lists commands.")
            }
        case .swift(let code):
            evaluate(code)
        }
    }

    // MARK: - Moving around

    /// Opens a lesson at a step (clamped: lessons may have shrunk since progress was saved).
    mutating func open(lessonAt index: Int, step: Int) {
        endStepping()
        let place = (lessonIndex, stepIndex)
        lessonIndex = min(max(index, 0), catalog.lessons.count - 1)
        stepIndex = min(max(step, 0), lesson.steps.count - 1)
        // A live program belongs to its step: leaving ends it (its tasks stop printing over the
        // next step), while `again` keeps it.
        if place != (lessonIndex, stepIndex) { emit(.endProgram(announce: false)) }
        hintsShown = 0
        progress.place(lesson: lesson, at: stepIndex)
        save()
        show()
        // The snippets ahead are compiled in the background, so `run` is usually instant.
        emit(.prefetch(Array(lesson.steps[stepIndex...].prefix(3).flatMap(\.snippets))))
    }

    private mutating func show() {
        if clearsScreenPerStep, usesColor { emit(.clearScreen) }
        let visibility = LessonRenderer.Visibility(hidesPredictionAnswers: !isPredictionAnswered)
        var text = StyledText(lines: [[]])
        text.append(renderer.render(lesson: lesson, stepIndex: stepIndex, visibility: visibility))
        text.append([])
        text.append(renderer.wrap([Span(TutorText.actions(step: step, isLast: isLastStep), .dim)], indent: "", hanging: "  "))
        write(text)
    }

    private var isLastStep: Bool {
        lessonIndex == catalog.lessons.count - 1 && stepIndex == lesson.steps.count - 1
    }

    /// Next step, or the next lesson when this one is done.
    private mutating func forward() {
        if stepIndex + 1 < lesson.steps.count {
            open(lessonAt: lessonIndex, step: stepIndex + 1)
            return
        }
        progress[lesson: lesson.id].isCompleted = true
        save()
        say("✓ Lesson complete: \(lesson.title)", .colored(.green, bold: true))
        if lessonIndex + 1 < catalog.lessons.count {
            open(lessonAt: lessonIndex + 1, step: 0)
        } else {
            say("That was the last lesson. `lessons` lists them all; `goto N` revisits one.")
        }
    }

    private mutating func showHint() {
        let hints = step.hints
        if hints.isEmpty {
            say("No hints on this step.")
        } else if hintsShown < hints.count {
            say("Hint \(hintsShown + 1) of \(hints.count):", .colored(.yellow, bold: true))
            var ignored: [Diagnostic] = []
            for block in CommonMarkParser(file: lesson.file).parse(hints[hintsShown], diagnostics: &ignored) {
                write(renderer.render(block, indent: "  "))
            }
            hintsShown += 1
        } else {
            let more = step.exercise != nil ? " `solution` shows a solution after three `check` attempts." : ""
            say("That was the last hint.\(more)")
        }
    }

    // MARK: - Saving and leaving

    /// Saves the learner's place (not when presenting).
    mutating func save() {
        guard savesProgress else { return }
        emit(.save(progress))
    }

    private mutating func saved(failure: String?) {
        if let failure {
            if failure != shownSaveFailure {
                shownSaveFailure = failure
                say("warning: \(failure)", .colored(.red))
            }
        } else if shownSaveFailure != nil {
            shownSaveFailure = nil
            say("Progress is being saved again.", .colored(.green))
        }
        guard isLeaving else { return }
        // The last line never claims a save that failed.
        write(
            StyledText(
                plain: failure == nil
                    ? "Progress saved. See you next time." : "Progress could not be saved (see the warning above). See you next time."))
        quit()
    }

    /// Saves first; the goodbye follows the save's outcome.
    private mutating func leave() {
        endStepping()
        guard savesProgress else {
            write(StyledText(plain: "See you next time."))
            quit()
            return
        }
        isLeaving = true
        save()
    }

    private mutating func quit() {
        hasQuit = true
        emit(.quit)
    }

    // MARK: - Authors

    /// `learn --watch`: the open lesson's file changed. A version that does not parse is
    /// reported and the old one stays.
    /// A deleted (or moved) file keeps its last version, so the learner can go on; its return
    /// is a change like any other. A reload says so in a line and leaves the step where it is
    /// on the screen (`again` shows the new version): the file often changes just as a long run
    /// ends, and reprinting the step would scroll that run's output away.
    private mutating func reload(file: String, text: String?) {
        guard file == lesson.file else { return }
        var diagnostics: [Diagnostic] = []
        let printer = DiagnosticPrinter(usesColor: false)
        write(StyledText(lines: [[]]))
        guard let text else {
            say("\(file) was deleted or moved; the tutor keeps its last version until it comes back.", .dim)
            emit(.redrawPrompt(prompt))
            return
        }
        guard let fresh = LessonParser(file: file).parse(text, diagnostics: &diagnostics) else {
            for diagnostic in diagnostics { say(printer.format(diagnostic), .colored(.red)) }
            say("\(file) changed but cannot be used; still showing the previous version.", .dim)
            emit(.redrawPrompt(prompt))
            return
        }
        for diagnostic in diagnostics { say(printer.format(diagnostic), .colored(.yellow)) }
        let previous = step
        catalog.lessons[lessonIndex] = fresh
        // By key: a step inserted above the learner's must not move them. A step that is gone
        // (or renamed) leaves them at its place, clamped to the new length.
        stepIndex = progress.stepIndex(in: fresh)
        let isSameStep = step.key == previous.key
        progress.place(lesson: fresh, at: stepIndex)
        save()
        let name = (file as NSString).lastPathComponent
        say("↻ \(name) reloaded from disk; `again` shows this step.", .dim)
        if isSameStep {
            // Enter goes on calling the program being stepped, as the prompt still says.
            if isStepping { say("(Still stepping the program you started; `step` starts the new one.)", .dim) }
        } else {
            hintsShown = 0
            let was = previous.title.map { "“\($0)”" } ?? "The step you were on"
            let now = step.title.map { ", “\($0)”" } ?? ""
            say("\(was) is gone from the lesson; you are on step \(stepIndex + 1)\(now).", .dim)
            if isStepping {
                endStepping()
                say("(Stopped stepping.)", .dim)
            }
        }
        emit(.prefetch(Array(lesson.steps[stepIndex...].prefix(3).flatMap(\.snippets))))
        emit(.redrawPrompt(prompt))
    }

    // MARK: - Stepping bookkeeping

    mutating func beginStepping(target: String) {
        stepping = (target, false, false)
        steppingPastEnd = false
    }

    mutating func markSteppingStarted(isAsync: Bool) {
        stepping?.isAsync = isAsync
        stepping?.started = true
    }

    mutating func endStepping() {
        guard stepping != nil else { return }
        stepping = nil
        steppingPastEnd = false
        emit(.stopStepping)
    }

    mutating func setAwaitsPrediction(_ value: Bool) {
        awaitsPrediction = value
        if !value { predictionRetry = nil }
    }
}
