/// What running a snippet produced.
package enum SnippetOutcome: Sendable, Hashable {
    /// The compiler rejected the program; nothing ran.
    case compileFailed([CompilerDiagnostic])
    /// The program ran (successfully or not); `warnings` holds the compiler's
    /// warnings and notes, which `stepwise check` treats as failures.
    case ran(RunResult, warnings: [CompilerDiagnostic])
}
