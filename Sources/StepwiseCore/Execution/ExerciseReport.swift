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
