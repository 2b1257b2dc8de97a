/// A screenful of a lesson: the text under one `##` heading and its code blocks.
package struct Step: Sendable {
    package var title: String?
    /// What progress and edited copies are keyed by; the parser makes it unique in the lesson.
    package var key: StepKey
    package var location: SourceLocation
    /// Everything in the step, in order, code blocks included.
    package var blocks: [MarkdownBlock]

    /// `key` defaults to the heading's slug (``StepKey/untitled`` without a heading), which is
    /// unique only once ``LessonParser`` has numbered duplicates.
    package init(title: String?, key: StepKey? = nil, location: SourceLocation, blocks: [MarkdownBlock]) {
        self.title = title
        self.key = key ?? title.map(StepKey.init(slugging:)) ?? .untitled
        self.location = location
        self.blocks = blocks
    }

    /// Code blocks of the step, including those nested in lists and quotes.
    package var codeBlocks: [CodeBlock] {
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
    package var snippets: [Snippet] {
        var result: [Snippet] = []
        for block in codeBlocks {
            switch block.role {
            case .swift(let options) where options.kind == .runnable:
                result.append(Snippet(block: block, options: options))
            case .output where !result.isEmpty:
                result[result.count - 1].expectedOutputs.append(block)
            case .steps where !result.isEmpty:
                result[result.count - 1].expectedSteps = block
            default:
                break
            }
        }
        return result
    }

    package var hints: [String] {
        codeBlocks.filter { $0.role == .hint }.map(\.code)
    }

    /// The Python original shown in this step, if any.
    package var python: CodeBlock? {
        codeBlocks.first { if case .python = $0.role { true } else { false } }
    }

    package var differences: CodeBlock? {
        codeBlocks.first { $0.role == .differences }
    }

    package var exercise: Exercise? {
        func block(_ kind: SwiftSnippet.Kind) -> CodeBlock? {
            codeBlocks.first { if case .swift(let options) = $0.role { options.kind == kind } else { false } }
        }
        guard let starter = block(.exercise) else { return nil }
        return Exercise(starter: starter, checks: block(.checks), solution: block(.solution), hints: hints)
    }
}

/// A runnable Swift block and the `output` / `steps` blocks that follow it.
package struct Snippet: Sendable {
    package var block: CodeBlock
    package var options: SwiftSnippet
    /// Every `output` block after it (before the next snippet); `stepwise check` checks each.
    package var expectedOutputs: [CodeBlock]
    package var expectedSteps: CodeBlock?

    /// The last `output` block: the one a prediction's answer shows.
    package var expectedOutput: CodeBlock? {
        get { expectedOutputs.last }
        set { expectedOutputs = newValue.map { [$0] } ?? [] }
    }

    package init(block: CodeBlock, options: SwiftSnippet, expectedOutput: CodeBlock? = nil, expectedSteps: CodeBlock? = nil) {
        self.block = block
        self.options = options
        self.expectedOutputs = expectedOutput.map { [$0] } ?? []
        self.expectedSteps = expectedSteps
    }
}

/// Starter code, hidden checks and a reference solution.
package struct Exercise: Sendable {
    package var starter: CodeBlock
    package var checks: CodeBlock?
    package var solution: CodeBlock?
    package var hints: [String]
}
