import Foundation
import Testing

@testable import StepwiseCore
@testable import StepwiseTerminal

/// Golden-output tests: the rendered text is compared with `Snapshots/<name>.txt`.
/// Set RECORD_SNAPSHOTS=1 to rewrite them after an intended change (then read the diff).
@Suite(.tags(.fast)) struct LessonRendererTests {
    static let lesson: Lesson = {
        let text = """
            ---
            id: render
            title: Rendering
            ---

            ## Values on demand

            A generator computes each value **only when asked**, so `next()` is where the *work* happens. This sentence is long enough to wrap at sixty columns.

            1. Make an iterator.
            2. Call `next()` until it returns `nil`.

            > Python raises `StopIteration` instead.

            ```swift step=gen
            # import Foundation
            struct Countdown: IteratorProtocol {
                var n: Int
                mutating func next() -> Int? { n == 0 ? nil : { n -= 1; return n + 1 }() } // a comment that is long
            }
            var gen = Countdown(n: 3)
            ```

            ```python compare
            def gen():
                yield 'a'  # original
            ```

            ```swift predict
            print(1)
            ```

            <details><summary>Answer</summary>

            ```output
            1
            ```

            </details>
            """
        var diagnostics: [Diagnostic] = []
        return LessonParser(file: "render.md").parse(text, diagnostics: &diagnostics)!
    }()

    func assertSnapshot(_ text: String, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name).txt")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "rendering changed; RECORD_SNAPSHOTS=1 rewrites \(name).txt", sourceLocation: sourceLocation)
    }

    @Test(arguments: [60, 120])
    func rendersAStepPlainAtWidth(_ width: Int) throws {
        let text = LessonRenderer(width: width, usesColor: false).render(lesson: Self.lesson, stepIndex: 0).rendered(color: false)
        try assertSnapshot(text, named: "step-plain-\(width)")
        for line in text.split(separator: "\n") {
            #expect(line.count <= width, "line wider than \(width): \(line)")
        }
        #expect(!text.contains("\u{1B}"), "no escape codes without colour")
    }

    @Test func rendersColourOnlyWhenAsked() throws {
        let text = LessonRenderer(width: 80, usesColor: true).render(lesson: Self.lesson, stepIndex: 0).rendered(color: true)
        try assertSnapshot(text, named: "step-color-80")
        #expect(text.contains("\u{1B}[35;1m") || text.contains("\u{1B}[1;35m"), "Swift keywords are highlighted")
    }

    @Test func hidesHiddenLinesAndPredictionAnswers() {
        let text = LessonRenderer(width: 80, usesColor: false).render(lesson: Self.lesson, stepIndex: 0).rendered(color: false)
        #expect(!text.contains("import Foundation"))
        #expect(!text.contains("╭─ output"))
        let revealed = LessonRenderer(width: 80, usesColor: false)
            .render(lesson: Self.lesson, stepIndex: 0, visibility: .init(hidesPredictionAnswers: false)).rendered(color: false)
        #expect(revealed.contains("╭─ output"))
    }

    @Test func neverCrashesOnATinyTerminal() {
        let text = LessonRenderer(width: 5, usesColor: false).render(lesson: Self.lesson, stepIndex: 0).rendered(color: false)
        #expect(text.contains("Countdown"))
        for line in text.split(separator: "\n") {
            #expect(line.count <= TerminalCapabilities.minimumWidth)
        }
    }

    @Test func neverBreaksBetweenInlineCodeAndThePunctuationAfterIt() {
        let renderer = LessonRenderer(width: 30, usesColor: false)
        for padding in 0..<40 {
            let spans = [Span(String(repeating: "a", count: padding) + " it changes "), Span("`i`"), Span(", so the rest follows.")]
            let lines = renderer.wrap(spans, indent: "", hanging: "").rendered(color: false).split(separator: "\n")
            #expect(!lines.contains { $0.hasPrefix(",") }, "a comma was orphaned: \(lines)")
            #expect(lines.allSatisfy { $0.count <= 30 })
        }
    }
}
