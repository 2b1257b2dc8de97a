import Foundation

/// Where Stepwise keeps per-learner files: progress, history, edited snippets.
package struct StatePaths: Sendable {
    /// `$XDG_STATE_HOME/stepwise`, else `~/.local/state/stepwise`.
    package var root: String

    package init(root: String) {
        self.root = root
    }

    /// The home directory is `HOME`, else the password database's; with neither, `root` is
    /// empty and ``ensurePrivate()`` says so (never a shared folder such as `/tmp`).
    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        root = LearnerDirectories.folder(xdg: "XDG_STATE_HOME", fallback: ".local/state", environment: environment) ?? ""
    }

    /// Makes `root` if needed and checks that it is the learner's alone (see ``PrivateFolder``).
    /// - Throws: ``PrivateFolderError`` saying what is wrong and what to do.
    package func ensurePrivate() throws(PrivateFolderError) {
        guard !root.isEmpty else {
            throw PrivateFolderError(path: "", purpose: Self.purpose, problem: .noHome(variable: "XDG_STATE_HOME"))
        }
        try PrivateFolder.ensure(root, checkedFrom: root, purpose: Self.purpose)
    }

    static let purpose = "your progress and edited snippets"

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
        // The folder's own name is kept for a reader of the state folder, reduced to characters
        // that cannot make a path of it.
        let last = absolute.split(separator: "/").last.map(String.init) ?? ""
        let kept = String(
            last.unicodeScalars.prefix(40).map { scalar -> Character in
                scalar.isASCII && (Character(scalar).isLetter || Character(scalar).isNumber || scalar == "-" || scalar == "_")
                    ? Character(scalar) : "-"
            })
        let name = kept.isEmpty ? "lessons" : kept
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in absolute.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return name + "-" + String(hash, radix: 16)
    }
}
