import SwiftIDEUtils
import SwiftSyntax

/// Colours Swift from swift-syntax's classifications, so a string, a comment or an
/// interpolation ends exactly where the compiler ends it.
package enum Highlighter {
    static let memo = HighlightMemo()

    /// The source split at each `\n`, each line as spans that keep every character.
    package static func lines(ofSwift text: String) -> [[HighlightSpan]] {
        memo.lines(of: text, classified)
    }

    static func classified(_ text: String) -> [[HighlightSpan]] {
        let source = SwiftSource(text)
        let bytes = Array(text.utf8)
        var kinds = [HighlightKind](repeating: .plain, count: bytes.count)
        func paint(_ range: Range<AbsolutePosition>, _ kind: HighlightKind) {
            let lower = max(0, range.lowerBound.utf8Offset)
            let upper = min(bytes.count, range.upperBound.utf8Offset)
            guard lower < upper else { return }
            for index in lower..<upper { kinds[index] = kind }
        }
        for classified in source.tree.classifications {
            let start = classified.range.lowerBound.utf8Offset
            let startsUppercase = start < bytes.count && (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[start])
            paint(classified.range, kind(of: classified.kind, startsUppercase: startsUppercase))
        }
        let delimiters = DelimiterFinder(viewMode: .sourceAccurate)
        delimiters.walk(source.tree)
        for (range, kind) in delimiters.found { paint(range, kind) }
        return split(bytes, kinds)
    }

    static func kind(of classification: SyntaxClassification, startsUppercase: Bool) -> HighlightKind {
        switch classification {
        case .keyword: .keyword
        case .stringLiteral, .regexLiteral: .string
        case .integerLiteral, .floatLiteral: .number
        case .lineComment, .blockComment, .docLineComment, .docBlockComment: .comment
        case .type: .type
        case .attribute, .ifConfigDirective: .attribute
        // The parser cannot tell `MyGenerator()` from a call of a function; Swift's naming
        // convention can, and a type is what a learner expects to see coloured as one.
        case .identifier: startsUppercase ? .type : .plain
        case .dollarIdentifier, .editorPlaceholder, .none, .operator, .argumentLabel: .plain
        }
    }

    static func split(_ bytes: [UInt8], _ kinds: [HighlightKind]) -> [[HighlightSpan]] {
        var lines: [[HighlightSpan]] = []
        var line: [HighlightSpan] = []
        var runStart = 0
        func closeRun(at end: Int) {
            guard end > runStart else { return }
            line.append(HighlightSpan(String(decoding: bytes[runStart..<end], as: UTF8.self), kinds[runStart]))
        }
        for index in bytes.indices {
            if bytes[index] == UInt8(ascii: "\n") {
                closeRun(at: index)
                lines.append(line)
                line = []
                runStart = index + 1
            } else if index > runStart, kinds[index] != kinds[runStart] {
                closeRun(at: index)
                runStart = index
            }
        }
        closeRun(at: bytes.count)
        lines.append(line)
        return lines
    }
}

/// The tokens the classifier leaves uncoloured that a reader sees as part of something coloured:
/// a raw string's `#`s and an interpolation's `\(` and `)` belong to the string, a macro's `#`
/// and name to the `#` words.
private final class DelimiterFinder: SyntaxVisitor {
    var found: [(Range<AbsolutePosition>, HighlightKind)] = []

    func mark(_ tokens: TokenSyntax?..., as kind: HighlightKind) {
        for case let token? in tokens where token.presence == .present {
            found.append((token.positionAfterSkippingLeadingTrivia..<token.endPositionBeforeTrailingTrivia, kind))
        }
    }

    override func visit(_ node: StringLiteralExprSyntax) -> SyntaxVisitorContinueKind {
        mark(node.openingPounds, node.closingPounds, as: .string)
        return .visitChildren
    }

    override func visit(_ node: ExpressionSegmentSyntax) -> SyntaxVisitorContinueKind {
        mark(node.backslash, node.pounds, node.leftParen, node.rightParen, as: .string)
        return .visitChildren
    }

    override func visit(_ node: MacroExpansionExprSyntax) -> SyntaxVisitorContinueKind {
        mark(node.pound, node.macroName, as: .attribute)
        return .visitChildren
    }

    override func visit(_ node: MacroExpansionDeclSyntax) -> SyntaxVisitorContinueKind {
        mark(node.pound, node.macroName, as: .attribute)
        return .visitChildren
    }
}
