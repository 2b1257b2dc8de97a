import Foundation

/// The `CheckEngine` of `stepwise check`: the tutor's own execution engine, so a lesson is
/// checked by exactly the code that will run it for learners.
///
/// Programs are compiled into the snippet cache before they run (never interpreted), so the
/// compile that `SnippetCompilesCheck` pays for is the binary that the output, Python and
/// stepping checks then start, and a later `stepwise check` finds every unchanged snippet
/// already built.
public struct RunnerCheckEngine: CheckEngine {
    public let runner: SnippetRunner
    /// The Python to compare with, or why there is none (reported as a warning per block).
    public let python: Result<PythonRunner, ExecutionError>
    private let memo = RunMemo()

    public init(runner: SnippetRunner, python: Result<PythonRunner, ExecutionError>) {
        var runner = runner
        runner.firstRun = .compile
        self.runner = runner
        self.python = python
    }

    /// Finds the toolchain (`--swift PATH`, `SWIFT_EXEC`, `PATH`) and python3, and uses the
    /// standard snippet cache.
    /// - Throws: `ToolchainError` with installation advice; a missing python3 is not an error.
    /// The compiler and Python versions: what a passed check depends on besides the lesson text.
    public var fingerprint: String {
        let pythonVersion = (try? python.get().version) ?? "no python"
        return runner.toolchain.version + "\n" + pythonVersion
    }

    public static func standard(swiftOverride: String?) async throws -> RunnerCheckEngine {
        let toolchain = try await Toolchain.locate(override: swiftOverride)
        let python: Result<PythonRunner, ExecutionError>
        do {
            python = .success(try await PythonRunner.locate())
        } catch let error as ExecutionError {
            python = .failure(error)
        } catch {
            python = .failure(.pythonNotFound(searched: ["\(error)"]))
        }
        return RunnerCheckEngine(runner: SnippetRunner(toolchain: toolchain, firstRun: .compile), python: python)
    }

    public func compile(_ block: CodeBlock) async -> CompileOutcome {
        let source = SnippetSource(block.code)
        do {
            let found = try await runner.diagnose(source)
            return CompileOutcome(
                messages: Self.messages(from: found, code: source),
                succeeded: !found.contains { $0.severity == .error }
            )
        } catch {
            return CompileOutcome(messages: [], succeeded: false, problem: "\(error)")
        }
    }

    public func run(_ block: CodeBlock) async -> RunOutcome {
        let limits = Self.limits(for: block)
        let key = "\(limits.wallClock.map { "\($0)" } ?? "none")\u{0}\(block.code)"
        return await memo.outcome(for: key) { [runner] in
            await Self.run(block, limits: limits, runner: runner)
        }
    }

    static func run(_ block: CodeBlock, limits: RunLimits, runner: SnippetRunner) async -> RunOutcome {
        do {
            switch try await runner.run(SnippetSource(block.code), limits: limits) {
            case .compileFailed:
                return .notStarted("the snippet does not compile")
            case .ran(let result, _):
                return RunOutcome(output: result.combinedText, termination: result.termination)
            }
        } catch {
            return .notStarted("\(error)")
        }
    }

    public func step(_ block: CodeBlock, target: String, calls: Int) async -> SteppingOutcome {
        let start: IteratorStepper.Start
        do {
            start = try await IteratorStepper.start(SnippetSource(block.code), name: target, runner: runner, limits: Self.limits(for: block))
        } catch {
            return SteppingOutcome(values: [], failure: "\(error)")
        }
        switch start {
        case .compileFailed:
            return SteppingOutcome(values: [], failure: "the snippet does not compile with the stepping driver")
        case .endedEarly(let result):
            return SteppingOutcome(values: [], failure: "\(TerminationNote.phrase(result.termination)) before the first call")
        case .notSteppable(let message, _):
            return SteppingOutcome(values: [], failure: message)
        case .started(let stepper, _):
            var values: [String] = []
            var failure: String?
            while values.count < calls {
                do {
                    values.append(try await stepper.next().value)
                } catch {
                    failure = Self.describe(error)
                    break
                }
            }
            await stepper.close()
            return SteppingOutcome(values: values, failure: failure)
        }
    }

    public func runPython(_ block: CodeBlock) async -> PythonOutcome {
        let python: PythonRunner
        switch self.python {
        case .success(let found): python = found
        case .failure(let error): return .unavailable(error.description)
        }
        do {
            let result = try await python.run(block.code, limits: RunLimits())
            return .ran(RunOutcome(output: result.combinedText, termination: result.termination))
        } catch {
            return .ran(.notStarted("\(error)"))
        }
    }

    public func checkExercise(code: CodeBlock, checks: CodeBlock) async -> ExerciseOutcome {
        let codeSource = SnippetSource(code.code)
        let checksSource = SnippetSource(checks.code)
        let outcome: ExerciseChecker.Outcome
        do {
            outcome = try await ExerciseChecker(runner: runner).check(codeSource, checks: checksSource, limits: Self.limits(for: code))
        } catch {
            return ExerciseOutcome(
                compile: CompileOutcome(messages: [], succeeded: false, problem: "\(error)"),
                results: [], termination: .exited(-1), output: ""
            )
        }
        switch outcome {
        case .compileFailed(let diagnostics):
            return ExerciseOutcome(
                compile: CompileOutcome(messages: Self.messages(from: diagnostics, code: codeSource), succeeded: false),
                results: [], termination: .exited(-1), output: ""
            )
        case .checked(let report):
            return ExerciseOutcome(
                compile: CompileOutcome(messages: Self.messages(from: report.warnings, code: codeSource), succeeded: true),
                results: report.results.map { ExerciseOutcome.CheckResult(name: $0.name, passed: $0.passed) },
                termination: report.termination,
                output: report.output.map(\.text).joined(separator: "\n")
            )
        }
    }

    /// `timeout=N` overrides the default wall-clock limit.
    static func limits(for block: CodeBlock) -> RunLimits {
        if case .swift(let options) = block.role, let seconds = options.timeoutSeconds {
            return .seconds(seconds)
        }
        return RunLimits()
    }

    static func describe(_ error: any Error) -> String {
        if let stepError = error as? IteratorStepper.StepError {
            switch stepError {
            case .programEnded(_, _, let termination, let crash):
                return "\(TerminationNote.phrase(termination)) during the call" + (crash.map { ": \($0.text)" } ?? "")
            default: return "the stepping session had already ended"
            }
        }
        return "\(error)"
    }

    /// Compiler diagnostics in the numbering `CompilerMessage` uses (lines of the block as
    /// written); notes join the error or warning before them.
    static func messages(from diagnostics: [CompilerDiagnostic], code: SnippetSource) -> [CompilerMessage] {
        var messages: [CompilerMessage] = []
        for diagnostic in diagnostics {
            let severity: Diagnostic.Severity
            switch diagnostic.severity {
            case .error: severity = .error
            case .warning: severity = .warning
            case .note, .remark:
                if !messages.isEmpty {
                    messages[messages.count - 1].notes.append("\(diagnostic.severity.rawValue): \(diagnostic.message)")
                }
                continue
            }
            let part: CompilerMessage.Part
            var line = diagnostic.line
            switch diagnostic.region {
            case .snippet:
                part = .code
                line = code.programLine(forVisibleLine: diagnostic.line) ?? diagnostic.line
            case .hiddenSetup:
                part = .code
            case .checks:
                part = .checks
            case .entry, .generated:
                part = .harness
            }
            messages.append(CompilerMessage(severity: severity, part: part, line: line, column: diagnostic.column, message: diagnostic.message))
        }
        return messages
    }
}
