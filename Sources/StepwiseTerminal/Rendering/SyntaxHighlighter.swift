import StepwiseSyntax

/// Colours source for display: Swift as swift-syntax reads it, Python with a small lexer of its
/// own. It only has to look right: it never decides anything about the program.
package struct SyntaxHighlighter: Sendable {
    package enum Language: Sendable {
        case swift
        case python
        case none
    }

    package var language: Language

    package init(language: Language) {
        self.language = language
    }

    static let keyword = TextStyle.colored(.magenta, bold: true)
    static let string = TextStyle.colored(.green)
    static let number = TextStyle.colored(.yellow)
    static let comment = TextStyle(isItalic: true, color: .cyan)
    static let type = TextStyle.colored(.blue)
    static let attribute = TextStyle.colored(.yellow)

    /// Each line of the source (split at `\n`) as kinds of text, every character kept.
    package func tokens(_ source: String) -> [[HighlightSpan]] {
        switch language {
        case .swift: Highlighter.lines(ofSwift: source)
        case .python: PythonLexer.lines(of: source)
        case .none: source.split(separator: "\n", omittingEmptySubsequences: false).map { [HighlightSpan(String($0), .plain)] }
        }
    }

    /// Each line in terminal styles.
    package func highlight(_ source: String) -> [[Span]] {
        tokens(source).map { line in line.map { Span($0.text, Self.style(for: $0.kind)) } }
    }

    package static func style(for kind: HighlightKind) -> TextStyle {
        switch kind {
        case .plain: .plain
        case .keyword: keyword
        case .string: string
        case .number: number
        case .comment: comment
        case .type: type
        case .attribute: attribute
        }
    }
}
