/// A `python compare` block must print what the step's first runnable Swift snippet prints,
/// once the step's `differences` are applied: the lesson claims the two are equivalent.
/// The comparison is the tutor's own `OutputComparison`, the one `compare` shows learners.
package enum PythonEquivalenceCheck {
    package static func check(python: CodeBlock, swift: Snippet, differences: CodeBlock?, engine: any CheckEngine) async -> [Diagnostic] {
        let (declared, invalidLines) = differences.map { DeclaredDifference.parseBlock($0.code) } ?? ([], [])
        var found: [Diagnostic] = []
        if let differences {
            found += invalidLines.map { line in
                .error(
                    at: SourceLocation(file: differences.location.file, line: differences.location.line + line),
                    "differences line is not 'PYTHON => SWIFT  explanation'"
                )
            }
        }
        let pythonRun: RunOutcome
        switch await runs(python, engine: engine) {
        case .failure(let problems): return found + problems.diagnostics
        case .success(let run): pythonRun = run
        }
        let swiftRun = await engine.run(swift.block)
        guard swiftRun.problem == nil, case .exited = swiftRun.termination else {
            // The Swift side's own checks report why it did not run or crashed.
            return found
        }
        if case .different(let diff) = OutputComparison.compare(
            python: lines(pythonRun.output), swift: lines(swiftRun.output), differences: declared)
        {
            let notes =
                diff.split(separator: "\n").map(String.init)
                + [
                    "the Swift snippet is at line \(swift.block.location.line)"
                        + (declared.isEmpty ? "" : "; the differences were applied to the Python output")
                ]
            found.append(.error(at: python.location, "Python and Swift print different output", notes: notes))
        }
        return found
    }

    /// A plain `python` block is shown as a program the learner can run with `compare`, so it
    /// must run to the end; its output is not compared with anything.
    package static func checkRuns(python: CodeBlock, engine: any CheckEngine) async -> [Diagnostic] {
        switch await runs(python, engine: engine) {
        case .failure(let problems): problems.diagnostics
        case .success: []
        }
    }

    /// The block's run when it ended well, else what to report about it.
    private static func runs(_ python: CodeBlock, engine: any CheckEngine) async -> Result<RunOutcome, PythonProblems> {
        let run: RunOutcome
        switch await engine.runPython(python) {
        case .unavailable(let reason):
            // Not the lesson's fault: the rest of the check still means something.
            return .failure(
                PythonProblems([
                    .warning(
                        at: python.location, python.role == .python(.compare) ? "python compare not checked" : "python block not checked",
                        notes: [reason])
                ]))
        case .ran(let ran):
            run = ran
        }
        if let problem = run.problem {
            return .failure(PythonProblems([.error(at: python.location, "the Python original did not run", notes: [problem])]))
        }
        guard run.termination.isSuccess else {
            let traceback = PythonTraceback.relocate(lines(run.output), in: python)
            var notes = traceback.lines.suffix(8).map { "  " + $0 }
            notes += TerminationNote.text(for: run.termination).map { [$0] } ?? []
            notes.append("a block that is not a whole program is marked 'python fragment'")
            let at = traceback.errorLine.map { SourceLocation(file: python.location.file, line: $0) } ?? python.location
            return .failure(PythonProblems([.error(at: at, "the Python original fails when run", notes: notes)]))
        }
        return .success(run)
    }

    /// Output lines without the trailing blank ones, which neither side means.
    static func lines(_ output: String) -> [String] {
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }
}

/// The diagnostics a Python block that did not run to the end produces.
private struct PythonProblems: Error {
    let diagnostics: [Diagnostic]
    init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}
