import Foundation

/// Runs an exercise's hidden checks against the learner's code.
///
/// The program is the learner's code, then the checks in a `do` block, with a
/// hidden `check(_ name: String, _ condition: Bool)` that reports each result
/// to the tutor on the control channel (before and after evaluating the condition,
/// so a crash inside a condition is attributed to its check), and an exit
/// status of 1 if any check failed.
package struct ExerciseChecker: Sendable {
    /// The outcome of checking.
    package enum Outcome: Sendable, Hashable {
        /// The learner's code (or the checks with it) did not compile.
        case compileFailed([CompilerDiagnostic])
        /// The program ran; see the report.
        case checked(ExerciseReport)
    }

    package let runner: SnippetRunner

    package init(runner: SnippetRunner) {
        self.runner = runner
    }

    /// Compiles and runs the learner's code with the checks.
    /// - Parameters:
    ///   - code: The learner's copy of the `swift exercise` block (or, for authors, the `solution`).
    ///   - checks: The `swift checks` block.
    ///   - limits: Applied to the run.
    package func check(_ code: SnippetSource, checks: SnippetSource, limits: RunLimits = RunLimits()) async throws -> Outcome {
        let program = ProgramFactory.exercise(code: code, checks: checks)
        switch try await runner.execute(program, limits: limits, cacheInBackground: false) {
        case .compileFailed(let diagnostics):
            return .compileFailed(diagnostics)
        case .ran(let result, let warnings):
            return .checked(Self.report(from: result, warnings: warnings))
        }
    }

    static func report(from result: RunResult, warnings: [CompilerDiagnostic]) -> ExerciseReport {
        var results: [CheckResult] = []
        var running: String?
        for received in result.controlMessages {
            switch received.message {
            case .checkBegan(let name): running = name
            case .checkEnded(let name, let passed):
                results.append(CheckResult(name: name, passed: passed))
                running = nil
            default: break
            }
        }
        let crash = RuntimeCrash.find(in: result.lines)
        if let running, !result.termination.isSuccess {
            results.append(CheckResult(name: running, passed: false, crashed: true))
        }
        return ExerciseReport(
            results: results, output: result.lines, termination: result.termination, crash: crash, warnings: warnings)
    }
}
