import CLibEdit

#if canImport(Glibc)
import Glibc
#endif

/// Where the session writes. The session never calls `print`; tests record instead.
package protocol Console: AnyObject {
    func write(_ text: String)
}

extension Console {
    package func line(_ text: String = "") {
        write(text + "\n")
    }
}

/// Standard output, flushed on every write so prompts and streamed output appear at once.
package final class StandardConsole: Console, Sendable {
    package init() {}

    package func write(_ text: String) {
        fputs(text, stepwise_stdout())
        fflush(stepwise_stdout())
    }

    /// Problems that are not part of the conversation (a corrupt file, a broken lesson).
    package func error(_ text: String) {
        fputs(text + "\n", stepwise_stderr())
    }
}
