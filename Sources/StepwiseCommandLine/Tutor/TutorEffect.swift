import StepwiseCore
import StepwiseTerminal

/// What ``TutorState`` asks the world to do. The loop (``TutorLoop``) performs each one in
/// order; those that run code report back with a ``TutorEvent``.
enum TutorEffect: Sendable {
    /// Text for the learner, already laid out at the window's width.
    case show(StyledText)
    /// A projector shows one step at a time (`present` without a full-screen terminal).
    case clearScreen
    case run(RunJob)
    case startStepping(Snippet, copy: LearnerCopy)
    case callNext
    case stopStepping
    case checkExercise(Exercise, copy: LearnerCopy)
    case compare(Snippet, copy: LearnerCopy, python: CodeBlock)
    /// `compare` on a step whose Python is a program of its own, with no Swift to set beside it.
    case runPython(CodeBlock)
    /// A prompt entry, with the snippet whose declarations are in scope.
    case evaluate(String, context: LearnerCopy?)
    /// Ends the step's live program, its background tasks with it; the next entry starts a
    /// fresh one with the step's snippet. `restart` asks to hear how it went; leaving the step
    /// ends it quietly.
    case endProgram(announce: Bool)
    case edit(LearnerCopy)
    case reset(LearnerCopy)
    case save(LearnerProgress)
    /// Compile what the learner is about to reach, in the background.
    case prefetch([Snippet])
    case addHistory(String)
    /// Draw the prompt again (after text printed while the learner was at it).
    case redrawPrompt(String)
    case quit
}

/// A snippet to run and show, and why.
struct RunJob: Sendable {
    enum Purpose: Sendable, Equatable {
        case show
        /// Judge the learner's prediction against what it prints.
        case judge(answer: String)
    }

    var snippet: Snippet
    var copy: LearnerCopy
    var purpose: Purpose
}

/// A snippet as the learner may have edited it: the lesson's block, and where their copy is.
struct LearnerCopy: Sendable {
    var lesson: Lesson
    var stepIndex: Int
    var block: CodeBlock
    /// `1` for a step's first snippet, `exercise` for an exercise starter.
    var name: String
}
