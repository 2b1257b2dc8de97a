/// The words after a code fence's opening backticks: a language, flags and `key=value` attributes.
package struct InfoString: Sendable, Equatable {
    package var language: String
    package var flags: [String]
    package var attributes: [String: String]
    /// Each word's column offset inside the info string, for pointing at a typo.
    package var offsets: [String: Int]

    package init(language: String, flags: [String] = [], attributes: [String: String] = [:], offsets: [String: Int] = [:]) {
        self.language = language
        self.flags = flags
        self.attributes = attributes
        self.offsets = offsets
    }

    /// Splits on whitespace; a value may be quoted with `"` to hold spaces.
    package init(parsing text: String) {
        var words: [(word: String, offset: Int)] = []
        var current = ""
        var start = 0
        var inQuotes = false
        for (index, character) in text.enumerated() {
            if character == "\"" {
                inQuotes.toggle()
                if current.isEmpty { start = index }
                continue
            }
            if character.isWhitespace && !inQuotes {
                if !current.isEmpty { words.append((current, start)) }
                current = ""
                continue
            }
            if current.isEmpty { start = index }
            current.append(character)
        }
        if !current.isEmpty { words.append((current, start)) }

        self.init(language: words.first?.word ?? "")
        for (word, offset) in words.dropFirst() {
            if let equals = word.firstIndex(of: "=") {
                let key = String(word[..<equals])
                attributes[key] = String(word[word.index(after: equals)...])
                offsets[key] = offset
            } else {
                flags.append(word)
                offsets[word] = offset
            }
        }
    }
}
