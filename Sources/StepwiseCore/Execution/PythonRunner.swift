import Foundation

/// Runs the `python compare` blocks with the learner's `python3` (3.11 or newer),
/// under the same limits as Swift snippets.
package struct PythonRunner: Sendable {
    /// The interpreter's path.
    package let python: String
    /// What `python3 --version` printed, such as `Python 3.11.9`.
    package let version: String
    /// The child environment.
    package var environment: [String: String]

    /// Finds `python3` (or uses `override`) and checks that it is 3.11 or newer.
    /// - Throws: ``ExecutionError/pythonNotFound(searched:)`` or ``ExecutionError/pythonTooOld(path:version:)``.
    package static func locate(
        override: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws -> PythonRunner {
        let directories = (environment["PATH"] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        let candidates = override.map { [$0] } ?? directories.map { ($0 as NSString).appendingPathComponent("python3") }
        guard let python = candidates.first(where: { Toolchain.isExecutableFile($0) }) else {
            throw ExecutionError.pythonNotFound(searched: override.map { [$0] } ?? directories)
        }
        // The interpreter says where it really is: a `python3` on PATH is often a version
        // manager's shim (pyenv's is a shell script that starts a dozen more), and running the
        // interpreter itself spares every run that start-up, which a loaded machine or a
        // sandbox makes slow. Python 2 prints the tuple, which the version check refuses.
        let result = try await ChildProcess.run(
            ProcessSpec(
                executable: python, arguments: ["-c", "import sys; print('Python ' + sys.version.split()[0]); print(sys.executable)"],
                environment: environment),
            limits: RunLimits(wallClock: .seconds(30)))
        let said = result.combinedText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let version = said.first ?? ""
        guard result.termination.isSuccess, Self.isSupported(version) else {
            throw ExecutionError.pythonTooOld(path: python, version: version.isEmpty ? "of unknown version" : version)
        }
        var childEnvironment = environment
        // Unbuffered, so lines carry the time they were printed (as in Swift snippets).
        childEnvironment["PYTHONUNBUFFERED"] = "1"
        childEnvironment["PYTHONDONTWRITEBYTECODE"] = "1"
        let interpreter = said.dropFirst().first.flatMap { Toolchain.isExecutableFile($0) ? $0 : nil }
        return PythonRunner(python: interpreter ?? python, version: version, environment: childEnvironment)
    }

    /// Whether `Python X.Y.Z` is 3.11 or newer.
    static func isSupported(_ version: String) -> Bool {
        guard version.hasPrefix("Python ") else { return false }
        let numbers = version.dropFirst("Python ".count).split(separator: ".").compactMap { Int($0.prefix { $0.isNumber }) }
        guard numbers.count >= 2 else { return false }
        return numbers[0] > 3 || (numbers[0] == 3 && numbers[1] >= 11)
    }

    /// Runs Python code (from a temporary file, so tracebacks name lines) and returns its output.
    /// - Parameter onLine: sees each standard-output line as it arrives (for showing a run live);
    ///   the result still holds every line.
    package func run(
        _ code: String, limits: RunLimits = RunLimits(), onLine: (@Sendable (TimedLine) -> Void)? = nil
    ) async throws -> RunResult {
        // A scratch folder of its own, in the learner's private cache rather than a shared /tmp.
        let folder = try ScratchFolder.make()
        defer { ScratchFolder.remove(folder) }
        let file = (folder as NSString).appendingPathComponent("snippet.py")
        guard FileManager.default.createFile(atPath: file, contents: Data(code.utf8)) else {
            throw ExecutionError.cacheUnavailable(path: file, reason: "could not write the file")
        }
        return try await ChildProcess.run(
            ProcessSpec(executable: python, arguments: ["snippet.py"], environment: environment, workingDirectory: folder),
            limits: limits, controlled: false, observer: onLine)
    }
}
