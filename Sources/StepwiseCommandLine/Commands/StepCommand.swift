import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseSyntax
import StepwiseTerminal

/// `stepwise step LESSON [--step N] [--calls K] [--json]`: calls `next()` on a step's
/// steppable snippet until it returns nil, the program ends, or K calls, and prints each call.
struct StepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Step a step's steppable snippet: each next() call, what it printed, the lines it ran.",
        discussion: "With --json, one object: {\"iterator\": NAME, \"calls\": [...]} (see README)."
    )

    @OptionGroup var target: StepTarget

    @Option(name: .long, help: "Stop after this many calls.")
    var calls: Int = 20

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        if calls < 1 { throw ValidationError("--calls must be at least 1") }
    }

    func run() async throws {
        let lesson = try target.loadLesson()
        let chosen = try target.chosenStep(
            in: lesson, firstWhere: { $0.snippets.contains { $0.options.stepTarget != nil } }, noneMessage: "has no steppable snippet")
        guard let snippet = chosen.snippets.first(where: { $0.options.stepTarget != nil }), let name = snippet.options.stepTarget else {
            throw CommandFailure("that step has no steppable snippet (`swift step=NAME`)")
        }
        let executor = target.executor()
        let console = StandardConsole()
        let session: any SteppingSession
        let ready: IteratorStepper.Ready
        switch try await executor.startStepping(snippet, source: nil) {
        case .started(let started, let state):
            session = started
            ready = state
        case .compileFailed(let diagnostics):
            for diagnostic in diagnostics { console.error(diagnostic.rendered) }
            throw ExitCode(1)
        case .endedEarly(let result):
            console.error("stepwise step: the top-level code ended the program: \(HandoutText.ending(result).text)")
            throw ExitCode(1)
        case .notSteppable(let message, _):
            console.error("stepwise step: \(message)")
            throw ExitCode(1)
        case .notRun(let reason):
            console.error("stepwise step: \(reason)")
            throw ExitCode(1)
        }
        var reports: [StepReport] = []
        var ending: String?
        while reports.count < calls {
            let streaming = !json
            let call = reports.count + 1
            // Printed as they arrive: a line printed before a sleep shows before the wait.
            let outcome = try await session.next { line in
                if streaming { StandardConsole().line("  │ \(line.text)   (call \(call))") }
            }
            if case .reported(let report) = outcome {
                reports.append(report)
                if !json { console.line(describe(report)) }
                if report.isEnd { break }
            } else if case .programEnded(let call, _, let termination, _) = outcome {
                ending = "the program ended during call \(call): \(termination)"
                break
            } else if case .failed(let reason) = outcome {
                ending = reason
                break
            } else if case .stoppedIdle(let limit) = outcome {
                ending = StepOutcome.idleNote(limit)
                break
            }
        }
        await session.close()
        if json {
            console.line(SteppingDocument.json(iterator: name, reports: reports, ending: ending, note: ready.instrumentationNote))
        } else {
            if let note = ready.instrumentationNote { console.line(note) }
            if let ending { console.line(ending) }
        }
    }

    private func describe(_ report: StepReport) -> String {
        var lines = ["call \(report.call) → \(report.value)  (\(DurationText.stamp(report.duration ?? report.roundTrip)))"]
        if let run = report.linesRun { lines.append("  lines run: " + run.map(String.init).joined(separator: ", ")) }
        for entry in report.state { lines.append("  \(entry.label) = \(entry.value)") }
        return lines.joined(separator: "\n")
    }
}
