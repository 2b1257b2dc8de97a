import StepwiseCore
import StepwiseTerminal

/// Where the loop pages tall text: the window's height and one key at a time. Only an
/// interactive session has them; a pipe never pages.
struct PagingTerminal {
    /// The window's rows now (read at each print, like the width).
    var rows: @Sendable () -> Int?
    /// The next key, nil at the end of input.
    var nextKey: @Sendable () -> UInt8?

    static let question = "── more: Space or Enter · q skips the rest ──"
    static let skipped = "(The rest of this step was not shown: `again` shows it from the top.)"
}

extension TutorLoop {
    /// Prints laid-out text, a screen at a time when it is taller than the window.
    func printPaged(_ text: StyledText) {
        let lines = text.rendered(color: state.usesColor).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // While a line is being read (a lesson file reloaded under `--watch`) the keys are the
        // line editor's; the text is printed whole.
        guard let paging, !isReadingLine, let rows = paging.rows(), ScreenPager.needsPaging(lineCount: lines.count, rows: rows) else {
            console.line(lines.joined(separator: "\n"))
            return
        }
        var pager = ScreenPager(lines: lines, rows: rows)
        var screen = pager.start()
        let question = StyledText(plain: PagingTerminal.question, style: .dim).rendered(color: state.usesColor)
        while true {
            for line in screen.lines { console.line(line) }
            if screen.stoppedEarly {
                console.line(StyledText(plain: PagingTerminal.skipped, style: .dim).rendered(color: state.usesColor))
            }
            guard screen.asksForMore else { return }
            console.write(question)
            let key = paging.nextKey().map(ScreenPager.Key.init(byte:)) ?? .stop
            console.write(RunningNotice.erase)
            screen = pager.press(key)
        }
    }
}
