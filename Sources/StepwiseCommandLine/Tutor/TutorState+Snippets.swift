import StepwiseCore
import StepwiseTerminal

/// run, step, compare and Swift at the prompt: the state asks, the loop runs, the state shows.
extension TutorState {
    /// The learner's copy of the step's `number`th snippet (1-based).
    func copy(of snippet: Snippet, number: Int) -> LearnerCopy {
        LearnerCopy(lesson: lesson, stepIndex: stepIndex, block: snippet.block, name: String(number))
    }

    mutating func run(index: Int?) {
        let snippets = step.snippets
        guard !snippets.isEmpty else {
            if step.exercise != nil {
                say("This step is an exercise: `edit` it, then `check` it (check runs it too).")
            } else {
                say("There is no Swift to run on this step. Type Swift at the prompt to try something.")
            }
            return
        }
        let number = index ?? 1
        guard number >= 1, number <= snippets.count else {
            say("This step has \(snippets.count) snippet\(snippets.count == 1 ? "" : "s"); try `run 1`.")
            return
        }
        let snippet = snippets[number - 1]
        if snippet.options.isPrediction, !isPredictionAnswered {
            say("First, your prediction.", .bold)
            predict()
            return
        }
        emit(.run(RunJob(snippet: snippet, copy: copy(of: snippet, number: number), purpose: .show)))
    }

    mutating func ran(_ job: RunJob, _ report: RunReport, liveShown: Int) {
        switch report {
        case .notRun(let reason):
            say(reason, .colored(.yellow))
            return
        case .compileFailed(let diagnostics):
            write(presenter.diagnostics(diagnostics))
            explain(diagnostics)
            return
        case .ran(let result):
            if case .judge(let answer) = job.purpose,
                !judge(answer: answer, output: result.lines.map(\.text).joined(separator: "\n"), job: job, report: report)
            {
                return
            }
            for note in result.notes { say("note: " + note, .dim) }
            if liveShown > 0 {
                write(presenter.remainder(of: result, liveShown: liveShown))
            } else {
                write(
                    presenter.output(
                        result.lines, termination: result.termination, wallTime: result.wallTime, omittedBytes: result.omittedBytes))
            }
            let timeline = Timeline(result: result)
            if job.snippet.options.drawsTimeline || timeline.hasTasks {
                if !timeline.isEmpty {
                    write(StyledText(lines: [presenter.heading("timeline")]))
                    for row in timeline.render(width: width) { sayVerbatim(row) }
                }
            }
            if let note = timeline.note { say(note, .dim) }
            if case .judge = job.purpose { explainPrediction() }
        }
    }

    // MARK: Stepping

    mutating func startStepping() {
        if isStepping, !steppingPastEnd {
            callNext()
            return
        }
        endStepping()
        guard let (index, snippet) = step.snippets.enumerated().first(where: { $0.element.options.stepTarget != nil }),
            let target = snippet.options.stepTarget
        else {
            say("Nothing to step on this step. Look for a snippet labelled \"step to call next()\".")
            return
        }
        beginStepping(target: target)
        emit(.startStepping(snippet, copy: copy(of: snippet, number: index + 1)))
    }

    mutating func steppingStarted(_ start: SteppingStart) {
        guard let target = stepping?.target else { return }
        switch start {
        case .started(_, let ready):
            markSteppingStarted(isAsync: ready.kind.hasPrefix("Async"))
            if !ready.topLevelOutput.isEmpty {
                write(StyledText(lines: [presenter.heading("top-level code printed")]))
                for line in ready.topLevelOutput { sayVerbatim("  │ " + line.text) }
            }
            say("Stepping `\(target)` (\(StateText.shortened(ready.kind, room: width - 20))). Nothing has called next() yet.", .bold)
            if !ready.initialState.isEmpty {
                say("  its stored properties before the first call:", .dim)
                for entry in ready.initialState {
                    sayVerbatim("    " + StateText.line(label: entry.label, value: entry.value, room: width - 6))
                }
            }
            say("Press Enter (or type `next`) to call next() once; any other command stops stepping.", .dim)
            return
        case .notRun(let reason):
            say("Could not start stepping: \(reason)", .colored(.red))
        case .compileFailed(let diagnostics):
            write(presenter.diagnostics(diagnostics))
            explain(diagnostics)
        case .endedEarly(let result):
            write(presenter.output(result.lines, termination: result.termination, wallTime: result.wallTime))
            say("The program ended before the first next() call.")
        case .notSteppable(let message, _):
            say(message, .colored(.red))
        }
        endStepping()
    }

