import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseSyntax
import StepwiseTerminal

/// The lesson and step a one-shot command (`run`, `step`) works on, and the executor it runs
/// them with: what the two commands share, so they find lessons and steps alike.
struct StepTarget: ParsableArguments {
    @OptionGroup var options: CommonOptions

    @Argument(help: "Lesson number, id, or a lesson file (.md).")
    var lesson: String

    @Option(name: .long, help: "The step (1-based); default: the first step the command can use.")
    var step: Int?

    /// The step `--step` names, else the first that `usable` accepts.
    /// - Throws: a `ValidationError` naming the lesson when there is no such step.
    func chosenStep(in target: Lesson, firstWhere usable: (Step) -> Bool, noneMessage: String) throws -> Step {
        if let step {
            guard step >= 1, step <= target.steps.count else {
                throw CommandFailure("\(target.id) has \(target.steps.count) steps")
            }
            return target.steps[step - 1]
        }
        guard let first = target.steps.first(where: usable) else { throw CommandFailure("\(target.id) \(noneMessage)") }
        return first
    }

    /// The lesson the argument names: a file, or a number or id in the lessons folder.
    func loadLesson() throws -> Lesson {
        if lesson.hasSuffix(".md") {
            let catalog = LessonCatalog.load(files: [lesson], folder: (lesson as NSString).deletingLastPathComponent)
            for diagnostic in catalog.diagnostics { StandardConsole().error(DiagnosticPrinter(usesColor: false).format(diagnostic)) }
            guard let only = catalog.lessons.first else { throw ExitCode(1) }
            return only
        }
        let (folder, _) = try options.lessonsFolder()
        let catalog = LessonCatalog.load(folder: folder)
        guard let found = catalog.lesson(matching: lesson) else {
            throw CommandFailure("no lesson '\(lesson)'; `stepwise list` shows them")
        }
        return found
    }

    /// A one-shot command must not wait for the cache: the compile goes on after it exits.
    /// Says once whether runs are contained.
    func executor() -> LiveLessonExecutor {
        let executor = LiveLessonExecutor.standard(
            swiftOverride: options.swift, policy: .oneShot, environment: ProcessInfo.processInfo.environment,
            instrumenter: Instrumenter())
        SandboxNotice.sayOnce()
        return executor
    }
}
