import Foundation
import Testing

@testable import StepwiseCommandLine
@testable import StepwiseCore
@testable import StepwiseTerminal

/// A session over a hostile lesson, with a program that prints escape sequences: everything
/// the tutor writes shows them as symbols, and the only escape codes are its own styles.
@Suite(.tags(.fast))
struct VisibleSessionTests {
    static let printed = ["\u{1B}]0;PWNED\u{07}", "\u{1B}[2J", "a\rb", "first\u{0}second", "\u{1B}]52;c;SGFja2Vk\u{07}"]

    static let lessonText = """
        ---
        id: hostile
        title: Title \u{1B}]0;PWNED\u{07} here
        summary: Summary \u{1B}]52;c;SGFja2Vk\u{07} here
        ---

        ## Step \u{1B}[2J heading

        Text \u{1B}]52;c;SGFja2Vk\u{07} with `code \u{1B}[?1049h inline`.

        ```swift
        // comment \u{1B}]0;PWNED\u{07} end
        print("hi")
        ```
        """

    static func catalog() throws -> LessonCatalog {
        LessonCatalog(
            folder: "/lessons", lessons: [try TutorFixtures.lesson(lessonText, file: "/lessons/01-hostile.md")], diagnostics: [])
    }

    /// The bytes without the tutor's own SGR styles; nothing else may act on a terminal.
    static func expectInert(_ bytes: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let rest = bytes.replacing(/\x1B\[[0-9;]*m/.matchingSemantics(.unicodeScalar), with: "")
        let acting = rest.unicodeScalars.filter { $0 != "\n" && ($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) }
        #expect(
            acting.isEmpty, "controls reach the terminal: \(acting.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
    }

    func session(_ lines: [String], executor: ScriptedExecutor, color: Bool) throws -> (TutorLoop, RecordingConsole) {
        let console = RecordingConsole()
        let store = try temporaryStore()
        let state = TutorState(
            catalog: try Self.catalog(), progress: LearnerProgress(),
            capabilities: TerminalCapabilities(isInteractive: false, usesColor: color, width: 100))
        let loop = TutorLoop(
            state: state, executor: executor, reader: ScriptedLineReader(lines), console: console, store: store,
            copies: LearnerCopies(folder: (store.path as NSString).deletingLastPathComponent + "/edits"), interrupts: nil,
            environment: [:])
        return (loop, console)
    }

    @Test(.timeLimit(.minutes(1)), arguments: [true, false])
    func aProgramsOutputAndTheLessonTextArriveAsSymbols(color: Bool) async throws {
        let (loop, console) = try session(["run", "quit"], executor: ScriptedExecutor(output: Self.printed), color: color)
        await loop.open(lesson: 0, step: 0)
        await loop.run()
        Self.expectInert(console.text)
        for shown in ["␛]0;PWNED␇", "␛[2J", "a␍b", "first␀second", "␛]52;c;SGFja2Vk␇", "␛[?1049h"] {
            #expect(console.text.contains(shown), "\(shown)")
        }
        #expect(console.text.contains("Title ␛]0;PWNED␇ here"), "the lesson's title")
    }

    @Test(.timeLimit(.minutes(1)))
    func aCompilerExcerptQuotingAnEscapeArrivesAsSymbols() async throws {
        let diagnostic = CompilerDiagnostic(
            region: .snippet, line: 1, column: 14, severity: .error,
            message: "cannot convert value of type 'String' to specified type 'Int'",
            sourceLine: "let x: Int = \"\u{1B}]0;PWNED\u{07}\"")
        var executor = ScriptedExecutor()
        executor.report = .compileFailed([diagnostic])
        let (loop, console) = try session(["run", "quit"], executor: executor, color: true)
        await loop.open(lesson: 0, step: 0)
        await loop.run()
        Self.expectInert(console.text)
        #expect(console.text.contains("let x: Int = \"␛]0;PWNED␇\""))
    }

    @Test func theListOfLessonsShowsATitlesEscapesAsSymbols() throws {
        let text = LessonList.render(catalog: try Self.catalog(), progress: LearnerProgress(), current: "hostile", usesColor: true)
        let bytes = text.rendered(color: true)
        Self.expectInert(bytes)
        #expect(bytes.contains("Title ␛]0;PWNED␇ here"))
    }
}
