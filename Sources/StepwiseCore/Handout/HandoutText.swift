/// Wording and formatting both handout renderers share, so Markdown and HTML say the same thing.
package enum HandoutText {
    /// A flood keeps its head and tail, as the tutor shows it.
    package static let maximumShownLines = 200
    package static let tailLines = 20

    /// The lines to print: all of them, or the head and tail of a flood with the number left out
    /// between (nil marks the gap).
    package static func shown(_ lines: [TimedLine]) -> (lines: [TimedLine?], omitted: Int) {
        guard lines.count > maximumShownLines else { return (lines.map(Optional.some), 0) }
        let head = lines.prefix(maximumShownLines - tailLines).map(Optional.some)
        let tail = lines.suffix(tailLines).map(Optional.some)
        return (head + [nil] + tail, lines.count - maximumShownLines)
    }

    /// How a run ended, in the tutor's words (``RunEnding``), with what was not kept.
    package static func ending(_ result: RunResult) -> (text: String, isFailure: Bool) {
        let outOfMemory = RuntimeCrash.find(in: result.lines)?.isOutOfMemory == true
        var ending = RunEnding(result.termination, wallTime: result.wallTime, outOfMemory: outOfMemory)
        if result.omittedBytes > 0 { ending.text += "; \(result.omittedBytes) more bytes of output not kept" }
        return (ending.text, ending.isFailure)
    }

    /// A compiler diagnostic on one line, as the tutor words it.
    package static func diagnostic(_ diagnostic: CompilerDiagnostic) -> [String] {
        [diagnostic.header] + (diagnostic.excerpt ?? [])
    }

    /// `Optional(3)` → "a value: unwrap it to get 3"; `nil` → "the end of the sequence".
    package static func meaning(of report: StepReport) -> String {
        if let error = report.error { return "threw \(error)" }
        if report.isEnd { return "the end of the sequence" }
        if report.value.hasPrefix("Optional("), report.value.hasSuffix(")") {
            return "a value: unwrap it to get \(report.value.dropFirst("Optional(".count).dropLast())"
        }
        return "a value"
    }

    /// Stored properties on one line each, cut so a library iterator's long description fits a page.
    package static func state(_ entries: [StateEntry], room: Int = 90) -> [String] {
        entries.map { entry in
            let text = "\(entry.label) = \(entry.value)"
            return text.count > room ? String(text.prefix(room - 1)) + "…" : text
        }
    }

    /// What a trace's last line says.
    package static func ending(_ trace: SteppingTrace) -> (text: String, isFailure: Bool)? {
        switch trace.ending {
        case .finished:
            return nil
        case .capped(let cap):
            return ("stopped after \(cap) calls: the handout shows at most \(cap); this iterator was still producing values", false)
        case .programEnded(let call, _, let termination):
            return ("the program ended during call \(call): \(termination.summary)", true)
        case .endedEarly(let result):
            return ("the program ended before the first next() call: \(ending(result).text)", true)
        case .compileFailed:
            return ("the compiler stopped, so nothing was stepped", true)
        case .notSteppable(let message):
            return ("cannot step: \(message)", true)
        case .notRun(let reason):
            return ("not run: \(reason)", true)
        }
    }

    /// What checking the reference solution found, and the lines to show under it.
    package static func solutionCheck(_ check: SolutionCheck) -> (summary: String, isFailure: Bool, details: [HandoutLine]) {
        switch check {
        case .passed(let names):
            let list = names.isEmpty ? "" : ": " + names.joined(separator: "; ")
            return ("✓ Checked when this handout was made: this solution passes all \(names.count) checks\(list).", false, [])
        case .failed(let failing, let output, let termination):
            let details = HandoutLine.output(output, showsTimings: false) + [HandoutLine("── " + termination.summary, .failure)]
            return ("✗ Checked when this handout was made: this solution fails \(failing.joined(separator: "; ")).", true, details)
        case .compileFailed(let diagnostics):
            return (
                "✗ This solution did not compile with its checks.", true, diagnostics.flatMap(diagnostic).map { HandoutLine($0, .failure) }
            )
        case .notRun(let reason):
            return ("The checks were not run: \(reason)", true, [])
        }
    }

    /// What a Python comparison found.
    package static func comparison(_ comparison: OutputComparison) -> (summary: String, details: [String]) {
        switch comparison {
        case .identical: return ("Same output as the Swift.", [])
        case .equivalent(let explanations):
            return ("The same as the Swift, apart from differences the lesson explains:", explanations.filter { !$0.isEmpty })
        case .different(let diff):
            return ("The outputs differ:", diff.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        }
    }
}
