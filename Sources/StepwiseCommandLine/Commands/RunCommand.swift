import ArgumentParser
import StepwiseCore

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run")

    @OptionGroup var options: CommonOptions

    func run() async throws {}
}
