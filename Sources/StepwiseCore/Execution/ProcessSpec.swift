/// What to run in a child process.
package struct ProcessSpec: Sendable, Hashable {
    /// The program's path (absolute, or relative to the tutor's working directory).
    package var executable: String
    /// Arguments after the program name.
    package var arguments: [String]
    /// The complete environment of the child.
    package var environment: [String: String]
    /// The child's working directory; nil keeps the tutor's.
    package var workingDirectory: String?

    package init(
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
