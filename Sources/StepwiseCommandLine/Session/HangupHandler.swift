import Dispatch
import Foundation
import StepwiseCore

/// A closed terminal (SIGHUP) or SIGTERM ends the tutor, and the snippets it is running with it.
///
/// Snippets run in sessions of their own, so the terminal's hangup never reaches them: without
/// this, a snippet that sleeps or waits would outlive the tutor that started it. Progress needs
/// no saving here: it is saved after every move. The terminal gets back the modes it had at
/// start, in case the prompt had it in its editing mode.
enum HangupHandler {
    private static let sources = Sources()

    private final class Sources: @unchecked Sendable {
        var list: [DispatchSourceSignal] = []
    }

    /// - Parameter restoreTerminal: Puts the terminal back instead of the modes read now; the
    ///   presenter passes its own, which also leaves the alternate screen (its handlers for these
    ///   two signals are replaced here, because they cannot stop children safely in a handler).
    static func install(restoreTerminal: (@Sendable () -> Void)? = nil) {
        var original = termios()
        let hasTerminal = restoreTerminal == nil && isatty(0) == 1 && tcgetattr(0, &original) == 0
        let saved = original
        for number in [SIGHUP, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                // Restored first: a presenter that sees its run end would draw again.
                restoreTerminal?()
                ChildProcess.stopAll()
                if hasTerminal {
                    var modes = saved
                    _ = tcsetattr(0, TCSANOW, &modes)
                }
                // _exit: the other threads (one may be inside libedit) are not torn down under them.
                fflush(nil)
                _exit(128 + number)
            }
            source.resume()
            sources.list.append(source)
        }
    }
}
