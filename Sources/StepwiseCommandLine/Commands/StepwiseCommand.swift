import ArgumentParser
import StepwiseCore
import StepwiseTerminal

/// The `stepwise` root command; with no subcommand it resumes where the learner left off.
package struct StepwiseCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "stepwise",
        abstract: "A terminal tutor for Swift generators, iterators and async code.",
        discussion: """
            Run with no arguments to pick up where you left off (or start lesson 1).
            Lessons are Markdown files; --lessons DIR uses an author's folder instead of the built-in ones.
            """,
        version: StepwiseVersion.current,
        subcommands: [
            ResumeCommand.self, LearnCommand.self, ListCommand.self, RunCommand.self, StepCommand.self, PresentCommand.self,
            CheckCommand.self, NewCommand.self, ExportCommand.self, DoctorCommand.self,
        ],
        defaultSubcommand: ResumeCommand.self
    )

    package init() {}

    /// Parses the arguments and runs the chosen subcommand, awaiting it.
    ///
    /// `main()` resolves to the synchronous overload from a plain `main.swift`, which refuses
    /// asynchronous subcommands; this is the documented manual equivalent.
    package static func launch() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // An error can quote a lesson (its id, a title, a path): shown, never obeyed.
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            guard code != .success, !message.isEmpty else { exit(withError: error) }
            StandardConsole().error(message)
            exit(withError: code)
        }
    }
}
