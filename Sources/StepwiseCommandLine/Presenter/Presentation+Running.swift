import Foundation
import StepwiseCore
import StepwiseTerminal
import Synchronization

/// `r` and `s`: runs and stepping sessions whose output fills the panel under the step.
extension Presentation {
    var snippets: [Snippet] { lesson.steps[pager.stepIndex].snippets }

    /// Compiles the snippets of this step and the next two into the cache while the class reads.
    func prefetch() {
        let ahead = Array(lesson.steps[pager.stepIndex...].prefix(3).flatMap(\.snippets))
        Task.detached(priority: .background) { [executor] in await executor.prefetch(ahead) }
    }

    /// Runs one of the step's runnable snippets, its output shown as it arrives.
    func startRun(_ index: Int) {
        let generation = clearPanelForRun()
        guard snippets.indices.contains(index) else {
            post.yield(.output(StyledText(plain: "nothing to run", style: .colored(.yellow)), generation: generation))
            post.yield(.runEnded(generation: generation))
            return
        }
        let snippet = snippets[index]
        reveal = snippet.block.location.line
        stream(generation: generation, drawsTimeline: snippet.options.drawsTimeline) { [executor] onLine in
            try await executor.run(snippet, source: nil, onLine: onLine)
        }
    }

    /// `r` on the Python page: the step's Python original, its output shown as it arrives,
    /// through the same rendering as a Swift run's, a traceback at the lesson's lines.
    func startPython() {
        let generation = clearPanelForRun()
        guard let python = lesson.steps[pager.stepIndex].python else {
            post.yield(.output(StyledText(plain: "no Python original on this step", style: .colored(.yellow)), generation: generation))
            post.yield(.runEnded(generation: generation))
            return
        }
        reveal = python.location.line
        stream(generation: generation, drawsTimeline: false) { [executor] onLine in
            let report = try await executor.runPython(python.code, onLine: onLine)
            guard case .ran(let result) = report else { return report }
            return .ran(PythonTraceback.relocate(result, in: python))
        }
    }

    /// Stops the run in progress and empties the panel; the new run's generation.
    private func clearPanelForRun() -> Int {
        stopRunning()
        generation += 1
        // The heading comes with the first line: a snippet that does not compile gets the
        // compiler's heading instead.
        panel = StyledText()
        timeline = nil
        return generation
    }

    /// Starts `run`, posting each standard-output line it reports as it arrives, stamped with
    /// the time since the program started, then the rest of the output and how it ended.
    private func stream(
        generation: Int, drawsTimeline: Bool,
        _ run: @escaping @Sendable (_ onLine: @escaping @Sendable (TimedLine) -> Void) async throws -> RunReport
    ) {
        let presenter = presenter
        let post = post
        let shown = Mutex(0)
        runTask = Task {
            let outcome: RunReport
            do {
                outcome = try await run { line in
                    // A flood is shown live only up to a screenful or so; its tail comes at the end.
                    let number = shown.withLock { count in
                        guard count < LiveOutput.limit else { return 0 }
                        count += 1
                        return count
                    }
                    guard number > 0 else { return }
                    var text = number == 1 ? StyledText(lines: [presenter.heading("output")]) : StyledText()
                    text.append(presenter.lines([line], stamped: true))
                    post.yield(.output(text, generation: generation))
                }
            } catch {
                return
            }
            var ending = StyledText()
            var timeline: Timeline?
            switch outcome {
            case .notRun(let reason):
                ending = StyledText(plain: reason, style: .colored(.yellow))
            case .compileFailed(let diagnostics):
                ending = presenter.diagnostics(diagnostics)
            case .ran(let result):
                let liveShown = shown.withLock { $0 }
                ending =
                    liveShown > 0
                    ? presenter.remainder(of: result, liveShown: liveShown)
                    : presenter.output(
                        result.lines, termination: result.termination, wallTime: result.wallTime, omittedBytes: result.omittedBytes)
                let drawn = Timeline(result: result)
                if drawsTimeline || drawn.hasTasks, !drawn.isEmpty { timeline = drawn }
            }
            post.yield(.output(ending, generation: generation))
            // Drawn at each frame's width, so a resized window gets bars that fit it.
            if let timeline { post.yield(.timeline(timeline, generation: generation)) }
            post.yield(.runEnded(generation: generation))
        }
    }

    /// Cancelling the run's task kills the snippet's process group.
    func stopRunning(saying message: String? = nil) {
        guard let runTask else { return }
        runTask.cancel()
        self.runTask = nil
        generation += 1
        if let message { panel.append([Span(message, .colored(.yellow, bold: true))]) }
    }

