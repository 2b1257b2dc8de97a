import Testing

@testable import StepwiseCore

struct TimelineTests {
    func line(_ milliseconds: Int, _ text: String) -> TimedLine {
        TimedLine(elapsed: .milliseconds(milliseconds), stream: .stdout, text: text)
    }

    @Test func buildsIntervalsAndRendersBars() {
        let timeline = Timeline(lines: [
            line(0, "start fetch 1"),
            line(0, "start fetch 2"),
            line(10, "unrelated output"),
            line(500, "end fetch 2"),
            line(1000, "end fetch 1"),
        ])
        #expect(timeline.intervals.map(\.name) == ["fetch 1", "fetch 2"])
        #expect(timeline.intervals[1].end == .milliseconds(500))
        #expect(
            timeline.render(width: 42) == [
                "fetch 1 |████████████████████| 0.00–1.00 s",
                "fetch 2 |██████████          | 0.00–0.50 s",
            ])
    }

    @Test func anUnfinishedTaskRunsToTheEnd() {
        let timeline = Timeline(lines: [line(0, "start a"), line(250, "start b"), line(500, "end a")], until: .seconds(1))
        let rows = timeline.render(width: 26)
        #expect(rows[0] == "a |█████     | 0.00–0.50 s")
        #expect(rows[1] == "b |  ████████| 0.25–… s")
    }

    @Test func noTasksMeansNoChart() {
        #expect(Timeline(lines: [line(0, "hello")]).render(width: 40).isEmpty)
    }
}
