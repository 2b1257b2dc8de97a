/// The prompt: Swift typed by the learner, run with the current snippet's
/// declarations in scope and with state carried over between entries.
///
/// **Replay.** Each entry runs a fresh program: the snippet, then every earlier
/// entry that succeeded, then the new entry. Output before an `entry` message is
/// discarded, so the learner sees only what the new entry printed, while state
/// (`var g = Countdown(from: 3)`, then `g.next()`, then `g.next()`) carries over
/// because the earlier entries run again. This needs no long-lived process and
/// no debugger, and it behaves the same with the interpreter and the cache; the
/// cost is that earlier entries run again, so entries with outside effects
/// (time, randomness, reading input) may not replay identically.
///
/// **Shadowing.** Each entry runs inside its own `do {` block nested in the
/// previous one, so a later `var g = ...` shadows an earlier `g` (as in a REPL)
/// instead of being an "invalid redeclaration", and later entries see the
/// newest `g`. The entries before it still replay, so shared state they changed
/// stays changed. Extensions, protocols and imports cannot live in a block and
/// are placed at file scope instead.
///
/// **Expressions.** An entry that looks like a bare expression is run as
/// `__show(expression)`, which prints the value (strings quoted, as a REPL
/// shows them) and prints nothing for Void results such as `print(...)`. If
/// that does not compile, the entry is retried as a plain statement.
/// Entries that fail to compile, crash or time out are not kept.
package actor PromptSession {
    package enum Outcome: Sendable, Hashable {
        /// The entry ran: what it printed (times since it started) and how the program ended.
        case ran(output: [TimedLine], termination: Termination, crash: RuntimeCrash?)
        /// The entry did not compile (only errors are reported; it is not kept).
        case compileFailed([CompilerDiagnostic])
        /// The snippet or an earlier entry failed while being replayed, before
        /// the new entry ran (possible when they depend on time or input).
        case earlierCodeFailed(RunResult)
    }

    private let snippet: SnippetSource?
    private let runner: SnippetRunner
    private let limits: RunLimits
    private var entries: [PromptEntry] = []

    /// - Parameters:
    ///   - snippet: The current snippet, whose declarations are in scope (its output is hidden).
    ///   - runner: Supplies the toolchain.
    ///   - limits: Applied to each replay.
    package init(snippet: SnippetSource?, runner: SnippetRunner, limits: RunLimits = RunLimits()) {
        self.snippet = snippet
        self.runner = runner
        self.limits = limits
    }

    /// The entries kept so far, as typed.
    package var keptEntries: [String] { entries.map(\.text) }

    /// Forgets every entry (the snippet stays).
    package func reset() {
        entries = []
    }

    /// Runs one entry. Call one at a time: entries build on each other.
    package func evaluate(_ text: String) async throws -> Outcome {
        guard !PromptEntry.trimmed(text).isEmpty else {
            return .ran(output: [], termination: .exited(0), crash: nil)
        }
        var entry = PromptEntry.classify(text)
        var outcome = try await attempt(entry)
        if case .compileFailed = outcome, entry.kind == .expression {
            let statement = PromptEntry(text: text, kind: .statement)
            let retry = try await attempt(statement)
            if case .compileFailed = retry {
            } else {
                entry = statement
                outcome = retry
            }
        }
        if case .ran(_, let termination, _) = outcome, termination.isSuccess {
            entries.append(entry)
        }
        return outcome
    }

    /// Whether `text` has unclosed brackets, braces or parentheses (outside strings
    /// and comments), or an unfinished multi-line string or block comment, so the
    /// prompt should read another line before running it.
    package nonisolated static func needsContinuation(_ text: String) -> Bool {
        let scan = SwiftScanner.scan(text)
        return scan.finalDepth > 0 || scan.endsInsideLiteral
    }

    private func attempt(_ entry: PromptEntry) async throws -> Outcome {
        let program = Self.program(snippet: snippet, kept: entries, new: entry)
        let outcome = try await runner.execute(program, limits: limits, cacheInBackground: false)
        switch outcome {
        case .compileFailed(let diagnostics):
            return .compileFailed(Self.errorsOnly(diagnostics))
        case .ran(let result, _):
            guard let marker = result.controlMessages.first(where: { $0.message == .entryMark }) else {
                return .earlierCodeFailed(result)
            }
            var output: [TimedLine] = []
            for (index, line) in result.lines.enumerated() where index >= marker.lineIndex {
                var moved = line
                moved.elapsed = max(.zero, line.elapsed - marker.elapsed)
                output.append(moved)
            }
            return .ran(output: output, termination: result.termination, crash: RuntimeCrash.find(in: output))
        }
    }

    static func program(snippet: SnippetSource?, kept: [PromptEntry], new: PromptEntry) -> GeneratedProgram {
        var builder = ProgramBuilder()
        builder.addSupport(SupportCode.messages)
        builder.addSupport(SupportCode.prompt)
        if let snippet {
            builder.addUserCode(snippet, file: ProgramFactory.snippetFile, region: .snippet)
        }
        // Earlier entries compiled before; errors in them are consequences of the new one.
        for (index, entry) in kept.enumerated() where entry.kind == .fileScopeDeclaration {
            builder.addUserCode(SnippetSource(entry.text), file: "entry-\(index + 1).swift", region: .generated)
        }
        if new.kind == .fileScopeDeclaration {
            builder.addUserCode(SnippetSource(new.text), file: "entry.swift", region: .entry)
        }
        var opened = 0
        for (index, entry) in kept.enumerated() where entry.kind != .fileScopeDeclaration {
            builder.addGenerated("do {")
            opened += 1
            add(entry, file: "entry-\(index + 1).swift", region: .generated, to: &builder)
        }
        builder.addGenerated("__stepwiseSend(\"entry\")")
        if new.kind != .fileScopeDeclaration {
            builder.addGenerated("do {")
            opened += 1
            add(new, file: "entry.swift", region: .entry, to: &builder)
        }
        builder.addGenerated(String(repeating: "}\n", count: opened))
        return builder.build()
    }

    private static func add(
        _ entry: PromptEntry, file: String, region: CompilerDiagnostic.Region, to builder: inout ProgramBuilder
    ) {
        if entry.kind == .expression {
            // The closing parenthesis goes on its own line: the entry may end with a `//` comment.
            builder.addUserCode(SnippetSource(entry.text), file: file, region: region, prefix: "__show(", suffix: "\n)")
        } else {
            builder.addUserCode(SnippetSource(entry.text), file: file, region: region)
        }
    }

    /// Errors and their notes; warnings (such as "never mutated", common in a
    /// prompt) and notes attached to warnings are left out.
    static func errorsOnly(_ diagnostics: [CompilerDiagnostic]) -> [CompilerDiagnostic] {
        var kept: [CompilerDiagnostic] = []
        var keepingNotes = false
        for diagnostic in diagnostics {
            switch diagnostic.severity {
            case .error:
                kept.append(diagnostic)
                keepingNotes = true
            case .note:
                if keepingNotes { kept.append(diagnostic) }
            case .warning, .remark:
                keepingNotes = false
            }
        }
        return kept
    }
}
