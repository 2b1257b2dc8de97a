import ArgumentParser
import Foundation
import StepwiseCore

/// Options every subcommand understands.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Use the lessons in this folder instead of the built-in ones.", valueName: "dir"))
    var lessons: String?

    @Option(name: .long, help: ArgumentHelp("The swiftc to compile snippets with (default: $SWIFT_EXEC, then PATH).", valueName: "path"))
    var swift: String?

    @Flag(name: .long, help: "Never print colours or cursor codes.")
    var noColor = false

    /// The lessons folder in use, and whether it is the built-in one (progress is kept apart).
    func lessonsFolder() throws -> (path: String, isBuiltIn: Bool) {
        if let lessons {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: lessons, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CommandFailure("--lessons \(lessons): no such folder")
            }
            return (lessons, false)
        }
        guard let folder = LessonLocator.builtInFolder() else {
            throw CommandFailure("cannot find the built-in lessons; set STEPWISE_LESSONS or pass --lessons DIR")
        }
        return (folder, true)
    }
}
