import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal in full-screen raw mode, and the one place that puts it back.
///
/// Entering saves the termios settings, switches to the alternate screen and hides the cursor.
/// Restoring is needed on every way out (quit, a thrown error, SIGTERM, SIGHUP, a crash), and a
/// signal handler may only call async-signal-safe functions: so the saved settings and the bytes
/// to write are kept in memory allocated up front, and ``restoreNow()`` is nothing but `write`
/// and `tcsetattr`. It is idempotent, so a signal arriving during a normal exit is harmless.
package final class RawTerminal: Sendable {
    package let input: Int32
    package let output: Int32

    /// Reset colours, wrap lines again, leave the alternate screen, show the cursor. The cursor
    /// comes last: leaving the alternate screen restores the cursor position on some terminals.
    package static let restoreSequence = "\u{1B}[0m\u{1B}[?7h\u{1B}[?1049l\u{1B}[?25h"
    /// Alternate screen, hidden cursor, no line wrap (a row exactly as wide as the window must not scroll it).
    package static let enterSequence = "\u{1B}[?1049h\u{1B}[?25l\u{1B}[?7l\u{1B}[H\u{1B}[2J"

    package enum Failure: Error, CustomStringConvertible {
        case notATerminal
        case settings(errno: Int32)

        package var description: String {
            switch self {
            case .notATerminal: "standard input and output must be a terminal"
            case .settings(let code): "cannot change the terminal's settings (errno \(code))"
            }
        }
    }

    /// Puts the terminal into raw mode. Signals that end the process restore it first.
    package init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) throws(Failure) {
        guard isatty(input) == 1, isatty(output) == 1 else { throw .notATerminal }
        self.input = input
        self.output = output
        guard tcgetattr(input, RawTerminalState.saved) == 0 else { throw .settings(errno: errno) }
        var raw = RawTerminalState.saved.pointee
        // No echo, no line editing, and no SIGINT/SIGTSTP from the keyboard: Ctrl-C arrives as a
        // byte, so it can stop a run without the terminal's signal reaching anything else.
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        RawTerminalState.raw.pointee = raw
        RawTerminalState.input.store(input, ordering: .sequentiallyConsistent)
        RawTerminalState.output.store(output, ordering: .sequentiallyConsistent)
        RawTerminalState.installHandlers()
        guard tcsetattr(input, TCSAFLUSH, &raw) == 0 else { throw .settings(errno: errno) }
        RawTerminalState.isFinished.store(false, ordering: .sequentiallyConsistent)
        RawTerminalState.isActive.store(true, ordering: .sequentiallyConsistent)
        write(Self.enterSequence)
    }

    deinit {
        Self.restoreNow()
    }

    /// Writes all of `text`, retrying short writes; nothing once the terminal has been restored.
    package func write(_ text: String) {
        // After a restore (a signal is ending the process) a late frame would land on the
        // learner's shell screen, after the sequence that left the alternate screen.
        guard RawTerminalState.isActive.load(ordering: .sequentiallyConsistent) else { return }
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            RawTerminalState.writeAll(output, buffer.baseAddress, buffer.count)
        }
        // A restore that ran while this frame was being written (a signal, another thread) wrote
        // its sequence before or inside the frame, and every frame hides the cursor: leave the
        // alternate screen and show the cursor again, after it. The restore marks the terminal
        // finished before writing, so either it comes after this frame or this check sees it.
        // (A Ctrl-Z is not an end: the terminal is taken back on `fg`.)
        if RawTerminalState.isFinished.load(ordering: .sequentiallyConsistent) {
            RawTerminalState.writeAll(output, RawTerminalState.restoreBytes.baseAddress, RawTerminalState.restoreBytes.count)
        }
    }

    /// Puts the terminal back as it was. Safe to call from a signal handler, and more than once.
    package static func restoreNow() {
        RawTerminalState.restore()
    }

    package func restore() {
        Self.restoreNow()
    }

    /// Ctrl-Z: puts the terminal back and stops the process, as SIGTSTP would without raw mode.
    /// After `fg` the handler takes raw mode and the alternate screen again and sends SIGWINCH,
    /// so whoever listens for resizes repaints the whole screen.
    package static func suspend() {
        // To the process, not this thread: Dispatch's worker threads block SIGTSTP, so a
        // raise() from one would stay pending for good.
        _ = kill(getpid(), SIGTSTP)
    }
}

