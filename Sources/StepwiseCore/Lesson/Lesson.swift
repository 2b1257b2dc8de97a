/// One lesson: a Markdown file split into steps.
package struct Lesson: Sendable, Identifiable {
    /// Stable identity used for progress, from the front matter.
    package var id: String
    package var title: String
    package var summary: String?
    package var order: Int
    /// Path of the Markdown file, as given to the loader.
    package var file: String
    package var steps: [Step]
    /// The front matter line that sets `id`, where a clash with another lesson is reported.
    package var idLine: Int

    package init(id: String, title: String, summary: String?, order: Int, file: String, steps: [Step], idLine: Int = 1) {
        self.id = id
        self.title = title
        self.summary = summary
        self.order = order
        self.file = file
        self.steps = steps
        self.idLine = idLine
    }

    /// Where the step with this key is now, or nil when the lesson no longer has it.
    package func stepIndex(of key: StepKey) -> Int? {
        steps.firstIndex { $0.key == key }
    }
}
