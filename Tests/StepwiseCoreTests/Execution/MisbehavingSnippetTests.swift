import Foundation
import Testing

@testable import StepwiseCore

/// Snippets that crash, hang, flood, hoard or try to stay behind: each is stopped or reported
/// within its limits, nothing of it is left running, and the next run works.
@Suite(.tags(.compiler), .timeLimit(.minutes(3)))
struct MisbehavingSnippetTests {
    /// The result of a run that is expected to have run (not failed to compile).
    func ran(_ outcome: SnippetOutcome, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> RunResult {
        guard case .ran(let result, _) = outcome else {
            Issue.record("expected a run, got \(outcome)", sourceLocation: sourceLocation)
            throw CancellationError()
        }
        return result
    }

    func expectNextRunWorks(_ runner: SnippetRunner, sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
        let outcome = try await runner.run(SnippetSource("print(\"still fine\")"))
        #expect(ExecutionTestSupport.texts(outcome) == ["still fine"], sourceLocation: sourceLocation)
    }

    @Test(arguments: [SnippetRunner.FirstRun.interpret, .compile])
    func endlessRecursionIsReportedAsAStackOverflow(firstRun: SnippetRunner.FirstRun) async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: firstRun)
        let source = SnippetSource(
            """
            func down(_ n: Int) -> Int { n == -1 ? 0 : 1 + down(n + 1) }
            print("going down")
            print(down(0))
            """)
        let result = try ran(try await runner.run(source, limits: RunLimits(wallClock: .seconds(30))))
        #expect(result.lines.first?.text == "going down")
        #expect(result.termination == .signalled(11, name: "SIGSEGV"))
        #expect(result.termination.summary.contains("stack overflow"))
        try await expectNextRunWorks(runner)
    }

    @Test func fatalErrorShowsItsMessage() async throws {
        let runner = try await ExecutionTestSupport.runner()
        let result = try ran(try await runner.run(SnippetSource("print(\"before\")\nfatalError(\"the sky fell\")")))
        let crash = try #require(result.runtimeCrash)
        #expect(crash.kind == "Fatal error")
        #expect(crash.message == "the sky fell")
        #expect(crash.line == 2)
        try await expectNextRunWorks(runner)
    }

    @Test func allocatingWithoutBoundStopsAtTheMemoryLimit() async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: .compile)
        let source = SnippetSource(
            """
            var hoard: [[UInt8]] = []
            while true { hoard.append([UInt8](repeating: 1, count: 1 << 20)) }
            """)
        // A wall clock far beyond need: a loaded machine may take long to fill 512 MiB, and the
        // clock's end would be `.timedOut`, not the crash asserted below.
        let result = try ran(
            try await runner.run(source, limits: RunLimits(wallClock: .seconds(600), memoryBytes: 512 << 20)))
        guard case .signalled = result.termination else {
            Issue.record("expected a crash at the memory limit, got \(result.termination)")
            return
        }
        // The runtime's "failed to allocate" is recognised, and the learner is told the cause.
        #expect(RuntimeCrash.find(in: result.lines)?.isOutOfMemory == true, "\(result.lines.map(\.text))")
        #expect(HandoutText.ending(result).text.hasPrefix("crashed: it ran out of memory"))
        try await expectNextRunWorks(runner)
    }

    @Test func printingWithoutEndIsStoppedAtTheOutputCap() async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: .compile)
        let result = try ran(
            try await runner.run(SnippetSource("while true { print(\"again and again\") }"), limits: RunLimits(wallClock: .seconds(60))))
        #expect(result.termination == .outputLimit(32 << 20))
        try await expectNextRunWorks(runner)
    }

    @Test func readingStandardInputGetsEndOfFileAtOnce() async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: .compile)
        let result = try ran(
            try await runner.run(SnippetSource("print(readLine() as Any)"), limits: RunLimits(wallClock: .seconds(60))))
        #expect(result.termination == .exited(0))
        #expect(result.lines.map(\.text) == ["nil"])
    }

    @Test func sleepingPastTheLimitIsStopped() async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: .compile)
        let source = SnippetSource("# import Foundation\nprint(\"nodding off\")\nThread.sleep(forTimeInterval: 300)\nprint(\"awake\")")
        let result = try ran(try await runner.run(source, limits: RunLimits(wallClock: .seconds(1))))
        #expect(result.termination == .timedOut(.seconds(1)))
        #expect(result.lines.map(\.text) == ["nodding off"])
        try await expectNextRunWorks(runner)
    }

    /// A snippet that starts programs through Foundation's `Process` and returns at once.
    static func spawning(_ count: Int, _ executable: String, _ arguments: [String]) -> SnippetSource {
        SnippetSource(
            """
            # import Foundation
            for _ in 0..<\(count) {
                let child = Process()
                child.executableURL = URL(fileURLWithPath: \(executable.debugDescription))
                child.arguments = \(arguments.debugDescription)
                try child.run()
            }
            print("started \(count)")
            """)
    }

    @Test(arguments: [SnippetRunner.FirstRun.interpret, .compile])
    func aBackgroundProcessIsGoneAfterTheRun(firstRun: SnippetRunner.FirstRun) async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: firstRun)
        let marker = ExecutionTestSupport.uniqueSleepArgument()
        let result = try ran(try await runner.run(Self.spawning(1, "/bin/sleep", [marker])))
        #expect(result.lines.map(\.text) == ["started 1"])
        await ExecutionTestSupport.expectNoneLeft(marker)
        try await expectNextRunWorks(runner)
    }

    @Test func aProcessThatLeavesTheSessionIsGoneAfterTheRun() async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: .compile)
        let marker = ExecutionTestSupport.uniqueSleepArgument()
        let result = try ran(try await runner.run(Self.spawning(1, "/usr/bin/setsid", ["sleep", marker])))
        #expect(result.lines.map(\.text) == ["started 1"])
        await ExecutionTestSupport.expectNoneLeft(marker)
    }

    @Test func twoHundredChildrenAreAllGoneAfterTheRun() async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: .compile)
        let marker = ExecutionTestSupport.uniqueSleepArgument()
        let result = try ran(
            try await runner.run(Self.spawning(200, "/bin/sleep", [marker]), limits: RunLimits(wallClock: .seconds(60))))
        #expect(result.lines.map(\.text) == ["started 200"])
        await ExecutionTestSupport.expectNoneLeft(marker)
        try await expectNextRunWorks(runner)
    }

    @Test(arguments: [SnippetRunner.FirstRun.interpret, .compile])
    func aSnippetStartsInAScratchFolderOfItsOwn(firstRun: SnippetRunner.FirstRun) async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: firstRun)
        let name = "written-by-snippet-\(UUID().uuidString).txt"
        let source = SnippetSource(
            """
            # import Foundation
            let here = FileManager.default.currentDirectoryPath
            print(here)
            print(FileManager.default.createFile(atPath: \(name.debugDescription), contents: Data("x".utf8)))
            print(try FileManager.default.contentsOfDirectory(atPath: here))
            """)
        let result = try ran(try await runner.run(source))
        let lines = result.lines.map(\.text)
        #expect(lines.count == 3)
        let folder = try #require(lines.first)
        #expect(folder != FileManager.default.currentDirectoryPath)
        #expect(folder.hasPrefix(try #require(ScratchFolder.root)))
        #expect(lines.dropFirst().first == "true")
        #expect(lines.last == "[\"\(name)\"]", "the folder starts empty")
        #expect(!FileManager.default.fileExists(atPath: name), "nothing in the tutor's working directory")
        #expect(!FileManager.default.fileExists(atPath: folder), "the scratch folder is removed after the run")
    }

    @Test func prefetchingCompilesWithoutRunningAnything() async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: .interpret)
        let marker = (try ExecutionTestSupport.temporaryFolder() as NSString).appendingPathComponent("ran")
        let source = SnippetSource(
            "# import Foundation\nFileManager.default.createFile(atPath: \(marker.debugDescription), contents: nil)")
        await runner.prefetch([source])
        await runner.cache.waitForBackgroundCompiles()
        #expect(await runner.cache.compileCount == 1)
        let key = runner.cache.key(for: ProgramFactory.plain(source), toolchain: runner.toolchain)
        #expect(runner.cache.lookup(key: key) != nil, "compiled into the cache")
        #expect(!FileManager.default.fileExists(atPath: marker), "nothing ran")
        // Outside the sandbox, whose private /tmp would hide the marker.
        _ = try await runner.run(source, limits: RunLimits(sandbox: .off))
        #expect(FileManager.default.fileExists(atPath: marker), "a run does run it")
    }
}
