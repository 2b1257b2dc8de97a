import Foundation
import Testing

@testable import StepwiseCore

@Suite(.tags(.fast))
struct RunDocumentTests {
    @Test func theMainTaskHasANullParentAndEveryKeyIsPresent() throws {
        var result = RunResult(
            lines: [TimedLine(elapsed: .milliseconds(10), stream: .stdout, text: "start a")], termination: .exited(0),
            wallTime: .seconds(1))
        result.taskTrace = TaskTrace(
            events: [
                .began(task: 0, parent: nil, kind: "main", line: 0, at: .zero, thread: 0),
                .began(task: 1, parent: 0, kind: "addTask", line: 2, at: .milliseconds(5), thread: 1),
                .awaited(task: 1, line: 3, from: .milliseconds(6), to: .milliseconds(500), thread: 2),
                .labelled(task: 1, label: "a"),
            ], total: .seconds(1), visibleLine: { $0 })
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.json().utf8)) as? [String: Any])
        let tasks = try #require(object["tasks"] as? [[String: Any]])
        #expect(tasks.count == 2)
        #expect(tasks[0]["parent"] is NSNull)
        #expect(tasks[0]["line"] is NSNull)
        #expect(tasks[1]["parent"] as? Int == 0)
        #expect(tasks[1]["label"] as? String == "a")
        // Never ended: the program stopped first.
        #expect(tasks[1]["end"] is NSNull)
        #expect(tasks[1]["threads"] as? [Int] == [1, 2])
        let suspensions = try #require(tasks[1]["suspensions"] as? [[String: Any]])
        #expect(suspensions.first?["line"] as? Int == 3)
        let lines = try #require(object["lines"] as? [[String: Any]])
        #expect(lines.first?["stream"] as? String == "stdout")
        #expect(object["wallTime"] as? Double == 1)
    }

    @Test func aTraceEventSurvivesTheWire() throws {
        let event = TraceEvent.awaited(task: 2, line: 7, from: .milliseconds(-30), to: .milliseconds(-10), thread: 1)
        let line = ControlLine(message: .trace([event]), time: 5_000_000_000)
        let decoded = try JSONDecoder().decode(ControlLine.self, from: JSONEncoder().encode(line))
        #expect(decoded.message == .trace([event]))
    }
}
