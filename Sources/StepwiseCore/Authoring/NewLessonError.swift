/// Why `stepwise new` wrote nothing.
package enum NewLessonError: Error, Equatable, CustomStringConvertible {
    /// The title has no letter or digit to make a file name and an id from.
    case titleHasNoWords(String)
    case idInUse(String, file: String)
    case fileExists(String)
    case unreadableFolder(String, reason: String)
    case cannotWrite(String, reason: String)

    package var description: String {
        switch self {
        case .titleHasNoWords(let title):
            "the title '\(title)' has no letters or digits to name the lesson by"
        case .idInUse(let id, let file):
            "\(file): already uses the id '\(id)'; choose another title"
        case .fileExists(let path):
            "\(path): already exists; not overwriting it"
        case .unreadableFolder(let path, let reason):
            "\(path): cannot read this folder: \(reason)"
        case .cannotWrite(let path, let reason):
            "\(path): cannot write: \(reason)"
        }
    }
}
