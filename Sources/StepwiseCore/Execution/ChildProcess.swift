import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
package final class ChildProcess: @unchecked Sendable {
    /// What the monitor thread reports in an interactive session.
    enum Event: Sendable {
        case line(TimedLine)
        case control(ReceivedControl)
        case exited(RunResult)
    }

    /// Grace period between SIGTERM and SIGKILL.
    static let killGrace: Duration = .milliseconds(200)

    let pid: pid_t
    let start: ContinuousClock.Instant
    /// CLOCK_MONOTONIC at spawn: the zero of line and message times, on the child's clock too.
    let spawnTime: Duration
    let limits: RunLimits
    let stdoutFD: Int32
    let stderrFD: Int32
    let wakeReadFD: Int32
    let wakeWriteFD: Int32
    /// The tutor's end of the control channel (nil for children that are not generated programs).
    let controlFD: Int32?
    let isInteractive: Bool
    /// The value of ``LeftoverProcesses/variable`` in the child's environment.
    let marker: String
    /// A folder to remove once the child and its leftovers are gone (its scratch working directory).
    let removesAtExit: String?
    /// Whether the child runs in a sandbox: its PID namespace ends with it, so nothing is left
    /// to sweep.
    let isSandboxed: Bool
    /// The run, when the session's ``SandboxHost`` started it: `pid` is then the run's init, not
    /// a child of the tutor, and its end and its signals go through the run's supervision socket.
    /// Otherwise a sandboxed child is `bwrap` itself, whose exit code 128 + N stands for signal N.
    let hosted: HostedRun?
    /// Whether the program's real start is its `started` message (see ``startAllowance``).
    var awaitsStartMessage: Bool { controlFD != nil }

    // Everything below is guarded by `lock`.
    let lock = NSLock()
    var requestedStop: Termination?
    var deadline: ContinuousClock.Instant?
    var deadlineLimit: Duration = .zero
    var events: [Event] = []
    var eventWaiter: CheckedContinuation<Event?, Never>?
    var exitDelivered = false
    var finalResult: RunResult?
    var resultWaiters: [CheckedContinuation<RunResult, Never>] = []
    var inputClosed = false
    var awaitingStart: Bool
    /// Sees each standard-output line as it arrives, timed from the start marker.
    let observer: (@Sendable (TimedLine) -> Void)?

    init(
        pid: pid_t, start: ContinuousClock.Instant, spawnTime: Duration, limits: RunLimits,
        stdoutFD: Int32, stderrFD: Int32, wakeReadFD: Int32, wakeWriteFD: Int32,
        controlFD: Int32?, isInteractive: Bool, observer: (@Sendable (TimedLine) -> Void)?,
        marker: String, removesAtExit: String?, isSandboxed: Bool = false, hosted: HostedRun? = nil
    ) {
        self.isSandboxed = isSandboxed
        self.hosted = hosted
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
        if let hosted { Self.closeAll([hosted.supervisionFD]) }
        if let controlFD { Self.closeAll([controlFD]) }
    }

    // MARK: Running to completion

    /// Runs a program to completion with standard input at end of file.
    ///
    /// Cancelling the awaiting task kills the child's process group (SIGTERM,
    /// then SIGKILL) and returns promptly with ``Termination/interrupted``.
    /// - Throws: ``ChildProcessError`` when the program cannot be started.
    package static func run(_ spec: ProcessSpec, limits: RunLimits = RunLimits()) async throws -> RunResult {
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
        let process = try await launch(
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
    ) async throws -> ChildProcess {
        try await launch(spec, limits: limits, interactive: true, controlled: true, observer: nil, removesAtExit: removesAtExit)
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

    func wake() {
        var byte: UInt8 = 1
        _ = systemWrite(wakeWriteFD, &byte, 1)
    }

    /// Pops the next event for a suspended `nextEvent()` call; the caller holds `lock`.
    func takeWaiterWithEvent() -> (CheckedContinuation<Event?, Never>, Event?)? {
        guard let waiter = eventWaiter, !events.isEmpty else { return nil }
        eventWaiter = nil
        let event = events.removeFirst()
        if case .exited = event { exitDelivered = true }
        return (waiter, event)
    }

    /// The child's exit status if it has exited, in wait(2)'s encoding, without reaping it:
    /// while it is a zombie its pid (and so its process group id) cannot be reused, so killing
    /// the group is safe.
    func exitedStatus() -> Int32? {
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

    func reap() -> Int32 {
        Syscalls.waitBlocking(pid) ?? 0
    }
}

/// `write(2)`, named so it does not collide with ``ChildProcess/write(_:)``.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
