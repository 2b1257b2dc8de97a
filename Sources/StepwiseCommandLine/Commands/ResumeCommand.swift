import ArgumentParser
import StepwiseCore

struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume")

    @OptionGroup var options: CommonOptions

    func run() async throws {}
}
