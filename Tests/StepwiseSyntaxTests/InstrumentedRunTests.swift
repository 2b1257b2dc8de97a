import Foundation
import StepwiseCore
import Testing

@testable import StepwiseSyntax

/// Instrumented snippets compiled and run for real: what the recorder reports, and that it
/// changes nothing the snippet prints.
@Suite(.tags(.compiler), .serialized)
struct InstrumentedRunTests {
    static let toolchain = Task { () throws -> Toolchain in
        let state = NSTemporaryDirectory() + "stepwise-instrument-tests-\(getpid())"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        return try await Toolchain.locate(stateDirectory: state)
    }

    static func runner(_ firstRun: SnippetRunner.FirstRun = .compile) async throws -> SnippetRunner {
        let folder = NSTemporaryDirectory() + "stepwise-instrument-cache-\(UUID().uuidString)"
        return SnippetRunner(toolchain: try await toolchain.value, cache: SnippetCache(directory: folder), firstRun: firstRun)
    }

    static func instrumentedRun(_ code: String, limits: RunLimits = RunLimits()) async throws -> RunResult {
        let source = SnippetSource(code)
        let rewrite = try #require(Instrumenter().instrumentTasks(source))
        let outcome = try await runner().run(source, limits: limits, rewrite: rewrite)
        guard case .ran(let result, _) = outcome else {
            Issue.record("did not run: \(outcome)")
            throw CancellationError()
        }
        #expect(result.instrumentationNote == nil)
        return result
    }

    @Test func twoSleepingChildrenGetALaneEachWithTheirWaits() async throws {
        let result = try await Self.instrumentedRun(
            """
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await Task.sleep(for: .seconds(1)) }
                group.addTask { try? await Task.sleep(for: .seconds(2)) }
            }
            """)
        let trace = try #require(result.taskTrace)
        let main = try #require(trace.tasks.first)
        #expect(main.id == 0 && main.parent == nil && main.kind == "main")
        let children = trace.children(of: 0)
        try #require(children.count == 2)
        #expect(children.allSatisfy { $0.kind == "addTask" && $0.suspensions.count >= 1 })
        #expect(children.map(\.line) == [2, 3])
        let short = try #require(children.first { $0.line == 2 }?.end)
        let long = try #require(children.first { $0.line == 3 }?.end)
        #expect(short < long)
        // The children's own sleeps bound their lanes from below (the child's clock).
        #expect(long - (children.first { $0.line == 3 }?.start ?? .zero) >= .seconds(2))
        #expect(main.suspensions.contains { $0.line == 1 })
    }

    /// The recorder sends what it has every 100 ms, so a run that crashes, or is stopped at its
    /// time limit, still has the lanes of the tasks it ran (the waits after them are far
    /// longer than that, so a flush comes between on any machine).
    @Test(arguments: [true, false])
    func aRunThatCrashesOrIsStoppedKeepsItsLanes(crashes: Bool) async throws {
        let ending = crashes ? "fatalError(\"after the tasks\")" : "while true { try? await Task.sleep(for: .seconds(1)) }"
        let result = try await Self.instrumentedRun(
            """
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await Task.sleep(for: .milliseconds(200)) }
                group.addTask { try? await Task.sleep(for: .milliseconds(400)) }
            }
            try? await Task.sleep(for: .seconds(2))
            \(ending)
            """, limits: RunLimits(wallClock: .seconds(crashes ? 120 : 8)))
        if crashes {
            guard case .signalled = result.termination else {
                Issue.record("expected a crash, got \(result.termination)")
                return
            }
        } else {
            #expect(result.termination == .timedOut(.seconds(8)))
        }
        let trace = try #require(result.taskTrace)
        let children = trace.children(of: 0)
        #expect(children.map(\.line) == [2, 3])
        #expect(children.allSatisfy { $0.end != nil })
        #expect(Timeline(result: result).hasTasks)
    }

