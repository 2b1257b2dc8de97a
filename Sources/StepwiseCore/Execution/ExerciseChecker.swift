import Foundation

/// Runs an exercise's hidden checks against the learner's code.
///
/// The program is the learner's code, then the checks in a `do` block, with a
/// hidden `check(_ name: String, _ condition: Bool)` that reports each result
/// to the tutor as a control line (before and after evaluating the condition,
/// so a crash inside a condition is attributed to its check), and an exit
/// status of 1 if any check failed.
public struct ExerciseChecker: Sendable {
    /// The outcome of checking.
    public enum Outcome: Sendable, Hashable {
        /// The learner's code (or the checks with it) did not compile.
        case compileFailed([CompilerDiagnostic])
        /// The program ran; see the report.
        case checked(ExerciseReport)
    }

    public let runner: SnippetRunner

    public init(runner: SnippetRunner) {
        self.runner = runner
    }

    /// Compiles and runs the learner's code with the checks.
    /// - Parameters:
    ///   - code: The learner's copy of the `swift exercise` block (or, for authors, the `solution`).
    ///   - checks: The `swift checks` block.
    ///   - limits: Applied to the run.
    public func check(_ code: SnippetSource, checks: SnippetSource, limits: RunLimits = RunLimits()) async throws -> Outcome {
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
        for message in result.controlMessages where message.stream == .stdout {
            let parts = message.text.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let name = decodeName(String(parts[1])) else { continue }
            switch parts[0] {
            case "check-begin": running = name
            case "check-pass":
                results.append(CheckResult(name: name, passed: true))
                running = nil
            case "check-fail":
                results.append(CheckResult(name: name, passed: false))
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

    /// Check names travel as JSON strings, so they may contain any character.
    static func decodeName(_ json: String) -> String? {
        guard let data = "[\(json)]".data(using: .utf8) else { return nil }
        return (try? JSONDecoder().decode([String].self, from: data))?.first
    }
}

/// The result of one `check(name, condition)`.
public struct CheckResult: Sendable, Hashable {
    public var name: String
    public var passed: Bool
    /// Whether the program crashed (or was stopped) while evaluating this check's condition.
    public var crashed: Bool

    public init(name: String, passed: Bool, crashed: Bool = false) {
        self.name = name
        self.passed = passed
        self.crashed = crashed
    }
}

/// Everything one run of an exercise's checks produced.
public struct ExerciseReport: Sendable, Hashable {
    /// One entry per check that ran, in order (a crashed check is included as failed).
    public var results: [CheckResult]
    /// What the program printed.
    public var output: [TimedLine]
    public var termination: Termination
    /// The runtime's crash report, if the program trapped (a crash counts as failing).
    public var crash: RuntimeCrash?
    public var warnings: [CompilerDiagnostic]

    /// Whether the program ran to the end and every check passed.
    public var allPassed: Bool {
        termination.isSuccess && results.allSatisfy(\.passed)
    }

    /// The names of the checks that failed (including one that crashed).
    public var failedChecks: [String] {
        results.filter { !$0.passed }.map(\.name)
    }
}
