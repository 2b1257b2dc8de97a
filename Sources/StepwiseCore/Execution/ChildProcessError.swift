/// Why a child process could not be started or talked to.
package enum ChildProcessError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The program does not exist or is not executable.
    case notExecutable(path: String)
    /// A system call failed while setting the child up.
    case systemCallFailed(call: String, errno: Int32)
    /// The child has already ended, so it cannot take input.
    case inputClosed

    package var description: String {
        switch self {
        case .notExecutable(let path): return "\(path) does not exist or is not executable"
        case .systemCallFailed(let call, let code): return "\(call) failed: \(SystemErrors.describe(code))"
        case .inputClosed: return "the program has already ended and cannot take input"
        }
    }
}
