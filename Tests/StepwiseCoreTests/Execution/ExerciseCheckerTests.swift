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

    @Test func theStarterCrashesAndCountsAsFailing() async throws {
        let checker = ExerciseChecker(runner: try await ExecutionTestSupport.runner())
        let report = try #require(report(try await checker.check(Self.starter, checks: Self.checks)))
        #expect(!report.allPassed)
        #expect(report.results == [CheckResult(name: "starts at zero", passed: false, crashed: true)])
        #expect(report.crash?.message == "TODO: return 0, 2, 4, ...")
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
