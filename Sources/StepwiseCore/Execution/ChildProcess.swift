#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The one place in Stepwise that starts other programs.
///
/// Every child runs in a session (and process group) of its own, with limits
/// applied by `prlimit` (or a `/bin/sh` wrapper's `ulimit`s before `exec`), so
/// the pid we hold is the program itself and killing the group also kills
/// anything it started; once it ends, ``LeftoverProcesses`` kills whatever of
/// it is still running. Having no controlling terminal, it cannot read from or
/// write to the learner's. A dedicated thread polls the child's standard output
/// and error, timestamps each line, enforces the wall-clock and output limits,
/// and reaps the child.
///
/// Generated programs also get a control channel (``ControlChannel``): a socket on
/// descriptor 3 that carries ``ControlMessage``s, so nothing on standard output or
/// error is ever taken for the tutor's own protocol. When the channel is readable the
/// monitor first reads both output streams dry, so output written before a message
/// arrives before it, and acknowledges the message only after delivering it.
///
/// Use ``run(_:limits:)`` to run a program to completion. Interactive sessions
/// (stepping an iterator) use the internal `start` / `nextEvent` / `write` API.
public final class ChildProcess: @unchecked Sendable {
    /// What the monitor thread reports in an interactive session.
    enum Event: Sendable {
        case line(TimedLine)
        case control(ReceivedControl)
        case exited(RunResult)
    }

    /// Grace period between SIGTERM and SIGKILL.
    static let killGrace: Duration = .milliseconds(200)

    /// How often the child's processes are counted: often at first, when a fork loop would
    /// start, then less, as a long-lived stepping session is mostly idle.
    static func censusInterval(at elapsed: Duration) -> Duration {
        elapsed < .seconds(2) ? .milliseconds(100) : .milliseconds(500)
    }

    /// The leader and marker of every child not yet reaped, for ``stopAll()``.
    private static let live = Live()

    /// Registers ``stopAll()`` to run when the tutor exits, once, before its first child: the scan
    /// for leftovers follows each run, and a tutor that exits right after one (`stepwise run`,
    /// piped input at its end) must not leave that scan undone.
    private static let stopsAllAtExit: Void = {
        atexit { ChildProcess.stopAll() }
    }()

    private final class Live: @unchecked Sendable {
        let lock = NSLock()
        var markers: [pid_t: String] = [:]
    }

    /// Kills every child still running, and everything each started: for a tutor that is
    /// itself being ended (its terminal closed, or SIGTERM), whose snippets would otherwise go on
    /// in their own sessions. Detached compiles are not children here and finish.
    public static func stopAll() {
        let markers = live.lock.withLock { live.markers }
        for (pid, marker) in markers {
            _ = kill(-pid, SIGKILL)
            LeftoverProcesses.kill(leader: pid, marker: marker)
        }
    }

    let pid: pid_t
    private let start: ContinuousClock.Instant
    /// CLOCK_MONOTONIC at spawn: the zero of line and message times, on the child's clock too.
    private let spawnTime: Duration
    private let limits: RunLimits
    private let stdoutFD: Int32
    private let stderrFD: Int32
    private let wakeReadFD: Int32
    private let wakeWriteFD: Int32
    /// The tutor's end of the control channel (nil for children that are not generated programs).
    private let controlFD: Int32?
    private let isInteractive: Bool
    /// The value of ``LeftoverProcesses/variable`` in the child's environment.
    private let marker: String
    /// A folder to remove once the child and its leftovers are gone (its scratch working directory).
    private let removesAtExit: String?
    /// Whether the program's real start is its `started` message (see ``startAllowance``).
    private var awaitsStartMessage: Bool { controlFD != nil }

    // Everything below is guarded by `lock`.
    private let lock = NSLock()
    private var requestedStop: Termination?
    private var deadline: ContinuousClock.Instant?
    private var deadlineLimit: Duration = .zero
    private var events: [Event] = []
    private var eventWaiter: CheckedContinuation<Event?, Never>?
    private var exitDelivered = false
    private var finalResult: RunResult?
    private var resultWaiters: [CheckedContinuation<RunResult, Never>] = []
    private var inputClosed = false
    private var awaitingStart: Bool
    /// Sees each standard-output line as it arrives, timed from the start marker.
    private let observer: (@Sendable (TimedLine) -> Void)?

