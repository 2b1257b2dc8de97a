import Testing

@testable import StepwiseCore
@testable import StepwiseTerminal

/// Text from a hostile lesson, program or compiler arrives at every surface the terminal side
/// draws as visible symbols: the only escape codes left are the tutor's own styles.
@Suite(.tags(.fast)) struct VisibleOutputTests {
    /// OSC 0 (window title), OSC 52 (clipboard), a clear screen, the alternate screen, a lone
    /// carriage return, a backspace, a NUL and an 8-bit CSI.
    static let hostile = "\u{1B}]0;PWNED\u{07}|\u{1B}]52;c;SGFja2Vk\u{07}|\u{1B}[2J|\u{1B}[?1049h|a\rb|x\u{08}|n\u{0}l|\u{9B}2J"
    static let shownHostile = "␛]0;PWNED␇|␛]52;c;SGFja2Vk␇|␛[2J|␛[?1049h|a␍b|x␈|n␀l|<U+009B>2J"

    static let lesson: Lesson = {
        let text = """
            ---
            id: hostile
            title: Title \u{1B}]0;PWNED\u{07} here
            summary: Summary \u{1B}]52;c;SGFja2Vk\u{07} here
            ---

            ## Step \u{1B}[2J heading

            Text \u{1B}]52;c;SGFja2Vk\u{07} with `code \u{1B}[?1049h inline` and a NUL \u{0} here.

            ```swift
            // comment \u{1B}]0;PWNED\u{07} end
            print("hi")
            ```
            """
        var diagnostics: [Diagnostic] = []
        guard let lesson = LessonParser(file: "hostile.md").parse(text, diagnostics: &diagnostics) else {
            fatalError("hostile lesson does not parse: \(diagnostics)")
        }
        return lesson
    }()

    /// `bytes` without the sequences the tutor itself writes: SGR styles, erase to end of line,
    /// a cursor move to the start of a row, hiding the cursor.
    static func withoutOwnSequences(_ bytes: String) -> String {
        // Scalar by scalar: text starting with a combining mark joins the `m` of a style into one
        // character, which a character-level match would not see as the end of the sequence.
        bytes.replacing(/\x1B\[[0-9;]*m|\x1B\[K|\x1B\[[0-9]+;1H|\x1B\[\?25l/.matchingSemantics(.unicodeScalar), with: "")
    }

    /// Nothing a terminal would obey is left once the tutor's own sequences are taken out.
    static func expectInert(_ bytes: String, allowingLineEnds: Bool = true, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let rest = withoutOwnSequences(bytes)
        let acting = rest.unicodeScalars.filter { scalar in
            switch scalar.value {
            case 0x0A: !allowingLineEnds
            case 0x00...0x1F, 0x7F...0x9F: true
            default: false
            }
        }
        #expect(
            acting.isEmpty, "controls reach the terminal: \(acting.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
    }

    @Test func spansAreMadeVisibleWhenTheyBecomeTerminalBytes() {
        let text = StyledText(lines: [[Span("  │ ", .dim), Span(Self.hostile, .colored(.yellow))]])
        for color in [true, false] {
            let bytes = text.rendered(color: color)
            Self.expectInert(bytes)
            #expect(bytes.contains(Self.shownHostile))
        }
        #expect(text.rendered(color: true).contains("\u{1B}[33m"), "the style's own escape is kept")
    }

    @Test func lessonTitleTextInlineCodeAndCodeCommentsAreShownAsSymbols() {
        let renderer = LessonRenderer(width: 100, usesColor: true)
        let bytes = renderer.render(lesson: Self.lesson, stepIndex: 0).rendered(color: true)
        Self.expectInert(bytes)
        #expect(bytes.contains("␛]0;PWNED␇"), "title and code comment")
        #expect(bytes.contains("␛]52;c;SGFja2Vk␇"), "text")
        #expect(bytes.contains("␛[?1049h"), "inline code")
        #expect(bytes.contains("␛[2J"), "heading")
        #expect(!bytes.contains("\u{1B}]"))
    }

    @Test func everyRowOfThePresenterIsPaintedInert() {
        let pager = Pager(steps: [Pager.StepFeatures(runnableCount: 1)])
        var panel = StyledText()
        panel.append([Span(" 0.00s │ ", .dim), Span(Self.hostile)])
        panel.append([Span("line\nwith a line feed \u{1B}[1A")])
        for theme in PresenterTheme.allCases {
            let screen = PresenterScreen(lesson: Self.lesson, pager: pager, columns: 120, rows: 30, theme: theme, panel: panel)
            let rows = screen.rows(for: pager).map { theme.paint($0.spans, width: 120, reversed: $0.isReversed) }
            for row in rows { Self.expectInert(row, allowingLineEnds: false) }
            let frame = rows.joined()
            #expect(frame.contains("␛]0;PWNED␇"), "footer title, text and output")
            #expect(frame.contains("␛[?1049h"))
            #expect(frame.contains("line␊with a line feed ␛[1A"))
        }
    }

    @Test func aRowIsCutAfterItIsMadeVisible() {
        let row = PresenterTheme.mono.paint([Span("\u{1B}]0;PWNED\u{07}" + String(repeating: "x", count: 40))], width: 20)
        Self.expectInert(row, allowingLineEnds: false)
        #expect(Self.withoutOwnSequences(row).count == 20)
    }

    @Test func checkMessagesAndDiffNotesAreShownAsSymbols() {
        let diagnostic = Diagnostic(
            .error, at: StepwiseCore.SourceLocation(file: "hostile\u{1B}[2J.md", line: 3, column: 1),
            "output block differs \u{1B}]0;PWNED\u{07}",
            notes: ["--- expected output", "+++ real output", "-plain", "+\(Self.hostile)"])
        let report = CheckReport(lessons: [CheckReport.LessonResult(file: "hostile.md", diagnostics: [diagnostic])], snippetCount: 1)
        for color in [true, false] {
            let bytes = DiagnosticPrinter(usesColor: color).format(report)
            Self.expectInert(bytes)
            #expect(bytes.contains("+" + Self.shownHostile))
            #expect(bytes.contains("hostile␛[2J.md:3:1:"))
            #expect(bytes.contains("differs ␛]0;PWNED␇"))
        }
    }

    static var handout: Handout {
        let result = RunResult(
            lines: [
                TimedLine(elapsed: .zero, stream: .stdout, text: Self.hostile),
                TimedLine(elapsed: .milliseconds(10), stream: .stderr, text: "after \u{0} the NUL"),
            ],
            termination: .exited(0), wallTime: .milliseconds(20))
        let step = Self.lesson.steps[0]
        return Handout(
            lessonID: "hostile", title: Self.lesson.title, summary: Self.lesson.summary, sourceFile: "hostile.md",
            sections: [
                HandoutSection(
                    title: step.title,
                    items: step.blocks.map(HandoutItem.text) + [.code(language: "swift", code: "// \u{1B}]0;PWNED\u{07}\nprint(1)")]
                        + [.output(.ran(result), showsTimings: true)])
            ],
            answers: [], stepCallCap: 5, producedWith: ["Swift \u{1B}[2J 6"])
    }

    @Test func aMarkdownHandoutShowsControlsAsSymbols() {
        let markdown = MarkdownHandoutRenderer().render(Self.handout)
        #expect(!markdown.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) })
        #expect(markdown.contains("␛]0;PWNED␇"))
        #expect(markdown.contains(Self.shownHostile))
        #expect(markdown.contains("after ␀ the NUL"), "nothing after the NUL is lost")
    }

    @Test func anHTMLHandoutDropsControlsAndStaysEscaped() {
        let html = HTMLHandoutRenderer().render(Self.handout)
        #expect(!html.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) })
        #expect(html.contains("]0;PWNED"))
        #expect(html.contains("after  the NUL"))
        #expect(!html.contains("<U+009B>"), "a dropped control leaves nothing behind")
    }

    /// SplitMix64: the same bytes on every run.
    struct SeededBytes {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// Mostly controls, ESC, C1 lead bytes and printable ASCII, with some bytes of any value.
        mutating func bytes(count: Int) -> [UInt8] {
            let interesting: [UInt8] = [0x00, 0x07, 0x08, 0x09, 0x0A, 0x0D, 0x1B, 0x7F, 0xC2, 0x9B, 0x9D, 0x5B, 0x5D, 0x3B, 0x30]
            return (0..<count).map { _ in
                let value = next()
                return value % 3 == 0 ? UInt8(truncatingIfNeeded: value >> 8) : interesting[Int((value >> 8) % UInt64(interesting.count))]
            }
        }
    }

    @Test func randomBytesNeverReachTheTerminalAsControls() {
        var random = SeededBytes(state: 14)
        for _ in 0..<2_000 {
            let text = String(decoding: random.bytes(count: 64), as: UTF8.self)
            let spans = [Span(" 0.00s │ ", .dim), Span(text, .colored(.red))]
            Self.expectInert(StyledText(lines: [spans]).rendered(color: true))
            Self.expectInert(PresenterTheme.dark.paint(spans, width: 80), allowingLineEnds: false)
            Self.expectInert(DiagnosticPrinter(usesColor: true).paintNote(VisibleText.terminal("+" + text)))
        }
    }
}
