import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starting a child: descriptors, `posix_spawn` and its file actions, and the limits.
extension ChildProcess {
    // MARK: Detached work

    /// Starts a shell script that outlives the tutor (a compile for the cache after
    /// a one-shot `stepwise run`), with no input or output and in its own process
    /// group, so neither the tutor's exit nor a Ctrl-C in the terminal stops it.
    ///
    /// The script runs in the background of a short-lived `/bin/sh`, which exits at
    /// once and is reaped here; the script is then adopted by init, so no zombie stays behind.
    static func startDetached(script: String, environment: [String: String], limits: RunLimits) throws {
        let spec = ProcessSpec(
            executable: "/bin/sh", arguments: ["-c", "( \(script) ) &"], environment: environment)
        let pid = try spawn(spec, limits: limits, stdout: nil, stderr: nil, control: nil)
        let reaper = Thread { Syscalls.waitBlocking(pid) }
        reaper.name = "stepwise reaper \(pid)"
        reaper.start()
    }

    // MARK: Launching

    /// Starts the child and its monitor. A sandboxed child starts on a Dispatch thread: its start
    /// waits for the session host's `ready`, and neither that wait nor the monitor's start may
    /// hang on Swift's cooperative threads (two on a 2-core machine), which a busy tutor, or a
    /// test process running hundreds of tasks, can keep from coming back for seconds.
    static func launch(
        _ spec: ProcessSpec, limits: RunLimits, interactive: Bool, controlled: Bool,
        observer: (@Sendable (TimedLine) -> Void)?, removesAtExit: String?
    ) async throws -> ChildProcess {
        guard limits.sandbox.resolved != nil else {
            return try launchNow(
                spec, limits: limits, interactive: interactive, controlled: controlled, observer: observer,
                removesAtExit: removesAtExit)
        }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(
                    with: Result {
                        try launchNow(
                            spec, limits: limits, interactive: interactive, controlled: controlled, observer: observer,
                            removesAtExit: removesAtExit)
                    })
            }
        }
    }

    private static func launchNow(
        _ spec: ProcessSpec, limits: RunLimits, interactive: Bool, controlled: Bool,
        observer: (@Sendable (TimedLine) -> Void)?, removesAtExit: String?
    ) throws -> ChildProcess {
        guard access(spec.executable, X_OK) == 0 else {
            if let removesAtExit { ScratchFolder.remove(removesAtExit) }
            throw ChildProcessError.notExecutable(path: spec.executable)
        }
        _ = stopsAllAtExit
        var spec = spec
        let marker = LeftoverProcesses.makeMarker()
        spec.environment[LeftoverProcesses.variable] = marker
        let stdoutPipe = try makePipe()
        let stderrPipe: (read: Int32, write: Int32)
        do { stderrPipe = try makePipe() } catch {
            closeAll([stdoutPipe.read, stdoutPipe.write])
            throw error
        }
        let wakePipe: (read: Int32, write: Int32)
        do { wakePipe = try makePipe() } catch {
            closeAll([stdoutPipe.read, stdoutPipe.write, stderrPipe.read, stderrPipe.write])
            throw error
        }
        var input: (parent: Int32, child: Int32)?
        if controlled {
            spec.environment[ControlChannel.variable] = String(ControlChannel.childDescriptor)
            do { input = try makeSocketPair() } catch {
                closeAll([stdoutPipe.read, stdoutPipe.write, stderrPipe.read, stderrPipe.write, wakePipe.read, wakePipe.write])
                throw error
            }
        }
        for fd in [stdoutPipe.read, stderrPipe.read, wakePipe.read, wakePipe.write] + (input.map { [$0.parent] } ?? []) {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }

        let spawnStart = ContinuousClock.now
        let spawnTime = MonotonicClock.now()
        let pid: pid_t
        var hosted: HostedRun?
        do {
            if let sandbox = limits.sandbox.resolved {
                hosted = try SandboxHost.start(
                    spec, in: sandbox, limits: limits, stdout: stdoutPipe.write, stderr: stderrPipe.write, control: input?.child)
            }
            if let hosted {
                pid = hosted.pid
            } else {
                pid = try spawn(
                    spec, limits: limits, stdout: stdoutPipe.write, stderr: stderrPipe.write, control: input?.child)
            }
        } catch {
            closeAll([stdoutPipe.read, stdoutPipe.write, stderrPipe.read, stderrPipe.write, wakePipe.read, wakePipe.write])
            if let input { closeAll([input.parent, input.child]) }
            if let removesAtExit { ScratchFolder.remove(removesAtExit) }
            throw error
        }
        live.lock.withLock { live.markers[pid] = marker }
        // The child has its own copies; ours would keep the pipes from ever reaching end of file.
        closeAll([stdoutPipe.write, stderrPipe.write])
        if let input { closeAll([input.child]) }

        let process = ChildProcess(
            pid: pid, start: spawnStart, spawnTime: spawnTime, limits: limits,
            stdoutFD: stdoutPipe.read, stderrFD: stderrPipe.read,
            wakeReadFD: wakePipe.read, wakeWriteFD: wakePipe.write,
            controlFD: input?.parent, isInteractive: interactive, observer: observer,
            marker: marker, removesAtExit: removesAtExit, isSandboxed: limits.sandbox.resolved != nil, hosted: hosted)
        let thread = Thread { process.monitor() }
        thread.name = "stepwise child \(pid)"
        thread.start()
        // A hosted run's init counts its own processes.
        if let maximum = limits.maximumProcesses, hosted == nil {
            let census = Thread { process.countProcesses(maximum: maximum) }
            census.name = "stepwise census \(pid)"
            census.start()
        }
        return process
    }

    /// The shell wrapper that applies limits in the child before `exec`.
    static func wrapperScript(limits: RunLimits, workingDirectory: String?) -> String {
        var script = "ulimit -c 0 2>/dev/null; ulimit -t \(limits.effectiveCPUSeconds) 2>/dev/null; "
        if let memory = limits.memoryBytes {
            script += "ulimit -v \(max(1, memory / 1024)) 2>/dev/null; "
        }
        if let fileSize = limits.fileSizeBytes {
            // POSIX counts `ulimit -f` in 512-byte blocks.
            script += "ulimit -f \(max(1, fileSize / 512)) 2>/dev/null; "
        }
        if let workingDirectory {
            script += "cd -- \(shellQuoted(workingDirectory)) || exit 126; "
        }
        script += "exec \"$0\" \"$@\""
        return script
    }

    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static func spawn(
        _ spec: ProcessSpec, limits: RunLimits, stdout: Int32?, stderr: Int32?, control: Int32?
    ) throws -> pid_t {
        // On Linux the limits are set with prlimit(2) right after the spawn, which saves
        // starting a shell (about 1 ms per run). A generated program's `started` message
        // waits for an ack the monitor sends only after this, so no snippet code runs
        // unlimited. Elsewhere a shell applies `ulimit`s.
        //
        // In a sandbox the limits must be in place before `bwrap` forks the sandbox's processes,
        // which prlimit(2) after the spawn cannot promise: the shell sets them and execs `bwrap`,
        // which changes into the working directory itself.
        let sandbox = limits.sandbox.resolved
        #if os(Linux)
        let isDirect =
            sandbox == nil && PlatformCalls.prlimit != nil && (spec.workingDirectory == nil || PlatformCalls.addChdir != nil)
        #else
        let isDirect = false
        #endif
        let program = isDirect ? spec.executable : "/bin/sh"
        let argv: [String]
        let environment: [String: String]
        if let sandbox {
            argv = ["/bin/sh", "-c", wrapperScript(limits: limits, workingDirectory: nil)] + sandbox.commandLine(for: spec)
            environment = sandbox.environment(for: spec)
        } else {
            argv =
                isDirect
                ? [spec.executable] + spec.arguments
                : ["/bin/sh", "-c", wrapperScript(limits: limits, workingDirectory: spec.workingDirectory), spec.executable]
                    + spec.arguments
            environment = spec.environment
        }
        let envp = environment.map { "\($0.key)=\($0.value)" }

        #if os(Linux)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        for (fd, target) in [(stdout, Int32(1)), (stderr, Int32(2))] {
            if let fd {
                posix_spawn_file_actions_adddup2(&actions, fd, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            }
        }
        // Snippets never read the learner's typing: input is at end of file at once.
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let control {
            posix_spawn_file_actions_adddup2(&actions, control, ControlChannel.childDescriptor)
        }
        var flags = Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)
        #if os(Linux)
        // A session of its own: the child leads its own process group, has no controlling
        // terminal, so it can neither read the learner's typing nor be stopped by it, and its
        // session id marks its descendants.
        flags |= Syscalls.posixSpawnSetsid
        // Any descriptor the tutor opened without close-on-exec must not leak into snippets;
        // the control channel's descriptor is the one kept.
        if let closeFrom = PlatformCalls.addCloseFrom {
            _ = closeFrom(&actions, control == nil ? 3 : ControlChannel.childDescriptor + 1)
        }
        if isDirect, let workingDirectory = spec.workingDirectory, let addChdir = PlatformCalls.addChdir {
            _ = addChdir(&actions, workingDirectory)
        }
        #else
        flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT) | Int32(POSIX_SPAWN_SETPGROUP)
        posix_spawnattr_setpgroup(&attributes, 0)
        #endif
        posix_spawnattr_setflags(&attributes, Int16(truncatingIfNeeded: flags))
        resetSignals(&attributes)

        var cArguments = argv.map { strdup($0) } + [nil]
        var cEnvironment = envp.map { strdup($0) } + [nil]
        defer {
            for pointer in cArguments { free(pointer) }
            for pointer in cEnvironment { free(pointer) }
        }
        var pid = pid_t()
        let status: Int32
        if sandbox != nil {
            status = SandboxSpawner.shared.perform {
                posix_spawn(&pid, program, &actions, &attributes, &cArguments, &cEnvironment)
            }
        } else {
            status = posix_spawn(&pid, program, &actions, &attributes, &cArguments, &cEnvironment)
        }
        guard status == 0 else {
            if status == ENOENT || status == EACCES || status == ENOEXEC {
                throw ChildProcessError.notExecutable(path: spec.executable)
            }
            throw ChildProcessError.systemCallFailed(call: "posix_spawn", errno: status)
        }
        #if os(Linux)
        if isDirect { applyLimits(limits, to: pid) }
        #endif
        return pid
    }

    #if os(Linux)
    typealias SpawnAttributes = posix_spawnattr_t
    #else
    typealias SpawnAttributes = posix_spawnattr_t?
    #endif

    /// The tutor may ignore or catch SIGINT/SIGPIPE; a child gets default dispositions and no
    /// blocked signals (with POSIX_SPAWN_SETSIGDEF and POSIX_SPAWN_SETSIGMASK set).
    static func resetSignals(_ attributes: inout SpawnAttributes) {
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGQUIT, SIGHUP, SIGCHLD, SIGUSR1, SIGUSR2, SIGXFSZ] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
    }

    #if os(Linux)
    /// The same limits as the shell wrapper's `ulimit`s. The CPU hard limit is a
    /// second above the soft one, so a program that ignores SIGXCPU is still killed.
    static func applyLimits(_ limits: RunLimits, to pid: pid_t) {
        guard let prlimit = PlatformCalls.prlimit else { return }
        var core = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = prlimit(pid, Int32(RLIMIT_CORE.rawValue), &core, nil)
        let seconds = rlim_t(limits.effectiveCPUSeconds)
        var cpu = rlimit(rlim_cur: seconds, rlim_max: seconds + 1)
        _ = prlimit(pid, Int32(RLIMIT_CPU.rawValue), &cpu, nil)
        if let memory = limits.memoryBytes {
            var address = rlimit(rlim_cur: rlim_t(memory), rlim_max: rlim_t(memory))
            _ = prlimit(pid, Int32(RLIMIT_AS.rawValue), &address, nil)
        }
        if let fileSize = limits.fileSizeBytes {
            var size = rlimit(rlim_cur: rlim_t(fileSize), rlim_max: rlim_t(fileSize))
            _ = prlimit(pid, Int32(RLIMIT_FSIZE.rawValue), &size, nil)
        }
    }
    #endif

    static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        #if os(Linux)
        if let pipe2 = PlatformCalls.pipe2 {
            guard pipe2(&fds, O_CLOEXEC) == 0 else {
                throw ChildProcessError.systemCallFailed(call: "pipe2", errno: errno)
            }
            return (fds[0], fds[1])
        }
        #endif
        guard pipe(&fds) == 0 else {
            throw ChildProcessError.systemCallFailed(call: "pipe", errno: errno)
        }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    /// The control channel: a socket, as it carries messages one way and commands and acks
    /// the other, and writing to it can be done without SIGPIPE (which would kill the tutor)
    /// when the child has exited.
    static func makeSocketPair() throws -> (parent: Int32, child: Int32) {
        var fds: [Int32] = [-1, -1]
        #if os(Linux)
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        #else
        let type = SOCK_STREAM
        #endif
        guard socketpair(AF_UNIX, type, 0, &fds) == 0 else {
            throw ChildProcessError.systemCallFailed(call: "socketpair", errno: errno)
        }
        #if !os(Linux)
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var one: Int32 = 1
        setsockopt(fds[0], SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        // dup2 onto the same number would leave close-on-exec set, and the child without its channel.
        if fds[1] <= ControlChannel.childDescriptor {
            let moved = fcntl(fds[1], F_DUPFD_CLOEXEC, ControlChannel.childDescriptor + 1)
            close(fds[1])
            guard moved >= 0 else {
                close(fds[0])
                throw ChildProcessError.systemCallFailed(call: "fcntl", errno: errno)
            }
            fds[1] = moved
        }
        return (fds[0], fds[1])
    }

    static func closeAll(_ fds: [Int32]) {
        for fd in fds where fd >= 0 { close(fd) }
    }
}
