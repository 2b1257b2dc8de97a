import Foundation
import StepwiseCore
import StepwiseTerminal
import Synchronization

/// The interactive loop: shows a step, reads a command, acts, saves progress.
///
/// Only the loop touches the session, except the `--watch` reloader, which does so while the
/// loop is parked at the prompt and holds `promptLock`: hence `@unchecked Sendable`.
final class TutorSession: @unchecked Sendable {
    var catalog: LessonCatalog
    let reader: LineReader
    let console: Console
    let capabilities: TerminalCapabilities
    let store: ProgressStore
    var progress: LearnerProgress
    var lessonIndex: Int
    var stepIndex: Int
    /// Hints already revealed in the current step.
    var hintsShown = 0
    /// Snippet work (run, step, edit, compare, check, Swift at the prompt).
    var workbench: Workbench

    init(
        catalog: LessonCatalog,
        progress: LearnerProgress,
        store: ProgressStore,
        reader: LineReader,
        console: Console,
        capabilities: TerminalCapabilities,
        workbench: Workbench
    ) {
        self.catalog = catalog
        self.progress = progress
        self.store = store
        self.reader = reader
        self.console = console
        self.capabilities = capabilities
        self.workbench = workbench
        lessonIndex = 0
        stepIndex = 0
        reader.completer = { [names = SessionCommand.names, ids = catalog.lessons.map(\.id)] before in
            Self.completions(for: before, commands: names, lessonIDs: ids)
        }
    }

    var lesson: Lesson { catalog.lessons[lessonIndex] }
    var step: Step { lesson.steps[stepIndex] }

    var renderer: LessonRenderer {
        LessonRenderer(width: capabilities.width, usesColor: capabilities.usesColor)
    }

    /// Opens a lesson at a step (clamped: lessons may have shrunk since progress was saved).
    func open(lessonAt index: Int, step: Int) {
        lessonIndex = min(max(index, 0), catalog.lessons.count - 1)
        stepIndex = min(max(step, 0), lesson.steps.count - 1)
        hintsShown = 0
        workbench.stepChanged(lesson: lesson, stepIndex: stepIndex)
        progress.place(lesson: lesson, at: stepIndex)
        save()
        show()
    }

    /// Presenting clears the screen for each step, so a projector shows one step at a time.
    var clearsScreenPerStep = false

    func show() {
        if clearsScreenPerStep, capabilities.usesColor { console.write("\u{1B}[H\u{1B}[2J") }
        let visibility = LessonRenderer.Visibility(
            hidesPredictionAnswers: progress[lesson: lesson.id].predictions[step.key] == nil
        )
        console.line()
        write(renderer.render(lesson: lesson, stepIndex: stepIndex, visibility: visibility))
        console.line()
        write(StyledText(plain: actionsLine(), style: .dim))
    }

    /// The few commands that make sense on this step, so nobody has to remember them.
    func actionsLine() -> String {
        var actions: [String] = []
        let snippets = step.snippets
        if snippets.contains(where: { $0.options.stepTarget != nil }) { actions.append("step") }
        if snippets.contains(where: { $0.options.isPrediction }) { actions.append("predict") }
        if !snippets.isEmpty { actions.append(snippets.count > 1 ? "run 1…\(snippets.count)" : "run") }
        if step.exercise != nil { actions += ["edit", "check"] }
        if step.python.map({ $0.role == .python(compare: true) }) ?? false { actions.append("compare") }
        if !step.hints.isEmpty { actions.append("hint") }
        let last = lessonIndex == catalog.lessons.count - 1 && stepIndex == lesson.steps.count - 1
        return "[Enter] \(last ? "finish" : "continue") · " + (actions + ["back", "help"]).joined(separator: " · ")
    }

    func write(_ text: StyledText) {
        console.line(text.rendered(color: capabilities.usesColor))
    }

    /// Preformatted text (program output, columns, a chart): spacing matters, so it is not wrapped.
    func sayVerbatim(_ text: String, _ style: TextStyle = .plain) {
        write(StyledText(plain: text, style: style))
    }

