import Testing

@testable import StepwiseCore

/// A top-level `throw` is told as the learner wrote it, not as the runtime's trap.
@Suite(.tags(.compiler), .timeLimit(.minutes(3)))
struct UncaughtErrorTests {
    func ran(_ outcome: SnippetOutcome) throws -> RunResult {
        guard case .ran(let result, _) = outcome else { throw UncaughtErrorTestFailure(outcome: outcome) }
        return result
    }

    @Test(arguments: [SnippetRunner.FirstRun.interpret, .compile])
    func aTopLevelThrowSaysUncaughtErrorAndExitsWithStatusOne(firstRun: SnippetRunner.FirstRun) async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: firstRun)
        let source = SnippetSource("struct Oops: Error {}\nprint(\"before\")\nthrow Oops()")
        let result = try ran(try await runner.run(source))
        #expect(result.lines.map(\.text) == ["before", "uncaught error: Oops()"])
        #expect(result.termination == .exited(1))
        #expect(RuntimeCrash.find(in: result.lines)?.kind == "uncaught error")
    }

    @Test func aTypeDeclaredInABlockLosesItsMangledContext() async throws {
        let runner = try await ExecutionTestSupport.runner()
        let source = SnippetSource("do {\n    struct Boom: Error { var code: Int }\n    throw Boom(code: 7)\n}")
        let result = try ran(try await runner.run(source))
        #expect(result.lines.map(\.text) == ["uncaught error: Boom(code: 7)"])
    }

    @Test func otherCrashesAreUnchanged() {
        let crash = RuntimeCrash.parse("main/snippet.swift:3: Fatal error: Unexpectedly found nil while unwrapping an Optional value")
        #expect(crash.flatMap(RuntimeCrash.uncaughtError(in:)) == nil)
        let thrown = RuntimeCrash.parse(
            "Swift/ErrorType.swift:254: Fatal error: Error raised at top level: main.(unknown context at $7f41aa).Oops()")
        #expect(thrown.flatMap(RuntimeCrash.uncaughtError(in:)) == "Oops()")
    }
}

struct UncaughtErrorTestFailure: Error {
    var outcome: SnippetOutcome
}
