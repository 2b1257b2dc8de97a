import Foundation
import StepwiseCore
import StepwiseTerminal

/// Swift typed at the prompt.
extension Workbench {
    func needsContinuation(_ text: String) -> Bool {
        PromptSession.needsContinuation(text)
    }

    /// The snippet whose declarations are in scope: this step's first one, else the nearest before
    /// it; the learner's edited copy when there is one (an exercise they are working on included).
    func contextSnippet(_ session: TutorSession) -> SnippetSource? {
        for index in stride(from: session.stepIndex, through: 0, by: -1) {
            guard let (block, name) = Self.editable(in: session.lesson.steps[index]) else { continue }
            let path = copies.path(lesson: session.lesson, step: index, name: name)
            return LearnerCopies.source(for: block, edited: copies.edited(at: path))
        }
        return nil
    }

    func evaluate(_ code: String, session: TutorSession) async {
        guard let runner = await runner(session) else { return }
        let context = contextSnippet(session)
        if prompt == nil || prompt?.context != context?.compiledText {
            if let previous = prompt, !(await previous.session.keptEntries.isEmpty) {
                session.say("(A different snippet is in scope now, so earlier entries were forgotten.)", .dim)
            }
            prompt = (PromptSession(snippet: context, runner: runner, limits: limits), context?.compiledText)
        }
        guard let promptSession = prompt?.session else { return }
        let outcome: PromptSession.Outcome
        do {
            outcome = try await cancellable { try await promptSession.evaluate(code) }
        } catch {
            session.say("Could not run that: \(error)", .colored(.red))
            return
        }
        let presenter = presenter(session)
        switch outcome {
        case .ran(let output, let termination, let crash):
            if !output.isEmpty { session.write(presenter.lines(output, stamped: false)) }
            if !termination.isSuccess {
                session.write(StyledText(lines: [presenter.ending(termination, wallTime: nil, outOfMemory: crash?.isOutOfMemory == true)]))
            }
        case .compileFailed(let diagnostics):
            session.write(presenter.diagnostics(diagnostics))
            let step = session.step
            if step.snippets.contains(where: \.options.isPrediction),
                session.progress[lesson: session.lesson.id].predictions[session.step.key] == nil
            {
                session.say("Answering the prediction? Type `predict` first; anything else at this prompt is Swift.", .dim)
            }
        case .earlierCodeFailed(let result):
            session.say("The snippet or an earlier entry failed when replayed (\(result.termination.summary)); entries were kept.", .colored(.yellow))
        }
    }
}
