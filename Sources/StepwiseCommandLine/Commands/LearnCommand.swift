import ArgumentParser
import StepwiseCore

struct LearnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "learn")

    @OptionGroup var options: CommonOptions

    func run() async throws {}
}
