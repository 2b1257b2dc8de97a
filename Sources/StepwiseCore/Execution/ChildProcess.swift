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
/// Use ``run(_:limits:)`` to run a program to completion. Interactive sessions
/// (stepping an iterator) use the internal `start` / `nextEvent` / `write` API.
public final class ChildProcess: @unchecked Sendable {
    /// What the monitor thread reports in an interactive session.
    enum Event: Sendable {
        case line(TimedLine)
        case control(ControlMessage)
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
    private let limits: RunLimits
    private let stdoutFD: Int32
    private let stderrFD: Int32
    private let wakeReadFD: Int32
    private let wakeWriteFD: Int32
    private let inputFD: Int32?
    private let isInteractive: Bool
    /// The value of ``LeftoverProcesses/variable`` in the child's environment.
    private let marker: String
    /// A folder to remove once the child and its leftovers are gone (its scratch working directory).
    private let removesAtExit: String?
    /// A control line on standard error that marks the program's real start (see ``startAllowance``).
    private let startMarker: String?

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
        pid: pid_t, start: ContinuousClock.Instant, limits: RunLimits,
        stdoutFD: Int32, stderrFD: Int32, wakeReadFD: Int32, wakeWriteFD: Int32,
        inputFD: Int32?, isInteractive: Bool, startMarker: String?, observer: (@Sendable (TimedLine) -> Void)?,
        marker: String, removesAtExit: String?
    ) {
        self.observer = observer
        self.marker = marker
        self.removesAtExit = removesAtExit
        self.pid = pid
        self.start = start
        self.limits = limits
        self.stdoutFD = stdoutFD
        self.stderrFD = stderrFD
        self.wakeReadFD = wakeReadFD
        self.wakeWriteFD = wakeWriteFD
        self.inputFD = inputFD
        self.isInteractive = isInteractive
        self.startMarker = startMarker
        self.awaitingStart = startMarker != nil
        if let wallClock = limits.wallClock {
            deadline = start + wallClock + (startMarker == nil ? .zero : Self.startAllowance)
            deadlineLimit = wallClock
        }
    }

    /// Extra time before the start marker: the interpreter compiles the program
    /// first, and the learner's time limit is about their program, not the compiler.
    static let startAllowance: Duration = .seconds(60)

    /// The wake pipe and the input socket stay open until nothing can use them:
    /// `stop()` or `write(_:)` may come after the child has ended, and a closed
    /// descriptor number may already belong to a file the tutor opened since.
    deinit {
        Self.closeAll([wakeReadFD, wakeWriteFD])
        if let inputFD { Self.closeAll([inputFD]) }
    }

    // MARK: Running to completion

    /// Runs a program to completion with standard input at end of file.
    ///
    /// Cancelling the awaiting task kills the child's process group (SIGTERM,
    /// then SIGKILL) and returns promptly with ``Termination/interrupted``.
    /// - Throws: ``ChildProcessError`` when the program cannot be started.
    public static func run(_ spec: ProcessSpec, limits: RunLimits = RunLimits()) async throws -> RunResult {
        try await run(spec, limits: limits, startMarker: nil)
    }

