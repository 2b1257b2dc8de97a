import Foundation
import Testing

@testable import StepwiseCore

@Suite(.tags(.compiler), .timeLimit(.minutes(3)))
struct IteratorStepperTests {
    static let oneToFive = """
        struct OneToFive: Sequence, IteratorProtocol {
            var current = 0
            mutating func next() -> Int? {
                current += 1
                print("computing \\(current)")
                return current <= 5 ? current : nil
            }
        }
        var gen = OneToFive()
        print("ready to step")
        """

    /// These tests are about what stepping reports, not its time limit (tested on its own below):
    /// the limit is generous, as a fresh CI machine running every suite at once on two cores has
    /// taken more than the default 10 s for one interpreted call.
    static let generousLimits = RunLimits(wallClock: .seconds(90))

    func start(_ text: String, name: String, runner: SnippetRunner) async throws -> (IteratorStepper, IteratorStepper.Ready) {
        let start = try await IteratorStepper.start(SnippetSource(text), name: name, runner: runner, limits: Self.generousLimits)
        guard case .started(let stepper, let ready) = start else {
            throw StepperTestFailure(description: "expected a started session, got \(start)")
        }
        return (stepper, ready)
    }

    struct StepperTestFailure: Error, CustomStringConvertible {
        var description: String
    }

    @Test(arguments: [SnippetRunner.FirstRun.interpret, .compile])
    func stepsTheOneToFiveGeneratorAndAttributesBodyOutputToItsCall(firstRun: SnippetRunner.FirstRun) async throws {
        let runner = try await ExecutionTestSupport.runner(firstRun: firstRun)
        let (stepper, ready) = try await start(Self.oneToFive, name: "gen", runner: runner)
        #expect(ready.topLevelOutput.map(\.text) == ["ready to step"])
        #expect(ready.kind == "IteratorProtocol")
        #expect(ready.initialState == [StateEntry(label: "current", value: "0")])

        for expected in 1...5 {
            let report = try await stepper.next()
            #expect(report.call == expected)
            #expect(report.value == "Optional(\(expected))")
            #expect(!report.isEnd)
            // The body's print arrives with the call that ran it, and only with that call.
            #expect(report.bodyOutput.map(\.text) == ["computing \(expected)"])
            #expect(report.state == [StateEntry(label: "current", value: "\(expected)")])
        }
        let sixth = try await stepper.next()
        #expect(sixth.call == 6)
        #expect(sixth.value == "nil")
        #expect(sixth.isEnd)
        #expect(sixth.bodyOutput.map(\.text) == ["computing 6"])
        await stepper.close()
        await #expect(throws: IteratorStepper.StepError.sessionOver) { try await stepper.next() }
    }

    @Test func stepsAnAsyncStreamMadeWithUnfolding() async throws {
        let runner = try await ExecutionTestSupport.runner()
        let (stepper, ready) = try await start(
            """
            actor Counter {
                var value = 0
                func bump() -> Int { value += 1; return value }
            }
            let counter = Counter()
            let stream = AsyncStream<Int>(unfolding: {
                let n = await counter.bump()
                print("producing \\(n)")
                return n <= 2 ? n * 10 : nil
            })
            """, name: "stream", runner: runner)
        #expect(ready.kind == "AsyncSequence")
        let first = try await stepper.next()
        #expect(first.value == "Optional(10)")
        #expect(first.bodyOutput.map(\.text) == ["producing 1"])
        let second = try await stepper.next()
        #expect(second.value == "Optional(20)")
        let third = try await stepper.next()
        #expect(third.value == "nil")
        #expect(third.isEnd)
        await stepper.close()
    }

    @Test func showsAClassIteratorsPropertiesIncludingInheritedOnes() async throws {
        let runner = try await ExecutionTestSupport.runner()
        let (stepper, ready) = try await start(
            """
            class Base { var steps = 0 }
            final class Counter: Base, IteratorProtocol {
                var limit = 2
                func next() -> Int? { steps += 1; return steps <= limit ? steps : nil }
            }
            let counter = Counter()
            """, name: "counter", runner: runner)
        #expect(ready.initialState == [StateEntry(label: "steps", value: "0"), StateEntry(label: "limit", value: "2")])
        let report = try await stepper.next()
        #expect(report.state.first == StateEntry(label: "steps", value: "1"))
        await stepper.close()
    }

