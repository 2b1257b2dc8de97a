import Foundation

/// The learner's edited copies of snippets: kept beside the progress, never in lesson files.
package struct LearnerCopies: Sendable {
    /// `<state>/edits` for the built-in lessons, a folder per author folder otherwise.
    package let folder: String

    package init(folder: String) {
        self.folder = folder
    }

    /// One file per snippet, named by the step's key so it follows the step when steps are
    /// inserted or moved: `<lesson id>/yield-once-1.swift`, `<lesson id>/counter-exercise.swift`.
    package func path(lesson: Lesson, key: StepKey, name: String) -> String {
        "\(folder)/\(Self.component(lesson.id))/\(key.rawValue)-\(Self.component(name)).swift"
    }

    /// `text` when it is a safe file name (`a-z`, `0-9`, `-`), else a digest of it. The parser
    /// refuses such lesson ids and step keys are checked when made, so this only guards a
    /// `Lesson` built some other way: no text from a lesson file ever becomes a path as it is.
    static func component(_ text: String) -> String {
        LessonID.isValid(text) ? text : "unsafe-" + SHA256.hex(text).prefix(16)
    }

    /// The copy of the step at `step` (0-based). Looking it up renames a copy saved under the
    /// old position name, `step-<N>-<name>.swift` with N the step's 1-based position, to its
    /// key name, unless a copy by key already exists.
    package func path(lesson: Lesson, step: Int, name: String) -> String {
        let key = lesson.steps[step].key
        let path = path(lesson: lesson, key: key, name: name)
        let old = "\(folder)/\(Self.component(lesson.id))/step-\(step + 1)-\(Self.component(name)).swift"
        // A step keyed `step-<N>` names its own copy `step-<N>-<name>.swift`, like the old name
        // of the copy at position N: that file is such a step's, never an old copy to move.
        let isSomeStepsCopy = lesson.steps.contains { $0.key.rawValue == "step-\(step + 1)" }
        if old != path, !isSomeStepsCopy, !FileManager.default.fileExists(atPath: path), FileManager.default.fileExists(atPath: old) {
            // A failed rename leaves the old copy in place; the lesson's version is used meanwhile.
            _ = rename(old, path)
        }
        return path
    }

    package func edited(at path: String) -> String? {
        try? String(contentsOfFile: path, encoding: .utf8)
    }

    /// Writes the visible code for the learner to edit, unless a copy already exists.
    package func prepare(_ block: CodeBlock, at path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try (block.visibleCode + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    package func remove(at path: String) -> Bool {
        (try? FileManager.default.removeItem(atPath: path)) != nil
    }

    /// The program to run: the learner's copy (if any) with the lesson's hidden setup kept around it.
    /// Hidden lines before the first visible line stay in front; the others go after the copy.
    package static func source(for block: CodeBlock, edited: String?) -> SnippetSource {
        guard let edited else { return SnippetSource(block.code) }
        let lines = block.code.split(separator: "\n", omittingEmptySubsequences: false)
        let leading = lines.prefix { CodeBlock.isHiddenLine($0) }
        let trailing = lines.dropFirst(leading.count).filter { CodeBlock.isHiddenLine($0) }
        var text = edited
        if text.hasSuffix("\n") { text.removeLast() }
        let parts = leading.map(String.init) + [text] + trailing.map(String.init)
        return SnippetSource(parts.joined(separator: "\n"))
    }
}