    /// ``run(_:limits:)``, with the wall clock starting when the program writes
    /// the control line `startMarker` to standard error (or after ``startAllowance``).
    /// - Parameter observer: called on the monitor thread with each standard-output line as it
    ///   arrives (for showing a run live); the result still holds every line.
    /// - Parameter removesAtExit: a folder (the child's scratch working directory) to remove once
    ///   the child and everything it left running are gone.
    static func run(
        _ spec: ProcessSpec, limits: RunLimits, startMarker: String?, observer: (@Sendable (TimedLine) -> Void)? = nil,
        removesAtExit: String? = nil
    ) async throws -> RunResult {
        let process = try launch(
            spec, limits: limits, interactive: false, startMarker: startMarker, observer: observer, removesAtExit: removesAtExit)
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

    /// Starts a program whose standard input the caller writes with ``write(_:)``.
    /// Output is delivered through ``nextEvent()`` and not stored in the final result.
    static func startInteractive(
        _ spec: ProcessSpec, limits: RunLimits, startMarker: String? = nil, removesAtExit: String? = nil
    ) throws -> ChildProcess {
        try launch(spec, limits: limits, interactive: true, startMarker: startMarker, observer: nil, removesAtExit: removesAtExit)
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

    /// Writes text to the child's standard input.
    /// - Throws: ``ChildProcessError/inputClosed`` when the child has ended.
    func write(_ text: String) throws {
        guard let inputFD else { throw ChildProcessError.inputClosed }
        lock.lock()
        let closed = inputClosed || finalResult != nil
        lock.unlock()
        if closed { throw ChildProcessError.inputClosed }
        var bytes = Array(text.utf8)
        // A short write is possible on a socket; keep going until everything is sent.
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Self.sendWithoutSIGPIPE(inputFD, base + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw ChildProcessError.inputClosed
            }
            offset += written
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
        let pid = try spawn(spec, limits: limits, stdout: nil, stderr: nil, stdin: nil)
        let reaper = Thread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        reaper.name = "stepwise reaper \(pid)"
        reaper.start()
    }

    // MARK: Launching

    private static func launch(
        _ spec: ProcessSpec, limits: RunLimits, interactive: Bool, startMarker: String?,
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
        if interactive {
            do { input = try makeSocketPair() } catch {
                closeAll([stdoutPipe.read, stdoutPipe.write, stderrPipe.read, stderrPipe.write, wakePipe.read, wakePipe.write])
                throw error
            }
        }
        for fd in [stdoutPipe.read, stderrPipe.read, wakePipe.read, wakePipe.write] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }

        let spawnStart = ContinuousClock.now
        let pid: pid_t
        do {
            pid = try spawn(
                spec, limits: limits, stdout: stdoutPipe.write, stderr: stderrPipe.write, stdin: input?.child)
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
            pid: pid, start: spawnStart, limits: limits,
            stdoutFD: stdoutPipe.read, stderrFD: stderrPipe.read,
            wakeReadFD: wakePipe.read, wakeWriteFD: wakePipe.write,
            inputFD: input?.parent, isInteractive: interactive, startMarker: startMarker, observer: observer,
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
        _ spec: ProcessSpec, limits: RunLimits, stdout: Int32?, stderr: Int32?, stdin: Int32?
    ) throws -> pid_t {
        // On Linux the limits are set with prlimit(2) right after the spawn, which saves
        // starting a shell (about 1 ms per run). posix_spawn returns only once the child
        // has exec'd, and the new program is still in the dynamic loader when its limits
        // land, so no snippet code runs unlimited. Elsewhere a shell applies `ulimit`s.
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
        if let stdin {
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        var flags = Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)
        #if os(Linux)
        // A session of its own (glibc's POSIX_SPAWN_SETSID, which Swift does not import): the child
        // leads its own process group, has no controlling terminal, so it can neither read the
        // learner's typing nor be stopped by it, and its session id marks its descendants.
        flags |= 0x80
        // Any descriptor the tutor opened without close-on-exec must not leak into snippets.
        if let closeFrom = PlatformCalls.addCloseFrom {
            _ = closeFrom(&actions, 3)
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

    /// A socket rather than a pipe for standard input: writing to it can be done
    /// without SIGPIPE (which would kill the tutor) when the child has exited.
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
        // The child only reads and the tutor only writes.
        shutdown(fds[0], Int32(SHUT_RD))
        shutdown(fds[1], Int32(SHUT_WR))
        return (fds[0], fds[1])
    }

    private static func sendWithoutSIGPIPE(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
        #if os(Linux)
        return send(fd, pointer, count, Int32(MSG_NOSIGNAL))
        #else
        return send(fd, pointer, count, 0)
        #endif
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

        func elapsed() -> Duration { ContinuousClock.now - start }

        func signalGroup(_ signal: Int32) {
            _ = kill(-pid, signal)
        }

        var observedOrigin: Duration?
        // The two streams are read one after the other, so a first stdout line can be read
        // before the start marker on stderr: it waits here instead of being lost.
        var linesBeforeOrigin: [TimedLine] = []

        func deliver(_ produced: [OutputCollector.Event]) {
            guard !produced.isEmpty else { return }
            if let startMarker {
                for case .control(let message) in produced where message.stream == .stderr && message.text == startMarker {
                    observedOrigin = message.elapsed
                    lock.lock()
                    if awaitingStart {
                        awaitingStart = false
                        if deadline != nil { deadline = ContinuousClock.now + deadlineLimit }
                    }
                    lock.unlock()
                }
            }
            if let observer {
                linesBeforeOrigin += produced.compactMap { event in
                    if case .line(let line) = event, line.stream == .stdout { line } else { nil }
                }
                if startMarker == nil || observedOrigin != nil {
                    for var line in linesBeforeOrigin {
                        line.elapsed = max(.zero, line.elapsed - (observedOrigin ?? .zero))
                        observer(line)
                    }
                    linesBeforeOrigin.removeAll()
                }
            }
            guard isInteractive else { return }
            lock.lock()
            for event in produced {
                switch event {
                case .line(let line): events.append(.line(line))
                case .control(let message): events.append(.control(message))
                }
            }
            let waiter = takeWaiterWithEvent()
            lock.unlock()
            if let (continuation, event) = waiter { continuation.resume(returning: event) }
        }

        /// Reads what is available on one stream; returns false at end of file.
        func drain(_ fd: Int32, _ stream: TimedLine.Stream) -> Bool {
            // Bounded so that one chatty stream cannot starve deadline checks.
            for _ in 0..<16 {
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
                    if count < bufferSize { return true }
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
            let milliseconds = Int32(clamping: timeout.components.seconds * 1000 + (timeout.components.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
            let ready = poll(&fds, nfds_t(fds.count), timeout == .zero ? 0 : max(1, milliseconds))
            if ready <= 0 { continue }
            for entry in fds where entry.revents != 0 {
                if entry.fd == wakeReadFD {
                    var sink = [UInt8](repeating: 0, count: 64)
                    while read(wakeReadFD, &sink, sink.count) > 0 {}
                }
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
        var result = RunResult(
            lines: collector.lines, termination: termination, wallTime: elapsed(),
            omittedBytes: collector.omittedBytes, omittedLines: collector.omittedLines)
        result.controlMessages = collector.controlMessages

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
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }
}

/// `write(2)`, named so it does not collide with ``ChildProcess/write(_:)``.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
