import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What contains snippet runs on this machine: a working ``Sandbox``, or the reason there is none.
///
/// Found once per process (``current``): `bwrap` on the `PATH`, then one real sandbox started
/// with the options every run gets, running `true`. Where `bwrap` is missing or cannot create
/// namespaces (some containers, macOS), runs fall back to the limits alone, and ``notice``
/// says so in one line for the command layer to print once.
package struct SandboxProbe: Sendable, Hashable {
    /// The `bwrap` found, if any.
    package var bwrapPath: String?
    /// Its `--version` line (`bubblewrap 0.8.0`).
    package var version: String?
    /// The sandbox runs get; nil when they are not contained.
    package var sandbox: Sandbox?
    /// Why runs are not contained, when they are not.
    package var reason: String?

    /// Turns the sandbox off when `off` (for a machine where it gets in the way).
    package static let switchVariable = "STEPWISE_SANDBOX"
    /// The size of each tmpfs in the sandbox, in MiB.
    package static let tmpfsVariable = "STEPWISE_SANDBOX_TMPFS_MIB"

    /// This machine's answer, probed on first use.
    package static let current = probe()

    /// One line saying runs are not contained, or nil when they are.
    package var notice: String? {
        guard sandbox == nil else { return nil }
        return "Runs are not contained (\(reason ?? "no sandbox")): snippets run with your rights, "
            + "under time, memory, process and file-size limits only. `stepwise doctor` says more."
    }

    /// Finds `bwrap` on the environment's `PATH` and checks that it can start a sandbox.
    package static func probe(environment: [String: String] = ProcessInfo.processInfo.environment) -> SandboxProbe {
        var result = SandboxProbe()
        if environment[switchVariable]?.lowercased() == "off" {
            result.reason = "\(switchVariable)=off"
            return result
        }
        #if !os(Linux)
        result.reason = "bubblewrap needs Linux namespaces"
        return result
        #else
        let searchPath = environment["PATH"] ?? "/usr/bin:/bin"
        let candidates: [String] = searchPath.split(separator: ":").map { folder in
            (String(folder) as NSString).appendingPathComponent("bwrap")
        }
        guard let bwrap = candidates.first(where: { access($0, X_OK) == 0 }) else {
            result.reason = "bwrap was not found on the PATH; install the bubblewrap package"
            return result
        }
        result.bwrapPath = bwrap
        if let version = runQuietly([bwrap, "--version"]), version.status == 0 {
            result.version = version.output.split(separator: "\n").first.map(String.init)
        }
        var tmpfs = Sandbox.defaultTmpfsBytes
        if let text = environment[tmpfsVariable], let mebibytes = Int(text), mebibytes > 0 {
            tmpfs = mebibytes << 20
        }
        let sandbox = Sandbox(bwrapPath: bwrap, tmpfsBytes: tmpfs)
        let truePaths: [String] = ["/bin/true", "/usr/bin/true"]
        let truePath = truePaths.first(where: { access($0, X_OK) == 0 }) ?? "/bin/true"
        let check = runQuietly(sandbox.commandLine(for: ProcessSpec(executable: truePath, environment: [:])))
        guard let check, check.status == 0 else {
            let said = check?.output.split(separator: "\n").first.map(String.init)
            result.reason = "bwrap cannot create a sandbox here" + (said.map { ": \($0)" } ?? "")
            return result
        }
        result.sandbox = sandbox
        return result
        #endif
    }

    /// Runs a program to its end with no input, and returns its exit code and what it wrote
    /// (both streams); nil when it cannot be started or did not exit normally. Only for the
    /// probe's two short commands: it blocks the calling thread.
    static func runQuietly(_ argv: [String]) -> (status: Int32, output: String)? {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return nil }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        #if os(Linux)
        var actions = posix_spawn_file_actions_t()
        #else
        var actions: posix_spawn_file_actions_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
        var cArguments = argv.map { strdup($0) } + [nil]
        var cEnvironment: [UnsafeMutablePointer<CChar>?] = [strdup("PATH=/usr/bin:/bin"), nil]
        defer {
            for pointer in cArguments { free(pointer) }
            for pointer in cEnvironment { free(pointer) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, &cEnvironment)
        close(fds[1])
        defer { close(fds[0]) }
        guard spawned == 0 else { return nil }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fds[0], &buffer, buffer.count)
            if count > 0 {
                if output.count < 1 << 16 { output += buffer[0..<count] }
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        guard let status = Syscalls.waitBlocking(pid), status & 0x7f == 0 else { return nil }
        return ((status >> 8) & 0xff, String(decoding: output, as: UTF8.self))
    }
}
