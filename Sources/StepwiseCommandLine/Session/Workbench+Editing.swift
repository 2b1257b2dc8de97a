import Foundation
import StepwiseCore
import StepwiseTerminal

/// The learner's own copies: edit and reset.
extension Workbench {
    /// The block `edit`/`reset` work on: the exercise starter, else the first runnable snippet.
    func editable(_ session: TutorSession) -> (block: CodeBlock, name: String)? {
        Self.editable(in: session.step)
    }

    /// The block a step's learner copy is made from, and the copy's name.
    static func editable(in step: Step) -> (block: CodeBlock, name: String)? {
        if let exercise = step.exercise { return (exercise.starter, "exercise") }
        if let snippet = step.snippets.first { return (snippet.block, "1") }
        return nil
    }

    func edit(session: TutorSession) async {
        guard let (block, name) = editable(session) else {
            session.say("There is no snippet to edit on this step.")
            return
        }
        let path = copies.path(lesson: session.lesson, step: session.stepIndex, name: name)
        do {
            try copies.prepare(block, at: path)
        } catch {
            session.say("Cannot write your copy at \(path): \(error.localizedDescription)", .colored(.red))
            return
        }
        guard session.capabilities.isInteractive, let editor = EditorLauncher.editorCommand(environment: environment) else {
            session.say("Your copy is \(path). Edit it with any editor, then `\(name == "exercise" ? "check" : "run")`.")
            return
        }
        do {
            let status = try EditorLauncher.edit(path, command: editor, environment: environment)
            if status != 0 { session.say("The editor exited with status \(status).", .colored(.yellow)) }
        } catch {
            session.say("Could not start the editor '\(editor)': \(error). Set $EDITOR, or edit \(path) yourself.", .colored(.red))
            return
        }
        if name == "exercise" {
            session.say("Saved your copy. Type `check` to run the checks.", .dim)
        } else {
            session.say("Running your edited version (`reset` brings back the lesson's).", .dim)
            await run(index: 1, session: session)
        }
    }

    func reset(session: TutorSession) {
        guard let (_, name) = editable(session) else {
            session.say("There is no snippet on this step.")
            return
        }
        let path = copies.path(lesson: session.lesson, step: session.stepIndex, name: name)
        session.say(copies.remove(at: path) ? "Your edits are gone; the lesson's version is back." : "You have not edited this snippet.")
    }
}
