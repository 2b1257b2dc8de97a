import Foundation
import StepwiseCore
import StepwiseTerminal
import Synchronization

/// Prints a run's standard output as it arrives, so a class watching a projector sees the
/// first task finish at 1 s and the second at 2 s instead of everything at the end.
///
/// Called on the child's monitor thread; only the first `limit` lines are printed live, the
/// rest of a flood is summarised when the run ends.
final class LiveOutput: Sendable {
    private let presenter: RunPresenter
    private let console: StandardConsole
    private let usesColor: Bool
    private let printed = Mutex(0)
    /// The run's "running…" line, erased before the first line of output.
    let notice: RunningNotice
    static let limit = RunPresenter.maximumShownLines - 20

    init(presenter: RunPresenter, console: StandardConsole, usesColor: Bool) {
        self.presenter = presenter
        self.console = console
        self.usesColor = usesColor
        notice = RunningNotice(console: console)
    }

    /// Lines printed live so far (the heading comes with the first).
    var printedCount: Int { printed.withLock { $0 } }

    func show(_ line: TimedLine) {
        printed.withLock { printed in
            guard printed < Self.limit else { return }
            notice.end()
            var text = StyledText()
            if printed == 0 { text.append(presenter.heading("output")) }
            text.append(presenter.lines([line], stamped: true))
            console.line(text.rendered(color: usesColor))
            printed += 1
        }
    }
}
