/// Whether a child process runs in a ``Sandbox``.
package enum SandboxMode: Sendable, Hashable {
    /// In the machine's sandbox when it has a working one (``SandboxProbe/current``), else
    /// under the limits alone: every snippet process.
    case automatic
    /// Under the limits alone: the compiler, which writes into the cache, and version queries.
    case off
    /// In this sandbox (tests inject one, or none, here).
    case using(Sandbox)

    /// The sandbox a child starts in, if any.
    var resolved: Sandbox? {
        switch self {
        case .automatic: SandboxProbe.current.sandbox
        case .off: nil
        case .using(let sandbox): sandbox
        }
    }
}
