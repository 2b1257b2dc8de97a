/// How a snippet runs, from its options: the one place `timeout=` and `compiled` are read.
package struct SnippetPlan: Sendable, Hashable {
    package var limits: RunLimits
    /// `compiled`: timings or threads that the interpreter would distort, so compile first.
    package var compilesFirst: Bool

    /// - Parameters:
    ///   - options: The snippet's info-string options.
    ///   - base: The executor's limits; `timeout=N` overrides the wall clock.
    package init(_ options: SwiftSnippet, base: RunLimits) {
        limits = base
        if let seconds = options.timeoutSeconds { limits.wallClock = .seconds(seconds) }
        compilesFirst = options.needsCompiledBinary
    }
}
