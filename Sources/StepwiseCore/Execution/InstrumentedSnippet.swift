/// A snippet rewritten to report what it does, and the support code its rewrite calls.
///
/// The rewrite keeps every line where it was (it only inserts text within lines), so
/// ``lines`` has one entry per program line of the snippet and compiler locations and crash
/// lines still name the snippet's own lines.
package struct InstrumentedSnippet: Sendable, Hashable {
    /// The rewritten program lines, one per line of the snippet's `compiledText`.
    package var lines: [String]
    /// Declarations the rewritten lines call, compiled in the support file.
    package var support: String
    /// Generated statements that run before the snippet's first line (such as starting the recorder).
    package var prologue: String
    /// Generated statements that run after the snippet's last line.
    package var epilogue: String

    package init(lines: [String], support: String, prologue: String = "", epilogue: String = "") {
        self.lines = lines
        self.support = support
        self.prologue = prologue
        self.epilogue = epilogue
    }
}

/// Rewrites snippets to record what they do; lives outside Core (it needs swift-syntax), so
/// the executor takes one when it is made.
package protocol SnippetInstrumenter: Sendable {
    /// The snippet with its tasks and awaits recorded, or nil when it has none or cannot be rewritten.
    func instrumentTasks(_ source: SnippetSource) -> InstrumentedSnippet?
    /// The snippet with a line-hit recorder call before each statement inside its functions,
    /// for stepping; nil when it cannot be rewritten.
    func instrumentLines(_ source: SnippetSource) -> InstrumentedSnippet?
}
