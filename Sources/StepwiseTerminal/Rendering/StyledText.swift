import StepwiseCore

/// A run of text in one style.
package struct Span: Sendable, Hashable {
    package var text: String
    package var style: TextStyle

    package init(_ text: String, _ style: TextStyle = .plain) {
        self.text = text
        self.style = style
    }
}

/// Lines of styled spans: what the renderer produces and the console prints.
package struct StyledText: Sendable, Hashable {
    package var lines: [[Span]]

    package init(lines: [[Span]] = []) {
        self.lines = lines
    }

    package init(plain text: String, style: TextStyle = .plain) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { [Span(String($0), style)] }
    }

    package mutating func append(_ line: [Span]) {
        lines.append(line)
    }

    package mutating func append(_ other: StyledText) {
        lines += other.lines
    }

    package mutating func appendBlankLine() {
        if let last = lines.last, last.isEmpty || last.allSatisfy({ $0.text.isEmpty }) { return }
        if lines.isEmpty { return }
        lines.append([])
    }

    /// The bytes for a terminal: each span's text made visible (``VisibleText``), with ANSI
    /// styling around it, or none when colour is off.
    ///
    /// This is where text becomes terminal output: a span's text may come from a lesson file, a
    /// snippet or the compiler, so none of it reaches the terminal as it is. The only escape
    /// codes in the result are the styles'.
    package func rendered(color: Bool) -> String {
        lines.map { line in
            line.coalesced().map { span in
                let text = VisibleText.terminal(span.text)
                guard color else { return text }
                let escape = span.style.escape
                return escape.isEmpty || text.isEmpty ? text : escape + text + "\u{1B}[0m"
            }.joined()
        }.joined(separator: "\n")
    }
}

extension [Span] {
    /// Neighbouring spans of one style become one, so each styled run costs one escape pair.
    func coalesced() -> [Span] {
        var result: [Span] = []
        for span in self where !span.text.isEmpty {
            if let last = result.last, last.style == span.style {
                result[result.count - 1].text += span.text
            } else {
                result.append(span)
            }
        }
        return result
    }

    /// Columns taken on screen.
    var width: Int { Wrapping.columns(of: self) }
}
