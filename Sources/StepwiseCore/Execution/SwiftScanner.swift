/// A small Swift lexer: enough to tell code from strings and comments.
///
/// The prompt needs to know whether brackets are balanced (to continue onto the
/// next line) and whether an entry is an expression, without a full parser.
/// Handled: `//` and nested `/* */` comments, string literals with escapes and
/// `\( ... )` interpolation (which is code again, possibly with nested
/// strings), multi-line `"""` strings, and raw strings (`#"..."#`).
struct SwiftScanner {
    /// One character of code (outside strings and comments).
    struct CodeCharacter {
        var character: Character
        /// Bracket depth before this character: `(`, `[`, `{` open; `)`, `]`, `}` close.
        var depth: Int
        /// Position in the scanned text.
        var offset: Int
    }

    struct Result {
        var code: [CodeCharacter] = []
        /// Depth at the end of the text (positive: unclosed brackets).
        var finalDepth = 0
        /// Whether the text ends inside a multi-line string literal or a block comment.
        var endsInsideLiteral = false
    }

    private enum Context {
        /// Code; `interpolation` is the depth at which a `)` returns to the enclosing string.
        case code(interpolationDepth: Int?)
        case string(multiline: Bool, hashes: Int)
        case blockComment(level: Int)
    }

    static func scan(_ text: String) -> Result {
        let characters = Array(text)
        var result = Result()
        var stack: [Context] = [.code(interpolationDepth: nil)]
        var depth = 0
        var index = 0

        func matches(_ literal: String, at position: Int) -> Bool {
            let needle = Array(literal)
            guard position + needle.count <= characters.count else { return false }
            return Array(characters[position..<(position + needle.count)]) == needle
        }

        while index < characters.count {
            let character = characters[index]
            switch stack[stack.count - 1] {
            case .code(let interpolationDepth):
                if matches("//", at: index) {
                    while index < characters.count && characters[index] != "\n" { index += 1 }
                    continue
                }
                if matches("/*", at: index) {
                    stack.append(.blockComment(level: 1))
                    index += 2
                    continue
                }
                // Raw strings: #"..."#, ##"..."##, and #"""...
                var hashes = 0
                while index + hashes < characters.count && characters[index + hashes] == "#" { hashes += 1 }
                if index + hashes < characters.count && characters[index + hashes] == "\"" {
                    let quoteStart = index + hashes
                    let multiline = matches("\"\"\"", at: quoteStart)
                    stack.append(.string(multiline: multiline, hashes: hashes))
                    index = quoteStart + (multiline ? 3 : 1)
                    continue
                }
                if character == ")" && interpolationDepth == depth - 1 {
                    // The end of `\( ... )`: back into the string.
                    depth -= 1
                    stack.removeLast()
                    index += 1
                    continue
                }
                result.code.append(CodeCharacter(character: character, depth: depth, offset: index))
                if "([{".contains(character) { depth += 1 }
                if ")]}".contains(character) { depth -= 1 }
                index += 1
            case .string(let multiline, let hashes):
                let terminator = (multiline ? "\"\"\"" : "\"") + String(repeating: "#", count: hashes)
                if matches(terminator, at: index) {
                    stack.removeLast()
                    index += terminator.count
                    continue
                }
                let escape = "\\" + String(repeating: "#", count: hashes)
                if matches(escape, at: index) {
                    let after = index + escape.count
                    if after < characters.count && characters[after] == "(" {
                        stack.append(.code(interpolationDepth: depth))
                        depth += 1
                        index = after + 1
                    } else {
                        index = after + 1
                    }
                    continue
                }
                if character == "\n" && !multiline {
                    // An unterminated single-line string ends at the line's end; the compiler will say so.
                    stack.removeLast()
                }
                index += 1
            case .blockComment(let level):
                if matches("*/", at: index) {
                    stack.removeLast()
                    if level > 1 { stack.append(.blockComment(level: level - 1)) }
                    index += 2
                } else if matches("/*", at: index) {
                    stack.removeLast()
                    stack.append(.blockComment(level: level + 1))
                    index += 2
                } else {
                    index += 1
                }
            }
        }
        result.finalDepth = depth
        // A single-line string cannot continue onto the next line, so only a
        // multi-line string or a block comment leaves the text unfinished.
        result.endsInsideLiteral = stack.contains { context in
            switch context {
            case .string(let multiline, _): return multiline
            case .blockComment: return true
            case .code: return false
            }
        }
        return result
    }
}
