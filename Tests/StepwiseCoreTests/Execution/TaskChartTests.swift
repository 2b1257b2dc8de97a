import Testing

@testable import StepwiseCore

@Suite(.tags(.fast))
struct TaskChartTests {
    typealias Record = TaskTrace.TaskRecord

    static let trace = TaskTrace(tasks: [
        Record(
            id: 0, parent: nil, kind: "main", line: nil, start: .zero, end: .seconds(2),
            suspensions: [.init(line: 5, start: .milliseconds(10), end: .seconds(2))], threads: [0]),
        Record(
            id: 1, parent: 0, kind: "addTask", label: "url1", line: 7, start: .milliseconds(10), end: .seconds(1),
            suspensions: [.init(line: 2, start: .milliseconds(20), end: .seconds(1))], threads: [1, 2]),
        Record(
            id: 2, parent: 0, kind: "addTask", line: 7, start: .milliseconds(10), end: .seconds(2),
            suspensions: [.init(line: 2, start: .milliseconds(20), end: .seconds(2))], threads: [1]),
        Record(id: 3, parent: 1, kind: "async let", line: 3, start: .milliseconds(500), end: .seconds(1), suspensions: [], threads: [3]),
    ])

    @Test(arguments: [80, 60, 40])
    func fitsTheWidth(width: Int) {
        let rows = TaskChart(trace: Self.trace, span: .seconds(2)).render(width: width)
        #expect(rows.allSatisfy { $0.count <= width })
    }

    @Test func nestsChildrenUnderTheirParent() {
        let rows = TaskChart(trace: Self.trace, span: .seconds(2)).render(width: 80)
        #expect(rows[0].hasPrefix("main "))
        #expect(rows[1].hasPrefix("  url1 "))
        #expect(rows[2].hasPrefix("    async let (line 3) "))
        #expect(rows[3].hasPrefix("  addTask (line 7) "))
        #expect(rows[1].hasSuffix("│ t1,t2"))
    }

    @Test func marksSuspendedAndRunningStretches() throws {
        let rows = TaskChart(trace: Self.trace, span: .seconds(2)).render(width: 80)
        let waiting = try #require(rows[1].split(separator: "│").dropFirst().first)
        let working = try #require(rows[2].split(separator: "│").dropFirst().first)
        #expect(waiting.contains("░") && !waiting.contains("█"))
        // The async let child never awaited: it ran for its whole life.
        #expect(working.contains("█") && !working.contains("░"))
        // url1 ends halfway through the axis.
        #expect(waiting.last == " ")
    }

    @Test func labelsTheAxisInSeconds() {
        let rows = TaskChart(trace: Self.trace, span: .seconds(2)).render(width: 80)
        let axis = rows[rows.count - 2]
        #expect(axis.contains("0s") && axis.contains("1s") && axis.contains("2s"))
    }
}
