/// One thing the recorder of an instrumented program saw (see ``TaskTrace``).
///
/// Times are relative to the control message that carried the event (always zero or
/// negative): the child sends its events in batches, and the message's own arrival time is
/// what the parent knows how to place on the run's clock.
package enum TraceEvent: Sendable, Hashable {
    /// A task's first statement ran (the main task's at the program's start).
    case began(task: Int, parent: Int?, kind: String, line: Int, at: Duration, thread: Int)
    /// A task's last statement ran.
    case ended(task: Int, at: Duration, thread: Int)
    /// An `await` on program line `line` took from `from` to `to`; the task went on on `thread`.
    case awaited(task: Int, line: Int, from: Duration, to: Duration, thread: Int)
    /// A task printed `start NAME`.
    case labelled(task: Int, label: String)
}

extension TraceEvent {
    /// The same event with its times moved by `offset` (onto the run's clock).
    func shifted(by offset: Duration) -> TraceEvent {
        switch self {
        case .began(let task, let parent, let kind, let line, let at, let thread):
            .began(task: task, parent: parent, kind: kind, line: line, at: at + offset, thread: thread)
        case .ended(let task, let at, let thread): .ended(task: task, at: at + offset, thread: thread)
        case .awaited(let task, let line, let from, let to, let thread):
            .awaited(task: task, line: line, from: from + offset, to: to + offset, thread: thread)
        case .labelled: self
        }
    }
}