    /// A message of the tutor's own, wrapped to the terminal like lesson text (continuation
    /// lines keep the message's leading indent).
    func say(_ text: String, _ style: TextStyle = .plain) {
        var wrapped = StyledText()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = String(line.prefix { $0 == " " })
            wrapped.append(renderer.wrap([Span(String(line.dropFirst(indent.count)), style)], indent: indent, hanging: indent + (indent.isEmpty ? "" : "  ")))
        }
        write(wrapped)
    }

    var prompt: String {
        "stepwise \(lessonIndex + 1).\(stepIndex + 1)\(workbench.isStepping ? " next()" : "")> "
    }

    /// True while the loop waits at the prompt with nothing typed into a continuation.
    let promptLock = Mutex(false)

    /// Runs until quit or end of input; progress is saved after every move and on the way out.
    func run() async {
        var pending = ""
        while true {
            promptLock.withLock { $0 = pending.isEmpty }
            let input = await reader.readLine(prompt: pending.isEmpty ? prompt : "... ")
            promptLock.withLock { $0 = false }
            switch input {
            case .endOfInput where !pending.isEmpty:
                // Ctrl-D at `...` drops the entry, not the session; a pipe ends with the next read.
                pending = ""
                say("(The unfinished Swift entry was dropped without running.)", .dim)
                continue
            case .endOfInput:
                sayGoodbye()
                return
            case .interrupted:
                pending = ""
                continue
            case .line(let raw):
                let typed = TypedLine(screening: raw)
                if let notice = typed.notice { say(notice, .dim) }
                guard let text = typed.usable else { continue }
                if !pending.isEmpty || workbench.needsContinuation(text) {
                    pending += (pending.isEmpty ? "" : "\n") + text
                    if workbench.needsContinuation(pending) { continue }
                    reader.addHistory(pending)
                    await workbench.evaluate(pending, session: self)
                    pending = ""
                    continue
                }
                reader.addHistory(text)
                if await handle(SessionCommand.parse(text)) == .stop {
                    sayGoodbye()
                    return
                }
            }
        }
    }

    enum Flow { case keepGoing, stop }

    /// `learn --watch`: re-reads the open lesson whenever its file changes, so an author sees an
    /// edit at once. A version that does not parse is reported and the old one stays.
    func watchLessonFile() -> Task<Void, Never> {
        Task.detached { [self] in
            var lastSeen = modificationDate(of: lesson.file)
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(300))
                let file = promptLock.withLock { _ in lesson.file }
                let current = modificationDate(of: file)
                guard current != lastSeen else { continue }
                lastSeen = current
                promptLock.withLock { isIdle in
                    guard isIdle else { return }
                    reload(file: file)
                    console.write(prompt)
                }
            }
        }
    }

    private func modificationDate(of file: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: file))?[.modificationDate] as? Date
    }

    private func reload(file: String) {
        var diagnostics: [Diagnostic] = []
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return }
        console.line()
        guard let fresh = LessonParser(file: file).parse(text, diagnostics: &diagnostics) else {
            for diagnostic in diagnostics { say(DiagnosticPrinter(usesColor: false).format(diagnostic), .colored(.red)) }
            say("\(file) changed but cannot be used; still showing the previous version.", .dim)
            return
        }
        for diagnostic in diagnostics { say(DiagnosticPrinter(usesColor: false).format(diagnostic), .colored(.yellow)) }
        catalog.lessons[lessonIndex] = fresh
        say("↻ \(file) changed: reloaded.", .dim)
        // By key: a step inserted above the learner's must not move them.
        open(lessonAt: lessonIndex, step: progress.stepIndex(in: fresh))
    }

    func handle(_ command: SessionCommand) async -> Flow {
        // Stepping holds Enter; any other command lets go, so an endless sequence cannot trap anyone.
        if workbench.isStepping {
            switch command {
            case .proceed, .next, .step, .quit: break
            default:
                workbench.stopStepping()
                say("(Stopped stepping.)", .dim)
            }
        }
        switch command {
        case .proceed:
            if workbench.isStepping {
                await workbench.stepNext(session: self)
            } else {
                forward()
            }
        case .back:
            workbench.stopStepping()
            if stepIndex > 0 {
                open(lessonAt: lessonIndex, step: stepIndex - 1)
            } else if lessonIndex > 0 {
                open(lessonAt: lessonIndex - 1, step: catalog.lessons[lessonIndex - 1].steps.count - 1)
            } else {
                say("This is the first step.")
            }
        case .lessons:
            write(LessonList.render(catalog: catalog, progress: progress, current: lesson.id, usesColor: capabilities.usesColor))
        case .goto(let query, let step):
            guard let index = catalog.index(matching: query) else {
                say("No lesson '\(query)'. Type `lessons` to see them.")
                return .keepGoing
            }
            workbench.stopStepping()
            open(lessonAt: index, step: step.map { $0 - 1 } ?? progress.stepIndex(in: catalog.lessons[index]))
        case .hint:
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
                say("That was the last hint.\(step.exercise != nil ? " `solution` shows a solution after three `check` attempts." : "")")
            }
        case .help:
            write(helpText())
        case .quit:
            return .stop
        case .run(let index):
            await workbench.run(index: index, session: self)
        case .step:
            await workbench.startStepping(session: self)
        case .next:
            await workbench.stepNext(session: self)
        case .edit:
            await workbench.edit(session: self)
        case .reset:
            workbench.reset(session: self)
        case .compare:
            await workbench.compare(session: self)
        case .check:
            await workbench.check(session: self)
        case .solution:
            workbench.solution(session: self)
        case .predict:
            await workbench.predict(session: self)
        case .unknown(let word, let suggestion):
            if let suggestion {
                say("Unknown command '\(word)'. Did you mean '\(suggestion)'? (`help` lists commands)")
            } else {
                say("'\(word)' needs something more; `help` lists commands.")
            }
        case .swift(let code):
            await workbench.evaluate(code, session: self)
        }
        return .keepGoing
    }

    /// Next step, or the next lesson when this one is done.
    func forward() {
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

    /// `stepwise present` shows lessons without touching anyone's progress.
    var savesProgress = true

    /// The save failure last shown: a read-only or full disk warns once, not at every step.
    private var shownSaveFailure: String?

    /// Saves the learner's place; false when nothing was saved (presenting, or the write failed).
    @discardableResult
    func save() -> Bool {
        guard savesProgress else { return false }
        do {
            try store.save(progress)
            if shownSaveFailure != nil {
                shownSaveFailure = nil
                say("Progress is being saved again.", .colored(.green))
            }
            return true
        } catch {
            let message = "\(error)"
            if message != shownSaveFailure {
                shownSaveFailure = message
                say("warning: \(message)", .colored(.red))
            }
            return false
        }
    }

    /// The last line of a session, saving first; it never claims a save that failed.
    func sayGoodbye() {
        let saved = save()
        if saved {
            console.line("Progress saved. See you next time.")
        } else {
            console.line(savesProgress ? "Progress could not be saved (see the warning above). See you next time." : "See you next time.")
        }
    }

    func helpText() -> StyledText {
        var text = StyledText()
        text.append([Span("Commands", .bold)])
        let widest = SessionCommand.catalog.map(\.usage.count).max() ?? 0
        let hanging = String(repeating: " ", count: widest + 4)
        for entry in SessionCommand.catalog {
            let usage = "  " + entry.usage.padding(toLength: widest + 2, withPad: " ", startingAt: 0)
            var wrapped = renderer.wrap([Span(entry.summary)], indent: hanging, hanging: hanging)
            if var first = wrapped.lines.first {
                first[0] = Span(usage, .colored(.cyan))
                wrapped.lines[0] = first
            }
            text.append(wrapped)
        }
        text.append(renderer.wrap(
            [Span("Anything else is Swift: it runs with this step's snippet in scope (try `var it = [1, 2].makeIterator()`, then `it.next()`).", .dim)],
            indent: "", hanging: ""
        ))
        return text
    }

    /// Tab completion: commands for the first word, lesson ids after `goto`.
    static func completions(for before: String, commands: [String], lessonIDs: [String]) -> [String] {
        let words = before.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if words.count <= 1 {
            let prefix = words.first ?? ""
            return commands.filter { $0.hasPrefix(prefix) && $0 != "exit" }.sorted()
        }
        if words.count == 2, words[0] == "goto" {
            return lessonIDs.filter { $0.hasPrefix(words[1]) }
        }
        return []
    }
}
