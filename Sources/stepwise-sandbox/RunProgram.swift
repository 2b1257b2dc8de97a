#if os(Linux)
import CSandboxCalls
import Glibc
import SandboxWire

/// The run's program: the second process of the run's namespace, which becomes the snippet.
///
/// Before `execve` it leads a session of its own, takes the run's limits, gets its standard
/// descriptors (input at end of file) and the control channel as descriptor 3 and nothing
/// else, and gives up every capability for good, so the program cannot undo the run's mounts.
enum RunProgram {
    static func exec(_ request: SandboxRequest, _ descriptors: [Int32]) -> Never {
        // Lifted out of the way first, so the dup2s below cannot overwrite one another.
        let moved = descriptors.map { fcntl($0, F_DUPFD_CLOEXEC, 20) }
        let report = moved[SandboxRequest.Descriptor.supervision.rawValue]
        guard !moved.contains(where: { $0 < 0 }) else { Report.fail("fcntl", to: descriptors[0]) }

        var none = sigset_t()
        sigemptyset(&none)
        sigprocmask(SIG_SETMASK, &none, nil)
        for signal in 1..<32 where signal != SIGKILL && signal != SIGSTOP {
            Glibc.signal(Int32(signal), SIG_DFL)
        }
        _ = setsid()
        setLimit(RLIMIT_CORE.rawValue, 0)
        setLimit(RLIMIT_CPU.rawValue, rlim_t(request.cpuSeconds), hard: rlim_t(request.cpuSeconds + 1))
        if let memory = request.memoryBytes { setLimit(RLIMIT_AS.rawValue, rlim_t(memory)) }
        if let size = request.fileSizeBytes { setLimit(RLIMIT_FSIZE.rawValue, rlim_t(size)) }

        let input = open("/dev/null", O_RDONLY)
        guard input >= 0, dup2(input, 0) == 0,
            dup2(moved[SandboxRequest.Descriptor.standardOutput.rawValue], 1) == 1,
            dup2(moved[SandboxRequest.Descriptor.standardError.rawValue], 2) == 2
        else { Report.fail("dup2", to: report) }
        if request.hasControlChannel {
            guard dup2(moved[SandboxRequest.Descriptor.control.rawValue], 3) == 3 else { Report.fail("dup2", to: report) }
        }
        // Everything else goes: the report socket is close-on-exec and the rest are closed.
        stepwise_close_from(request.hasControlChannel ? 4 : 3, report)

        if let folder = request.workingDirectory {
            guard chdir(folder) == 0 else { Report.fail("chdir", to: report) }
        } else {
            // The folder the tutor started in, looked up again in the run's own file system: the
            // descriptor inherited from the host may name one the run's /tmp now hides (a
            // checkout under /tmp), where a program that asks for its directory would fail. As
            // with bubblewrap, a folder the run cannot see gives `/`.
            var path = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            if getcwd(&path, path.count) == nil || chdir(path) != 0 { _ = chdir("/") }
        }
        guard stepwise_drop_capabilities() == 0 else { Report.fail("capset", to: report) }

        // From this process, so the pid the tutor gets with it is the program's own.
        Report.send(.ready, to: report)
        let arguments = request.arguments.isEmpty ? [request.executable] : request.arguments
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = request.environment.map { strdup($0) } + [nil]
        execve(request.executable, &argv, &envp)
        Report.send(.failed(call: "execve", errno: errno), to: report)
        _exit(127)
    }

    private static func setLimit(_ resource: UInt32, _ soft: rlim_t, hard: rlim_t? = nil) {
        var limit = rlimit(rlim_cur: soft, rlim_max: hard ?? soft)
        _ = setrlimit(__rlimit_resource_t(resource), &limit)
    }
}
#endif
