import ArgumentParser
import StepwiseCore

/// `stepwise new "Title"`: starts a lesson file from a template.
struct NewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a new lesson file from a template that shows every code-block role.",
        discussion: """
            The file is NN-slug.md, numbered after the last lesson of the folder in use
            (--lessons DIR, else the built-in lessons). An existing file is never overwritten.
            """
    )

    @OptionGroup var options: CommonOptions

    @Argument(help: "The new lesson's title.")
    var title: String

    func run() async throws {
        let folder = try options.lessonsFolder().path
        let lesson = try NewLesson(title: title, folder: folder)
        print(try lesson.write(into: folder))
    }
}
