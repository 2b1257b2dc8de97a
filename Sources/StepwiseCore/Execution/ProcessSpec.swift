/// What to run in a child process.
public struct ProcessSpec: Sendable, Hashable {
    /// The program's path (absolute, or relative to the tutor's working directory).
    public var executable: String
    /// Arguments after the program name.
    public var arguments: [String]
    /// The complete environment of the child.
    public var environment: [String: String]
    /// The child's working directory; nil keeps the tutor's.
    public var workingDirectory: String?

    public init(
        executable: String,
        arguments: [String] = [],
        environment: [String: String],
        workingDirectory: String? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
    }
}
