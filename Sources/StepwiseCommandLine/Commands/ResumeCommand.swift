import ArgumentParser
import StepwiseCore
import StepwiseTerminal

/// `stepwise` with no subcommand: greet, say where the learner left off, resume there.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Pick up where you left off (the default; a first run starts lesson 1)."
    )

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let launcher = SessionLauncher(options: options)
        let context = try launcher.prepare()
        let session = launcher.session(context)
        let catalog = context.catalog
        let progress = context.progress
        await session.say("Welcome to Stepwise: generators and async code in Swift, one next() at a time.", .bold)
        if let id = progress.currentLesson, let index = catalog.index(of: id) {
            let step = progress.stepIndex(in: catalog.lessons[index])
            await session.say("Welcome back. You were on lesson \(index + 1), \(catalog.lessons[index].title), step \(step + 1).", .dim)
            await session.say("Type `help` for commands; `lessons` lists them all.", .dim)
            await session.open(lesson: index, step: step)
        } else {
            await session.say("Press Enter to go on, `help` for commands, `quit` (or Ctrl-D) to leave; your place is saved.", .dim)
            await session.open(lesson: 0, step: 0)
        }
        await session.run()
    }
}
