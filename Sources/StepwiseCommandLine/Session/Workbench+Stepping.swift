import Foundation
import StepwiseCore
import StepwiseTerminal

/// Stepping a snippet's iterator, one live next() call at a time.
extension Workbench {
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
            session.write(presenter.output(result.lines, termination: result.termination, wallTime: result.wallTime))
            session.say("The program ended before the first next() call.")
        case .notSteppable(let message, _):
            session.say(message, .colored(.red))
        case .started(let stepper, let ready):
            self.stepper = (stepper, target, ready.kind.hasPrefix("Async"))
            if !ready.topLevelOutput.isEmpty {
                session.write(StyledText(lines: [presenter.heading("top-level code printed")]))
                for line in ready.topLevelOutput { session.sayVerbatim("  │ " + line.text) }
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
}
