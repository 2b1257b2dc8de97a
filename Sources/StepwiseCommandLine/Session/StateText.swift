/// An iterator's stored property as one readable line. Library iterators describe themselves
/// with their full generic types (`Swift.LazyFilterSequence<Swift.LazyMapSequence<…>>`), which
/// are longer than a window and say little to a learner; the module prefix goes, then the
/// innermost generic arguments become `<…>` until the line fits, so a cut never falls inside a
/// type name.
enum StateText {
    static func line(label: String, value: String, room: Int) -> String {
        let lead = "\(label) = "
        return lead + shortened(value, room: max(8, room - lead.count))
    }

    static func shortened(_ value: String, room: Int) -> String {
        var text = value.replacing(#/\bSwift\./#, with: "")
        while text.count > room, let inner = innermostGenericArguments(in: text) {
            text.replaceSubrange(inner, with: "…")
        }
        guard text.count > room else { return text }
        // Still too long (many fields): cut after the last separator that fits.
        let head = text.prefix(room - 1)
        if let cut = head.lastIndex(where: { ", (".contains($0) }), cut > head.startIndex {
            return String(text[...cut]).trimmingSuffix(" ") + "…"
        }
        return String(head) + "…"
    }

    /// The range between the `<` and `>` of the innermost generic argument list that is not
    /// already elided.
    private static func innermostGenericArguments(in text: String) -> Range<String.Index>? {
        var open: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "<" {
                open = index
            } else if character == ">", let start = open {
                let inside = text.index(after: start)..<index
                if text[inside] != "…", !text[inside].isEmpty { return inside }
                open = nil
            }
            index = text.index(after: index)
        }
        return nil
    }
}

extension String {
    fileprivate func trimmingSuffix(_ character: Character) -> String {
        var text = self
        while text.last == character { text.removeLast() }
        return text
    }
}
