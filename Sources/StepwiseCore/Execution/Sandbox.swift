import Foundation
import SandboxWire

/// How a snippet process is contained: a bubblewrap (`bwrap`) sandbox around it.
///
/// Inside, the program has namespaces of its own (processes, network, IPC, host name, mounts),
/// so it sees only its own processes, has no network, and everything in it ends when its first
/// process does (the kernel kills a PID namespace with its init). It is in a session of its own
/// with no controlling terminal (no `TIOCSTI`), holds no capabilities, and sees the file system
/// read-only (the home folder, the lessons and the snippet cache included), except a private
/// `/tmp` and its scratch folder, each a tmpfs of ``tmpfsBytes``: what it writes there is gone
/// when it ends. `/dev` and `/proc` are the sandbox's own.
///
/// Files the run needs from under a hidden folder (a binary or a script under `/tmp`, the
/// scratch folder's contents) are bound read-only over the tmpfs. The CPU, memory and
/// file-size limits are set before `bwrap` starts and are inherited by everything inside.
package struct Sandbox: Sendable, Hashable {
    /// The `bwrap` executable.
    package var bwrapPath: String
    /// The size of each tmpfs (`/tmp`, the scratch folder).
    package var tmpfsBytes: Int

    /// 256 MiB.
    package static let defaultTmpfsBytes = 256 << 20

    package init(bwrapPath: String, tmpfsBytes: Int = Sandbox.defaultTmpfsBytes) {
        self.bwrapPath = bwrapPath
        self.tmpfsBytes = tmpfsBytes
    }

    /// The folders a tmpfs hides inside the sandbox, for a run in `workingDirectory`.
    func hiddenFolders(workingDirectory: String?) -> [String] {
        var folders = ["/tmp"]
        if let workingDirectory, !Self.isInside(workingDirectory, "/tmp") {
            folders.append(workingDirectory)
        }
        return folders
    }

    /// The `bwrap` options that contain `spec`; the program and its arguments follow a `--`.
    func options(for spec: ProcessSpec) -> [String] {
        let size = String(max(1 << 20, tmpfsBytes))
        var options = [
            "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
            "--size", size, "--tmpfs", "/tmp",
        ]
        let workingDirectory = spec.workingDirectory.map(Self.absolute)
        if let workingDirectory {
            if Self.isInside(workingDirectory, "/tmp") {
                options += ["--dir", workingDirectory]
            } else {
                options += ["--size", size, "--tmpfs", workingDirectory]
            }
            // What was put there for the run (a Python script) is readable; nothing written there stays.
            for name in (try? FileManager.default.contentsOfDirectory(atPath: workingDirectory))?.sorted() ?? [] {
                let path = (workingDirectory as NSString).appendingPathComponent(name)
                options += ["--ro-bind", path, path]
            }
        }
        for path in keptPaths(for: spec, workingDirectory: workingDirectory) {
            options += ["--ro-bind", path, path]
        }
        if let workingDirectory { options += ["--chdir", workingDirectory] }
        return options
    }

    /// The files the run names (its program, absolute paths among its arguments) that a tmpfs
    /// would hide, to be bound back read-only; not those in the working directory, whose files
    /// come along anyway.
    func keptPaths(for spec: ProcessSpec, workingDirectory: String?) -> [String] {
        let hidden = hiddenFolders(workingDirectory: workingDirectory)
        var kept: [String] = []
        for candidate in [spec.executable] + spec.arguments where candidate.hasPrefix("/") {
            let path = (candidate as NSString).standardizingPath
            guard !kept.contains(path), hidden.contains(where: { Self.isInside(path, $0) }),
                workingDirectory.map({ !Self.isInside(path, $0) }) ?? true,
                FileManager.default.fileExists(atPath: path)
            else { continue }
            kept.append(path)
        }
        return kept
    }

    /// The options of the session's ``SandboxHost``: the namespaces and read-only machine every
    /// run gets, and the two capabilities the host needs to make each run's namespaces and
    /// mounts (every run drops them before its program starts). No `/tmp` of its own: each run
    /// mounts its own over the machine's.
    var hostOptions: [String] {
        [
            "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--cap-add", "CAP_SYS_ADMIN", "--cap-add", "CAP_SETPCAP",
            "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
        ]
    }

    /// What the ``SandboxHost`` is asked to start for `spec`: the same containment as
    /// ``options(for:)``, with the limits the run's first process sets itself.
    func request(for spec: ProcessSpec, limits: RunLimits, hasControlChannel: Bool) -> SandboxRequest {
        let workingDirectory = spec.workingDirectory.map(Self.absolute)
        return SandboxRequest(
            executable: spec.executable, arguments: [spec.executable] + spec.arguments,
            environment: environment(for: spec).map { "\($0.key)=\($0.value)" }.sorted(),
            workingDirectory: workingDirectory, tmpfsBytes: max(1 << 20, tmpfsBytes), cpuSeconds: limits.effectiveCPUSeconds,
            memoryBytes: limits.memoryBytes, fileSizeBytes: limits.fileSizeBytes, maximumProcesses: limits.maximumProcesses,
            keptPaths: keptPaths(for: spec, workingDirectory: workingDirectory), hasControlChannel: hasControlChannel)
    }

    /// The complete command line: `bwrap`, its options, `--`, the program and its arguments.
    func commandLine(for spec: ProcessSpec) -> [String] {
        [bwrapPath] + options(for: spec) + ["--", spec.executable] + spec.arguments
    }

    /// The environment inside: temporary files go to the sandbox's own `/tmp`, the one place
    /// besides the scratch folder that can be written.
    func environment(for spec: ProcessSpec) -> [String: String] {
        var environment = spec.environment
        environment["TMPDIR"] = "/tmp"
        return environment
    }

    /// The exit status `bwrap` reports for a program ended by a signal is 128 plus the signal;
    /// this gives back the signal, so a crash inside reads as the crash it was.
    static func signal(fromExitCode code: Int32) -> Int32? {
        code > 128 && code < 128 + 65 ? code - 128 : nil
    }

    static func isInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return (path as NSString).standardizingPath }
        return ((FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path) as NSString)
            .standardizingPath
    }
}
