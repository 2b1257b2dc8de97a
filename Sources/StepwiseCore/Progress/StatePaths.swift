import Foundation

/// Where Stepwise keeps per-learner files: progress, history, edited snippets.
package struct StatePaths: Sendable {
    /// `$XDG_STATE_HOME/stepwise`, else `~/.local/state/stepwise`.
    package var root: String

    package init(root: String) {
        self.root = root
    }

    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            root = state + "/stepwise"
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            root = home + "/.local/state/stepwise"
        }
    }

    /// LearnerProgress for one lessons folder: the built-in lessons and each author folder are kept apart.
    package func progressFile(forLessons folder: String, builtIn: Bool) -> String {
        builtIn ? root + "/progress.json" : root + "/folders/\(Self.slug(for: folder))/progress.json"
    }

    package var historyFile: String { root + "/history" }

    /// The learner's edited copies of snippets, never written into lesson files.
    package func editsFolder(forLessons folder: String, builtIn: Bool) -> String {
        builtIn ? root + "/edits" : root + "/folders/\(Self.slug(for: folder))/edits"
    }

    /// A readable, collision-resistant folder name for an absolute path.
    static func slug(for folder: String) -> String {
        let absolute = URL(fileURLWithPath: folder).standardizedFileURL.path
        let name = absolute.split(separator: "/").last.map(String.init) ?? "lessons"
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in absolute.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return name + "-" + String(hash, radix: 16)
    }
}