    mutating func callNext() {
        guard let stepping else {
            if step.snippets.contains(where: { $0.options.stepTarget != nil }) {
                startStepping()
            } else {
                say("Nothing is being stepped. `step` starts stepping when a step has a steppable snippet.")
            }
            return
        }
        guard stepping.started else { return }
        emit(.callNext)
    }

    mutating func stepped(_ outcome: StepOutcome) {
        guard let (target, isAsync, _) = stepping else { return }
        switch outcome {
        case .reported(let report):
            write(presenter.step(report, target: target, isAsync: isAsync))
            if report.error != nil {
                endStepping()
                say("Stepping finished. Enter continues the lesson; `step` starts again from the beginning.", .dim)
            } else if report.isEnd, !steppingPastEnd {
                steppingPastEnd = true
                say(
                    "Stepping finished. `next` calls next() again; Enter continues the lesson; `step` starts again from the beginning.",
                    .dim)
            }
        case .programEnded(let call, let output, let termination, let crash):
            endStepping()
            write(presenter.stepEnded(call: call, output: output, termination: termination, crash: crash))
            say("Stepping stopped. `step` starts again from the beginning.", .dim)
        case .failed(let message):
            endStepping()
            say("Stepping stopped: \(message)", .colored(.red))
        case .stoppedIdle(let limit):
            // Not a crash: the learner was away, and nothing of theirs went wrong.
            endStepping()
            say("The stepping program was stopped after \(DurationText.spoken(limit)) idle; `step` starts it again.")
        }
    }

    // MARK: compare

    /// Sets a `python compare` block beside the Swift; any other Python program runs on its own.
    mutating func compare() {
        if let original = step.python, original.role == .python(.compare), let snippet = step.snippets.first {
            emit(.compare(snippet, copy: copy(of: snippet, number: 1), python: original))
        } else if let program = step.codeBlocks.first(where: { $0.role == .python(.program) }) {
            emit(.runPython(program))
        } else {
            say("There is no Python program to run on this step.")
        }
    }

    mutating func ranPython(_ block: CodeBlock, _ report: RunReport, version: String?) {
        guard let version, case .ran(let result) = report else {
            if case .notRun(let reason) = report { say(reason, .colored(.yellow)) }
            return
        }
        let shownVersion = version.hasPrefix("Python ") ? String(version.dropFirst(7)) : version
        write(StyledText(lines: [presenter.heading("Python \(shownVersion) prints")]))
        for line in Self.lessonLines(of: result, block: block) { sayVerbatim(line) }
        if !result.termination.isSuccess { say("python3 \(result.termination.summary)", .colored(.yellow)) }
    }

