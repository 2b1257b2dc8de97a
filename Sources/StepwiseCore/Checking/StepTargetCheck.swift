/// A `step=NAME` snippet must declare `NAME` at top level, because stepping calls `NAME.next()`
/// from code appended after the snippet. Checked statically, so a typo is reported even where
/// no compiler is available, and before any compile is spent on it.
package enum StepTargetCheck {
    package static func diagnostics(for snippet: Snippet, reader: any TopLevelDeclarationReader) -> [Diagnostic] {
        guard let target = snippet.options.stepTarget else { return [] }
        let declarations = reader.declarations(in: SnippetSource(snippet.block.code).compiledText)
        guard !declarations.declares(target) else { return [] }
        var location = snippet.block.location
        // Point at `step=` itself, as the info-string diagnostics do.
        location.column += 3 + (snippet.block.info.offsets["step"] ?? 0)
        let shown = target.count > Diagnostic.quoteLimit ? target.prefix(Diagnostic.quoteLimit) + "…" : target
        var message = "step=\(shown) names no top-level variable of this snippet"
        if let suggestion = NearMiss.bestMatch(for: target, in: declarations.names) {
            message += "; did you mean '\(suggestion)'?"
        }
        let notes =
            declarations.names.isEmpty
            ? ["declare it at top level, for example 'var \(target) = ...'"]
            : ["top-level variables: \(declarations.names.joined(separator: ", "))"]
        return [.error(at: location, message, notes: notes)]
    }
}
