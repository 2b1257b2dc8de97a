/// Builds a ``Handout`` from a lesson by running every snippet, one after another, in lesson order.
///
/// What a handout shows, and why:
/// - Every runnable snippet with its real output; the lesson's own `output` and `steps` blocks
///   are left out, since the real output stands in their place.
/// - Every steppable snippet with each `next()` call it took, until nil or ``stepCallCap`` calls.
/// - A prediction's question and code in place; its real output and its `<details>` explanation
///   go to the answers at the end, so a reader can commit to a guess first.
/// - An exercise's starter code and hints in place, never its hidden checks; the reference
///   solution goes to the answers, with whether it passes those checks when run now.
/// - Python originals with their real output when python3 3.11+ is available, and for `compare`
///   blocks whether the outputs agree after the declared differences.
/// - Other `<details>` blocks open, under their summary: paper cannot be clicked. Other raw HTML
///   is left out, as the tutor leaves it out.
/// - Text marked `<!-- tutor -->` ("Type `run`, then `compare`.") is left out: see ``TutorOnlyText``.
package struct HandoutBuilder: Sendable {
    package var executor: any HandoutExecutor
    /// The most `next()` calls one stepping trace makes: some iterators never return nil.
    package var stepCallCap: Int

    package init(executor: any HandoutExecutor, stepCallCap: Int = 20) {
        self.executor = executor
        self.stepCallCap = stepCallCap
    }

    package func build(_ lesson: Lesson) async -> Handout {
        var answers: [HandoutAnswer] = []
        var sections: [HandoutSection] = []
        for step in lesson.steps {
            sections.append(await section(for: step, answers: &answers))
        }
        return Handout(
            lessonID: lesson.id, title: lesson.title, summary: lesson.summary,
            sourceFile: lesson.file.split(separator: "/").last.map(String.init) ?? lesson.file,
            sections: sections, answers: answers, stepCallCap: stepCallCap, producedWith: await executor.producedWith())
    }

    /// Whether a program's output is about time, so its lines should carry arrival times.
    /// Decided from the source, never from how long a run took: on a busy machine a quick
    /// snippet can be slow, and the same lesson should always give the same layout.
    static func showsTimings(_ code: String, timeline: Bool = false) -> Bool {
        timeline || ["sleep", "Clock", "Date()", "perf_counter", "time.time", "monotonic"].contains { code.contains($0) }
    }

    private func section(for step: Step, answers: inout [HandoutAnswer]) async -> HandoutSection {
        let snippets = Dictionary(step.snippets.map { ($0.block.location.line, $0) }, uniquingKeysWith: { first, _ in first })
        let exercise = step.exercise
        var items: [HandoutItem] = []
        // A `<details>` being collected, and the answer a prediction opened in this step.
        var aside: (summary: String, items: [HandoutItem])?
        var openAnswer: Int?
        // What a `python compare` block is compared with: the step's first runnable snippet's output.
        var firstSnippetLines: [String]?
        var comparedPython: Int?

        func emit(_ item: HandoutItem) {
            if aside != nil { aside?.items.append(item) } else { items.append(item) }
        }
        func openNewAnswer(with first: [HandoutItem]) -> Int {
            let number = answers.count + 1
            answers.append(HandoutAnswer(number: number, stepTitle: step.title, items: first))
            return number
        }

        // "Type `run`" has nothing to act on in print: every output is printed under its snippet.
        for block in TutorOnlyText.removing(from: step.blocks) {
            switch block {
            case .html(let html):
                if html.contains("<details") {
                    aside = (Self.summary(in: html) ?? "Details", [])
                }
                if html.contains("</details"), let finished = aside {
                    aside = nil
                    if let openAnswer {
                        answers[openAnswer - 1].items += finished.items
                    } else {
                        items.append(.aside(summary: finished.summary, items: finished.items))
                    }
                }
            case .code(let code):
                switch code.role {
                case .swift(let options):
                    switch options.kind {
                    case .runnable:
                        let snippet = snippets[code.location.line] ?? Snippet(block: code, options: options)
                        let timings = Self.showsTimings(code.code, timeline: options.drawsTimeline)
                        if let target = options.stepTarget {
                            var trace = await executor.step(snippet, target: target, cap: stepCallCap)
                            trace.code = code.visibleCode
                            trace.showsTimings = timings
                            emit(.stepping(trace))
                            if firstSnippetLines == nil { firstSnippetLines = trace.topLevelOutput.map(\.text) }
                            continue
                        }
                        let report = await executor.run(snippet)
                        if firstSnippetLines == nil {
                            firstSnippetLines = if case .ran(let result) = report { result.lines.map(\.text) } else { [] }
                        }
                        if options.isPrediction {
                            let number = openNewAnswer(with: [.output(report, showsTimings: timings)])
                            openAnswer = number
                            emit(.prediction(code: code.visibleCode, answer: number))
                        } else {
                            emit(
                                .run(
                                    SnippetRun(
                                        code: code.visibleCode, isPrediction: false, showsTimings: timings,
                                        drawsTimeline: options.drawsTimeline, report: report)))
                        }
                    case .show:
                        emit(.code(language: "swift", code: code.visibleCode))
                    case .exercise:
                        var solutionAnswer: Int?
                        if let solution = exercise?.solution {
                            var answer: [HandoutItem] = [.code(language: "swift", code: solution.visibleCode)]
                            if let exercise, exercise.checks != nil {
                                answer.append(.solutionCheck(await executor.checkSolution(of: exercise)))
                            }
                            solutionAnswer = openNewAnswer(with: answer)
                        }
                        let checkCount = exercise?.checks.map { Self.countChecks(in: $0.code) } ?? 0
                        emit(
                            .exercise(
                                ExerciseSheet(
                                    starter: code.visibleCode, hints: step.hints.map(Self.markdown), checkCount: checkCount,
                                    solutionAnswer: solutionAnswer)))
                    case .checks, .solution:
                        break
                    }
                case .python(.fragment):
                    emit(.code(language: "python", code: code.code))
                case .python(let use):
                    let compare = use == .compare
                    let report = await executor.runPython(code.code)
                    if compare, aside == nil { comparedPython = items.count }
                    emit(
                        .python(
                            PythonOriginal(
                                code: code.code, isComparedWithSwift: compare, showsTimings: Self.showsTimings(code.code),
                                report: report, comparison: nil)))
                case .hint:
                    // An exercise lists its hints with the starter code.
                    if exercise == nil { emit(.aside(summary: "Hint", items: Self.markdown(code.code).map(HandoutItem.text))) }
                case .output, .steps, .differences:
                    break
                case .display:
                    emit(.code(language: code.info.language, code: code.code))
                }
            default:
                emit(.text(block))
            }
        }
        if let aside { items.append(.aside(summary: aside.summary, items: aside.items)) }
        if let index = comparedPython, case .python(var original) = items[index],
            case .ran(let result) = original.report, let swiftLines = firstSnippetLines
        {
            let differences = step.differences.map { DeclaredDifference.parseBlock($0.code).differences } ?? []
            original.comparison = OutputComparison.compare(
                python: result.lines.map(\.text), swift: swiftLines, differences: differences)
            items[index] = .python(original)
        }
        return HandoutSection(title: step.title, items: items)
    }

    /// The text between `<summary>` and `</summary>`, tags removed.
    static func summary(in html: String) -> String? {
        guard let open = html.firstRange(of: "<summary>") else { return nil }
        let rest = html[open.upperBound...]
        guard let close = rest.firstRange(of: "</summary>") else { return nil }
        let text = rest[..<close.lowerBound]
        var plain = ""
        var inTag = false
        for character in text {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag { plain.append(character) }
        }
        let trimmed = plain.trimmingLeadingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    static func countChecks(in code: String) -> Int {
        code.split(separator: "\n").filter { $0.trimmingLeadingWhitespace().hasPrefix("check(") }.count
    }

    static func markdown(_ text: String) -> [MarkdownBlock] {
        var ignored: [Diagnostic] = []
        return CommonMarkParser(file: "hint").parse(text, diagnostics: &ignored)
    }
}
