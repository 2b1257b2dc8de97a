/// A run of text in one style.
public struct Span: Sendable, Hashable {
    public var text: String
    public var style: TextStyle

    public init(_ text: String, _ style: TextStyle = .plain) {
        self.text = text
        self.style = style
    }
}

/// Lines of styled spans: what the renderer produces and the console prints.
public struct StyledText: Sendable, Hashable {
    public var lines: [[Span]]

    public init(lines: [[Span]] = []) {
        self.lines = lines
    }

    public init(plain text: String, style: TextStyle = .plain) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { [Span(String($0), style)] }
    }

    public mutating func append(_ line: [Span]) {
        lines.append(line)
    }

    public mutating func append(_ other: StyledText) {
        lines += other.lines
    }

    public mutating func appendBlankLine() {
        if let last = lines.last, last.isEmpty || last.allSatisfy({ $0.text.isEmpty }) { return }
        if lines.isEmpty { return }
        lines.append([])
    }

    /// The text with ANSI styling, or none when colour is off.
    public func rendered(color: Bool) -> String {
        lines.map { line in
            line.coalesced().map { span in
                guard color else { return span.text }
                let escape = span.style.escape
                return escape.isEmpty || span.text.isEmpty ? span.text : escape + span.text + "\u{1B}[0m"
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

    /// Columns taken on screen (one per character; good enough for the lessons' text).
    var width: Int { reduce(0) { $0 + $1.text.count } }
}
