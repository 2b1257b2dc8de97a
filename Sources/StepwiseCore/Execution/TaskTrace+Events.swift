extension TaskTrace {
    /// Builds the trace from the recorder's events, their times already on the run's clock.
    /// - Parameters:
    ///   - events: In any order; a task's events may arrive in several batches.
    ///   - total: The run's wall time: the main task ends there.
    ///   - visibleLine: Maps a program line of the snippet to the line the learner sees.
    package init(events: [TraceEvent], total: Duration, visibleLine: (Int) -> Int?) {
        var tasks: [Int: TaskRecord] = [:]
        var labels: [Int: String] = [:]
        var awaits: [Int: [(Suspension, thread: Int)]] = [:]
        var endThreads: [Int: Int] = [:]
        var beginThreads: [Int: Int] = [:]
        for event in events {
            switch event {
            case .began(let task, let parent, let kind, let line, let at, let thread):
                tasks[task] = TaskRecord(
                    id: task, parent: task == 0 ? nil : (parent ?? 0), kind: kind, label: nil,
                    line: line > 0 ? visibleLine(line) : nil, start: max(.zero, at), end: nil, suspensions: [],
                    threads: [])
                beginThreads[task] = thread
            case .ended(let task, let at, let thread):
                tasks[task]?.end = max(.zero, at)
                endThreads[task] = thread
            case .awaited(let task, let line, let from, let to, let thread):
                let suspension = Suspension(line: visibleLine(line), start: max(.zero, from), end: max(.zero, to))
                awaits[task, default: []].append((suspension, thread))
            case .labelled(let task, let label):
                if labels[task] == nil, !label.isEmpty { labels[task] = label }
            }
        }
        for (id, var task) in tasks {
            let waits = (awaits[id] ?? []).sorted { $0.0.start < $1.0.start }
            task.suspensions = waits.map(\.0)
            var threads: [Int] = []
            for thread in [beginThreads[id]].compactMap({ $0 }) + waits.map(\.thread) + [endThreads[id]].compactMap({ $0 })
            where !threads.contains(thread) {
                threads.append(thread)
            }
            task.threads = threads
            task.label = labels[id]
            if id == 0 {
                // The main task is the program: it starts at zero, however long `started` waited for its ack.
                task.start = .zero
                task.end = task.end ?? total
            }
            tasks[id] = task
        }
        self.init(tasks: tasks.values.sorted { ($0.id == 0 ? 0 : 1, $0.start, $0.id) < ($1.id == 0 ? 0 : 1, $1.start, $1.id) })
    }
}
