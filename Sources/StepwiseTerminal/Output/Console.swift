import CLibEdit
import StepwiseCore

#if canImport(Glibc)
import Glibc
#endif

/// Where the session writes. The session never calls `print`; tests record instead.
///
/// What is written is bytes for the terminal, as they are: text from outside the tutor gets
/// there through ``StyledText/rendered(color:)`` (or ``VisibleText`` itself), never directly,
/// and the only escape codes written are the tutor's own styles and cursor moves.
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
        Self.put(text, to: stepwise_stdout())
        fflush(stepwise_stdout())
    }

    /// Problems that are not part of the conversation (a corrupt file, a broken lesson). Such a
    /// message may quote a lesson, a path or a program's output, and is never styled: all of it
    /// is made visible here.
    package func error(_ text: String) {
        Self.put(VisibleText.terminal(text) + "\n", to: stepwise_stderr())
    }

    /// Every byte of `text`: `fputs` would stop at a NUL and lose the rest.
    private static func put(_ text: String, to stream: UnsafeMutablePointer<FILE>?) {
        var text = text
        text.withUTF8 { bytes in _ = fwrite(bytes.baseAddress, 1, bytes.count, stream) }
    }
}
