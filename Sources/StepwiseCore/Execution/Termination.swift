/// How a child process ended.
package enum Termination: Sendable, Hashable {
    /// The process exited by itself with this status.
    case exited(Int32)
    /// A signal killed the process (a Swift runtime trap is `SIGILL` or `SIGTRAP`).
    case signalled(Int32, name: String)
    /// The wall-clock limit passed and the tutor killed the process group.
    case timedOut(Duration)
    /// The process wrote more than this many bytes and the tutor killed it.
    case outputLimit(Int)
    /// The process had more than this many processes running (a fork loop) and the tutor killed them.
    case processLimit(Int)
    /// The run was cancelled (Ctrl-C) and the tutor killed the process group.
    case interrupted

    /// Whether the process exited with status 0.
    package var isSuccess: Bool { self == .exited(0) }

    /// A short English description such as "exited with status 1" or "killed by SIGILL (Illegal instruction)".
    package var summary: String {
        switch self {
        case .exited(let code): return "exited with status \(code)"
        case .signalled(let number, let name):
            return "killed by \(name) (\(Self.signalDescription(number)))"
        case .timedOut(let limit): return "stopped after the \(DurationText.limit(limit)) time limit"
        case .outputLimit(let bytes): return "stopped after writing more than \(bytes) bytes of output"
        case .processLimit(let count): return "stopped after starting more than \(count) processes"
        case .interrupted: return "interrupted"
        }
    }

    /// `SIGILL`, `SIGSEGV`, ... for the usual signals, `SIG<n>` otherwise.
    package static func signalName(_ number: Int32) -> String {
        switch number {
        case 1: return "SIGHUP"
        case 2: return "SIGINT"
        case 3: return "SIGQUIT"
        case 4: return "SIGILL"
        case 5: return "SIGTRAP"
        case 6: return "SIGABRT"
        case 7: return "SIGBUS"
        case 8: return "SIGFPE"
        case 9: return "SIGKILL"
        case 11: return "SIGSEGV"
        case 13: return "SIGPIPE"
        case 14: return "SIGALRM"
        case 15: return "SIGTERM"
        case 24: return "SIGXCPU"
        case 25: return "SIGXFSZ"
        default: return "SIG\(number)"
        }
    }

    static func signalDescription(_ number: Int32) -> String {
        switch number {
        case 4: return "illegal instruction: usually a Swift runtime trap"
        case 5: return "trace trap: usually a Swift runtime trap"
        case 6: return "abort"
        case 9: return "killed"
        // A Swift program without unsafe code rarely touches a bad address any other way, and
        // the runtime prints nothing for it: the learner needs the likely cause.
        case 11: return "segmentation fault: usually a stack overflow from recursion that never stops"
        case 15: return "terminated"
        case 24: return "CPU time limit exceeded"
        default: return "signal \(number)"
        }
    }
}
