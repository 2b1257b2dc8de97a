/// Runs what a handout shows. The live one (``LiveHandoutExecutor``) uses the real toolchain;
/// tests may substitute their own to control every outcome.
package protocol HandoutExecutor: Sendable {
    /// Which Swift and Python produce the outputs, one short line each, for the handout's colophon.
    func producedWith() async -> [String]
    /// Runs a runnable snippet to the end (or to its limits).
    func run(_ snippet: Snippet) async -> RunReport
    /// Steps `target` until `next()` returns nil, the program ends, or `cap` calls were made.
    /// The trace's `code` and `showsTimings` are filled in by the caller.
    func step(_ snippet: Snippet, target: String, cap: Int) async -> SteppingTrace
    /// Runs an exercise's hidden checks against its reference solution; solved means what it means to the tutor (``ExerciseVerdict/isSolved``).
    func checkSolution(of exercise: Exercise) async -> SolutionCheck
    /// Runs a Python original.
    func runPython(_ code: String) async -> RunReport
}
