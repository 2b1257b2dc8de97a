import SwiftParser
import SwiftSyntax

/// A piece of Swift parsed once by swift-syntax's parser, the same parser the compiler uses,
/// so every reader in this module agrees with the compiler on what the text is.
package struct SwiftSource: Sendable {
    package let text: String
    package let tree: SourceFileSyntax

    package init(_ text: String) {
        self.text = text
        self.tree = Parser.parse(source: text)
    }

    /// The 1-based line of a position in `text`.
    package func line(of position: AbsolutePosition) -> Int {
        SourceLocationConverter(fileName: "snippet.swift", tree: tree).location(for: position).line
    }
}
