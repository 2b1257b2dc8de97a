import StepwiseCore

extension TutorState {
    /// Under compiler errors whose group the course explains: what the error means, how it is
    /// usually fixed, and the lesson that teaches it, so a data-race error is a pointer into the
    /// course rather than a dead end.
    mutating func explain(_ diagnostics: [CompilerDiagnostic]) {
        for entry in DiagnosticGroupExplanations.explanations(for: diagnostics) {
            let lesson: String
            if let index = catalog.index(of: entry.lessonID) {
                let number = index + 1
                lesson = "Lesson \(number) teaches this: type `goto \(number)` (or run `stepwise learn \(number)`)."
            } else {
                lesson = "The built-in lesson `\(entry.lessonID)` teaches this (`stepwise learn \(entry.lessonID)`)."
            }
            say("[#\(entry.group)] \(entry.explanation) \(lesson)", .colored(.cyan))
        }
    }
}
