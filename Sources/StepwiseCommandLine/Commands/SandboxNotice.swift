import StepwiseCore
import StepwiseTerminal

/// The one line saying snippet runs are not contained, said at most once per process, on
/// standard error, before the first command that runs snippets starts.
enum SandboxNotice {
    private static let said: Void = {
        if let notice = SandboxProbe.current.notice { StandardConsole().error("note: " + notice) }
    }()

    static func sayOnce() {
        _ = said
    }
}
