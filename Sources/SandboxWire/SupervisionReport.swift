/// What a run's init process tells the tutor on the supervision socket, one line each.
///
/// The tutor writes single bytes the other way: each is a signal number for everything in the
/// run. The program itself never holds this socket (it is close-on-exec in the program), so
/// nothing it prints can pass for a report.
public enum SupervisionReport: Sendable, Hashable {
    /// The run's namespaces and file system are in place; the program is about to start.
    case ready
    /// The program ended with this wait(2) status.
    case exited(status: Int32)
    /// The run had more than its maximum processes; everything in it is being killed.
    case tooManyProcesses(count: Int)
    /// Setting up the run failed at `call` with `errno` (`execve` when the program would not start).
    case failed(call: String, errno: Int32)

    public var line: String {
        switch self {
        case .ready: "ready\n"
        case .exited(let status): "exit \(status)\n"
        case .tooManyProcesses(let count): "procs \(count)\n"
        case .failed(let call, let errno): "fail \(errno) \(call)\n"
        }
    }

    /// Nil for a line that is not a report.
    public init?(line: some StringProtocol) {
        let words = line.split(separator: " ")
        switch (words.first, words.count) {
        case ("ready", 1): self = .ready
        case ("exit", 2):
            guard let status = Int32(words[1]) else { return nil }
            self = .exited(status: status)
        case ("procs", 2):
            guard let count = Int(words[1]) else { return nil }
            self = .tooManyProcesses(count: count)
        case ("fail", 3):
            guard let errno = Int32(words[1]) else { return nil }
            self = .failed(call: String(words[2]), errno: errno)
        default: return nil
        }
    }
}
