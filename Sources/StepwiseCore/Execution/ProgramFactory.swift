/// The programs Stepwise generates around lesson and learner code.
enum ProgramFactory {
    static let snippetFile = "snippet.swift"
    static let checksFile = "checks.swift"

    /// A snippet on its own.
    static func plain(_ source: SnippetSource) -> GeneratedProgram {
        var builder = ProgramBuilder()
        builder.addUserCode(source, file: snippetFile, region: .snippet)
        return builder.build()
    }

    /// A snippet rewritten by an instrumenter, with the support its rewrite calls.
    static func instrumented(_ source: SnippetSource, _ rewrite: InstrumentedSnippet) -> GeneratedProgram {
        var builder = ProgramBuilder()
        builder.addSupport(SupportCode.messages)
        builder.addSupport(rewrite.support)
        if !rewrite.prologue.isEmpty { builder.addGenerated(rewrite.prologue) }
        builder.addUserCode(source, file: snippetFile, region: .snippet, rewritten: rewrite.lines)
        if !rewrite.epilogue.isEmpty { builder.addGenerated(rewrite.epilogue) }
        return builder.build()
    }

    /// The snippet, then the stepping driver on the variable `name`; with `rewrite`, the
    /// snippet's instrumented text and the support it calls.
    static func stepping(_ source: SnippetSource, name: String, rewrite: InstrumentedSnippet? = nil) -> GeneratedProgram {
        var builder = ProgramBuilder()
        builder.addSupport(SupportCode.messages)
        builder.addSupport(SupportCode.stepDriver)
        if let rewrite {
            builder.addSupport(rewrite.support)
            if !rewrite.prologue.isEmpty { builder.addGenerated(rewrite.prologue) }
        }
        builder.addUserCode(source, file: snippetFile, region: .snippet, rewritten: rewrite?.lines)
        builder.addGenerated("await __stepwiseStep(\(name))")
        return builder.build()
    }

    /// The learner's exercise code, then the checks (in a `do` block, so their
    /// variables may reuse the learner's names), then an exit status that says
    /// whether every check passed.
    static func exercise(code: SnippetSource, checks: SnippetSource) -> GeneratedProgram {
        var builder = ProgramBuilder()
        builder.addSupport(SupportCode.messages)
        builder.addSupport(SupportCode.checks)
        builder.addUserCode(code, file: snippetFile, region: .snippet)
        builder.addGenerated("do {")
        builder.addUserCode(checks, file: checksFile, region: .checks)
        builder.addGenerated("}")
        builder.addGenerated("__stepwiseFinishChecks()")
        return builder.build()
    }
}
