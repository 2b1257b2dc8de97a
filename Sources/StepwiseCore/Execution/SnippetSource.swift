/// The text of a runnable Swift code block, split into what the learner sees
/// and what the compiler gets.
///
/// A line starting with `# ` (hash, space) or a line that is exactly `#` is a
/// hidden line: it is compiled without its marker but never shown. Swift
/// directives such as `#if` have no space after the hash, so they stay visible.
///
/// Line numbers come in three kinds, all 1-based:
/// - *raw* lines count every line of the block as written in the lesson;
/// - *program* lines count the lines of `compiledText`, which has exactly one
///   line per raw line (so a program line equals its raw line);
/// - *visible* lines count only the lines the learner sees.
package struct SnippetSource: Sendable, Hashable {
    /// One line of the block.
    package struct Line: Sendable, Hashable {
        /// The line with any hidden-line marker removed.
        package var text: String
        /// Whether the line is hidden setup.
        package var isHidden: Bool
    }

    /// The block's text exactly as written in the lesson.
    package let rawText: String
    /// Every line of the block, in order.
    package let lines: [Line]
    /// `visibleToProgram[v - 1]` is the program line of visible line `v`.
    private let visibleToProgram: [Int]
    /// `programToVisible[p - 1]` is the visible line of program line `p`, or nil when hidden.
    private let programToVisible: [Int?]

    /// Splits a code block's raw text into visible and hidden lines.
    /// - Parameter rawText: The block's content without the fences.
    package init(_ rawText: String) {
        self.rawText = rawText
        var body = Substring(rawText)
        // A block's text usually ends with one newline; it does not start another line.
        if body.hasSuffix("\n") { body = body.dropLast() }
        let parts = body.isEmpty && rawText.isEmpty ? [] : body.split(separator: "\n", omittingEmptySubsequences: false)
        var lines: [Line] = []
        var visibleToProgram: [Int] = []
        var programToVisible: [Int?] = []
        for (offset, part) in parts.enumerated() {
            var text = part
            if text.hasSuffix("\r") { text = text.dropLast() }
            if text == "#" {
                lines.append(Line(text: "", isHidden: true))
                programToVisible.append(nil)
            } else if text.hasPrefix("# ") {
                lines.append(Line(text: String(text.dropFirst(2)), isHidden: true))
                programToVisible.append(nil)
            } else {
                lines.append(Line(text: String(text), isHidden: false))
                visibleToProgram.append(offset + 1)
                programToVisible.append(visibleToProgram.count)
            }
        }
        self.lines = lines
        self.visibleToProgram = visibleToProgram
        self.programToVisible = programToVisible
    }

    /// Every line with hidden markers removed: the text the compiler gets.
    package var compiledText: String {
        lines.map(\.text).joined(separator: "\n")
    }

    /// The number of visible lines.
    package var visibleLineCount: Int { visibleToProgram.count }

    /// Whether the block has at least one hidden line.
    package var hasHiddenLines: Bool { lines.contains { $0.isHidden } }

    /// The program line that shows as visible line `visibleLine`, if there is one.
    package func programLine(forVisibleLine visibleLine: Int) -> Int? {
        guard visibleLine >= 1, visibleLine <= visibleToProgram.count else { return nil }
        return visibleToProgram[visibleLine - 1]
    }

    /// The visible line number of program line `programLine`, or nil when that line is hidden or out of range.
    package func visibleLine(forProgramLine programLine: Int) -> Int? {
        guard programLine >= 1, programLine <= programToVisible.count else { return nil }
        return programToVisible[programLine - 1]
    }

    /// The text of program line `programLine` (hidden or not), if there is one.
    package func programLineText(_ programLine: Int) -> String? {
        guard programLine >= 1, programLine <= lines.count else { return nil }
        return lines[programLine - 1].text
    }
}
