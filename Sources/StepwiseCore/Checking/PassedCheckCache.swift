import Foundation

/// Remembers which dynamic checks passed, keyed by everything they depend on (the blocks'
/// text, the compiler and the Python version), so checking again after editing one snippet
/// reruns that snippet's checks only: a lesson that did not change cannot have started lying.
package struct PassedCheckCache: Sendable {
    package let directory: String
    /// The toolchains the results were obtained with; a new compiler invalidates everything.
    package let salt: String

    package init(directory: String, salt: String) {
        self.directory = directory
        self.salt = salt
    }

    /// `$XDG_CACHE_HOME/stepwise/checks` (else `~/.cache/stepwise/checks`).
    package static func standard(salt: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> PassedCheckCache? {
        // Only in a folder that is the learner's alone: a planted mark would skip a check.
        (try? CacheLocation.privateRoot(environment: environment)).map { PassedCheckCache(directory: $0 + "/checks", salt: salt) }
    }

    package func key(_ parts: [String?]) -> String {
        SHA256.hex(([salt] + parts.map { $0 ?? "\u{1}none" }).joined(separator: "\u{0}"))
    }

    package func hasPassed(_ key: String) -> Bool {
        FileManager.default.fileExists(atPath: directory + "/" + key)
    }

    /// Best effort: a cache that cannot be written only costs time on the next check.
    package func recordPass(_ key: String) {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: directory + "/" + key, contents: Data())
    }
}
