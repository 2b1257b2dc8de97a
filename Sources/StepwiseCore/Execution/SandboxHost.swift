import Foundation
import SandboxWire
import Synchronization

#if canImport(Glibc)
import CSandboxCalls
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The session's sandbox host: one bubblewrap sandbox, started on first use, that starts every
/// contained run of the session (the `stepwise-sandbox` executable, built beside `stepwise`).
///
/// Starting a bubblewrap sandbox costs about 4 ms here, as much as a cached snippet's whole run,
/// so a sandbox per run cannot keep a cached `run` near running the binary directly. The host
/// pays that once. For each run it forks into a new PID and mount namespace, lays out the run's
/// private `/tmp` and working directory, sets the limits, drops every capability and execs the
/// program (see the host's `HostLoop`). The run's first process reports on a supervision socket
/// of the run's own (``HostedRun``): when it is ready, how the program ended, a fork loop. The
/// tutor signals the run through the same socket.
///
/// Where the host cannot start (its executable is missing, the machine refuses the namespaces),
/// runs fall back to a bubblewrap sandbox each (``Sandbox/commandLine(for:)``), contained the same
/// way at the old cost. A host that dies mid-session is started again for the next run.
package final class SandboxHost: @unchecked Sendable {
    /// The host's executable: `STEPWISE_SANDBOX_HOST` when set (empty turns the host off), else
    /// `stepwise-sandbox` beside the running executable (the tutor, or the test bundle).
    static let executableVariable = "STEPWISE_SANDBOX_HOST"

    /// The tutor's end of the request socket.
    private let socket: Int32
    /// `bwrap` around the host, a child of the tutor: killing it ends every run (its PID
    /// namespace holds them all).
    let pid: pid_t
    private let sendLock = NSLock()

    private init(socket: Int32, pid: pid_t) {
        self.socket = socket
        self.pid = pid
    }

    /// The running hosts, one per `bwrap` (the tmpfs size and limits come with each request, so
    /// every sandbox with the same `bwrap` shares one), and the `bwrap`s that could not start one.
    private static let state = Mutex<State>(State())

    private struct State {
        var hosts: [String: SandboxHost] = [:]
        var unavailable: Set<String> = []
    }

    static func executablePath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let path = environment[executableVariable] { return path.isEmpty ? nil : path }
        guard let running = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        let path = ((running as NSString).deletingLastPathComponent as NSString).appendingPathComponent("stepwise-sandbox")
        return access(path, X_OK) == 0 ? path : nil
    }

    /// Starts a run of `spec` in the session's host, waiting for its `ready` (so not on a
    /// cooperative thread: see ``ChildProcess/launch``). Nil when there is no host to start it (the
    /// caller then starts a sandbox of its own); throws when the host took the run and its
    /// set-up failed.
    static func start(
        _ spec: ProcessSpec, in sandbox: Sandbox, limits: RunLimits, stdout: Int32, stderr: Int32, control: Int32?
    ) throws -> HostedRun? {
        #if os(Linux)
        let request = sandbox.request(for: spec, limits: limits, hasControlChannel: control != nil)
        let encoded = request.encoded
        guard encoded.count < 1 << 20 else { return nil }
        for attempt in 0..<2 {
            guard let host = running(for: sandbox, restart: attempt > 0) else { return nil }
            let outputs = [stdout, stderr] + (control.map { [$0] } ?? [])
            // The host has gone: start another once.
            guard let supervision = try host.send(encoded, outputs: outputs) else { continue }
            // A request sent just as the host was killed is lost with it: start another once.
            guard let run = try HostedRun.awaitReady(supervision: supervision) else { continue }
            return run
        }
        return nil
        #else
        return nil
        #endif
    }

    /// The host for `sandbox`: the one running, or a new one (`restart` replaces a host that
    /// stopped taking requests). Nil, for good, when one cannot start.
    private static func running(for sandbox: Sandbox, restart: Bool) -> SandboxHost? {
        state.withLock { state in
            let bwrap = sandbox.bwrapPath
            if state.unavailable.contains(bwrap) { return nil }
            if let host = state.hosts[bwrap], !restart { return host }
            state.hosts[bwrap]?.end()
            state.hosts[bwrap] = nil
            guard let executable = executablePath(), let host = launch(executable, sandbox: sandbox) else {
                state.unavailable.insert(bwrap)
                return nil
            }
            state.hosts[bwrap] = host
            return host
        }
    }

    /// How runs in `sandbox` start, for `stepwise doctor`: from the session host (started here
    /// if it is not running), or in a sandbox each, and why.
    package static func startDescription(for sandbox: Sandbox) -> String {
        guard let executable = executablePath() else {
            return "a sandbox per run (stepwise-sandbox, the session host, is not beside this executable)"
        }
        guard running(for: sandbox, restart: false) != nil else {
            return "a sandbox per run (the session host \(executable) could not start a run here)"
        }
        return "one sandbox per session, whose host (\(executable)) forks each run into namespaces of its own"
    }

    /// The pid of the running host for `sandbox`'s `bwrap`, if one is running (for `doctor` and tests).
    static func runningPID(for sandbox: Sandbox) -> pid_t? {
        state.withLock { $0.hosts[sandbox.bwrapPath]?.pid }
    }

    /// Kills the host and with it every run it started (for a tutor that is ending).
    static func stopAll() {
        state.withLock { state in
            for host in state.hosts.values { host.end() }
            state.hosts = [:]
        }
    }

    private func end() {
        close(socket)
        _ = kill(pid, SIGKILL)
        let reaper = Thread { [pid] in Syscalls.waitBlocking(pid) }
        reaper.name = "stepwise reaper \(pid)"
        reaper.start()
    }

    #if os(Linux)
    /// `bwrap` around the host, its request socket as descriptor 3, started from the
    /// ``SandboxSpawner`` thread so `--die-with-parent` holds for as long as the tutor lives.
    private static func launch(_ executable: String, sandbox: Sandbox) -> SandboxHost? {
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else { return nil }
        let argv = [sandbox.bwrapPath] + sandbox.hostOptions + ["--", executable]
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        for target in [Int32(0), 1, 2] {
            posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, pair[1], 3)
        if let closeFrom = PlatformCalls.addCloseFrom { _ = closeFrom(&actions, 4) }
        ChildProcess.resetSignals(&attributes)
        // A session of its own: the learner's Ctrl-C at the terminal reaches the tutor, not the host.
        posix_spawnattr_setflags(
            &attributes, Int16(truncatingIfNeeded: Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK) | Syscalls.posixSpawnSetsid)
        )
        var cArguments = argv.map { strdup($0) } + [nil]
        var cEnvironment: [UnsafeMutablePointer<CChar>?] = [strdup("PATH=/usr/bin:/bin"), nil]
        defer {
            for pointer in cArguments { free(pointer) }
            for pointer in cEnvironment { free(pointer) }
        }
        var pid = pid_t()
        let status = SandboxSpawner.shared.perform {
            posix_spawn(&pid, sandbox.bwrapPath, &actions, &attributes, &cArguments, &cEnvironment)
        }
        close(pair[1])
        guard status == 0 else {
            close(pair[0])
            return nil
        }
        let host = SandboxHost(socket: pair[0], pid: pid)
        // A trial run: a host that cannot make a run's namespaces is no host.
        guard host.works() else {
            host.end()
            return nil
        }
        return host
    }

    /// Starts `/bin/true` through the host and waits for its end.
    private func works() -> Bool {
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer { close(null) }
        let request = SandboxRequest(
            executable: "/bin/true", arguments: ["/bin/true"], environment: [], workingDirectory: nil,
            tmpfsBytes: 1 << 20, cpuSeconds: 10, memoryBytes: nil, fileSizeBytes: nil, maximumProcesses: nil,
            keptPaths: [], hasControlChannel: false)
        guard let supervision = try? send(request.encoded, outputs: [null, null]) else { return false }
        defer { close(supervision) }
        while let report = HostedRun.receive(supervision, timeoutMilliseconds: 30_000)?.report {
            if case .exited(let status) = report { return status == 0 }
            if case .failed = report { return false }
        }
        return false
    }

    /// Sends one request with a new supervision socket and `outputs` (standard output, standard
    /// error, the control channel) beside it. Returns the tutor's end of the supervision socket
    /// (it receives its sender's pid with each report), or nil when the host did not take it.
    private func send(_ encoded: [UInt8], outputs: [Int32]) throws -> Int32? {
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw ChildProcessError.systemCallFailed(call: "socketpair", errno: errno)
        }
        var one: Int32 = 1
        setsockopt(pair[0], SOL_SOCKET, Int32(STEPWISE_SO_PASSCRED), &one, socklen_t(MemoryLayout<Int32>.size))
        let passed = [pair[1]] + outputs
        let sent = sendLock.withLock {
            encoded.withUnsafeBytes { bytes in
                stepwise_send_with_descriptors(socket, bytes.baseAddress, bytes.count, passed, Int32(passed.count))
            }
        }
        close(pair[1])
        guard sent == encoded.count else {
            close(pair[0])
            return nil
        }
        return pair[0]
    }
    #endif
}