    @Test func twoBusyChildrenRunOnTwoThreads() async throws {
        // Each child spins until both have started, so both are running at the same moment
        // on two threads however loaded the machine is (the pool has a thread per core).
        let result = try await Self.instrumentedRun(
            """
            import Synchronization
            let started = Atomic<Int>(0)
            func spin() -> Int {
                started.add(1, ordering: .relaxed)
                var total = 0
                while started.load(ordering: .relaxed) < 2 { total &+= 1 }
                for i in 0..<1_000_000 { total &+= i % 7 }
                return total
            }
            let sum = await withTaskGroup(of: Int.self) { group in
                group.addTask { spin() }
                group.addTask { spin() }
                var sum = 0
                for await part in group { sum &+= part }
                return sum
            }
            print(sum > 0)
            """, limits: RunLimits(wallClock: .seconds(60)))
        guard ProcessInfo.processInfo.activeProcessorCount >= 2 else { return }
        let trace = try #require(result.taskTrace)
        let children = trace.children(of: 0)
        try #require(children.count == 2)
        let first = try #require(children[0].threads.first)
        let second = try #require(children[1].threads.first)
        #expect(first != second)
    }

    @Test func steppingAGeneratorListsTheLinesEachCallRan() async throws {
        let code = """
            struct Countdown: IteratorProtocol {
                var n = 2
                mutating func next() -> Int? {
                    if n == 0 { return nil }
                    print("at", n)
                    n -= 1
                    return n + 1
                }
            }
            var countdown = Countdown()
            """
        let source = SnippetSource(code)
        let rewrite = try #require(Instrumenter().instrumentLines(source))
        let start = try await IteratorStepper.start(source, name: "countdown", runner: Self.runner(), rewrite: rewrite)
        guard case .started(let stepper, let ready) = start else {
            Issue.record("did not start: \(start)")
            return
        }
        #expect(ready.instrumentationNote == nil)
        let first = try await stepper.next()
        let second = try await stepper.next()
        let third = try await stepper.next()
        await stepper.close()
        #expect(first.linesRun == [4, 5, 6, 7])
        #expect(second.linesRun == [4, 5, 6, 7])
        #expect(third.linesRun == [4])
        #expect(third.isEnd)
        #expect(first.duration != nil)
    }

    /// Every built-in snippet the rewrite touches prints the same lines instrumented as plain
    /// (numbers masked, since timings differ from run to run; sorted, since tasks race).
    @Test func instrumentedLessonSnippetsPrintWhatThePlainOnesPrint() async throws {
        let folder = try #require(LessonLocator.builtInFolder(environment: [:]))
        let catalog = LessonCatalog.load(folder: folder)
        let runner = try await Self.runner(.interpret)
        var compared = 0
        for lesson in catalog.lessons {
            for step in lesson.steps {
                for snippet in step.snippets {
                    let source = SnippetSource(snippet.block.code)
                    guard let rewrite = Instrumenter().instrumentTasks(source) else { continue }
                    let limits = SnippetPlan(snippet.options, base: RunLimits()).limits
                    let plain = try await runner.run(source, limits: limits)
                    let instrumented = try await runner.run(source, limits: limits, rewrite: rewrite)
                    let place = "\(lesson.id) \(step.title ?? "")"
                    guard case .ran(let expected, _) = plain else { continue }
                    guard case .ran(let actual, _) = instrumented else {
                        Issue.record("\(place): the instrumented snippet did not run")
                        continue
                    }
                    #expect(actual.instrumentationNote == nil, "\(place): fell back to the plain snippet")
                    #expect(Self.masked(actual) == Self.masked(expected), "\(place)")
                    compared += 1
                }
            }
        }
        #expect(compared >= 10)
    }

    static func masked(_ result: RunResult) -> [String] {
        result.lines.map { line in
            line.text.replacing(/[0-9]+(\.[0-9]+)?/, with: "#")
        }.sorted()
    }
}
