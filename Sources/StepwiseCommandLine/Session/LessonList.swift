import StepwiseCore
import StepwiseTerminal

/// The lessons with progress marks, for `stepwise list` and the `lessons` command.
enum LessonList {
    static func render(catalog: LessonCatalog, progress: LearnerProgress, current: String?, usesColor: Bool) -> StyledText {
        var text = StyledText()
        for (index, lesson) in catalog.lessons.enumerated() {
            let state = progress.lessons[lesson.id]
            let stepIndex = progress.stepIndex(in: lesson)
            let mark: Span
            if state?.isCompleted == true {
                mark = Span("✓", .colored(.green, bold: true))
            } else if state != nil, stepIndex > 0 || lesson.id == current {
                mark = Span("▸", .colored(.yellow, bold: true))
            } else {
                mark = Span("·", .dim)
            }
            let number = String(index + 1).leftPadded(to: 2)
            var line = [Span(" "), mark, Span(" \(number)  "), Span(lesson.title, lesson.id == current ? .bold : .plain)]
            if let state, !state.isCompleted, stepIndex > 0 {
                line.append(Span("  (step \(stepIndex + 1) of \(lesson.steps.count))", .dim))
            }
            text.append(line)
        }
        if catalog.lessons.isEmpty { text.append([Span("No lessons found in \(catalog.folder).")]) }
        return text
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
