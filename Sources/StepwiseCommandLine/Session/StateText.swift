/// An iterator's stored property as one readable line. Library iterators describe themselves
/// with their full generic types (`Swift.LazyFilterSequence<Swift.LazyMapSequence<…>>`), which
/// are longer than a window and say little to a learner; the module prefix goes, then the
/// innermost generic arguments become `<…>`, then collections' contents `[…]`, until the line
/// fits. What is still too long is wrapped between words when printed, never cut inside a name
/// (only a description of several lines' worth loses its tail).
enum StateText {
    static func line(label: String, value: String, room: Int) -> String {
        let lead = "\(label) = "
        return lead + shortened(value, room: max(8, room - lead.count))
    }

    /// Stand for elided pairs while shortening, so that the next innermost pair can be found.
    private static let elided: [(opening: Character, closing: Character, placeholder: String, shown: String)] = [
        ("<", ">", "\u{1}", "<…>"), ("[", "]", "\u{2}", "[…]"),
    ]

    private static func restored(_ text: String) -> String {
        elided.reduce(text) { $0.replacing($1.placeholder, with: $1.shown) }
    }

    static func shortened(_ value: String, room: Int) -> String {
        var text = value.replacing(#/\bSwift\./#, with: "")
        for pair in elided {
            while restored(text).count > room, let range = innermost(in: text, from: pair.opening, to: pair.closing) {
                text.replaceSubrange(range, with: pair.placeholder)
            }
        }
        text = restored(text)
        let most = room * 3
        guard text.count > most else { return text }
        let head = text.prefix(most - 1)
        if let cut = head.lastIndex(where: { ", (".contains($0) }), cut > head.startIndex {
            return String(text[..<cut]) + "…"
        }
        return String(head) + "…"
    }

    /// The range of the first pair of `opening` and `closing` with no other pair inside.
    private static func innermost(in text: String, from opening: Character, to closing: Character) -> Range<String.Index>? {
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == opening {
                start = index
            } else if character == closing, let start {
                return start..<text.index(after: index)
            }
            index = text.index(after: index)
        }
        return nil
    }
}
