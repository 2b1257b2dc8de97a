/// What the dynamic checks need from the execution engine: compile, run, step, run Python,
/// run an exercise's checks. The checks own the judging and the locations in the lesson
/// file; the engine only executes, so checks can be tested with a scripted engine and the
/// engine can change (cache, sandbox) without touching them.
package protocol CheckEngine: Sendable {
    /// Compiles a runnable block in Swift 6 mode, reusing an earlier build of the same code.
    func compile(_ block: CodeBlock) async -> CompileOutcome
    /// Compiles (cached) and runs a block; standard output and standard error together.
    func run(_ block: CodeBlock) async -> RunOutcome
    /// Runs a `step=NAME` block and calls `next()` on `NAME` `calls` times.
    func step(_ block: CodeBlock, target: String, calls: Int) async -> SteppingOutcome
    /// Runs a Python block, or returns `.unavailable` when no suitable python3 is installed.
    func runPython(_ block: CodeBlock) async -> PythonOutcome
    /// Compiles `code` followed by `checks` and runs the checks.
    func checkExercise(code: CodeBlock, checks: CodeBlock) async -> ExerciseOutcome
}

/// A compiler message, located in one of the blocks that were compiled together.
package struct CompilerMessage: Sendable, Equatable {
    package enum Part: Sendable, Equatable {
        /// The snippet itself (or an exercise's starter or solution).
        case code
        /// An exercise's `checks` block.
        case checks
        /// Code the engine added around the blocks; reported at the code block's fence.
        case harness
    }

    package var severity: Diagnostic.Severity
    package var part: Part
    /// 1-based line within the block's code as written (hidden lines included).
    package var line: Int
    /// 1-based column within the compiled line.
    package var column: Int
    package var message: String
    package var notes: [String]

    package init(severity: Diagnostic.Severity, part: Part = .code, line: Int, column: Int, message: String, notes: [String] = []) {
        self.severity = severity
        self.part = part
        self.line = line
        self.column = column
        self.message = message
        self.notes = notes
    }
}

package struct CompileOutcome: Sendable, Equatable {
    /// Errors and warnings, in the compiler's order.
    package var messages: [CompilerMessage]
    /// Whether an executable was produced (warnings alone do not prevent it).
    package var succeeded: Bool
    /// Set when the compiler itself could not be run; the lesson is not at fault.
    package var problem: String?

    package init(messages: [CompilerMessage], succeeded: Bool, problem: String? = nil) {
        self.messages = messages
        self.succeeded = succeeded
        self.problem = problem
    }
}

package struct RunOutcome: Sendable, Equatable {
    /// Standard output and standard error, in arrival order.
    package var output: String
    package var termination: Termination
    /// Set when the program could not be built or started; `output` and `termination` then
    /// describe nothing.
    package var problem: String?

    package init(output: String, termination: Termination, problem: String? = nil) {
        self.output = output
        self.termination = termination
        self.problem = problem
    }

    package static func notStarted(_ problem: String) -> RunOutcome {
        RunOutcome(output: "", termination: .exited(-1), problem: problem)
    }
}

package struct SteppingOutcome: Sendable, Equatable {
    /// What each `next()` returned, as Swift prints an optional (`Optional(1)`, `nil`).
    package var values: [String]
    /// Set when stepping stopped before `calls` values (a crash, a timeout, no such iterator).
    package var failure: String?

    package init(values: [String], failure: String? = nil) {
        self.values = values
        self.failure = failure
    }
}

package enum PythonOutcome: Sendable, Equatable {
    case ran(RunOutcome)
    /// No python3, or one older than the lessons need; the reason says which.
    case unavailable(String)
}

package struct ExerciseOutcome: Sendable, Equatable {
    package struct CheckResult: Sendable, Equatable {
        package var name: String
        package var passed: Bool
        /// Why it failed, when the run said: `got 5, expected 4`, or the crash.
        package var detail: String?

        package init(name: String, passed: Bool, detail: String? = nil) {
            self.name = name
            self.passed = passed
            self.detail = detail
        }
    }

    package var compile: CompileOutcome
    /// The checks that ran, in order (a crashed one is failed, and the ones after it still ran).
    package var results: [CheckResult]
    package var termination: Termination
    package var output: String

    package init(compile: CompileOutcome, results: [CheckResult], termination: Termination, output: String) {
        self.compile = compile
        self.results = results
        self.termination = termination
        self.output = output
    }

    /// Every check ran and passed, and the program ended normally.
    package var passed: Bool {
        compile.succeeded && termination.isSuccess && !results.isEmpty && results.allSatisfy(\.passed)
    }
}
