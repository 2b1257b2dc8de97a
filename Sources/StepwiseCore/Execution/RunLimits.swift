/// Limits applied to every child process the tutor starts.
package struct RunLimits: Sendable, Hashable {
    /// Wall-clock time after which the child's process group is killed.
    /// `nil` means no limit (used for interactive sessions, which arm their own).
    package var wallClock: Duration?
    /// Output bytes kept and shown (standard output and error together); the rest is only counted.
    package var keptOutputBytes: Int
    /// Output bytes after which the child is killed: a runaway `print` loop must not run for long.
    package var hardOutputBytes: Int
    /// CPU seconds (`ulimit -t`); a backstop for a child that outlives the tutor.
    /// `nil` derives it from the wall-clock limit.
    package var cpuSeconds: Int?
    /// Virtual memory in bytes (`ulimit -v`); `nil` for no limit.
    package var memoryBytes: Int?
    /// Processes the child may have running at once, itself and its descendants, counted every
    /// 100 ms (every 500 ms after the first two seconds); past it the child is stopped.
    /// `RLIMIT_NPROC` cannot do this: it counts all of the user's processes and root is exempt.
    package var maximumProcesses: Int?
    /// The largest file the child may write (`RLIMIT_FSIZE`, `ulimit -f`); past it the write
    /// fails and the child gets SIGXFSZ. `nil` for no limit.
    package var fileSizeBytes: Int?
    /// Whether the child runs in the machine's sandbox (see ``SandboxMode``).
    package var sandbox: SandboxMode
    /// How long a program that waits for the tutor between requests (a stepping program) may
    /// wait before it is ended: a learner who walks away must not leave it running for good.
    /// The live program behind the prompt, which waits for entries, is given the same limit.
    package var idleLimit: Duration

    /// The defaults: 10 s wall clock, 1 MiB kept, 32 MiB hard cap, 4 GiB of address space, 256 processes,
    /// 256 MiB per file, in the sandbox when the machine has one, 30 minutes idle.
    package init(
        wallClock: Duration? = .seconds(10),
        keptOutputBytes: Int = 1 << 20,
        hardOutputBytes: Int = 32 << 20,
        cpuSeconds: Int? = nil,
        memoryBytes: Int? = 4 << 30,
        maximumProcesses: Int? = 256,
        fileSizeBytes: Int? = 256 << 20,
        sandbox: SandboxMode = .automatic,
        idleLimit: Duration = .seconds(30 * 60)
    ) {
        self.idleLimit = idleLimit
        self.maximumProcesses = maximumProcesses
        self.fileSizeBytes = fileSizeBytes
        self.sandbox = sandbox
        self.wallClock = wallClock
        self.keptOutputBytes = keptOutputBytes
        self.hardOutputBytes = hardOutputBytes
        self.cpuSeconds = cpuSeconds
        self.memoryBytes = memoryBytes
    }

    /// Limits for a snippet with a `timeout=N` attribute.
    package static func seconds(_ seconds: Int) -> RunLimits {
        RunLimits(wallClock: .seconds(seconds))
    }

    /// The CPU limit handed to `ulimit -t`: the explicit one, or the wall clock plus
    /// a second, or ten minutes for processes without a wall clock.
    package var effectiveCPUSeconds: Int {
        if let cpuSeconds { return max(1, cpuSeconds) }
        guard let wallClock else { return 600 }
        return Int(wallClock.components.seconds) + 2
    }
}
