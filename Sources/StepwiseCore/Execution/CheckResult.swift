/// The result of one `check(name, condition)`.
package struct CheckResult: Sendable, Hashable {
    package var name: String
    package var passed: Bool
    /// Whether the program crashed (or was stopped) while evaluating this check's condition.
    package var crashed: Bool

    package init(name: String, passed: Bool, crashed: Bool = false) {
        self.name = name
        self.passed = passed
        self.crashed = crashed
    }
}
