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

    @Test func swiftIsColouredInTerminalStyles() {
        let found = styles("let x = \"hi\" // note\nvar n = 42", .swift)
        #expect(found["let"] == SyntaxHighlighter.keyword)
        #expect(found["\"hi\""] == SyntaxHighlighter.string)
        #expect(found["// note"] == SyntaxHighlighter.comment)
        #expect(found["42"] == SyntaxHighlighter.number)
    }

    @Test func pythonUsesHashCommentsAndSingleQuotes() {
        let found = styles("@dataclass\ndef f():\n    yield 'a'  # one\n    return None", .python)
        #expect(found["def"] == SyntaxHighlighter.keyword)
        #expect(found["yield"] == SyntaxHighlighter.keyword)
        #expect(found["None"] == SyntaxHighlighter.keyword)
        #expect(found["'a'"] == SyntaxHighlighter.string)
        #expect(found["# one"] == SyntaxHighlighter.comment)
        #expect(found["@dataclass"] == SyntaxHighlighter.attribute)
    }

    @Test func pythonTripleQuotedStringsCarryAcrossLines() {
        let lines = SyntaxHighlighter(language: .python).highlight("s = \"\"\"one\ntwo\"\"\" + x")
        #expect(lines[1].first?.text == "two\"\"\"")
        #expect(lines[1].first?.style == SyntaxHighlighter.string)
        #expect(lines[1].last?.style == .plain)
    }

    @Test(arguments: [SyntaxHighlighter.Language.swift, .python, .none])
    func keepsEveryCharacter(_ language: SyntaxHighlighter.Language) {
        let source = "for await x in s { print(x, \"a\\\"b\") } /* c */\n# 'q' \"\"\"\n"
        let joined = SyntaxHighlighter(language: language).highlight(source).map { $0.map(\.text).joined() }.joined(separator: "\n")
        #expect(joined == source)
    }
}
