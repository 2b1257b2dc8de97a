import ArgumentParser
import StepwiseCore
import StepwiseTerminal

/// `stepwise learn <number|id>`: open one lesson.
struct LearnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Open a lesson by number or id (continuing at your last step in it)."
    )

    @OptionGroup var options: CommonOptions

    @Argument(help: "Lesson number (as in `stepwise list`) or id.")
    var lesson: String

    @Option(name: .long, help: "Start at this step (1-based).")
    var step: Int?

    @Flag(name: .long, help: "Reload the lesson whenever its file changes (for authors).")
    var watch = false

    func run() async throws {
        let launcher = SessionLauncher(options: options)
        let context = try launcher.prepare()
        let place = try launcher.locate(lesson, step: step, in: context)
        let session = launcher.session(context)
        await session.open(lesson: place.lesson, step: place.step)
        await session.run(watching: watch)
    }
}
