import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Whatever arrives at the prompt, through a terminal or a pipe, the tutor answers the next
/// command and the learner's place is kept.
@Suite(.tags(.terminal), .serialized) struct HostileInputTests {
    static let megabyte = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
    /// Every control character except those with a meaning of their own at the prompt (Ctrl-C,
    /// Ctrl-D, Ctrl-Z, Enter), then escape sequences: clear screen, set title, cursor up.
    static let controls: [UInt8] =
        (1...31).filter { ![3, 4, 10, 13, 26].contains($0) }.map(UInt8.init) + Array("\u{1B}[2J\u{1B}]0;title\u{07}\u{1B}[1A".utf8)
    /// `goto ` and three bytes that are not UTF-8.
    static let invalidUTF8: [UInt8] = Array("goto ".utf8) + [0xFF, 0xFE, 0xC3]

    func environment(state: String) -> [String: String] {
        TutorBinary.environment(state: state)
    }

    /// A tutor on a terminal at lesson 1, step 2, ready for keys.
    func startAtSecondStep(_ world: (lessons: String, state: String)) async throws -> (PseudoTerminal, String.Index) {
        let terminal = try PseudoTerminal(
            executable: TutorBinary.path, arguments: ["learn", "first", "--step", "2", "--lessons", world.lessons],
            environment: environment(state: world.state))
        let seen = try await terminal.waitFor("stepwise 1.2> ")
        try await terminal.waitForEditing()
        return (terminal, seen)
    }

    /// The same tutor, started from a shell with job control, ready for keys.
    func startAtSecondStepUnderAShell(_ world: (lessons: String, state: String)) async throws -> (PseudoTerminal, String.Index) {
        var (terminal, seen) = try await PseudoTerminal.shell(environment: environment(state: world.state))
        terminal.type("\(TutorBinary.path) learn first --step 2 --lessons \(world.lessons)\r")
        seen = try await terminal.waitFor("stepwise 1.2> ", after: seen)
        try await terminal.waitForEditing()
        return (terminal, seen)
    }

    /// `help` is answered, `quit` saves, and the saved place is still lesson 1, step 2.
    func expectTutorAnswersAndKeepsProgress(
        _ terminal: PseudoTerminal, after seen: String.Index, state: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        var seen = try await terminal.waitFor("stepwise 1.2> ", after: seen)
        try await terminal.waitForEditing()
        terminal.type("help\r")
        seen = try await terminal.waitFor("Commands", after: seen)
        seen = try await terminal.waitFor("stepwise 1.2> ", after: seen)
        try await terminal.waitForEditing()
        terminal.type("quit\r")
        try await terminal.waitFor("Progress saved", after: seen)
        #expect(try await terminal.waitForExit() == 0, sourceLocation: sourceLocation)
        try expectProgressAtSecondStep(state: state, sourceLocation: sourceLocation)
    }

    func expectProgressAtSecondStep(state: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var progress = ""
        let enumerator = FileManager.default.enumerator(atPath: state)
        while progress.isEmpty, let path = enumerator?.nextObject() as? String {
            if path.hasSuffix("progress.json") { progress = try String(contentsOfFile: state + "/" + path, encoding: .utf8) }
        }
        #expect(progress.contains("\"currentLesson\" : \"first\""), "\(progress)", sourceLocation: sourceLocation)
        #expect(progress.contains("\"step\" : 1"), "\(progress)", sourceLocation: sourceLocation)
    }

    @Test(.timeLimit(.minutes(5)))
    func aMegabyteLineOnATerminalIsIgnoredWithItsLength() async throws {
        let world = try TutorBinary.makeWorld()
        let (terminal, start) = try await startAtSecondStep(world)
        try await terminal.typeBytes(Self.megabyte + [13])
        let seen = try await terminal.waitFor("That line is 1,048,576 characters long", after: start, timeout: .seconds(240))
        try await expectTutorAnswersAndKeepsProgress(terminal, after: seen, state: world.state)
    }

    @Test(.timeLimit(.minutes(2)))
    func controlCharactersOnATerminalNeitherFreezeNorEndTheTutor() async throws {
        let world = try TutorBinary.makeWorld()
        let (terminal, start) = try await startAtSecondStep(world)
        // Ctrl-V first makes libedit insert the next key as it is, so some controls reach the line itself.
        try await terminal.typeBytes(Array("ab".utf8) + [0x16] + Self.controls + Array("cd".utf8) + [13])
        try await expectTutorAnswersAndKeepsProgress(terminal, after: start, state: world.state)
        #expect(!terminal.screen.contains("crashed"))
    }

    @Test(.timeLimit(.minutes(2)))
    func invalidUTF8OnATerminalIsDroppedAndTheTutorGoesOn() async throws {
        let world = try TutorBinary.makeWorld()
        let (terminal, start) = try await startAtSecondStep(world)
        try await terminal.typeBytes(Self.invalidUTF8 + [13])
        // libedit drops bytes that are not UTF-8, so the tutor reads `goto ` and asks for more.
        let seen = try await terminal.waitFor("'goto' needs something more", after: start)
        try await expectTutorAnswersAndKeepsProgress(terminal, after: seen, state: world.state)
    }

    @Test(.timeLimit(.minutes(2)))
    func ctrlDInAnUnfinishedEntryDropsTheEntryNotTheSession() async throws {
        let world = try TutorBinary.makeWorld()
        let (terminal, start) = try await startAtSecondStep(world)
        terminal.type("for i in 1...3 {\r")
        var seen = try await terminal.waitFor("... ", after: start)
        try await terminal.waitForEditing()
        terminal.type("\u{04}")
        seen = try await terminal.waitFor("The unfinished Swift entry was dropped without running.", after: seen)
        try await expectTutorAnswersAndKeepsProgress(terminal, after: seen, state: world.state)
    }

    @Test(.timeLimit(.minutes(2)))
    func resizingTheWindowAtThePromptChangesNothing() async throws {
        let world = try TutorBinary.makeWorld()
        let (terminal, start) = try await startAtSecondStep(world)
        terminal.type("hel")
        terminal.resize(rows: 20, columns: 50)
        try await Task.sleep(for: .milliseconds(100))
        terminal.resize(rows: 60, columns: 200)
        terminal.type("p\r")
        let seen = try await terminal.waitFor("Commands", after: start)
        try await expectTutorAnswersAndKeepsProgress(terminal, after: seen, state: world.state)
    }

    @Test(.timeLimit(.minutes(3)))
    func aStopSentFromOutsideAndFgGiveTheLineBackInEditingMode() async throws {
        let world = try TutorBinary.makeWorld()
        var (terminal, seen) = try await startAtSecondStepUnderAShell(world)
        terminal.type("hel")
        seen = try await terminal.waitFor("hel", after: seen)
        // Not Ctrl-Z (a key while editing) but `kill -TSTP`, as a job-control tool would send.
        let tutor = try #require(terminal.foregroundProcessGroup())
        #expect(kill(tutor, SIGTSTP) == 0)
        seen = try await terminal.waitFor("Stopped", after: seen)
        seen = try await terminal.waitFor(PseudoTerminal.shellPrompt, after: seen)
        terminal.type("fg\r")
        // The prompt and the line are drawn again, and the terminal is back in editing mode
        // (the shell had put its own modes back): keys are read one by one, not echoed twice.
        seen = try await terminal.waitFor("stepwise 1.2> hel", after: seen)
        try await terminal.waitForEditing()
        terminal.type("p\r")
        seen = try await terminal.waitFor("Commands", after: seen)
        seen = try await terminal.waitFor("stepwise 1.2> ", after: seen)
        try await terminal.waitForEditing()
        terminal.type("quit\r")
        seen = try await terminal.waitFor("Progress saved", after: seen)
        seen = try await terminal.waitFor(PseudoTerminal.shellPrompt, after: seen)
        terminal.type("exit\r")
        _ = try await terminal.waitForExit()
    }

    @Test(.timeLimit(.minutes(2)))
    func resizingOverAndOverWhileTypingNeverCrashesThePrompt() async throws {
        let world = try TutorBinary.makeWorld()
        let (terminal, start) = try await startAtSecondStep(world)
        // libedit's own SIGWINCH handler resized its buffers on another thread while the prompt
        // redrew from them: a resize arriving with keystrokes crashed the tutor in libedit.
        for round in 0..<60 {
            terminal.type(round % 2 == 0 ? "xy" : "\u{7F}\u{7F}")
            terminal.resize(rows: UInt16(10 + (round * 13) % 70), columns: UInt16(30 + (round * 37) % 220))
            if round % 3 == 0 { try await Task.sleep(for: .milliseconds(2)) }
        }
        terminal.resize(rows: 24, columns: 80)
        terminal.type("\u{15}help\r")
        let seen = try await terminal.waitFor("Commands", after: start)
        #expect(!terminal.screen.contains("crashed"), "\(terminal.screen.suffix(600))")
        try await expectTutorAnswersAndKeepsProgress(terminal, after: seen, state: world.state)
    }

    @Test(.timeLimit(.minutes(3)))
    func ctrlZAndFgUnderAShellGiveBackAWorkingPrompt() async throws {
        let world = try TutorBinary.makeWorld()
        var (terminal, seen) = try await startAtSecondStepUnderAShell(world)
        terminal.type("hel\u{1A}")
        seen = try await terminal.waitFor("Stopped", after: seen)
        seen = try await terminal.waitFor(PseudoTerminal.shellPrompt, after: seen)
        terminal.type("fg\r")
        let resumed = seen
        // The prompt comes back with what was typed before Ctrl-Z, once.
        seen = try await terminal.waitFor("stepwise 1.2> hel", after: seen)
        try await terminal.waitForEditing()
        try await Task.sleep(for: .milliseconds(300))
        terminal.drain()
        #expect(terminal.screen[resumed...].ranges(of: "stepwise 1.2> ").count == 1, "\(terminal.screen[resumed...].debugDescription)")
        // Ctrl-C discards the line only while the prompt has the terminal in its editing mode.
        terminal.type("p nonsense\u{03}")
        seen = try await terminal.waitFor("stepwise 1.2> ", after: seen)
        try await terminal.waitForEditing()
        terminal.type("help\r")
        seen = try await terminal.waitFor("Commands", after: seen)
        #expect(!terminal.screen[seen...].contains("nonsense"))
        seen = try await terminal.waitFor("stepwise 1.2> ", after: seen)
        try await terminal.waitForEditing()
        // Up recalls the history: the arrow key is read as a key, not echoed as text.
        terminal.type("\u{1B}[A")
        seen = try await terminal.waitFor("help", after: seen)
        terminal.type("\u{15}quit\r")
        seen = try await terminal.waitFor("Progress saved", after: seen)
        seen = try await terminal.waitFor(PseudoTerminal.shellPrompt, after: seen)
        terminal.type("stty -a; exit\r")
        _ = try await terminal.waitForExit()
        let modes = terminal.screen[seen...]
        #expect(modes.contains("icanon") && modes.contains("isig") && modes.contains("echo"), "\(modes)")
        #expect(
            !modes.contains("-icanon") && !modes.contains("-isig") && !modes.contains("-echo "),
            "the terminal is back in its usual mode: \(modes)")
        try expectProgressAtSecondStep(state: world.state)
    }

    @Test(.timeLimit(.minutes(3)))
    func pipedHostileLinesAreScreenedAndTheSessionEndsCleanly() async throws {
        let world = try TutorBinary.makeWorld()
        let input =
            Self.megabyte + [10] + Self.controls + Array("help".utf8) + [10] + Self.invalidUTF8 + [10]
            + Array("lessons\nif true {\n".utf8)
        let (text, status) = try await pipedSession(
            input, arguments: ["learn", "first", "--step", "2", "--lessons", world.lessons], state: world.state)
        #expect(status == 0)
        #expect(text.contains("That line is 1,048,576 characters long; lines over 10,000 characters are"))
        #expect(text.utf8.count < 100_000, "the megabyte is not echoed back")
        #expect(text.contains("control characters or escape sequences from that line"))
        #expect(text.contains("Commands"), "the line after the controls was read as help")
        #expect(!text.contains("\u{1B}"), "no escape sequence is echoed back")
        #expect(text.contains("(3 characters were not valid UTF-8 and became �.)"))
        #expect(text.contains("No lesson '���'"))
        #expect(text.contains("▸  1  First things"))
        #expect(text.contains("The unfinished Swift entry was dropped without running."))
        #expect(text.contains("Progress saved"))
        try expectProgressAtSecondStep(state: world.state)
    }

    @Test(.timeLimit(.minutes(3)))
    func aPredictionIsScreenedBeforeItIsQuotedBack() async throws {
        let world = try TutorBinary.makeWorld()
        let input = Array("predict\n".utf8) + Array("\u{1B}[2JOptional(20)\u{07}\n".utf8)
        let (text, status) = try await pipedSession(
            input, arguments: ["learn", "practice", "--step", "2", "--lessons", world.lessons], state: world.state)
        #expect(status == 0)
        #expect(text.contains("(Removed 2 control characters or escape sequences from that line.)"))
        #expect(text.contains("✓ Right"))
        #expect(!text.contains("\u{1B}") && !text.contains("\u{07}"), "nothing of the escape sequence is echoed")
    }

    /// Standard input and output in files: a megabyte of input, and output that may be large, need no pipe juggling.
    func pipedSession(_ input: [UInt8], arguments: [String], state: String) async throws -> (text: String, status: Int32) {
        let folder = state + "/../io-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let inputPath = folder + "/in"
        let outputPath = folder + "/out"
        try Data(input).write(to: URL(fileURLWithPath: inputPath))
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TutorBinary.path)
        process.arguments = arguments
        process.environment = environment(state: state)
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inputPath))
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let status = await process.exitStatus()
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: outputPath)), as: UTF8.self)
        return (text, status)
    }
}
