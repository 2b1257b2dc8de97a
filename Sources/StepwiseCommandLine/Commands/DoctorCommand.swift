import ArgumentParser
import StepwiseCore
import StepwiseTerminal

/// `stepwise doctor`: what contains snippet runs on this machine.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Show what contains snippet runs here: the sandbox and the limits in force."
    )

    func run() async throws {
        let console = StandardConsole()
        let probe = SandboxProbe.current
        let starts = probe.sandbox.map { SandboxHost.startDescription(for: $0) }
        for line in Self.report(probe, limits: RunLimits(), starts: starts) { console.line(line) }
    }

    /// The report's lines, for a probe's answer, the limits a run gets by default and how a
    /// contained run starts (``SandboxHost/startDescription(for:)``).
    static func report(_ probe: SandboxProbe, limits: RunLimits, starts: String? = nil) -> [String] {
        var lines: [String] = []
        if let sandbox = probe.sandbox {
            lines.append("Snippet runs are contained by bubblewrap.")
            lines.append("  bwrap:       \(sandbox.bwrapPath) (\(probe.version ?? "version unknown"))")
            lines.append("  namespaces:  work (PID, network, IPC, UTS, mount; no capabilities; a session of its own)")
            if let starts { lines.append("  starts:      \(starts)") }
            lines.append("  files:       read-only except /tmp and the run's scratch folder, \(mebibytes(sandbox.tmpfsBytes)) tmpfs each")
            lines.append("  processes:   the sandbox's own only; all end when the run does, or when the tutor dies")
        } else {
            lines.append("Snippet runs are NOT contained: \(probe.reason ?? "no sandbox").")
            if let path = probe.bwrapPath { lines.append("  bwrap:       \(path) (\(probe.version ?? "version unknown"))") }
            lines.append("  Snippets run with your rights; only the limits below apply.")
            if probe.bwrapPath == nil {
                lines.append("  Install bubblewrap (apt-get install bubblewrap) to contain them.")
            } else if probe.reason?.hasPrefix(SandboxProbe.switchVariable) != true {
                lines.append("  bwrap needs namespaces, which this machine (or container) does not allow.")
            }
        }
        lines.append("Limits of a run:")
        let wallClock = limits.wallClock.map { "\($0.components.seconds) s" } ?? "none"
        lines.append("  wall clock:  \(wallClock) (a lesson's timeout= changes it)")
        lines.append("  CPU:         \(limits.effectiveCPUSeconds) s")
        lines.append("  memory:      \(limits.memoryBytes.map(mebibytes) ?? "no limit") of address space")
        lines.append("  processes:   \(limits.maximumProcesses.map(String.init) ?? "no limit") at once")
        lines.append("  file size:   \(limits.fileSizeBytes.map(mebibytes) ?? "no limit") per file")
        lines.append("  output:      \(mebibytes(limits.keptOutputBytes)) kept, stopped at \(mebibytes(limits.hardOutputBytes))")
        return lines
    }

    static func mebibytes(_ bytes: Int) -> String {
        bytes >= 1 << 30 && bytes % (1 << 30) == 0 ? "\(bytes >> 30) GiB" : "\(bytes >> 20) MiB"
    }
}
