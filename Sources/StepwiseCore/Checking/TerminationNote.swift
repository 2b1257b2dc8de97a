/// A note saying how a program ended, when it did not simply exit with 0.
enum TerminationNote {
    static func text(for termination: Termination) -> String? {
        switch termination {
        case .exited(0): nil
        case .exited(let status): "the program exited with status \(status)"
        case .crashed(let signal): "the program crashed (signal \(signal))"
        case .timedOut(let seconds): "the program was stopped after \(seconds) seconds; raise timeout=N if it needs longer"
        case .failedToStart(let reason): "the program did not run: \(reason)"
        }
    }
}
