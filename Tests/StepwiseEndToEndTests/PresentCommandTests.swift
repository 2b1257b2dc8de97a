import Foundation
import Testing

/// `stepwise present` on a pseudo-terminal: keys in, full screens out, and the terminal as it
/// was afterwards however the presenter ends.
@Suite(.tags(.terminal), .serialized) struct PresentCommandTests {
    static let restore = "\u{1B}[0m\u{1B}[?7h\u{1B}[?1049l\u{1B}[?25h"

    /// The shared scratch world plus a lesson with a quick two-line run and a crash.
    func makeWorld() throws -> (lessons: String, state: String) {
        let world = try TutorBinary.makeWorld()
        try """
        ---
        id: show
        title: Show and tell
        ---

        ## Two lines

        ```swift
        print("first line")
        try await Task.sleep(for: .milliseconds(300))
        print("second line")
        ```

        ## A crash

        ```swift
        let values: [Int] = []
        print("before the crash")
        print(values[1])
        ```

        ## The end

        Nothing more.
        """.write(toFile: world.lessons + "/05-show.md", atomically: true, encoding: .utf8)
        return world
    }

    func present(
        _ world: (lessons: String, state: String), _ arguments: [String] = [], lesson: String = "show", sandboxed: Bool = true
    ) throws -> PseudoTerminal {
        var environment = TutorBinary.environment(state: world.state)
        environment["XDG_CACHE_HOME"] = StepwiseBinary.cacheHome
        if !sandboxed { environment["STEPWISE_SANDBOX"] = "off" }
        return try PseudoTerminal(
            executable: TutorBinary.path, arguments: ["present", lesson, "--lessons", world.lessons] + arguments,
            environment: environment, columns: 80, rows: 24)
    }

    /// The terminal is back in line mode with echo, the alternate screen was left and the cursor shown.
    func expectRestored(_ terminal: PseudoTerminal) async throws {
        #expect(terminal.screen.contains("\u{1B}[?1049h"), "the presenter used the alternate screen")
        #expect(
            terminal.screen.hasSuffix(Self.restore),
            "ends by leaving the alternate screen and showing the cursor: \(terminal.screen.suffix(40).debugDescription)")
        let settings = try await terminal.settings()
        let flags = settings.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" })
        #expect(flags.contains("icanon"), "\(settings)")
        #expect(flags.contains("echo"), "\(settings)")
        #expect(flags.contains("isig"), "\(settings)")
    }

    /// Files a presentation left in the state folder (the snippet cache lives elsewhere).
    func stateFiles(_ state: String) -> [String] {
        (FileManager.default.enumerator(atPath: state)?.allObjects as? [String] ?? []).filter { !$0.hasPrefix("cache") }
    }

    @Test(.timeLimit(.minutes(4)))
    func runsLiveTurnsPagesSurvivesACrashAndRestoresTheTerminalOnQuit() async throws {
        let world = try makeWorld()
        let terminal = try present(world)
        var seen = try await terminal.waitFor("Show and tell · step 1/3")
        terminal.type("r")
        seen = try await terminal.waitFor("finished in", after: seen)
        // Each line carries the time it arrived: the second about 0.3 s after the first.
        let visible = terminal.screen.replacing(/\x1B\[[0-9;?]*[A-Za-z]/, with: "")
        let stamps = visible.matches(of: /(\d+\.\d\d)s │ (first|second) line/).map { (Double($0.1) ?? -1, String($0.2)) }
        let first = try #require(stamps.first { $0.1 == "first" }?.0)
        let second = try #require(stamps.first { $0.1 == "second" }?.0)
        #expect(second - first >= 0.25)
        terminal.type("\u{1B}[C")
        seen = try await terminal.waitFor("step 2/3", after: seen)
        terminal.type("r")
        seen = try await terminal.waitFor("crashed", after: seen)
        // The presenter is still there: the page turns back.
        terminal.type("\u{1B}[D")
        seen = try await terminal.waitFor("step 1/3", after: seen)
        terminal.type("q")
        #expect(try await terminal.waitForExit() == 0)
        try await expectRestored(terminal)
        #expect(stateFiles(world.state).isEmpty, "presenting saves nothing: \(stateFiles(world.state))")
    }

    @Test(.timeLimit(.minutes(2)))
    func ctrlCQuitsAndRestoresTheTerminal() async throws {
        let world = try makeWorld()
        let terminal = try present(world, ["--step", "3"])
        try await terminal.waitFor("step 3/3")
        terminal.type("\u{03}")
        #expect(try await terminal.waitForExit() == 0)
        try await expectRestored(terminal)
    }

    @Test(.timeLimit(.minutes(2)))
    func sigtermRestoresTheTerminal() async throws {
        let world = try makeWorld()
        let terminal = try present(world, ["--theme", "light"])
        try await terminal.waitFor("step 1/3")
        #expect(terminal.screen.contains("48;5;231"), "the light theme paints a white background")
        let program = try #require(terminal.foregroundProcessGroup())
        #expect(kill(program, SIGTERM) == 0)
        _ = try await terminal.waitForExit()
        try await expectRestored(terminal)
    }

    @Test(.timeLimit(.minutes(3)))
    func sigtermDuringARunEndsTheSnippetToo() async throws {
        let world = try makeWorld()
        try """
        ---
        id: wait
        title: A long wait
        ---

        ## Waiting

        ```swift
        import Foundation
        // Written unbuffered; the words only meet in the output, not on the page.
        FileHandle.standardOutput.write(Data(("snippet" + " pid \\(getpid())\\n").utf8))
        sleep(60)
        ```
        """.write(toFile: world.lessons + "/06-wait.md", atomically: true, encoding: .utf8)
        // Outside the sandbox: inside, the snippet's pid is its PID namespace's, not the one this
        // test can look for (SandboxSessionTests kills a tutor around a sandboxed snippet).
        let terminal = try present(world, lesson: "wait", sandboxed: false)
        try await terminal.waitFor("step 1/1")
        terminal.type("r")
        try await terminal.waitFor("snippet pid ")
        // The number may arrive a moment after the words it follows.
        var snippet: pid_t?
        try? await terminal.waitUntil("no snippet pid") {
            let visible = terminal.screen.replacing(/\x1B\[[0-9;?]*[A-Za-z]/, with: "")
            snippet = visible.firstMatch(of: /snippet pid (\d+)\s/).flatMap { pid_t($0.1) }
            return snippet != nil
        }
        let pid = try #require(snippet)
        let program = try #require(terminal.foregroundProcessGroup())
        #expect(kill(program, SIGTERM) == 0)
        _ = try await terminal.waitForExit()
        try await expectRestored(terminal)
        // The snippet runs in a session of its own, so only the presenter can end it.
        // Returns as soon as it is gone; only a snippet still there after the hang bound fails.
        #expect(try await eventually(pollEvery: .milliseconds(50)) { kill(pid, 0) != 0 }, "the snippet outlived the presenter")
    }

    @Test(.timeLimit(.minutes(2)))
    func withoutATerminalTheLessonIsShownLineByLineAndNothingIsSaved() async throws {
        let world = try makeWorld()
        let (text, status) = try await TutorBinary.pipedSession(
            "\n", arguments: ["present", "first", "--lessons", world.lessons], environment: TutorBinary.environment(state: world.state))
        #expect(status == 0)
        #expect(text.contains("The second step."))
        #expect(!text.contains("\u{1B}"), "no escape codes when output is not a terminal")
        #expect(!text.contains("Progress saved"))
        #expect(stateFiles(world.state).isEmpty, "\(stateFiles(world.state))")
    }

    @Test(.timeLimit(.minutes(2)))
    func ctrlZGivesTheShellItsTerminalAndFgBringsThePresentationBack() async throws {
        let world = try makeWorld()
        var environment = TutorBinary.environment(state: world.state)
        environment["XDG_CACHE_HOME"] = StepwiseBinary.cacheHome
        var (terminal, seen) = try await PseudoTerminal.shell(environment: environment, columns: 80, rows: 24)
        terminal.type("\(TutorBinary.path) present show --step 3 --lessons \(world.lessons)\r")
        seen = try await terminal.waitFor("step 3/3", after: seen)
        // Raw mode makes Ctrl-Z a byte; the presenter suspends itself as a shell user expects.
        terminal.type("\u{1A}")
        seen = try await terminal.waitFor(Self.restore, after: seen)
        seen = try await terminal.waitFor("Stopped", after: seen)
        seen = try await terminal.waitFor(PseudoTerminal.shellPrompt, after: seen)
        terminal.type("stty -a\r")
        seen = try await terminal.waitFor(PseudoTerminal.shellPrompt, after: seen)
        let modes = terminal.screen[..<seen].suffix(2_000).split(whereSeparator: { $0 == " " || $0 == "\r\n" || $0 == "\n" || $0 == ";" })
        #expect(modes.contains("icanon") && modes.contains("isig") && modes.contains("echo"), "the shell gets its modes back: \(modes)")
        terminal.type("fg\r")
        // Back: the alternate screen again and a full repaint, and keys work.
        seen = try await terminal.waitFor("\u{1B}[?1049h", after: seen)
        seen = try await terminal.waitFor("step 3/3", after: seen)
        terminal.type("\u{1B}[D")
        seen = try await terminal.waitFor("step 2/3", after: seen)
        terminal.type("q")
        seen = try await terminal.waitFor(Self.restore, after: seen)
        seen = try await terminal.waitFor(PseudoTerminal.shellPrompt, after: seen)
        terminal.type("exit\r")
        _ = try await terminal.waitForExit()
    }

    /// A line the iterator's body prints before a sleep is on the screen during the sleep, as
    /// in the tutor, and the call's report then points at it instead of repeating it.
    @Test(.timeLimit(.minutes(3)))
    func steppingShowsWhatACallPrintsAsItPrintsIt() async throws {
        let world = try makeWorld()
        try """
        ---
        id: slow-steps
        title: Slow steps
        ---

        ## One call at a time

        ```swift step=slow
        # import Foundation
        struct Slow: IteratorProtocol {
            var n = 0
            mutating func next() -> Int? {
                n += 1
                print("making \\(n)")
                Thread.sleep(forTimeInterval: 3)
                return n
            }
        }
        var slow = Slow()
        ```
        """.write(toFile: world.lessons + "/08-slow-steps.md", atomically: true, encoding: .utf8)
        let terminal = try present(world, lesson: "slow-steps")
        var seen = try await terminal.waitFor("step 1/1")
        terminal.type("s")
        seen = try await terminal.waitFor("Enter calls it once", after: seen)
        terminal.type("\r")
        let called = seen
        seen = try await terminal.waitFor("making 1", after: seen)
        #expect(!terminal.screen[called...].contains("next() call 1"), "the line came with the call's report, after the sleep")
        seen = try await terminal.waitFor("next() call 1", after: seen)
        seen = try await terminal.waitFor("the 1 line(s) above", after: seen)
        terminal.type("q")
        #expect(try await terminal.waitForExit() == 0)
        try await expectRestored(terminal)
    }

    @Test(.timeLimit(.minutes(3)))
    func aTimelineIsDrawnAgainAtTheNewWidthAfterAResize() async throws {
        let world = try makeWorld()
        try """
        ---
        id: bars
        title: Bars
        ---

        ## Two tasks

        ```swift timeline
        print("start slow")
        try await Task.sleep(for: .milliseconds(400))
        print("end slow")
        ```
        """.write(toFile: world.lessons + "/07-bars.md", atomically: true, encoding: .utf8)
        let terminal = try present(world, lesson: "bars")
        var seen = try await terminal.waitFor("step 1/1")
        terminal.type("r")
        let ran = seen
        // The bar's row ends with its span, "0.00–0.41 s"; its start depends on when the tutor
        // read the first line, so wait for the unit after the span instead.
        seen = try await terminal.waitFor(" s\u{1B}[K", after: seen)
        // The bar's track, between its two rules, is as wide as the room the window leaves it.
        // The track, not the bar: how much of the track the bar fills depends on when the tutor
        // read the first line, which a loaded machine delays.
        func widestTrack(after index: String.Index) -> Int {
            terminal.drain()
            return terminal.screen[index...].matches(of: /slow \|([ █]+)\|/).map { $0.1.count }.max() ?? 0
        }
        // From before the run: the track comes earlier in its row than the span waited for.
        let narrow = widestTrack(after: ran)
        let resizedAt = terminal.screen.endIndex
        terminal.resize(columns: 140, rows: 40)
        try await terminal.waitFor("\u{1B}[39;1H", after: resizedAt)
        // The redrawn row may come in more than one read: wait for it rather than a fixed pause.
        try? await terminal.waitUntil("no wide track") { widestTrack(after: resizedAt) >= narrow + 20 }
        let wide = widestTrack(after: resizedAt)
        #expect(narrow > 20 && wide >= narrow + 20, "tracks of \(narrow) then \(wide) columns")
        terminal.type("q")
        #expect(try await terminal.waitForExit() == 0)
        try await expectRestored(terminal)
    }

    @Test(.timeLimit(.minutes(2)))
    func aResizedWindowIsLaidOutAgain() async throws {
        let world = try makeWorld()
        let terminal = try present(world, ["--step", "3"])
        var seen = try await terminal.waitFor("\u{1B}[24;1H")
        #expect(!terminal.screen.contains("\u{1B}[30;1H"))
        terminal.resize(columns: 100, rows: 30)
        // The footer moves to the new last two rows.
        seen = try await terminal.waitFor("\u{1B}[29;1H", after: seen)
        try await terminal.waitFor("step 3/3", after: seen)
        terminal.type("q")
        #expect(try await terminal.waitForExit() == 0)
        try await expectRestored(terminal)
    }

    @Test(.timeLimit(.minutes(2)))
    func autoTurnsPagesByItselfLoopsAndAnyKeyPausesIt() async throws {
        let world = try makeWorld()
        var environment = TutorBinary.environment(state: world.state)
        environment["XDG_CACHE_HOME"] = StepwiseBinary.cacheHome
        // Two steps without code: each is shown for the delay, then the first comes back.
        let terminal = try PseudoTerminal(
            executable: TutorBinary.path, arguments: ["present", "first", "--lessons", world.lessons, "--auto", "0.3"],
            environment: environment, columns: 80, rows: 24)
        var seen = try await terminal.waitFor("step 1/2")
        seen = try await terminal.waitFor("step 2/2", after: seen)
        seen = try await terminal.waitFor("step 1/2", after: seen)
        terminal.type("x")
        seen = try await terminal.waitFor("paused — a resumes", after: seen)
        let pausedAt = terminal.screen.endIndex
        try await Task.sleep(for: .milliseconds(800))
        terminal.drain()
        #expect(!terminal.screen[pausedAt...].contains("step 2/2"), "a paused slideshow stays on its step")
        terminal.type("a")
        try await terminal.waitFor("step 2/2", after: seen)
        terminal.type("q")
        #expect(try await terminal.waitForExit() == 0)
        try await expectRestored(terminal)
    }
}
