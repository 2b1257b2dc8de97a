import Testing

@testable import StepwiseCore
@testable import StepwiseTerminal

/// How revealed hints, solutions and differences are laid out, and the keys the footer offers.
@Suite(.tags(.fast)) struct PresenterScreenRevealTests {
    static let lesson: Lesson = {
        let text = """
            ---
            id: reveal
            title: Kept back
            ---

            ## Exercise

            ```swift exercise
            let answer = 0
            ```

            ```swift solution
            let answer = 42
            ```

            ```hint
            Think of `42`.
            ```

            ```hint
            Really.
            ```

            ## Compare

            ```python compare
            print("a")
            ```

            ```swift
            print("a")
            ```
            """
        var diagnostics: [Diagnostic] = []
        guard let lesson = LessonParser(file: "reveal.md").parse(text, diagnostics: &diagnostics) else {
            fatalError("test lesson does not parse: \(diagnostics)")
        }
        return lesson
    }()

    static let features = lesson.steps.map { step in
        Pager.StepFeatures(
            runnableCount: step.snippets.count, hasPython: step.python != nil, hintCount: step.hints.count,
            hasSolution: step.exercise?.solution != nil)
    }

    func screen(step: Int, keys: [Character]) -> (PresenterScreen, Pager) {
        var pager = Pager(steps: Self.features, startAt: step)
        for key in keys { _ = pager.handle(.key(.character(key))) }
        return (PresenterScreen(lesson: Self.lesson, pager: pager, columns: 80, rows: 24, theme: .dark), pager)
    }

    @Test func aHintIsMarkdownAndStartsWhereItsRowSays() throws {
        let (screen, pager) = screen(step: 0, keys: ["h"])
        let row = try #require(screen.revealRows[.hint(1)])
        #expect(screen.content[row].map(\.text).joined() == "Hint 1 of 2")
        let text = screen.content.map { $0.map(\.text).joined() }
        #expect(text.contains { $0.contains("Think of 42.") }, "the backticks are Markdown, not text: \(text)")
        #expect(!text.contains { $0.contains("Really.") })
        #expect(!text.contains { $0.contains("answer = 42") })
        #expect(screen.keysLine(pager).contains("h hint"))
    }

    @Test func theSolutionComesWithItsLabelAndTheKeyLeavesTheFooter() throws {
        let (screen, pager) = screen(step: 0, keys: ["o"])
        #expect(screen.revealRows[.solution] != nil)
        #expect(screen.content.contains { $0.map(\.text).joined().contains("answer = 42") })
        #expect(!screen.keysLine(pager).contains("o solution"))
    }

    @Test func thePythonPageOffersToRunThePythonAndNotTheSwift() {
        let (screen, pager) = screen(step: 1, keys: ["p"])
        let keys = screen.keysLine(pager)
        #expect(keys.contains("r run the Python"))
        #expect(!keys.contains("r run ·"), "\(keys)")
    }
}
