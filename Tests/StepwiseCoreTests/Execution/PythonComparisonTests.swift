import Foundation
import Testing

@testable import StepwiseCore

@Suite(.tags(.compiler), .timeLimit(.minutes(3)))
struct PythonComparisonTests {
    @Test func comparesPythonWithSwiftAllowingADeclaredDifference() async throws {
        let python = try await PythonRunner.locate()
        let pythonRun = try await python.run(
            """
            def gen():
                for word in ["a", "b"]:
                    yield word
            print(list(gen()))
            """)
        #expect(pythonRun.termination == .exited(0))
        let runner = try await ExecutionTestSupport.runner()
        let swiftRun = try await runner.run(SnippetSource("print([\"a\", \"b\"].map { $0 })"))
        let swiftLines = ExecutionTestSupport.texts(swiftRun)
        let pythonLines = pythonRun.lines.map(\.text)
        #expect(pythonLines == ["['a', 'b']"])
        #expect(swiftLines == ["[\"a\", \"b\"]"])

        let (differences, invalid) = DeclaredDifference.parseBlock(
            "' => \"  Swift prints string literals in double quotes; Python's repr uses single quotes.\n")
        #expect(invalid.isEmpty)
        #expect(
            OutputComparison.compare(python: pythonLines, swift: swiftLines, differences: differences)
                == .equivalent(["Swift prints string literals in double quotes; Python's repr uses single quotes."]))
        guard case .different(let diff) = OutputComparison.compare(python: pythonLines, swift: swiftLines, differences: []) else {
            Issue.record("without the difference the outputs must differ")
            return
        }
        #expect(diff.contains("-['a', 'b']"))
        #expect(diff.contains("+[\"a\", \"b\"]"))
    }

    @Test func identicalOutputsNeedNoExplanation() {
        #expect(OutputComparison.compare(python: ["1", "2"], swift: ["1", "2"], differences: []) == .identical)
    }

    @Test func parsesTheSwiftSideUpToTwoSpaces() throws {
        let difference = try #require(DeclaredDifference.parse("None => nil  Swift's absent value is nil."))
        #expect(difference == DeclaredDifference(python: "None", swift: "nil", explanation: "Swift's absent value is nil."))
        #expect(DeclaredDifference.parse("no arrow here") == nil)
    }

    /// A `python3` that is a version manager's shim (a script that starts the interpreter) is
    /// looked through: runs start the interpreter itself, which prints the same.
    @Test func aShimOnThePathIsResolvedToTheInterpreterItRuns() async throws {
        let real = try await PythonRunner.locate()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-shim-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let shim = folder + "/python3"
        try "#!/bin/sh\nexec '\(real.python)' \"$@\"\n".write(toFile: shim, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: shim)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = folder + ":/usr/bin:/bin"
        let found = try await PythonRunner.locate(environment: environment)
        #expect(found.python == real.python)
        #expect(found.python != shim)
        #expect(found.version == real.version && found.version.hasPrefix("Python 3."))
        #expect(try await found.run("print(6 * 7)").lines.map(\.text) == ["42"])
    }

    @Test func acceptsPython311AndNewerOnly() {
        #expect(PythonRunner.isSupported("Python 3.11.9"))
        #expect(PythonRunner.isSupported("Python 3.13.0rc1"))
        #expect(!PythonRunner.isSupported("Python 3.10.12"))
        #expect(!PythonRunner.isSupported("Python 2.7.18"))
    }

    @Test func laysOutTwoColumnsMarkingDifferences() {
        let rows = SideBySide.render(left: ["same", "['a']"], right: ["same", "[\"a\"]"], width: 23)
        #expect(rows == ["Python       Swift", "same       │ same", "['a']      ≠ [\"a\"]"])
        let cut = SideBySide.render(left: ["a very long python line"], right: ["x"], width: 23)
        #expect(cut[1] == "a very lo… ≠ x")
    }
}
