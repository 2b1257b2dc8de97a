import Foundation
import Testing

@testable import StepwiseCore

/// What a snippet can reach from inside the sandbox: not the tutor, not the learner's files, not
/// more disk than its tmpfs; and where there is no sandbox, the plain limits and a notice.
@Suite(.tags(.compiler), .timeLimit(.minutes(3)), .enabled(if: SandboxProbe.current.sandbox != nil, "bwrap works here"))
struct SandboxTests {
    /// The package's own lessons folder: a real folder outside `/tmp`.
    static let lessonsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Lessons").path

    func ran(_ outcome: SnippetOutcome, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> RunResult {
        guard case .ran(let result, _) = outcome else {
            Issue.record("expected a run, got \(outcome)", sourceLocation: sourceLocation)
            throw CancellationError()
        }
        return result
    }

    @Test func aSnippetReachesNeitherTheTutorNorTheLearnersFiles() async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: .compile)
        let home = NSHomeDirectory()
        let name = "stepwise-sandbox-probe-\(UUID().uuidString)"
        let targets = [home, runner.cache.directory, Self.lessonsFolder].map { ($0 as NSString).appendingPathComponent(name) }
        let source = SnippetSource(
            """
            # import Foundation
            print("ppid", getppid())
            print("tutor", open("/proc/\(getpid())/fd/0", O_RDWR) >= 0 ? "opened" : "refused")
            print("parent-input", (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\\(getppid())/fd/0")) ?? "none")
            for (name, path) in zip(["home", "cache", "lessons"], \(targets.debugDescription)) {
                print(name, open(path, O_WRONLY | O_CREAT, 0o600) >= 0 ? "made" : "refused")
            }
            """)
        let result = try ran(try await runner.run(source, limits: RunLimits(wallClock: .seconds(30))))
        let lines = result.lines.map(\.text)
        #expect(lines.first == "ppid 1", "the parent is the sandbox's own first process")
        #expect(lines.contains("tutor refused"), "the tutor's pid names nothing in the sandbox's /proc")
        // The run's init has no terminal either: its input is /dev/null, or (the session host's
        // runs) it is not dumpable, so the program cannot look at its descriptors at all.
        #expect(
            lines.contains("parent-input /dev/null") || lines.contains("parent-input none"),
            "the sandbox's first process has no terminal either: \(lines)")
        #expect(lines.contains("home refused"), "\(lines)")
        #expect(lines.contains("lessons refused"), "\(lines)")
        // The test's cache is under /tmp, which the sandbox replaces: a file made there is the
        // sandbox's own. Either way the real folders stay as they were.
        for target in targets {
            #expect(!FileManager.default.fileExists(atPath: target), "\(target)")
            try? FileManager.default.removeItem(atPath: target)
        }
    }

    @Test func aSixHundredMebibyteWriteFailsAtTheCapAndLeavesNothing() async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: .compile)
        let source = SnippetSource(
            """
            # import Foundation
            signal(SIGXFSZ, SIG_IGN)
            print("cwd", FileManager.default.currentDirectoryPath)
            for path in ["big", "/tmp/big"] {
                let fd = open(path, O_WRONLY | O_CREAT, 0o600)
                let chunk = [UInt8](repeating: 7, count: 1 << 20)
                var total = 0
                while total < 600 << 20 {
                    let written = write(fd, chunk, chunk.count)
                    if written <= 0 { break }
                    total += written
                }
                print(path, total >> 20)
                // The scratch folder may share the tmpfs of /tmp: make room for the next file.
                close(fd)
                unlink(path)
            }
            """)
        // SIGXFSZ is ignored so that a write past the file-size limit fails and the program can
        // say where it stopped.
        let result = try ran(try await runner.run(source, limits: RunLimits(wallClock: .seconds(60))))
        let lines = result.lines.map(\.text)
        let cwd = try #require(lines.first?.split(separator: " ").last.map(String.init))
        for path in ["big", "/tmp/big"] {
            let line = try #require(lines.first { $0.hasPrefix(path + " ") }, "\(lines)")
            let mebibytes = try #require(Int(line.split(separator: " ").last ?? ""))
            #expect(mebibytes <= 256, "\(path) stopped at the 256 MiB cap, not at \(mebibytes) MiB")
            #expect(mebibytes >= 100, "\(path) got well on its way first")
        }
        #expect(!FileManager.default.fileExists(atPath: cwd), "the scratch folder is gone")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/big"), "the sandbox's /tmp was its own")
    }

    @Test func theTmpfsSizeIsSettable() async throws {
        let probe = SandboxProbe.probe(environment: [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", SandboxProbe.tmpfsVariable: "8",
        ])
        let sandbox = try #require(probe.sandbox)
        #expect(sandbox.tmpfsBytes == 8 << 20)
        let result = try await ChildProcess.run(
            ProcessSpec(
                executable: "/bin/sh", arguments: ["-c", "dd if=/dev/zero of=/tmp/fill bs=1M count=32 2>&1; ls -l /tmp/fill"],
                environment: ["PATH": "/usr/bin:/bin"]),
            limits: RunLimits(wallClock: .seconds(30), sandbox: .using(sandbox)))
        #expect(result.combinedText.contains("No space left on device"), "\(result.combinedText)")
    }

    @Test func aCrashInsideReadsAsTheSignalThatEndedIt() async throws {
        let result = try await ChildProcess.run(
            ProcessSpec(executable: "/bin/sh", arguments: ["-c", "kill -SEGV $$"], environment: ["PATH": "/usr/bin:/bin"]),
            limits: RunLimits(wallClock: .seconds(30)))
        #expect(result.termination == .signalled(11, name: "SIGSEGV"))
    }

    @Test func nothingInsideOutlivesTheRun() async throws {
        let marker = ExecutionTestSupport.uniqueSleepArgument()
        // A background child in a session of its own: outside a sandbox only the sweep finds it.
        let result = try await ChildProcess.run(
            ProcessSpec(
                executable: "/bin/sh", arguments: ["-c", "setsid sleep \(marker) </dev/null >/dev/null 2>&1 & echo started"],
                environment: ["PATH": "/usr/bin:/bin"]),
            limits: RunLimits(wallClock: .seconds(30)))
        #expect(result.lines.map(\.text) == ["started"])
        await ExecutionTestSupport.expectNoneLeft(marker)
    }
}

