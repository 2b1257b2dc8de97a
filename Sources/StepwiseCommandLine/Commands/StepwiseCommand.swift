import ArgumentParser
import StepwiseCore

/// The `stepwise` root command.
public struct StepwiseCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "stepwise",
        abstract: "A terminal tutor for Swift generators, iterators and async code.",
        version: StepwiseVersion.current
    )

    public init() {}

    public func run() async throws {}
}
