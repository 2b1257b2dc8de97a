import Testing
@testable import StepwiseCore

@Suite struct OutputMatchingTests {
    @Test func ignoresTrailingSpacesAndTrailingBlankLines() {
        #expect(StatedOutput("a\nb").matches("a  \nb\n\n"))
        #expect(!StatedOutput("a\nb").matches("a\nb\nc\n"))
    }

    @Test func tildeLineMatchesByPrefix() {
        let stated = StatedOutput("start\n~ took \nend")
        #expect(stated.matches("start\ntook 12 ms\nend\n"))
        #expect(!stated.matches("start\nran 12 ms\nend\n"))
    }

    @Test func diffShowsOnlyTheChangedLines() {
        let diff = LineDiff.lines(expected: ["1", "2", "3"], actual: ["1", "3", "4"])
        #expect(diff == ["  1", "- 2", "  3", "+ 4"])
    }

    @Test func diffPutsRemovedBeforeAdded() {
        #expect(LineDiff.lines(expected: ["a"], actual: ["b"]) == ["- a", "+ b"])
    }

    @Test func differencesReplaceTheirPythonSpellingAndKeepTheExplanation() throws {
        let block = CodeBlock(
            info: InfoString(language: "differences"),
            role: .differences,
            code: "' => \"  Python quotes with '.\nNone => nil  Python's nothing.\nno arrow here",
            location: SourceLocation(file: "l.md", line: 10)
        )
        let differences = OutputDifferences(block)
        #expect(differences.replacements.map(\.swift) == ["\"", "nil"])
        #expect(differences.replacements.first?.explanation == "Python quotes with '.")
        #expect(differences.malformedLines == [13])
        #expect(differences.applied(to: "['a', None]") == "[\"a\", nil]")
    }
}
