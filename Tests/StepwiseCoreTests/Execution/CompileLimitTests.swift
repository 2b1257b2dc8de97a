import Foundation
import Testing

@testable import StepwiseCore

/// A compile-time bomb neither holds the tutor nor the machine: the compiler is stopped at the
/// compile limit, a waiting run gives way to Ctrl-C at once, an interpreter that spends the run's
/// limit compiling is replaced by a compile, and a long snippet is compiled from the start.
@Suite(.tags(.compiler)) struct CompileLimitTests {
    /// Nested generic tuples: each `f` doubles the type, and the type checker's work with it.
    /// Depth 18 took 81 s of `swiftc` here before it gave up; the tests stop it at a few seconds.
    static let bomb = """
        func f<T>(_ x: T) -> (T, T) { (x, x) }
        let x = \(String(repeating: "f(", count: 18))1\(String(repeating: ")", count: 18))
        print(x.0)
        """

    func runner(firstRun: SnippetRunner.FirstRun, compileSeconds: Int) async throws -> SnippetRunner {
        let base = try await ExecutionTestSupport.runner(firstRun: firstRun)
        let cache = SnippetCache(directory: base.cache.directory, compileLimits: CompileLimits(time: .seconds(compileSeconds)))
        return SnippetRunner(toolchain: base.toolchain, cache: cache, firstRun: firstRun)
    }

    func stoppedAtTheCompileLimit(_ body: () async throws -> SnippetOutcome) async -> Bool {
        do {
            let outcome = try await body()
            Issue.record("expected the compile to be stopped, got \(outcome)")
            return false
        } catch {
            return "\(error)".contains("stopped at the compile limit (2 s)")
        }
    }

    @Test func aBombIsStoppedAtTheCompileLimit() async throws {
        let runner = try await runner(firstRun: .compile, compileSeconds: 2)
        #expect(await stoppedAtTheCompileLimit { try await runner.run(SnippetSource(Self.bomb)) })
        let key = runner.cache.key(for: ProgramFactory.plain(SnippetSource(Self.bomb)), toolchain: runner.toolchain)
        #expect(runner.cache.lookup(key: key) == nil)
    }

    @Test func anInterpreterStillCompilingAtTheTimeLimitIsReplacedByACompile() async throws {
        // What `stepwise run` does with a bomb: the interpreted first run spends its 2 s
        // compiling, then the compile gets its own limit, and is stopped there too.
        let runner = try await runner(firstRun: .interpret, compileSeconds: 2)
        #expect(
            await stoppedAtTheCompileLimit { try await runner.run(SnippetSource(Self.bomb), limits: RunLimits(wallClock: .seconds(2))) })
        #expect(await runner.cache.compileCount == 1)
    }

    @Test func cancellingARunThatWaitsForACompileEndsTheWaitNotTheCompile() async throws {
        // A limit far beyond how long the cancellation takes, so the compile is certainly
        // still going when the run has given way.
        let runner = try await runner(firstRun: .compile, compileSeconds: 30)
        let source = SnippetSource(Self.bomb)
        let key = runner.cache.key(for: ProgramFactory.plain(source), toolchain: runner.toolchain)
        let run = Task { try await runner.run(source) }
        while await !runner.cache.isCompiling(key: key) { try await Task.sleep(for: .milliseconds(20)) }
        run.cancel()
        let result = await run.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(await runner.cache.isCompiling(key: key), "the run waited for the compile to end")
        // The compile itself ends at its limit, and installs nothing.
        await runner.cache.waitForBackgroundCompiles()
        #expect(runner.cache.lookup(key: key) == nil)
    }

    @Test func aSnippetTooLongToInterpretIsCompiledWithAWord() async throws {
        let runner = try await runner(firstRun: .interpret, compileSeconds: 120)
        let lines = (0..<1200).map { "let v\($0) = \($0)" } + ["print(v0 + v1199)"]
        let outcome = try await runner.run(SnippetSource(lines.joined(separator: "\n")), limits: RunLimits(wallClock: .seconds(60)))
        guard case .ran(let result, _) = outcome else {
            Issue.record("expected a run, got \(outcome)")
            return
        }
        #expect(result.lines.map(\.text) == ["1199"])
        #expect(result.notes.count == 1)
        #expect(result.notes.first?.contains("compiled before running rather than interpreted") == true)
        #expect(await runner.cache.compileCount == 1)
    }
}
