import StepwiseCore

/// Writes a ``Handout`` as CommonMark: it reads on GitHub and in any Markdown viewer, and the
/// outputs are fenced `text` blocks so no viewer re-wraps them.
package struct MarkdownHandoutRenderer: Sendable {
    package init() {}

    /// The whole handout, with every control made visible (``VisibleText/document(_:)``): a
    /// lesson's text and a program's output are quoted in it, and a Markdown file is read in
    /// terminals too (`cat`, `less -R`, a pager on GitHub's command line).
    package func render(_ handout: Handout) -> String {
        VisibleText.document(markdown(handout))
    }

    package func render(_ index: HandoutIndex) -> String {
        VisibleText.document(markdown(index))
    }

    private func markdown(_ handout: Handout) -> String {
        var out: [String] = ["# " + escape(handout.title), ""]
        if let summary = handout.summary { out += ["*" + escape(summary) + "*", ""] }
        out += [
            "> Handout of `\(handout.sourceFile)`. Every output below is real: it was produced by running the "
                + "snippet when this handout was made (\(handout.producedWith.map(escape).joined(separator: "; "))). "
                + "A time such as `1.01s │` is when the line arrived, counted from the program's start. "
                + "Stepping shows each `next()` call, up to \(handout.stepCallCap) calls."
                + (handout.answers.isEmpty ? "" : " Answers to predictions and exercise solutions are at the end."),
            "",
        ]
        for section in handout.sections {
            if let title = section.title {
                out += ["## " + escape(title), ""]
            }
            out += section.items.flatMap { item(item: $0, title: handout.title) }
        }
        if !handout.answers.isEmpty {
            out += ["## Answers", ""]
            for answer in handout.answers {
                out += ["### A\(answer.number)" + (answer.stepTitle.map { " · " + escape($0) } ?? ""), ""]
                out += answer.items.flatMap { item(item: $0, title: handout.title) }
            }
        }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    private func markdown(_ index: HandoutIndex) -> String {
        var out = ["# " + escape(index.title), ""]
        for entry in index.entries {
            out.append("- [\(escape(entry.title))](\(entry.link))" + (entry.summary.map { ": " + escape($0) } ?? ""))
        }
        out += ["", "Produced with " + index.producedWith.map(escape).joined(separator: "; ") + "."]
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: Items

    private func item(item: HandoutItem, title: String) -> [String] {
        switch item {
        case .text(let block):
            // The lesson's own `# Title` is already the handout's title.
            if case .heading(1, let content, _) = block, content.plainText == title { return [] }
            return self.block(block) + [""]
        case .code(let language, let code):
            return fenced(code, language: language)
        case .run(let run):
            var out = fenced(run.code, language: "swift")
            out += label("Output") + fenced(lines(HandoutLine.report(run.report, showsTimings: run.showsTimings)), language: "text")
            if case .ran(let result) = run.report, HandoutLine.drawsTimeline(result, flagged: run.drawsTimeline) {
                let timeline = HandoutLine.timeline(result)
                if !timeline.isEmpty { out += label("Timeline") + fenced(lines(timeline), language: "text") }
            }
            return out
        case .output(let report, let showsTimings):
            return label("The real output") + fenced(lines(HandoutLine.report(report, showsTimings: showsTimings)), language: "text")
        case .stepping(let trace):
            return fenced(trace.code, language: "swift")
                + label("Stepping `\(trace.target)`, one `next()` call after another")
                + fenced(lines(HandoutLine.trace(trace)), language: "text")
        case .python(let python):
            var out = label(
                python.isComparedWithSwift
                    ? "The Python original (the Swift snippet of this step is its equivalent)" : "The Python original")
            out += fenced(python.code, language: "python")
            out +=
                label(python.showsTimings ? "Python's output (timed from python3's own start, start-up included)" : "Python's output")
                + fenced(lines(HandoutLine.report(python.report, showsTimings: python.showsTimings)), language: "text")
            if let comparison = python.comparison {
                let (summary, details) = HandoutText.comparison(comparison)
                out += [escape(summary), ""]
                if case .different = comparison {
                    out += fenced(details.joined(separator: "\n"), language: "diff")
                } else if !details.isEmpty {
                    out += details.map { "- " + escape($0) } + [""]
                }
            }
            return out
        case .exercise(let exercise):
            var out = label(
                "Exercise: the starter code"
                    + (exercise.checkCount > 0
                        ? " (the tutor's `check` runs \(exercise.checkCount) checks against your version)" : ""))
            out += fenced(exercise.starter, language: "swift")
            for (number, hint) in exercise.hints.enumerated() {
                out += ["**Hint \(number + 1).** " + (hint.first.map { block($0).joined(separator: "\n") } ?? "")]
                out += hint.dropFirst().flatMap { [""] + block($0) }
                out.append("")
            }
            if let answer = exercise.solutionAnswer { out += ["*Solution: A\(answer), at the end.*", ""] }
            return out
        case .solutionCheck(let check):
            let (summary, _, details) = HandoutText.solutionCheck(check)
            return [escape(summary), ""] + (details.isEmpty ? [] : fenced(lines(details), language: "text"))
        case .aside(let summary, let items):
            return ["**" + escape(summary) + "**", ""] + items.flatMap { self.item(item: $0, title: title) }
        case .prediction(let code, let answer):
            return label("Predict what this prints") + fenced(code, language: "swift") + ["*Answer: A\(answer), at the end.*", ""]
        }
    }

    private func label(_ text: String) -> [String] {
        ["*" + text + ":*", ""]
    }

    private func lines(_ lines: [HandoutLine]) -> String {
        lines.map(\.text).joined(separator: "\n")
    }

    /// A fence longer than any run of backticks inside, so no code can close it early.
    private func fenced(_ code: String, language: String) -> [String] {
        var longest = 0
        var run = 0
        for character in code {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return [fence + language, code, fence, ""]
    }

    // MARK: Lesson text

    private func block(_ block: MarkdownBlock) -> [String] {
        switch block {
        case .heading(let level, let content, _):
            // The handout's steps are level 2, so the lesson's own sub-headings stay below them.
            return [String(repeating: "#", count: max(3, level)) + " " + inlines(content)]
        case .paragraph(let content):
            return inlines(content).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        case .list(let ordered, let start, let items):
            return items.enumerated().flatMap { offset, item -> [String] in
                let marker = ordered ? "\(start + offset). " : "- "
                let body = item.enumerated().flatMap { index, inner in (index > 0 ? [""] : []) + self.block(inner) }
                let indent = String(repeating: " ", count: marker.count)
                return body.enumerated().map { index, line in
                    index == 0 ? marker + line : (line.isEmpty ? "" : indent + line)
                }
            }
        case .blockQuote(let inner):
            let body = inner.enumerated().flatMap { index, block in (index > 0 ? [""] : []) + self.block(block) }
            return body.map { $0.isEmpty ? ">" : "> " + $0 }
        case .code(let code):
            return Array(fenced(code.visibleCode, language: code.info.language).dropLast())
        case .thematicBreak:
            return ["---"]
        case .html:
            return []
        }
    }

    private func inlines(_ content: [MarkdownInline]) -> String {
        content.map { inline -> String in
            switch inline {
            case .text(let text): return escape(text)
            case .code(let code):
                let ticks = String(repeating: "`", count: (code.split(separator: "`", omittingEmptySubsequences: false).count > 1 ? 2 : 1))
                let padded = code.hasPrefix("`") || code.hasSuffix("`") ? " \(code) " : code
                return ticks + padded + ticks
            case .emphasis(let inner): return "*" + inlines(inner) + "*"
            case .strong(let inner): return "**" + inlines(inner) + "**"
            case .link(let inner, let destination): return "[" + inlines(inner) + "](" + destination + ")"
            case .image(let alt, let source): return "![" + inlines(alt) + "](" + source + ")"
            case .softBreak: return "\n"
            case .lineBreak: return "\\\n"
            case .html(let html): return html
            }
        }.joined()
    }

    /// Text that Markdown would otherwise read as markup.
    private func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "\\`*_[]<".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
