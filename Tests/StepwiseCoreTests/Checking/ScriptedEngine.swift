import Foundation
import Synchronization

@testable import StepwiseCore

/// An engine whose answers a test scripts by the code of each block, so the checks' judging
/// and locations are tested in milliseconds and without a toolchain.
final class ScriptedEngine: CheckEngine {
    var compiles: [String: CompileOutcome] = [:]
    var runs: [String: RunOutcome] = [:]
    var steps: [String: [String]] = [:]
    var python: [String: PythonOutcome] = [:]
    /// Keyed by the exercise code (starter or solution).
    var exercises: [String: ExerciseOutcome] = [:]

    private let state = Mutex((running: 0, mostRunning: 0, total: 0))

    /// How many compiles were asked for in all.
    var compileCount: Int { state.withLock { $0.total } }

    /// The most compiles that were in flight at once.
    var mostConcurrentCompiles: Int { state.withLock { $0.mostRunning } }

    func compile(_ block: CodeBlock) async -> CompileOutcome {
        state.withLock {
            $0.running += 1
            $0.total += 1
            $0.mostRunning = max($0.mostRunning, $0.running)
        }
        try? await Task.sleep(for: .milliseconds(20))
        state.withLock { $0.running -= 1 }
        return compiles[block.code] ?? CompileOutcome(messages: [], succeeded: true)
    }

    func run(_ block: CodeBlock) async -> RunOutcome {
        runs[block.code] ?? RunOutcome(output: "", termination: .exited(0))
    }

    func step(_ block: CodeBlock, target: String, calls: Int) async -> SteppingOutcome {
        SteppingOutcome(values: Array((steps[block.code] ?? []).prefix(calls)))
    }

    func runPython(_ block: CodeBlock) async -> PythonOutcome {
        python[block.code] ?? .ran(RunOutcome(output: "", termination: .exited(0)))
    }

    func checkExercise(code: CodeBlock, checks: CodeBlock) async -> ExerciseOutcome {
        exercises[code.code]
            ?? ExerciseOutcome(
                compile: CompileOutcome(messages: [], succeeded: true),
                results: [.init(name: "a check", passed: true)],
                termination: .exited(0),
                output: ""
            )
    }
}

// The dictionaries are filled before checking starts and only read afterwards.
extension ScriptedEngine: @unchecked Sendable {}
