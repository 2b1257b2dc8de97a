#if os(Linux)
import Glibc
import SandboxWire

/// Writing ``SupervisionReport``s to the tutor.
enum Report {
    static func send(_ report: SupervisionReport, to fd: Int32) {
        let bytes = Array(report.line.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reports that `call` failed (with the current errno) and ends the calling process.
    static func fail(_ call: String, to fd: Int32) -> Never {
        send(.failed(call: call, errno: errno), to: fd)
        _exit(126)
    }
}
#endif
