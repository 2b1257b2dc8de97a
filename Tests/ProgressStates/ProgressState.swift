import StepwiseCore

/// What the `ProgressWriter` test executable saves as state `n`, and what the tests that kill
/// it mid-save compare the file with: one definition for both sides.
///
/// About 40 KB of JSON in which every value depends on `n`, so a file that mixes two states,
/// or is cut short, can never pass for one.
package func progressState(_ n: Int) -> LearnerProgress {
    var progress = LearnerProgress()
    progress.currentLesson = "state-\(n)"
    for index in 0..<200 {
        var lesson = LearnerProgress.LessonProgress()
        lesson.step = n + index
        lesson.isCompleted = (n + index) % 2 == 0
        lesson.currentStep = StepKey(rawValue: "step-\(n % 11)")
        lesson.predictions = [StepKey(rawValue: "step-\(index)")!: n % 3 == 0]
        lesson.failedChecks = [StepKey(rawValue: "step-\(n % 7)")!: n]
        progress[lesson: "lesson-\(index)"] = lesson
    }
    return progress
}
