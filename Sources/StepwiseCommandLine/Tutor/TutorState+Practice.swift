import StepwiseCore
import StepwiseTerminal

/// predict, check, solution, edit and reset, with what they record in the learner's progress.
extension TutorState {
    // MARK: Progress of this step

    var isPredictionAnswered: Bool {
        progress[lesson: lesson.id].predictions[step.key] != nil
    }

    var failedCheckCount: Int {
        progress[lesson: lesson.id].failedChecks[step.key] ?? 0
    }

    var isExerciseSolved: Bool {
        progress[lesson: lesson.id].solvedExercises.contains(step.key)
    }

    // MARK: predict

    mutating func predict() {
        guard step.snippets.contains(where: { $0.options.isPrediction }) else {
            say("There is no prediction to make on this step.")
            return
        }
        say("What will it print? Type your answer (put several lines on one line, separated by spaces):", .bold)
        setAwaitsPrediction(true)
    }

    mutating func answerPrediction(_ input: LineInput) {
        let retry = predictionRetry
        setAwaitsPrediction(false)
        var answer = ""
        if case .line(let raw) = input {
            // Screened like any line at the prompt: the answer is quoted back to the learner.
            let typed = TypedLine(screening: raw)
            if let notice = typed.notice { say(notice, .dim) }
            answer = typed.usable ?? ""
        }
        if let command = Self.commandLeavingPrediction(answer) {
            say("(Left the prediction unanswered; `predict` asks again.)", .dim)
            emit(.addHistory(answer))
            perform(command)
            return
        }
        guard !answer.trimmingCharacters(in: .whitespaces).isEmpty,
            let (index, snippet) = step.snippets.enumerated().first(where: { $0.element.options.isPrediction })
        else {
            say("No answer; `predict` asks again.", .dim)
            return
        }
        if let retry {
            // The second try is judged against the run the first one made: no run, no new output.
            predictionRetry = retry
            ran(RunJob(snippet: retry.job.snippet, copy: retry.job.copy, purpose: .judge(answer: answer)), retry.report, liveShown: 0)
            return
        }
        emit(.run(RunJob(snippet: snippet, copy: copy(of: snippet, number: index + 1), purpose: .judge(answer: answer))))
    }

    /// A whole command word (`quit`, `back`, `goto 3`...) typed at the prediction prompt: the
    /// learner wants out, not to answer. One-letter shortcuts stay answers (`b` may be printed).
    static func commandLeavingPrediction(_ answer: String) -> SessionCommand? {
        let words = answer.split(separator: " ")
        guard let head = words.first?.lowercased(), head.count > 1, SessionCommand.names.contains(head) || head == "list"
        else { return nil }
        switch SessionCommand.parse(answer) {
        case .swift, .unknown, .proceed: return nil
        case let command: return command
        }
    }

    /// Judges an answer against the run; false when the learner gets another try, so the
    /// output must stay hidden.
    mutating func judge(answer: String, output: String, job: RunJob, report: RunReport) -> Bool {
        let triesLeft = predictionRetry?.triesLeft ?? 1
        predictionRetry = nil
        guard let difference = PredictionJudge.difference(answer: answer, output: output) else {
            progress[lesson: lesson.id].predictions[step.key] = true
            save()
            say("✓ Right: you predicted \(PredictionJudge.normalized(output)).", .colored(.green, bold: true))
            return true
        }
        if triesLeft > 0 || difference.isFormatOnly {
            say("✗ Not quite: you said \(PredictionJudge.normalized(answer)). \(difference.explanation)", .colored(.yellow, bold: true))
            say(difference.isFormatOnly ? "Type it again (this does not use up a try):" : "One more try: what will it print?", .bold)
            setAwaitsPrediction(true)
            predictionRetry = PredictionRetry(job: job, report: report, triesLeft: difference.isFormatOnly ? triesLeft : triesLeft - 1)
            return false
        }
        progress[lesson: lesson.id].predictions[step.key] = false
        save()
        say(
            "✗ Not quite: you said \(PredictionJudge.normalized(answer)). \(difference.explanation) Here is what it printed:",
            .colored(.yellow, bold: true))
        return true
    }

    /// The step's explanation of the prediction, after its output is shown.
    mutating func explainPrediction() {
        let explanation = renderer.answerBlocks(of: step).filter {
            if case .code(let code) = $0 { code.role != .output } else { true }
        }
        for block in explanation { write(renderer.render(block, indent: "")) }
    }

    // MARK: check and solution

    mutating func check() {
        guard let exercise = step.exercise, exercise.checks != nil else {
            say("There is no exercise to check on this step.")
            return
        }
        guard let copy = editable else { return }
        emit(.checkExercise(exercise, copy: copy))
    }

