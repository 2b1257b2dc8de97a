import Foundation
import Testing

/// Drives the real binary through a pseudo-terminal and through a pipe.
@Suite(.tags(.terminal), .serialized) struct InteractiveSessionTests {
    func environment(state: String) -> [String: String] {
        TutorBinary.environment(state: state)
    }

    /// The one progress file a run left in the state folder.
    func savedProgress(under state: String) throws -> String {
        let enumerator = FileManager.default.enumerator(atPath: state)
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix("progress.json") { return try String(contentsOfFile: state + "/" + path, encoding: .utf8) }
        }
        return ""
    }

    @Test(.timeLimit(.minutes(2)))
    func promptHistoryAndCtrlDSaveProgress() async throws {
        let world = try TutorBinary.makeWorld()
        let terminal = try PseudoTerminal(
            executable: TutorBinary.path, arguments: ["--lessons", world.lessons], environment: environment(state: world.state)
        )
        var seen = try await terminal.waitFor("stepwise 1.1> ")
        terminal.type("help\r")
        seen = try await terminal.waitFor("Commands", after: seen)
        seen = try await terminal.waitFor("stepwise 1.1> ", after: seen)
        // Up recalls the last line; Ctrl-U clears it again.
        terminal.type("\u{1B}[A")
        seen = try await terminal.waitFor("help", after: seen)
        terminal.type("\u{15}\r")
        seen = try await terminal.waitFor("stepwise 1.2> ", after: seen)
        #expect(terminal.screen.contains("The second step."))
        // Ctrl-C discards the line and the tutor stays.
        terminal.type("nonsense\u{03}")
        seen = try await terminal.waitFor("stepwise 1.2> ", after: seen)
        terminal.type("\u{04}")
        try await terminal.waitFor("Progress saved", after: seen)
        #expect(try await terminal.waitForExit() == 0)

        let progress = try savedProgress(under: world.state)
        #expect(progress.contains("\"currentLesson\" : \"first\""))
        #expect(progress.contains("\"step\" : 1"))
    }

    @Test(.timeLimit(.minutes(2)))
    func restartingResumesAtTheSameStepAndKeepsHistory() async throws {
        let world = try TutorBinary.makeWorld()
        do {
            let first = try PseudoTerminal(
                executable: TutorBinary.path, arguments: ["--lessons", world.lessons], environment: environment(state: world.state)
            )
            let seen = try await first.waitFor("stepwise 1.1> ")
            first.type("goto 2\r")
            try await first.waitFor("stepwise 2.1> ", after: seen)
            first.type("quit\r")
            #expect(try await first.waitForExit() == 0)
        }
        let second = try PseudoTerminal(
            executable: TutorBinary.path, arguments: ["--lessons", world.lessons], environment: environment(state: world.state)
        )
        var seen = try await second.waitFor("Welcome back")
        seen = try await second.waitFor("stepwise 2.1> ", after: seen)
        #expect(second.screen.contains("The only step."))
        second.type("\u{1B}[A")
        try await second.waitFor("quit", after: seen)
        second.type("\u{15}\u{04}")
        #expect(try await second.waitForExit() == 0)
    }

    @Test(.timeLimit(.minutes(2)))
    func pipedCommandsWorkLineByLineWithoutEscapeCodes() async throws {
        let world = try TutorBinary.makeWorld()
        let (text, status) = try await TutorBinary.pipedSession(
            "help\n\nhlep\nlessons\n", arguments: ["learn", "first", "--lessons", world.lessons],
            environment: environment(state: world.state))
        #expect(status == 0)
        #expect(!text.contains("\u{1B}"), "no escape codes when piped")
        #expect(text.contains("Commands"))
        #expect(text.contains("The second step."))
        #expect(text.contains("Did you mean 'help'?"))
        #expect(text.contains("▸  1  First things"))
        #expect(text.contains("Progress saved"))
    }

    @Test(.timeLimit(.minutes(2)))
    func aProgressFileThatCannotBeWrittenWarnsOnceAndTheGoodbyeSaysSo() async throws {
        let world = try TutorBinary.makeWorld()
        // A file where the state folder should be: every save fails, even for root.
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: world.state + "/stepwise"))
        let (text, status) = try await TutorBinary.pipedSession(
            "next\nback\nnext\n", arguments: ["learn", "first", "--lessons", world.lessons], environment: environment(state: world.state))
        #expect(status == 0)
        #expect(text.components(separatedBy: "warning:").count - 1 == 1, "one warning for the same failure, not one per step")
        #expect(text.contains("Progress could not be saved"))
        #expect(!text.contains("Progress saved."), "the goodbye never claims a save that failed")
    }

    @Test(.timeLimit(.minutes(2)))
    func aCorruptProgressFileIsMovedAsideWithAWarning() async throws {
        let world = try TutorBinary.makeWorld()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TutorBinary.path)
        process.arguments = ["list"]
        var environment = environment(state: world.state)
        environment["STEPWISE_LESSONS"] = world.lessons
        process.environment = environment
        try FileManager.default.createDirectory(atPath: world.state + "/stepwise", withIntermediateDirectories: true)
        try "garbage".write(toFile: world.state + "/stepwise/progress.json", atomically: true, encoding: .utf8)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let (data, status) = try await process.runPiped(input: Data(), output: output)
        let text = String(decoding: data, as: UTF8.self)
        #expect(status == 0)
        #expect(text.contains("warning: your progress file could not be used"))
        #expect(text.contains("First things"))
        let files = try FileManager.default.contentsOfDirectory(atPath: world.state + "/stepwise")
        #expect(files.contains { $0.hasPrefix("progress.json.corrupt-") })
    }
}
