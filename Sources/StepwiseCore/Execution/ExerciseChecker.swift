import Foundation

/// Runs an exercise's hidden checks against the learner's code.
///
/// The program is the learner's code, then the checks in a `do` block, with a
/// hidden `check` (boolean or value, see ``SupportCode/checks``) that reports each result
/// to the tutor on the control channel (before and after evaluating it, so a crash inside
/// a check is attributed to it), and an exit status of 1 if any check failed. When a check
/// crashes, the program runs again without it, so the checks after it still report.
package struct ExerciseChecker: Sendable {
    /// The outcome of checking.
    package enum Outcome: Sendable, Hashable {
        /// The learner's code (or the checks with it) did not compile.
        case compileFailed([CompilerDiagnostic])
        /// The program ran; see the report.
        case checked(ExerciseReport)
    }

    package let runner: SnippetRunner
    /// How many times the program is run again after a check crashed, skipping the checks
    /// that crashed so far, so that the ones after them still report.
    package var rerunsAfterCrash: Int

    /// Names the checks that crashed in earlier runs (1-based, comma-separated); the generated
    /// `check` skips them.
    static let skipVariable = "STEPWISE_SKIP_CHECKS"

    package init(runner: SnippetRunner, rerunsAfterCrash: Int = 8) {
        self.runner = runner
        self.rerunsAfterCrash = rerunsAfterCrash
    }

    /// Compiles and runs the learner's code with the checks.
    /// - Parameters:
    ///   - code: The learner's copy of the `swift exercise` block (or, for authors, the `solution`).
    ///   - checks: The `swift checks` block.
    ///   - limits: Applied to the run.
    package func check(_ code: SnippetSource, checks: SnippetSource, limits: RunLimits = RunLimits()) async throws -> Outcome {
        let program = ProgramFactory.exercise(code: code, checks: checks)
        var runner = self.runner
        var skipped: [Int] = []
        var merged: [Int: CheckResult] = [:]
        while true {
            switch try await runner.execute(program, limits: limits, cacheInBackground: false) {
            case .compileFailed(let diagnostics):
                return .compileFailed(diagnostics)
            case .ran(let result, let warnings):
                let run = Self.read(result)
                // A check that ran before, in an earlier run, keeps its first result.
                for (index, found) in run.results where merged[index] == nil { merged[index] = found }
                if let crashed = run.crashed {
                    merged[crashed.index] = crashed.result
                    if crashed.index > 0, skipped.count < rerunsAfterCrash, !skipped.contains(crashed.index) {
                        skipped.append(crashed.index)
                        runner.environment[Self.skipVariable] = skipped.map(String.init).joined(separator: ",")
                        // The same program again: compiled once into the cache, not interpreted each time.
                        runner.firstRun = .compile
                        continue
                    }
                }
                let results = merged.keys.sorted().compactMap { merged[$0] }
                let crash = run.crashed == nil ? RuntimeCrash.find(in: result.lines) : nil
                return .checked(
                    ExerciseReport(
                        results: results, output: result.lines, termination: result.termination, crash: crash,
                        warnings: warnings))
            }
        }
    }

    /// One run's results by check number, and the check it crashed in, if any.
    static func read(_ result: RunResult) -> (results: [(Int, CheckResult)], crashed: (index: Int, result: CheckResult)?) {
        var results: [(Int, CheckResult)] = []
        var running: (name: String, index: Int)?
        var count = 0
        for received in result.controlMessages {
            switch received.message {
            case .checkBegan(let name, let index):
                count += 1
                running = (name, index > 0 ? index : count)
            case .checkEnded(let name, let passed, let actual, let expected):
                let index = running?.index ?? count
                results.append((index, CheckResult(name: name, passed: passed, actual: actual, expected: expected)))
                running = nil
            default: break
            }
        }
        guard let running, !result.termination.isSuccess else { return (results, nil) }
        let reason = RuntimeCrash.find(in: result.lines).map(\.text) ?? result.termination.summary
        return (results, (running.index, CheckResult(name: running.name, passed: false, crashed: true, crashReason: reason)))
    }
}
