import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The built binary with state nobody else may touch and a compile that cannot hold it: a cache
/// folder planted by another user stops the command with a message, and `stepwise run` of a
/// compile-time bomb ends at the compile limit.
@Suite(.tags(.terminal)) struct ContainedStateCommandTests {
    static let bomb = """
        ---
        id: bomb
        title: Bomb
        ---

        ## Slow to compile

        ```swift timeout=2
        func f<T>(_ x: T) -> (T, T) { (x, x) }
        let x = \(String(repeating: "f(", count: 18))1\(String(repeating: ")", count: 18))
        print(x.0)
        ```
        """

    func folder() throws -> String {
        let folder = NSTemporaryDirectory() + "stepwise-contained-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test(.timeLimit(.minutes(3)))
    func runningACompileTimeBombEndsAtTheCompileLimit() async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.bomb.write(toFile: folder + "/01-bomb.md", atomically: true, encoding: .utf8)
        let run = try await StepwiseBinary().run(
            ["run", folder + "/01-bomb.md"], environment: ["STEPWISE_COMPILE_SECONDS": "2", "XDG_STATE_HOME": folder + "/state"])
        #expect(run.status == 1)
        #expect(run.standardOutput == "")
        #expect(run.standardError.contains("the compiler was stopped at the compile limit (2 s)"), "\(run.standardError)")
    }

    @Test(.enabled(if: geteuid() == 0, "only root can give a folder to another user (the suite runs as root in CI)"))
    func aCacheFolderPlantedByAnotherUserStopsTheTutor() async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let planted = folder + "/cache/stepwise"
        try FileManager.default.createDirectory(atPath: planted, withIntermediateDirectories: true)
        let nobody = try #require(getpwnam("nobody")).pointee.pw_uid
        #expect(chown(planted, nobody, gid_t(nobody)) == 0)
        let run = try await StepwiseBinary().run(
            ["learn", "1"], environment: ["XDG_CACHE_HOME": folder + "/cache", "XDG_STATE_HOME": folder + "/state"])
        #expect(run.status == 1)
        #expect(run.standardError.hasPrefix("stepwise: \(planted): Stepwise does not use this folder"), "\(run.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: planted).isEmpty)
    }

    /// The compile folders in flight under a state folder's cache (each compile works in one).
    func compilesInFlight(state: String) -> [String] {
        let temporary = state + "/cache/stepwise/snippets/tmp"
        return ((try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []).filter { $0.hasPrefix("compile-") }
    }

    @Test(.timeLimit(.minutes(3)))
    func ctrlCWhileARunWaitsForACompileGivesThePromptBackAsTheCompileGoesOn() async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/lessons", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/state", withIntermediateDirectories: true)
        try Self.bomb.write(toFile: folder + "/lessons/01-bomb.md", atomically: true, encoding: .utf8)
        var environment = TutorBinary.environment(state: folder + "/state")
        // Far beyond how long the test takes even on a crowded machine; the test stops the
        // compiler itself once it has seen what it needs.
        environment["STEPWISE_COMPILE_SECONDS"] = "300"
        let terminal = try PseudoTerminal(
            executable: TutorBinary.path, arguments: ["learn", "bomb", "--lessons", folder + "/lessons"], environment: environment)
        var seen = try await terminal.waitFor("stepwise 1.1> ")
        // Opening the step starts compiling it ahead; the run then waits for that compile.
        while compilesInFlight(state: folder + "/state").isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        try await terminal.waitForEditing()
        terminal.type("run\r")
        seen = try await terminal.waitFor("running", after: seen)
        terminal.type("\u{03}")
        seen = try await terminal.waitFor("interrupted", after: seen)
        seen = try await terminal.waitFor("stepwise 1.1> ", after: seen)
        let inFlight = compilesInFlight(state: folder + "/state")
        #expect(!inFlight.isEmpty, "the prompt came back only once the compile had ended")
        // Nothing is left running after the test: the compiler processes (which work in the
        // compile's folder) are stopped, and the compile then removes its folder.
        let compileFolders = inFlight.map { folder + "/state/cache/stepwise/snippets/tmp/" + $0 }
        while !compilesInFlight(state: folder + "/state").isEmpty {
            Self.kill(workingIn: compileFolders)
            try await Task.sleep(for: .milliseconds(200))
        }
        try await terminal.waitForEditing()
        terminal.type("quit\r")
        #expect(try await terminal.waitForExit() == 0)
    }

    /// SIGKILLs every process whose working directory is one of `folders` (Linux `/proc`).
    static func kill(workingIn folders: [String]) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(name), pid > 1,
                let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(name)/cwd"),
                folders.contains(where: { cwd == $0 || cwd.hasPrefix($0 + "/") })
            else { continue }
            #if canImport(Glibc)
            Glibc.kill(pid, SIGKILL)
            #endif
        }
    }
}
