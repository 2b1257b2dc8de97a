#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the attached terminal can do, decided once at start-up.
package struct TerminalCapabilities: Sendable, Equatable {
    /// Whether stdin is a terminal (libedit) or a pipe (line by line, no escape codes).
    package var isInteractive: Bool
    /// Colours and cursor codes are allowed.
    package var usesColor: Bool
    /// Columns to wrap text at.
    package var width: Int

    package init(isInteractive: Bool, usesColor: Bool, width: Int) {
        self.isInteractive = isInteractive
        self.usesColor = usesColor
        self.width = width
    }

    /// Text never wraps narrower than this; a tiny terminal gets ugly wrapping, not a crash.
    package static let minimumWidth = 24
    package static let maximumWidth = 100

    /// Colour only on a real terminal, and never with NO_COLOR, TERM=dumb or `--no-color`.
    package static func detect(environment: [String: String], forceNoColor: Bool = false) -> TerminalCapabilities {
        let stdinIsTTY = isatty(STDIN_FILENO) == 1
        let stdoutIsTTY = isatty(STDOUT_FILENO) == 1
        let term = environment["TERM"] ?? ""
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let usesColor = stdoutIsTTY && !noColor && term != "dumb" && !term.isEmpty && !forceNoColor
        return TerminalCapabilities(
            isInteractive: stdinIsTTY && stdoutIsTTY && term != "dumb",
            usesColor: usesColor,
            width: currentWidth(environment: environment, isTTY: stdoutIsTTY)
        )
    }

    /// The window's width when known (COLUMNS wins so tests and scripts can pin it), else 80.
    package static func currentWidth(environment: [String: String], isTTY: Bool) -> Int {
        var columns = 0
        if let text = environment["COLUMNS"], let value = Int(text), value > 0 {
            columns = value
        } else if isTTY {
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 { columns = Int(size.ws_col) }
        }
        if columns <= 0 { columns = 80 }
        return min(max(columns, minimumWidth), maximumWidth)
    }
}
