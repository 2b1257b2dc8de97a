import StepwiseCore
import StepwiseTerminal

/// Turns what the execution engine reports into text for the learner, set apart from lesson text.
struct RunPresenter {
    let width: Int

    static let maximumShownLines = 200

    func heading(_ title: String) -> [Span] {
        let text = "── \(title) "
        return [Span(text + String(repeating: "─", count: max(0, min(width, 60) - text.count)), .colored(.cyan))]
    }

    /// Compiler diagnostics, as the compiler words them, at the snippet's own lines.
    func diagnostics(_ diagnostics: [CompilerDiagnostic], title: String = "the compiler stopped") -> StyledText {
        var text = StyledText()
        text.append(heading(title))
        for diagnostic in diagnostics {
            let style: TextStyle = diagnostic.severity == .error ? .colored(.red, bold: true) : .colored(.yellow)
            text.append([Span(diagnostic.header, style)])
            for line in diagnostic.excerpt ?? [] { text.append([Span(line, .dim)]) }
        }
        return text
    }

    /// Each line with the time it arrived, then how the run ended and how long it took.
    func output(_ lines: [TimedLine], termination: Termination, wallTime: Duration?, omittedBytes: Int = 0) -> StyledText {
        var text = StyledText()
        text.append(heading("output"))
        if lines.isEmpty { text.append([Span("(no output)", .dim)]) }
        text.append(self.lines(lines, stamped: true))
        if omittedBytes > 0 {
            text.append([Span("… \(omittedBytes) more bytes of output not shown", .colored(.yellow))])
        }
        text.append(ending(termination, wallTime: wallTime, outOfMemory: RuntimeCrash.find(in: lines)?.isOutOfMemory == true))
        return text
    }

    /// The end of a run whose first `liveShown` standard-output lines were already printed live:
    /// standard error, the tail of a flood, and how the run ended.
    func remainder(of result: RunResult, liveShown: Int) -> StyledText {
        var text = StyledText()
        let stdout = result.lines.filter { $0.stream == .stdout }
        let stderr = result.lines.filter { $0.stream == .stderr }
        let notYetShown = stdout.dropFirst(liveShown)
        let tail = Array(notYetShown.suffix(20))
        if notYetShown.count > tail.count {
            text.append([Span("   … \(notYetShown.count - tail.count) lines not shown …", .colored(.yellow))])
        }
        text.append(lines(tail, stamped: true))
        text.append(lines(stderr, stamped: true))
        if result.omittedBytes > 0 {
            text.append([Span("… \(result.omittedBytes) more bytes of output not shown", .colored(.yellow))])
        }
        text.append(
            ending(result.termination, wallTime: result.wallTime, outOfMemory: RuntimeCrash.find(in: result.lines)?.isOutOfMemory == true))
        return text
    }

    /// Output lines, each with its arrival time when `stamped`. A flood would bury the lesson (and
    /// a projected screen), so only its head and tail are shown.
    func lines(_ lines: [TimedLine], stamped: Bool) -> StyledText {
        var text = StyledText()
        let shown: [TimedLine?] =
            lines.count > Self.maximumShownLines
            ? lines.prefix(Self.maximumShownLines - 20).map(Optional.some) + [nil] + lines.suffix(20).map(Optional.some)
            : lines.map(Optional.some)
        for line in shown {
            guard let line else {
                text.append([Span("   … \(lines.count - Self.maximumShownLines) lines not shown …", .colored(.yellow))])
                continue
            }
            let stamp = stamped ? [Span(DurationText.stamp(line.elapsed).leftPadded(to: 6) + " │ ", .dim)] : []
            text.append(stamp + [Span(line.text, line.stream == .stderr ? .colored(.yellow) : .plain)])
        }
        return text
    }

