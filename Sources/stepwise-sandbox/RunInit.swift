#if os(Linux)
import CSandboxCalls
import Glibc
import SandboxWire

/// A run's first process: PID 1 of the run's PID namespace, in a mount namespace of its own.
///
/// It lays out the run's file system (``RunFileSystem``), starts the program (``RunProgram``)
/// and then stays as the namespace's init: it reaps what the program leaves, passes on the
/// signals the tutor asks for to everything in the run, counts the run's processes, and
/// reports the program's end. When it exits, the kernel kills whatever is still in the
/// namespace, so a run leaves nothing behind: not a daemon that called `setsid`, not a child
/// that renamed itself. It exits when the program has ended, and when the tutor goes (its
/// supervision socket reads end of file).
enum RunInit {
    /// A spare init: made after the previous run started, it lays out what every run's file
    /// system has, then takes the next request from the tutor's socket itself (the host does
    /// not read it while a spare waits), tells the host it did (with the request's tmpfs size,
    /// for the next spare) and becomes that run's init, paying only for what is the run's own.
    static func waitAsSpare(handoff: Int32, requests: Int32, tmpfsBytes: Int) -> Never {
        guard case .success(let shared) = RunFileSystem.prepareShared(tmpfsBytes: tmpfsBytes) else { _exit(1) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: HostLoop.bufferSize, alignment: 8)
        var passed = [Int32](repeating: -1, count: 8)
        var count: Int32 = 0
        var received = -1
        repeat {
            received = stepwise_receive_with_descriptors(
                requests, buffer.baseAddress, buffer.count, &passed, Int32(passed.count), &count, nil)
        } while received < 0 && errno == EINTR
        let descriptors = Array(passed[0..<Int(max(0, count))])
        let request = received > 0 ? SandboxRequest(decoding: UnsafeRawBufferPointer(rebasing: buffer[0..<received])) : nil
        let size = Array(String(request?.tmpfsBytes ?? tmpfsBytes).utf8)
        _ = size.withUnsafeBytes { Glibc.send(handoff, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        close(handoff)
        // End of file (the tutor has gone), or something that is not a run: nothing to start.
        guard let request, descriptors.count == request.descriptorCount else { _exit(0) }
        run(request, descriptors, shared: shared)
    }

    static func run(_ request: SandboxRequest, _ descriptors: [Int32], shared: RunFileSystem.Shared? = nil) -> Never {
        let supervision = descriptors[SandboxRequest.Descriptor.supervision.rawValue]
        // Only the host (or a spare) may hold the request socket: a tutor whose host has died
        // must see its next request fail, not wait for a run's init to read it.
        close(HostLoop.requestSocket)
        let failed = shared.map { RunFileSystem.prepareRun(request, $0) } ?? RunFileSystem.prepare(for: request)
        if let failed { Report.fail(failed, to: supervision) }
        // Not traceable or readable through /proc by the program, which runs as the same user.
        _ = stepwise_prctl(PR_SET_DUMPABLE, 0)

        var childSignals = sigset_t()
        sigemptyset(&childSignals)
        sigaddset(&childSignals, SIGCHLD)
        sigprocmask(SIG_BLOCK, &childSignals, nil)
        let childSignalFD = signalfd(-1, &childSignals, Int32(SFD_CLOEXEC | SFD_NONBLOCK))
        guard childSignalFD >= 0 else { Report.fail("signalfd", to: supervision) }

        let program = fork()
        if program == 0 { RunProgram.exec(request, descriptors) }
        guard program > 0 else { Report.fail("fork", to: supervision) }
        for fd in descriptors where fd != supervision { close(fd) }
        supervise(program: program, supervision: supervision, childSignalFD: childSignalFD, maximum: request.maximumProcesses)
    }

    private static func supervise(program: pid_t, supervision: Int32, childSignalFD: Int32, maximum: Int?) -> Never {
        var started = timespec()
        clock_gettime(CLOCK_MONOTONIC, &started)
        var killedForCount = false
        while true {
            var fds = [
                pollfd(fd: supervision, events: Int16(POLLIN), revents: 0),
                pollfd(fd: childSignalFD, events: Int16(POLLIN), revents: 0),
            ]
            let timeout: Int32 = maximum == nil || killedForCount ? -1 : censusInterval(since: started)
            let ready = poll(&fds, 2, timeout)
            if ready < 0 && errno != EINTR { _exit(1) }
            if fds[0].revents != 0 { forwardSignals(from: supervision) }
            if fds[1].revents != 0 {
                var info = signalfd_siginfo()
                while read(childSignalFD, &info, MemoryLayout<signalfd_siginfo>.size) > 0 {}
            }
            while true {
                var status: Int32 = 0
                let reaped = waitpid(-1, &status, WNOHANG)
                guard reaped > 0 else { break }
                if reaped == program {
                    Report.send(.exited(status: status), to: supervision)
                    _exit(0)
                }
            }
            if let maximum, !killedForCount, ready == 0 {
                let count = processCount()
                if count > maximum {
                    Report.send(.tooManyProcesses(count: count), to: supervision)
                    kill(-1, SIGKILL)
                    killedForCount = true
                }
            }
        }
    }

    /// Each byte from the tutor is a signal for everything in the run (kill(-1) from a PID
    /// namespace's init reaches all of it but the init). End of file: the tutor is gone.
    private static func forwardSignals(from supervision: Int32) {
        var bytes = [UInt8](repeating: 0, count: 64)
        let count = recv(supervision, &bytes, bytes.count, Int32(MSG_DONTWAIT))
        if count == 0 || (count < 0 && errno != EAGAIN && errno != EINTR) {
            kill(-1, SIGKILL)
            _exit(0)
        }
        for signal in bytes.prefix(max(0, count)) where signal > 0 && signal < 65 {
            kill(-1, Int32(signal))
        }
    }

    /// As often as the tutor's own count: often at first, when a fork loop would start.
    private static func censusInterval(since started: timespec) -> Int32 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec - started.tv_sec < 2 ? 100 : 500
    }

    /// The run's processes but this one: the numbered entries of its own /proc.
    private static func processCount() -> Int {
        guard let directory = opendir("/proc") else { return 0 }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let first = withUnsafeBytes(of: entry.pointee.d_name) { $0.first ?? 0 }
            if first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9") { count += 1 }
        }
        return max(0, count - 1)
    }
}
#endif
