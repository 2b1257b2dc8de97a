import Foundation
import StepwiseSyntax
import Testing

@testable import StepwiseCore

@Suite(.tags(.fast)) struct NewLessonTests {
    @Test func slugKeepsAsciiWordsJoinedByDashes() {
        #expect(NewLesson.slug(for: "Async Sequences: the basics") == "async-sequences-the-basics")
        #expect(NewLesson.slug(for: "  Générateurs & co!  ") == "generateurs-co")
        #expect(NewLesson.slug(for: "???") == "")
    }

    @Test func otherAlphabetsAreSpelledInLatinLettersButHanIsNot() {
        #expect(NewLesson.slug(for: "Генераторы") == "generatory")
        #expect(NewLesson.slug(for: "日本語") == "")
    }

    @Test func aTitleWithNothingToSpellAnIdWithGetsOneByItsNumber() throws {
        let folder = try LessonFolder()
        defer { folder.remove() }
        try folder.write("02-two.md", lesson(id: "two", "Text."))
        let new = try NewLesson(title: "日本語", folder: folder.path)
        #expect(new.id == "lesson-3")
        #expect(new.fileName == "03-lesson-3.md")
        #expect(new.isNumberedId)
        #expect(new.text.contains("title: 日本語"))
        let path = try new.write(into: folder.path)
        var diagnostics: [Diagnostic] = []
        let parsed = LessonParser(file: path).parse(try String(contentsOfFile: path, encoding: .utf8), diagnostics: &diagnostics)
        #expect(parsed?.id == "lesson-3")
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
    }

    @Test func numbersAfterTheHighestLessonAndIgnoresOtherFiles() throws {
        let folder = try LessonFolder()
        defer { folder.remove() }
        try folder.write("02-two.md", lesson(id: "two", "Text."))
        try folder.write("09-nine.md", lesson(id: "nine", "Text."))
        try folder.write("AUTHORING.md", "# Guide\n")
        let new = try NewLesson(title: "Ten", folder: folder.path)
        #expect(new.fileName == "10-ten.md")
        #expect(try NewLesson(title: "First", folder: try LessonFolder().path).fileName == "01-first.md")
    }

    @Test func refusesAnIdAlreadyInUse() throws {
        let folder = try LessonFolder()
        defer { folder.remove() }
        let file = try folder.write("01-taken.md", lesson(id: "taken", "Text."))
        #expect(throws: NewLessonError.idInUse("taken", file: file)) {
            try NewLesson(title: "Taken", folder: folder.path)
        }
    }

    @Test func neverOverwritesAFile() throws {
        let folder = try LessonFolder()
        defer { folder.remove() }
        let new = try NewLesson(title: "Fresh", folder: folder.path)
        try folder.write(new.fileName, "mine")
        #expect(throws: NewLessonError.fileExists(folder.path + "/" + new.fileName)) {
            try new.write(into: folder.path)
        }
        #expect(try String(contentsOfFile: folder.path + "/" + new.fileName, encoding: .utf8) == "mine")
    }

    @Test func templatePassesTheStaticChecksAndUsesEveryRole() async throws {
        let folder = try LessonFolder()
        defer { folder.remove() }
        let path = try NewLesson(title: "Every role", folder: folder.path).write(into: folder.path)
        let report = try await LessonChecker(engine: nil, declarations: DeclarationsReader()).check(paths: [path])
        #expect(report.diagnostics.isEmpty)

        var diagnostics: [Diagnostic] = []
        let parsed = try #require(
            LessonParser(file: path).parse(try String(contentsOfFile: path, encoding: .utf8), diagnostics: &diagnostics))
        let blocks = parsed.steps.flatMap(\.codeBlocks)
        let snippets = parsed.steps.flatMap(\.snippets)
        #expect(blocks.contains { SnippetSource($0.code).hasHiddenLines && $0.role == .swift(SwiftSnippet()) })
        #expect(snippets.contains { $0.expectedOutput != nil })
        #expect(snippets.contains { $0.options.stepTarget != nil && $0.expectedSteps != nil })
        #expect(snippets.contains { $0.options.isPrediction && $0.expectedOutput != nil })
        #expect(blocks.contains { $0.role == .python(.compare) })
        #expect(blocks.contains { $0.role == .differences })
        #expect(
            parsed.steps.contains { $0.exercise?.checks != nil && $0.exercise?.solution != nil && !($0.exercise?.hints.isEmpty ?? true) })
    }
}