    /// - Parameter outOfMemory: The runtime reported a failed allocation: say so, with the limit.
    func ending(_ termination: Termination, wallTime: Duration?, outOfMemory: Bool = false) -> [Span] {
        let ending = RunEnding(termination, wallTime: wallTime, outOfMemory: outOfMemory)
        // A limit is Stepwise at work, not a fault: the class should hear that nothing broke.
        let text = "── " + ending.text + (ending.isLimit ? ". The tutor is fine." : "")
        switch termination {
        case .exited(0): return [Span(text, .colored(.cyan))]
        case .exited, .interrupted: return [Span(text, .colored(.yellow, bold: true))]
        default: return [Span(text, .colored(.red, bold: true))]
        }
    }

    /// A `next()` call during which the program ended: what the body printed, then how it ended.
    func stepEnded(call: Int, output: [TimedLine], termination: Termination, crash: RuntimeCrash?) -> StyledText {
        var text = StyledText(lines: [[Span("next() call \(call) did not return: the program ended during it", .colored(.red, bold: true))]]
        )
        if !output.isEmpty { text.append(lines(output, stamped: false)) }
        text.append(ending(termination, wallTime: nil, outOfMemory: crash?.isOutOfMemory == true))
        return text
    }

    /// One `next()` call: its number, the value and what it means, the body's output, the state after it.
    /// A line the iterator's body printed during a call, shown as it arrives (before a sleep
    /// that follows it), indented under the call.
    static func bodyLine(_ line: TimedLine) -> StyledText {
        StyledText(lines: [[Span("  │ ", .dim), Span(line.text, line.stream == .stderr ? .colored(.yellow) : .plain)]])
    }

    func step(_ report: StepReport, target: String, isAsync: Bool) -> StyledText {
        var text = StyledText()
        var headline = [Span("next() call \(report.call) → ", .bold)]
        if let error = report.error {
            headline.append(Span("threw \(error)", .colored(.red, bold: true)))
        } else if report.isEnd {
            headline.append(Span(report.value, .colored(.magenta, bold: true)))
            headline.append(Span("  the end of the sequence", .dim))
        } else {
            headline.append(Span(report.value, .colored(.green, bold: true)))
            if let inner = Self.unwrapped(report.value) {
                headline.append(Span("  a value: unwrap it to get \(inner)", .dim))
            }
        }
        if let duration = report.duration { headline.append(Span("  (took \(DurationText.stamp(duration)))", .dim)) }
        text.append(headline)
        if let run = report.linesRun, let source = report.visibleSource {
            let listing = CallListing.render(source: source, linesRun: run, width: width - 2)
            if listing.isEmpty {
                text.append([Span("  lines of the snippet run during this call: none", .dim)])
            } else {
                text.append([Span("  lines of the snippet run during this call (▶):", .dim)])
                for row in listing { text.append([Span("  " + row, row.hasPrefix("▶") ? .bold : .dim)]) }
            }
        }
        if report.bodyOutput.isEmpty {
            text.append([Span("  printed during this call: nothing", .dim)])
        } else if report.bodyOutputShown {
            text.append([Span("  printed during this call: the \(report.bodyOutput.count) line(s) above", .dim)])
        } else {
            text.append([Span("  printed during this call:", .dim)])
            for line in report.bodyOutput { text.append([Span("  │ ", .dim), Span(line.text)]) }
        }
        if !report.state.isEmpty {
            // Library iterators can hold long internal descriptions; one line of each is plenty.
            let room = max(20, width - 6)
            let entries = report.state.map { StateText.line(label: $0.label, value: $0.value, room: room) }
            text.append([Span("  the iterator's stored properties after the call:", .dim)])
            for entry in entries { text.append([Span("    " + entry)]) }
        }
        if report.isEnd, report.error == nil {
            let python = isAsync ? "async generator raises StopAsyncIteration" : "generator raises StopIteration"
            text.append([
                Span(
                    "  End of the sequence: Swift returns nil where Python's \(python). A well-behaved iterator keeps returning nil from now on.",
                    .colored(.magenta))
            ])
        }
        return text
    }

    /// `Optional(3)` -> `3`, `Optional("a")` -> `"a"`.
    static func unwrapped(_ value: String) -> String? {
        guard value.hasPrefix("Optional("), value.hasSuffix(")") else { return nil }
        return String(value.dropFirst("Optional(".count).dropLast())
    }
}
