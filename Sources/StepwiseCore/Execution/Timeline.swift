/// When each task of an async snippet ran: from the run's task trace when the snippet was
/// instrumented (one lane per task, see ``TaskChart``), else from its `start NAME` / `end NAME`
/// output lines (which also name the lanes of a trace).
package struct Timeline: Sendable, Hashable {
    /// One task's interval.
    package struct Interval: Sendable, Hashable {
        package var name: String
        package var start: Duration
        /// Nil when the program never printed `end NAME`.
        package var end: Duration?
    }

    /// Intervals in the order their tasks started.
    package var intervals: [Interval]
    /// The end of the chart: the last time seen (or the run's wall time, if later).
    package var span: Duration
    /// The instrumented run's tasks, when it created any besides the main task.
    package var tasks: TaskTrace?
    /// Why the run has no task lanes although it was meant to (see ``RunResult/instrumentationNote``).
    package var note: String?

    /// The timeline of a finished run: its task lanes when it recorded tasks, else its
    /// `start`/`end` lines.
    package init(result: RunResult) {
        self.init(lines: result.lines, until: result.wallTime)
        if let trace = result.taskTrace, trace.tasks.count > 1 { tasks = trace }
        note = result.instrumentationNote
    }

    /// Whether the run recorded tasks of its own: worth drawing after any run, not only
    /// after a snippet marked `timeline`.
    package var hasTasks: Bool { tasks != nil }

    /// Whether there is nothing to draw.
    package var isEmpty: Bool { tasks == nil && intervals.isEmpty }

    /// Builds a timeline from timed lines (both streams; other lines are ignored).
    /// - Parameter until: The run's total time, so unfinished tasks extend to it.
    package init(lines: [TimedLine], until total: Duration? = nil) {
        var intervals: [Interval] = []
        var open: [String: Int] = [:]
        var latest: Duration = .zero
        for line in lines {
            let text = PromptEntry.trimmed(line.text)
            if text.hasPrefix("start ") {
                let name = String(text.dropFirst("start ".count))
                open[name] = intervals.count
                intervals.append(Interval(name: name, start: line.elapsed, end: nil))
                latest = max(latest, line.elapsed)
            } else if text.hasPrefix("end ") {
                let name = String(text.dropFirst("end ".count))
                if let index = open.removeValue(forKey: name) {
                    intervals[index].end = line.elapsed
                    latest = max(latest, line.elapsed)
                }
            }
        }
        self.intervals = intervals
        self.span = max(latest, total ?? .zero)
    }

    /// A text chart that fits `width` characters, one row per task:
    /// `fetch 1 |████████          | 0.00–1.00 s`. An unfinished task's bar ends in `…`.
    package func render(width: Int) -> [String] {
        if let tasks { return TaskChart(trace: tasks, span: span).render(width: width) }
        return renderIntervals(width: width)
    }

    private func renderIntervals(width: Int) -> [String] {
        guard !intervals.isEmpty else { return [] }
        let labelWidth = intervals.map(\.name.count).max() ?? 0
        let times = intervals.map { interval in
            "\(DurationText.hundredths(interval.start))–\(interval.end.map(DurationText.hundredths) ?? "…") s"
        }
        let timeWidth = times.map(\.count).max() ?? 0
        let barWidth = max(10, width - labelWidth - timeWidth - 4)
        let total = max(DurationText.value(span), 0.000_001)
        return zip(intervals, times).map { interval, time in
            let startCell = min(barWidth - 1, Int((DurationText.value(interval.start) / total * Double(barWidth)).rounded(.down)))
            let endTime = interval.end ?? span
            var endCell = Int((DurationText.value(endTime) / total * Double(barWidth)).rounded())
            endCell = min(barWidth, max(startCell + 1, endCell))
            var bar = String(repeating: " ", count: startCell) + String(repeating: "█", count: endCell - startCell)
            if interval.end == nil && endCell < barWidth { bar += "…" }
            bar += String(repeating: " ", count: max(0, barWidth - bar.count))
            let label = interval.name + String(repeating: " ", count: labelWidth - interval.name.count)
            return "\(label) |\(bar)| \(time)"
        }
    }
}