    private init(
        pid: pid_t, start: ContinuousClock.Instant, spawnTime: Duration, limits: RunLimits,
        stdoutFD: Int32, stderrFD: Int32, wakeReadFD: Int32, wakeWriteFD: Int32,
        controlFD: Int32?, isInteractive: Bool, observer: (@Sendable (TimedLine) -> Void)?,
        marker: String, removesAtExit: String?
    ) {
        self.observer = observer
        self.marker = marker
        self.removesAtExit = removesAtExit
        self.pid = pid
        self.start = start
        self.spawnTime = spawnTime
        self.limits = limits
        self.stdoutFD = stdoutFD
        self.stderrFD = stderrFD
        self.wakeReadFD = wakeReadFD
        self.wakeWriteFD = wakeWriteFD
        self.controlFD = controlFD
        self.isInteractive = isInteractive
        self.awaitingStart = controlFD != nil
        if let wallClock = limits.wallClock {
            deadline = start + wallClock + (controlFD == nil ? .zero : Self.startAllowance)
            deadlineLimit = wallClock
        }
    }

    /// Extra time before the `started` message: the interpreter compiles the program
    /// first, and the learner's time limit is about their program, not the compiler.
    static let startAllowance: Duration = .seconds(60)

    /// The wake pipe and the control socket stay open until nothing can use them:
    /// `stop()` or `write(_:)` may come after the child has ended, and a closed
    /// descriptor number may already belong to a file the tutor opened since.
    deinit {
        Self.closeAll([wakeReadFD, wakeWriteFD])
        if let controlFD { Self.closeAll([controlFD]) }
    }

    // MARK: Running to completion

    /// Runs a program to completion with standard input at end of file.
    ///
    /// Cancelling the awaiting task kills the child's process group (SIGTERM,
    /// then SIGKILL) and returns promptly with ``Termination/interrupted``.
    /// - Throws: ``ChildProcessError`` when the program cannot be started.
    public static func run(_ spec: ProcessSpec, limits: RunLimits = RunLimits()) async throws -> RunResult {
        try await run(spec, limits: limits, controlled: false)
    }

    /// ``run(_:limits:)``; with `controlled`, a generated program with a control channel,
    /// whose wall clock starts at its `started` message (or after ``startAllowance``).
    /// - Parameter observer: called on the monitor thread with each standard-output line as it
    ///   arrives (for showing a run live); the result still holds every line.
    /// - Parameter removesAtExit: a folder (the child's scratch working directory) to remove once
    ///   the child and everything it left running are gone.
    static func run(
        _ spec: ProcessSpec, limits: RunLimits, controlled: Bool, observer: (@Sendable (TimedLine) -> Void)? = nil,
        removesAtExit: String? = nil
    ) async throws -> RunResult {
        let process = try launch(
            spec, limits: limits, interactive: false, controlled: controlled, observer: observer, removesAtExit: removesAtExit)
        return await withTaskCancellationHandler {
            await process.waitForExit()
        } onCancel: {
            process.stop(.interrupted)
        }
    }

    /// Waits until the child has ended and returns everything it produced.
    func waitForExit() async -> RunResult {
        await withCheckedContinuation { continuation in
            lock.lock()
            if let finalResult {
                lock.unlock()
                continuation.resume(returning: finalResult)
            } else {
                resultWaiters.append(continuation)
                lock.unlock()
            }
        }
    }

    // MARK: Interactive sessions

    /// Starts a generated program whose control channel the caller writes commands to with
    /// ``write(_:)``; its standard input is at end of file, like every run's.
    /// Output is delivered through ``nextEvent()`` and not stored in the final result.
    static func startInteractive(
        _ spec: ProcessSpec, limits: RunLimits, removesAtExit: String? = nil
    ) throws -> ChildProcess {
        try launch(spec, limits: limits, interactive: true, controlled: true, observer: nil, removesAtExit: removesAtExit)
    }

    /// The next line, control message or the exit; nil after the exit was delivered.
    func nextEvent() async -> Event? {
        await withCheckedContinuation { continuation in
            lock.lock()
            if !events.isEmpty {
                let event = events.removeFirst()
                if case .exited = event { exitDelivered = true }
                lock.unlock()
                continuation.resume(returning: event)
            } else if exitDelivered {
                lock.unlock()
                continuation.resume(returning: nil)
            } else {
                eventWaiter = continuation
                lock.unlock()
            }
        }
    }

