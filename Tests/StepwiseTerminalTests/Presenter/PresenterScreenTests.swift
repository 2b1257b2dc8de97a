import Testing

@testable import StepwiseCore
@testable import StepwiseTerminal

@Suite(.tags(.fast)) struct PresenterScreenTests {
    static let lesson: Lesson = {
        let long = String(repeating: "Every word of this sentence is here to make the paragraph wrap. ", count: 6)
        let text = """
            ---
            id: screen
            title: Screens for a class
            ---

            ## Opening

            \(long)

            ## Fetching twice

            \(long)

            ```python compare
            print("from python")
            ```

            ```swift
            print("from swift")
            ```

            ## Guess

            What does it print?

            <!-- tutor -->
            Type `predict`, then your answer.

            ```swift predict
            print(20)
            ```

            ```output
            20
            ```
            """
        var diagnostics: [Diagnostic] = []
        guard let lesson = LessonParser(file: "screen.md").parse(text, diagnostics: &diagnostics) else {
            fatalError("test lesson does not parse: \(diagnostics)")
        }
        return lesson
    }()

    static let features = lesson.steps.map { step in
        Pager.StepFeatures(runnableCount: step.snippets.count, hasPython: step.python != nil)
    }

    func frame(
        step: Int, columns: Int, rows: Int, panel: StyledText = StyledText(), configure: (inout Pager) -> Void = { _ in }
    )
        -> (screen: PresenterScreen, pager: Pager, rows: [PresenterScreen.Row])
    {
        var pager = Pager(steps: Self.features, startAt: step)
        configure(&pager)
        let screen = PresenterScreen(lesson: Self.lesson, pager: pager, columns: columns, rows: rows, theme: .dark, panel: panel)
        pager.fit(contentHeight: screen.content.count, pageHeight: screen.pageHeight)
        return (screen, pager, screen.rows(for: pager))
    }

    @Test(arguments: [(80, 24), (160, 48)])
    func fillsTheWindowExactlyWithTheFooterAtTheBottom(columns: Int, rows: Int) {
        let (_, _, lines) = frame(step: 1, columns: columns, rows: rows)
        #expect(lines.count == rows)
        for line in lines { #expect(line.text.count <= columns, "\(line.text)") }
        let status = lines[rows - 2]
        #expect(status.isReversed)
        #expect(status.text.contains("Screens for a class · step 2/3"))
        #expect(status.text.count == columns, "the reversed footer spans the window")
        let keys = lines[rows - 1].text
        #expect(keys.contains("r run") && keys.contains("p Python") && keys.contains("q quit"))
    }

    @Test func textWrapsToTheWindowAndAWideWindowCentresAColumn() {
        let narrow = frame(step: 0, columns: 80, rows: 24)
        let wide = frame(step: 0, columns: 160, rows: 48)
        #expect(narrow.screen.content.allSatisfy { $0.width <= 78 })
        #expect(wide.screen.content.allSatisfy { $0.width <= PresenterScreen.maximumTextWidth })
        #expect(wide.screen.content.contains { $0.width > 78 }, "the wide window uses its wider column")
        #expect(narrow.screen.content.count > wide.screen.content.count)
        let title = wide.rows.first { $0.text.contains("Opening") }
        #expect(title?.text.hasPrefix(String(repeating: " ", count: 30)) == true, "(160 - 100) / 2 columns of margin")
        #expect(narrow.rows.first { $0.text.contains("Opening") }?.text.hasPrefix(" O") == true)
    }

    @Test func textLongerThanTheWindowSaysWhereTheReaderIs() {
        let small = frame(step: 1, columns: 80, rows: 12)
        #expect(small.pager.scrollLimit > 0)
        let status = small.rows[10].text
        #expect(status.contains("lines 1–\(small.screen.pageHeight)/\(small.screen.content.count) ↓"))
        #expect(small.rows[11].text.contains("scroll"))
        let large = frame(step: 1, columns: 160, rows: 48)
        #expect(large.pager.scrollLimit == 0)
        #expect(!large.rows[46].text.contains("lines"))
    }

    @Test func scrollingShowsTheLaterLines() {
        let (screen, _, _) = frame(step: 1, columns: 80, rows: 12)
        let scrolled = frame(step: 1, columns: 80, rows: 12) { pager in
            pager.fit(contentHeight: screen.content.count, pageHeight: screen.pageHeight)
            _ = pager.handle(.key(.pageDown))
        }
        let line = { (index: Int) in " " + screen.content[index].map(\.text).joined() }
        #expect(scrolled.pager.scroll == min(screen.pageHeight - 1, scrolled.pager.scrollLimit))
        #expect(scrolled.rows[0].text == line(scrolled.pager.scroll))
        #expect(scrolled.rows[screen.pageHeight - 1].text == line(screen.content.count - 1), "the end of the text is reachable")
    }

    @Test func thePythonOriginalHasItsOwnPage() {
        let swift = frame(step: 1, columns: 80, rows: 40).rows.map(\.text)
        #expect(swift.contains { $0.contains("from swift") })
        #expect(!swift.contains { $0.contains("from python") })
        let python = frame(step: 1, columns: 80, rows: 40) { _ = $0.handle(.key(.character("p"))) }.rows.map(\.text)
        #expect(python.contains { $0.contains("from python") })
        #expect(!python.contains { $0.contains("from swift") })
        #expect(python.last?.contains("p Swift") == true)
    }

    @Test func textForTheTutorOnlyIsNotProjected() {
        let texts = frame(step: 2, columns: 80, rows: 24).rows.map(\.text)
        #expect(texts.contains { $0.contains("What does it print?") })
        #expect(!texts.contains { $0.contains("Type predict") }, "the presenter has keys, not commands")
    }

    @Test func anExerciseIsNotLabelledWithCommandsThePresenterLacks() throws {
        let lesson = try HandoutTestSupport.lesson(
            """
            ---
            id: exercise
            title: Exercise
            ---

            ## Your turn

            ```swift exercise
            func double(_ x: Int) -> Int { 0 }
            ```

            ```swift checks
            check("doubles", double(2) == 4)
            ```

            ```swift solution
            func double(_ x: Int) -> Int { x * 2 }
            ```
            """, file: "exercise.md")
        let pager = Pager(steps: [Pager.StepFeatures(runnableCount: 0, hasPython: false)], startAt: 0)
        let texts = PresenterScreen(lesson: lesson, pager: pager, columns: 80, rows: 24, theme: .dark, panel: StyledText())
            .rows(for: pager).map(\.text)
        #expect(texts.contains { $0.contains("╭─ Swift · exercise starter") })
        #expect(!texts.contains { $0.contains("edit, then check") }, "\(texts)")
        let tutor = LessonRenderer(width: 80, usesColor: false).render(lesson: lesson, stepIndex: 0).lines.map { $0.map(\.text).joined() }
        #expect(tutor.contains { $0.contains("exercise starter (edit, then check)") }, "the tutor keeps the commands")
    }

    @Test func aPredictionsAnswerStaysHiddenUntilTheSnippetRan() {
        let before = frame(step: 2, columns: 80, rows: 24).rows.map(\.text)
        #expect(!before.contains { $0.contains("╭─ output") })
        let after = frame(step: 2, columns: 80, rows: 24) { _ = $0.handle(.key(.character("r"))) }.rows.map(\.text)
        #expect(after.contains { $0.contains("╭─ output") })
    }

    @Test func theNewestOutputStaysInViewAndTakesAtMostThreeFifths() {
        var panel = StyledText()
        for number in 1...50 { panel.append([Span("line \(number)")]) }
        let (screen, _, rows) = frame(step: 1, columns: 80, rows: 24, panel: panel)
        #expect(screen.pageHeight == 22 - 22 * 3 / 5)
        let texts = rows.map(\.text)
        #expect(texts[21].hasSuffix("line 50"))
        #expect(!texts.contains { $0.hasSuffix("line 1") })
    }

    @Test func longOutputLinesAreCutIntoPiecesNotLost() {
        let panel = StyledText(lines: [[Span(String(repeating: "x", count: 100) + "END")]])
        let rows = frame(step: 1, columns: 80, rows: 24, panel: panel).rows.map(\.text)
        #expect(rows.contains { $0.contains("↪") && $0.hasSuffix("END") })
    }

    @Test func theFooterSaysWhatIsGoingOn() {
        let running = frame(step: 1, columns: 80, rows: 24) { _ = $0.handle(.key(.character("r"))) }.rows
        #expect(running[22].text.contains("running…"))
        #expect(running[23].text.contains("Ctrl-C/Esc stop the run"))
        var paused = Pager(steps: Self.features, startAt: 0, auto: true)
        _ = paused.start()
        let playing = PresenterScreen(lesson: Self.lesson, pager: paused, columns: 80, rows: 24, theme: .mono, autoDelay: "3s")
        #expect(playing.rows(for: paused)[22].text.contains("▶ auto 3s"))
        #expect(playing.rows(for: paused)[23].text.contains("any key pauses"))
        _ = paused.handle(.key(.character("x")))
        let pausedRows = PresenterScreen(lesson: Self.lesson, pager: paused, columns: 80, rows: 24, theme: .mono).rows(for: paused)
        #expect(pausedRows[22].text.contains("paused — a resumes"))
        #expect(pausedRows[23].text.contains("a resume"))
    }

    @Test func aNarrowWindowKeepsQuitInTheKeys() {
        let rows = frame(step: 1, columns: 40, rows: 8).rows
        #expect(rows.count == 8)
        #expect(rows[7].text.contains("q quit"))
        #expect(rows[6].text.count == 40)
        #expect(rows[6].text.contains("2/3"))
    }

    @Test func aShortWindowWithOutputKeepsItsFooter() {
        let panel = StyledText(lines: (1...10).map { [Span("line \($0)")] })
        let rows = frame(step: 1, columns: 80, rows: 5, panel: panel).rows
        #expect(rows.count == 5)
        #expect(rows[3].isReversed)
        #expect(rows[2].text.hasSuffix("line 10"))
    }

    @Test func aTinyWindowSaysSo() {
        let rows = frame(step: 0, columns: 10, rows: 3).rows
        #expect(rows.count == 3)
        #expect(rows[0].text == "window too small")
    }
}
