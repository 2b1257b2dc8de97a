/// Why `stepwise check` could not check at all (as opposed to problems found in lessons,
/// which are `Diagnostic`s in the report).
package enum CheckError: Error, Equatable, CustomStringConvertible {
    case noSuchPath(String)
    case unreadableFolder(String, reason: String)
    case noLessonFiles([String])

    package var description: String {
        switch self {
        case .noSuchPath(let path):
            "\(path): no such file or folder"
        case .unreadableFolder(let path, let reason):
            "\(path): cannot read this folder: \(reason)"
        case .noLessonFiles(let paths):
            "no lesson files in \(paths.joined(separator: ", ")) (lesson files are named like 01-topic.md)"
        }
    }
}
