import Foundation
import StepwiseCore

/// The learner's edited copies of snippets: kept beside the progress, never in lesson files.
struct LearnerCopies {
    /// `<state>/edits` for the built-in lessons, a folder per author folder otherwise.
    let folder: String

    /// One file per snippet: `<lesson id>/step-3-1.swift`, `<lesson id>/step-7-exercise.swift`.
    func path(lesson: Lesson, step: Int, name: String) -> String {
        "\(folder)/\(lesson.id)/step-\(step + 1)-\(name).swift"
    }

    func edited(at path: String) -> String? {
        try? String(contentsOfFile: path, encoding: .utf8)
    }

    /// Writes the visible code for the learner to edit, unless a copy already exists.
    func prepare(_ block: CodeBlock, at path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try (block.visibleCode + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    func remove(at path: String) -> Bool {
        (try? FileManager.default.removeItem(atPath: path)) != nil
    }

    /// The program to run: the learner's copy (if any) with the lesson's hidden setup kept around it.
    /// Hidden lines before the first visible line stay in front; the others go after the copy.
    static func source(for block: CodeBlock, edited: String?) -> SnippetSource {
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
