import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Input no learner types on purpose: raw bytes, megabyte lines, a resized window.
extension PseudoTerminal {
    /// Writes bytes as they are, however long: the tutor echoes what it reads, so the screen
    /// is drained while writing or both sides would wait on full buffers.
    func typeBytes(_ bytes: [UInt8]) async throws {
        var offset = 0
        // A megabyte through a slow echo takes long under load; only no progress at all is a hang.
        let deadline = ContinuousClock.now + .seconds(300)
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBufferPointer { write(master, $0.baseAddress, min($0.count, 4096)) }
            if count > 0 {
                offset += count
            } else if errno == EAGAIN || errno == EINTR {
                drain()
                try await Task.sleep(for: .milliseconds(1))
            } else {
                throw Failure(description: "writing to the terminal failed: \(String(cString: strerror(errno)))")
            }
            guard ContinuousClock.now < deadline else { throw Failure(description: "the tutor stopped reading after \(offset) bytes") }
        }
    }

    /// An interactive bash with job control and the prompt `shell$ `, for Ctrl-Z and `fg`;
    /// returns once the first prompt is on screen.
    static func shell(environment: [String: String], columns: UInt16 = 80, rows: UInt16 = 40) async throws -> (PseudoTerminal, String.Index)
    {
        var environment = environment
        environment["PS1"] = shellPrompt
        let terminal = try PseudoTerminal(
            executable: "/bin/bash", arguments: ["--norc", "--noprofile", "-i"], environment: environment, columns: columns, rows: rows)
        return (terminal, try await terminal.waitFor(shellPrompt))
    }

    static let shellPrompt = "shell$ "

    /// Waits until the prompt is editing (libedit has the terminal out of canonical mode): a
    /// key sent before that is handled by the terminal driver, not by the prompt.
    func waitForEditing() async throws {
        var modes = termios()
        try await waitUntil("the prompt never started editing") {
            tcgetattr(master, &modes) == 0 && modes.c_lflag & tcflag_t(ICANON) == 0
        }
    }

    /// Changes the window size, as dragging a terminal window's corner does (the kernel sends SIGWINCH).
    func resize(rows: UInt16, columns: UInt16) {
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }
}
