extension CodeBlock {
    /// Where line `line`, column `column` of the compiled code sits in the lesson file.
    ///
    /// The fence is the block's line 0. Hidden lines lose their `# ` before compiling, so a
    /// column on one of them moves right by the marker's width. cmark strips the indentation of
    /// a block nested in a list, which comes back as the fence's own column.
    func fileLocation(line: Int, column: Int) -> SourceLocation {
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        var marker = 0
        if line >= 1, line <= lines.count, CodeBlock.isHiddenLine(lines[line - 1]) {
            marker = lines[line - 1] == "#" ? 1 : 2
        }
        return SourceLocation(
            file: location.file,
            line: location.line + max(line, 1),
            column: max(column, 1) + marker + (location.column - 1)
        )
    }

    /// The lines of the block with their line numbers in the lesson file, blank lines skipped.
    var numberedLines: [(line: Int, text: String)] {
        code.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { offset, text in
            text.allSatisfy(\.isWhitespace) ? nil : (location.line + 1 + offset, String(text))
        }
    }
}
