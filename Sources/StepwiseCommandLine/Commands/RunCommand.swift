import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseSyntax
import StepwiseTerminal

/// `stepwise run LESSON [--step N]`: runs one snippet outside the tutor (for scripts, authors and
/// teachers who want the output on its own).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a step's Swift snippet and print its output.",
        discussion: "The exit status is the snippet's (128 + signal for a crash, 124 for the time limit)."
    )

    @OptionGroup var target: StepTarget

    @Option(name: .long, help: "Which snippet of the step (1-based).")
    var snippet: Int = 1

    @Flag(name: .long, help: "Show each line's arrival time and the total, as the tutor does.")
    var timed = false

    @Option(name: .long, help: "Wall-clock limit in seconds.")
    var timeout: Int?

    @Flag(name: .long, help: "Print one JSON object: lines, wallTime and the snippet's tasks (see README).")
    var json = false

    func validate() throws {
        // The same bound as a lesson's `timeout=`: a huge value overflowed the CPU limit.
        if let timeout, !(1...SwiftSnippet.maximumTimeoutSeconds).contains(timeout) {
            throw ValidationError("--timeout must be between 1 and \(SwiftSnippet.maximumTimeoutSeconds) seconds")
        }
    }

    func run() async throws {
        let lesson = try target.loadLesson()
        let chosen = try target.chosenStep(in: lesson, firstWhere: { !$0.snippets.isEmpty }, noneMessage: "has no runnable snippet")
        guard snippet >= 1, snippet <= chosen.snippets.count else {
            throw CommandFailure("that step has \(chosen.snippets.count) runnable snippet(s)")
        }
        var selected = chosen.snippets[snippet - 1]
        if let timeout { selected.options.timeoutSeconds = timeout }
        let environment = ProcessInfo.processInfo.environment
        let executor = target.executor()
        if case .failure(let missing) = await executor.swiftVersion() { throw CommandFailure("\(missing)") }
        let console = StandardConsole()
        switch try await executor.run(selected, source: nil, onLine: nil) {
        case .notRun(let reason):
            console.error("stepwise run: \(reason)")
            throw ExitCode(1)
        case .compileFailed(let diagnostics):
            for diagnostic in diagnostics { console.error(diagnostic.rendered) }
            throw ExitCode(1)
        case .ran(let result):
            for note in result.notes { console.error("stepwise run: note: \(note)") }
            if json {
                console.line(result.json())
            } else if timed {
                let presenter = RunPresenter(width: TerminalCapabilities.currentWidth(environment: environment, isTTY: false))
                console.line(
                    presenter.output(result.lines, termination: result.termination, wallTime: result.wallTime).rendered(color: false))
            } else {
                // Shown, not obeyed: the output is visible text even on a pipe, as everywhere else.
                for line in result.lines {
                    if line.stream == .stdout { console.line(VisibleText.terminal(line.text)) } else { console.error(line.text) }
                }
                // A program's own exit status speaks for itself; a limit or a signal would
                // otherwise end the command without a word (a segfault prints nothing).
                if case .exited = result.termination {
                } else {
                    console.error("stepwise run: the snippet \(HandoutText.ending(result).text)")
                }
            }
            switch result.termination {
            case .exited(0): return
            case .exited(let code): throw ExitCode(code)
            case .signalled(let number, _): throw ExitCode(128 + number)
            case .timedOut: throw ExitCode(124)
            case .outputLimit, .processLimit, .interrupted: throw ExitCode(1)
            }
        }
    }

}
