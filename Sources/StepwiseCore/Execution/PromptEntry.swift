/// One piece of Swift typed at the prompt, classified for the program that runs it.
struct PromptEntry: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// A bare expression: its value is shown (`__show(...)`).
        case expression
        /// A statement or local declaration: run as written.
        case statement
        /// A declaration that must live at file scope (extension, protocol, import, operator).
        case fileScopeDeclaration
    }

    var text: String
    var kind: Kind

    /// Words that start a statement or declaration rather than an expression.
    static let statementKeywords: Set<String> = [
        "let", "var", "func", "struct", "class", "enum", "actor", "typealias", "for", "while", "if", "guard",
        "switch", "repeat", "do", "return", "throw", "defer", "break", "continue", "final", "private",
        "fileprivate", "internal", "public", "open", "static", "indirect", "nonisolated", "lazy", "weak",
        "unowned", "mutating", "convenience", "required", "override", "subscript", "init", "deinit",
        "case", "default", "fallthrough",
    ]
    static let fileScopeKeywords: Set<String> = [
        "extension", "protocol", "import", "precedencegroup", "operator", "prefix", "infix", "postfix", "macro",
    ]

    /// Classifies an entry. Heuristic by design: an expression misread as a
    /// statement merely prints nothing, and the prompt retries a failed
    /// expression as a statement.
    static func classify(_ text: String) -> PromptEntry {
        let trimmed = trimmed(text)
        let firstWord = String(trimmed.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        if fileScopeKeywords.contains(firstWord) {
            return PromptEntry(text: text, kind: .fileScopeDeclaration)
        }
        if statementKeywords.contains(firstWord) || trimmed.hasPrefix("@") || trimmed.hasPrefix("#") {
            return PromptEntry(text: text, kind: .statement)
        }
        let scan = SwiftScanner.scan(text)
        let topLevel = scan.code.filter { $0.depth == 0 }
        // Several statements (on separate lines or with `;`) are run as written.
        if topLevel.contains(where: { $0.character == ";" }) || trimmed.contains("\n") {
            return PromptEntry(text: text, kind: .statement)
        }
        if containsAssignment(topLevel.map(\.character)) {
            return PromptEntry(text: text, kind: .statement)
        }
        return PromptEntry(text: text, kind: .expression)
    }

    /// Whether top-level code has `=` or a compound assignment (`+=`, `<<=`, ...),
    /// as opposed to comparisons (`==`, `!=`, `<=`, `>=`, `===`) and arrows.
    static func containsAssignment(_ code: [Character]) -> Bool {
        for (index, character) in code.enumerated() where character == "=" {
            let next = index + 1 < code.count ? code[index + 1] : " "
            let previous = index > 0 ? code[index - 1] : " "
            let beforePrevious = index > 1 ? code[index - 2] : " "
            if next == "=" || previous == "=" { continue }  // ==, ===
            if previous == "!" { continue }  // !=, !==
            if previous == "<" || previous == ">" {
                // <<= and >>= assign; <= and >= compare.
                if beforePrevious == previous { return true }
                continue
            }
            if next == ">" { continue }  // =>
            return true
        }
        return false
    }

    static func trimmed(_ text: String) -> Substring {
        let start = text.firstIndex { !$0.isWhitespace } ?? text.endIndex
        let end = text.lastIndex { !$0.isWhitespace }.map { text.index(after: $0) } ?? start
        return text[start..<max(start, end)]
    }
}
