import ArgumentParser
import StepwiseCore

/// `stepwise check [PATH ...]`: verifies lessons the way a compiler verifies code.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check lessons: every snippet compiles and every stated output is the real one."
    )

    @OptionGroup var options: CommonOptions

    @Argument(help: "Lesson files or folders (default: the lessons in use).")
    var paths: [String] = []

    func run() async throws {
        throw ValidationError("check is not implemented yet")
    }
}
