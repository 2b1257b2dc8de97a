import Foundation
import StepwiseSyntax
import Testing

@testable import StepwiseCore

/// Every Python program a lesson shows must run; a fragment is shown only.
@Suite(.tags(.fast)) struct PythonProgramCheckTests {
    func parse(_ info: String) -> (CodeRole, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let text = lesson("\n## Step\n\n```\(info)\npass\n```")
        let parsed = LessonParser(file: "Lessons/01-fixture.md").parse(text, diagnostics: &diagnostics)
        let role = parsed?.steps.flatMap(\.codeBlocks).first?.role ?? .display
        return (role, diagnostics)
    }

    @Test func readsThePythonUses() {
        #expect(parse("python").0 == .python(.program))
        #expect(parse("python compare").0 == .python(.compare))
        #expect(parse("python fragment").0 == .python(.fragment))
        #expect(parse("python fragment").1.isEmpty)
        #expect(PythonUse.program.runs && PythonUse.compare.runs && !PythonUse.fragment.runs)
    }

    @Test func rejectsACompareFragment() {
        let messages = parse("python compare fragment").1.map(\.message)
        #expect(messages.contains { $0.contains("cannot be compared") }, "\(messages)")
    }

    func check(_ text: String, engine: ScriptedEngine) async throws -> (report: CheckReport, file: String) {
        let folder = try LessonFolder()
        defer { folder.remove() }
        let file = try folder.write("01-fixture.md", text)
        let report = try await LessonChecker(engine: engine, declarations: DeclarationsReader(), parallelism: 2).check(paths: [
            folder.path
        ])
        return (report, file)
    }

    @Test func failsAPlainProgramThatRaisesAndSkipsAFragment() async throws {
        let engine = ScriptedEngine()
        let failing = "raise ValueError('no')"
        let fragment = "yield x"
        engine.python[failing] = .ran(
            RunOutcome(
                output: "Traceback (most recent call last):\n  File \"/tmp/x/snippet.py\", line 1, in <module>\nValueError: no\n",
                termination: .exited(1)))
        engine.python[fragment] = .ran(RunOutcome(output: "SyntaxError\n", termination: .exited(1)))
        let (report, file) = try await check(
            lesson("\n```python\n\(failing)\n```\n\n```python fragment\n\(fragment)\n```"), engine: engine)
        // The first fence is line 6, so the raising line is line 7; the fragment is never reported.
        #expect(report.findings(in: file) == ["7: error: the Python original fails when run"])
    }

    @Test func passesAPlainProgramThatRuns() async throws {
        let engine = ScriptedEngine()
        let (report, file) = try await check(lesson("\n```python\nprint('fine')\n```"), engine: engine)
        #expect(report.findings(in: file).isEmpty)
    }
}
