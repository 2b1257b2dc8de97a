import StepwiseCore
import SwiftParser
import SwiftSyntax
import Synchronization

/// The ``SnippetInstrumenter`` that rewrites snippets with swift-syntax (see
/// ``InstrumentTasks`` and ``InstrumentLines``).
package struct Instrumenter: SnippetInstrumenter {
    package init() {}

    /// Rewrites already made in this process, by kind and text. A learner runs the same snippet
    /// again and again, and parsing it took most of the tutor's own time per cached `run` (about
    /// 2 ms a run in the debug build learners use); the rewrite of a text never changes.
    private static let made = Mutex<[RewriteKey: InstrumentedSnippet?]>([:])

    private enum Kind: Hashable { case tasks, lines }

    private struct RewriteKey: Hashable {
        var kind: Kind
        var text: String
    }

    /// At most this many rewrites are kept; past it the memo starts again (a session's lessons
    /// have about a hundred snippets, each with a task and a line rewrite).
    private static let memoLimit = 512

    package func instrumentTasks(_ source: SnippetSource) -> InstrumentedSnippet? {
        Self.memoized(.tasks, source) { rewriteTasks(source) }
    }

    package func instrumentLines(_ source: SnippetSource) -> InstrumentedSnippet? {
        Self.memoized(.lines, source) { rewriteLines(source) }
    }

    private static func memoized(_ kind: Kind, _ source: SnippetSource, _ make: () -> InstrumentedSnippet?) -> InstrumentedSnippet? {
        let key = RewriteKey(kind: kind, text: source.compiledText)
        if let known = made.withLock({ $0[key] }) { return known }
        let rewritten = make()
        made.withLock { memo in
            if memo.count >= memoLimit { memo.removeAll() }
            memo[key] = .some(rewritten)
        }
        return rewritten
    }

    private func rewriteTasks(_ source: SnippetSource) -> InstrumentedSnippet? {
        rewrite(source) { tree in
            let visitor = InstrumentTasks(tree: tree)
            visitor.walk(tree)
            return (visitor.edits, InstrumentSupport.tasks, InstrumentSupport.tasksPrologue, InstrumentSupport.tasksEpilogue)
        }
    }

    /// A snippet without functions of its own still gets the recorder: its calls then ran
    /// none of its lines, which is worth saying.
    private func rewriteLines(_ source: SnippetSource) -> InstrumentedSnippet? {
        rewrite(source, allowsNoEdits: true) { tree in
            let visitor = InstrumentLines(tree: tree)
            visitor.walk(tree)
            return (visitor.edits, InstrumentSupport.lines(count: visitor.lineCount), InstrumentSupport.linesPrologue, "")
        }
    }

    /// Nil when there is nothing to record, when the snippet does not parse (the compiler's
    /// own message about it is better than one about rewritten text), or when the rewrite
    /// would not keep one line per line.
    private func rewrite(
        _ source: SnippetSource, allowsNoEdits: Bool = false, _ collect: (SourceFileSyntax) -> (InstrumentEdits, String, String, String)
    ) -> InstrumentedSnippet? {
        let text = source.compiledText
        let tree = Parser.parse(source: text)
        guard !tree.hasError else { return nil }
        let (edits, support, prologue, epilogue) = collect(tree)
        guard !edits.isEmpty || allowsNoEdits else { return nil }
        let lines = edits.apply(to: text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == source.lines.count else { return nil }
        return InstrumentedSnippet(lines: lines, support: support, prologue: prologue, epilogue: epilogue)
    }
}
