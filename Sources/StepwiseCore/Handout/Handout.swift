/// A lesson as a printable handout: its text and code, with what every snippet really
/// printed when the handout was made. Renderers turn it into Markdown or HTML.
public struct Handout: Sendable {
    public var lessonID: String
    public var title: String
    public var summary: String?
    /// The lesson file, as the catalog names it.
    public var sourceFile: String
    public var sections: [HandoutSection]
    /// Prediction answers and exercise solutions, printed after the lesson so a reader can
    /// try first; items refer to them by ``HandoutAnswer/number``.
    public var answers: [HandoutAnswer]
    /// The most `next()` calls a stepping trace makes before it stops (an iterator may never end).
    public var stepCallCap: Int
    /// Which Swift (and Python, or why not) produced the outputs.
    public var producedWith: [String]

    public init(
        lessonID: String, title: String, summary: String?, sourceFile: String, sections: [HandoutSection],
        answers: [HandoutAnswer], stepCallCap: Int, producedWith: [String]
    ) {
        self.lessonID = lessonID
        self.title = title
        self.summary = summary
        self.sourceFile = sourceFile
        self.sections = sections
        self.answers = answers
        self.stepCallCap = stepCallCap
        self.producedWith = producedWith
    }
}

/// One step of the lesson.
public struct HandoutSection: Sendable {
    /// Nil for the lesson's opening text.
    public var title: String?
    public var items: [HandoutItem]

    public init(title: String?, items: [HandoutItem]) {
        self.title = title
        self.items = items
    }
}

/// A prediction's answer or an exercise's solution, kept for the end of the handout.
public struct HandoutAnswer: Sendable {
    /// 1-based, in the order the questions appear.
    public var number: Int
    /// The step the question is in.
    public var stepTitle: String?
    public var items: [HandoutItem]

    public init(number: Int, stepTitle: String?, items: [HandoutItem]) {
        self.number = number
        self.stepTitle = stepTitle
        self.items = items
    }
}