    /// Writes a command line to the child's control channel.
    /// - Throws: ``ChildProcessError/inputClosed`` when the child has ended.
    func write(_ text: String) throws {
        guard let controlFD else { throw ChildProcessError.inputClosed }
        lock.lock()
        let closed = inputClosed || finalResult != nil
        lock.unlock()
        if closed { throw ChildProcessError.inputClosed }
        do {
            try Syscalls.sendAll(controlFD, Array(text.utf8))
        } catch {
            throw ChildProcessError.inputClosed
        }
    }

    /// Arms (or with nil, disarms) a wall-clock limit counted from now.
    func setTimeLimit(_ limit: Duration?) {
        lock.lock()
        awaitingStart = false
        if let limit {
            deadline = ContinuousClock.now + limit
            deadlineLimit = limit
        } else {
            deadline = nil
        }
        lock.unlock()
        wake()
    }

    /// Kills the process group; the result reports `reason` unless the child already ended.
    func stop(_ reason: Termination = .interrupted) {
        lock.lock()
        if requestedStop == nil { requestedStop = reason }
        lock.unlock()
        wake()
    }

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

    private static func launch(
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
        do {
            pid = try spawn(
                spec, limits: limits, stdout: stdoutPipe.write, stderr: stderrPipe.write, control: input?.child)
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
            marker: marker, removesAtExit: removesAtExit)
        let thread = Thread { process.monitor() }
        thread.name = "stepwise child \(pid)"
        thread.start()
        if let maximum = limits.maximumProcesses {
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
        if let workingDirectory {
            script += "cd -- \(shellQuoted(workingDirectory)) || exit 126; "
        }
        script += "exec \"$0\" \"$@\""
        return script
    }

    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static func spawn(
        _ spec: ProcessSpec, limits: RunLimits, stdout: Int32?, stderr: Int32?, control: Int32?
    ) throws -> pid_t {
        // On Linux the limits are set with prlimit(2) right after the spawn, which saves
        // starting a shell (about 1 ms per run). A generated program's `started` message
        // waits for an ack the monitor sends only after this, so no snippet code runs
        // unlimited. Elsewhere a shell applies `ulimit`s.
        #if os(Linux)
        let isDirect = PlatformCalls.prlimit != nil && (spec.workingDirectory == nil || PlatformCalls.addChdir != nil)
        #else
        let isDirect = false
        #endif
        let program = isDirect ? spec.executable : "/bin/sh"
        let argv =
            isDirect
            ? [spec.executable] + spec.arguments
            : ["/bin/sh", "-c", wrapperScript(limits: limits, workingDirectory: spec.workingDirectory), spec.executable]
                + spec.arguments
        let envp = spec.environment.map { "\($0.key)=\($0.value)" }

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
        // The tutor may ignore or catch SIGINT/SIGPIPE; the snippet gets default dispositions and no blocked signals.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGQUIT, SIGHUP, SIGCHLD, SIGUSR1, SIGUSR2] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)

        var cArguments = argv.map { strdup($0) } + [nil]
        var cEnvironment = envp.map { strdup($0) } + [nil]
        defer {
            for pointer in cArguments { free(pointer) }
            for pointer in cEnvironment { free(pointer) }
        }
        var pid = pid_t()
        let status = posix_spawn(&pid, program, &actions, &attributes, &cArguments, &cEnvironment)
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
    /// The same limits as the shell wrapper's `ulimit`s. The CPU hard limit is a
    /// second above the soft one, so a program that ignores SIGXCPU is still killed.
    private static func applyLimits(_ limits: RunLimits, to pid: pid_t) {
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
    }
    #endif

    private static func makePipe() throws -> (read: Int32, write: Int32) {
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
    private static func makeSocketPair() throws -> (parent: Int32, child: Int32) {
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

    private static func closeAll(_ fds: [Int32]) {
        for fd in fds where fd >= 0 { close(fd) }
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = systemWrite(wakeWriteFD, &byte, 1)
    }

    // MARK: The monitor thread

    /// Reads output, enforces limits and reaps the child; runs on its own thread until the child is gone.
    private func monitor() {
        var collector = OutputCollector(keptLimit: limits.keptOutputBytes, storesLines: !isInteractive)
        let bufferSize = 64 * 1024
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 1)
        defer { buffer.deallocate() }
        var open: [TimedLine.Stream: Bool] = [.stdout: true, .stderr: true]
        var stopReason: Termination?
        var termSentAt: ContinuousClock.Instant?
        var killSent = false
        var exitStatus: Int32?
        var idleBackoff = 0
        // A pidfd polls readable when the child exits, so the loop can sleep until
        // something happens; without one it has to look every few milliseconds.
        #if os(Linux)
        let pidFD = PlatformCalls.pidfdOpen.map { $0(pid, 0) } ?? -1
        #else
        let pidFD: Int32 = -1
        #endif
        defer { if pidFD >= 0 { close(pidFD) } }

        func elapsed() -> Duration { MonotonicClock.now() - spawnTime }

        func signalGroup(_ signal: Int32) {
            _ = kill(-pid, signal)
        }

        var observedOrigin: Duration?
        var finishedAt: Duration?
        var controlMessages: [ReceivedControl] = []
        var controlOpen = controlFD != nil
        var controlPending: [UInt8] = []
        var controlOverlong = false

        func deliver(_ produced: [TimedLine]) {
            guard !produced.isEmpty else { return }
            if let observer, !awaitsStartMessage || observedOrigin != nil {
                for var line in produced where line.stream == .stdout {
                    line.elapsed = max(.zero, line.elapsed - (observedOrigin ?? .zero))
                    observer(line)
                }
            }
            guard isInteractive else { return }
            lock.lock()
            events += produced.map { .line($0) }
            let waiter = takeWaiterWithEvent()
            lock.unlock()
            if let (continuation, event) = waiter { continuation.resume(returning: event) }
        }

        /// The ack goes out before a waiting caller resumes: a caller that answers at once
        /// (the next `next` command) must not get its bytes to the child ahead of the ack.
        func deliver(_ message: ControlMessage, sentAt time: Int64, ack: () -> Void) {
            let received = ReceivedControl(
                message: message, elapsed: .nanoseconds(time) - spawnTime, lineIndex: collector.keptLineCount)
            switch message {
            case .started:
                observedOrigin = received.elapsed
                lock.lock()
                if awaitingStart {
                    awaitingStart = false
                    if deadline != nil { deadline = ContinuousClock.now + deadlineLimit }
                }
                lock.unlock()
            case .finished:
                finishedAt = received.elapsed
            default:
                break
            }
            guard isInteractive else {
                controlMessages.append(received)
                ack()
                return
            }
            lock.lock()
            events.append(.control(received))
            let waiter = takeWaiterWithEvent()
            lock.unlock()
            ack()
            if let (continuation, event) = waiter { continuation.resume(returning: event) }
        }

        /// Reads what is available on one stream; returns false at end of file.
        func drain(_ fd: Int32, _ stream: TimedLine.Stream, untilEmpty: Bool = false) -> Bool {
            // Bounded so that one chatty stream cannot starve deadline checks, except before a
            // control message, which must come after everything written before it.
            var reads = 0
            while untilEmpty || reads < 16 {
                reads += 1
                let count = read(fd, buffer.baseAddress, bufferSize)
                if count > 0 {
                    let produced = collector.consume(
                        UnsafeRawBufferPointer(rebasing: buffer[0..<count]), from: stream, at: elapsed())
                    deliver(produced)
                    if collector.totalBytes > limits.hardOutputBytes && stopReason == nil {
                        stopReason = .outputLimit(limits.hardOutputBytes)
                        signalGroup(SIGKILL)
                        killSent = true
                    }
                    if count < bufferSize && !untilEmpty { return true }
                    if killSent && untilEmpty { return true }
                } else if count == 0 {
                    deliver(collector.finishStream(stream, at: elapsed()))
                    return false
                } else {
                    if errno == EINTR { continue }
                    if errno == EAGAIN || errno == EWOULDBLOCK { return true }
                    deliver(collector.finishStream(stream, at: elapsed()))
                    return false
                }
            }
            return true
        }

        /// Reads the control channel; for each complete message, first everything the program
        /// wrote before it, then the message, then the ack the child may be waiting for.
        /// Returns whether there may be more to read.
        @discardableResult
        func readControl() -> Bool {
            guard let controlFD, controlOpen else { return false }
            let count = read(controlFD, buffer.baseAddress, bufferSize)
            if count < 0 && errno == EINTR { return true }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return false }
            if count <= 0 {
                controlOpen = false
                return false
            }
            var start = 0
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            var lines: [[UInt8]] = []
            while start < count {
                guard let newline = bytes[start...].firstIndex(of: 10) else {
                    if controlPending.count + count - start > ControlChannel.maximumLineLength { controlOverlong = true }
                    if !controlOverlong { controlPending += bytes[start...] }
                    break
                }
                if !controlOverlong { lines.append(controlPending + bytes[start..<newline]) }
                controlPending = []
                controlOverlong = false
                start = newline + 1
            }
            guard !lines.isEmpty else { return true }
            for (stream, fd) in [(TimedLine.Stream.stdout, stdoutFD), (.stderr, stderrFD)] where open[stream] == true {
                if !drain(fd, stream, untilEmpty: true) { open[stream] = false }
            }
            for line in lines {
                // Only generated code writes here; a line that does not decode is dropped, not guessed at.
                guard let decoded = try? JSONDecoder().decode(ControlLine.self, from: Data(line)) else { continue }
                deliver(decoded.message, sentAt: decoded.time) {
                    // A child that has gone away needs no ack.
                    if decoded.message.needsAck { try? Syscalls.sendAll(controlFD, [ControlChannel.ack]) }
                }
            }
            return true
        }

        while true {
            let now = ContinuousClock.now
            lock.lock()
            let requested = requestedStop
            let currentDeadline = deadline
            let currentLimit = deadlineLimit
            lock.unlock()

            if stopReason == nil {
                if let requested {
                    stopReason = requested
                    signalGroup(SIGTERM)
                    termSentAt = now
                } else if let currentDeadline, now >= currentDeadline {
                    stopReason = .timedOut(currentLimit)
                    signalGroup(SIGTERM)
                    termSentAt = now
                }
            }
            if let termSentAt, !killSent, now >= termSentAt + Self.killGrace {
                signalGroup(SIGKILL)
                killSent = true
            }

            if exitStatus == nil, let status = exitedStatus() {
                // Collect what the child wrote just before exiting, then clear out its group at once;
                // the rest of what it left behind is found after the result is delivered.
                while readControl() {}
                for (stream, fd) in [(TimedLine.Stream.stdout, stdoutFD), (.stderr, stderrFD)] where open[stream] == true {
                    if !drain(fd, stream) { open[stream] = false }
                }
                signalGroup(SIGKILL)
                exitStatus = status
                break
            }

            var timeout = pidFD >= 0 ? Duration.seconds(3600) : Duration.milliseconds(50)
            if let currentDeadline, stopReason == nil { timeout = min(timeout, max(.zero, currentDeadline - now)) }
            if let termSentAt, !killSent { timeout = min(timeout, max(.zero, termSentAt + Self.killGrace - now)) }
            let anyOpen = open.values.contains(true)
            if !anyOpen && pidFD < 0 {
                // Both pipes are closed: the child is exiting (or closed them and goes on);
                // it becomes reapable within microseconds, so poll briefly, backing off.
                let steps: [Duration] = [.zero, .microseconds(200), .milliseconds(1), .milliseconds(5), .milliseconds(20)]
                timeout = min(timeout, steps[min(idleBackoff, steps.count - 1)])
                idleBackoff += 1
            }

            var fds: [pollfd] = [pollfd(fd: wakeReadFD, events: Int16(POLLIN), revents: 0)]
            if pidFD >= 0 { fds.append(pollfd(fd: pidFD, events: Int16(POLLIN), revents: 0)) }
            if open[.stdout] == true { fds.append(pollfd(fd: stdoutFD, events: Int16(POLLIN), revents: 0)) }
            if open[.stderr] == true { fds.append(pollfd(fd: stderrFD, events: Int16(POLLIN), revents: 0)) }
            if let controlFD, controlOpen { fds.append(pollfd(fd: controlFD, events: Int16(POLLIN), revents: 0)) }
            let milliseconds = Int32(clamping: timeout.components.seconds * 1000 + (timeout.components.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
            let ready = poll(&fds, nfds_t(fds.count), timeout == .zero ? 0 : max(1, milliseconds))
            if ready <= 0 { continue }
            for entry in fds where entry.revents != 0 {
                if entry.fd == wakeReadFD {
                    var sink = [UInt8](repeating: 0, count: 64)
                    while read(wakeReadFD, &sink, sink.count) > 0 {}
                }
            }
            if let controlFD, fds.contains(where: { $0.fd == controlFD && $0.revents != 0 }) {
                readControl()
            }
            // Standard output first: a crash message on standard error usually follows the program's last output.
            for (stream, fd) in [(TimedLine.Stream.stdout, stdoutFD), (.stderr, stderrFD)] where open[stream] == true {
                if fds.contains(where: { $0.fd == fd && $0.revents != 0 }) {
                    if !drain(fd, stream) { open[stream] = false }
                }
            }
        }

        for stream in [TimedLine.Stream.stdout, .stderr] where open[stream] == true {
            deliver(collector.finishStream(stream, at: elapsed()))
        }
        Self.closeAll([stdoutFD, stderrFD])
        if let removesAtExit { ScratchFolder.remove(removesAtExit) }

        let status = exitStatus ?? 0
        let termination: Termination
        if let stopReason {
            termination = stopReason
        } else if status & 0x7f == 0 {
            termination = .exited((status >> 8) & 0xff)
        } else {
            let signal = status & 0x7f
            termination = .signalled(signal, name: Termination.signalName(signal))
        }
        // The child's own `finished` when it sent one: a tutor that reaps late must not lengthen
        // the time, and one that read `started` late must not shorten it.
        let endedAt = finishedAt ?? elapsed()
        var result = RunResult(
            lines: collector.lines, termination: termination, wallTime: endedAt,
            omittedBytes: collector.omittedBytes, omittedLines: collector.omittedLines)
        result.controlMessages = controlMessages

        lock.lock()
        finalResult = result
        inputClosed = true
        let waiters = resultWaiters
        resultWaiters = []
        var eventWaiter: (CheckedContinuation<Event?, Never>, Event?)?
        if isInteractive {
            events.append(.exited(result))
            eventWaiter = takeWaiterWithEvent()
        }
        lock.unlock()
        for waiter in waiters { waiter.resume(returning: result) }
        if let (continuation, event) = eventWaiter { continuation.resume(returning: event) }

        // Scanning /proc takes a few milliseconds on a busy machine, about as long as a cached
        // run itself, so it happens after the result is out. The child is reaped only after it:
        // while it is a zombie its pid, which is also its session and group id, cannot be reused
        // by an unrelated process.
        LeftoverProcesses.kill(leader: pid, marker: marker)
        Self.live.lock.withLock { Self.live.markers[pid] = nil }
        _ = reap()
        // A leftover may have written into the folder while it was being removed.
        if let removesAtExit, access(removesAtExit, F_OK) == 0 { ScratchFolder.remove(removesAtExit) }
    }

    /// Stops the child when it has more than `maximum` processes running (a fork loop), on a
    /// thread of its own: counting hundreds of processes on a busy machine takes a while,
    /// which must not delay reading output or the time limit.
    private func countProcesses(maximum: Int) {
        let clock = ContinuousClock()
        while true {
            let interval = Self.censusInterval(at: clock.now - start)
            Thread.sleep(forTimeInterval: Double(interval.components.attoseconds) / 1e18 + Double(interval.components.seconds))
            lock.lock()
            let isOver = finalResult != nil || requestedStop != nil
            lock.unlock()
            if isOver { return }
            if LeftoverProcesses.count(under: pid, limit: maximum) > maximum {
                stop(.processLimit(maximum))
                return
            }
        }
    }

    /// Pops the next event for a suspended `nextEvent()` call; the caller holds `lock`.
    private func takeWaiterWithEvent() -> (CheckedContinuation<Event?, Never>, Event?)? {
        guard let waiter = eventWaiter, !events.isEmpty else { return nil }
        eventWaiter = nil
        let event = events.removeFirst()
        if case .exited = event { exitDelivered = true }
        return (waiter, event)
    }

    /// The child's exit status if it has exited, in wait(2)'s encoding, without reaping it:
    /// while it is a zombie its pid (and so its process group id) cannot be reused, so killing
    /// the group is safe.
    private func exitedStatus() -> Int32? {
        var info = siginfo_t()
        let status = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
        guard status == 0 else { return errno == ECHILD ? 0 : nil }
        #if os(Linux)
        guard info._sifields._sigchld.si_pid == pid else { return nil }
        let value = info._sifields._sigchld.si_status
        #else
        guard info.si_pid == pid else { return nil }
        let value = info.si_status
        #endif
        // CLD_EXITED: si_status is the exit code; otherwise it is the signal that ended the child.
        return info.si_code == Int32(CLD_EXITED) ? (value & 0xff) << 8 : value & 0x7f
    }

    private func reap() -> Int32 {
        Syscalls.waitBlocking(pid) ?? 0
    }
}

/// `write(2)`, named so it does not collide with ``ChildProcess/write(_:)``.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
