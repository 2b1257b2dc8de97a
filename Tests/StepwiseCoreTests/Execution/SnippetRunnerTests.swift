import Foundation
import Testing

@testable import StepwiseCore

@Suite(.tags(.compiler), .timeLimit(.minutes(3)))
struct SnippetRunnerTests {
    static let generator = """
        struct OneToFive: IteratorProtocol {
            var current = 0
            mutating func next() -> Int? {
                current += 1
                return current <= 5 ? current : nil
            }
        }
        var numbers = OneToFive()
        while let n = numbers.next() { print(n) }
        """

    @Test(arguments: [SnippetRunner.FirstRun.interpret, .compile])
    func runsASnippetAndReturnsItsOutput(firstRun: SnippetRunner.FirstRun) async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: firstRun)
        let outcome = try await runner.run(SnippetSource(Self.generator))
        guard case .ran(let result, let warnings) = outcome else {
            Issue.record("expected a run, got \(outcome)")
            return
        }
        #expect(result.termination == .exited(0))
        #expect(result.lines.map(\.text) == ["1", "2", "3", "4", "5"])
        #expect(result.lines.allSatisfy { $0.stream == .stdout })
        #expect(warnings.isEmpty)
    }

    @Test(arguments: [SnippetRunner.FirstRun.interpret, .compile])
    func mapsACompileErrorToTheVisibleLineBelowHiddenLines(firstRun: SnippetRunner.FirstRun) async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: firstRun)
        let source = SnippetSource(
            """
            # struct Box { var value: Int }
            # let hidden = Box(value: 1)
            let box = Box(value: 2)
            box.value = 3
            """)
        let outcome = try await runner.run(source)
        guard case .compileFailed(let diagnostics) = outcome else {
            Issue.record("expected a compile failure, got \(outcome)")
            return
        }
        let error = try #require(diagnostics.first { $0.severity == .error })
        #expect(error.region == .snippet)
        #expect(error.line == 2)
        #expect(error.column == 5)
        #expect(error.sourceLine == "box.value = 3")
        #expect(error.excerpt == [" 2 | box.value = 3", "   |     ^"])
        #expect(error.message.contains("'let' constant"))
        // The note points at the declaration on visible line 1.
        #expect(diagnostics.contains { $0.severity == .note && $0.line == 1 && $0.region == .snippet })
    }

    @Test func aHiddenImportIsCompiledButNotCounted() async throws {
        let runner = try await ExecutionTestSupport.runner()
        let outcome = try await runner.run(SnippetSource("# import Foundation\nprint(Date.distantPast < Date())\nlet x: Int = nil"))
        guard case .compileFailed(let diagnostics) = outcome else {
            Issue.record("expected a compile failure, got \(outcome)")
            return
        }
        // Foundation's Date resolved; the only error is on visible line 2.
        #expect(diagnostics.filter { $0.severity == .error }.map(\.line) == [2])
    }

    @Test func reportsWarningsWithTheRun() async throws {
        let runner = try await ExecutionTestSupport.runner()
        let outcome = try await runner.run(SnippetSource("func f() {\n    var x = 1\n    print(x)\n}\nf()"))
        guard case .ran(let result, let warnings) = outcome else {
            Issue.record("expected a run, got \(outcome)")
            return
        }
        #expect(result.lines.map(\.text) == ["1"])
        let warning = try #require(warnings.first)
        #expect(warning.severity == .warning)
        #expect(warning.line == 2)
        #expect(warning.message.contains("never mutated"))
    }

    @Test(arguments: [SnippetRunner.FirstRun.interpret, .compile])
    func reportsACrashWithItsSignalAndRuntimeMessage(firstRun: SnippetRunner.FirstRun) async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: firstRun)
        let source = SnippetSource(
            """
            # let setup = 1
            let words: [String: Int] = [:]
            print("before")
            let count = words["missing"]!
            print(count)
            """)
        let outcome = try await runner.run(source)
        guard case .ran(let result, _) = outcome else {
            Issue.record("expected a run, got \(outcome)")
            return
        }
        guard case .signalled(let signal, let name) = result.termination else {
            Issue.record("expected a signal, got \(result.termination)")
            return
        }
        #expect(signal == 4 || signal == 5)
        #expect(name == "SIGILL" || name == "SIGTRAP")
        let crash = try #require(result.runtimeCrash)
        #expect(crash.kind == "Fatal error")
        #expect(crash.message == "Unexpectedly found nil while unwrapping an Optional value")
        #expect(crash.line == 3)
        #expect(result.lines.first?.text == "before")
        // Stack dumps are not shown to the learner.
        #expect(result.lines.count == 2)
    }

    @Test func stopsAnInfiniteLoopAtAShortLimit() async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: .compile)
        let outcome = try await runner.run(
            SnippetSource("var i = 0\nwhile true { i &+= 1 }"), limits: RunLimits(wallClock: .seconds(1)))
        guard case .ran(let result, _) = outcome else {
            Issue.record("expected a run, got \(outcome)")
            return
        }
        #expect(result.termination == .timedOut(.seconds(1)))
    }

    @Test func capsA100MegabytePrintAndKeepsMemoryBounded() async throws {
        let runner = try await ExecutionTestSupport.runner()
        let source = SnippetSource(
            """
            let line = String(repeating: "x", count: 99)
            for _ in 0..<1_000_000 { print(line) }
            """)
        let outcome = try await runner.run(source, limits: RunLimits(wallClock: .seconds(60)))
        guard case .ran(let result, _) = outcome else {
            Issue.record("expected a run, got \(outcome)")
            return
        }
        #expect(result.termination == .outputLimit(32 << 20))
        #expect(result.lines.reduce(0) { $0 + $1.text.utf8.count } <= 1 << 20)
        // Stopped near the cap, not after writing all 100 MB (a signal that does not depend on machine load).
        #expect(result.omittedBytes > 30 << 20 && result.omittedBytes < 40 << 20)
    }

    @Test func cancellingTheRunKillsTheSnippet() async throws {
        let runner = try await ExecutionTestSupport.runner()
        let task = Task {
            try await runner.run(
                SnippetSource("print(\"sleeping\")\nwhile true { }"), limits: RunLimits(wallClock: .seconds(50)))
        }
        try await Task.sleep(for: .seconds(2))
        task.cancel()
        // The loop never ends by itself within its 50 s limit: ending as `.interrupted` is the
        // evidence that the cancel stopped it (an elapsed-time bound would measure the load).
        let outcome = try await task.value
        guard case .ran(let result, _) = outcome else {
            Issue.record("expected a run, got \(outcome)")
            return
        }
        #expect(result.termination == .interrupted)
    }

    @Test func aCacheHitDoesNotRecompile() async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: .compile)
        let source = SnippetSource(Self.generator)
        _ = try await runner.run(source)
        #expect(await runner.cache.compileCount == 1)
        let key = runner.cache.key(for: ProgramFactory.plain(source), toolchain: runner.toolchain)
        let path = runner.cache.executablePath(forKey: key)
        let before = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        let again = try await runner.run(source)
        #expect(ExecutionTestSupport.texts(again) == ["1", "2", "3", "4", "5"])
        #expect(await runner.cache.compileCount == 1)
        let after = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        #expect(before != nil && before == after)
    }

    @Test func anInterpretedFirstRunFillsTheCacheInTheBackground() async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: .interpret)
        let source = SnippetSource(Self.generator)
        _ = try await runner.run(source)
        await runner.cache.waitForBackgroundCompiles()
        #expect(await runner.cache.compileCount == 1)
        let key = runner.cache.key(for: ProgramFactory.plain(source), toolchain: runner.toolchain)
        #expect(runner.cache.lookup(key: key) != nil)
        _ = try await runner.run(source)
        #expect(await runner.cache.compileCount == 1)
    }

    @Test func aDetachedCompileFillsTheCacheWithoutTheRunnerWaiting() async throws {
        var runner = try await ExecutionTestSupport.runner(firstRun: .interpret)
        runner.backgroundCompiles = .detached
        let source = SnippetSource(Self.generator)
        #expect(ExecutionTestSupport.texts(try await runner.run(source)) == ["1", "2", "3", "4", "5"])
        let key = runner.cache.key(for: ProgramFactory.plain(source), toolchain: runner.toolchain)
        var waited = 0
        while runner.cache.lookup(key: key) == nil && waited < 500 {
            try await Task.sleep(for: .milliseconds(100))
            waited += 1
        }
        #expect(runner.cache.lookup(key: key) != nil)
        #expect(ExecutionTestSupport.texts(try await runner.run(source)) == ["1", "2", "3", "4", "5"])
        #expect(await runner.cache.compileCount == 1)
    }

    @Test func concurrentCompilesOfTheSameProgramInstallOneWorkingBinary() async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: .compile)
        // A second cache object on the same folder stands in for a second tutor process.
        let other = SnippetRunner(toolchain: runner.toolchain, cache: SnippetCache(directory: runner.cache.directory), firstRun: .compile)
        let source = SnippetSource(Self.generator)
        async let first = runner.run(source)
        async let second = other.run(source)
        let outcomes = try await [first, second]
        for outcome in outcomes {
            #expect(ExecutionTestSupport.texts(outcome) == ["1", "2", "3", "4", "5"])
        }
        let leftovers = try FileManager.default.contentsOfDirectory(
            atPath: (runner.cache.directory as NSString).appendingPathComponent("tmp"))
        #expect(leftovers.isEmpty)
    }

    @Test func prefetchCompilesBeforeTheFirstRun() async throws {
        let runner = try await ExecutionTestSupport.runner()
        let source = SnippetSource("print(\"prefetched\")")
        await runner.prefetch([source])
        await runner.cache.waitForBackgroundCompiles()
        let key = runner.cache.key(for: ProgramFactory.plain(source), toolchain: runner.toolchain)
        #expect(runner.cache.lookup(key: key) != nil)
        #expect(ExecutionTestSupport.texts(try await runner.run(source)) == ["prefetched"])
        #expect(await runner.cache.compileCount == 1)
    }
}
