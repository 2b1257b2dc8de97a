import Testing

@testable import StepwiseCore

@Suite(.tags(.compiler), .timeLimit(.minutes(3)))
struct PromptSessionTests {
    static let countdown = SnippetSource(
        """
        struct Countdown: IteratorProtocol {
            var current: Int
            init(from start: Int) { current = start }
            mutating func next() -> Int? {
                defer { current -= 1 }
                return current > 0 ? current : nil
            }
        }
        print("the snippet's own output")
        """)

    func output(_ outcome: PromptSession.Outcome) -> [String]? {
        guard case .ran(let output, _, _) = outcome else { return nil }
        return output.map(\.text)
    }

    @Test func carriesStateBetweenEntries() async throws {
        let session = PromptSession(snippet: Self.countdown, runner: try await ExecutionTestSupport.runner())
        #expect(output(try await session.evaluate("var g = Countdown(from: 3)")) == [])
        #expect(output(try await session.evaluate("g.next()")) == ["Optional(3)"])
        #expect(output(try await session.evaluate("g.next()")) == ["Optional(2)"])
        #expect(await session.keptEntries == ["var g = Countdown(from: 3)", "g.next()", "g.next()"])
    }

    @Test func aRedeclarationShadowsTheEarlierVariable() async throws {
        let session = PromptSession(snippet: Self.countdown, runner: try await ExecutionTestSupport.runner())
        _ = try await session.evaluate("var g = Countdown(from: 3)")
        _ = try await session.evaluate("g.next()")
        #expect(output(try await session.evaluate("var g = Countdown(from: 10)")) == [])
        #expect(output(try await session.evaluate("g.next()")) == ["Optional(10)"])
    }

    @Test func printsValuesLikeAREPLAndNothingForVoid() async throws {
        let session = PromptSession(snippet: nil, runner: try await ExecutionTestSupport.runner())
        #expect(output(try await session.evaluate("print(\"hi\")")) == ["hi"])
        #expect(output(try await session.evaluate("\"quoted\"")) == ["\"quoted\""])
        #expect(output(try await session.evaluate("[1, 2].map { $0 * 2 }")) == ["[2, 4]"])
        #expect(output(try await session.evaluate("var total = 1")) == [])
        #expect(output(try await session.evaluate("total += 41")) == [])
        #expect(output(try await session.evaluate("total == 42")) == ["true"])
    }

    @Test func anEntryThatFailsToCompileIsReportedAndNotKept() async throws {
        let session = PromptSession(snippet: Self.countdown, runner: try await ExecutionTestSupport.runner())
        _ = try await session.evaluate("let fixed = Countdown(from: 2)")
        let outcome = try await session.evaluate("fixed.next()")
        guard case .compileFailed(let diagnostics) = outcome else {
            Issue.record("expected a compile failure, got \(outcome)")
            return
        }
        let error = try #require(diagnostics.first)
        #expect(error.region == .entry)
        #expect(error.line == 1)
        #expect(error.column == 7)
        #expect(error.sourceLine == "fixed.next()")
        #expect(diagnostics.allSatisfy { $0.severity != .warning })
        #expect(await session.keptEntries == ["let fixed = Countdown(from: 2)"])
    }

    @Test func aCrashingEntryIsReportedAndNotKept() async throws {
        let session = PromptSession(snippet: nil, runner: try await ExecutionTestSupport.runner())
        let outcome = try await session.evaluate("let empty: [Int] = []; print(empty[0])")
        guard case .ran(_, let termination, let crash) = outcome else {
            Issue.record("expected a run, got \(outcome)")
            return
        }
        #expect(!termination.isSuccess)
        #expect(crash?.message == "Index out of range")
        #expect(await session.keptEntries.isEmpty)
    }

    @Test(arguments: [
        ("func f() {", true),
        ("func f() {\n  print(1)\n}", false),
        ("let xs = [1,\n 2", true),
        ("print(\"(\")", false),
        ("print(\"\\(min(1, 2))\")", false),
        ("let s = \"\"\"\nunfinished", true),
        ("/* open comment", true),
        ("// comment with {", false),
        ("let r = #\"raw \\( { \"#", false),
        ("}", false),
    ])
    func needsContinuationWhileBracketsAreOpen(text: String, expected: Bool) {
        #expect(PromptSession.needsContinuation(text) == expected)
    }

    @Test(arguments: [
        ("g.next()", PromptEntry.Kind.expression),
        ("x == 3", .expression),
        ("a <= b", .expression),
        ("x = 3", .statement),
        ("x <<= 1", .statement),
        ("var g = Countdown(from: 3)", .statement),
        ("for i in 1...3 { print(i) }", .statement),
        ("extension Int { var twice: Int { self * 2 } }", .fileScopeDeclaration),
        ("[1, 2].filter { $0 == 1 }", .expression),
        ("let a = 1; a", .statement),
    ])
    func classifiesEntries(text: String, kind: PromptEntry.Kind) {
        #expect(PromptEntry.classify(text).kind == kind)
    }
}
