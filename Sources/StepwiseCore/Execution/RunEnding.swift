/// How a run ended, worded once for the tutor, the presenter, handouts and `stepwise run`.
package struct RunEnding: Sendable, Hashable {
    package var text: String
    package var isFailure: Bool
    /// A limit of Stepwise's stopped it (not the program's own doing).
    package var isLimit: Bool

    /// - Parameters:
    ///   - wallTime: How long it ran; nil where no time is shown (a prompt entry).
    ///   - outOfMemory: The runtime reported a failed allocation: say so, with the limit.
    package init(_ termination: Termination, wallTime: Duration?, outOfMemory: Bool = false) {
        let time = wallTime.map(DurationText.stamp)
        let after = time.map { ", after \($0)" } ?? ""
        isLimit = false
        isFailure = true
        switch termination {
        case .exited(0):
            text = "finished" + (time.map { " in \($0)" } ?? "")
            isFailure = false
        case .exited(let code):
            text = "exit status \(code)" + (time.map { " after \($0)" } ?? "")
        case .signalled where outOfMemory:
            text = "crashed: \(RuntimeCrash.outOfMemoryNote()), \(termination.summary)\(after)"
        case .signalled:
            text = "crashed: \(termination.summary)\(after)"
        case .timedOut(let limit):
            text = "stopped: still running after the \(DurationText.limit(limit)) limit (an endless loop?)"
            isLimit = true
        case .outputLimit(let bytes):
            text = "stopped: it printed more than \(bytes >> 20) MiB"
            isLimit = true
        case .processLimit(let count):
            text = "stopped: it started more than \(count) processes at once"
            isLimit = true
        case .interrupted:
            text = "interrupted" + (time.map { " after \($0)" } ?? "")
        }
    }
}
