/// A `python compare` block must print what the step's first runnable Swift snippet prints,
/// once the step's `differences` are applied: the lesson claims the two are equivalent.
public enum PythonEquivalenceCheck {
    public static func check(python: CodeBlock, swift: Snippet, differences: CodeBlock?, engine: any CheckEngine) async -> [Diagnostic] {
        let rules = OutputDifferences(differences)
        var found: [Diagnostic] = rules.malformedLines.map { line in
            .error(
                at: SourceLocation(file: python.location.file, line: line),
                "differences line is not 'PYTHON => SWIFT  explanation'"
            )
        }
        let pythonRun: RunOutcome
        switch await engine.runPython(python) {
        case .unavailable(let reason):
            // Not the lesson's fault: the rest of the check still means something.
            return found + [.warning(at: python.location, "python compare not checked: \(reason)", notes: ["install python3 3.11 or newer to check it"])]
        case .ran(let run):
            pythonRun = run
        }
        if let problem = pythonRun.problem {
            return found + [.error(at: python.location, "the Python original did not run", notes: [problem])]
        }
        guard pythonRun.termination.isSuccess else {
            var notes = StatedOutput.normalizedLines(pythonRun.output).suffix(8).map { "  " + $0 }
            notes += TerminationNote.text(for: pythonRun.termination).map { [$0] } ?? []
            return found + [.error(at: python.location, "the Python original fails when run", notes: notes)]
        }
        let swiftRun = await engine.run(swift.block)
        guard swiftRun.problem == nil, case .exited = swiftRun.termination else {
            // The Swift side's own checks report why it did not run or crashed.
            return found
        }
        let translated = rules.applied(to: pythonRun.output)
        let pythonLines = StatedOutput.normalizedLines(translated)
        let swiftLines = StatedOutput.normalizedLines(swiftRun.output)
        if pythonLines != swiftLines {
            let notes = ["Python (-) and Swift (+) output\(rules.replacements.isEmpty ? "" : ", after the differences"):"]
                + LineDiff.lines(expected: pythonLines, actual: swiftLines).map { "  " + $0 }
                + ["the Swift snippet is at line \(swift.block.location.line)"]
            found.append(.error(at: python.location, "Python and Swift print different output", notes: notes))
        }
        return found
    }
}
