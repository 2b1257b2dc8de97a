import StepwiseCore
import StepwiseTerminal

/// The tutor's fixed texts: the actions line under a step, `help`, and Tab completion.
enum TutorText {
    /// The few commands that make sense on this step, so nobody has to remember them.
    static func actions(step: Step, isLast: Bool) -> String {
        var actions: [String] = []
        let snippets = step.snippets
        if snippets.contains(where: { $0.options.stepTarget != nil }) { actions.append("step") }
        if snippets.contains(where: { $0.options.isPrediction }) { actions.append("predict") }
        if !snippets.isEmpty { actions.append(snippets.count > 1 ? "run 1…\(snippets.count)" : "run") }
        if step.exercise != nil { actions += ["edit", "check"] }
        if step.codeBlocks.contains(where: { if case .python(let use) = $0.role { use.runs } else { false } }) {
            actions.append("compare")
        }
        if !step.hints.isEmpty { actions.append("hint") }
        return "[Enter] \(isLast ? "finish" : "continue") · " + (actions + ["back", "help"]).joined(separator: " · ")
    }

    static func help(renderer: LessonRenderer) -> StyledText {
        var text = StyledText()
        text.append([Span("Commands", .bold)])
        let widest = SessionCommand.catalog.map(\.usage.count).max() ?? 0
        let hanging = String(repeating: " ", count: widest + 4)
        for entry in SessionCommand.catalog {
            let usage = "  " + entry.usage.padding(toLength: widest + 2, withPad: " ", startingAt: 0)
            var wrapped = renderer.wrap([Span(entry.summary)], indent: hanging, hanging: hanging)
            if var first = wrapped.lines.first {
                first[0] = Span(usage, .colored(.cyan))
                wrapped.lines[0] = first
            }
            text.append(wrapped)
        }
        text.append(
            renderer.wrap(
                [
                    Span(
                        "Anything else is Swift: it runs with this step's snippet in scope (try `var it = [1, 2].makeIterator()`, then `it.next()`). "
                            + "Your entries share one live program, whose tasks keep running between them; each line it prints shows "
                            + "the time since the latest entry began. Ctrl-C stops the running entry; a second Ctrl-C, or `restart`, stops "
                            + "its tasks too.",
                        .dim)
                ],
                indent: "", hanging: ""
            ))
        return text
    }

    /// Tab completion: commands for the first word, lesson ids after `goto`.
    static func completions(for before: String, commands: [String], lessonIDs: [String]) -> [String] {
        let words = before.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if words.count <= 1 {
            let prefix = words.first ?? ""
            return commands.filter { $0.hasPrefix(prefix) && $0 != "exit" }.sorted()
        }
        if words.count == 2, words[0] == "goto" {
            return lessonIDs.filter { $0.hasPrefix(words[1]) }
        }
        return []
    }
}
