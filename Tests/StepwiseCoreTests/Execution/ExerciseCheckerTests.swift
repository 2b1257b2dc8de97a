import Testing

@testable import StepwiseCore

@Suite(.tags(.compiler), .timeLimit(.minutes(3)))
struct ExerciseCheckerTests {
    static let starter = SnippetSource(
        """
        struct Evens: IteratorProtocol {
            var current = 0
            mutating func next() -> Int? {
                fatalError("TODO: return 0, 2, 4, ...")
            }
        }
        """)
    static let wrong = SnippetSource(
        """
        struct Evens: IteratorProtocol {
            var current = 0
            mutating func next() -> Int? {
                defer { current += 1 }
                return current
            }
        }
        """)
    static let solution = SnippetSource(
        """
        struct Evens: IteratorProtocol {
            var current = 0
            mutating func next() -> Int? {
                defer { current += 2 }
                return current
            }
        }
        """)
    static let checks = SnippetSource(
        """
        var e = Evens()
        check("starts at zero", e.next() == 0)
        check("goes up by two", e.next() == 2 && e.next() == 4)
        """)

    func report(_ outcome: ExerciseChecker.Outcome) -> ExerciseReport? {
        guard case .checked(let report) = outcome else { return nil }
        return report
    }

    @Test func theSolutionPassesEveryCheck() async throws {
        let checker = ExerciseChecker(runner: try await ExecutionTestSupport.runner())
        let report = try #require(report(try await checker.check(Self.solution, checks: Self.checks)))
        #expect(report.results == [CheckResult(name: "starts at zero", passed: true), CheckResult(name: "goes up by two", passed: true)])
        #expect(report.allPassed)
    }

    @Test func aWrongAnswerFailsTheCheckItBreaks() async throws {
        let checker = ExerciseChecker(runner: try await ExecutionTestSupport.runner())
        let report = try #require(report(try await checker.check(Self.wrong, checks: Self.checks)))
        #expect(report.results.map(\.passed) == [true, false])
        #expect(report.failedChecks == ["goes up by two"])
        #expect(report.termination == .exited(1))
        #expect(!report.allPassed)
    }

    @Test func theStarterCrashesEveryCheckAndEachIsReportedWithTheCrash() async throws {
        let checker = ExerciseChecker(runner: try await ExecutionTestSupport.runner())
        let report = try #require(report(try await checker.check(Self.starter, checks: Self.checks)))
        #expect(!report.allPassed)
        #expect(report.results.map(\.name) == ["starts at zero", "goes up by two"])
        #expect(report.results.allSatisfy { $0.crashed && !$0.passed })
        #expect(report.results.allSatisfy { $0.crashReason?.contains("TODO: return 0, 2, 4, ...") == true })
        // Told beside each check, so not again on its own nor among what the code printed.
        #expect(report.crash == nil)
        #expect(!report.printed.contains { $0.text.contains("Fatal error") })
    }

    @Test func aCrashInOneCheckLeavesTheOthersToReport() async throws {
        let checker = ExerciseChecker(runner: try await ExecutionTestSupport.runner())
        let checks = SnippetSource(
            """
            check("before", half(4) == 2)
            check("crashes", half(-1) == 0)
            check("after", half(10), equals: 5)
            check("after, failing", half(6), equals: 4)
            """)
        let code = SnippetSource("func half(_ n: Int) -> Int {\n    precondition(n >= 0, \"negative\")\n    return n / 2\n}")
        let report = try #require(report(try await checker.check(code, checks: checks)))
        #expect(report.results.map(\.name) == ["before", "crashes", "after", "after, failing"])
        #expect(report.results.map(\.passed) == [true, false, true, false])
        #expect(report.results[1].crashed)
        #expect(report.results[1].crashReason?.contains("negative") == true)
        #expect(report.results[3].summary == "after, failing: got 3, expected 4")
        #expect(!report.allPassed)
    }

    @Test func aValueCheckShowsBothValuesAndQuotesStrings() async throws {
        let checker = ExerciseChecker(runner: try await ExecutionTestSupport.runner())
        let checks = SnippetSource(
            """
            check("count", calls, equals: 4)
            check("greeting", greeting, equals: "hello")
            check("list", [greeting], equals: ["hello"])
            check("same", calls, equals: 5)
            await check("async", equals: 10) { await doubled(calls) }
            await check("async boolean") { await doubled(1) == 3 }
            """)
        let code = SnippetSource("var calls = 5\nlet greeting = \"hello \"\nfunc doubled(_ n: Int) async -> Int { n * 2 }")
        let report = try #require(report(try await checker.check(code, checks: checks)))
        #expect(
            report.results.map(\.summary) == [
                "count: got 5, expected 4", #"greeting: got "hello ", expected "hello""#,
                #"list: got ["hello "], expected ["hello"]"#, "same", "async", "async boolean",
            ])
        #expect(report.results.map(\.passed) == [false, false, false, true, true, false])
    }

    @Test func aCompileErrorInTheLearnersCodeIsReportedOnTheirLine() async throws {
        let checker = ExerciseChecker(runner: try await ExecutionTestSupport.runner())
        let broken = SnippetSource("struct Evens: IteratorProtocol {\n    func next() -> Int? { nil }\n    var x: Int = \"no\"\n}")
        let outcome = try await checker.check(broken, checks: Self.checks)
        guard case .compileFailed(let diagnostics) = outcome else {
            Issue.record("expected a compile failure, got \(outcome)")
            return
        }
        #expect(diagnostics.contains { $0.region == .snippet && $0.line == 3 && $0.severity == .error })
    }
}
