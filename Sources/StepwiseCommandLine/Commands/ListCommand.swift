import ArgumentParser
import StepwiseCore

struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list")

    @OptionGroup var options: CommonOptions

    func run() async throws {}
}
