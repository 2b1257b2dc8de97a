/// What running an exercise's hidden checks against its reference solution found at export time,
/// so a handout's solution is one that really passes.
package enum SolutionCheck: Sendable {
    /// Every check passed; their names, in order.
    case passed([String])
    /// Some check failed or the program crashed; the failing names and what it printed.
    case failed(failing: [String], output: [TimedLine], termination: Termination)
    case compileFailed([CompilerDiagnostic])
    case notRun(String)
}
