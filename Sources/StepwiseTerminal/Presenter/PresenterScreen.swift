import StepwiseCore

/// One frame of the full-screen presenter for a window size: the step's text wrapped to the
/// window, the output of a run or stepping session below it, and a two-row footer.
///
/// Laying out is pure, so a test can ask what an 80×24 or a 160×48 window shows. The text is
/// laid out once per frame; the caller hands its height to ``Pager/fit(contentHeight:pageHeight:)``
/// and then asks for ``rows(for:)`` at the pager's scroll position.
package struct PresenterScreen: Sendable {
    package struct Row: Sendable, Equatable {
        package var spans: [Span]
        /// Footer rows are drawn in reverse video.
        package var isReversed = false

        package var text: String { spans.map(\.text).joined() }
    }

    package let columns: Int
    package let rows: Int
    /// The step's text, wrapped: what scrolls.
    package let content: [[Span]]
    /// Rows left for the text above the output panel and the footer.
    package let pageHeight: Int
    /// Where each top-level code block starts in ``content``, by the line of its opening fence:
    /// a run scrolls its snippet into view above the output.
    package let codeRows: [Int: Int]
    /// Where each revealed hint, the solution and the differences start in ``content``.
    package let revealRows: [Pager.Reveal: Int]
    let panel: [[Span]]
    let margin: Int
    let lesson: Lesson
    let notice: String?
    let autoDelay: String?

    /// Prose gets hard to follow on a wide projected screen; wider windows centre a column.
    package static let maximumTextWidth = 100
    static let footerHeight = 2

    /// - Parameters:
    ///   - panel: Output of the current run or stepping session, oldest line first; its newest
    ///     lines stay in view.
    ///   - notice: A one-off message for the footer.
    ///   - autoDelay: The `--auto` delay as shown in the footer ("5s"), when there is one.
    package init(
        lesson: Lesson, pager: Pager, columns: Int, rows: Int, theme: PresenterTheme,
        panel: StyledText = StyledText(), notice: String? = nil, autoDelay: String? = nil
    ) {
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        self.lesson = lesson
        self.notice = notice
        self.autoDelay = autoDelay
        let textWidth = min(max(columns - 2, 1), Self.maximumTextWidth)
        margin = max(0, (columns - textWidth) / 2)
        (content, codeRows, revealRows) = Self.text(of: lesson, pager: pager, width: textWidth, usesColor: theme.usesColor)
        let available = max(1, rows - Self.footerHeight)
        // Output is not prose: a long line is cut into pieces, never re-flowed.
        let renderer = LessonRenderer(width: textWidth, usesColor: theme.usesColor)
        let wrapped = panel.lines.flatMap { renderer.hardWrap($0, to: textWidth) }
        // The output shares the window with the code that produced it: at most 3/5 of it,
        // and a row of the text always stays.
        let panelHeight = wrapped.isEmpty ? 0 : min(wrapped.count, max(3, available * 3 / 5), max(0, available - 1))
        self.panel = Array(wrapped.suffix(panelHeight))
        pageHeight = max(1, available - panelHeight)
    }

    /// Exactly ``rows`` rows, top to bottom.
    package func rows(for pager: Pager) -> [Row] {
        guard rows >= 4, columns >= 20 else {
            return [Row(spans: [Span("window too small")])] + Array(repeating: Row(spans: []), count: rows - 1)
        }
        let indent = Span(String(repeating: " ", count: margin))
        var result: [Row] = []
        let visible = content.dropFirst(pager.scroll).prefix(pageHeight)
        for line in visible { result.append(Row(spans: [indent] + line)) }
        while result.count < pageHeight { result.append(Row(spans: [])) }
        for line in panel { result.append(Row(spans: [indent] + line)) }
        while result.count < rows - Self.footerHeight { result.append(Row(spans: [])) }
        result.append(Row(spans: statusLine(pager), isReversed: true))
        result.append(Row(spans: [Span(" " + keysLine(pager), .dim)]))
        return Array(result.prefix(rows))
    }

    // MARK: - The step's text

    static func text(
        of lesson: Lesson, pager: Pager, width: Int, usesColor: Bool
    ) -> (lines: [[Span]], codeRows: [Int: Int], revealRows: [Pager.Reveal: Int]) {
        let step = lesson.steps[pager.stepIndex]
        var renderer = LessonRenderer(width: width, usesColor: usesColor)
        renderer.namesTutorOnlyCommands = false
        // Several runnable snippets are labelled "run 1", "run 2": the digit keys run them.
        for (number, snippet) in step.snippets.enumerated() where step.snippets.count > 1 {
            renderer.snippetNumbers[snippet.block.location.line] = number + 1
        }
        var text = StyledText()
        text.append([])
        let title = pager.view == .python ? "Python original" : step.title ?? lesson.title
        text.append(renderer.wrap([Span(title, .colored(.cyan, bold: true))], indent: "", hanging: ""))
        text.append([Span(String(repeating: "━", count: min(title.count, width)), .colored(.cyan))])
        text.append([])
        let blocks: [MarkdownBlock]
        switch pager.view {
        case .lesson:
            // The Python original has its own page (`p`), so the Swift gets the room. Typed
            // commands ("Type `run`") do not apply here: the footer shows the keys.
            let visibility = LessonRenderer.Visibility(hidesPredictionAnswers: !pager.hasRun, hidesTutorOnlyText: true)
            blocks = renderer.visibleBlocks(of: step, visibility: visibility).filter { !isPython($0) }
        case .python:
            blocks = step.codeBlocks.filter { if case .python = $0.role { true } else { false } }.map(MarkdownBlock.code)
        }
        var codeRows: [Int: Int] = [:]
        for block in blocks {
            let rendered = renderer.render(block, indent: "")
            guard !rendered.lines.isEmpty else { continue }
            if case .code(let code) = block { codeRows[code.location.line] = text.lines.count }
            text.append(rendered)
            text.appendBlankLine()
        }
        // Revealed on request, after the text on either page: the class has tried first.
        var revealRows: [Pager.Reveal: Int] = [:]
        func section(_ reveal: Pager.Reveal, _ heading: String, _ body: StyledText) {
            revealRows[reveal] = text.lines.count
            text.append([Span(heading, .colored(.magenta, bold: true))])
            text.append(body)
            text.appendBlankLine()
        }
        let hints = step.hints
        for (offset, hint) in hints.prefix(pager.hintsShown).enumerated() {
            // A hint is Markdown, as the tutor shows it: `code` and emphasis render as in the text.
            var ignored: [Diagnostic] = []
            var body = StyledText()
            for block in CommonMarkParser(file: lesson.file).parse(hint, diagnostics: &ignored) {
                body.append(renderer.render(block, indent: "  "))
            }
            section(.hint(offset + 1), "Hint \(offset + 1) of \(hints.count)", body)
        }
        if pager.showsSolution, let solution = step.exercise?.solution {
            section(.solution, "Solution", renderer.render(solution, indent: ""))
        }
        if pager.showsDifferences, let differences = step.differences {
            section(.differences, "How the Python's output differs", renderer.render(differences, indent: ""))
        }
        while let last = text.lines.last, last.allSatisfy({ $0.text.isEmpty }) { text.lines.removeLast() }
        return (text.lines, codeRows, revealRows)
    }

    static func isPython(_ block: MarkdownBlock) -> Bool {
        if case .code(let code) = block, case .python = code.role { return true }
        return false
    }

    // MARK: - Footer

    /// Lesson, step n/N and what is going on; the reading position when the text overflows.
    func statusLine(_ pager: Pager) -> [Span] {
        var right: [String] = []
        if let notice { right.append(notice) }
        switch pager.activity {
        case .running: right.append("running…")
        case .stepping: right.append("stepping")
        case .idle: break
        }
        switch pager.auto {
        case .playing: right.append("▶ auto" + (autoDelay.map { " \($0)" } ?? ""))
        case .paused: right.append("paused — a resumes")
        case .off: break
        }
        if pager.scrollLimit > 0 {
            let last = min(pager.scroll + pageHeight, content.count)
            right.append("lines \(pager.scroll + 1)–\(last)/\(content.count)\(last < content.count ? " ↓" : "")")
        }
        let status = right.joined(separator: " · ") + " "
        let place = " · step \(pager.stepIndex + 1)/\(pager.steps.count)"
        // A narrow window shortens the title first: the step and the status are what a teacher needs.
        var title = lesson.title
        let titleRoom = columns - 1 - place.count - status.count - 1
        if title.count > titleRoom { title = titleRoom > 1 ? String(title.prefix(titleRoom - 1)) + "…" : "" }
        let left = " " + title + place
        return [Span(left + String(repeating: " ", count: max(1, columns - left.count - status.count)) + status)]
    }

    /// The keys that do something right now, the least needed left out when the window is narrow.
    func keysLine(_ pager: Pager) -> String {
        if pager.auto == .playing { return "any key pauses · q quit" }
        var keys = keys(pager)
        let scrolling = keys.firstIndex(of: Self.scrollKeys)
        if let scrolling, keys.joined(separator: " · ").count >= columns - 1 { keys[scrolling] = "↑↓ scroll" }
        for optional in ["← back", "→ next", "→ next step"] where keys.joined(separator: " · ").count >= columns - 1 {
            keys.removeAll { $0 == optional }
        }
        return keys.joined(separator: " · ")
    }

    static let scrollKeys = "↑↓ PgUp/PgDn scroll"

    func keys(_ pager: Pager) -> [String] {
        var keys: [String]
        switch pager.activity {
        case .running:
            keys = ["Ctrl-C/Esc stop the run", "→ next", "← back"]
        case .stepping:
            keys = ["Enter next()", "Esc stop stepping", "→ next step", "← back"]
        case .idle:
            keys = ["→/Space next", "← back"]
            let count = pager.features.runnableCount
            if pager.view == .python {
                keys.append("r run the Python")
            } else if count > 0 {
                keys.append(count > 1 ? "r/1–\(count) run" : "r run")
            }
            if pager.features.isSteppable { keys.append("s step") }
            if pager.features.hasPython { keys.append(pager.view == .python ? "p Swift" : "p Python") }
            if pager.hintsShown < pager.features.hintCount { keys.append("h hint") }
            if pager.features.hasSolution, !pager.showsSolution { keys.append("o solution") }
            if pager.features.hasDifferences, !pager.showsDifferences { keys.append("d differences") }
        }
        if pager.scrollLimit > 0 { keys.append(Self.scrollKeys) }
        if pager.auto == .paused { keys.append("a resume") }
        keys.append("q quit")
        return keys
    }
}
