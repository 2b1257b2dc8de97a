import ArgumentParser
import StepwiseCore
import StepwiseTerminal

/// `stepwise present <lesson>`: a lesson on a projector. One step per screen, everything runs
/// live, and the teacher's place is remembered apart from their own learning progress.
struct PresentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "present",
        abstract: "Present a lesson to a class: one step per screen, snippets run live.",
        discussion: "Use --no-color for a projector that renders colours badly; the layout stays the same."
    )

    @OptionGroup var options: CommonOptions

    @Argument(help: "Lesson number (as in `stepwise list`) or id.")
    var lesson: String

    @Option(name: .long, help: "Start at this step (1-based); default: where the last presentation stopped.")
    var step: Int?

    func run() async throws {
        var launcher = SessionLauncher(options: options)
        launcher.isPresenting = true
        let context = try launcher.prepare()
        let place = try launcher.locate(lesson, step: step, in: context)
        let session = launcher.session(context)
        session.clearsScreenPerStep = true
        session.open(lessonAt: place.lesson, step: place.step)
        await session.workbench.prepare(session)
        await session.run()
    }
}