    mutating func checked(_ verdict: ExerciseVerdict) {
        switch verdict {
        case .notRun(let reason):
            say("Could not run the checks: \(reason)", .colored(.red))
            return
        case .compileFailed(let diagnostics):
            write(presenter.diagnostics(diagnostics, title: "your code does not compile yet"))
            explain(diagnostics)
            // Not a try: the checks never ran, so it does not count toward the solution.
            say("Fix the code so it compiles (`edit`), then `check` again; this did not count as a try.", .dim)
            return
        case .checked(let report):
            write(StyledText(lines: [presenter.heading("checks")]))
            for result in report.results {
                let mark = result.passed ? Span("  ✓ ", .colored(.green, bold: true)) : Span("  ✗ ", .colored(.red, bold: true))
                var line = [mark, Span(result.name)]
                if let detail = result.failureDetail { line.append(Span(": " + detail, .colored(.red))) }
                write(StyledText(lines: [line]))
            }
            if let crash = report.crash { say("  " + crash.text, .colored(.red)) }
            if report.results.isEmpty, !report.termination.isSuccess {
                say("  the program ended before any check ran (\(report.termination.summary))", .colored(.red))
            }
            let printed = report.printed
            if !printed.isEmpty {
                write(StyledText(lines: [presenter.heading("your code printed")]))
                write(presenter.lines(printed, stamped: false))
            }
        }
        if verdict.isSolved {
            progress[lesson: lesson.id].solvedExercises.insert(step.key)
            if stepIndex == lesson.steps.count - 1 { progress[lesson: lesson.id].isCompleted = true }
            save()
            say("✓ All checks pass. Exercise solved!", .colored(.green, bold: true))
            return
        }
        progress[lesson: lesson.id].failedChecks[step.key, default: 0] += 1
        save()
        let failures = failedCheckCount
        if failures >= 3, step.exercise?.solution != nil {
            say("That is \(failures) tries. `solution` shows a reference solution whenever you want it; `hint` gives a nudge.", .dim)
        } else {
            say("Not yet. `edit` to change your code, `hint` for a nudge, then `check` again.", .dim)
        }
    }

    mutating func solution() {
        guard let exercise = step.exercise, let solution = exercise.solution else {
            say("There is no exercise with a solution on this step.")
            return
        }
        let failures = failedCheckCount
        guard failures >= 3 || isExerciseSolved else {
            say(
                "The solution opens after three `check` attempts (\(failures) so far)\(step.hints.isEmpty ? "" : "; `hint` gives a nudge meanwhile")."
            )
            return
        }
        write(renderer.render(solution, indent: ""))
    }

    // MARK: edit and reset

    /// The block `edit`/`reset` work on: the exercise starter, else the first runnable snippet.
    var editable: LearnerCopy? { editable(at: stepIndex) }

    /// The editable block of the step at `index`, as the learner's copy names it.
    func editable(at index: Int) -> LearnerCopy? {
        let candidate = lesson.steps[index]
        if let exercise = candidate.exercise {
            return LearnerCopy(lesson: lesson, stepIndex: index, block: exercise.starter, name: "exercise")
        }
        if let snippet = candidate.snippets.first {
            return LearnerCopy(lesson: lesson, stepIndex: index, block: snippet.block, name: "1")
        }
        return nil
    }

    mutating func edit() {
        guard let copy = editable else {
            say("There is no snippet to edit on this step.")
            return
        }
        emit(.edit(copy))
    }

    mutating func edited(_ outcome: EditOutcome) {
        let isExercise = editable?.name == "exercise"
        switch outcome {
        case .cannotWrite(let path, let reason):
            say("Cannot write your copy at \(path): \(reason)", .colored(.red))
            return
        case .editYourself(let path):
            say("Your copy is \(path). Edit it with any editor, then `\(isExercise ? "check" : "run")`.")
            return
        case .editorFailed(let editor, let reason, let path):
            say("Could not start the editor '\(editor)': \(reason). Set $EDITOR, or edit \(path) yourself.", .colored(.red))
            return
        case .edited(_, let status):
            if status != 0 { say("The editor exited with status \(status).", .colored(.yellow)) }
        }
        if isExercise {
            say("Saved your copy. Type `check` to run the checks.", .dim)
        } else {
            say("Running your edited version (`reset` brings back the lesson's).", .dim)
            run(index: 1)
        }
    }

    mutating func reset() {
        guard let copy = editable else {
            say("There is no snippet on this step.")
            return
        }
        emit(.reset(copy))
    }
}

/// A prediction answered wrong once: the run it was judged against, kept so the second try is
/// judged against the same output without running again or showing it.
struct PredictionRetry {
    var job: RunJob
    var report: RunReport
    var triesLeft: Int
}
