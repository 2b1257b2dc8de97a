import Foundation
import StepwiseSyntax
import Testing

@testable import StepwiseCore

/// How the dynamic checks judge what the engine reports, and where they report it.
@Suite(.tags(.fast)) struct DynamicChecksWithScriptedEngineTests {
    func check(_ text: String, engine: ScriptedEngine, parallelism: Int = 2) async throws -> (report: CheckReport, file: String) {
        let folder = try LessonFolder()
        defer { folder.remove() }
        let file = try folder.write("01-fixture.md", text)
        let report = try await LessonChecker(engine: engine, declarations: DeclarationsReader(), parallelism: parallelism).check(paths: [
            folder.path
        ])
        return (report, file)
    }

    @Test func placesCompilerMessagesOnHiddenLinesPastTheMarker() async throws {
        let code = "# let x = undefined\nprint(x)"
        let engine = ScriptedEngine()
        engine.compiles[code] = CompileOutcome(
            messages: [CompilerMessage(severity: .error, line: 1, column: 9, message: "cannot find 'undefined' in scope")],
            succeeded: false
        )
        let (report, file) = try await check(lesson("\n```swift\n\(code)\n```"), engine: engine)
        let diagnostic = try #require(report.diagnostics.first)
        #expect(diagnostic.location == SourceLocation(file: file, line: 7, column: 11))
        #expect(diagnostic.message == "cannot find 'undefined' in scope")
    }

    @Test func treatsCompilerWarningsAsErrors() async throws {
        let code = "var x = 1\nprint(x)"
        let engine = ScriptedEngine()
        engine.compiles[code] = CompileOutcome(
            messages: [CompilerMessage(severity: .warning, line: 1, column: 5, message: "variable 'x' was never mutated")],
            succeeded: true
        )
        let (report, file) = try await check(lesson("\n```swift\n\(code)\n```"), engine: engine)
        #expect(report.findings(in: file) == ["7: error: variable 'x' was never mutated (lesson code must compile without warnings)"])
    }

    @Test func reportsWrongOutputAtTheOutputBlockWithADiff() async throws {
        let engine = ScriptedEngine()
        engine.runs["print(1)"] = RunOutcome(output: "1\n", termination: .exited(0))
        let (report, file) = try await check(lesson("\n```swift\nprint(1)\n```\n\n```output\n2\n```"), engine: engine)
        let diagnostic = try #require(report.diagnostics.first)
        #expect(diagnostic.location == SourceLocation(file: file, line: 10))
        #expect(diagnostic.notes == ["--- expected output", "+++ actual output", "@@ -1,1 +1,1 @@", "-2", "+1"])
    }

    @Test func reportsTheFirstDifferingStepAtItsLine() async throws {
        let code = "var gen = [1, 2, 3].makeIterator()"
        let engine = ScriptedEngine()
        engine.steps[code] = ["Optional(1)", "Optional(2)", "Optional(3)"]
        let (report, file) = try await check(
            lesson("\n```swift step=gen\n\(code)\n```\n\n```steps\nOptional(1)\nOptional(3)\nOptional(4)\n```"),
            engine: engine
        )
        #expect(
            report.findings(in: file) == ["12: error: call 2 of gen.next() returned 'Optional(2)', but the steps block says 'Optional(3)'"])
    }

    @Test func reportsAnUndeclaredStepTargetOnceWithoutSteppingIt() async throws {
        let code = "var gen = [1].makeIterator()"
        let engine = ScriptedEngine()
        engine.steps[code] = []
        let (report, file) = try await check(lesson("\n```swift step=gne\n\(code)\n```\n\n```steps\nOptional(1)\n```"), engine: engine)
        #expect(report.findings(in: file) == ["6: error: step=gne names no top-level variable of this snippet; did you mean 'gen'?"])
    }

    @Test func warnsInsteadOfFailingWhenPythonIsMissing() async throws {
        let engine = ScriptedEngine()
        engine.python["print(1)"] = .unavailable("python3 was not found")
        let (report, file) = try await check(lesson("\n```python compare\nprint(1)\n```\n\n```swift\nprint(1)\n```"), engine: engine)
        #expect(report.findings(in: file) == ["6: warning: python compare not checked"])
        #expect(report.diagnostics.first?.notes == ["python3 was not found"])
        #expect(report.passed)
    }

    @Test func aPythonErrorPointsAtTheLessonLineNotTheTemporaryFile() async throws {
        let engine = ScriptedEngine()
        let python = "print(1)\nprint(2)\nraise ValueError('no')"
        let traceback = """
            1
            2
            Traceback (most recent call last):
              File "/tmp/stepwise-python-0A1B/snippet.py", line 3, in <module>
                raise ValueError('no')
            ValueError: no

            """
        engine.python[python] = .ran(RunOutcome(output: traceback, termination: .exited(1)))
        let (report, file) = try await check(lesson("\n```python compare\n\(python)\n```\n\n```swift\nprint(1)\n```"), engine: engine)
        // The fence is line 6, so the block's third line is line 9.
        #expect(report.findings(in: file) == ["9: error: the Python original fails when run"])
        let notes = report.diagnostics.first?.notes ?? []
        #expect(notes.contains("    File \"\(file)\", line 9, in <module>"), "\(notes)")
        #expect(!notes.contains { $0.contains("stepwise-python") })
    }

    @Test func comparesPythonAfterApplyingDifferences() async throws {
        let engine = ScriptedEngine()
        engine.python["print(['a'])"] = .ran(RunOutcome(output: "['a']\n", termination: .exited(0)))
        engine.runs["print([\"a\"])"] = RunOutcome(output: "[\"a\"]\n", termination: .exited(0))
        let body = "\n```python compare\nprint(['a'])\n```\n\n```swift\nprint([\"a\"])\n```\n\n```differences\n' => \"  quotes\n```"
        let (passing, _) = try await check(lesson(body), engine: engine)
        #expect(passing.diagnostics.isEmpty)

        let withoutDifferences = body.components(separatedBy: "\n\n```differences").first ?? body
        let (failing, file) = try await check(lesson(withoutDifferences), engine: engine)
        #expect(failing.findings(in: file) == ["6: error: Python and Swift print different output"])
    }

    @Test func reportsStarterThatAlreadyPassesAndAcceptsCrashingStarter() async throws {
        let body = "\n```swift exercise\nSTARTER\n```\n\n```swift checks\ncheck(\"x\", true)\n```\n\n```swift solution\nSOLUTION\n```"
        let engine = ScriptedEngine()
        let (report, file) = try await check(lesson(body), engine: engine)
        #expect(report.findings(in: file) == ["6: error: starter code already passes every check; the exercise leaves nothing to do"])

        engine.exercises["STARTER"] = ExerciseOutcome(
            compile: CompileOutcome(messages: [], succeeded: true),
            results: [],
            termination: .signalled(4, name: "SIGILL"),
            output: "Fatal error: TODO"
        )
        let (crashing, _) = try await check(lesson(body), engine: engine)
        #expect(crashing.diagnostics.isEmpty)
    }

    @Test func reportsFailingSolutionChecksByName() async throws {
        let body = "\n```swift exercise\nSTARTER\n```\n\n```swift checks\nCHECKS\n```\n\n```swift solution\nSOLUTION\n```"
        let engine = ScriptedEngine()
        engine.exercises["STARTER"] = ExerciseOutcome(
            compile: CompileOutcome(messages: [], succeeded: true), results: [.init(name: "one", passed: false)], termination: .exited(0),
            output: ""
        )
        engine.exercises["SOLUTION"] = ExerciseOutcome(
            compile: CompileOutcome(messages: [], succeeded: true),
            results: [.init(name: "one", passed: true), .init(name: "two", passed: false)],
            termination: .exited(0),
            output: ""
        )
        let (report, file) = try await check(lesson(body), engine: engine)
        #expect(report.findings(in: file) == ["14: error: solution fails the check 'two'"])
    }

    @Test func compilesNoMoreSnippetsAtOnceThanAllowed() async throws {
        let body = (1...6).map { "\n```swift\nprint(\($0))\n```\n" }.joined()
        let engine = ScriptedEngine()
        _ = try await check(lesson(body), engine: engine, parallelism: 2)
        #expect(engine.mostConcurrentCompiles == 2)
    }
}
