import Foundation
import Testing

@testable import StepwiseCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Library-level measurements for `Benchmarks/run.sh`; they only run with
/// `STEPWISE_BENCH=1` and print `BENCH` lines instead of asserting targets,
/// because timings depend on the machine.
@Suite(.tags(.compiler), .serialized, .enabled(if: ProcessInfo.processInfo.environment["STEPWISE_BENCH"] == "1"))
struct BenchmarkTests {
    static let generator = """
        struct OneToFive: Sequence, IteratorProtocol {
            var current = 0
            mutating func next() -> Int? {
                current += 1
                return current <= 5 ? current : nil
            }
        }
        for n in OneToFive() { print(n) }
        """

    static let endless = """
        struct Naturals: IteratorProtocol {
            var current = 0
            mutating func next() -> Int? {
                current += 1
                return current
            }
        }
        var naturals = Naturals()
        """

    static var iterations: Int {
        Int(ProcessInfo.processInfo.environment["STEPWISE_BENCH_RUNS"] ?? "") ?? 30
    }

    static func median(_ samples: [Duration]) -> Duration {
        let sorted = samples.sorted()
        return sorted[sorted.count / 2]
    }

    static func milliseconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return String(format: "%.2f ms", value)
    }

    static func report(_ label: String, _ measured: Duration, _ baseline: Duration, target: String) {
        let ratio =
            Double(measured.components.attoseconds + measured.components.seconds * 1_000_000_000_000_000_000)
            / Double(baseline.components.attoseconds + baseline.components.seconds * 1_000_000_000_000_000_000)
        print(
            "BENCH \(label): \(milliseconds(measured)) vs baseline \(milliseconds(baseline)) = "
                + String(format: "%.2fx", ratio) + " (target \(target))")
    }

    /// Spawns a program with its output on a pipe and waits: "running it directly".
    static func spawnDirectly(_ path: String, _ arguments: [String] = []) -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        var fds: [Int32] = [-1, -1]
        _ = pipe(&fds)
        #if os(Linux)
        var actions = posix_spawn_file_actions_t()
        #else
        var actions: posix_spawn_file_actions_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        var argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        var pid = pid_t()
        _ = posix_spawn(&pid, path, &actions, nil, &argv, environ)
        close(fds[1])
        var buffer = [UInt8](repeating: 0, count: 65536)
        while read(fds[0], &buffer, buffer.count) > 0 {}
        close(fds[0])
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        for pointer in argv { free(pointer) }
        posix_spawn_file_actions_destroy(&actions)
        return clock.now - start
    }

    @Test func cachedRunVersusTheBinaryItself() async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: .compile)
        let source = SnippetSource(Self.generator)
        _ = try await runner.run(source)
        let key = runner.cache.key(for: ProgramFactory.plain(source), toolchain: runner.toolchain)
        let binary = runner.cache.executablePath(forKey: key)
        print("BENCH binary: \(binary)")
        let clock = ContinuousClock()
        var tutor: [Duration] = []
        var processOnly: [Duration] = []
        var direct: [Duration] = []
        for _ in 0..<Self.iterations {
            let start = clock.now
            _ = try await runner.run(source)
            tutor.append(clock.now - start)
            let spawned = clock.now
            _ = try await ChildProcess.run(ProcessSpec(executable: binary, environment: runner.environment))
            processOnly.append(clock.now - spawned)
            direct.append(Self.spawnDirectly(binary))
        }
        Self.report("(a) cached run, library", Self.median(tutor), Self.median(direct), target: "<= 1.5x")
        Self.report("(a) of which ChildProcess.run alone", Self.median(processOnly), Self.median(direct), target: "-")
    }

    @Test func firstRunVersusTheSwiftInterpreter() async throws {
        let toolchainFolder = try ExecutionTestSupport.temporaryFolder()
        let toolchain = try await Toolchain.locate(stateDirectory: toolchainFolder)
        let swift = try #require(toolchain.swift)
        let file = (toolchainFolder as NSString).appendingPathComponent("file.swift")
        try Self.generator.write(toFile: file, atomically: true, encoding: .utf8)
        let source = SnippetSource(Self.generator)
        let clock = ContinuousClock()
        var tutor: [Duration] = []
        var interpreter: [Duration] = []
        let runs = max(5, Self.iterations / 3)
        for _ in 0..<runs {
            // A fresh cache each time: every run is a first run.
            let cache = SnippetCache(directory: try ExecutionTestSupport.temporaryFolder())
            let runner = SnippetRunner(toolchain: toolchain, cache: cache)
            let start = clock.now
            let outcome = try await runner.run(source)
            tutor.append(clock.now - start)
            #expect(ExecutionTestSupport.texts(outcome) == ["1", "2", "3", "4", "5"])
            // The background compile for the cache must not overlap the next measurement.
            await cache.waitForBackgroundCompiles()
            interpreter.append(Self.spawnDirectly(swift, ["-swift-version", "6", file]))
        }
        Self.report("(b) first run, library", Self.median(tutor), Self.median(interpreter), target: "<= 1.0x")
    }

    @Test func roundTripOfOneStep() async throws {
        let runner = try await ExecutionTestSupport.runner()
        let source = SnippetSource(Self.endless)
        // First session interprets and fills the cache; the measured one starts the cached binary.
        if case .started(let warmup, _) = try await IteratorStepper.start(source, name: "naturals", runner: runner) {
            await warmup.close()
        }
        await runner.cache.waitForBackgroundCompiles()
        guard case .started(let stepper, _) = try await IteratorStepper.start(source, name: "naturals", runner: runner)
        else {
            Issue.record("the stepping session did not start")
            return
        }
        let clock = ContinuousClock()
        var samples: [Duration] = []
        for _ in 0..<(Self.iterations * 10) {
            let start = clock.now
            _ = try await stepper.next()
            samples.append(clock.now - start)
        }
        await stepper.close()
        print("BENCH (c) step round trip: median \(Self.milliseconds(Self.median(samples))) over \(samples.count) calls (target < 5 ms)")
    }
}
