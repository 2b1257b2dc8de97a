import Testing

@testable import StepwiseCore

/// What a wrong prediction is told: the kind of difference, never the output itself.
@Suite(.tags(.fast))
struct PredictionJudgeTests {
    @Test func aRightAnswerHasNoDifferenceWhateverItsSpacing() {
        #expect(PredictionJudge.difference(answer: " 1  2 3", output: "1\n2\n3\n") == nil)
    }

    @Test(arguments: [
        ("1, 2, 3", "1\n2\n3", PredictionJudge.Difference.separators),
        ("1;2;3", "1\n2\n3", .separators),
        ("a b", "\"a\"\n\"b\"", .quotes(outputHasQuotes: true)),
        ("\"hello\"", "hello", .quotes(outputHasQuotes: false)),
        ("3 2 1", "1\n2\n3", .order),
        ("1 3", "1\n2\n3", .missingLine(line: 2, of: 3)),
        ("1 2 3 4", "1\n2\n3", .extra("4")),
        ("start 9 end", "start\nend", .extra("9")),
        ("1 2 x", "1\n2\n3", .other(matchingPieces: 2, outputLines: 3)),
    ])
    func eachKindOfDifferenceIsRecognised(answer: String, output: String, expected: PredictionJudge.Difference) {
        #expect(PredictionJudge.difference(answer: answer, output: output) == expected)
    }

    @Test func commasThatTheOutputPrintsAreNotSeparators() {
        // `[1, 2]` printed: typing `1, 2` is missing the brackets, not a separator slip.
        #expect(PredictionJudge.difference(answer: "1, 2", output: "[1, 2]") != .separators)
    }

    @Test func onlySeparatorsAreFormatOnly() {
        #expect(PredictionJudge.Difference.separators.isFormatOnly)
        #expect(!PredictionJudge.Difference.order.isFormatOnly)
    }

    @Test func theExplanationOfAMissingLineSaysWhereNotWhat() throws {
        let difference = try #require(PredictionJudge.difference(answer: "a c", output: "a\nsecret\nc"))
        #expect(difference.explanation.contains("line 2"))
        #expect(!difference.explanation.contains("secret"))
    }
}
