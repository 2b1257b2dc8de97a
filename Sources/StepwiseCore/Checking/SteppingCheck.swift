/// A `steps` block must list what stepping its `step=NAME` snippet really returns: the tutor's
/// `step` command calls `next()` once per line and the learner compares with the lesson. A call
/// that throws is written `throws ` and the error as Swift prints it (`throws Boom()`).
package enum SteppingCheck {
    /// How a steps line says that the call threw.
    package static let throwPrefix = "throws "

    package static func check(_ snippet: Snippet, engine: any CheckEngine) async -> [Diagnostic] {
        guard let stepsBlock = snippet.expectedSteps, let target = snippet.options.stepTarget else { return [] }
        let stated = stepsBlock.numberedLines.map { (line: $0.line, value: $0.text.trimmingLeadingWhitespace()) }
        guard !stated.isEmpty else {
            return [.warning(at: stepsBlock.location, "steps block is empty, so stepping is not checked")]
        }
        let outcome = await engine.step(snippet.block, target: target, calls: stated.count)
        for (call, expected) in stated.enumerated() {
            let location = SourceLocation(file: stepsBlock.location.file, line: expected.line, column: stepsBlock.location.column)
            guard call < outcome.values.count else {
                return [
                    .error(
                        at: location,
                        "call \(call + 1) of \(target).next() returned nothing; the steps block says '\(expected.value)'",
                        notes: [outcome.failure ?? "stepping ended early"]
                    )
                ]
            }
            let real = outcome.values[call]
            if !accepts(expected.value, real) {
                let diff = LineDiff.unified(
                    expected: stated.map(\.value), actual: outcome.values,
                    expectedLabel: "steps block", actualLabel: "stepping", matches: accepts
                )
                return [
                    .error(
                        at: location,
                        "call \(call + 1) of \(target).next() returned '\(real)', but the steps block says '\(expected.value)'",
                        notes: diff.split(separator: "\n").map(String.init)
                    )
                ]
            }
        }
        return []
    }

    /// A stated value matches as an `output` line does: exactly, or by prefix after `~ `.
    static func accepts(_ stated: String, _ real: String) -> Bool {
        ExpectedOutput.matches(expected: stated, actual: real) == .matches
    }
}
