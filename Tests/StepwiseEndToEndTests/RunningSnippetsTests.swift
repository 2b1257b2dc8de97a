import Foundation
import Testing

/// The real binary compiling and running snippets: stepping, and snippets that misbehave.
@Suite(.tags(.terminal), .serialized) struct RunningSnippetsTests {
    func environment(state: String) -> [String: String] {
        TutorBinary.environment(state: state)
    }

    func pipedSession(_ input: String, arguments: [String], state: String) async throws -> (text: String, status: Int32) {
        try await TutorBinary.pipedSession(input, arguments: arguments, environment: environment(state: state))
    }

    @Test(.timeLimit(.minutes(2)))
    func steppingRunsTheBodyOnlyOnTheCallThatAsksForIt() async throws {
        let world = try TutorBinary.makeWorld()
        let (text, status) = try await pipedSession(
            "step\n\n\n\nnext\n", arguments: ["learn", "running", "--lessons", world.lessons], state: world.state)
        #expect(status == 0)
        let ready = try #require(text.range(of: "ready"))
        let call1 = try #require(text.range(of: "next() call 1 → Optional(10)"))
        let body1 = try #require(text.range(of: "body runs for call 1"))
        let call2 = try #require(text.range(of: "next() call 2 → Optional(20)"))
        let body2 = try #require(text.range(of: "body runs for call 2"))
        #expect(ready.lowerBound < call1.lowerBound)
        #expect(call1.lowerBound < body1.lowerBound && body1.lowerBound < call2.lowerBound, "call 1's print belongs to call 1")
        #expect(call2.lowerBound < body2.lowerBound)
        #expect(text.contains("stored properties after the call:\n    i = 2"))
        #expect(text.contains("next() call 4 → nil"))
        #expect(text.contains("StopIteration"))
    }

    @Test(.timeLimit(.minutes(2)))
    func anEndlessLoopIsStoppedAndTheTutorGoesOn() async throws {
        let world = try TutorBinary.makeWorld()
        let (text, status) = try await pipedSession(
            "run\nhelp\n", arguments: ["learn", "running", "--step", "2", "--lessons", world.lessons], state: world.state)
        #expect(status == 0)
        #expect(text.contains("stopped: still running after the 2 s limit"))
        let stopped = try #require(text.range(of: "stopped: still running"))
        #expect(text.range(of: "Commands", range: stopped.upperBound..<text.endIndex) != nil, "the tutor still answers")
    }

    @Test(.timeLimit(.minutes(2)))
    func aHundredMegabytePrintIsStoppedAndTheTutorGoesOn() async throws {
        let world = try TutorBinary.makeWorld()
        let (text, status) = try await pipedSession(
            "run\nhelp\n", arguments: ["learn", "running", "--step", "3", "--lessons", world.lessons], state: world.state)
        #expect(status == 0)
        #expect(text.contains("stopped: it printed more than 32 MiB"))
        #expect(text.contains("lines not shown"))
        #expect(text.utf8.count < 200_000, "the learner sees a bounded amount")
        #expect(text.contains("Commands"))
    }

    @Test(.timeLimit(.minutes(2)))
    func onATerminalOutputAppearsAsItIsPrinted() async throws {
        let world = try TutorBinary.makeWorld()
        let terminal = try PseudoTerminal(
            executable: TutorBinary.path, arguments: ["learn", "running", "--step", "4", "--lessons", world.lessons],
            environment: environment(state: world.state)
        )
        var seen = try await terminal.waitFor("stepwise 3.4> ")
        terminal.type("run\r")
        let runStarted = seen
        seen = try await terminal.waitFor("first line", after: seen)
        #expect(!terminal.screen[seen...].contains("second line"), "the second line is still two seconds away")
        seen = try await terminal.waitFor("second line", after: seen)
        // The duration shown is the run's own (two seconds and what load adds), so any will do.
        seen = try await terminal.waitFor("finished in ", after: seen)
        let shown = String(terminal.screen[runStarted..<seen])
        #expect(shown.components(separatedBy: "first line").count == 2, "each line is shown once: \(shown)")
        #expect(shown.components(separatedBy: "second line").count == 2, "each line is shown once: \(shown)")
        terminal.type("quit\r")
        #expect(try await terminal.waitForExit() == 0)
    }

    @Test(.timeLimit(.minutes(2)))
    func theEditorGetsTheTerminalAndItsEditRuns() async throws {
        let world = try TutorBinary.makeWorld()
        // An "editor" that reads a line from the terminal, as every real editor does: one
        // started outside the terminal's foreground group would be stopped right there.
        let editor = world.state + "/editor.sh"
        try "#!/bin/sh\nIFS= read -r line\nprintf '%s\\n' \"$line\" >> \"$1\"\n".write(toFile: editor, atomically: true, encoding: .utf8)
        chmod(editor, 0o755)
        var environment = environment(state: world.state)
        environment["EDITOR"] = editor
        let terminal = try PseudoTerminal(
            executable: TutorBinary.path, arguments: ["learn", "practice", "--step", "1", "--lessons", world.lessons],
            environment: environment
        )
        var seen = try await terminal.waitFor("stepwise 4.1> ")
        try await terminal.waitForEditing()
        terminal.type("edit\r")
        // Typed once the prompt has left its editing mode (a fixed pause was too short under
        // load): in line mode the line waits in the terminal for the editor's read.
        var modes = termios()
        try await terminal.waitUntil("the prompt never handed over the terminal") {
            tcgetattr(terminal.master, &modes) == 0 && modes.c_lflag & tcflag_t(ICANON) != 0
        }
        terminal.type("print(\"typed in the editor\")\r")
        seen = try await terminal.waitFor("Running your edited version", after: seen)
        seen = try await terminal.waitFor("typed in the editor", after: seen)
        terminal.type("quit\r")
        #expect(try await terminal.waitForExit() == 0)
    }

    @Test(.timeLimit(.minutes(2)))
    func ctrlCStopsARunningSnippetNotTheTutor() async throws {
        let world = try TutorBinary.makeWorld()
        let terminal = try PseudoTerminal(
            executable: TutorBinary.path, arguments: ["learn", "running", "--step", "2", "--lessons", world.lessons],
            environment: environment(state: world.state)
        )
        var seen = try await terminal.waitFor("stepwise 3.2> ")
        terminal.type("run\r")
        seen = try await terminal.waitFor("run", after: seen)
        try await Task.sleep(for: .milliseconds(700))
        terminal.type("\u{03}")
        seen = try await terminal.waitFor("interrupted", after: seen)
        seen = try await terminal.waitFor("stepwise 3.2> ", after: seen)
        terminal.type("quit\r")
        #expect(try await terminal.waitForExit() == 0)
    }
}
