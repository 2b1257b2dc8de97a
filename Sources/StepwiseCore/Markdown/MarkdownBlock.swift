/// A block of a parsed Markdown document, detached from the C parser so it can be
/// stored, compared in tests and rendered anywhere.
package indirect enum MarkdownBlock: Sendable, Equatable {
    case heading(level: Int, content: [MarkdownInline], line: Int)
    case paragraph([MarkdownInline])
    case list(ordered: Bool, start: Int, items: [[MarkdownBlock]])
    case blockQuote([MarkdownBlock])
    case code(CodeBlock)
    case thematicBreak
    case html(String)
}
