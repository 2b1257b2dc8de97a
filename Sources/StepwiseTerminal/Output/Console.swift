import CLibEdit
#if canImport(Glibc)
import Glibc
#endif

/// Where the session writes. The session never calls `print`; tests record instead.
public protocol Console: AnyObject {
    func write(_ text: String)
}

extension Console {
    public func line(_ text: String = "") {
        write(text + "\n")
    }
}

/// Standard output, flushed on every write so prompts and streamed output appear at once.
public final class StandardConsole: Console, Sendable {
    public init() {}

    public func write(_ text: String) {
        fputs(text, stepwise_stdout())
        fflush(stepwise_stdout())
    }

    /// Problems that are not part of the conversation (a corrupt file, a broken lesson).
    public func error(_ text: String) {
        fputs(text + "\n", stepwise_stderr())
    }
}
