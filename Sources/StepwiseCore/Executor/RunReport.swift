/// What running one program (a Swift snippet or a Python original) produced at export time.
package enum RunReport: Sendable {
    /// It ran: successfully or not (a crash, the time limit and an output flood are in the result).
    case ran(RunResult)
    /// The compiler rejected it; nothing ran.
    case compileFailed([CompilerDiagnostic])
    /// It was not run, and why: no toolchain, no python3, or Stepwise could not start it.
    case notRun(String)
}
