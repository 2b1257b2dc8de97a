import StepwiseCore

/// Turns lesson Markdown into wrapped, styled lines for a terminal of a given width.
package struct LessonRenderer: Sendable {
    package var width: Int
    /// Without colour, inline code keeps its backticks so it still stands out.
    package var usesColor: Bool
    /// Numbers of the runnable snippets of a step that has several, by fence line: "run 2".
    var snippetNumbers: [Int: Int] = [:]
    /// Whether labels name commands only the interactive tutor has ("edit, then check"); the
    /// presenter's keys run and step, but nothing there edits.
    package var namesTutorOnlyCommands = true

    package init(width: Int, usesColor: Bool) {
        self.init(unclampedWidth: max(width, TerminalCapabilities.minimumWidth), usesColor: usesColor)
    }

    /// Nested content (a block quote's text) wraps narrower than any terminal we accept.
    private init(unclampedWidth: Int, usesColor: Bool) {
        width = max(unclampedWidth, 8)
        self.usesColor = usesColor
    }

    /// Which blocks of a step to keep out of sight: a predict snippet's answer until it is given,
    /// and text marked for the interactive tutor only where commands cannot be typed.
    package struct Visibility: Sendable {
        package var hidesPredictionAnswers: Bool
        package var hidesTutorOnlyText: Bool

        package init(hidesPredictionAnswers: Bool = true, hidesTutorOnlyText: Bool = false) {
            self.hidesPredictionAnswers = hidesPredictionAnswers
            self.hidesTutorOnlyText = hidesTutorOnlyText
        }
    }

    package func render(lesson: Lesson, stepIndex: Int, visibility: Visibility = Visibility()) -> StyledText {
        var text = StyledText()
        let step = lesson.steps[stepIndex]
        let header = "\(lesson.title) · step \(stepIndex + 1) of \(lesson.steps.count)"
        text.append(wrap([Span(header, .dim)], indent: "", hanging: ""))
        if let title = step.title {
            text.append(wrap([Span(title, .colored(.cyan, bold: true))], indent: "", hanging: ""))
            text.append([Span(String(repeating: "─", count: min(Wrapping.columns(of: title), width)), .colored(.cyan))])
        }
        text.appendBlankLine()
        var renderer = self
        for (number, snippet) in step.snippets.enumerated() where step.snippets.count > 1 {
            renderer.snippetNumbers[snippet.block.location.line] = number + 1
        }
        for block in visibleBlocks(of: step, visibility: visibility) {
            let rendered = renderer.render(block, indent: "")
            if rendered.lines.isEmpty { continue }
            text.append(rendered)
            text.appendBlankLine()
        }
        while let last = text.lines.last, last.isEmpty { text.lines.removeLast() }
        return text
    }

    /// The blocks shown before a prediction is answered leave out its answer: the predicted
    /// snippet's `output` block and anything inside `<details>` (where authors put explanations).
    package func visibleBlocks(of step: Step, visibility: Visibility) -> [MarkdownBlock] {
        let hasPrediction = step.snippets.contains { $0.options.isPrediction }
        var blocks = step.blocks
        if visibility.hidesPredictionAnswers, hasPrediction {
            let answers = answerBlocks(of: step)
            blocks = blocks.filter { !answers.contains($0) }
        }
        return visibility.hidesTutorOnlyText ? TutorOnlyText.removing(from: blocks) : blocks
    }

    /// What a predict step keeps back until it is answered.
    package func answerBlocks(of step: Step) -> [MarkdownBlock] {
        var answers: [MarkdownBlock] = []
        var insideDetails = false
        var afterPrediction = false
        for block in step.blocks {
            switch block {
            case .html(let html):
                if html.contains("<details") { insideDetails = true }
                if html.contains("</details") { insideDetails = false }
            case .code(let code):
                if case .swift(let options) = code.role { afterPrediction = options.isPrediction }
                if insideDetails || (code.role == .output && afterPrediction) { answers.append(block) }
            default:
                if insideDetails { answers.append(block) }
            }
        }
        return answers
    }

    /// One block, indented by `indent` (lists and quotes nest).
    package func render(_ block: MarkdownBlock, indent: String) -> StyledText {
        var text = StyledText()
        switch block {
        case .heading(let level, let content, _):
            let style: TextStyle = level <= 2 ? .colored(.cyan, bold: true) : .bold
            text.lines += wrap(inlineSpans(content, base: style), indent: indent, hanging: indent).lines
        case .paragraph(let content):
            text.lines += wrap(inlineSpans(content, base: .plain), indent: indent, hanging: indent).lines
        case .list(let ordered, let start, let items):
            for (offset, item) in items.enumerated() {
                let marker = ordered ? "\(start + offset). " : "• "
                let hanging = indent + String(repeating: " ", count: marker.count)
                for (index, inner) in item.enumerated() {
                    var rendered = render(inner, indent: hanging)
                    if index == 0, !rendered.lines.isEmpty {
                        var first = rendered.lines[0]
                        if let span = first.first, span.text.hasPrefix(hanging) {
                            first[0].text = String(span.text.dropFirst(hanging.count))
                        }
                        rendered.lines[0] = [Span(indent), Span(marker, .colored(.cyan))] + first
                    }
                    text.append(rendered)
                }
            }
        case .blockQuote(let inner):
            for (index, block) in inner.enumerated() {
                if index > 0 { text.append([Span(indent + "│ ", .colored(.cyan))]) }
                var quoted = LessonRenderer(unclampedWidth: width - indent.count - 2, usesColor: usesColor)
                quoted.namesTutorOnlyCommands = namesTutorOnlyCommands
                let narrower = quoted.render(block, indent: "")
                for line in narrower.lines {
                    text.append([Span(indent + "│ ", .colored(.cyan))] + line.map { Span($0.text, $0.style.merged(with: .italic)) })
                }
            }
        case .code(let code):
            if code.isShownInText { text.append(render(code, indent: indent)) }
        case .thematicBreak:
            text.append([Span(indent + String(repeating: "─", count: max(4, width - indent.count)), .dim)])
        case .html:
            break
        }
        return text
    }

    /// A code block with a label saying what it is and a gutter setting it apart from prose.
    package func render(_ code: CodeBlock, indent: String) -> StyledText {
        let label: String
        let language: SyntaxHighlighter.Language
        switch code.role {
        case .swift(let options):
            language = .swift
            let run = snippetNumbers[code.location.line].map { "run \($0)" } ?? "run"
            switch options.kind {
            case .exercise: label = namesTutorOnlyCommands ? "Swift · exercise starter (edit, then check)" : "Swift · exercise starter"
            case .show: label = "Swift"
            case .checks: label = "Swift · checks"
            case .solution: label = "Swift · a solution"
            case .runnable:
                if let target = options.stepTarget {
                    label = "Swift · \(run), or step to call next() on \(target)"
                } else if options.isPrediction {
                    label = "Swift · predict its output, then \(run)"
                } else {
                    label = "Swift · \(run)"
                }
            }
        case .python(let use):
            language = .python
            switch use {
            case .compare: label = "Python · compare with the Swift"
            case .program: label = "Python · compare runs it"
            case .fragment: label = "Python"
            }
        case .output:
            language = .none
            label = "output"
        default:
            language = .none
            label = code.info.language.isEmpty ? "" : code.info.language
        }
        let labelStyle: TextStyle =
            if case .python = code.role { .colored(.yellow) } else { .dim }
        let gutterStyle: TextStyle = labelStyle
        var text = StyledText()
        var heading = indent + "╭─ " + label
        if Wrapping.columns(of: heading) > width { heading = String(heading.prefix(width - 1)) + "…" }
        text.append([Span(heading, labelStyle)])
        var lines = SyntaxHighlighter(language: language).highlight(code.visibleCode)
        if code.role == .output {
            // `~ total: 2.` matches any line starting "total: 2."; show it as such, not as syntax.
            lines = code.code.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.hasPrefix("~ ") ? [Span(String(line.dropFirst(2))), Span("…", .dim)] : [Span(String(line))]
            }
        }
        let room = max(8, width - indent.count - 2)
        for line in lines {
            for piece in hardWrap(line, to: room) {
                text.append([Span(indent + "│ ", gutterStyle)] + piece)
            }
        }
        text.append([Span(indent + "╰─", gutterStyle)])
        return text
    }

    // MARK: - Inline text

    func inlineSpans(_ inlines: [MarkdownInline], base: TextStyle) -> [Span] {
        inlines.flatMap { inline -> [Span] in
            switch inline {
            case .text(let text): [Span(text, base)]
            case .code(let code): [Span(usesColor ? code : "`\(code)`", base.merged(with: .colored(.yellow)))]
            case .emphasis(let inner): inlineSpans(inner, base: base.merged(with: .italic))
            case .strong(let inner): inlineSpans(inner, base: base.merged(with: .bold))
            case .link(let content, let destination):
                inlineSpans(content, base: base.merged(with: TextStyle(isUnderlined: true)))
                    + (content.plainText == destination ? [] : [Span(" (\(destination))", .dim)])
            case .image(let alt, _): [Span("[image: \(alt.plainText)]", .dim)]
            case .softBreak: [Span(" ", base)]
            case .lineBreak: [Span("\n", base)]
            case .html: []
            }
        }
    }

    /// Word-wraps spans to the width (``Wrapping/prose(_:width:indent:hanging:)``).
    package func wrap(_ spans: [Span], indent: String, hanging: String) -> StyledText {
        Wrapping.prose(spans, width: width, indent: indent, hanging: hanging)
    }

    /// Cuts a long code line into pieces that fit, between tokens, keeping its indentation.
    func hardWrap(_ line: [Span], to room: Int) -> [[Span]] {
        let indent = Wrapping.leadingSpaces(of: line)
        return Wrapping.code(line, room: room, indent: indent)
    }
}
