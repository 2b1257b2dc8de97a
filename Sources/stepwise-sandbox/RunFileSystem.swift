#if os(Linux)
import CSandboxCalls
import Glibc
import SandboxWire

/// The file system a run sees, laid out in its own mount namespace by its init.
///
/// The host sees the machine read-only (bubblewrap's `--ro-bind / /`). On top of that each run
/// gets a new `/tmp` and a new working directory, each a tmpfs capped at the request's size
/// and gone when the run ends; copies of the files the tutor left in the working directory
/// (a Python script); the files it needs from under those folders bound back read-only (a
/// program compiled into a cache under `/tmp`); and a `/proc` that shows only its own processes.
enum RunFileSystem {
    /// What every run's file system has, laid out before its request comes (a spare run init
    /// does this while it waits): the new `/tmp`, `/dev/shm` and `/proc`, `/dev` read-only.
    struct Shared {
        /// The machine's `/tmp` as it was before the run's tmpfs hid it (O_PATH): files a run
        /// needs from there are reached through it.
        var originalTmp: Int32
        var tmpfsBytes: Int
    }

    /// Nil when all is in place, else the call that failed (errno says why).
    static func prepare(for request: SandboxRequest) -> String? {
        switch prepareShared(tmpfsBytes: request.tmpfsBytes) {
        case .failure(let call): return call.name
        case .success(let shared): return prepareRun(request, shared)
        }
    }

    struct FailedCall: Error { var name: String }

    static func prepareShared(tmpfsBytes: Int) -> Result<Shared, FailedCall> {
        // Nothing mounted here may reach the host's namespace.
        guard mount(nil, "/", nil, UInt(MS_REC | MS_PRIVATE), nil) == 0 else { return .failure(FailedCall(name: "mount")) }
        let originalTmp = open("/tmp", Int32(STEPWISE_O_PATH) | O_DIRECTORY | O_CLOEXEC)
        guard originalTmp >= 0 else { return .failure(FailedCall(name: "open /tmp")) }
        let size = sizeOption(tmpfsBytes)
        guard mountTmpfs("/tmp", options: size + ",mode=1777") else { return .failure(FailedCall(name: "mount /tmp")) }
        // The session's /dev (bubblewrap's tmpfs) is shared by all its runs: each gets its own
        // /dev/shm, and /dev itself read-only, so no run leaves a file there for the next.
        if access("/dev/shm", F_OK) == 0 {
            guard mountTmpfs("/dev/shm", options: size + ",mode=1777") else { return .failure(FailedCall(name: "mount /dev/shm")) }
        }
        guard remountReadOnly("/dev") else { return .failure(FailedCall(name: "mount /dev")) }
        guard mount("proc", "/proc", "proc", UInt(MS_NOSUID | MS_NODEV | MS_NOEXEC), nil) == 0 else {
            return .failure(FailedCall(name: "mount /proc"))
        }
        return .success(Shared(originalTmp: originalTmp, tmpfsBytes: tmpfsBytes))
    }

    /// The rest, for one request: its sizes, its working directory and the files it keeps.
    static func prepareRun(_ request: SandboxRequest, _ shared: Shared) -> String? {
        let size = sizeOption(request.tmpfsBytes)
        if request.tmpfsBytes != shared.tmpfsBytes {
            for path in ["/tmp", "/dev/shm"] where access(path, F_OK) == 0 {
                guard mount(nil, path, nil, UInt(MS_REMOUNT | MS_NOSUID | MS_NODEV), size) == 0 else { return "mount -o remount" }
            }
        }
        let workingDirectory = request.workingDirectory
        let hidden = ["/tmp"] + (workingDirectory.map { isInside($0, "/tmp") ? [] : [$0] } ?? [])
        // Opened before a tmpfs hides them; a descriptor still names the original.
        let kept: [(path: String, fd: Int32)] = request.keptPaths.compactMap { path in
            guard hidden.contains(where: { isInside(path, $0) }) else { return nil }
            let fd = openOriginal(path, Int32(STEPWISE_O_PATH) | O_CLOEXEC, shared)
            return fd >= 0 ? (path, fd) : nil
        }
        let originalFolder = workingDirectory.map { openOriginal($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC, shared) } ?? -1
        if let workingDirectory {
            if isInside(workingDirectory, "/tmp") {
                guard makeFolders(workingDirectory) else { return "mkdir" }
            } else {
                guard mountTmpfs(workingDirectory, options: size + ",mode=0755") else { return "mount scratch" }
            }
            if originalFolder >= 0 {
                copyFiles(from: originalFolder, to: workingDirectory)
                close(originalFolder)
            }
        }
        for (path, fd) in kept {
            defer { close(fd) }
            guard bindReadOnly(fd, at: path) else { return "mount kept path" }
        }
        return nil
    }

