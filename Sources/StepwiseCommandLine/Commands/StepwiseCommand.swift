import ArgumentParser
import StepwiseCore

/// The `stepwise` root command; with no subcommand it resumes where the learner left off.
public struct StepwiseCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "stepwise",
        abstract: "A terminal tutor for Swift generators, iterators and async code.",
        discussion: """
            Run with no arguments to pick up where you left off (or start lesson 1).
            Lessons are Markdown files; --lessons DIR uses an author's folder instead of the built-in ones.
            """,
        version: StepwiseVersion.current,
        subcommands: [ResumeCommand.self, LearnCommand.self, ListCommand.self, RunCommand.self, CheckCommand.self, NewCommand.self],
        defaultSubcommand: ResumeCommand.self
    )

    public init() {}
}
