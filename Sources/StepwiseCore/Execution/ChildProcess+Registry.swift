import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The registry of children not yet reaped, so a tutor that is ending can stop them all.
extension ChildProcess {
    /// The leader and marker of every child not yet reaped, for ``stopAll()``.
    static let live = Live()

    /// Registers ``stopAll()`` to run when the tutor exits, once, before its first child: the scan
    /// for leftovers follows each run, and a tutor that exits right after one (`stepwise run`,
    /// piped input at its end) must not leave that scan undone.
    static let stopsAllAtExit: Void = {
        atexit { ChildProcess.stopAll() }
    }()

    final class Live: @unchecked Sendable {
        let lock = NSLock()
        var markers: [pid_t: String] = [:]
    }

    /// Kills every child still running, and everything each started: for a tutor that is
    /// itself being ended (its terminal closed, or SIGTERM), whose snippets would otherwise go on
    /// in their own sessions. Detached compiles are not children here and finish.
    package static func stopAll() {
        // Hosted runs end with the host's PID namespace.
        SandboxHost.stopAll()
        let markers = live.lock.withLock { live.markers }
        for (pid, marker) in markers {
            _ = kill(-pid, SIGKILL)
            LeftoverProcesses.kill(leader: pid, marker: marker)
        }
    }
}
