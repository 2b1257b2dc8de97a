import StepwiseCore
import SwiftParser
import SwiftSyntax

/// The ``SnippetInstrumenter`` that rewrites snippets with swift-syntax (see
/// ``InstrumentTasks`` and ``InstrumentLines``).
package struct Instrumenter: SnippetInstrumenter {
    package init() {}

    package func instrumentTasks(_ source: SnippetSource) -> InstrumentedSnippet? {
        rewrite(source) { tree in
            let visitor = InstrumentTasks(tree: tree)
            visitor.walk(tree)
            return (visitor.edits, InstrumentSupport.tasks, InstrumentSupport.tasksPrologue, InstrumentSupport.tasksEpilogue)
        }
    }

    /// A snippet without functions of its own still gets the recorder: its calls then ran
    /// none of its lines, which is worth saying.
    package func instrumentLines(_ source: SnippetSource) -> InstrumentedSnippet? {
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
