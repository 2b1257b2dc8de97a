extension CodeBlock {
    /// The code the compiler sees: hidden `# ` lines keep their place but lose the marker, so
    /// line N of the compiled code is line N of the block.
    var compiledCode: String {
        code.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in
                guard CodeBlock.isHiddenLine(line) else { return String(line) }
                return String(line.dropFirst(line == "#" ? 1 : 2))
            }
            .joined(separator: "\n")
    }
}
