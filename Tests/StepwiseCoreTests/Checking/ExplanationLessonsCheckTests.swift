import Foundation
import Testing

@testable import StepwiseCore

/// The diagnostic explanations point at built-in lessons; `check` keeps those pointers alive.
@Suite(.tags(.fast)) struct ExplanationLessonsCheckTests {
    let table = [
        DiagnosticGroupExplanation("SendingRisksDataRace", lesson: "present", "Explained."),
        DiagnosticGroupExplanation("ActorIsolatedCall", lesson: "gone", "Explained too."),
    ]

    @Test func everyLessonTheTableNamesExistsInTheBuiltInLessons() throws {
        let folder = try #require(LessonLocator.builtInFolder(environment: [:]))
        let ids = Set(LessonCatalog.load(folder: folder).lessons.map(\.id))
        #expect(ExplanationLessonsCheck.missing(from: ids, table: DiagnosticGroupExplanations.all).isEmpty)
    }

    @Test func everyGroupTheBuiltInLessonsQuoteHasAnExplanation() throws {
        let folder = try #require(LessonLocator.builtInFolder(environment: [:]))
        var quoted: Set<String> = []
        for lesson in LessonCatalog.load(folder: folder).lessons {
            let text = try String(contentsOfFile: lesson.file, encoding: .utf8)
            for match in text.matches(of: /\[#([A-Za-z]+)\]/) { quoted.insert(String(match.1)) }
        }
        #expect(quoted.contains("SendingClosureRisksDataRace"))
        #expect(quoted.filter { DiagnosticGroupExplanations.explanation(for: $0) == nil }.isEmpty)
    }

    @Test func aMissingLessonIsAnErrorAtItsTableEntry() throws {
        let folder = try LessonFolder()
        defer { folder.remove() }
        let file = try folder.write("01-present.md", lesson(id: "present", "Text."))
        let found = ExplanationLessonsCheck.diagnostics(checking: [file], builtInFolder: folder.path, table: table)
        let diagnostic = try #require(found.first)
        #expect(found.count == 1)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message.contains("[#ActorIsolatedCall]") && diagnostic.message.contains("'gone'"))
        #expect(diagnostic.location == table[1].location)
    }

    @Test func checkingOneBuiltInFileStillFindsTheLessonsBesideIt() throws {
        let folder = try LessonFolder()
        defer { folder.remove() }
        let file = try folder.write("01-other.md", lesson(id: "other", "Text."))
        try folder.write("02-present.md", lesson(id: "present", "Text."))
        try folder.write("03-gone.md", lesson(id: "gone", "Text."))
        #expect(ExplanationLessonsCheck.diagnostics(checking: [file], builtInFolder: folder.path, table: table).isEmpty)
    }

    @Test func anotherAuthorsFolderIsNotHeldToTheTable() throws {
        let builtIn = try LessonFolder()
        let mine = try LessonFolder()
        defer {
            builtIn.remove()
            mine.remove()
        }
        let file = try mine.write("01-mine.md", lesson(id: "mine", "Text."))
        #expect(ExplanationLessonsCheck.diagnostics(checking: [file], builtInFolder: builtIn.path, table: table).isEmpty)
    }
}
