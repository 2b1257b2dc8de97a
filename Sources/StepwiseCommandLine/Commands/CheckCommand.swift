import ArgumentParser
import Foundation
import StepwiseCore
import StepwiseSyntax
import StepwiseTerminal

/// `stepwise check [PATH ...]`: verifies lessons the way a compiler verifies code.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check lessons: every snippet compiles and every stated output is the real one.",
        discussion: """
            Problems are printed as path:line:column: error|warning: message, followed by a summary.
            The exit status is non-zero when any error was found; warnings alone pass.
            """
    )

    @OptionGroup var options: CommonOptions

    @Flag(name: .long, help: "Print the results as JSON instead of text.")
    var json = false

    @Flag(name: .long, help: "Run every check again, even those that passed before with the same code.")
    var fresh = false

    @Argument(help: "Lesson files or folders (default: the lessons in use).")
    var paths: [String] = []

    func run() async throws {
        let targets = paths.isEmpty ? [try options.lessonsFolder().path] : paths
        let engine = RunnerCheckEngine.standard(swiftOverride: options.swift)
        SandboxNotice.sayOnce()
        // Checking needs the compiler: without one, say how to get it instead of failing every snippet.
        if case .failure(let missing) = await engine.executor.swiftVersion() {
            try fail("\(missing)")
        }
        var checker = LessonChecker(engine: engine, declarations: DeclarationsReader())
        if !fresh { checker.passedCache = PassedCheckCache.standard(salt: await engine.fingerprint()) }
        let report: CheckReport
        do {
            report = try await checker.check(paths: targets)
        } catch {
            try fail(error.description)
        }
        if json {
            var data = try report.jsonData()
            data.append(0x0A)
            FileHandle.standardOutput.write(data)
        } else {
            let terminal = TerminalCapabilities.detect(environment: ProcessInfo.processInfo.environment, forceNoColor: options.noColor)
            print(DiagnosticPrinter(usesColor: terminal.usesColor).format(report), terminator: "")
        }
        if !report.passed { throw ExitCode.failure }
    }

    /// Nothing could be checked: said on standard error, or with `--json` as JSON on standard
    /// output, so a script reading JSON never meets plain text.
    private func fail(_ message: String) throws -> Never {
        if json {
            var data = try CheckReport.jsonData(failure: message)
            data.append(0x0A)
            FileHandle.standardOutput.write(data)
        } else {
            StandardConsole().error("error: \(message)")
        }
        throw ExitCode(1)
    }
}
