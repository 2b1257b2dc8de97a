import Testing

@testable import StepwiseCore

/// `<!-- tutor -->` hides the next paragraph, list or quote from the presenter and handouts.
@Suite(.tags(.fast)) struct TutorOnlyTextTests {
    func parse(_ body: String) throws -> (Lesson, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let lesson = LessonParser(file: "Lessons/04-t.md").parse("---\nid: t\ntitle: T\n---\n\n" + body, diagnostics: &diagnostics)
        return (try #require(lesson), diagnostics)
    }

    func texts(_ blocks: [MarkdownBlock]) -> [String] {
        blocks.flatMap { block -> [String] in
            switch block {
            case .paragraph(let inlines): [inlines.plainText]
            case .list(_, _, let items): items.flatMap(texts)
            case .blockQuote(let inner): texts(inner)
            case .code(let code): ["code: " + code.code]
            default: []
            }
        }
    }

    @Test func hidesOnlyTheBlockRightAfterTheMarker() throws {
        let (lesson, diagnostics) = try parse(
            """
            ## Run it

            Explained for everyone.

            <!-- tutor -->
            Type `run`, then `compare`.

            Also for everyone.

            ```swift
            print(1)
            ```
            """)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let blocks = lesson.steps[0].blocks
        #expect(texts(blocks).contains("Type run, then compare."), "the tutor itself still has it")
        #expect(texts(TutorOnlyText.removing(from: blocks)) == ["Explained for everyone.", "Also for everyone.", "code: print(1)"])
    }

    @Test func worksInsideListsAndQuotesAndOnWholeLists() throws {
        let (lesson, _) = try parse(
            """
            ## Steps

            > Kept in the quote.
            >
            > <!-- tutor -->
            > Press Enter in the quote.

            <!-- tutor -->
            - Type `step`.
            - Press Enter.

            Kept after the list.
            """)
        #expect(texts(TutorOnlyText.removing(from: lesson.steps[0].blocks)) == ["Kept in the quote.", "Kept after the list."])
    }

    @Test func neverHidesCodeAndCheckWarnsAboutAMarkerThatHidesNothing() throws {
        let (lesson, diagnostics) = try parse(
            """
            ## Code after a marker

            <!-- tutor -->
            ```swift
            print(2)
            ```

            ## A marker at the end

            Text.

            <!-- tutor -->
            """)
        #expect(texts(TutorOnlyText.removing(from: lesson.steps[0].blocks)) == ["code: print(2)"])
        let warnings = diagnostics.filter { $0.severity == .warning && $0.message.contains("<!-- tutor -->") }
        #expect(warnings.map(\.location.line) == [8, 17], "one warning per marker, at its own line: \(diagnostics)")
    }

    @Test func otherCommentsHideNothing() throws {
        let (lesson, _) = try parse("## S\n\n<!-- a note to myself -->\nShown.\n")
        #expect(texts(TutorOnlyText.removing(from: lesson.steps[0].blocks)) == ["Shown."])
    }
}