    mutating func compared(swift: RunReport, python block: CodeBlock, _ python: RunReport, version: String?, editedSwift: Bool) {
        if editedSwift { say("(Comparing your edited Swift; `reset` brings back the lesson's.)", .dim) }
        guard let version, case .ran(let swiftResult) = swift else {
            // Without python3 the Swift side is shown on its own, with the reason.
            if case .notRun(let reason) = python { say(reason, .colored(.yellow)) }
            if let snippet = step.snippets.first {
                ran(RunJob(snippet: snippet, copy: copy(of: snippet, number: 1), purpose: .show), swift, liveShown: 0)
            }
            return
        }
        let pythonResult: RunResult
        switch python {
        case .ran(let result): pythonResult = result
        case .notRun(let reason):
            say("Could not run python3: \(reason)", .colored(.red))
            return
        case .compileFailed:
            // python3 has no separate compile step; a syntax error is part of its run.
            return
        }
        let swiftLines = swiftResult.lines.map(\.text)
        let pythonLines = Self.lessonLines(of: pythonResult, block: block)
        let shownVersion = version.hasPrefix("Python ") ? String(version.dropFirst(7)) : version
        write(StyledText(lines: [presenter.heading("Python \(shownVersion) beside Swift")]))
        for row in SideBySide.render(left: pythonLines, right: swiftLines, width: width) { sayVerbatim(row) }
        if !pythonResult.termination.isSuccess { say("python3 \(pythonResult.termination.summary)", .colored(.yellow)) }
        let differences = step.differences.map { DeclaredDifference.parseBlock($0.code).differences } ?? []
        switch OutputComparison.compare(python: pythonLines, swift: swiftLines, differences: differences) {
        case .identical:
            say("✓ Same output.", .colored(.green, bold: true))
        case .equivalent(let explanations):
            say("≈ The same, apart from differences the lesson explains:", .colored(.green, bold: true))
            for explanation in explanations { say("  • " + explanation) }
        case .different(let diff):
            say("≠ The outputs differ:", .colored(.yellow, bold: true))
            sayVerbatim(diff)
        }
    }

    /// What python3 printed, its traceback pointing into the lesson: it ran the block from a
    /// temporary file, whose name means nothing to the learner.
    private static func lessonLines(of result: RunResult, block: CodeBlock) -> [String] {
        PythonTraceback.relocate(result, in: block).lines.map(\.text)
    }

    // MARK: The prompt

    /// The snippet whose declarations are in scope: this step's first one, else the nearest
    /// before it (an exercise's starter included).
    var promptContext: LearnerCopy? {
        stride(from: stepIndex, through: 0, by: -1).lazy.compactMap(editable(at:)).first
    }

    mutating func evaluate(_ code: String) {
        emit(.evaluate(code, context: promptContext))
    }

    /// `restart`: one line on what ended, and what the next entry starts from.
    mutating func programEnded(wasRunning: Bool) {
        let start = promptContext == nil ? "" : " with the step's snippet"
        if wasRunning {
            say("The live program ended: its variables and tasks are gone; the next entry starts a fresh one\(start).")
        } else {
            say("No live program is running on this step; the next entry starts one\(start).")
        }
    }

    mutating func evaluated(_ outcome: PromptOutcome, forgotEarlier: Bool) {
        if forgotEarlier { say("(A different snippet is in scope now, so earlier entries were forgotten.)", .dim) }
        switch outcome {
        case .notRun(let reason):
            say(reason, .colored(.yellow))
        case .ran(let output, let termination, let crash):
            if !output.isEmpty { write(presenter.lines(output, stamped: false)) }
            if !termination.isSuccess {
                write(StyledText(lines: [presenter.ending(termination, wallTime: nil, outOfMemory: crash?.isOutOfMemory == true)]))
            }
        case .streamed(let termination, let crash, let notes):
            if !termination.isSuccess, notes.isEmpty || termination != .interrupted {
                write(StyledText(lines: [presenter.ending(termination, wallTime: nil, outOfMemory: crash?.isOutOfMemory == true)]))
            }
            for note in notes { say(note, .colored(.yellow)) }
        case .compileFailed(let diagnostics):
            write(presenter.diagnostics(diagnostics))
            explain(diagnostics)
            if step.snippets.contains(where: \.options.isPrediction), !isPredictionAnswered {
                say("Answering the prediction? Type `predict` first; anything else at this prompt is Swift.", .dim)
            }
        case .earlierCodeFailed(let result):
            say(
                "The snippet or an earlier entry failed when replayed (\(result.termination.summary)); entries were kept.",
                .colored(.yellow))
        }
    }
}
