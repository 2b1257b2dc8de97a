import Foundation
import StepwiseCore
import StepwiseTerminal

/// predict, check and solution.
extension Workbench {
    func predict(session: TutorSession) async {
        guard let (number, snippet) = session.step.snippets.enumerated().first(where: { $0.element.options.isPrediction }) else {
            session.say("There is no prediction to make on this step.")
            return
        }
        session.say("What will it print? Type your answer (put several lines on one line, separated by spaces):", .bold)
        var answer = ""
        if case .line(let raw) = await session.reader.readLine(prompt: "prediction> ") {
            // Screened like any line at the prompt: the answer is quoted back to the learner.
            let typed = TypedLine(screening: raw)
            if let notice = typed.notice { session.say(notice, .dim) }
            answer = typed.usable ?? ""
        }
        guard !answer.trimmingCharacters(in: .whitespaces).isEmpty else {
            session.say("No answer; `predict` asks again.", .dim)
            return
        }
        guard let lines = await runAndShow(snippet, number: number + 1, session: session) else { return }
        let output = lines.joined(separator: "\n")
        let isRight = PredictionJudge.matches(answer: answer, output: output)
        session.progress[lesson: session.lesson.id].predictions[session.step.key] = isRight
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
        let key = session.step.key
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
            session.progress[lesson: session.lesson.id].solvedExercises.insert(session.step.key)
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
        let failures = state.failedChecks[session.step.key] ?? 0
        guard failures >= 3 || state.solvedExercises.contains(session.step.key) else {
            session.say("The solution opens after three `check` attempts (\(failures) so far)\(session.step.hints.isEmpty ? "" : "; `hint` gives a nudge meanwhile").")
            return
        }
        session.write(session.renderer.render(solution, indent: ""))
    }
}
