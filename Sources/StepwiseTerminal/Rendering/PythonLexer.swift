import StepwiseSyntax

/// A small lexer for the lessons' Python originals: keywords, strings (with `'`, `"` and
/// `"""`), numbers, `#` comments, capitalised names and decorators. Good enough to read by;
/// Python is only ever shown, never analysed.
enum PythonLexer {
    static let keywords: Set<String> = [
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except",
        "False", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "None", "nonlocal", "not",
        "or", "pass", "raise", "return", "True", "try", "while", "with", "yield",
    ]

    /// Each line of the source; a `"""` string carries over between lines.
    static func lines(of source: String) -> [[HighlightSpan]] {
        var inMultilineString = false
        return source.split(separator: "\n", omittingEmptySubsequences: false).map {
            line(String($0), inMultilineString: &inMultilineString)
        }
    }

    static func line(_ line: String, inMultilineString: inout Bool) -> [HighlightSpan] {
        let characters = Array(line)
        var spans: [HighlightSpan] = []
        var index = 0
        func emit(_ from: Int, _ to: Int, _ kind: HighlightKind) {
            guard to > from else { return }
            spans.append(HighlightSpan(String(characters[from..<to]), kind))
        }
        func starts(_ text: String, at position: Int) -> Bool {
            let needle = Array(text)
            return position + needle.count <= characters.count && Array(characters[position..<position + needle.count]) == needle
        }
        while index < characters.count {
            if inMultilineString {
                var end = index
                while end < characters.count, !starts("\"\"\"", at: end) { end += 1 }
                let close = min(end + 3, characters.count)
                emit(index, close, .string)
                if end < characters.count { inMultilineString = false }
                index = close
                continue
            }
            let character = characters[index]
            if character == "#" {
                emit(index, characters.count, .comment)
                break
            }
            if starts("\"\"\"", at: index) {
                emit(index, index + 3, .string)
                index += 3
                inMultilineString = true
                continue
            }
            if character == "\"" || character == "'" {
                var end = index + 1
                while end < characters.count, characters[end] != character {
                    end += characters[end] == "\\" ? 2 : 1
                }
                let close = min(end + 1, characters.count)
                emit(index, close, .string)
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
                emit(index, end, .number)
                index = end
                continue
            }
            if character.isLetter || character == "_" || character == "@" {
                var end = index + 1
                while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" {
                    end += 1
                }
                let word = String(characters[index..<end])
                let kind: HighlightKind =
                    if character == "@" {
                        .attribute
                    } else if keywords.contains(word) {
                        .keyword
                    } else if word.first?.isUppercase == true {
                        .type
                    } else {
                        .plain
                    }
                emit(index, end, kind)
                index = end
                continue
            }
            var end = index + 1
            while end < characters.count, !(characters[end].isLetter || characters[end].isNumber || "_\"'#@".contains(characters[end])) {
                end += 1
            }
            emit(index, end, .plain)
            index = end
        }
        return spans
    }
}
