import SwiftSyntax

/// Text inserted into a snippet at byte offsets: an instrumenting rewrite only ever adds
/// text within a line, never removes any and never adds a line break, so every original
/// token keeps its line and the compiler's locations still name the snippet's lines.
struct InstrumentEdits {
    private struct Insertion {
        var offset: Int
        var text: String
        /// At the same offset, closing text goes before opening text: `f(a) )` then `__g(`.
        var isClosing: Bool
        var order: Int
    }

    private var insertions: [Insertion] = []

    var isEmpty: Bool { insertions.isEmpty }

    mutating func insert(_ text: String, at position: AbsolutePosition, closing: Bool = false) {
        precondition(!text.contains("\n"), "an instrumenting insertion must stay on its line")
        insertions.append(Insertion(offset: position.utf8Offset, text: text, isClosing: closing, order: insertions.count))
    }

    /// The text with every insertion applied.
    func apply(to text: String) -> String {
        let bytes = Array(text.utf8)
        let sorted = insertions.sorted {
            if $0.offset != $1.offset { return $0.offset < $1.offset }
            if $0.isClosing != $1.isClosing { return $0.isClosing }
            // Closers nest inside out (the inner expression's `)` first); openers in the order made.
            return $0.isClosing ? $0.order > $1.order : $0.order < $1.order
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + sorted.reduce(0) { $0 + $1.text.utf8.count })
        var cursor = 0
        for insertion in sorted {
            let offset = Swift.min(Swift.max(insertion.offset, cursor), bytes.count)
            output += bytes[cursor..<offset]
            output += Array(insertion.text.utf8)
            cursor = offset
        }
        output += bytes[cursor...]
        return String(decoding: output, as: UTF8.self)
    }
}