    @Test func reportsACrashInTheBodyWithTheOutputBeforeIt() async throws {
        let runner = try await ExecutionTestSupport.runner()
        let (stepper, _) = try await start(
            """
            struct Fragile: IteratorProtocol {
                var values = [1]
                mutating func next() -> Int? {
                    print("taking one")
                    return values.removeFirst()
                }
            }
            var fragile = Fragile()
            """, name: "fragile", runner: runner)
        #expect(try await stepper.next().value == "Optional(1)")
        do {
            _ = try await stepper.next()
            Issue.record("the second call should crash")
        } catch IteratorStepper.StepError.programEnded(let call, let output, let termination, let crash) {
            #expect(call == 2)
            #expect(output.first?.text == "taking one")
            if case .signalled = termination {} else { Issue.record("expected a signal, got \(termination)") }
            #expect(crash?.kind == "Fatal error")
        }
    }

    @Test func rejectsAVariableThatIsNotAnIterator() async throws {
        let runner = try await ExecutionTestSupport.runner()
        let start = try await IteratorStepper.start(
            SnippetSource("let number = 3"), name: "number", runner: runner, limits: Self.generousLimits)
        guard case .notSteppable(let message, _) = start else {
            Issue.record("expected notSteppable, got \(start)")
            return
        }
        #expect(message.contains("neither an iterator nor a sequence"))
    }

    @Test func aCallThatNeverReturnsIsStoppedAtTheLimit() async throws {
        let runner = try await ExecutionTestSupport.runner()
        let start = try await IteratorStepper.start(
            SnippetSource(
                """
                struct Stuck: IteratorProtocol {
                    mutating func next() -> Int? { while true {} }
                }
                var stuck = Stuck()
                """), name: "stuck", runner: runner, limits: RunLimits(wallClock: .seconds(1)))
        guard case .started(let stepper, _) = start else {
            Issue.record("expected a started session, got \(start)")
            return
        }
        await #expect(throws: IteratorStepper.StepError.programEnded(call: 1, output: [], termination: .timedOut(.seconds(1)), crash: nil))
        {
            try await stepper.next()
        }
    }

    @Test func aProgramLeftIdleBetweenCallsIsEndedAndTheNextCallSaysSo() async throws {
        let runner = try await ExecutionTestSupport.runner()
        var limits = Self.generousLimits
        limits.idleLimit = .seconds(1)
        // The first call follows the start at once; only a machine stalled for over a second
        // between the two makes it late, and then a fresh start is tried.
        var started: IteratorStepper?
        for _ in 0..<5 where started == nil {
            let start = try await IteratorStepper.start(SnippetSource(Self.oneToFive), name: "gen", runner: runner, limits: limits)
            guard case .started(let stepper, _) = start else {
                Issue.record("expected a started session, got \(start)")
                return
            }
            do {
                #expect(try await stepper.next().value == "Optional(1)")
                started = stepper
            } catch IteratorStepper.StepError.stoppedIdle {
                continue
            }
        }
        let stepper = try #require(started)
        let pid = await stepper.pid

        // The evidence: the program is gone without anyone calling or closing it.
        let clock = ContinuousClock()
        let giveUp = clock.now + .seconds(120)
        while kill(pid, 0) == 0, clock.now < giveUp { try await Task.sleep(for: .milliseconds(100)) }
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "the stepping program \(pid) still runs")

        await #expect(throws: IteratorStepper.StepError.stoppedIdle(after: .seconds(1))) { try await stepper.next() }
        // And again: it is not mistaken for a session that ended some other way.
        await #expect(throws: IteratorStepper.StepError.stoppedIdle(after: .seconds(1))) { try await stepper.next() }
        await stepper.close()
    }
}
