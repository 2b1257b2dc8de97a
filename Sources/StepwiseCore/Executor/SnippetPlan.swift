/// How a snippet runs, from its options: the one place `timeout=` and `compiled` are read.
public struct SnippetPlan: Sendable, Hashable {
    public var limits: RunLimits
    /// `compiled`: timings or threads that the interpreter would distort, so compile first.
    public var compilesFirst: Bool

    /// - Parameters:
    ///   - options: The snippet's info-string options.
    ///   - base: The executor's limits; `timeout=N` overrides the wall clock.
    public init(_ options: SwiftSnippet, base: RunLimits) {
        limits = base
        if let seconds = options.timeoutSeconds { limits.wallClock = .seconds(seconds) }
        compilesFirst = options.needsCompiledBinary
    }
}
