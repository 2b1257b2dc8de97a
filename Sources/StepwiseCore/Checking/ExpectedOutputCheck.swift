/// An `output` block must be what its snippet really prints, so a reader can trust every
/// stated output without running it. Matching is the tutor's own (`ExpectedOutput`), so
/// `~ ` prefix lines mean the same to the check as to the learner.
package enum ExpectedOutputCheck {
    package static func check(_ snippet: Snippet, engine: any CheckEngine) async -> [Diagnostic] {
        guard let firstBlock = snippet.expectedOutputs.first else { return [] }
        let run = await engine.run(snippet.block)
        if let problem = run.problem {
            return [.error(at: firstBlock.location, "cannot check this output: the snippet did not run", notes: [problem])]
        }
        // Every output block after the snippet is shown to the learner, so each must be right,
        // not only the last.
        return snippet.expectedOutputs.compactMap { outputBlock in
            // A snippet may crash on purpose (to show what `!` on nil does); its stated output is
            // still checked, and the crash is mentioned only when the output is wrong.
            guard case .differs(let diff) = ExpectedOutput.matches(expected: outputBlock.code, actual: run.output) else { return nil }
            var notes = diff.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if let ending = TerminationNote.text(for: run.termination) {
                notes.append(ending)
            }
            return .error(at: outputBlock.location, "output block differs from the snippet's real output", notes: notes)
        }
    }
}
