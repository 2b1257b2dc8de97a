import Foundation
import Synchronization
import Testing

@testable import StepwiseCommandLine
@testable import StepwiseCore
@testable import StepwiseTerminal

/// A step taller than the window, paged by the loop with scripted rows and keys.
@Suite(.tags(.fast))
struct TutorPagingTests {
    static func loop(_ lines: [String], keys: [UInt8], rows: Int) throws -> (TutorLoop, RecordingConsole) {
        let console = RecordingConsole()
        let store = try temporaryStore()
        let copies = LearnerCopies(folder: (store.path as NSString).deletingLastPathComponent + "/edits")
        let loop = TutorLoop(
            state: try TutorFixtures.state(), executor: ScriptedExecutor(), reader: ScriptedLineReader(lines), console: console,
            store: store, copies: copies, interrupts: nil, environment: [:])
        let queue = Mutex(keys)
        loop.paging = PagingTerminal(rows: { rows }, nextKey: { queue.withLock { $0.isEmpty ? nil : $0.removeFirst() } })
        return (loop, console)
    }

    @Test(.timeLimit(.minutes(1)))
    func aTallStepOpensWithItsTitleAndWaitsForSpace() async throws {
        let (loop, console) = try Self.loop(["again", "quit"], keys: [UInt8(ascii: " "), UInt8(ascii: " "), UInt8(ascii: "q")], rows: 5)
        await loop.open(lesson: 0, step: 0)
        await loop.run()
        let text = console.text
        let question = try #require(text.range(of: PagingTerminal.question))
        // The first screen holds the header and the title, before any question.
        let firstScreen = text[..<question.lowerBound]
        #expect(firstScreen.contains("First lesson · step 1 of 3"))
        #expect(firstScreen.contains("Run it"))
        #expect(firstScreen.split(separator: "\n").count <= 4)
        // `again` shows the step from the top once more; `q` there leaves the rest unshown.
        #expect(text.components(separatedBy: "First lesson · step 1 of 3").count == 3)
        #expect(text.contains(PagingTerminal.skipped))
    }

    @Test(.timeLimit(.minutes(1)))
    func withoutATerminalNothingPages() async throws {
        let (loop, console) = try Self.loop(["quit"], keys: [], rows: 5)
        loop.paging = nil
        await loop.open(lesson: 0, step: 0)
        await loop.run()
        #expect(!console.text.contains(PagingTerminal.question))
        #expect(console.text.contains("Run it"))
    }
}
