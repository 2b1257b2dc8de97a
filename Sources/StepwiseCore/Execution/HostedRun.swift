import Foundation
import SandboxWire

#if canImport(Glibc)
import CSandboxCalls
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A run the ``SandboxHost`` started: its supervision socket and its first process.
struct HostedRun: Sendable {
    /// The tutor's end of the run's supervision socket: ``SupervisionReport``s come in, signal
    /// numbers (one byte each) go out. Closing it ends the run.
    let supervisionFD: Int32
    /// The program (the second process of the run's namespace, after its init) as the tutor's
    /// namespace numbers it: the kernel gave it with the `ready` report the program sent just
    /// before it became the program.
    let pid: pid_t

    /// Waits for the run's `ready`; throws the set-up failure it reports instead. Nil when
    /// nothing came at all: the host (or its spare) went before it took the request.
    static func awaitReady(supervision: Int32) throws -> HostedRun? {
        guard let (report, sender) = receive(supervision, timeoutMilliseconds: 30_000) else {
            close(supervision)
            return nil
        }
        switch report {
        case .ready:
            _ = fcntl(supervision, F_SETFL, fcntl(supervision, F_GETFL) | O_NONBLOCK)
            return HostedRun(supervisionFD: supervision, pid: sender)
        case .failed(let call, let code):
            close(supervision)
            throw ChildProcessError.systemCallFailed(call: call, errno: code)
        case .exited, .tooManyProcesses:
            close(supervision)
            throw ChildProcessError.systemCallFailed(call: "the sandbox host", errno: EPROTO)
        }
    }

    /// What reading the supervision socket gave.
    enum Received {
        case report(SupervisionReport, sender: pid_t)
        /// Nothing to read yet (or a message that is not a report, which is dropped).
        case nothing
        /// End of file: the run's init has gone.
        case ended
    }

    /// One report and its sender's pid, waiting up to `timeoutMilliseconds`; nil at end of
    /// file, on a timeout or an error.
    static func receive(_ fd: Int32, timeoutMilliseconds: Int32) -> (report: SupervisionReport, sender: pid_t)? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while poll(&poller, 1, timeoutMilliseconds) < 0 {
            guard errno == EINTR else { return nil }
        }
        guard poller.revents != 0, case .report(let report, let sender) = read(fd) else { return nil }
        return (report, sender)
    }

    /// What the socket holds now.
    static func read(_ fd: Int32) -> Received {
        #if os(Linux)
        var bytes = [UInt8](repeating: 0, count: 256)
        var passed = [Int32](repeating: -1, count: 1)
        var count: Int32 = 0
        var sender: pid_t = 0
        let received = stepwise_receive_with_descriptors(fd, &bytes, bytes.count, &passed, 1, &count, &sender)
        for fd in passed.prefix(Int(max(0, count))) { close(fd) }
        if received < 0 && (errno == EAGAIN || errno == EINTR) { return .nothing }
        guard received > 0 else { return .ended }
        let line = String(decoding: bytes[0..<received], as: UTF8.self).trimmingCharacters(in: .newlines)
        guard let report = SupervisionReport(line: line) else { return .nothing }
        return .report(report, sender: sender)
        #else
        return .ended
        #endif
    }

    /// Asks the run's init to send `signal` to everything in the run.
    func signal(_ signal: Int32) {
        var byte = UInt8(truncatingIfNeeded: signal)
        _ = send(supervisionFD, &byte, 1, Int32(MSG_NOSIGNAL | MSG_DONTWAIT))
    }
}
