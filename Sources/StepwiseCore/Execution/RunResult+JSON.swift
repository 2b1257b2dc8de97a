import Foundation

/// `stepwise run --json`: one object with the run's lines, its wall time and its tasks, for
/// editors and authors to build on. Times are seconds (a floating-point number) from the
/// snippet's first statement.
extension RunResult {
    package func json() -> String {
        let document = RunDocument(
            lines: lines.map { RunDocument.Line(stream: $0.stream.rawValue, text: $0.text, elapsed: DurationText.value($0.elapsed)) },
            wallTime: DurationText.value(wallTime),
            tasks: (taskTrace?.tasks ?? []).map(RunDocument.TaskEntry.init),
            instrumentationNote: instrumentationNote)
        return Self.encode(document)
    }

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

private struct RunDocument: Encodable {
    struct Line: Encodable {
        var stream: String
        var text: String
        var elapsed: Double
    }

    struct Suspension: Encodable {
        var line: Int?
        var start: Double
        var end: Double

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(line, forKey: .line)
            try container.encode(start, forKey: .start)
            try container.encode(end, forKey: .end)
        }

        private enum CodingKeys: String, CodingKey { case line, start, end }
    }

    struct TaskEntry: Encodable {
        var task: TaskTrace.TaskRecord

        init(_ task: TaskTrace.TaskRecord) { self.task = task }

        /// Every key is present; what is unknown is `null` (the main task's parent and line).
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(task.id, forKey: .id)
            try container.encode(task.parent, forKey: .parent)
            try container.encode(task.kind, forKey: .kind)
            try container.encode(task.id == 0 ? "main" : task.label, forKey: .label)
            try container.encode(task.line, forKey: .line)
            try container.encode(DurationText.value(task.start), forKey: .start)
            try container.encode(task.end.map(DurationText.value), forKey: .end)
            try container.encode(
                task.suspensions.map { Suspension(line: $0.line, start: DurationText.value($0.start), end: DurationText.value($0.end)) },
                forKey: .suspensions)
            try container.encode(task.threads, forKey: .threads)
        }

        private enum CodingKeys: String, CodingKey { case id, parent, kind, label, line, start, end, suspensions, threads }
    }

    var lines: [Line]
    var wallTime: Double
    var tasks: [TaskEntry]
    var instrumentationNote: String?
}
