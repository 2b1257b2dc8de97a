/// Every compiled Swift block must build in Swift 6 mode with no errors and no warnings: a
/// learner who runs a lesson's own code should never see the compiler complain.
package enum SnippetCompilesCheck {
    /// Compiler messages as lesson diagnostics. Warnings are errors here: the lesson ships
    /// the code, so a warning is a defect in the lesson, not advice to the learner.
    package static func diagnostics(for messages: [CompilerMessage], code: CodeBlock, checks: CodeBlock? = nil) -> [Diagnostic] {
        messages.map { message in
            let block = message.part == .checks ? (checks ?? code) : code
            let location = message.part == .harness ? code.location : block.fileLocation(line: message.line, column: message.column)
            switch message.severity {
            case .error:
                return .error(at: location, message.message, notes: message.notes)
            case .warning:
                return .error(at: location, message.message + " (lesson code must compile without warnings)", notes: message.notes)
            }
        }
    }

    /// Compiles a runnable snippet; `compiled` is false when later checks cannot run it.
    package static func check(_ snippet: Snippet, engine: any CheckEngine) async -> (diagnostics: [Diagnostic], compiled: Bool) {
        let outcome = await engine.compile(snippet.block)
        var found = diagnostics(for: outcome.messages, code: snippet.block)
        if let problem = outcome.problem {
            found.append(.error(at: snippet.block.location, "could not compile this snippet", notes: [problem]))
        } else if !outcome.succeeded, found.isEmpty {
            found.append(.error(at: snippet.block.location, "snippet did not compile, and the compiler gave no reason"))
        }
        return (found, outcome.succeeded)
    }
}
