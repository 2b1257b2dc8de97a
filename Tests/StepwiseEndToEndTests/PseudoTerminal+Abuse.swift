import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Input no learner types on purpose: raw bytes, megabyte lines, a resized window.
extension PseudoTerminal {
    /// Writes bytes as they are, however long: the tutor echoes what it reads, so the screen
    /// is drained while writing or both sides would wait on full buffers.
    func typeBytes(_ bytes: [UInt8]) throws {
        var offset = 0
        let deadline = Date().addingTimeInterval(300)
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBufferPointer { write(master, $0.baseAddress, min($0.count, 4096)) }
            if count > 0 {
                offset += count
            } else if errno == EAGAIN || errno == EINTR {
                drain()
                usleep(1000)
            } else {
                throw Failure(description: "writing to the terminal failed: \(String(cString: strerror(errno)))")
            }
            guard Date() < deadline else { throw Failure(description: "the tutor stopped reading after \(offset) bytes") }
        }
    }

    /// An interactive bash with job control and the prompt `shell$ `, for Ctrl-Z and `fg`;
    /// returns once the first prompt is on screen.
    static func shell(environment: [String: String], columns: UInt16 = 80, rows: UInt16 = 40) throws -> (PseudoTerminal, String.Index) {
        var environment = environment
        environment["PS1"] = shellPrompt
        let terminal = try PseudoTerminal(
            executable: "/bin/bash", arguments: ["--norc", "--noprofile", "-i"], environment: environment, columns: columns, rows: rows)
        return (terminal, try terminal.waitFor(shellPrompt, timeout: 30))
    }

    static let shellPrompt = "shell$ "

    /// Waits until the prompt is editing (libedit has the terminal out of canonical mode): a
    /// key sent before that is handled by the terminal driver, not by the prompt.
    func waitForEditing(timeout: TimeInterval = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var modes = termios()
        while Date() < deadline {
            drain()
            if tcgetattr(master, &modes) == 0, modes.c_lflag & tcflag_t(ICANON) == 0 { return }
            usleep(10_000)
        }
        throw Failure(description: "the prompt never started editing; screen:\n\(screen)")
    }

    /// Changes the window size, as dragging a terminal window's corner does (the kernel sends SIGWINCH).
    func resize(rows: UInt16, columns: UInt16) {
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }
}
