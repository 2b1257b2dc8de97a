/// The names a Swift `main.swift` declares with `var` or `let` at top level.
///
/// This is a small lexer, not a parser: it tracks brace depth while skipping comments and
/// string literals (interpolations included), which is all `step=NAME` needs to know
/// whether `NAME` is a top-level variable. It runs without a compiler, so the check works
/// (and is instant) even where no toolchain is installed.
package struct TopLevelDeclarations: Sendable, Equatable {
    package struct Variable: Sendable, Equatable {
        package var name: String
        /// 1-based line in the scanned source.
        package var line: Int
    }

    /// Declared names, in source order.
    package var variables: [Variable]

    package var names: [String] { variables.map(\.name) }

    package func declares(_ name: String) -> Bool {
        variables.contains { $0.name == name }
    }

    package init(scanning source: String) {
        var scanner = Scanner(Array(source.unicodeScalars))
        variables = scanner.topLevelVariables()
    }
}

private struct Scanner {
    let scalars: [Unicode.Scalar]
    var index = 0
    var line = 1

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    mutating func advance() {
        if scalars[index] == "\n" { line += 1 }
        index += 1
    }

    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic
    }

    static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || scalar.properties.numericType != nil
    }

    mutating func topLevelVariables() -> [TopLevelDeclarations.Variable] {
        var found: [TopLevelDeclarations.Variable] = []
        var depth = 0
        // Set after a top-level `var`/`let`; the next identifier is the declared name.
        var expectingName = false
        while let scalar = peek() {
            if skipTrivia() { continue }
            switch scalar {
            case "{":
                depth += 1
                expectingName = false
                advance()
            case "}":
                depth = max(0, depth - 1)
                advance()
            case "\"":
                skipString()
                expectingName = false
            case "#" where isRawStringStart():
                skipString()
                expectingName = false
            case "`":
                // `name` in backticks is an ordinary identifier.
                advance()
                let word = identifier()
                if peek() == "`" { advance() }
                if expectingName, depth == 0 { found.append(.init(name: word, line: line)) }
                expectingName = false
            case let start where Self.isIdentifierStart(start):
                let wordLine = line
                let word = identifier()
                if depth == 0, expectingName {
                    found.append(.init(name: word, line: wordLine))
                    expectingName = false
                } else if depth == 0, word == "var" || word == "let" {
                    expectingName = true
                } else {
                    expectingName = false
                }
            default:
                expectingName = false
                advance()
            }
        }
        return found
    }

    mutating func identifier() -> String {
        var word = ""
        while let scalar = peek(), Self.isIdentifierPart(scalar) {
            word.unicodeScalars.append(scalar)
            advance()
        }
        return word
    }

    /// Skips whitespace and comments; returns whether it skipped anything.
    mutating func skipTrivia() -> Bool {
        guard let scalar = peek() else { return false }
        if scalar.properties.isWhitespace {
            advance()
            return true
        }
        if scalar == "/", peek(1) == "/" {
            while let next = peek(), next != "\n" { advance() }
            return true
        }
        if scalar == "/", peek(1) == "*" {
            // Swift block comments nest.
            var nesting = 0
            while let next = peek() {
                if next == "/", peek(1) == "*" {
                    nesting += 1
                    advance()
                } else if next == "*", peek(1) == "/" {
                    nesting -= 1
                    advance()
                    if nesting == 0 {
                        advance()
                        break
                    }
                }
                advance()
            }
            return true
        }
        return false
    }

    func isRawStringStart() -> Bool {
        var offset = 0
        while peek(offset) == "#" { offset += 1 }
        return peek(offset) == "\""
    }

    /// Skips a string literal of any form: `"…"`, `"""…"""`, `#"…"#`, with interpolations.
    mutating func skipString() {
        var hashes = 0
        while peek() == "#" {
            hashes += 1
            advance()
        }
        let isMultiline = peek() == "\"" && peek(1) == "\"" && peek(2) == "\""
        for _ in 0..<(isMultiline ? 3 : 1) where peek() != nil { advance() }
        let escape = "\\" + String(repeating: "#", count: hashes)
        while let scalar = peek() {
            if scalar == "\n", !isMultiline { return }
            if matches(escape) {
                for _ in 0..<escape.unicodeScalars.count { advance() }
                if peek() == "(" {
                    skipInterpolation()
                } else if peek() != nil {
                    advance()
                }
                continue
            }
            if scalar == "\"" {
                let closing = (isMultiline ? "\"\"\"" : "\"") + String(repeating: "#", count: hashes)
                if matches(closing) {
                    for _ in 0..<closing.unicodeScalars.count { advance() }
                    return
                }
            }
            advance()
        }
    }

    /// Skips `( … )` of an interpolation, which may itself hold strings with parentheses.
    mutating func skipInterpolation() {
        var parentheses = 0
        while let scalar = peek() {
            if skipTrivia() { continue }
            if scalar == "\"" || (scalar == "#" && isRawStringStart()) {
                skipString()
                continue
            }
            advance()
            if scalar == "(" { parentheses += 1 }
            if scalar == ")" {
                parentheses -= 1
                if parentheses == 0 { return }
            }
        }
    }

    func matches(_ text: String) -> Bool {
        for (offset, scalar) in text.unicodeScalars.enumerated() where peek(offset) != scalar {
            return false
        }
        return true
    }
}
