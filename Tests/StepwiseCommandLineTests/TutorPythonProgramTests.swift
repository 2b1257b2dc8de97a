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
        """#

    func state() throws -> TutorState {
        let lesson = try TutorFixtures.lesson(Self.text, file: "/lessons/01-py.md")
        var state = TutorState(
            catalog: LessonCatalog(folder: "/lessons", lessons: [lesson], diagnostics: []), progress: LearnerProgress(),
            capabilities: TerminalCapabilities(isInteractive: false, usesColor: false, width: 80))
        _ = state.handle(.opened(lesson: 0, step: 0))
        return state
    }

    @Test func comparesAPlainProgramByRunningItAndShowingWhatItPrints() throws {
        var state = try state()
        let effects = state.type("compare")
        let programs = effects.compactMap { if case .runPython(let code) = $0 { code } else { nil } }
        #expect(programs == [#"print("measured")"#])
        let report = state.handle(.ranPython(.ran(TutorFixtures.result(["measured"])), pythonVersion: "Python 3.11.2"))
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
        _ = state.type("compare")
        let text = shown(state.handle(.ranPython(.notRun("python3 was not found"), pythonVersion: nil)))
        #expect(text.contains("python3 was not found"))
    }
}
