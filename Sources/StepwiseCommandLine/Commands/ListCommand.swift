import ArgumentParser
import StepwiseCore
import StepwiseTerminal

/// `stepwise list`: the lessons with progress marks.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the lessons with your progress (✓ done, ▸ started)."
    )

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let launcher = SessionLauncher(options: options)
        let context = try launcher.prepare()
        let text = LessonList.render(
            catalog: context.catalog, progress: context.progress, current: context.progress.currentLesson,
            usesColor: context.capabilities.usesColor
        )
        launcher.console.line(text.rendered(color: context.capabilities.usesColor))
    }
}
