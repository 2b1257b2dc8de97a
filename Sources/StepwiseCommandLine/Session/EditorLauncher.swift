import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    struct LaunchError: Error, CustomStringConvertible {
        var code: Int32
        var description: String { String(cString: strerror(code)) }
    }

    /// Runs the editor through the shell so `EDITOR="code --wait"` works.
    ///
    /// The editor must stay in the tutor's process group, which owns the terminal: Foundation's
    /// `Process` starts children in a group of their own, and a full-screen editor there is
    /// stopped by the terminal (SIGTTOU) the moment it draws. Ctrl-C, which the tutor ignores,
    /// is given back its default for the editor.
    static func edit(_ file: String, command: String, environment: [String: String]) throws(LaunchError) -> Int32 {
        let arguments = ["/bin/sh", "-c", "\(command) \"$1\"", "sh", file]
        let variables = environment.map { "\($0.key)=\($0.value)" }
        var argv = arguments.map { strdup($0) } + [nil]
        var envp = variables.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGQUIT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/bin/sh", nil, &attributes, &argv, &envp)
        guard result == 0 else { throw LaunchError(code: result) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}
