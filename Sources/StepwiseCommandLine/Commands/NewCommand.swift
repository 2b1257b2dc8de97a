import ArgumentParser
import StepwiseCore

/// `stepwise new "Title"`: starts a lesson file from a template.
struct NewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a new lesson file from a template that shows every code-block role."
    )

    @OptionGroup var options: CommonOptions

    @Argument(help: "The new lesson's title.")
    var title: String

    func run() async throws {
        throw ValidationError("new is not implemented yet")
    }
}
