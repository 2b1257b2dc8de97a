import Foundation
import Testing

@testable import StepwiseCore

@Suite(.tags(.fast)) struct LessonParserTests {
    static let fixture: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/parser-sample.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    func parse(_ text: String) -> (Lesson?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let lesson = LessonParser(file: "Lessons/03-foo.md").parse(text, diagnostics: &diagnostics)
        return (lesson, diagnostics)
    }

    @Test func splitsStepsAtLevelTwoHeadingsAndUsesTheFirstHeadingAsTitle() throws {
        let (lesson, diagnostics) = parse(Self.fixture)
        let parsed = try #require(lesson)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(parsed.id == "sample")
        #expect(parsed.title == "A sample lesson")
        #expect(parsed.order == 3)
        #expect(parsed.steps.map(\.title) == [nil, "Stepping", "Running", "Exercise"])
    }

    @Test func attachesOutputAndStepsBlocksToTheSnippetAboveThem() throws {
        let lesson = try #require(parse(Self.fixture).0)
        let stepping = try #require(lesson.steps[1].snippets.first)
        #expect(stepping.options.stepTarget == "gen")
        #expect(stepping.expectedSteps?.code == "Optional(1)\nOptional(2)\nnil")
        #expect(stepping.block.visibleCode == "var gen = [1, 2].makeIterator()")
        #expect(stepping.block.code.hasPrefix("# import Foundation"))
        let running = try #require(lesson.steps[2].snippets.first)
        #expect(running.expectedOutput?.code == "hi")
        #expect(running.expectedOutput?.location.line == 29)
        #expect(lesson.steps[2].python?.role == .python(.compare))
        #expect(lesson.steps[2].hints == ["Look closer."])
    }

    @Test func findsExercisePartsInOneStep() throws {
        let lesson = try #require(parse(Self.fixture).0)
        let exercise = try #require(lesson.steps[3].exercise)
        #expect(exercise.checks?.code.contains("check(\"doubles\"") == true)
        #expect(exercise.solution?.code.contains("x * 2") == true)
        #expect(exercise.starter.isShownInText)
        #expect(exercise.checks?.isShownInText == false)
    }

    @Test func reportsAMisspelledRoleWithItsLineAndASuggestion() throws {
        let text = "---\nid: a\ntitle: A\n---\n\nText.\n\n```swfit\nprint(1)\n```\n"
        let (lesson, diagnostics) = parse(text)
        #expect(lesson != nil, "a typo must not drop the lesson")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.location.line == 8)
        #expect(diagnostic.message.contains("did you mean 'swift'"))
        #expect(diagnostic.description.hasPrefix("Lessons/03-foo.md:8:"))
    }

    @Test func reportsAMisspelledAttribute() throws {
        let text = "---\nid: a\ntitle: A\n---\n\n```swift stpe=gen\nvar gen = [1].makeIterator()\n```\n"
        let diagnostics = parse(text).1
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.location.line == 6)
        #expect(diagnostic.message.contains("did you mean 'step='"))
    }

    @Test func pointsAtTheMisspelledWordWhateverTheFenceLooksLike() throws {
        let text = """
            ---
            id: a
            title: A
            ---

            ```swift stpe=gen
            var gen = [1].makeIterator()
            ```

            ````swift  predcit
            print(1)
            ````

            > ~~~~~swfit
            > print(2)
            > ~~~~~
            """
        let spots = parse(text).1.map { "\($0.location.line):\($0.location.column)" }
        // Counted by hand: the first letter of `stpe`, `predcit` and `swfit`.
        #expect(spots == ["6:10", "10:12", "14:8"])
    }

    @Test func reportsAnUnknownFrontMatterKey() throws {
        let text = "---\nid: a\ntilte: A\ntitle: A\n---\n\nText.\n"
        let diagnostic = try #require(parse(text).1.first)
        #expect(diagnostic.location.line == 3)
        #expect(diagnostic.message.contains("did you mean 'title'"))
    }

    @Test func reportsAnUnclosedFenceAtItsOpeningLine() throws {
        let text = "---\nid: a\ntitle: A\n---\n\nText.\n\n```swift\nprint(1)\n"
        let diagnostic = try #require(parse(text).1.first)
        #expect(diagnostic.location.line == 8)
        #expect(diagnostic.message.contains("never closed"))
    }

    @Test func rejectsAFileWithoutFrontMatter() {
        let (lesson, diagnostics) = parse("# Title\n\nText.\n")
        #expect(lesson == nil)
        #expect(diagnostics.contains { $0.message.contains("missing front matter") })
    }

    @Test func reportsOutputWithoutASnippet() throws {
        let text = "---\nid: a\ntitle: A\n---\n\n```output\n1\n```\n"
        let diagnostic = try #require(parse(text).1.first)
        #expect(diagnostic.location.line == 6)
        #expect(diagnostic.message.contains("no runnable swift block"))
    }

    @Test func warnsAboutATableWhichTheTerminalCannotDraw() throws {
        let text = "---\nid: a\ntitle: A\n---\n\n## Compare\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
        let diagnostic = try #require(parse(text).1.first)
        #expect(diagnostic.severity == .warning)
        // The table's own first line, not the step's heading on line 6.
        #expect(diagnostic.location.line == 8)
        #expect(diagnostic.message.contains("table"))
    }

    @Test func readsTheCompiledFlagForSnippetsThatMeasureThemselves() throws {
        let text = "---\nid: a\ntitle: A\n---\n\n```swift compiled timeline\nprint(1)\n```\n"
        let (lesson, diagnostics) = parse(text)
        #expect(diagnostics.isEmpty)
        let snippet = try #require(lesson?.steps.first?.snippets.first)
        #expect(snippet.options.needsCompiledBinary)
        #expect(snippet.options.drawsTimeline)
    }
}
