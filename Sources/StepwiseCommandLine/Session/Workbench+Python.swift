import Foundation
import StepwiseCore
import StepwiseTerminal

/// compare: the Python original beside the Swift.
extension Workbench {
    func compare(session: TutorSession) async {
        guard let original = session.step.python, original.role == .python(compare: true), let snippet = session.step.snippets.first else {
            session.say("There is no Python original to compare on this step.")
            return
        }
        let python = await python(session)
        if copies.edited(at: copies.path(lesson: session.lesson, step: session.stepIndex, name: "1")) != nil {
            session.say("(Comparing your edited Swift; `reset` brings back the lesson's.)", .dim)
        }
        guard let swiftLines = await runAndShow(snippet, number: 1, session: session, showOutput: python == nil) else { return }
        guard let python else { return }
        let result: RunResult
        do {
            result = try await cancellable { [limits] in try await python.run(original.code, limits: limits) }
        } catch {
            session.say("Could not run python3: \(error)", .colored(.red))
            return
        }
        let pythonLines = result.lines.map(\.text)
        let presenter = presenter(session)
        let version = python.version.hasPrefix("Python ") ? String(python.version.dropFirst(7)) : python.version
        session.write(StyledText(lines: [presenter.heading("Python \(version) beside Swift")]))
        for row in SideBySide.render(left: pythonLines, right: swiftLines, width: session.capabilities.width) { session.sayVerbatim(row) }
        if !result.termination.isSuccess { session.say("python3 \(result.termination.summary)", .colored(.yellow)) }
        let differences = session.step.differences.map { DeclaredDifference.parseBlock($0.code).differences } ?? []
        switch OutputComparison.compare(python: pythonLines, swift: swiftLines, differences: differences) {
        case .identical:
            session.say("✓ Same output.", .colored(.green, bold: true))
        case .equivalent(let explanations):
            session.say("≈ The same, apart from differences the lesson explains:", .colored(.green, bold: true))
            for explanation in explanations { session.say("  • " + explanation) }
        case .different(let diff):
            session.say("≠ The outputs differ:", .colored(.yellow, bold: true))
            session.sayVerbatim(diff)
        }
    }
}
