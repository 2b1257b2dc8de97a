import Foundation

/// Reads one lesson file's text into a `Lesson`, collecting every problem on the way.
package struct LessonParser {
    package var file: String

    package init(file: String) {
        self.file = file
    }

    /// - Returns: the lesson, or `nil` when it cannot be used at all (no id or title, no steps);
    ///   problems that leave the lesson usable are reported and the lesson is still returned.
    package func parse(_ text: String, diagnostics: inout [Diagnostic]) -> Lesson? {
        let text = text.normalizedForParsing()
        let matter = FrontMatter.parse(text, file: file, diagnostics: &diagnostics)
        let body = blankingFirst(matter?.lineCount ?? 0, linesOf: text)
        let blocks = CommonMarkParser(file: file).parse(body, diagnostics: &diagnostics)

        var documentTitle: String?
        var steps: [Step] = []
        var current = Step(title: nil, location: location(line: max(1, (matter?.lineCount ?? 0) + 1)), blocks: [])
        for block in blocks {
            if case .heading(let level, let content, let line) = block, level <= 2 {
                if level == 1 {
                    if documentTitle == nil, steps.isEmpty, current.blocks.isEmpty {
                        documentTitle = content.plainText
                        continue
                    }
                }
                if !current.blocks.isEmpty || current.title != nil { steps.append(current) }
                current = Step(title: content.plainText, location: location(line: line), blocks: [])
                continue
            }
            current.blocks.append(block)
        }
        if !current.blocks.isEmpty || current.title != nil { steps.append(current) }

        assignKeys(to: &steps, body: body, diagnostics: &diagnostics)
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, step) in steps.enumerated() {
            let end = index + 1 < steps.count ? steps[index + 1].location.line - 1 : lines.count
            let own = step.location.line <= end ? Array(lines[max(0, step.location.line - 1)..<min(end, lines.count)]) : []
            checkStructure(of: step, lines: own, firstLine: step.location.line, diagnostics: &diagnostics)
        }

        guard let matter else {
            // An unclosed block was reported as such; "missing" would contradict it.
            if !FrontMatter.isOpened(by: text) {
                diagnostics.append(
                    .error(at: location(line: 1), "missing front matter: start the file with '---', 'id: ...', 'title: ...', '---'"))
            }
            return nil
        }
        guard let id = matter.values["id"], !id.isEmpty else {
            diagnostics.append(.error(at: location(line: 1), "front matter has no 'id'"))
            return nil
        }
        let idLine = matter.keyLines["id"] ?? 1
        guard LessonID.isValid(id) else {
            // The id names the learner's files: one that could name a path is not loaded at all.
            diagnostics.append(
                .error(
                    at: location(line: idLine),
                    "id \(Diagnostic.quoted(id)) must be 1 to \(LessonID.maximumLength) lowercase letters (a-z), digits and '-'; the lesson is not loaded"
                ))
            return nil
        }
        guard let title = matter.values["title"] ?? documentTitle else {
            diagnostics.append(.error(at: location(line: 1), "front matter has no 'title'"))
            return nil
        }
        var order = Self.leadingNumber(of: file) ?? Int.max
        if let written = matter.values["order"] {
            if let number = Int(written) {
                order = number
            } else {
                diagnostics.append(
                    .error(at: location(line: matter.keyLines["order"] ?? 1), "order \(Diagnostic.quoted(written)) is not a whole number"))
            }
        }
        guard !steps.isEmpty else {
            diagnostics.append(.error(at: location(line: 1), "lesson has no content"))
            return nil
        }
        return Lesson(id: id, title: title, summary: matter.values["summary"], order: order, file: file, steps: steps, idLine: idLine)
    }

    /// Gives every step a key unique in the lesson: its `<!-- id: ... -->` when the author wrote
    /// one right under the heading, else the heading's slug; the second step to claim a key gets
    /// `-2`, the third `-3`. Explicit ids are claimed first, so a heading never takes one away.
    private func assignKeys(to steps: inout [Step], body: String, diagnostics: inout [Diagnostic]) {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        var claimed: [StepKey: Int] = [:]
        var hasExplicitID = Array(repeating: false, count: steps.count)
        for index in steps.indices {
            for (offset, block) in steps[index].blocks.enumerated() {
                guard case .html(let html) = block, let written = Self.writtenStepID(in: html) else { continue }
                let at = location(of: html, in: lines, from: steps[index].location)
                guard offset == 0 else {
                    diagnostics.append(.warning(at: at, "a step id must be the first thing under the step's heading; this one is ignored"))
                    continue
                }
                guard let key = StepKey(rawValue: written) else {
                    diagnostics.append(
                        .error(
                            at: at,
                            "step id \(Diagnostic.quoted(written)) should be 1 to \(StepKey.maximumLength) lowercase letters (a-z), digits and '-'"
                        ))
                    continue
                }
                if let first = claimed[key] {
                    diagnostics.append(
                        .error(
                            at: at,
                            "duplicate step id \(Diagnostic.quoted(key.rawValue)) (also used by the step at line \(steps[first].location.line))"
                        ))
                    continue
                }
                claimed[key] = index
                steps[index].key = key
                hasExplicitID[index] = true
            }
        }
        for index in steps.indices where !hasExplicitID[index] {
            let base = steps[index].key
            var key = base
            var number = 1
            while claimed[key] != nil {
                number += 1
                key = base.numbered(number)
            }
            claimed[key] = index
            steps[index].key = key
        }
    }

    /// `<!-- id: yield-once -->` -> `yield-once`; nil for any other HTML.
    static func writtenStepID(in html: String) -> String? {
        let text = html.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("<!--"), text.hasSuffix("-->") else { return nil }
        let inner = text.dropFirst(4).dropLast(3).trimmingCharacters(in: .whitespaces)
        guard inner.hasPrefix("id:") else { return nil }
        return inner.dropFirst(3).trimmingCharacters(in: .whitespaces)
    }

    /// The line of an HTML block, which cmark does not report: the first line at or after the
    /// step's heading that reads as the block's first line.
    private func location(of html: String, in lines: [Substring], from start: SourceLocation) -> SourceLocation {
        let first = html.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        for index in max(0, start.line - 1)..<lines.count where lines[index].trimmingCharacters(in: .whitespaces) == first {
            return location(line: index + 1)
        }
        return start
    }

    /// Roles that only make sense next to another block.
    /// - Parameters:
    ///   - lines: The step's own lines of the file, from its heading on, where warnings about
    ///     prose (which cmark gives no line) find their line.
    ///   - firstLine: The file line of `lines[0]`.
    private func checkStructure(of step: Step, lines: [Substring], firstLine: Int, diagnostics: inout [Diagnostic]) {
        for block in step.codeBlocks { diagnostics += Self.swallowedLines(in: block) }
        var seenRunnable = false
        var lastSteppable = false
        var kinds: Set<SwiftSnippet.Kind> = []
        var comparePython: CodeBlock?
        for block in step.codeBlocks {
            switch block.role {
            case .swift(let options):
                kinds.insert(options.kind)
                if options.kind == .runnable {
                    seenRunnable = true
                    lastSteppable = options.stepTarget != nil
                } else if options.stepTarget != nil || options.isPrediction {
                    diagnostics.append(
                        .error(at: block.location, "step= and predict apply to runnable swift blocks, not '\(options.kind.rawValue)'"))
                }
            case .output where !seenRunnable:
                diagnostics.append(.error(at: block.location, "output block has no runnable swift block above it in this step"))
            case .steps where !lastSteppable:
                diagnostics.append(.error(at: block.location, "steps block must follow a swift block marked step=NAME"))
            case .python(.compare):
                comparePython = block
            default:
                break
            }
        }
        if let python = comparePython, !seenRunnable {
            diagnostics.append(.error(at: python.location, "python compare needs a runnable swift block in the same step to compare with"))
        }
        if let differences = step.differences, comparePython == nil {
            diagnostics.append(.warning(at: differences.location, "differences block has no 'python compare' block in this step"))
        }
        let proseLines = ProseLines(lines: lines, firstLine: firstLine)
        var tables = 0
        for case .paragraph(let inlines) in step.blocks {
            let text = inlines.plainText
            if text.hasPrefix("|"), text.contains("|-") || text.contains("| -") || text.contains("|:") {
                let line = proseLines.tableLines.indices.contains(tables) ? proseLines.tableLines[tables] : step.location.line
                tables += 1
                diagnostics.append(
                    .warning(
                        at: location(line: line),
                        "Markdown table; tables are not CommonMark and the tutor shows them as plain text: use a list"
                    ))
            }
        }
        let misplaced = TutorOnlyText.misplacedMarkers(in: step.blocks)
        if misplaced > 0 {
            let message =
                "'\(TutorOnlyText.marker)' marker with no paragraph, list or quote right after it; the marker hides only the block that follows it, and never code"
            let found = proseLines.misplacedMarkerLines
            // The line scan and cmark agree but for odd nesting; then the step is the place.
            let markerLines = found.count == misplaced ? found : [step.location.line]
            for line in markerLines { diagnostics.append(.warning(at: location(line: line), message)) }
        }
        let exerciseParts: [SwiftSnippet.Kind] = [.exercise, .checks, .solution]
        if !kinds.isDisjoint(with: exerciseParts) {
            for part in exerciseParts where !kinds.contains(part) {
                diagnostics.append(.error(at: step.location, "exercise step has no 'swift \(part.rawValue)' block"))
            }
        }
    }

    /// A line inside a block of text (output, steps, hint, differences) that reads as a step
    /// heading or as a fence: most likely the block was never closed and swallowed what
    /// followed it. Code blocks may hold such lines on purpose (a Markdown example).
    static func swallowedLines(in block: CodeBlock) -> [Diagnostic] {
        switch block.role {
        case .output, .steps, .hint, .differences: break
        default: return []
        }
        var found: [Diagnostic] = []
        for (offset, line) in block.code.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            let isFence = trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~")
            let isHeading = line.hasPrefix("## ")
            guard isFence || isHeading else { continue }
            let at = SourceLocation(file: block.location.file, line: block.location.line + 1 + offset)
            found.append(
                .error(
                    at: at,
                    "\(isFence ? "a fence" : "a heading") inside a code block that starts at line \(block.location.line): is the block's closing ``` missing?"
                ))
            // One is enough: everything after it is swallowed too.
            break
        }
        return found
    }

    private func location(line: Int) -> SourceLocation {
        SourceLocation(file: file, line: line)
    }

    /// Replaces front matter with empty lines so cmark's line numbers match the file's.
    private func blankingFirst(_ count: Int, linesOf text: String) -> String {
        guard count > 0 else { return text }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return (Array(repeating: "", count: count) + lines.dropFirst(count).map(String.init)).joined(separator: "\n")
    }

    /// `03-laziness.md` -> 3.
    package static func leadingNumber(of path: String) -> Int? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return Int(name.prefix(while: \.isNumber))
    }
}
