/// A small lexer that colours Swift and Python source for display. It only has to look right:
/// it never decides anything about the program.
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

    static let swiftKeywords: Set<String> = [
        "actor", "as", "associatedtype", "async", "await", "break", "case", "catch", "class", "continue", "default",
        "defer", "deinit", "do", "else", "enum", "extension", "fallthrough", "false", "fileprivate", "final", "for",
        "func", "guard", "if", "import", "in", "init", "inout", "internal", "is", "lazy", "let", "mutating", "nil",
        "nonisolated", "open", "operator", "override", "private", "protocol", "public", "repeat", "rethrows", "return",
        "self", "Self", "some", "any", "static", "struct", "subscript", "super", "switch", "throw", "throws", "true",
        "try", "typealias", "var", "where", "while", "sending", "consuming", "borrowing",
    ]

    static let pythonKeywords: Set<String> = [
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except",
        "False", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "None", "nonlocal", "not",
        "or", "pass", "raise", "return", "True", "try", "while", "with", "yield",
    ]

    static let keyword = TextStyle.colored(.magenta, bold: true)
    static let string = TextStyle.colored(.green)
    static let number = TextStyle.colored(.yellow)
    static let comment = TextStyle(isItalic: true, color: .cyan)
    static let type = TextStyle.colored(.blue)
    static let attribute = TextStyle.colored(.yellow)

    /// Colours each line; multi-line comments and strings carry over between lines.
    package func highlight(_ source: String) -> [[Span]] {
        var inBlockComment = false
        var inMultilineString = false
        return source.split(separator: "\n", omittingEmptySubsequences: false).map {
            highlight(line: String($0), inBlockComment: &inBlockComment, inMultilineString: &inMultilineString)
        }
    }

    func highlight(line: String, inBlockComment: inout Bool, inMultilineString: inout Bool) -> [Span] {
        guard language != .none else { return [Span(line)] }
        let characters = Array(line)
        var spans: [Span] = []
        var index = 0
        func emit(_ from: Int, _ to: Int, _ style: TextStyle) {
            guard to > from else { return }
            spans.append(Span(String(characters[from..<to]), style))
        }
        func starts(_ text: String, at position: Int) -> Bool {
            let needle = Array(text)
            return position + needle.count <= characters.count && Array(characters[position..<position + needle.count]) == needle
        }
        let lineComment = language == .swift ? "//" : "#"
        let keywords = language == .swift ? Self.swiftKeywords : Self.pythonKeywords

        while index < characters.count {
            if inBlockComment {
                var end = index
                while end < characters.count, !starts("*/", at: end) { end += 1 }
                let close = min(end + 2, characters.count)
                emit(index, close, Self.comment)
                if end < characters.count { inBlockComment = false }
                index = close
                continue
            }
            if inMultilineString {
                let quote = language == .swift ? "\"\"\"" : "\"\"\""
                var end = index
                while end < characters.count, !starts(quote, at: end) { end += 1 }
                let close = min(end + 3, characters.count)
                emit(index, close, Self.string)
                if end < characters.count { inMultilineString = false }
                index = close
                continue
            }
            let character = characters[index]
            if starts(lineComment, at: index) {
                emit(index, characters.count, Self.comment)
                break
            }
            if language == .swift, starts("/*", at: index) {
                inBlockComment = true
                continue
            }
            if starts("\"\"\"", at: index) {
                emit(index, index + 3, Self.string)
                index += 3
                inMultilineString = true
                continue
            }
            if character == "\"" || (language == .python && character == "'") {
                var end = index + 1
                while end < characters.count, characters[end] != character {
                    end += characters[end] == "\\" ? 2 : 1
                }
                let close = min(end + 1, characters.count)
                emit(index, close, Self.string)
                index = close
                continue
            }
            if character.isNumber {
                var end = index
                while end < characters.count,
                    characters[end].isNumber || characters[end] == "_"
                        || characters[end] == "." && end + 1 < characters.count && characters[end + 1].isNumber
                {
                    end += 1
                }
                emit(index, end, Self.number)
                index = end
                continue
            }
            if character.isLetter || character == "_" || ((character == "@" || character == "#") && language == .swift) {
                var end = index + 1
                while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" {
                    end += 1
                }
                let word = String(characters[index..<end])
                let style: TextStyle
                if character == "@" || character == "#" || (language == .python && character == "@") {
                    style = Self.attribute
                } else if keywords.contains(word) {
                    style = Self.keyword
                } else if word.first?.isUppercase == true {
                    style = Self.type
                } else {
                    style = .plain
                }
                emit(index, end, style)
                index = end
                continue
            }
            var end = index + 1
            while end < characters.count, !(characters[end].isLetter || characters[end].isNumber || "_\"'#/@".contains(characters[end])) {
                end += 1
            }
            emit(index, end, .plain)
            index = end
        }
        return spans
    }
}
