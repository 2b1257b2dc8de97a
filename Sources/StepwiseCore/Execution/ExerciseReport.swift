/// Everything one run of an exercise's checks produced.
package struct ExerciseReport: Sendable, Hashable {
    /// One entry per check that ran, in order (a crashed check is included as failed).
    package var results: [CheckResult]
    /// What the program printed.
    package var output: [TimedLine]
    package var termination: Termination
    /// The runtime's crash report when the program trapped outside any check (a crash inside a
    /// check is that check's ``CheckResult/crashReason``); a crash counts as failing.
    package var crash: RuntimeCrash?
    package var warnings: [CompilerDiagnostic]

    /// Whether the program ran to the end and every check passed.
    package var allPassed: Bool {
        termination.isSuccess && results.allSatisfy(\.passed)
    }

    /// What the program printed, less the runtime's crash reports, which the report shows
    /// beside the check (or on its own) already.
    package var printed: [TimedLine] {
        output.filter { !$0.text.isEmpty && !($0.stream == .stderr && RuntimeCrash.parse($0.text) != nil) }
    }

    /// The names of the checks that failed (including one that crashed).
    package var failedChecks: [String] {
        results.filter { !$0.passed }.map(\.name)
    }
}
