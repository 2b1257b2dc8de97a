import Foundation

/// Opens a file in the learner's editor and waits for it to close.
enum EditorLauncher {
    /// `$VISUAL`, then `$EDITOR`, then the first of nano, vim, vi found on PATH.
    static func editorCommand(environment: [String: String]) -> String? {
        for key in ["VISUAL", "EDITOR"] {
            if let value = environment[key], !value.trimmingCharacters(in: .whitespaces).isEmpty { return value }
        }
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        for candidate in ["nano", "vim", "vi"] {
            for directory in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(directory)/\(candidate)") {
                return candidate
            }
        }
        return nil
    }

    /// Runs the editor through the shell so `EDITOR="code --wait"` works; the terminal is the editor's meanwhile.
    static func edit(_ file: String, command: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(command) \"$1\"", "sh", file]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
