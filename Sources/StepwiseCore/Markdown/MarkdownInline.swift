/// Inline content of a paragraph or heading.
package indirect enum MarkdownInline: Sendable, Equatable {
    case text(String)
    case code(String)
    case emphasis([MarkdownInline])
    case strong([MarkdownInline])
    case link(content: [MarkdownInline], destination: String)
    case image(alt: [MarkdownInline], source: String)
    case softBreak
    case lineBreak
    case html(String)

    /// The text a reader would see, without any styling.
    package var plainText: String {
        switch self {
        case .text(let text), .code(let text): text
        case .emphasis(let inlines), .strong(let inlines): inlines.plainText
        case .link(let content, _): content.plainText
        case .image(let alt, _): alt.plainText
        case .softBreak: " "
        case .lineBreak: "\n"
        case .html: ""
        }
    }
}

extension [MarkdownInline] {
    package var plainText: String { map(\.plainText).joined() }
}
