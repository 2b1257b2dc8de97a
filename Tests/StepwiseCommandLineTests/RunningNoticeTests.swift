import Synchronization
import Testing

@testable import StepwiseCommandLine
@testable import StepwiseTerminal

/// The "running…" line is there only while a run is silent, and never stays in the transcript.
@Suite(.tags(.fast))
struct RunningNoticeTests {
    final class Written: Console, Sendable {
        let text = Mutex("")
        func write(_ text: String) { self.text.withLock { $0 += text } }
        var all: String { text.withLock { $0 } }
    }

    @Test func aShownNoticeIsErasedWhenTheRunPrintsOrEnds() {
        let console = Written()
        let notice = RunningNotice(console: console)
        notice.show()
        #expect(console.all == RunningNotice.text)
        #expect(!console.all.hasSuffix("\n"), "left open so that it can be erased in place")
        notice.end()
        #expect(console.all == RunningNotice.text + RunningNotice.erase)
        notice.end()
        #expect(console.all == RunningNotice.text + RunningNotice.erase)
    }

    @Test func aRunThatPrintsOrEndsFirstNeverShowsIt() {
        let console = Written()
        let notice = RunningNotice(console: console)
        notice.end()
        notice.show()
        #expect(console.all.isEmpty)
    }
}
