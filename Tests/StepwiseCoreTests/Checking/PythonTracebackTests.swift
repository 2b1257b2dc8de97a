import Testing

@testable import StepwiseCore

/// python3 runs a block from a temporary `snippet.py`; what Stepwise shows names the lesson.
@Suite(.tags(.fast)) struct PythonTracebackTests {
    @Test func aRunsTracebackNamesTheLessonLineAndKeepsEachLinesStreamAndTime() throws {
        var diagnostics: [Diagnostic] = []
        let text = lesson("\n## Step\n\n```python\nprint(1)\nprint(undefined)\n```")
        let parsed = try #require(LessonParser(file: "Lessons/01-fixture.md").parse(text, diagnostics: &diagnostics))
        let block = try #require(parsed.steps.flatMap(\.codeBlocks).first)
        let result = RunResult(
            lines: [
                TimedLine(elapsed: .milliseconds(2), stream: .stdout, text: "1"),
                TimedLine(elapsed: .milliseconds(3), stream: .stderr, text: "Traceback (most recent call last):"),
                TimedLine(
                    elapsed: .milliseconds(3), stream: .stderr,
                    text: #"  File "/home/learner/.cache/stepwise/scratch/run-1/snippet.py", line 2, in <module>"#),
                TimedLine(elapsed: .milliseconds(4), stream: .stderr, text: "NameError: name 'undefined' is not defined"),
            ], termination: .exited(1), wallTime: .milliseconds(5))
        let relocated = PythonTraceback.relocate(result, in: block)
        // The fence is on the lesson's line 8, so python3's line 2 is the lesson's line 10.
        #expect(block.location.line == 8)
        #expect(relocated.lines.map(\.text)[2] == #"  File "Lessons/01-fixture.md", line 10, in <module>"#)
        #expect(relocated.lines.map(\.text)[0] == "1")
        #expect(relocated.lines.map(\.stream) == result.lines.map(\.stream))
        #expect(relocated.lines.map(\.elapsed) == result.lines.map(\.elapsed))
        #expect(relocated.termination == result.termination)
    }
}
