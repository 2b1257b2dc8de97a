import Testing

@testable import StepwiseCore

struct OutputMatchingTests {
    @Test func matchesExactLinesAndTildePrefixes() {
        #expect(ExpectedOutput.matches(expected: "Optional(1)\n~ took \n", actual: ["Optional(1)", "took 0.53 s"]) == .matches)
        #expect(ExpectedOutput.matches(expected: "a\nb", actual: "a\nb\n\n") == .matches)
    }

    @Test func producesAUnifiedDiffOnMismatch() {
        let match = ExpectedOutput.matches(expected: "1\n2\n3", actual: ["1", "two", "3"])
        #expect(
            match
                == .differs(
                    diff: "--- expected output\n+++ actual output\n@@ -1,3 +1,3 @@\n 1\n-2\n+two\n 3"))
    }

    @Test func aMissingLineIsAMismatch() {
        guard case .differs(let diff) = ExpectedOutput.matches(expected: "1\n2", actual: ["1"]) else {
            Issue.record("a missing line must not match")
            return
        }
        #expect(diff.hasSuffix(" 1\n-2"))
    }

    @Test func judgesPredictionsIgnoringWhitespace() {
        #expect(PredictionJudge.matches(answer: "  Optional(1) Optional(2) ", output: "Optional(1)\nOptional(2)\n"))
        #expect(!PredictionJudge.matches(answer: "Optional(1)", output: "Optional(1)\nOptional(2)"))
        #expect(!PredictionJudge.matches(answer: "Optional (1)", output: "Optional(1)"))
    }
}
