/// A screenful of a lesson: the text under one `##` heading and its code blocks.
public struct Step: Sendable {
    public var title: String?
    /// What progress and edited copies are keyed by; the parser makes it unique in the lesson.
    public var key: StepKey
    public var location: SourceLocation
    /// Everything in the step, in order, code blocks included.
    public var blocks: [MarkdownBlock]

    /// `key` defaults to the heading's slug (``StepKey/untitled`` without a heading), which is
    /// unique only once ``LessonParser`` has numbered duplicates.
    public init(title: String?, key: StepKey? = nil, location: SourceLocation, blocks: [MarkdownBlock]) {
        self.title = title
        self.key = key ?? title.map(StepKey.init(slugging:)) ?? .untitled
        self.location = location
        self.blocks = blocks
    }

    /// Code blocks of the step, including those nested in lists and quotes.
    public var codeBlocks: [CodeBlock] {
        func collect(_ blocks: [MarkdownBlock]) -> [CodeBlock] {
            blocks.flatMap { block -> [CodeBlock] in
                switch block {
                case .code(let code): [code]
                case .list(_, _, let items): items.flatMap(collect)
                case .blockQuote(let inner): collect(inner)
                default: []
                }
            }
        }
        return collect(blocks)
    }

    /// Runnable Swift snippets with what the lesson states about each.
    public var snippets: [Snippet] {
        var result: [Snippet] = []
        for block in codeBlocks {
            switch block.role {
            case .swift(let options) where options.kind == .runnable:
                result.append(Snippet(block: block, options: options))
            case .output where !result.isEmpty:
                result[result.count - 1].expectedOutput = block
            case .steps where !result.isEmpty:
                result[result.count - 1].expectedSteps = block
            default:
                break
            }
        }
        return result
    }

    public var hints: [String] {
        codeBlocks.filter { $0.role == .hint }.map(\.code)
    }

    /// The Python original shown in this step, if any.
    public var python: CodeBlock? {
        codeBlocks.first { if case .python = $0.role { true } else { false } }
    }

    public var differences: CodeBlock? {
        codeBlocks.first { $0.role == .differences }
    }

    public var exercise: Exercise? {
        func block(_ kind: SwiftSnippet.Kind) -> CodeBlock? {
            codeBlocks.first { if case .swift(let options) = $0.role { options.kind == kind } else { false } }
        }
        guard let starter = block(.exercise) else { return nil }
        return Exercise(starter: starter, checks: block(.checks), solution: block(.solution), hints: hints)
    }
}

/// A runnable Swift block and the `output` / `steps` blocks that follow it.
public struct Snippet: Sendable {
    public var block: CodeBlock
    public var options: SwiftSnippet
    public var expectedOutput: CodeBlock?
    public var expectedSteps: CodeBlock?

    public init(block: CodeBlock, options: SwiftSnippet, expectedOutput: CodeBlock? = nil, expectedSteps: CodeBlock? = nil) {
        self.block = block
        self.options = options
        self.expectedOutput = expectedOutput
        self.expectedSteps = expectedSteps
    }
}

/// Starter code, hidden checks and a reference solution.
public struct Exercise: Sendable {
    public var starter: CodeBlock
    public var checks: CodeBlock?
    public var solution: CodeBlock?
    public var hints: [String]
}
