import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Snippets that crash or try to stay behind, run through the tutor: the learner is told what
/// happened, nothing of them is left running, and the tutor answers the next command.
@Suite(.tags(.terminal), .serialized) struct MisbehavingSnippetSessionTests {
    struct World {
        var lessons: String
        var state: String
        /// The tutor's working directory (the learner's).
        var workingDirectory: String
        /// Arguments of `sleep` processes the snippets start, to find any that survive.
        var sleeper: String
        var spinnerSleeper: String
        var waiterSleeper: String
        var bombSleeper: String
        /// A file that exists only once a snippet has run.
        var ranMarker: String
    }

    static func makeWorld() throws -> World {
        let root = NSTemporaryDirectory() + "stepwise-e2e-\(UUID().uuidString)"
        let world = World(
            lessons: root + "/lessons", state: root + "/state", workingDirectory: root + "/learner",
            sleeper: "300.\(Int.random(in: 100_000...999_999))", spinnerSleeper: "301.\(Int.random(in: 100_000...999_999))",
            waiterSleeper: "302.\(Int.random(in: 100_000...999_999))", bombSleeper: "303.\(Int.random(in: 100_000...999_999))",
            ranMarker: root + "/snippet-ran")
        for folder in [world.lessons, world.state, world.workingDirectory] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        try """
        ---
        id: misbehave
        title: Misbehaving snippets
        ---

        ## Recursion

        ```swift
        func down(_ n: Int) -> Int { n == -1 ? 0 : 1 + down(n + 1) }
        print(down(0))
        ```

        ## Fatal

        ```swift
        fatalError("the sky fell")
        ```

        ## Unwrap

        ```swift
        let missing: Int? = nil
        print(missing!)
        ```

        ## Leftovers

        ```swift
        # import Foundation
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        child.arguments = ["sleep", "\(world.sleeper)"]
        try child.run()
        print("started a sleeper")
        ```

        ## Input

        ```swift
        print("read:", readLine() as Any)
        ```

        ## Where

        ```swift
        # import Foundation
        print("cwd:", FileManager.default.currentDirectoryPath)
        print("created:", FileManager.default.createFile(atPath: "written-by-snippet.txt", contents: nil))
        ```

        ## Spin

        ```swift
        # import Foundation
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["\(world.spinnerSleeper)"]
        try child.run()
        print("spinning")
        while true {}
        ```

        ## Wait

        ```swift timeout=300
        # import Foundation
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["\(world.waiterSleeper)"]
        try child.run()
        print("waiting")
        Thread.sleep(forTimeInterval: 300)
        ```

        ## Bomb

        ```swift timeout=60
        # import Foundation
        for _ in 0..<400 {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: "/bin/sleep")
            child.arguments = ["\(world.bombSleeper)"]
            try child.run()
        }
        print("all 400 started")
        Thread.sleep(forTimeInterval: 300)
        ```
        """.write(toFile: world.lessons + "/01-misbehave.md", atomically: true, encoding: .utf8)
        try """
        ---
        id: marker
        title: Code that leaves a mark
        ---

        ## Mark

        ```swift
        # import Foundation
        _ = FileManager.default.createFile(atPath: "\(world.ranMarker)", contents: nil)
        print("marked")
        ```
        """.write(toFile: world.lessons + "/02-marker.md", atomically: true, encoding: .utf8)
        return world
    }

    func environment(_ world: World) -> [String: String] {
        TutorBinary.environment(state: world.state)
    }

    /// A piped session started in the learner's working directory.
    func pipedSession(_ input: String, arguments: [String], world: World) async throws -> (text: String, status: Int32) {
        try await TutorBinary.pipedSession(
            input, arguments: arguments + ["--lessons", world.lessons], environment: environment(world), directory: world.workingDirectory)
    }

    /// Live processes with `argument` on their command line. Expecting none, they are polled
    /// until they are gone (a process killed a moment ago may still be listed, for long under
    /// load), up to the hang bound; whatever is left then is killed and returned.
    func survivors(withArgument argument: String, expectingNone: Bool = true) async throws -> [Int32] {
        var found: [Int32] = []
        _ = try await eventually(within: expectingNone ? hangBound : .zero, pollEvery: .milliseconds(50)) {
            found = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { name -> Int32? in
                guard let pid = Int32(name), let commandLine = FileManager.default.contents(atPath: "/proc/\(name)/cmdline"),
                    let stat = FileManager.default.contents(atPath: "/proc/\(name)/stat"),
                    !String(decoding: stat, as: UTF8.self).contains(") Z ")
                else { return nil }
                return commandLine.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == argument } ? pid : nil
            }
            return found.isEmpty
        }
        if expectingNone { for pid in found { kill(pid, SIGKILL) } }
        return found
    }

    @Test(.timeLimit(.minutes(5)))
    func crashesAreReportedWithTheirCauseAndTheTutorGoesOn() async throws {
        let world = try Self.makeWorld()
        let (printed, status) = try await pipedSession("run\n\nrun\n\nrun\nhelp\n", arguments: ["learn", "misbehave"], world: world)
        // Long lines are wrapped to the window (80 columns here): read them joined up again.
        let text = printed.replacing(#/ *\n *(│ ↪ )? */#, with: " ")
        #expect(status == 0)
        #expect(text.contains("crashed: killed by SIGSEGV (segmentation fault: usually a stack overflow from recursion that never stops)"))
        #expect(text.contains("Fatal error: the sky fell"))
        #expect(text.contains("Fatal error: Unexpectedly found nil while unwrapping an Optional value"))
        let lastCrash = try #require(text.range(of: "Unexpectedly found nil"))
        #expect(text.range(of: "Commands", range: lastCrash.upperBound..<text.endIndex) != nil, "the tutor still answers")
    }

    @Test(.timeLimit(.minutes(3)))
    func aProcessASnippetLeftRunningIsGoneAfterTheRun() async throws {
        let world = try Self.makeWorld()
        let (text, status) = try await pipedSession("run\nhelp\n", arguments: ["learn", "misbehave", "--step", "4"], world: world)
        #expect(status == 0)
        #expect(text.contains("started a sleeper"))
        #expect(text.contains("Commands"))
        #expect(try await survivors(withArgument: world.sleeper).isEmpty, "the setsid sleeper was killed")
    }

    @Test(.timeLimit(.minutes(3)))
    func aSnippetReadingInputGetsNoneAndLeavesTheTypedAheadCommand() async throws {
        let world = try Self.makeWorld()
        let terminal = try PseudoTerminal(
            executable: TutorBinary.path, arguments: ["learn", "misbehave", "--step", "5", "--lessons", world.lessons],
            environment: environment(world))
        var seen = try await terminal.waitFor("stepwise 1.5> ")
        try await terminal.waitForEditing()
        // `help` is typed while the snippet runs: it is the tutor's, not the snippet's.
        terminal.type("run\rhelp\r")
        seen = try await terminal.waitFor("read: nil", after: seen)
        seen = try await terminal.waitFor("Commands", after: seen)
        seen = try await terminal.waitFor("stepwise 1.5> ", after: seen)
        try await terminal.waitForEditing()
        terminal.type("quit\r")
        #expect(try await terminal.waitForExit() == 0)
    }

    @Test(.timeLimit(.minutes(3)))
    func aSnippetStartsInAScratchFolderNotTheLearnersDirectory() async throws {
        let world = try Self.makeWorld()
        let (text, status) = try await pipedSession("run\n", arguments: ["learn", "misbehave", "--step", "6"], world: world)
        #expect(status == 0)
        #expect(text.contains("created: true"))
        // The path is long: a line the tutor wrapped goes on after `↪ ` on the lines below it.
        let lines = text.split(separator: "\n").map(String.init)
        let cwdIndex = try #require(lines.firstIndex { $0.contains("cwd: ") })
        var cwdLine = lines[cwdIndex]
        for next in lines.dropFirst(cwdIndex + 1) {
            guard let marker = next.range(of: "↪ ") else { break }
            cwdLine += next[marker.upperBound...]
        }
        let folder = String(
            cwdLine.dropFirst(
                cwdLine.distance(from: cwdLine.startIndex, to: cwdLine.firstRange(of: "cwd: ")?.upperBound ?? cwdLine.startIndex)))
        #expect(folder.contains("/stepwise/scratch/run-"), "\(folder)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: world.workingDirectory).isEmpty, "the learner's directory is untouched")
        #expect(!FileManager.default.fileExists(atPath: world.lessons + "/written-by-snippet.txt"))
        #expect(!FileManager.default.fileExists(atPath: folder), "the scratch folder is gone after the run")
    }

    @Test(.timeLimit(.minutes(3)))
    func ctrlCStopsASpinningSnippetAndWhatItStarted() async throws {
        let world = try Self.makeWorld()
        let terminal = try PseudoTerminal(
            executable: TutorBinary.path, arguments: ["learn", "misbehave", "--step", "7", "--lessons", world.lessons],
            environment: environment(world))
        var seen = try await terminal.waitFor("stepwise 1.7> ")
        try await terminal.waitForEditing()
        terminal.type("run\r")
        seen = try await terminal.waitFor("spinning", after: seen)
        terminal.type("\u{03}")
        seen = try await terminal.waitFor("interrupted", after: seen)
        seen = try await terminal.waitFor("stepwise 1.7> ", after: seen)
        #expect(try await survivors(withArgument: world.spinnerSleeper).isEmpty, "what the snippet started was stopped with it")
        try await terminal.waitForEditing()
        terminal.type("help\r")
        seen = try await terminal.waitFor("Commands", after: seen)
        terminal.type("quit\r")
        #expect(try await terminal.waitForExit() == 0)
    }

    @Test(.timeLimit(.minutes(5)))
    func aLessonFolderRunsNoCodeUntilTheLearnerAsks() async throws {
        let world = try Self.makeWorld()
        let cache = world.state + "/cache/stepwise/snippets"
        // Outside the sandbox, whose private /tmp would hide the marker from this test.
        var unsandboxed = environment(world)
        unsandboxed["STEPWISE_SANDBOX"] = "off"
        do {
            let terminal = try PseudoTerminal(
                executable: TutorBinary.path, arguments: ["learn", "marker", "--lessons", world.lessons],
                environment: unsandboxed)
            let seen = try await terminal.waitFor("stepwise 2.1> ")
            // Opening the step compiles its snippet ahead in the background; wait until that is done.
            func compiled() -> Bool {
                ((try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []).contains { $0.count == 64 }
            }
            #expect(
                try await eventually(within: .seconds(180), pollEvery: .milliseconds(100), compiled), "the prefetch compiled the snippet")
            #expect(!FileManager.default.fileExists(atPath: world.ranMarker), "compiling ran nothing")
            try await terminal.waitForEditing()
            terminal.type("quit\r")
            try await terminal.waitFor("Progress saved", after: seen)
            #expect(try await terminal.waitForExit() == 0)
        }
        #expect(!FileManager.default.fileExists(atPath: world.ranMarker), "opening and leaving the lesson ran nothing")
        let (text, status) = try await TutorBinary.pipedSession(
            "run\n", arguments: ["learn", "marker", "--lessons", world.lessons], environment: unsandboxed,
            directory: world.workingDirectory)
        #expect(status == 0)
        #expect(text.contains("marked"))
        #expect(FileManager.default.fileExists(atPath: world.ranMarker), "run runs it")
    }

    @Test(.timeLimit(.minutes(3)))
    func aSnippetStartingHundredsOfProcessesIsStoppedAtTheLimit() async throws {
        let world = try Self.makeWorld()
        let (text, status) = try await pipedSession("run\nhelp\n", arguments: ["learn", "misbehave", "--step", "9"], world: world)
        #expect(status == 0)
        #expect(text.contains("stopped: it started more than 256 processes at once. The tutor is fine."))
        #expect(text.contains("Commands"))
        #expect(try await survivors(withArgument: world.bombSleeper).isEmpty, "every process it started is gone")
    }

    @Test(.timeLimit(.minutes(3)))
    func closingTheTerminalDuringARunEndsTheSnippetWithTheTutor() async throws {
        let world = try Self.makeWorld()
        let terminal = try PseudoTerminal(
            executable: TutorBinary.path, arguments: ["learn", "misbehave", "--step", "8", "--lessons", world.lessons],
            environment: environment(world))
        var seen = try await terminal.waitFor("stepwise 1.8> ")
        try await terminal.waitForEditing()
        terminal.type("run\r")
        seen = try await terminal.waitFor("waiting", after: seen)
        #expect(!(try await survivors(withArgument: world.waiterSleeper, expectingNone: false).isEmpty), "the snippet's child is running")
        // What the kernel sends the tutor when its terminal window is closed.
        let tutors = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { name -> Int32? in
            guard let pid = Int32(name), let commandLine = FileManager.default.contents(atPath: "/proc/\(name)/cmdline") else { return nil }
            let arguments = commandLine.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return arguments.first == TutorBinary.path && arguments.contains(world.lessons) ? pid : nil
        }
        let tutor = try #require(tutors.first)
        kill(tutor, SIGHUP)
        _ = try await terminal.waitForExit()
        #expect(try await survivors(withArgument: world.waiterSleeper).isEmpty, "nothing of the run outlives the tutor")
    }
}
