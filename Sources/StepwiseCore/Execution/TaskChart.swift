/// The task lanes of a ``TaskTrace`` as text that fits a width (down to 40 columns):
///
/// ```text
/// main            │░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░│ t0
///   url1 (line 9) │░░░░░░░░░░░░░░░░                 │ t1
///   url2 (line 9) │░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░│ t1
///                  0s             1s              2s
/// █ running  ░ suspended at an await  t0…: threads
/// ```
///
/// A child's lane sits under its parent's, indented. A cell is `░` when the task spent most
/// of that cell suspended at an `await`, `█` when it ran; its threads are listed at the end
/// of the lane (t0 is the thread that ran the top-level code).
package struct TaskChart: Sendable, Hashable {
    package var trace: TaskTrace
    /// The end of the axis (at least the last task's end).
    package var span: Duration
    /// More lanes than this are summarised in one line.
    package var maximumLanes = 16

    package init(trace: TaskTrace, span: Duration) {
        self.trace = trace
        self.span = span
    }

    /// Lanes in tree order: each task followed by its children, with their depth.
    package var lanes: [(task: TaskTrace.TaskRecord, depth: Int)] {
        var result: [(TaskTrace.TaskRecord, Int)] = []
        var placed: Set<Int> = []
        func place(_ task: TaskTrace.TaskRecord, depth: Int) {
            guard placed.insert(task.id).inserted else { return }
            result.append((task, depth))
            for child in trace.children(of: task.id) { place(child, depth: depth + 1) }
        }
        for task in trace.tasks where task.parent == nil || !trace.tasks.contains(where: { $0.id == task.parent }) {
            place(task, depth: 0)
        }
        return result
    }

    /// What a lane is called: its `start NAME` label, else its kind and the line that made it.
    package static func name(of task: TaskTrace.TaskRecord) -> String {
        if task.id == 0 { return "main" }
        if let label = task.label { return label }
        if let line = task.line { return "\(task.kind) (line \(line))" }
        return task.kind
    }

    package func render(width: Int) -> [String] {
        let all = lanes
        let shown = all.prefix(maximumLanes)
        let total = max(span, trace.tasks.compactMap(\.end).max() ?? .zero, trace.tasks.map(\.start).max() ?? .zero)
        let seconds = max(DurationText.value(total), 0.000_001)
        let threadTexts = shown.map { Self.threads($0.task.threads) }
        let threadWidth = min(12, threadTexts.map(\.count).max() ?? 0)
        let names = shown.map { String(repeating: "  ", count: min($0.depth, 4)) + Self.name(of: $0.task) }
        let nameWidth = min(max(names.map(\.count).max() ?? 4, 4), max(8, width / 3))
        let barWidth = max(10, width - nameWidth - threadWidth - 4)
        var rows: [String] = []
        for ((lane, name), threads) in zip(zip(shown, names), threadTexts) {
            let bar = Self.bar(lane.task, cells: barWidth, seconds: seconds)
            rows.append(Self.fit(name, nameWidth) + " │" + bar + "│ " + Self.fit(threads, threadWidth).trimmingTrailingSpaces)
        }
        if all.count > shown.count {
            rows.append("… and \(all.count - shown.count) more tasks")
        }
        rows.append(
            String(repeating: " ", count: nameWidth + 2) + Self.axis(cells: barWidth, seconds: seconds, room: width - nameWidth - 2))
        rows.append(width >= 56 ? "█ running  ░ suspended at an await  t0…: threads (t0: main)" : "█ running  ░ suspended  t0…: threads")
        return rows
    }

    /// One cell per `seconds / cells`: blank outside the task's life, `░` where suspended
    /// for at least half of the cell's share of it, else `█`.
    static func bar(_ task: TaskTrace.TaskRecord, cells: Int, seconds: Double) -> String {
        let start = DurationText.value(task.start)
        let end = max(start, task.end.map(DurationText.value) ?? seconds)
        let cellLength = seconds / Double(cells)
        let waits = task.suspensions.map { (DurationText.value($0.start), DurationText.value($0.end)) }
        var text = ""
        for cell in 0..<cells {
            let from = Double(cell) * cellLength
            let to = cell == cells - 1 ? .infinity : from + cellLength
            let alive = min(to, end) - max(from, start)
            // A task that took no measurable time still gets the cell it ran in.
            let isInstant = end == start && start >= from && start < to
            guard alive > 0 || isInstant else {
                text += " "
                continue
            }
            let suspended = waits.reduce(0.0) { sum, wait in
                sum + max(0, min(to, end, wait.1) - max(from, start, wait.0))
            }
            text += alive > 0 && suspended * 2 >= alive ? "░" : "█"
        }
        return text
    }

    /// `t0`, `t1,t2`, `t1,t2+3` (capped so lanes stay aligned).
    static func threads(_ threads: [Int]) -> String {
        let names = threads.map { "t\($0)" }
        if names.count <= 3 { return names.joined(separator: ",") }
        return names.prefix(2).joined(separator: ",") + "+\(names.count - 2)"
    }

    /// Tick labels under the bar at a round step, `0s` at the left edge.
    static func axis(cells: Int, seconds: Double, room: Int) -> String {
        let steps = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300]
        let step = steps.first { seconds / $0 <= Double(max(1, cells / 9)) } ?? 600
        var line = Array(repeating: Character(" "), count: max(cells, room))
        var value = 0.0
        var lastEnd = -1
        while value <= seconds + step / 1000 {
            let cell = Int((value / seconds * Double(cells)).rounded())
            let label = Array(Self.seconds(value))
            let at = min(cell, line.count - label.count)
            if at > lastEnd, at + label.count <= line.count {
                for (offset, character) in label.enumerated() { line[at + offset] = character }
                lastEnd = at + label.count
            }
            value += step
        }
        return String(line).trimmingTrailingSpaces
    }

    /// `0s`, `0.5s`, `2s`, `0.25s`.
    static func seconds(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        if thousandths % 1000 == 0 { return "\(thousandths / 1000)s" }
        var text = String(Double(thousandths) / 1000)
        while text.hasSuffix("0") { text.removeLast() }
        return text + "s"
    }

    static func fit(_ text: String, _ width: Int) -> String {
        if text.count > width { return String(text.prefix(max(0, width - 1))) + "…" }
        return text + String(repeating: " ", count: width - text.count)
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
