import StepwiseCore
import Testing

@testable import StepwiseTerminal

@Suite(.tags(.fast)) struct DiagnosticPrinterTests {
    let report = CheckReport(
        lessons: [
            .init(
                file: "Lessons/01-a.md", id: "a",
                diagnostics: [
                    .error(
                        at: SourceLocation(file: "Lessons/01-a.md", line: 12, column: 4), "wrong",
                        notes: ["stated (-) and real (+) output:", "  - 1", "  + 2"])
                ]),
            .init(
                file: "Lessons/02-b.md", id: "b",
                diagnostics: [
                    .warning(at: SourceLocation(file: "Lessons/02-b.md", line: 3), "not compared")
                ]),
        ],
        snippetCount: 1
    )

    @Test func printsCompilerStyleLinesNotesAndSummaryWithoutColour() {
        #expect(
            DiagnosticPrinter(usesColor: false).format(report) == """
                Lessons/01-a.md:12:4: error: wrong
                    stated (-) and real (+) output:
                      - 1
                      + 2
                Lessons/02-b.md:3:1: warning: not compared
                checked 2 lessons, 1 snippet: 1 error, 1 warning

                """)
    }

    @Test func colouredOutputWrapsSeverityInEscapes() {
        let text = DiagnosticPrinter(usesColor: true).format(report)
        #expect(text.contains("\u{1B}[1;31merror:\u{1B}[0m"))
    }
}
