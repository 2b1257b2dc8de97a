/// One piece of a handout section, in lesson order.
package indirect enum HandoutItem: Sendable {
    /// Lesson text: a paragraph, list, quote, heading or rule.
    case text(MarkdownBlock)
    /// A block shown as written and never run (`swift show`, `text`, `sh`, a stated `output`).
    case code(language: String, code: String)
    /// A runnable snippet and what running it produced.
    case run(SnippetRun)
    /// Output without its code: a prediction's answer, printed apart from the question.
    case output(RunReport, showsTimings: Bool)
    /// A steppable snippet and the trace of its `next()` calls.
    case stepping(SteppingTrace)
    /// A Python original, and its output when python3 could run it.
    case python(PythonOriginal)
    /// An exercise's starter code and hints; the solution is answer `solutionAnswer`.
    case exercise(ExerciseSheet)
    /// Whether the reference solution passes the exercise's hidden checks.
    case solutionCheck(SolutionCheck)
    /// A `<details>` block: its summary as a label, then its content (a handout shows everything).
    case aside(summary: String, items: [HandoutItem])
    /// A prediction's code; its real output is answer `answer`, at the end.
    case prediction(code: String, answer: Int)
}

/// A runnable snippet with its real output.
package struct SnippetRun: Sendable {
    /// The code as the learner sees it (hidden lines left out).
    package var code: String
    package var isPrediction: Bool
    /// Whether output lines carry their arrival times: the lesson is about timing here.
    package var showsTimings: Bool
    package var drawsTimeline: Bool
    package var report: RunReport

    package init(code: String, isPrediction: Bool, showsTimings: Bool, drawsTimeline: Bool, report: RunReport) {
        self.code = code
        self.isPrediction = isPrediction
        self.showsTimings = showsTimings
        self.drawsTimeline = drawsTimeline
        self.report = report
    }
}

/// A Python original as the lesson shows it, run when python3 3.11+ is available.
package struct PythonOriginal: Sendable {
    package var code: String
    /// `python compare`: the step's first Swift snippet is its equivalent.
    package var isComparedWithSwift: Bool
    package var showsTimings: Bool
    package var report: RunReport
    /// How the Python output relates to the Swift snippet's, after the declared differences.
    package var comparison: OutputComparison?

    package init(code: String, isComparedWithSwift: Bool, showsTimings: Bool, report: RunReport, comparison: OutputComparison?) {
        self.code = code
        self.isComparedWithSwift = isComparedWithSwift
        self.showsTimings = showsTimings
        self.report = report
        self.comparison = comparison
    }
}

/// What a handout shows of an exercise: the task, never the hidden checks.
package struct ExerciseSheet: Sendable {
    package var starter: String
    /// Each hint as Markdown blocks, in the order the tutor reveals them.
    package var hints: [[MarkdownBlock]]
    /// How many `check(...)` calls the tutor runs against the learner's code.
    package var checkCount: Int
    /// The answer holding the reference solution, when the lesson has one.
    package var solutionAnswer: Int?

    package init(starter: String, hints: [[MarkdownBlock]], checkCount: Int, solutionAnswer: Int?) {
        self.starter = starter
        self.hints = hints
        self.checkCount = checkCount
        self.solutionAnswer = solutionAnswer
    }
}
