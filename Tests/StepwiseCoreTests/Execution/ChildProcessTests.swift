import Foundation
import Testing

@testable import StepwiseCore

@Suite(.tags(.compiler), .timeLimit(.minutes(3)))
struct ChildProcessTests {
    let environment = ProcessInfo.processInfo.environment

    func shell(_ script: String) -> ProcessSpec {
        ProcessSpec(executable: "/bin/sh", arguments: ["-c", script], environment: environment)
    }

    @Test func collectsBothStreamsWithTimestampsAndExitStatus() async throws {
        // The pause orders lines across the two pipes, which are read separately: 0.2 s was not
        // enough once, with every suite running at once on two cores.
        let result = try await ChildProcess.run(shell("echo one; echo two >&2; sleep 1; echo three; exit 3"))
        #expect(result.termination == .exited(3))
        #expect(result.lines.map(\.text) == ["one", "two", "three"])
        #expect(result.lines.map(\.stream) == [.stdout, .stderr, .stdout])
        let last = try #require(result.lines.last)
        #expect(last.elapsed >= .milliseconds(150))
        #expect(result.wallTime >= last.elapsed)
    }

    @Test func stopsAnInfiniteLoopAtTheWallClockLimit() async throws {
        // The termination is the evidence: the loop never ends by itself, and a time bound here
        // would measure the machine's load, not the monitor.
        let result = try await ChildProcess.run(
            shell("while :; do :; done"), limits: RunLimits(wallClock: .seconds(1)))
        #expect(result.termination == .timedOut(.seconds(1)))
    }

    @Test func capsAHugeOutputAndKillsTheWriter() async throws {
        // 100 MB of output: far beyond the 32 MiB hard cap.
        let result = try await ChildProcess.run(
            shell("yes 0123456789012345678901234567890123456789012345678 | head -c 100000000"),
            limits: RunLimits(wallClock: .seconds(60)))
        #expect(result.termination == .outputLimit(32 << 20))
        let kept = result.lines.reduce(0) { $0 + $1.text.utf8.count }
        #expect(kept <= 1 << 20)
        // Stopped near the cap, not after writing all 100 MB (a signal that does not depend on machine load).
        #expect(result.omittedBytes > 30 << 20 && result.omittedBytes < 40 << 20)
    }

    @Test func cancellingTheAwaitingTaskKillsTheProcessGroup() async throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-cancel-\(UUID().uuidString)").path
        // The grandchild would create the marker file after 8 s if it survived: long enough that a
        // loaded machine (the fuzzer beside a parallel test run) still stops it before then.
        let clock = ContinuousClock()
        let began = clock.now
        let task = Task {
            try await ChildProcess.run(shell("(sleep 8; touch '\(marker)') & sleep 30"), limits: RunLimits(wallClock: .seconds(60)))
        }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let result = try await task.value
        // `.interrupted` says the cancel ended the run (the child's own end would be 30 s away).
        #expect(result.termination == .interrupted)
        try await Task.sleep(until: max(began + .seconds(8.5), clock.now + .milliseconds(500)))
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func reportsTheKillingSignal() async throws {
        let result = try await ChildProcess.run(shell("kill -SEGV $$"))
        #expect(result.termination == .signalled(11, name: "SIGSEGV"))
    }

    @Test func takesFormerControlLinesAsPlainOutput() async throws {
        let result = try await ChildProcess.run(shell("echo a; printf '\\036hello\\n'; echo b"))
        #expect(result.lines.map(\.text) == ["a", "\u{1E}hello", "b"])
        #expect(result.controlMessages.isEmpty)
    }

    @Test func givesNoControlChannelToOtherPrograms() async throws {
        let result = try await ChildProcess.run(
            shell("echo \"[${STEPWISE_CONTROL_FD:-}]\"; if [ -e /proc/$$/fd/3 ]; then echo open; else echo closed; fi"))
        #expect(result.lines.map(\.text) == ["[]", "closed"])
    }

    @Test func refusesAMissingProgram() async {
        await #expect(throws: ChildProcessError.notExecutable(path: "/nonexistent/program")) {
            try await ChildProcess.run(ProcessSpec(executable: "/nonexistent/program", environment: [:]))
        }
    }
}

extension ChildProcessTests {
    @Test func runsInTheRequestedWorkingDirectory() async throws {
        let folder = try ExecutionTestSupport.temporaryFolder()
        var spec = shell("pwd")
        spec.workingDirectory = folder
        let result = try await ChildProcess.run(spec)
        #expect(result.lines.map(\.text) == [folder])
    }
}
