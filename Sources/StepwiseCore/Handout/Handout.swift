/// A lesson as a printable handout: its text and code, with what every snippet really
/// printed when the handout was made. Renderers turn it into Markdown or HTML.
package struct Handout: Sendable {
    package var lessonID: String
    package var title: String
    package var summary: String?
    /// The lesson file, as the catalog names it.
    package var sourceFile: String
    package var sections: [HandoutSection]
    /// Prediction answers and exercise solutions, printed after the lesson so a reader can
    /// try first; items refer to them by ``HandoutAnswer/number``.
    package var answers: [HandoutAnswer]
    /// The most `next()` calls a stepping trace makes before it stops (an iterator may never end).
    package var stepCallCap: Int
    /// Which Swift (and Python, or why not) produced the outputs.
    package var producedWith: [String]

    package init(
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
package struct HandoutSection: Sendable {
    /// Nil for the lesson's opening text.
    package var title: String?
    package var items: [HandoutItem]

    package init(title: String?, items: [HandoutItem]) {
        self.title = title
        self.items = items
    }
}

/// A prediction's answer or an exercise's solution, kept for the end of the handout.
package struct HandoutAnswer: Sendable {
    /// 1-based, in the order the questions appear.
    package var number: Int
    /// The step the question is in.
    package var stepTitle: String?
    package var items: [HandoutItem]

    package init(number: Int, stepTitle: String?, items: [HandoutItem]) {
        self.number = number
        self.stepTitle = stepTitle
        self.items = items
    }
}
