import StepwiseCore
import StepwiseSyntax

/// Writes a ``Handout`` as one self-contained HTML page: inline CSS, highlighted code as spans
/// with classes, no scripts, nothing loaded from anywhere (a Content-Security-Policy says so to
/// the browser too), and a print style that keeps every line of code on the page.
package struct HTMLHandoutRenderer: Sendable {
    package init() {}

    package func render(_ handout: Handout) -> String {
        var body: [String] = ["<header>", "<h1>\(escape(handout.title))</h1>"]
        if let summary = handout.summary { body.append("<p class=\"summary\">\(escape(summary))</p>") }
        body.append(
            "<p class=\"colophon\">Handout of <code>\(escape(handout.sourceFile))</code>. Every output below is real: "
                + "it was produced by running the snippet when this handout was made ("
                + handout.producedWith.map(escape).joined(separator: "; ")
                + "). A time such as <code>1.01s │</code> is when the line arrived, counted from the program’s start. "
                + "Stepping shows each <code>next()</code> call, up to \(handout.stepCallCap) calls."
                + (handout.answers.isEmpty ? "" : " Answers to predictions and exercise solutions are at the end.") + "</p>")
        body.append("</header>")
        for (number, section) in handout.sections.enumerated() {
            body.append("<section class=\"step\" id=\"step-\(number)\">")
            if let title = section.title {
                body.append("<h2>\(escape(title))</h2>")
            }
            body += section.items.flatMap { item($0, title: handout.title) }
            body.append("</section>")
        }
        if !handout.answers.isEmpty {
            body.append("<section class=\"answers\" id=\"answers\">")
            body.append("<h2>Answers</h2>")
            for answer in handout.answers {
                body.append("<section id=\"answer-\(answer.number)\">")
                body.append("<h3>A\(answer.number)" + (answer.stepTitle.map { " · " + escape($0) } ?? "") + "</h3>")
                body += answer.items.flatMap { item($0, title: handout.title) }
                body.append("</section>")
            }
            body.append("</section>")
        }
        return VisibleText.html(page(title: handout.title, body: body))
    }

    package func render(_ index: HandoutIndex) -> String {
        var body = ["<header>", "<h1>\(escape(index.title))</h1>", "</header>", "<ol class=\"lessons\">"]
        for entry in index.entries {
            body.append(
                "<li><a href=\"\(escape(entry.link))\">\(escape(entry.title))</a>"
                    + (entry.summary.map { "<br><span class=\"note\">\(escape($0))</span>" } ?? "") + "</li>")
        }
        body += ["</ol>", "<p class=\"colophon\">Produced with \(index.producedWith.map(escape).joined(separator: "; ")).</p>"]
        return VisibleText.html(page(title: index.title, body: body))
    }

    /// The page around `body`. Both renderers pass it through ``VisibleText/html(_:)``: control
    /// characters quoted from a lesson or a program are left out of all of it, on top of the
    /// escaping of every text.
    private func page(title: String, body: [String]) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <title>\(escape(title))</title>
        <style>
        \(HTMLHandoutStyle.css)
        </style>
        </head>
        <body>
        <main>
        \(body.joined(separator: "\n"))
        </main>
        </body>
        </html>

        """
    }

    // MARK: Items

    private func item(_ item: HandoutItem, title: String) -> [String] {
        switch item {
        case .text(let block):
            if case .heading(1, let content, _) = block, content.plainText == title { return [] }
            return [self.block(block)]
        case .code(let language, let code):
            return [highlighted(code, language: language)]
        case .run(let run):
            var out = [label("Swift"), highlighted(run.code, language: "swift"), label("Output")]
            out.append(pre(HandoutLine.report(run.report, showsTimings: run.showsTimings), kind: "output"))
            if case .ran(let result) = run.report, HandoutLine.drawsTimeline(result, flagged: run.drawsTimeline) {
                let timeline = HandoutLine.timeline(result)
                if !timeline.isEmpty { out += [label("Timeline"), pre(timeline, kind: "output")] }
            }
            return out
        case .output(let report, let showsTimings):
            return [label("The real output"), pre(HandoutLine.report(report, showsTimings: showsTimings), kind: "output")]
        case .stepping(let trace):
            return [
                label("Swift · steppable"), highlighted(trace.code, language: "swift"),
                label("Stepping \(escape(trace.target)): one next() call after another"),
                pre(HandoutLine.trace(trace), kind: "trace"),
            ]
        case .python(let python):
            var out = [
                label(
                    python.isComparedWithSwift ? "The Python original · the Swift of this step is its equivalent" : "The Python original"),
                highlighted(python.code, language: "python"),
                label(python.showsTimings ? "Python’s output · timed from python3’s own start, start-up included" : "Python’s output"),
                pre(HandoutLine.report(python.report, showsTimings: python.showsTimings), kind: "output"),
            ]
            if let comparison = python.comparison {
                let (summary, details) = HandoutText.comparison(comparison)
                out.append("<p class=\"comparison\">\(escape(summary))</p>")
                if case .different = comparison {
                    out.append("<pre class=\"output\"><code>\(escape(details.joined(separator: "\n")))</code></pre>")
                } else if !details.isEmpty {
                    out.append("<ul>" + details.map { "<li>\(escape($0))</li>" }.joined() + "</ul>")
                }
            }
            return out
        case .exercise(let exercise):
            var out = ["<div class=\"exercise\">", label("Exercise · starter code")]
            out.append(highlighted(exercise.starter, language: "swift"))
            if exercise.checkCount > 0 {
                out.append("<p class=\"note\">The tutor’s <code>check</code> runs \(exercise.checkCount) checks against your version.</p>")
            }
            if !exercise.hints.isEmpty {
                out.append("<ol class=\"hints\">")
                for hint in exercise.hints { out.append("<li>" + hint.map(block).joined(separator: "\n") + "</li>") }
                out.append("</ol>")
            }
            if let answer = exercise.solutionAnswer {
                out.append("<p class=\"reference\">Solution: <a href=\"#answer-\(answer)\">A\(answer)</a>, at the end.</p>")
            }
            out.append("</div>")
            return out
        case .solutionCheck(let check):
            let (summary, isFailure, details) = HandoutText.solutionCheck(check)
            return ["<p class=\"\(isFailure ? "fail" : "verdict")\">\(escape(summary))</p>"]
                + (details.isEmpty ? [] : [pre(details, kind: "output")])
        case .aside(let summary, let items):
            return ["<div class=\"aside\">", "<p class=\"aside-title\">\(escape(summary))</p>"]
                + items.flatMap { self.item($0, title: title) } + ["</div>"]
        case .prediction(let code, let answer):
            return [
                label("Swift · predict what this prints"), highlighted(code, language: "swift"),
                "<p class=\"reference\">Answer: <a href=\"#answer-\(answer)\">A\(answer)</a>, at the end.</p>",
            ]
        }
    }

    private func label(_ text: String) -> String {
        "<p class=\"label\">\(text)</p>"
    }

    private func pre(_ lines: [HandoutLine], kind: String) -> String {
        let body = lines.map { line in
            line.parts.map { part in
                let text = escape(part.text)
                let name: String? =
                    switch part.role {
                    case .plain: nil
                    case .time: "t"
                    case .stderr: "err"
                    case .value: "val"
                    case .end: "end"
                    case .note: "note"
                    case .failure: "fail"
                    }
                return name.map { "<span class=\"\($0)\">\(text)</span>" } ?? text
            }.joined()
        }.joined(separator: "\n")
        return "<pre class=\"\(kind)\"><code>\(body)</code></pre>"
    }

    /// Code coloured by the same highlighter that colours it in the terminal.
    private func highlighted(_ code: String, language: String) -> String {
        let lexer: SyntaxHighlighter.Language =
            switch language.lowercased() {
            case "swift": .swift
            case "python": .python
            default: .none
            }
        let lines = SyntaxHighlighter(language: lexer).tokens(code).map { spans in
            spans.map { span in
                let text = escape(span.text)
                return Self.cssClass(for: span.kind).map { "<span class=\"\($0)\">\(text)</span>" } ?? text
            }.joined()
        }
        let kind = lexer == .none ? "code" : "code \(language.lowercased())"
        return "<pre class=\"\(kind)\"><code>\(lines.joined(separator: "\n"))</code></pre>"
    }

    static func cssClass(for kind: HighlightKind) -> String? {
        switch kind {
        case .keyword: "kw"
        case .string: "str"
        case .number: "num"
        case .comment: "com"
        case .type: "typ"
        case .attribute: "attr"
        case .plain: nil
        }
    }

    // MARK: Lesson text

    private func block(_ block: MarkdownBlock) -> String {
        switch block {
        case .heading(let level, let content, _):
            let tag = "h\(min(6, max(3, level)))"
            return "<\(tag)>\(inlines(content))</\(tag)>"
        case .paragraph(let content):
            return "<p>\(inlines(content))</p>"
        case .list(let ordered, let start, let items):
            let open = ordered ? (start == 1 ? "<ol>" : "<ol start=\"\(start)\">") : "<ul>"
            let rows = items.map { item in "<li>" + item.map(self.block).joined(separator: "\n") + "</li>" }
            return ([open] + rows + [ordered ? "</ol>" : "</ul>"]).joined(separator: "\n")
        case .blockQuote(let inner):
            return "<blockquote>\n" + inner.map(self.block).joined(separator: "\n") + "\n</blockquote>"
        case .code(let code):
            return highlighted(code.visibleCode, language: code.info.language)
        case .thematicBreak:
            return "<hr>"
        case .html:
            // Raw HTML from a lesson is never copied into the page; the tutor does not show it either.
            return ""
        }
    }

    private func inlines(_ content: [MarkdownInline]) -> String {
        content.map { inline -> String in
            switch inline {
            case .text(let text): escape(text)
            case .code(let code): "<code>\(escape(code))</code>"
            case .emphasis(let inner): "<em>\(inlines(inner))</em>"
            case .strong(let inner): "<strong>\(inlines(inner))</strong>"
            case .link(let inner, let destination):
                Self.isSafeLink(destination) ? "<a href=\"\(escape(destination))\">\(inlines(inner))</a>" : inlines(inner)
            // An image would be fetched from wherever it lives; the handout names it instead.
            case .image(let alt, let source): "[image: \(inlines(alt)) (\(escape(source)))]"
            case .softBreak: "\n"
            case .lineBreak: "<br>\n"
            case .html(let html): html.hasPrefix("<br") ? "<br>" : ""
            }
        }.joined()
    }

    /// Web, mail and in-page links only: a `javascript:` link would be a script.
    static func isSafeLink(_ destination: String) -> Bool {
        let lower = destination.lowercased()
        if lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") || lower.hasPrefix("#") {
            return true
        }
        return !lower.contains(":")
    }

    /// Lesson text and program output are text, never markup.
    func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
