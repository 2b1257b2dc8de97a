import Foundation

/// Every lesson of a folder, in order, plus the problems found while loading them.
package struct LessonCatalog: Sendable {
    package var folder: String
    package var lessons: [Lesson]
    package var diagnostics: [Diagnostic]

    package init(folder: String, lessons: [Lesson], diagnostics: [Diagnostic]) {
        self.folder = folder
        self.lessons = lessons
        self.diagnostics = diagnostics
    }

    /// Lesson files are `*.md` whose names start with a digit; README.md and AUTHORING.md are not lessons.
    package static func isLessonFile(_ name: String) -> Bool {
        name.hasSuffix(".md") && (name.first?.isNumber ?? false)
    }

    /// Loads a folder. A broken lesson is reported and skipped; it never stops the others.
    package static func load(folder: String, fileSystem: FileManager = .default) -> LessonCatalog {
        let names: [String]
        do {
            names = try fileSystem.contentsOfDirectory(atPath: folder).filter(isLessonFile).sorted()
        } catch {
            return LessonCatalog(
                folder: folder, lessons: [],
                diagnostics: [
                    .error(at: SourceLocation(file: displayPath(folder), line: 1), unreadableFolderMessage(folder, fileSystem: fileSystem))
                ])
        }
        return load(files: names.map { (folder as NSString).appendingPathComponent($0) }, folder: folder)
    }

    /// Loads the given files (as `stepwise check a.md b.md` does).
    package static func load(files: [String], folder: String) -> LessonCatalog {
        var diagnostics: [Diagnostic] = []
        var lessons: [Lesson] = []
        for path in files {
            if let lesson = LessonFileLoader.lesson(atPath: path, file: displayPath(path), diagnostics: &diagnostics) {
                lessons.append(lesson)
            }
        }
        var seen: [String: Lesson] = [:]
        lessons = lessons.sorted { ($0.order, $0.file) < ($1.order, $1.file) }.filter { lesson in
            if let first = seen[lesson.id] {
                diagnostics.append(
                    .error(
                        at: SourceLocation(file: lesson.file, line: lesson.idLine),
                        "duplicate lesson id \(Diagnostic.quoted(lesson.id)) (also used by \(first.file)); this lesson is skipped",
                        notes: ["\(SourceLocation(file: first.file, line: first.idLine)): the lesson that keeps this id"]
                    ))
                return false
            }
            seen[lesson.id] = lesson
            return true
        }
        return LessonCatalog(folder: folder, lessons: lessons, diagnostics: diagnostics)
    }

    /// Says which of the usual reasons stops a folder from being listed.
    static func unreadableFolderMessage(_ folder: String, fileSystem: FileManager) -> String {
        var isDirectory: ObjCBool = false
        guard fileSystem.fileExists(atPath: folder, isDirectory: &isDirectory) else {
            return "cannot read the lessons folder: there is no such folder"
        }
        guard isDirectory.boolValue else { return "cannot read the lessons folder: this is a file, not a folder" }
        return "cannot read the lessons folder: permission denied"
    }

    /// Paths relative to the working directory read best in diagnostics (`Lessons/03-foo.md:17`).
    static func displayPath(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let absolute = path.hasPrefix("/") ? path : cwd + path
        let standard = (absolute as NSString).standardizingPath
        return standard.hasPrefix(cwd) ? String(standard.dropFirst(cwd.count)) : standard
    }

    /// Finds a lesson by id, by its number in the list (1-based), or by a unique id prefix.
    package func lesson(matching query: String) -> Lesson? {
        if let lesson = lessons.first(where: { $0.id == query }) { return lesson }
        if let number = Int(query), number >= 1, number <= lessons.count { return lessons[number - 1] }
        let prefixed = lessons.filter { $0.id.hasPrefix(query.lowercased()) }
        return prefixed.count == 1 ? prefixed[0] : nil
    }

    /// The position of the lesson `lesson(matching:)` finds.
    package func index(matching query: String) -> Int? {
        lesson(matching: query).flatMap { index(of: $0.id) }
    }

    package func index(of id: String) -> Int? {
        lessons.firstIndex { $0.id == id }
    }
}
