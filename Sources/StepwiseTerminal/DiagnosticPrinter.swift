import StepwiseCore

/// Formats check results the way compilers do, so editors and CI logs can jump to them:
///
///     Lessons/01-generators.md:57:1: error: output block differs from the snippet's real output
///         --- expected output
///         ...
///     checked 1 lesson, 6 snippets: 1 error, 0 warnings
package struct DiagnosticPrinter: Sendable {
    package var usesColor: Bool

    package init(usesColor: Bool) {
        self.usesColor = usesColor
    }

    package func format(_ diagnostic: Diagnostic) -> String {
        let severity: String
        switch diagnostic.severity {
        case .error: severity = paint("error:", "1;31")
        case .warning: severity = paint("warning:", "1;35")
        }
        // A message or a diff note quotes lesson text and program output: made visible first.
        var text = paint(VisibleText.terminal("\(diagnostic.location):"), "1") + " " + severity + " "
        text += paint(VisibleText.terminal(diagnostic.message), "1")
        for note in diagnostic.notes {
            text += "\n    " + paintNote(VisibleText.terminal(note))
        }
        return text
    }

    /// Every diagnostic, then the one-line summary; ends with a newline.
    package func format(_ report: CheckReport) -> String {
        var lines = report.diagnostics.map(format)
        let summary = report.summary
        let colour = summary.errors > 0 ? "1;31" : (summary.warnings > 0 ? "1;35" : "1;32")
        lines.append(paint(VisibleText.terminal(summary.description), colour))
        return lines.joined(separator: "\n") + "\n"
    }

    /// Diff lines in notes get diff colours.
    func paintNote(_ note: String) -> String {
        if note.hasPrefix("---") || note.hasPrefix("+++") { return paint(note, "1") }
        if note.hasPrefix("@@") { return paint(note, "36") }
        if note.hasPrefix("-") { return paint(note, "31") }
        if note.hasPrefix("+") { return paint(note, "32") }
        return note
    }

    func paint(_ text: String, _ code: String) -> String {
        usesColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
