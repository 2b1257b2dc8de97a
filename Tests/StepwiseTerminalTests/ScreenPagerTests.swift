import Testing

@testable import StepwiseTerminal

/// A tall text a screen at a time: the top first, Space/Enter for more, `q` to stop.
@Suite(.tags(.fast))
struct ScreenPagerTests {
    static let lines = (1...10).map { "line \($0)" }

    @Test func textThatFitsTheWindowIsNotPaged() {
        #expect(!ScreenPager.needsPaging(lineCount: 23, rows: 24))
        #expect(ScreenPager.needsPaging(lineCount: 24, rows: 24))
    }

    @Test func theFirstScreenStartsAtTheTopAndLeavesARowForTheQuestion() {
        var pager = ScreenPager(lines: Self.lines, rows: 4)
        let first = pager.start()
        #expect(first.lines == ["line 1", "line 2", "line 3"])
        #expect(first.asksForMore)
    }

    @Test func moreShowsTheNextScreenUntilTheEnd() {
        var pager = ScreenPager(lines: Self.lines, rows: 4)
        _ = pager.start()
        #expect(pager.press(.more).lines == ["line 4", "line 5", "line 6"])
        #expect(pager.press(.more).lines == ["line 7", "line 8", "line 9"])
        let last = pager.press(.more)
        #expect(last.lines == ["line 10"])
        #expect(!last.asksForMore)
        #expect(pager.isFinished)
    }

    @Test func qStopsAndSaysLinesWereLeftOut() {
        var pager = ScreenPager(lines: Self.lines, rows: 4)
        _ = pager.start()
        let stopped = pager.press(.stop)
        #expect(stopped.lines.isEmpty)
        #expect(stopped.stoppedEarly)
        #expect(!stopped.asksForMore)
        #expect(pager.press(.more).lines.isEmpty)
    }

    @Test func anotherKeyAsksAgainWithoutMoving() {
        var pager = ScreenPager(lines: Self.lines, rows: 4)
        _ = pager.start()
        let other = pager.press(.other)
        #expect(other.lines.isEmpty && other.asksForMore)
        #expect(pager.press(.more).lines.first == "line 4")
    }

    @Test func startingAgainGoesBackToTheTop() {
        var pager = ScreenPager(lines: Self.lines, rows: 4)
        _ = pager.start()
        _ = pager.press(.more)
        #expect(pager.start().lines.first == "line 1")
    }

    @Test func keysMapSpaceEnterAndQ() {
        #expect(ScreenPager.Key(byte: UInt8(ascii: " ")) == .more)
        #expect(ScreenPager.Key(byte: UInt8(ascii: "\r")) == .more)
        #expect(ScreenPager.Key(byte: UInt8(ascii: "\n")) == .more)
        #expect(ScreenPager.Key(byte: UInt8(ascii: "q")) == .stop)
        #expect(ScreenPager.Key(byte: UInt8(ascii: "x")) == .other)
    }
}
