import Foundation

/// `stepwise step --json`: `{"iterator": NAME, "calls": [...]}`, one entry per `next()` call.
package enum SteppingDocument {
    /// - Parameters:
    ///   - iterator: The variable stepped (the snippet's `step=` target).
    ///   - reports: The calls, in order.
    ///   - ending: Why stepping stopped early, if it did (a crash, the time limit).
    package static func json(iterator: String, reports: [StepReport], ending: String? = nil, note: String? = nil) -> String {
        RunResult.encode(Document(iterator: iterator, calls: reports.map(Call.init), ending: ending, instrumentationNote: note))
    }

    private struct Document: Encodable {
        var iterator: String
        var calls: [Call]
        var ending: String?
        var instrumentationNote: String?
    }

    private struct Call: Encodable {
        var report: StepReport

        init(_ report: StepReport) { self.report = report }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(report.call, forKey: .call)
            try container.encode(report.value, forKey: .value)
            try container.encode(report.bodyOutput.map(\.text), forKey: .printed)
            var state: [String: String] = [:]
            for entry in report.state { state[entry.label] = entry.value }
            try container.encode(state, forKey: .state)
            try container.encode(report.linesRun, forKey: .linesRun)
            try container.encode(DurationText.value(report.duration ?? report.roundTrip), forKey: .duration)
            try container.encodeIfPresent(report.error, forKey: .error)
        }

        private enum CodingKeys: String, CodingKey { case call, value, printed, state, linesRun, duration, error }
    }
}
