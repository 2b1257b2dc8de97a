/// A note saying how a program ended, when it did not simply exit with 0.
enum TerminationNote {
    static func text(for termination: Termination) -> String? {
        switch termination {
        case .exited(0): nil
        case .timedOut: "the program was \(termination.summary); raise timeout=N if it needs longer"
        default: phrase(termination)
        }
    }

    /// "the program exited with status 1", "the program was killed by SIGILL (...)".
    static func phrase(_ termination: Termination) -> String {
        if case .exited = termination { return "the program \(termination.summary)" }
        return "the program was \(termination.summary)"
    }
}
