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
        switch await engine.runPython(python) {
        case .unavailable(let reason):
            // Not the lesson's fault: the rest of the check still means something.
            return found + [.warning(at: python.location, "python compare not checked", notes: [reason])]
        case .ran(let run):
            pythonRun = run
        }
        if let problem = pythonRun.problem {
            return found + [.error(at: python.location, "the Python original did not run", notes: [problem])]
        }
        guard pythonRun.termination.isSuccess else {
            // The code starts on the line after the opening fence.
            let traceback = PythonTraceback.relocate(
                lines(pythonRun.output), file: python.location.file, firstLine: python.location.line + 1)
            var notes = traceback.lines.suffix(8).map { "  " + $0 }
            notes += TerminationNote.text(for: pythonRun.termination).map { [$0] } ?? []
            let at = traceback.errorLine.map { SourceLocation(file: python.location.file, line: $0) } ?? python.location
            return found + [.error(at: at, "the Python original fails when run", notes: notes)]
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

    /// Output lines without the trailing blank ones, which neither side means.
    static func lines(_ output: String) -> [String] {
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }
}