/// The probe's answers where there is no working sandbox, and the run that follows from them.
@Suite(.tags(.compiler), .timeLimit(.minutes(3)))
struct SandboxFallbackTests {
    @Test func withoutBwrapRunsAreNotContainedAndSaySo() async throws {
        let probe = SandboxProbe.probe(environment: ["PATH": "/nonexistent-\(UUID().uuidString)"])
        #expect(probe.sandbox == nil)
        #expect(probe.bwrapPath == nil)
        #expect(probe.reason?.contains("bwrap was not found") == true)
        let notice = try #require(probe.notice)
        #expect(notice.contains("not contained"))
        // The run under that answer is a plain child of the tutor, still under the limits.
        let runner = try await ExecutionTestSupport.runner(firstRun: .compile)
        let source = SnippetSource(
            """
            # import Foundation
            var size = rlimit()
            getrlimit(Int32(RLIMIT_FSIZE.rawValue), &size)
            print(getppid(), size.rlim_cur)
            """)
        let outcome = try await runner.run(
            source, limits: RunLimits(wallClock: .seconds(30), sandbox: probe.sandbox.map(SandboxMode.using) ?? .off))
        #expect(ExecutionTestSupport.texts(outcome) == ["\(getpid()) \(256 << 20)"])
    }

    @Test func aBwrapThatCannotMakeNamespacesIsRefused() throws {
        let folder = try ExecutionTestSupport.temporaryFolder("fake-bwrap")
        let fake = (folder as NSString).appendingPathComponent("bwrap")
        try "#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n".write(
            toFile: fake, atomically: true, encoding: .utf8)
        chmod(fake, 0o755)
        let probe = SandboxProbe.probe(environment: ["PATH": folder])
        #expect(probe.bwrapPath == fake)
        #expect(probe.sandbox == nil)
        // (A fork elsewhere in the test process may briefly hold the new script open for writing,
        // so exec can fail with ETXTBSY and the message go missing; the refusal stays.)
        #expect(probe.reason?.hasPrefix("bwrap cannot create a sandbox here") == true, "\(probe.reason ?? "")")
    }

    @Test func theSwitchTurnsTheSandboxOff() {
        let probe = SandboxProbe.probe(environment: ["PATH": "/usr/bin:/bin", SandboxProbe.switchVariable: "off"])
        #expect(probe.sandbox == nil)
        #expect(probe.notice?.contains("STEPWISE_SANDBOX=off") == true)
    }
}
