#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One key from a terminal, without waiting for Enter and without echoing it: what a pager's
/// "more?" needs between two lines read with line editing (which restores the terminal's
/// settings after each line, so they are ours to change here).
package enum KeyPress {
    /// The next byte typed on `descriptor`, or nil at the end of input or when it is not a terminal.
    package static func next(from descriptor: Int32 = STDIN_FILENO) -> UInt8? {
        var saved = termios()
        guard tcgetattr(descriptor, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(descriptor, TCSANOW, &raw) == 0 else { return nil }
        defer { tcsetattr(descriptor, TCSANOW, &saved) }
        var byte: UInt8 = 0
        while true {
            let count = read(descriptor, &byte, 1)
            if count == 1 { return byte }
            if count < 0, errno == EINTR { continue }
            return nil
        }
    }
}