/// What a signal handler needs, in memory that exists before any handler can run.
enum RawTerminalState {
    nonisolated(unsafe) static let saved = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    nonisolated(unsafe) static let raw = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    static let isActive = Atomic<Bool>(false)
    /// Restored for good (quit, an error, a signal that ends the process), not suspended.
    static let isFinished = Atomic<Bool>(false)
    static let input = Atomic<Int32>(STDIN_FILENO)
    static let output = Atomic<Int32>(STDOUT_FILENO)
    static let handlersInstalled = Atomic<Bool>(false)
    nonisolated(unsafe) static let restoreBytes = bytes(of: RawTerminal.restoreSequence)
    nonisolated(unsafe) static let enterBytes = bytes(of: RawTerminal.enterSequence)

    private static func bytes(of text: String) -> UnsafeMutableBufferPointer<UInt8> {
        let bytes = Array(text.utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = buffer.initialize(from: bytes)
        return buffer
    }
    /// Signals that end the process: the ones a terminal or `kill` sends, and the ones a crash raises.
    static let fatalSignals: [Int32] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV]
    /// The handlers there were before ours (the Swift runtime's crash reporter), run after restoring.
    nonisolated(unsafe) static let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)

    /// - Parameter final: The process is ending (false for a Ctrl-Z, which comes back).
    static func restore(final: Bool = true) {
        if final { isFinished.store(true, ordering: .sequentiallyConsistent) }
        guard isActive.exchange(false, ordering: .sequentiallyConsistent) else { return }
        writeAll(output.load(ordering: .sequentiallyConsistent), restoreBytes.baseAddress, restoreBytes.count)
        _ = tcsetattr(input.load(ordering: .sequentiallyConsistent), TCSAFLUSH, saved)
    }

    /// The SIGTSTP handler's work (Ctrl-Z, or `kill -TSTP` from outside): leave the terminal as
    /// the shell expects it, stop for real, and on SIGCONT take it back and ask for a repaint.
    /// Only async-signal-safe calls. When nobody could continue the process (an orphaned process
    /// group, such as a presenter started straight from tmux) the kernel discards the stop and
    /// this simply returns to the presentation.
    static func suspendAndResume() {
        let wasActive = isActive.load(ordering: .sequentiallyConsistent)
        restore(final: false)
        var stop = sigaction()
        stop.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&stop.sa_mask)
        var ours = sigaction()
        _ = sigaction(SIGTSTP, &stop, &ours)
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGTSTP)
        _ = pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        _ = raise(SIGTSTP)
        // Continued: the handler is ours again for the next Ctrl-Z.
        _ = sigaction(SIGTSTP, &ours, nil)
        guard wasActive else { return }
        let descriptor = input.load(ordering: .sequentiallyConsistent)
        _ = tcsetattr(descriptor, TCSAFLUSH, raw)
        isActive.store(true, ordering: .sequentiallyConsistent)
        writeAll(output.load(ordering: .sequentiallyConsistent), enterBytes.baseAddress, enterBytes.count)
        _ = kill(getpid(), SIGWINCH)
    }

    static func writeAll(_ descriptor: Int32, _ start: UnsafeRawPointer?, _ count: Int) {
        guard var pointer = start else { return }
        var left = count
        while left > 0 {
            let written = write(descriptor, pointer, left)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            left -= written
            pointer += written
        }
    }

    static func installHandlers() {
        guard !handlersInstalled.exchange(true, ordering: .sequentiallyConsistent) else { return }
        _ = restoreBytes.count
        _ = enterBytes.count
        var suspend = sigaction()
        suspend.__sigaction_handler.sa_handler = { _ in RawTerminalState.suspendAndResume() }
        sigemptyset(&suspend.sa_mask)
        suspend.sa_flags = SA_RESTART
        _ = sigaction(SIGTSTP, &suspend, nil)
        for signal in fatalSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = { number, info, _ in
                RawTerminalState.restore()
                if let info, info.pointee.si_code > 0 {
                    // A real fault (a trap from fatalError, a bad access): hand it back to the
                    // handler there was before (the Swift runtime's crash report, or the default)
                    // and return, so the faulting instruction runs again and raises it there.
                    _ = sigaction(number, RawTerminalState.previous + Int(number), nil)
                } else {
                    // Sent by kill, the terminal or abort(): end the way that signal ends a process.
                    _ = Glibc.signal(number, SIG_DFL)
                    _ = raise(number)
                }
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_SIGINFO
            _ = sigaction(signal, &action, previous + Int(signal))
        }
        // exit() from anywhere (an error reported by the argument parser) also restores.
        atexit { RawTerminalState.restore() }
    }
}
