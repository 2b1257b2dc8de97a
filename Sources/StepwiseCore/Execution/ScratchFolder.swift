import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The working directory a snippet starts in: an empty folder of its own, so a snippet that
/// writes files relative to where it runs touches neither the learner's working directory nor
/// the lessons folder nor the cache.
///
/// One folder per process, made just before it starts and removed once it and everything it
/// left running are gone: a run's files do not carry over to the next run, which therefore
/// behaves the same every time. Folders left by a tutor that was killed are removed, an hour
/// later, by the next tutor that makes one.
///
/// The folders live in the learner's private cache folder (see ``PrivateFolder``), never in a
/// shared `/tmp` where another user could plant the folder or links in it. Removing one never
/// follows a symbolic link and works at any depth (see ``removeTree(named:in:)``).
enum ScratchFolder {
    /// `<cache>/scratch` (`~/.cache/stepwise/scratch`); nil when there is no home directory.
    static var root: String? {
        CacheLocation.defaultRoot().map { ($0 as NSString).appendingPathComponent("scratch") }
    }

    /// Stale folders of the root last swept, so each root is swept once per process.
    private static let swept = Mutex<Set<String>>([])

    /// A new, empty folder under ``root``.
    /// - Throws: ``ExecutionError/scratchUnavailable(path:reason:)`` when it cannot be made,
    ///   or ``PrivateFolderError`` when the root is not the learner's alone.
    static func make() throws -> String {
        guard let cache = CacheLocation.defaultRoot() else {
            throw PrivateFolderError(path: "", purpose: "snippet scratch folders", problem: .noHome(variable: "XDG_CACHE_HOME"))
        }
        let root = (cache as NSString).appendingPathComponent("scratch")
        try PrivateFolder.ensure(root, checkedFrom: cache, purpose: "snippet scratch folders")
        if swept.withLock({ $0.insert(root).inserted }) { removeStale(in: root) }
        var template = Array((root as NSString).appendingPathComponent("run-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw ExecutionError.scratchUnavailable(path: root, reason: SystemErrors.describe(errno))
        }
        return String(cString: made)
    }

    /// Removes a folder made by ``make()`` and everything in it. A snippet may have made parts
    /// of it unreadable or unwritable, so each folder is given mode 0700 on the way in; links
    /// are removed, never followed.
    static func remove(_ folder: String) {
        let parent = (folder as NSString).deletingLastPathComponent
        let descriptor = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        removeTree(named: (folder as NSString).lastPathComponent, in: descriptor)
    }

    /// Removes the entry `name` of the open folder `parent`, descending into folders without
    /// building paths and holding one descriptor at a time, so neither `PATH_MAX` nor the
    /// descriptor limit bounds the depth. Going back up reopens `..` and checks it is the
    /// folder that was left (device and inode), so a folder moved meanwhile stops the removal
    /// rather than sending it elsewhere.
    static func removeTree(named name: String, in parent: Int32) {
        if unlinkat(parent, name, 0) == 0 { return }
        guard let top = openFolder(name, in: parent) else { return }
        var current = top.descriptor
        // The identity of each folder being removed, and its name in the one above it.
        var path: [(identity: FileIdentity, name: String, skipped: Set<String>)] = [(top.identity, name, [])]
        while let level = path.last {
            guard let stream = fdopendir(dup(current)) else { break }
            var descended = false
            while let entry = readdir(stream) {
                let child = entryName(entry)
                if child == "." || child == ".." || level.skipped.contains(child) { continue }
                if unlinkat(current, child, 0) == 0 { continue }
                // Linux says EISDIR for a folder, other systems EPERM.
                if errno == EISDIR || errno == EPERM, let opened = openFolder(child, in: current) {
                    close(current)
                    current = opened.descriptor
                    path.append((opened.identity, child, []))
                    descended = true
                    break
                }
                path[path.count - 1].skipped.insert(child)
            }
            closedir(stream)
            if descended { continue }
            // This folder is as empty as it will get: go up and remove it.
            let finished = path.removeLast()
            if path.isEmpty {
                close(current)
                unlinkat(parent, finished.name, AT_REMOVEDIR)
                return
            }
            let up = openat(current, "..", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            close(current)
            guard up >= 0, FileIdentity(descriptor: up) == path[path.count - 1].identity else {
                if up >= 0 { close(up) }
                return
            }
            current = up
            if unlinkat(current, finished.name, AT_REMOVEDIR) != 0 { path[path.count - 1].skipped.insert(finished.name) }
        }
        close(current)
    }

    private static func entryName(_ entry: UnsafeMutablePointer<dirent>) -> String {
        var bytes = entry.pointee.d_name
        let capacity = MemoryLayout.size(ofValue: bytes)
        return withUnsafePointer(to: &bytes) {
            $0.withMemoryRebound(to: CChar.self, capacity: capacity) { String(cString: $0) }
        }
    }

    /// Device and inode: which folder a descriptor is, whatever its name now.
    struct FileIdentity: Equatable {
        var device: UInt64
        var inode: UInt64

        init?(descriptor: Int32) {
            var info = stat()
            guard fstat(descriptor, &info) == 0 else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    /// Opens the folder `name` of `parent` without following a link, and gives it mode 0700 so
    /// its entries can be listed and removed.
    private static func openFolder(_ name: String, in parent: Int32) -> (descriptor: Int32, identity: FileIdentity)? {
        var descriptor = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if descriptor < 0, errno == EACCES {
            makeSearchable(name, in: parent)
            descriptor = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        }
        guard descriptor >= 0, let identity = FileIdentity(descriptor: descriptor) else {
            if descriptor >= 0 { close(descriptor) }
            return nil
        }
        fchmod(descriptor, 0o700)
        return (descriptor, identity)
    }

    /// Gives an unreadable folder mode 0700 without following a link: a descriptor that names
    /// the folder itself (`O_PATH`), changed through `/proc/self/fd`, which is that very inode.
    private static func makeSearchable(_ name: String, in parent: Int32) {
        #if os(Linux)
        // O_PATH (Linux's 010000000), which Glibc's Swift overlay does not export.
        let pathOnly: Int32 = 0o10_000_000
        let handle = openat(parent, name, pathOnly | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard handle >= 0 else { return }
        chmod("/proc/self/fd/\(handle)", 0o700)
        close(handle)
        #else
        fchmodat(parent, name, 0o700, AT_SYMLINK_NOFOLLOW)
        #endif
    }

    private static func removeStale(in root: String) {
        let cutoff = time(nil) - 3600
        let descriptor = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] where name.hasPrefix("run-") {
            var info = stat()
            guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            #if os(Linux)
            let modified = info.st_mtim.tv_sec
            #else
            let modified = info.st_mtimespec.tv_sec
            #endif
            if modified < cutoff { removeTree(named: name, in: descriptor) }
        }
    }
}
