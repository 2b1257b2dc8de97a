import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseTerminal

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
        if let folder = options.lessons, !FileManager.default.fileExists(atPath: folder) {
            // A new course starts in a folder that does not exist yet.
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw CommandFailure("--lessons \(folder): cannot create this folder: \(error.localizedDescription)")
            }
        }
        let folder = try options.lessonsFolder().path
        let lesson = try NewLesson(title: title, folder: folder)
        let path = try lesson.write(into: folder)
        if lesson.isNumberedId {
            StandardConsole().error(
                "note: ids are made of a-z, 0-9 and '-', and the title has no letters to spell one, so the id is '\(lesson.id)'; change `id:` in the file to rename it"
            )
        }
        print(path)
    }
}
