import Foundation

/// Runs a handout's snippets for real, one at a time: parallel runs on a busy machine would
/// stretch each other's timings, and the handout prints those timings.
public struct LiveHandoutExecutor: HandoutExecutor {
    /// Nil when no toolchain was found; `missingSwift` says why.
    public var runner: SnippetRunner?
    public var missingSwift: String?
    public var python: PythonRunner?
    public var missingPython: String?
    /// The limits of every run; a snippet's `timeout=N` still overrides the wall clock.
    public var limits: RunLimits

    public init(
        runner: SnippetRunner?, missingSwift: String? = nil, python: PythonRunner?, missingPython: String? = nil,
        limits: RunLimits = RunLimits()
    ) {
        self.runner = runner
        self.missingSwift = missingSwift
        self.python = python
        self.missingPython = missingPython
        self.limits = limits
    }

    /// Finds the toolchain and python3; a missing one is recorded, never thrown, so a handout
    /// can still be made (showing that its snippets were not run).
    public static func locate(
        swiftOverride: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        cache: SnippetCache = .standard()
    ) async -> LiveHandoutExecutor {
        var executor = LiveHandoutExecutor(runner: nil, python: nil)
        do {
            let toolchain = try await Toolchain.locate(override: swiftOverride, environment: environment)
            var runner = SnippetRunner(toolchain: toolchain, cache: cache, environment: environment)
            // The export exits when it is done: a compile still running then would be wasted.
            runner.backgroundCompiles = .none
            executor.runner = runner
        } catch {
            executor.missingSwift = "\(error)"
        }
        do {
            executor.python = try await PythonRunner.locate(environment: environment)
        } catch {
            executor.missingPython = "\(error)"
        }
        return executor
    }

    public func producedWith() async -> [String] {
        var lines: [String] = []
        if let runner {
            // `swiftc --version` goes on to name the target on a second line; the first is enough.
            lines.append(runner.toolchain.version.split(separator: "\n").first.map(String.init) ?? runner.toolchain.version)
        } else {
            lines.append("Swift snippets were not run: \(missingSwift ?? "no Swift toolchain was found")")
        }
        if let python {
            lines.append(python.version)
        } else {
            lines.append("Python originals were not run: \(missingPython ?? "python3 3.11 or newer was not found")")
        }
        return lines
    }

    public func run(_ snippet: Snippet) async -> RunReport {
        guard var runner else { return .notRun(missingSwift ?? "no Swift toolchain was found") }
        if snippet.options.needsCompiledBinary { runner.firstRun = .compile }
        do {
            switch try await runner.run(SnippetSource(snippet.block.code), limits: limits(for: snippet.options)) {
            case .compileFailed(let diagnostics): return .compileFailed(diagnostics)
            case .ran(let result, _): return .ran(result)
            }
        } catch {
            return .notRun("Stepwise could not run it: \(error)")
        }
    }

    public func step(_ snippet: Snippet, target: String, cap: Int) async -> SteppingTrace {
        var trace = SteppingTrace(code: "", target: target, showsTimings: false, ending: .finished)
        guard let runner else {
            trace.ending = .notRun(missingSwift ?? "no Swift toolchain was found")
            return trace
        }
        let start: IteratorStepper.Start
        do {
            start = try await IteratorStepper.start(
                SnippetSource(snippet.block.code), name: target, runner: runner, limits: limits(for: snippet.options))
        } catch {
            trace.ending = .notRun("Stepwise could not start stepping: \(error)")
            return trace
        }
        switch start {
        case .compileFailed(let diagnostics):
            trace.ending = .compileFailed(diagnostics)
        case .endedEarly(let result):
            trace.ending = .endedEarly(result)
        case .notSteppable(let message, let output):
            trace.topLevelOutput = output
            trace.ending = .notSteppable(message)
        case .started(let stepper, let ready):
            trace.kind = ready.kind
            trace.topLevelOutput = ready.topLevelOutput
            trace.initialState = ready.initialState
            trace.ending = .capped(cap)
            calls: for _ in 0..<cap {
                do {
                    let report = try await stepper.next()
                    trace.calls.append(report)
                    if report.isEnd || report.error != nil {
                        trace.ending = .finished
                        break calls
                    }
                } catch IteratorStepper.StepError.programEnded(let call, let output, let termination, _) {
                    trace.ending = .programEnded(call: call, output: output, termination: termination)
                    break calls
                } catch {
                    trace.ending = .notRun("stepping stopped: \(error)")
                    break calls
                }
            }
            await stepper.close()
        }
        return trace
    }

    public func checkSolution(_ solution: String, checks: String) async -> SolutionCheck {
        guard let runner else { return .notRun(missingSwift ?? "no Swift toolchain was found") }
        do {
            let outcome = try await ExerciseChecker(runner: runner).check(
                SnippetSource(solution), checks: SnippetSource(checks), limits: limits)
            switch outcome {
            case .compileFailed(let diagnostics):
                return .compileFailed(diagnostics)
            case .checked(let report) where report.allPassed:
                return .passed(report.results.map(\.name))
            case .checked(let report):
                return .failed(failing: report.failedChecks, output: report.output, termination: report.termination)
            }
        } catch {
            return .notRun("Stepwise could not run the checks: \(error)")
        }
    }

    public func runPython(_ code: String) async -> RunReport {
        guard let python else { return .notRun(missingPython ?? "python3 3.11 or newer was not found") }
        do {
            return .ran(try await python.run(code, limits: limits))
        } catch {
            return .notRun("python3 could not run it: \(error)")
        }
    }

    private func limits(for options: SwiftSnippet) -> RunLimits {
        var limits = limits
        if let seconds = options.timeoutSeconds { limits.wallClock = .seconds(seconds) }
        return limits
    }
}
