import Foundation

/// The ``HandoutExecutor`` over a ``LessonExecutor``: runs a handout's snippets for real, one at
/// a time (parallel runs on a busy machine would stretch each other's timings, and the handout
/// prints those timings).
package struct LiveHandoutExecutor: HandoutExecutor {
    package let executor: any LessonExecutor

    package init(executor: any LessonExecutor) {
        self.executor = executor
    }

    /// The standard executor for handouts: first runs interpreted, no compiles left behind.
    package static func locate(
        swiftOverride: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        instrumenter: (any SnippetInstrumenter)? = nil
    ) -> LiveHandoutExecutor {
        LiveHandoutExecutor(
            executor: LiveLessonExecutor.standard(
                swiftOverride: swiftOverride, policy: .export, environment: environment, instrumenter: instrumenter))
    }

    package func producedWith() async -> [String] {
        var lines: [String] = []
        switch await executor.swiftVersion() {
        case .success(let version):
            // `swiftc --version` goes on to name the target on a second line; the first is enough.
            lines.append(version.split(separator: "\n").first.map(String.init) ?? version)
        case .failure(let missing):
            lines.append("Swift snippets were not run: \(missing)")
        }
        switch await executor.pythonVersion() {
        case .success(let version): lines.append(version)
        case .failure(let missing): lines.append("Python originals were not run: \(missing)")
        }
        return lines
    }

    package func run(_ snippet: Snippet) async -> RunReport {
        (try? await executor.run(snippet, source: nil, onLine: nil)) ?? .notRun("cancelled")
    }

    package func step(_ snippet: Snippet, target: String, cap: Int) async -> SteppingTrace {
        var trace = SteppingTrace(code: "", target: target, showsTimings: false, ending: .finished)
        var snippet = snippet
        snippet.options.stepTarget = target
        switch (try? await executor.startStepping(snippet, source: nil)) ?? .notRun("cancelled") {
        case .notRun(let reason):
            trace.ending = .notRun(reason)
        case .compileFailed(let diagnostics):
            trace.ending = .compileFailed(diagnostics)
        case .endedEarly(let result):
            trace.ending = .endedEarly(result)
        case .notSteppable(let message, let output):
            trace.topLevelOutput = output
            trace.ending = .notSteppable(message)
        case .started(let session, let ready):
            trace.kind = ready.kind
            trace.topLevelOutput = ready.topLevelOutput
            trace.initialState = ready.initialState
            trace.ending = .capped(cap)
            calls: for _ in 0..<cap {
                switch (try? await session.next()) ?? .failed("cancelled") {
                case .reported(let report):
                    trace.calls.append(report)
                    if report.isEnd || report.error != nil {
                        trace.ending = .finished
                        break calls
                    }
                case .programEnded(let call, let output, let termination, _):
                    trace.ending = .programEnded(call: call, output: output, termination: termination)
                    break calls
                case .failed(let message):
                    trace.ending = .notRun("stepping stopped: \(message)")
                    break calls
                case .stoppedIdle(let limit):
                    trace.ending = .notRun(StepOutcome.idleNote(limit))
                    break calls
                }
            }
            await session.close()
        }
        return trace
    }

    package func checkSolution(of exercise: Exercise) async -> SolutionCheck {
        guard let solution = exercise.solution else { return .notRun("the exercise has no solution") }
        switch (try? await executor.checkExercise(exercise, code: SnippetSource(solution.code))) ?? .notRun("cancelled") {
        case .compileFailed(let diagnostics):
            return .compileFailed(diagnostics)
        case .checked(let report) where report.isSolved:
            return .passed(report.results.map(\.name))
        case .checked(let report):
            return .failed(failing: report.failedChecks, output: report.output, termination: report.termination)
        case .notRun(let reason):
            return .notRun(reason)
        }
    }

    package func runPython(_ code: String) async -> RunReport {
        (try? await executor.runPython(code)) ?? .notRun("cancelled")
    }
}
