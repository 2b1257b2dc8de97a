/// A run of text of one ``HighlightKind``, never across a line break.
package struct HighlightSpan: Sendable, Equatable {
    package var text: String
    package var kind: HighlightKind

    package init(_ text: String, _ kind: HighlightKind) {
        self.text = text
        self.kind = kind
    }
}
