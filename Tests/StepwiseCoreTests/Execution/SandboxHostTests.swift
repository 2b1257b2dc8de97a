import Foundation
import SandboxWire
import Testing

@testable import StepwiseCore

#if canImport(Glibc)
import Glibc
#endif

/// The session's sandbox host: every contained run of a process starts from one host, in
/// namespaces of its own, and a host that dies is replaced.
@Suite(
    .tags(.compiler), .timeLimit(.minutes(3)),
    .enabled(if: SandboxProbe.current.sandbox != nil && SandboxHost.executablePath() != nil, "bwrap and the host work here"))
struct SandboxHostTests {
    let sandbox = SandboxProbe.current.sandbox!

    func shell(_ script: String, wallClock: Duration = .seconds(120)) async throws -> RunResult {
        try await ChildProcess.run(
            ProcessSpec(executable: "/bin/sh", arguments: ["-c", script], environment: ["PATH": "/usr/bin:/bin"]),
            limits: RunLimits(wallClock: wallClock, sandbox: .using(sandbox)))
    }

    @Test func runsStartFromOneHostEachInANamespaceOfItsOwn() async throws {
        // The program is the second process of its namespace (its init is the first), and a
        // second run's namespace is a new one: the same numbers again.
        let first = try await shell("echo $$ $PPID; set -- /proc/[0-9]*; echo $#")
        let host = try #require(SandboxHost.runningPID(for: sandbox))
        let second = try await shell("echo $$ $PPID; set -- /proc/[0-9]*; echo $#")
        #expect(first.lines.map(\.text) == ["2 1", "2"], "its /proc shows its init and the shell only: \(first.lines)")
        #expect(second.lines.map(\.text) == ["2 1", "2"])
        #expect(SandboxHost.runningPID(for: sandbox) == host, "the second run came from the same host")
        #expect(first.termination == .exited(0) && second.termination == .exited(0), "\(first) \(second)")
    }

    @Test func aRunWithoutAWorkingDirectoryCanUseTheFolderItStartsIn() async throws {
        // The tutor's folder, looked up in the run's own file system: under /tmp (a checkout
        // there), the folder the host inherited is hidden by the run's /tmp, and a program that
        // goes back to its own directory (pyenv's python3 does) must not fail there.
        let result = try await shell("cd \"$(pwd)\" && echo here")
        #expect(result.lines.map(\.text) == ["here"], "\(result.lines)")
    }

    @Test func theProgramHoldsNoCapabilityAndCannotGainOne() async throws {
        let result = try await shell(
            "grep -E '^(CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs)' /proc/self/status; mount -t tmpfs none /tmp 2>/dev/null && echo mounted || echo refused"
        )
        let lines = result.lines.map(\.text)
        for name in ["CapPrm", "CapEff", "CapBnd", "CapAmb"] {
            #expect(lines.contains("\(name):\t0000000000000000"), "\(name) in \(lines)")
        }
        #expect(lines.contains("NoNewPrivs:\t1"))
        #expect(lines.contains("refused"), "the run cannot change its mounts")
    }

    @Test func aRunLeavesNothingInDevForTheNext() async throws {
        let name = "stepwise-left-\(UUID().uuidString)"
        let writer = try await shell(
            "echo x > /dev/shm/\(name) && echo shm-written; touch /dev/\(name) 2>/dev/null && echo dev-written || echo dev-refused")
        let reader = try await shell("ls /dev/shm/\(name) /dev/\(name) 2>/dev/null | wc -l")
        #expect(writer.lines.map(\.text) == ["shm-written", "dev-refused"], "\(writer.lines)")
        #expect(reader.lines.map(\.text) == ["0"], "the next run sees neither file")
    }

    @Test func aHostThatDiesEndsItsRunsAndIsReplacedForTheNext() async throws {
        // A host of its own (hosts are per `bwrap`), so the kill below ends no other test's runs.
        let folder = try ExecutionTestSupport.temporaryFolder()
        let bwrap = (folder as NSString).appendingPathComponent("bwrap")
        try FileManager.default.createSymbolicLink(atPath: bwrap, withDestinationPath: sandbox.bwrapPath)
        let sandbox = Sandbox(bwrapPath: bwrap)
        func shell(_ script: String) async throws -> RunResult {
            try await ChildProcess.run(
                ProcessSpec(executable: "/bin/sh", arguments: ["-c", script], environment: ["PATH": "/usr/bin:/bin"]),
                limits: RunLimits(wallClock: .seconds(120), sandbox: .using(sandbox)))
        }
        _ = try await shell("true")
        let host = try #require(SandboxHost.runningPID(for: sandbox))
        let (started, startedSignal) = AsyncStream.makeStream(of: Void.self)
        let running = Task {
            try await ChildProcess.run(
                ProcessSpec(
                    executable: "/bin/sh", arguments: ["-c", "echo started; sleep 60; echo never"], environment: ["PATH": "/usr/bin:/bin"]),
                limits: RunLimits(wallClock: .seconds(120), sandbox: .using(sandbox)), controlled: false,
                observer: { line in if line.text == "started" { startedSignal.yield() } })
        }
        // Once the run is under way, the host and everything in it are killed.
        for await _ in started { break }
        kill(host, SIGKILL)
        let ended = try await running.value
        #expect(ended.lines.map(\.text) == ["started"])
        #expect(ended.termination == .signalled(SIGKILL, name: "SIGKILL"), "\(ended.termination)")
        let next = try await shell("echo again")
        #expect(next.lines.map(\.text) == ["again"])
        let replacement = try #require(SandboxHost.runningPID(for: sandbox))
        #expect(replacement != host)
    }
}

/// The bytes between the tutor and the host.
@Suite(.tags(.fast))
struct SandboxWireTests {
    @Test func aRequestSurvivesTheWire() {
        let request = SandboxRequest(
            executable: "/bin/echo", arguments: ["/bin/echo", "a b", "", "ünï"], environment: ["A=1", "B="],
            workingDirectory: "/srv/run", tmpfsBytes: 8 << 20, cpuSeconds: 12, memoryBytes: 1 << 30, fileSizeBytes: nil,
            maximumProcesses: 64, keptPaths: ["/tmp/x"], hasControlChannel: true)
        #expect(SandboxRequest(decoding: request.encoded) == request)
    }

    @Test func bytesThatAreNotARequestAreRefused() {
        #expect(SandboxRequest(decoding: Array("x/bin/true".utf8)) == nil, "a field without its NUL")
        #expect(SandboxRequest(decoding: Array("x/bin/true\0q1\0t1\0c1\0".utf8)) == nil, "an unknown tag")
        #expect(SandboxRequest(decoding: Array("a/bin/true\0t1\0c1\0".utf8)) == nil, "no program")
        #expect(SandboxRequest(decoding: Array("x/bin/true\0t1\0c1\0m12x\0".utf8)) == nil, "a number that is not one")
        #expect(SandboxRequest(decoding: Array("x/bin/true\0t1\0c1\0".utf8))?.executable == "/bin/true")
    }

    @Test func reportsSurviveTheWireAndOtherLinesAreNotReports() {
        let reports: [SupervisionReport] = [.ready, .exited(status: 139), .tooManyProcesses(count: 70), .failed(call: "execve", errno: 2)]
        for report in reports {
            #expect(SupervisionReport(line: report.line.dropLast()) == report)
        }
        for line in ["", "exit", "exit x", "ready now", "fail 2", "procs -", "1 2 3"] {
            #expect(SupervisionReport(line: line) == nil, "\(line)")
        }
    }
}
