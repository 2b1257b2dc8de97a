/// Why Stepwise could not run something (as opposed to the program failing,
/// which is reported in a ``RunResult`` or as compiler diagnostics).
package enum ExecutionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The snippet cache folder cannot be created or written.
    case cacheUnavailable(path: String, reason: String)
    /// The folder snippets start in cannot be created.
    case scratchUnavailable(path: String, reason: String)
    /// The compiler could not be run, crashed, or its output could not be installed.
    case compilerUnavailable(reason: String)
    /// No `python3` was found.
    case pythonNotFound(searched: [String])
    /// `python3` is older than 3.11 or did not report a version.
    case pythonTooOld(path: String, version: String)
    /// The stepping driver in the child sent something Stepwise does not understand.
    case unexpectedStepMessage(String)

    package var description: String {
        switch self {
        case .cacheUnavailable(let path, let reason):
            return "cannot use the snippet cache at \(path): \(reason)"
        case .scratchUnavailable(let path, let reason):
            return "cannot make a working folder for the snippet in \(path): \(reason)"
        case .compilerUnavailable(let reason):
            return "could not compile the snippet: \(reason)"
        case .pythonNotFound(let searched):
            return "Comparing with Python needs python3 3.11 or newer, and none was found "
                + "(looked in: \(searched.joined(separator: ", "))). "
                + "Install it from https://www.python.org/downloads/ or your system's package manager."
        case .pythonTooOld(let path, let version):
            return "\(path) is \(version); comparing with Python needs 3.11 or newer. "
                + "Install it from https://www.python.org/downloads/ or your system's package manager."
        case .unexpectedStepMessage(let text):
            return "the stepping program sent an unexpected message: \(text)"
        }
    }
}
