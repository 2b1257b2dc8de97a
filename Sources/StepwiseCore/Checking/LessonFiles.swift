import Foundation

/// Turns the paths given to `stepwise check` into the lesson files to check.
///
/// A folder contributes its lesson files (names starting with a digit and ending in `.md`,
/// the loader's rule), so `AUTHORING.md` and `README.md` beside the lessons are never checked.
/// A file named explicitly is always checked, whatever its name: the author asked for it.
package enum LessonFiles {
    package static func resolve(_ paths: [String], fileSystem: FileManager = .default) throws(CheckError) -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fileSystem.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .noSuchPath(path)
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let names: [String]
            do {
                names = try fileSystem.contentsOfDirectory(atPath: path)
            } catch {
                throw .unreadableFolder(path, reason: error.localizedDescription)
            }
            files += names.filter(LessonCatalog.isLessonFile).sorted().map { (path as NSString).appendingPathComponent($0) }
        }
        // The same file named twice (`check Lessons Lessons/01-a.md`) is checked once, or its
        // id would be reported as a duplicate of itself.
        var seen: Set<String> = []
        return files.filter { seen.insert((($0 as NSString).standardizingPath)).inserted }
    }
}
