#if os(Linux)
import CSandboxCalls
import Glibc
import SandboxWire

/// The host's one loop: a request and its descriptors in, a run out.
///
/// Each run needs a PID namespace of its own, and a process can enter a new one only once
/// (`unshare(CLONE_NEWPID)` puts its *children* there). So a short-lived middle process does
/// the `unshare` and forks the run's first process, which is PID 1 of the new namespace
/// (``RunInit``), then exits; the host reaps it at once and the run's init is adopted by the
/// host namespace's init (bubblewrap's), which reaps it in the end. Nothing reports back to the
/// host: the run reports to the tutor on the supervision socket that came with its request.
enum HostLoop {
    /// Larger than any request the tutor sends (it refuses to build one over a MiB).
    static let bufferSize = 1 << 20

    /// The request socket's descriptor, as the tutor passes it.
    static let requestSocket: Int32 = 3

    static func serve(socket: Int32) -> Never {
        // The host is single-threaded, so forking from it is safe; SIGPIPE would end it when
        // a tutor has gone, and the run restores the default before starting the program.
        signal(SIGPIPE, SIG_IGN)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 8)
        var spare: Int32?
        var spareSize: Int?
        while true {
            if let handoff = spare {
                // A spare reads the next request from the socket itself, so the request wakes one
                // process, not two; the host waits to hear that it took one (or that it is gone).
                var taken = [UInt8](repeating: 0, count: 32)
                var count = 0
                repeat { count = recv(handoff, &taken, taken.count, 0) } while count < 0 && errno == EINTR
                close(handoff)
                spare = nil
                spareSize = count > 0 ? Int(String(decoding: taken.prefix(count), as: UTF8.self)) : nil
                continue
            }
            // The next spare is made once the last run has had its start: made at once, its
            // forks would compete with that run's own for the CPU.
            if let size = spareSize {
                var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
                if poll(&poller, 1, 3) == 0 {
                    spare = makeSpare(tmpfsBytes: size)
                    spareSize = nil
                    continue
                }
            }
            var passed = [Int32](repeating: -1, count: 8)
            var count: Int32 = 0
            let received = stepwise_receive_with_descriptors(
                socket, buffer.baseAddress, buffer.count, &passed, Int32(passed.count), &count, nil)
            let descriptors = Array(passed[0..<Int(max(0, count))])
            if received < 0 {
                for fd in descriptors { close(fd) }
                if errno == EINTR || errno == EMSGSIZE { continue }
                exit(1)
            }
            // End of file: the tutor has gone (or closed the socket to end the session).
            guard received > 0 else { exit(0) }
            if let request = SandboxRequest(decoding: UnsafeRawBufferPointer(rebasing: buffer[0..<received])),
                descriptors.count == request.descriptorCount
            {
                start(request, descriptors)
                spareSize = request.tmpfsBytes
            }
            // A request that does not decode gets no run: its supervision socket closes with no
            // report, which the tutor takes as a run that could not start.
            for fd in descriptors { close(fd) }
        }
    }

    /// Starts a spare run init (``RunInit/waitAsSpare(handoff:tmpfsBytes:)``) in namespaces of its
    /// own, so the next run does not wait for two forks, the namespaces and the shared mounts.
    /// Returns the host's end of its hand-off socket; nil when it could not be made.
    private static func makeSpare(tmpfsBytes: Int) -> Int32? {
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else { return nil }
        let middle = fork()
        if middle == 0 {
            close(pair[0])
            guard stepwise_unshare_run_namespaces() == 0 else { _exit(1) }
            let first = fork()
            if first == 0 { RunInit.waitAsSpare(handoff: pair[1], requests: requestSocket, tmpfsBytes: tmpfsBytes) }
            _exit(0)
        }
        close(pair[1])
        guard middle > 0 else {
            close(pair[0])
            return nil
        }
        var status: Int32 = 0
        while waitpid(middle, &status, 0) < 0 && errno == EINTR {}
        return pair[0]
    }

    private static func start(_ request: SandboxRequest, _ descriptors: [Int32]) {
        let supervision = descriptors[SandboxRequest.Descriptor.supervision.rawValue]
        let middle = fork()
        if middle == 0 {
            guard stepwise_unshare_run_namespaces() == 0 else { Report.fail("unshare", to: supervision) }
            let first = fork()
            if first == 0 { RunInit.run(request, descriptors) }
            if first < 0 { Report.fail("fork", to: supervision) }
            _exit(0)
        }
        if middle < 0 {
            Report.send(.failed(call: "fork", errno: errno), to: supervision)
            return
        }
        var status: Int32 = 0
        while waitpid(middle, &status, 0) < 0 && errno == EINTR {}
    }
}
#endif
