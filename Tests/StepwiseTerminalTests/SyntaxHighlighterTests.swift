import Testing

@testable import StepwiseTerminal

@Suite(.tags(.fast)) struct SyntaxHighlighterTests {
    func styles(_ source: String, _ language: SyntaxHighlighter.Language) -> [String: TextStyle] {
        var result: [String: TextStyle] = [:]
        for line in SyntaxHighlighter(language: language).highlight(source) {
            for span in line { result[span.text] = span.style }
        }
        return result
    }

    @Test func coloursSwiftKeywordsStringsNumbersAndComments() {
        let found = styles("let x = \"hi\" // note\nvar n = 42", .swift)
        #expect(found["let"] == SyntaxHighlighter.keyword)
        #expect(found["\"hi\""] == SyntaxHighlighter.string)
        #expect(found["// note"] == SyntaxHighlighter.comment)
        #expect(found["42"] == SyntaxHighlighter.number)
        #expect(found["x"] == .plain)
    }

    @Test func pythonUsesHashCommentsAndSingleQuotes() {
        let found = styles("def f():\n    yield 'a'  # one", .python)
        #expect(found["def"] == SyntaxHighlighter.keyword)
        #expect(found["yield"] == SyntaxHighlighter.keyword)
        #expect(found["'a'"] == SyntaxHighlighter.string)
        #expect(found["# one"] == SyntaxHighlighter.comment)
    }

    @Test func keepsEveryCharacter() {
        let source = "for await x in s { print(x, \"a\\\"b\") } /* c */"
        let joined = SyntaxHighlighter(language: .swift).highlight(source).map { $0.map(\.text).joined() }.joined(separator: "\n")
        #expect(joined == source)
    }
}