    /// Opens `path` as the machine has it: under `/tmp` through the original `/tmp`.
    private static func openOriginal(_ path: String, _ flags: Int32, _ shared: Shared) -> Int32 {
        guard isInside(path, "/tmp") else { return open(path, flags) }
        let relative = String(path.dropFirst("/tmp".count).drop(while: { $0 == "/" }))
        return relative.isEmpty ? dup(shared.originalTmp) : openat(shared.originalTmp, relative, flags)
    }

    private static func sizeOption(_ bytes: Int) -> String { "size=\(max(1 << 20, bytes))" }

    /// Makes the mount at `path` read-only, keeping the flags it has (in a user namespace the
    /// kernel refuses a remount that would drop a locked nosuid, nodev or noexec).
    private static func remountReadOnly(_ path: String) -> Bool {
        var information = statvfs()
        guard statvfs(path, &information) == 0 else { return false }
        let kept = UInt(information.f_flag) & UInt(MS_NOSUID | MS_NODEV | MS_NOEXEC)
        return mount(nil, path, nil, UInt(MS_BIND | MS_REMOUNT | MS_RDONLY) | kept, nil) == 0
    }

    private static func mountTmpfs(_ path: String, options: String) -> Bool {
        mount("tmpfs", path, "tmpfs", UInt(MS_NOSUID | MS_NODEV), options) == 0
    }

    /// Binds what `fd` names at `path` (creating the mount point), then makes that bind read-only.
    private static func bindReadOnly(_ fd: Int32, at path: String) -> Bool {
        var information = stat()
        guard fstat(fd, &information) == 0 else { return false }
        let isFolder = (information.st_mode & S_IFMT) == S_IFDIR
        guard makeFolders(isFolder ? path : parent(of: path)) else { return false }
        if !isFolder {
            let created = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
            guard created >= 0 else { return false }
            close(created)
        }
        let source = "/proc/self/fd/\(fd)"
        guard mount(source, path, nil, UInt(MS_BIND | MS_REC), nil) == 0 else { return false }
        return remountReadOnly(path)
    }

    /// Copies the regular files at the top of `folder` into `destination` (which is a tmpfs, so
    /// the copies are the run's to change; the originals stay as they were).
    private static func copyFiles(from folder: Int32, to destination: String) {
        let listing = dup(folder)
        guard listing >= 0, let directory = fdopendir(listing) else { return }
        defer { closedir(directory) }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while let entry = readdir(directory) {
            guard entry.pointee.d_type == UInt8(DT_REG) else { continue }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            let input = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            guard input >= 0 else { continue }
            defer { close(input) }
            let output = open(destination + "/" + name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard output >= 0 else { continue }
            defer { close(output) }
            while true {
                let count = read(input, &buffer, buffer.count)
                guard count > 0, write(output, buffer, count) == count else { break }
            }
        }
    }

    private static func makeFolders(_ path: String) -> Bool {
        var built = ""
        for component in path.split(separator: "/") {
            built += "/" + component
            if mkdir(built, 0o755) != 0 && errno != EEXIST { return false }
        }
        return true
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    static func isInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }
}
#endif
