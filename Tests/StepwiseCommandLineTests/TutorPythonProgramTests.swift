import StepwiseCore
import StepwiseTerminal
import Testing

@testable import StepwiseCommandLine

/// `compare` on a step whose Python has no Swift to stand beside: it runs on its own.
@Suite(.tags(.fast)) struct TutorPythonProgramTests {
    static let text = #"""
        ---
        id: py
        title: Python programs
        ---

        ## A program

        ```python
        print("measured")
        ```

        ## A fragment

        ```python fragment
        yield x
        ```

        ## Beside Swift

        ```python compare
        print(1)
        print(undefined)
        ```

        ```swift
        print(1)
        ```
        """#

    func state(width: Int = 80) throws -> TutorState {
        let lesson = try TutorFixtures.lesson(Self.text, file: "/lessons/01-py.md")
        var state = TutorState(
            catalog: LessonCatalog(folder: "/lessons", lessons: [lesson], diagnostics: []), progress: LearnerProgress(),
            capabilities: TerminalCapabilities(isInteractive: false, usesColor: false, width: width))
        _ = state.handle(.opened(lesson: 0, step: 0))
        return state
    }

    @Test func comparesAPlainProgramByRunningItAndShowingWhatItPrints() throws {
        var state = try state()
        let effects = state.type("compare")
        let programs = effects.compactMap { if case .runPython(let block) = $0 { block } else { nil } }
        #expect(programs.map(\.code) == [#"print("measured")"#])
        let block = try #require(programs.first)
        let report = state.handle(.ranPython(block, .ran(TutorFixtures.result(["measured"])), pythonVersion: "Python 3.11.2"))
        let text = shown(report)
        #expect(text.contains("Python 3.11.2 prints"), "\(text)")
        #expect(text.contains("measured"), "\(text)")
    }

    @Test func offersCompareOnAProgramButNeverRunsAFragment() throws {
        var state = try state()
        let lesson = try TutorFixtures.lesson(Self.text, file: "/lessons/01-py.md")
        #expect(TutorText.actions(step: lesson.steps[0], isLast: false).contains("compare"))
        #expect(!TutorText.actions(step: lesson.steps[1], isLast: false).contains("compare"))
        _ = state.handle(.opened(lesson: 0, step: 1))
        let effects = state.type("compare")
        #expect(!effects.contains { if case .runPython = $0 { true } else { false } })
        #expect(shown(effects).contains("There is no Python program to run on this step."))
    }

    @Test func saysWhyWhenPython3IsMissing() throws {
        var state = try state()
        let block = try #require(state.step.codeBlocks.first)
        _ = state.type("compare")
        let text = shown(state.handle(.ranPython(block, .notRun("python3 was not found"), pythonVersion: nil)))
        #expect(text.contains("python3 was not found"))
    }

    /// python3 ran the block from a temporary file; its traceback is told in the lesson's lines.
    static func traceback(line: Int) -> RunResult {
        var result = TutorFixtures.result(["1"], termination: .exited(1))
        result.lines += [
            "Traceback (most recent call last):",
            "  File \"/home/learner/.cache/stepwise/scratch-1f3a/snippet.py\", line \(line), in <module>",
            "NameError: name 'undefined' is not defined",
        ].map { TimedLine(elapsed: .milliseconds(3), stream: .stderr, text: $0) }
        return result
    }

    @Test func aProgramsTracebackNamesTheLessonFileAndLine() throws {
        var state = try state()
        let block = try #require(state.step.codeBlocks.first)
        // The fence is on line 8 of the lesson; the code, and python3's line 1, on line 9.
        #expect(block.location.line == 8)
        let text = shown(state.handle(.ranPython(block, .ran(Self.traceback(line: 1)), pythonVersion: "Python 3.11.2")))
        #expect(text.contains(#"File "/lessons/01-py.md", line 9, in <module>"#), "\(text)")
        #expect(!text.contains("snippet.py"), "\(text)")
    }

    @Test func comparesTracebackNamesTheLessonFileAndLine() throws {
        // Wide enough that the traceback's lines are not cut in the Python column.
        var state = try state(width: 200)
        _ = state.handle(.opened(lesson: 0, step: 2))
        let effects = state.type("compare")
        let compared = effects.compactMap { if case .compare(_, _, let python) = $0 { python } else { nil } }
        let python = try #require(compared.first)
        // `print(undefined)` is python3's line 2, the lesson's line 22 (its fence is on 20).
        #expect(python.location.line == 20)
        let text = shown(
            state.handle(
                .compared(
                    swift: .ran(TutorFixtures.result(["1"])), python: python, .ran(Self.traceback(line: 2)), pythonVersion: "Python 3.11.2",
                    editedSwift: false)))
        #expect(text.contains(#"File "/lessons/01-py.md", line 22, in <module>"#), "\(text)")
        #expect(!text.contains("snippet.py"), "\(text)")
    }
}
