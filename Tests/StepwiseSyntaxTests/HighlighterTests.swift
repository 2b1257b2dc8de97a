import Testing

@testable import StepwiseSyntax

@Suite(.tags(.fast)) struct HighlighterTests {
    /// Each line as `kind:text` pieces, the plain ones as bare text, for readable expectations.
    func pieces(_ source: String) -> [[String]] {
        Highlighter.lines(ofSwift: source).map { line in
            line.map { $0.kind == .plain ? $0.text : "\($0.kind):\($0.text)" }
        }
    }

    func kinds(_ source: String) -> [String: HighlightKind] {
        var found: [String: HighlightKind] = [:]
        for line in Highlighter.lines(ofSwift: source) {
            for span in line { found[span.text] = span.kind }
        }
        return found
    }

    @Test func coloursKeywordsStringsNumbersCommentsAndTypes() {
        let found = kinds("let x: Int = \"hi\".count // note\nvar n = 42 + 1.5\n@MainActor func f() {}")
        #expect(found["let"] == .keyword)
        #expect(found["\"hi\""] == .string)
        #expect(found["// note"] == .comment)
        #expect(found["42"] == .number)
        #expect(found["1.5"] == .number)
        #expect(found["Int"] == .type)
        #expect(found["@MainActor"] == .attribute)
        #expect(found["func"] == .keyword)
    }

    @Test func anInterpolationWithAStringInsideEndsWhereTheCompilerEndsIt() {
        let line = pieces(#"print("\(d["k"]!)", total) // done"#)
        #expect(
            line == [
                [
                    "print(", "string:\"\\(", "d[", "string:\"k\"", "]!", "string:)\"", ", total) ",
                    "comment:// done",
                ]
            ])
    }

    @Test func theRestOfTheLineAfterAnInterpolationIsCode() {
        #expect(
            pieces(#"let s = "\(d["k"]!)"; let t = 1"#) == [
                [
                    "keyword:let", " s = ", "string:\"\\(", "d[", "string:\"k\"", "]!", "string:)\"", "; ", "keyword:let",
                    " t = ", "number:1",
                ]
            ])
    }

    @Test func aRawStringWithQuotesInsideIsOneString() {
        #expect(pieces(##"let s = #"say "hi" now"# + x"##) == [["keyword:let", " s = ", ##"string:#"say "hi" now"#"##, " + x"]])
    }

    @Test func blockCommentsAndMultilineStringsCarryAcrossLines() {
        let source = "/* a\n b */ let s = \"\"\"\n    text\n    \"\"\"\nlet after = 1"
        let lines = Highlighter.lines(ofSwift: source)
        #expect(lines[0].map(\.kind) == [.comment])
        #expect(lines[1].first?.kind == .comment)
        // The indentation a multiline string strips is trivia to the parser, and left plain.
        #expect(lines[2].filter { !$0.text.allSatisfy(\.isWhitespace) } == [HighlightSpan("text", .string)])
        #expect(lines[3].filter { !$0.text.allSatisfy(\.isWhitespace) } == [HighlightSpan("\"\"\"", .string)])
        #expect(lines[4].first == HighlightSpan("let", .keyword))
    }

    @Test func macrosAndConditionsAreHashWords() {
        let found = kinds("#if DEBUG\nlet l = #line\n#endif")
        #expect(found["#if"] == .attribute)
        #expect(found["#line"] == .attribute)
        #expect(found["#endif"] == .attribute)
    }

    @Test(arguments: [
        "for await x in s { print(x, \"a\\\"b\") } /* c */",
        "let s = \"\\(d[\"k\"]!)\" + \"é🙂\"\n\n  // end\n",
        "let broken = \"no end\nfunc (",
        #"let r = #/a+\d/#, t = /\(/"#,
    ])
    func keepsEveryCharacter(_ source: String) {
        let joined = Highlighter.lines(ofSwift: source).map { $0.map(\.text).joined() }.joined(separator: "\n")
        #expect(joined == source)
    }

    @Test func theSameTextIsClassifiedOnce() {
        let memo = HighlightMemo()
        var calls = 0
        let make: (String) -> [[HighlightSpan]] = { text in
            calls += 1
            return Highlighter.classified(text)
        }
        let first = memo.lines(of: "let a = 1", make)
        let second = memo.lines(of: "let a = 1", make)
        _ = memo.lines(of: "let b = 2", make)
        #expect(first == second)
        #expect(calls == 2)
    }

    @Test func theMemoStartsAgainWhenFull() {
        let memo = HighlightMemo()
        var calls = 0
        let make: (String) -> [[HighlightSpan]] = { text in
            calls += 1
            return [[HighlightSpan(text, .plain)]]
        }
        for index in 0...HighlightMemo.capacity { _ = memo.lines(of: "\(index)", make) }
        _ = memo.lines(of: "0", make)
        #expect(calls == HighlightMemo.capacity + 2)
    }
}
