/// One line of program output or of a stepping trace, split into parts by what they mean, so
/// the Markdown renderer can print it plain and the HTML renderer can colour it.
package struct HandoutLine: Sendable, Hashable {
    package enum Role: String, Sendable, Hashable {
        case plain
        /// An arrival time, `1.01s`.
        case time
        /// A line the program wrote to standard error.
        case stderr
        /// A value `next()` returned.
        case value
        /// `nil` at the end of a sequence.
        case end
        /// Stepwise's own explanation, not program output.
        case note
        /// How a run failed: a crash, the time limit, a compiler error.
        case failure
    }

    package struct Part: Sendable, Hashable {
        package var text: String
        package var role: Role

        package init(_ text: String, _ role: Role = .plain) {
            self.text = text
            self.role = role
        }
    }

    package var parts: [Part]

    package init(_ parts: [Part]) {
        self.parts = parts
    }

    package init(_ text: String, _ role: Role = .plain) {
        self.parts = [Part(text, role)]
    }

    package var text: String { parts.map(\.text).joined() }

    /// Program output, each line with its arrival time when `showsTimings`, and a flood cut to its
    /// head and tail. `indent` sets the lines apart inside a trace.
    package static func output(_ lines: [TimedLine], showsTimings: Bool, indent: String = "") -> [HandoutLine] {
        let (shown, omitted) = HandoutText.shown(lines)
        return shown.map { line in
            guard let line else { return HandoutLine(indent + "… \(omitted) lines not shown …", .note) }
            var parts: [Part] = indent.isEmpty ? [] : [Part(indent, .note)]
            if showsTimings { parts.append(Part(DurationText.stamp(line.elapsed).leftPadded(to: 6) + " │ ", .time)) }
            parts.append(Part(line.text, line.stream == .stderr ? .stderr : .plain))
            return HandoutLine(parts)
        }
    }

    /// Everything a run report shows: output, or the compiler's errors, or why it did not run,
    /// then how it ended.
    package static func report(_ report: RunReport, showsTimings: Bool) -> [HandoutLine] {
        switch report {
        case .ran(let result):
            var lines = output(result.lines, showsTimings: showsTimings)
            if result.lines.isEmpty { lines.append(HandoutLine("(no output)", .note)) }
            let (text, isFailure) = HandoutText.ending(result)
            lines.append(HandoutLine("── " + text, isFailure ? .failure : .note))
            return lines
        case .compileFailed(let diagnostics):
            return [HandoutLine("── the compiler stopped:", .failure)]
                + diagnostics.flatMap(HandoutText.diagnostic).map { HandoutLine($0, .failure) }
        case .notRun(let reason):
            return [HandoutLine("── not run: " + reason, .failure)]
        }
    }

    /// The run's timeline as the tutor draws it: task lanes, or `start NAME` / `end NAME` lines.
    package static func timeline(_ result: RunResult, width: Int = 72) -> [HandoutLine] {
        Timeline(result: result).render(width: width).map { HandoutLine($0) }
    }

    /// Whether a run's timeline is drawn: for a snippet marked `timeline`, or a run that recorded tasks.
    package static func drawsTimeline(_ result: RunResult, flagged: Bool) -> Bool {
        flagged || Timeline(result: result).hasTasks
    }

    /// A stepping trace: the top-level output, each call (value, meaning, what the body printed,
    /// the state after it), and how it ended.
    package static func trace(_ trace: SteppingTrace) -> [HandoutLine] {
        var lines: [HandoutLine] = []
        if !trace.topLevelOutput.isEmpty {
            lines.append(HandoutLine("top-level code printed:", .note))
            lines += output(trace.topLevelOutput, showsTimings: trace.showsTimings, indent: "  │ ")
        }
        if !trace.kind.isEmpty {
            let state = HandoutText.state(trace.initialState).joined(separator: ", ")
            lines.append(
                HandoutLine(
                    "stepping \(trace.target) (\(trace.kind))" + (state.isEmpty ? "" : "; before the first call: \(state)"), .note))
        }
        // Opaque iterators (a stream's context) would repeat the same line after every call;
        // the state is shown only when a call changed it.
        var previousState = trace.initialState
        for call in trace.calls {
            var headline = [Part("next() call \(call.call) → "), Part(call.value, call.isEnd ? .end : .value)]
            headline.append(Part("  " + HandoutText.meaning(of: call), .note))
            if trace.showsTimings { headline.append(Part("  [returned after \(DurationText.stamp(call.roundTrip))]", .time)) }
            lines.append(HandoutLine(headline))
            if let run = call.linesRun, let source = call.visibleSource {
                lines += CallListing.render(source: source, linesRun: run, width: 70).map { HandoutLine("  " + $0, .note) }
            }
            if !call.bodyOutput.isEmpty {
                lines.append(HandoutLine("  printed during this call:", .note))
                lines += output(call.bodyOutput, showsTimings: trace.showsTimings, indent: "  │ ")
            }
            if !call.state.isEmpty, call.state != previousState {
                previousState = call.state
                lines.append(HandoutLine("  stored properties after it: " + HandoutText.state(call.state).joined(separator: ", "), .note))
            }
        }
        switch trace.ending {
        case .programEnded(_, let output, _):
            lines += Self.output(output, showsTimings: trace.showsTimings, indent: "  │ ")
        case .endedEarly(let result):
            lines += output(result.lines, showsTimings: trace.showsTimings)
        case .compileFailed(let diagnostics):
            lines += diagnostics.flatMap(HandoutText.diagnostic).map { HandoutLine($0, .failure) }
        default:
            break
        }
        if let (text, isFailure) = HandoutText.ending(trace) {
            lines.append(HandoutLine("── " + text, isFailure ? .failure : .note))
        }
        return lines
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
