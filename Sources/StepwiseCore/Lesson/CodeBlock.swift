/// A fenced code block of a lesson, with the role its info string gives it.
package struct CodeBlock: Sendable, Equatable {
    package var info: InfoString
    package var role: CodeRole
    /// The block's text exactly as written, hidden `# ` lines included.
    package var code: String
    /// The opening fence.
    package var location: SourceLocation

    package init(info: InfoString, role: CodeRole, code: String, location: SourceLocation) {
        self.info = info
        self.role = role
        self.code = code
        self.location = location
    }

    /// What the learner sees: Swift blocks drop their hidden setup lines.
    package var visibleCode: String {
        guard case .swift = role else { return code }
        return code.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !CodeBlock.isHiddenLine($0) }
            .joined(separator: "\n")
    }

    /// `# setup` and a bare `#` are hidden; `#if` and other directives are not.
    package static func isHiddenLine(_ line: Substring) -> Bool {
        line == "#" || line.hasPrefix("# ")
    }

    /// Whether the tutor shows this block in the lesson text.
    package var isShownInText: Bool {
        switch role {
        case .swift(let swift): swift.kind != .checks && swift.kind != .solution
        case .hint, .differences, .steps: false
        case .output, .python, .display: true
        }
    }
}
