/// The result of one `check(name, condition)`.
public struct CheckResult: Sendable, Hashable {
    public var name: String
    public var passed: Bool
    /// Whether the program crashed (or was stopped) while evaluating this check's condition.
    public var crashed: Bool

    public init(name: String, passed: Bool, crashed: Bool = false) {
        self.name = name
        self.passed = passed
        self.crashed = crashed
    }
}
