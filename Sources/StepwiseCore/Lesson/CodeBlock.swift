/// A fenced code block of a lesson, with the role its info string gives it.
public struct CodeBlock: Sendable, Equatable {
    public var info: InfoString
    public var role: CodeRole
    /// The block's text exactly as written, hidden `# ` lines included.
    public var code: String
    /// The opening fence.
    public var location: SourceLocation

    public init(info: InfoString, role: CodeRole, code: String, location: SourceLocation) {
        self.info = info
        self.role = role
        self.code = code
        self.location = location
    }

    /// What the learner sees: Swift blocks drop their hidden setup lines.
    public var visibleCode: String {
        guard case .swift = role else { return code }
        return code.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !CodeBlock.isHiddenLine($0) }
            .joined(separator: "\n")
    }

    /// `# setup` and a bare `#` are hidden; `#if` and other directives are not.
    public static func isHiddenLine(_ line: Substring) -> Bool {
        line == "#" || line.hasPrefix("# ")
    }

    /// Whether the tutor shows this block in the lesson text.
    public var isShownInText: Bool {
        switch role {
        case .swift(let swift): swift.kind != .checks && swift.kind != .solution
        case .hint, .differences, .steps: false
        case .output, .python, .display: true
        }
    }
}
