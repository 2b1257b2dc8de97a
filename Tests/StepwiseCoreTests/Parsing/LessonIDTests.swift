import Foundation
import Testing

@testable import StepwiseCore

/// A lesson id names the learner's files, so one that is not `[a-z0-9-]+` keeps its lesson
/// from loading, with the error at the `id:` line; and no learner file path is built from
/// lesson text as it is.
@Suite(.tags(.fast)) struct LessonIDTests {
    func load(id: String) throws -> (catalog: LessonCatalog, file: String) {
        let folder = try LessonFolder()
        try folder.write("01-good.md", lesson(id: "good", "\n## One\n\nText.\n"))
        let file = try folder.write("02-bad.md", lesson(id: id, "\n## One\n\nText.\n"))
        return (LessonCatalog.load(folder: folder.path), file)
    }

    @Test(arguments: ["../../../tmp/x", "a/b", "..", "Upper", "café", "x y", "snake_case", String(repeating: "a", count: 65)])
    func anIdThatCouldNameAPathKeepsTheLessonFromLoading(id: String) throws {
        let (catalog, file) = try load(id: id)
        #expect(catalog.lessons.map(\.id) == ["good"])
        let errors = catalog.diagnostics.filter { $0.location.file == file && $0.severity == .error }
        #expect(errors.map(\.location.line) == [2], "\(catalog.diagnostics)")
        #expect(errors.first?.message.contains("the lesson is not loaded") == true)
    }

    @Test(arguments: ["a", "01-generators", "x-2-y", String(repeating: "z", count: 64)])
    func aPlainIdLoads(id: String) throws {
        let (catalog, _) = try load(id: id)
        #expect(catalog.lessons.map(\.id).sorted() == [id, "good"].sorted())
        #expect(catalog.diagnostics.isEmpty, "\(catalog.diagnostics)")
    }

    @Test func aCopyOfALessonBuiltWithAnUnsafeIdStaysInItsFolder() throws {
        // The parser never makes such a lesson; a Lesson built in code must not escape either.
        var diagnostics: [Diagnostic] = []
        var built = try #require(LessonParser(file: "x.md").parse(lesson(id: "ok", "\n## One\n\nText.\n"), diagnostics: &diagnostics))
        built.id = "../../outside"
        let copies = LearnerCopies(folder: "/state/edits")
        let path = copies.path(lesson: built, step: 0, name: "../x")
        #expect(path.hasPrefix("/state/edits/unsafe-"))
        #expect(!path.contains(".."))
        #expect(path.split(separator: "/").count == 4)
    }

    @Test func anAuthorFolderNamedWithDotsAndSlashesGetsAPlainStateFolder() {
        for folder in ["/lessons/..", "/x/..weird name", "/x/a\u{1B}]0;t\u{7}"] {
            let slug = StatePaths.slug(for: folder)
            #expect(!slug.hasPrefix("."))
            #expect(!slug.contains("/") && !slug.contains(".") && !slug.contains("\u{1B}"), "\(slug)")
        }
    }
}
