/// What one compile may take: a type-checking bomb (nested generic tuples, a long chain of
/// mixed literals) can keep `swiftc` busy for many minutes and gigabytes, and the tutor must
/// neither wait for it nor let it fill the machine.
package struct CompileLimits: Sendable, Hashable {
    /// Wall-clock time (and, for a detached compile, CPU time) after which the compiler is stopped.
    package var time: Duration
    /// Address space of each compiler process. 4 GiB is what an interpreted run gets, and the
    /// interpreter compiles the same program in its own process.
    package var memoryBytes: Int?

    package static let defaultSeconds = 60

    package init(time: Duration = .seconds(CompileLimits.defaultSeconds), memoryBytes: Int? = 4 << 30) {
        self.time = time
        self.memoryBytes = memoryBytes
    }

    /// The defaults, with `STEPWISE_COMPILE_SECONDS` (a whole number of seconds, at least 1) for the time.
    package init(environment: [String: String]) {
        self.init()
        if let text = environment["STEPWISE_COMPILE_SECONDS"], let seconds = Int(text), seconds >= 1 {
            time = .seconds(seconds)
        }
    }

    /// What a compile stopped by the time limit reports.
    static func stoppedMessage(_ limit: Duration) -> String {
        "the compiler was stopped at the compile limit (\(DurationText.limit(limit))): the type checker may be stuck on an "
            + "expression; split long expressions or give types to literals (STEPWISE_COMPILE_SECONDS sets the limit)"
    }
}
