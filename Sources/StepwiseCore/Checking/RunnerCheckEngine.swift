import Foundation

/// The `CheckEngine` of `stepwise check`: an adapter over the tutor's own ``LessonExecutor``,
/// so a lesson is checked by exactly the code that will run it for learners.
///
/// The executor's `.authoring` policy compiles programs into the snippet cache before they
/// run (never interpreted), so the compile that `SnippetCompilesCheck` pays for is the binary
/// that the output, Python and stepping checks then start, and a later `stepwise check` finds
/// every unchanged snippet already built.
package struct RunnerCheckEngine: CheckEngine {
    package let executor: any LessonExecutor
    private let memo = RunMemo()

    package init(executor: any LessonExecutor) {
        self.executor = executor
    }

    /// The executor for `--swift PATH` (else `SWIFT_EXEC`, `PATH`) with the standard snippet cache.
    package static func standard(swiftOverride: String?) -> RunnerCheckEngine {
        RunnerCheckEngine(executor: LiveLessonExecutor.standard(swiftOverride: swiftOverride, policy: .authoring))
    }

    /// The compiler and Python versions: what a passed check depends on besides the lesson text.
    package func fingerprint() async -> String {
        let swift = (try? await executor.swiftVersion().get()) ?? "no swift"
        let python = (try? await executor.pythonVersion().get()) ?? "no python"
        return swift + "\n" + python
    }

    package func compile(_ block: CodeBlock) async -> CompileOutcome {
        let source = SnippetSource(block.code)
        switch await executor.compile(source) {
        case .compiled(let found):
            return CompileOutcome(
                messages: Self.messages(from: found, code: source),
                succeeded: !found.contains { $0.severity == .error }
            )
        case .notRun(let problem):
            return CompileOutcome(messages: [], succeeded: false, problem: problem)
        }
    }

    package func run(_ block: CodeBlock) async -> RunOutcome {
        let snippet = Self.snippet(block)
        let key = "\(snippet.options.timeoutSeconds.map(String.init) ?? "none")\u{0}\(block.code)"
        return await memo.outcome(for: key) { [executor] in
            switch try? await executor.run(snippet, source: nil, onLine: nil) {
            case .ran(let result): RunOutcome(output: result.combinedText, termination: result.termination)
            case .compileFailed: .notStarted("the snippet does not compile")
            case .notRun(let problem): .notStarted(problem)
            case nil: .notStarted("cancelled")
            }
        }
    }

    package func step(_ block: CodeBlock, target: String, calls: Int) async -> SteppingOutcome {
        var snippet = Self.snippet(block)
        snippet.options.stepTarget = target
        let start: SteppingStart
        do {
            start = try await executor.startStepping(snippet, source: nil)
        } catch {
            return SteppingOutcome(values: [], failure: "cancelled")
        }
        switch start {
        case .compileFailed:
            return SteppingOutcome(values: [], failure: "the snippet does not compile with the stepping driver")
        case .endedEarly(let result):
            return SteppingOutcome(values: [], failure: "\(TerminationNote.phrase(result.termination)) before the first call")
        case .notSteppable(let message, _), .notRun(let message):
            return SteppingOutcome(values: [], failure: message)
        case .started(let session, _):
            var values: [String] = []
            var failure: String?
            calls: while values.count < calls {
                switch try? await session.next() {
                case .reported(let report):
                    // A throw is not a nil: the steps block says `throws Boom()`, as the tutor shows it.
                    values.append(report.error.map { "\(SteppingCheck.throwPrefix)\($0)" } ?? report.value)
                case .programEnded(_, _, let termination, let crash):
                    failure = "\(TerminationNote.phrase(termination)) during the call" + (crash.map { ": \($0.text)" } ?? "")
                    break calls
                case .failed(let message):
                    failure = message
                    break calls
                case .stoppedIdle(let limit):
                    failure = StepOutcome.idleNote(limit)
                    break calls
                case nil:
                    failure = "cancelled"
                    break calls
                }
            }
            await session.close()
            return SteppingOutcome(values: values, failure: failure)
        }
    }

    package func runPython(_ block: CodeBlock) async -> PythonOutcome {
        if case .failure(let missing) = await executor.pythonVersion() { return .unavailable(missing.description) }
        switch try? await executor.runPython(block.code) {
        case .ran(let result): return .ran(RunOutcome(output: result.combinedText, termination: result.termination))
        case .compileFailed: return .ran(.notStarted("python3 did not start"))
        case .notRun(let problem): return .ran(.notStarted(problem))
        case nil: return .ran(.notStarted("cancelled"))
        }
    }

    package func checkExercise(code: CodeBlock, checks: CodeBlock) async -> ExerciseOutcome {
        let codeSource = SnippetSource(code.code)
        let exercise = Exercise(starter: code, checks: checks, solution: nil, hints: [])
        let verdict = (try? await executor.checkExercise(exercise, code: codeSource)) ?? .notRun("cancelled")
        switch verdict {
        case .notRun(let problem):
            return ExerciseOutcome(
                compile: CompileOutcome(messages: [], succeeded: false, problem: problem),
                results: [], termination: .exited(-1), output: ""
            )
        case .compileFailed(let diagnostics):
            return ExerciseOutcome(
                compile: CompileOutcome(messages: Self.messages(from: diagnostics, code: codeSource), succeeded: false),
                results: [], termination: .exited(-1), output: ""
            )
        case .checked(let report):
            return ExerciseOutcome(
                compile: CompileOutcome(messages: Self.messages(from: report.warnings, code: codeSource), succeeded: true),
                results: report.results.map { ExerciseOutcome.CheckResult(name: $0.name, passed: $0.passed, detail: $0.failureDetail) },
                termination: report.termination,
                output: report.output.map(\.text).joined(separator: "\n")
            )
        }
    }

    /// A block as the executor takes it; its options (`timeout=`) come with it.
    static func snippet(_ block: CodeBlock) -> Snippet {
        if case .swift(let options) = block.role { return Snippet(block: block, options: options) }
        return Snippet(block: block, options: SwiftSnippet())
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
            messages.append(
                CompilerMessage(severity: severity, part: part, line: line, column: diagnostic.column, message: diagnostic.message))
        }
        return messages
    }
}
