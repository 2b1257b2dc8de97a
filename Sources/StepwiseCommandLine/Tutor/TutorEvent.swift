import StepwiseCore
import StepwiseTerminal

/// Everything the tutor reacts to: what the learner typed, what the executor reported, a lesson
/// file that changed, a resized window. ``TutorState/handle(_:)`` is the only consumer.
enum TutorEvent: Sendable {
    /// The session begins at a lesson and step (clamped to what exists).
    case opened(lesson: Int, step: Int)
    /// A message from the command that starts the session (a welcome), before the first step.
    case announced(String, TextStyle)
    case input(LineInput)
    /// A run asked for by ``TutorEffect/run(_:)``; `liveShown` lines of it were already printed.
    case ran(RunJob, RunReport, liveShown: Int)
    case steppingStarted(SteppingStart)
    case stepped(StepOutcome)
    case checked(ExerciseVerdict)
    /// `compare`: the Swift run, and the Python block's run with python3's version (nil when
    /// python3 is missing).
    case compared(swift: RunReport, python: CodeBlock, RunReport, pythonVersion: String?, editedSwift: Bool)
    /// ``TutorEffect/runPython(_:)``: the block's run, or why it did not happen, with python3's version.
    case ranPython(CodeBlock, RunReport, pythonVersion: String?)
    /// A prompt entry; `forgotEarlier` when a different snippet came into scope and the
    /// earlier entries were dropped.
    case evaluated(PromptOutcome, forgotEarlier: Bool)
    /// ``TutorEffect/endProgram(announce:)`` with `announce`: whether there was a program
    /// (or entries kept for one) to end.
    case programEnded(wasRunning: Bool)
    case edited(EditOutcome)
    case resetDone(removed: Bool)
    /// Ctrl-C stopped what the last effect started.
    case interrupted
    /// A save finished; `failure` says why it did not, in the learner's words.
    case saved(failure: String?)
    /// A lesson file changed on disk (`learn --watch`); nil text when it could not be read.
    case lessonFileChanged(file: String, text: String?)
    case resized(width: Int)
}

/// How `edit` went, from the loop that owns files and the editor.
enum EditOutcome: Sendable, Equatable {
    /// The copy could not be written.
    case cannotWrite(path: String, reason: String)
    /// No terminal or no editor: the learner edits the file themselves.
    case editYourself(path: String)
    /// The editor ran; a non-zero status is worth a word.
    case edited(path: String, status: Int32)
    case editorFailed(editor: String, reason: String, path: String)
}
