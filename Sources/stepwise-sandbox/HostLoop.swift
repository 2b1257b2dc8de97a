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

    static func serve(socket: Int32) -> Never {
        // The host is single-threaded, so forking from it is safe; SIGPIPE would end it when
        // a tutor has gone, and the run restores the default before starting the program.
        signal(SIGPIPE, SIG_IGN)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 8)
        while true {
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
                descriptors.count == (request.hasControlChannel ? 4 : 3)
            {
                start(request, descriptors)
            }
            // A request that does not decode gets no run: its supervision socket closes with no
            // report, which the tutor takes as a run that could not start.
            for fd in descriptors { close(fd) }
        }
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
