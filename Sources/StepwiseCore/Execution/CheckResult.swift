/// The result of one `check(name, condition)` or `check(name, actual, equals: expected)`.
package struct CheckResult: Sendable, Hashable {
    package var name: String
    package var passed: Bool
    /// Whether the program crashed (or was stopped) while evaluating this check.
    package var crashed: Bool
    /// A failed value check's two values, as the program described them.
    package var actual: String?
    package var expected: String?
    /// Why a crashed check ended: the runtime's message, or how the program was stopped.
    package var crashReason: String?

    package init(
        name: String, passed: Bool, crashed: Bool = false, actual: String? = nil, expected: String? = nil,
        crashReason: String? = nil
    ) {
        self.name = name
        self.passed = passed
        self.crashed = crashed
        self.actual = actual
        self.expected = expected
        self.crashReason = crashReason
    }

    /// What follows the name when the check failed: `got 5, expected 4`, or why it crashed.
    package var failureDetail: String? {
        if passed { return nil }
        if crashed { return "crashed" + (crashReason.map { ": \($0)" } ?? "") }
        if let actual, let expected { return "got \(actual), expected \(expected)" }
        return nil
    }

    /// The line a report shows for it: `calls square only 4 times: got 5, expected 4`.
    package var summary: String {
        name + (failureDetail.map { ": \($0)" } ?? "")
    }
}
