import StepwiseTerminal
import Synchronization

/// The "running…" line shown while a run is silent for a while. It is left without a line end
/// so that it can be erased, in place, as soon as the run prints or ends: it says what is
/// happening now, and has nothing to say in the transcript afterwards.
final class RunningNotice: Sendable {
    static let text = "  running… (Ctrl-C stops it)"
    /// The erasing sequence: back to the start of the line, then clear it.
    static let erase = "\r\u{1B}[2K"

    private enum Phase { case waiting, shown, over }
    private let phase = Mutex(Phase.waiting)
    private let console: any Console & Sendable

    init(console: any Console & Sendable) {
        self.console = console
    }

    /// Shows the notice, unless the run has already printed or ended.
    func show() {
        phase.withLock { phase in
            guard phase == .waiting else { return }
            console.write(Self.text)
            phase = .shown
        }
    }

    /// Takes the notice off the screen (when it was shown) and keeps it from appearing later.
    func end() {
        phase.withLock { phase in
            if phase == .shown { console.write(Self.erase) }
            phase = .over
        }
    }

    /// Where the notice of the run being awaited is kept for output that reaches the screen by
    /// another path (the live program's handler), so that it can end the notice as well.
    final class Slot: Sendable {
        private let current = Mutex<RunningNotice?>(nil)

        init() {}

        func hold(_ notice: RunningNotice?) { current.withLock { $0 = notice } }

        /// Ends the held notice, if any (it is erased only when it was shown).
        func end() { current.withLock { $0 }?.end() }
    }
}