    /// Starts the step's steppable snippet; its top-level code runs, then each Enter is one `next()`.
    func startStepping() {
        stopStepping(saying: nil)
        generation += 1
        let generation = generation
        let presenter = presenter
        let post = post
        guard let snippet = snippets.first(where: { $0.options.stepTarget != nil }), let target = snippet.options.stepTarget else {
            post.yield(.output(StyledText(plain: "nothing to step", style: .colored(.yellow)), generation: generation))
            post.yield(.stepDone(ended: true, generation: generation))
            return
        }
        stepping = (nil, target, false, false, 0)
        reveal = snippet.block.location.line
        panel = StyledText(lines: [presenter.heading("stepping \(target)"), Self.startingLine])
        timeline = nil
        Task { [executor] in
            let start: SteppingStart
            do {
                start = try await executor.startStepping(snippet, source: nil)
            } catch {
                post.yield(.stepDone(ended: true, generation: generation))
                return
            }
            var text = StyledText()
            switch start {
            case .notRun(let reason):
                text = StyledText(plain: reason, style: .colored(.yellow))
            case .compileFailed(let diagnostics):
                text = presenter.diagnostics(diagnostics)
            case .endedEarly(let result):
                text = presenter.output(result.lines, termination: result.termination, wallTime: result.wallTime)
                text.append([Span("The program ended before the first next() call.", .colored(.yellow))])
            case .notSteppable(let message, _):
                text = StyledText(plain: message, style: .colored(.red))
            case .started(let stepper, let ready):
                for line in ready.topLevelOutput { text.append([Span("  │ ", .dim), Span(line.text)]) }
                text.append([Span("Nothing has called next() yet. Enter calls it once.", .bold)])
                // The state goes on lines of its own: a projected line should not wrap mid-word.
                if !ready.initialState.isEmpty { text.append([Span("  the iterator's stored properties before the first call:", .dim)]) }
                for entry in ready.initialState { text.append([Span("    \(entry.label) = \(entry.value)")]) }
                post.yield(.output(text, generation: generation))
                post.yield(.stepperReady(stepper, isAsync: ready.kind.hasPrefix("Async"), generation: generation))
                return
            }
            post.yield(.output(text, generation: generation))
            post.yield(.stepDone(ended: true, generation: generation))
        }
    }

    /// One `next()`; presses that arrive while a call is in flight wait their turn.
    func stepNext() {
        guard var current = stepping else { return }
        guard let stepper = current.stepper, !current.busy else {
            current.queued += 1
            stepping = current
            return
        }
        current.busy = true
        stepping = current
        let generation = generation
        let presenter = presenter
        let post = post
        let (target, isAsync) = (current.target, current.isAsync)
        Task {
            // The body's lines appear as it prints them, as in the tutor: a print before a sleep
            // is on the screen during the sleep.
            let onLine: @Sendable (TimedLine) -> Void = { line in post.yield(.output(RunPresenter.bodyLine(line), generation: generation)) }
            switch (try? await stepper.next(onLine: onLine)) ?? .failed("cancelled") {
            case .reported(var report):
                report.bodyOutputShown = true
                var text = presenter.step(report, target: target, isAsync: isAsync)
                let ended = report.isEnd || report.error != nil
                if ended { text.append([Span("Stepping finished: Enter turns the page, s steps again from the start.", .dim)]) }
                post.yield(.output(text, generation: generation))
                post.yield(.stepDone(ended: ended, generation: generation))
            case .programEnded(let call, let output, let termination, let crash):
                post.yield(
                    .output(presenter.stepEnded(call: call, output: output, termination: termination, crash: crash), generation: generation)
                )
                post.yield(.stepDone(ended: true, generation: generation))
            case .failed(let message):
                post.yield(.output(StyledText(plain: "Stepping stopped: \(message)", style: .colored(.red)), generation: generation))
                post.yield(.stepDone(ended: true, generation: generation))
            case .stoppedIdle(let limit):
                let note = "The stepping program was stopped after \(DurationText.spoken(limit)) idle; s starts it again."
                post.yield(.output(StyledText(plain: note, style: .dim), generation: generation))
                post.yield(.stepDone(ended: true, generation: generation))
            }
        }
    }

    func stopStepping(saying message: String?) {
        guard let current = stepping else { return }
        stepping = nil
        generation += 1
        if let stepper = current.stepper { Task { await stepper.close() } }
        if let message { panel.append([Span(message, .colored(.yellow, bold: true))]) }
    }
}
