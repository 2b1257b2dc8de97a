@testable import StepwiseCore

/// An executor that hands back fixed reports, for tests about rendering rather than running.
struct ScriptedHandoutExecutor: HandoutExecutor {
    var output: [TimedLine]
    var termination: Termination = .exited(0)

    func producedWith() async -> [String] { ["scripted <runner> & \"friends\""] }

    func run(_ snippet: Snippet) async -> RunReport {
        .ran(RunResult(lines: output, termination: termination, wallTime: .milliseconds(10)))
    }

    func step(_ snippet: Snippet, target: String, cap: Int) async -> SteppingTrace {
        let call = StepReport(call: 1, value: "Optional(\"<b>\")", isEnd: false, bodyOutput: output, state: [], roundTrip: .zero)
        return SteppingTrace(code: "", target: target, kind: "IteratorProtocol", showsTimings: false, calls: [call], ending: .capped(1))
    }

    func checkSolution(of exercise: Exercise) async -> SolutionCheck {
        .failed(failing: ["<check> & \"name\""], output: output, termination: termination)
    }

    func runPython(_ code: String) async -> RunReport {
        .notRun("python3 <missing> & \"gone\"")
    }
}
