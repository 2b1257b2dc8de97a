import Foundation
import Testing

@testable import StepwiseCommandLine
@testable import StepwiseCore
@testable import StepwiseTerminal

/// The effect loop with a scripted executor, reader and console: what a session prints and
/// saves for a script of typed lines.
@Suite(.tags(.fast))
struct TutorLoopTests {
    static func loop(
        _ lines: [String], executor: ScriptedExecutor = ScriptedExecutor()
    ) throws -> (TutorLoop, RecordingConsole, ScriptedLineReader, ProgressStore) {
        let console = RecordingConsole()
        let reader = ScriptedLineReader(lines)
        let store = try temporaryStore()
        let copies = LearnerCopies(folder: (store.path as NSString).deletingLastPathComponent + "/edits")
        let loop = TutorLoop(
            state: try TutorFixtures.state(), executor: executor, reader: reader, console: console, store: store,
            copies: copies, interrupts: nil, environment: [:])
        return (loop, console, reader, store)
    }

    @Test(.timeLimit(.minutes(1)))
    func aSessionRunsShowsTheOutputAndSavesItsPlaceOnTheWayOut() async throws {
        let (loop, console, reader, store) = try Self.loop(["run", "", "quit"])
        await loop.open(lesson: 0, step: 0)
        await loop.run()
        #expect(console.text.contains("scripted output"))
        #expect(console.text.contains("Progress saved. See you next time."))
        #expect(reader.promptsSeen == ["stepwise 1.1> ", "stepwise 1.1> ", "stepwise 1.2> "])
        let (saved, _) = store.load()
        #expect(saved.currentLesson == "first")
        #expect(saved[lesson: "first"].step == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func steppingCallsTheSameSessionOncePerEnterUntilTheEnd() async throws {
        let (loop, console, reader, _) = try Self.loop(["step", "", "", "", ""])
        await loop.open(lesson: 0, step: 2)
        await loop.run()
        #expect(console.text.contains("next() call 1 → Optional(1)"))
        #expect(console.text.contains("next() call 2 → Optional(2)"))
        #expect(console.text.contains("next() call 3 → nil"))
        #expect(console.text.contains("Stepping finished."))
        // The fourth Enter, after the end, goes on with the lesson (the last step: to lesson 2).
        #expect(reader.promptsSeen.last == "stepwise 2.1> ")
    }

    @Test(.timeLimit(.minutes(1)))
    func swiftAtThePromptIsEvaluatedWithTheSnippetInScope() async throws {
        let executor = ScriptedExecutor()
        let (loop, console, _, _) = try Self.loop(["let x = 6 * 7", "func f() {", "}"], executor: executor)
        await loop.open(lesson: 0, step: 0)
        await loop.run()
        #expect(console.text.contains("=> let x = 6 * 7"))
        #expect(executor.asked.all.contains("entry func f() {\n}"))
    }

    @Test(.timeLimit(.minutes(1)))
    func restartEndsThePromptsProgramInPlaceAndLeavingTheStepClosesIt() async throws {
        let executor = ScriptedExecutor()
        let (loop, console, _, _) = try Self.loop(["restart", "let x = 1", "restart", "", "print(2)"], executor: executor)
        await loop.open(lesson: 0, step: 0)
        await loop.run()
        #expect(console.text.contains("No live program is running on this step"))
        #expect(console.text.contains("The live program ended: its variables and tasks are gone"))
        // Enter left step 1: its program was closed, and step 2's first entry opened another
        // (closed in turn when the session ended).
        #expect(executor.asked.all == ["entry let x = 1", "restart", "close", "entry print(2)", "close"])
    }

    @Test(.timeLimit(.minutes(1)))
    func anEditedCopyIsWhatRuns() async throws {
        let executor = ScriptedExecutor()
        let (loop, _, _, store) = try Self.loop(["run"], executor: executor)
        let copies = LearnerCopies(folder: (store.path as NSString).deletingLastPathComponent + "/edits")
        let lesson = try TutorFixtures.lesson(TutorFixtures.first, file: "/lessons/01-first.md")
        let path = copies.path(lesson: lesson, step: 0, name: "1")
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "print(\"edited\")\n".write(toFile: path, atomically: true, encoding: .utf8)
        await loop.open(lesson: 0, step: 0)
        await loop.run()
        #expect(executor.asked.all.contains("run print(\"edited\")"))
    }
}
