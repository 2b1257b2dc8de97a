import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes and checks the folders Stepwise keeps its own files in (the snippet cache, the
/// learner's state, scratch folders), so that no other user can put a file there.
///
/// A cached executable is run as the learner and progress decides what opens next, so a folder
/// another user made first (`/tmp/stepwise`, planted before the learner's first run) or can
/// write in would let them choose what runs. Every folder from `checkedFrom` down to the one
/// asked for is made mode 0700 when missing and, whether new or not, must be a real folder (not
/// a symbolic link), owned by the effective user, and not writable by group or others.
///
/// The walk opens each folder relative to the one above it with `O_NOFOLLOW`, so a link swapped
/// in between a check and the next step is refused instead of followed. Folders above
/// `checkedFrom` (the home directory, `$XDG_CACHE_HOME`) are the learner's own choice: they are
/// made if missing but followed as they are.
package enum PrivateFolder {
    /// Makes (if needed) and checks `path` and every folder between `checkedFrom` and it.
    /// - Parameters:
    ///   - path: An absolute path inside (or equal to) `checkedFrom`.
    ///   - checkedFrom: The first folder Stepwise owns, such as `~/.cache/stepwise`.
    ///   - purpose: What the folder is for, for the message.
    /// - Throws: ``PrivateFolderError`` naming the folder that was refused and why.
    @discardableResult
    package static func ensure(_ path: String, checkedFrom: String, purpose: String) throws(PrivateFolderError) -> String {
        let root = plain(checkedFrom)
        let target = plain(path)
        let parent = (root as NSString).deletingLastPathComponent
        var components = [(root as NSString).lastPathComponent]
        if target != root {
            guard target.hasPrefix(root + "/") else {
                return try ensure(target, checkedFrom: target, purpose: purpose)
            }
            components += target.dropFirst(root.count + 1).split(separator: "/").map(String.init)
        }
        try makeAncestors(parent, purpose: purpose)
        var descriptor = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw PrivateFolderError(path: parent, purpose: purpose, problem: .system(call: "open", errno: errno))
        }
        defer { close(descriptor) }
        var walked = parent
        for component in components where component != "." {
            walked = (walked as NSString).appendingPathComponent(component)
            let child = try openChecked(component, in: descriptor, path: walked, purpose: purpose)
            close(descriptor)
            descriptor = child
        }
        return target
    }

    /// `path` with repeated and trailing slashes dropped. Not `standardizingPath`, which
    /// resolves symbolic links: the very thing to be refused.
    static func plain(_ path: String) -> String {
        let parts = path.split(separator: "/").filter { $0 != "." }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }

    /// Opens the folder `name` in `directory` (making it 0700 if missing) and checks it.
    private static func openChecked(_ name: String, in directory: Int32, path: String, purpose: String) throws(PrivateFolderError) -> Int32
    {
        if mkdirat(directory, name, 0o700) != 0, errno != EEXIST {
            throw PrivateFolderError(path: path, purpose: purpose, problem: .system(call: "mkdir", errno: errno))
        }
        var info = stat()
        guard fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            throw PrivateFolderError(path: path, purpose: purpose, problem: .system(call: "lstat", errno: errno))
        }
        try check(info, path: path, purpose: purpose)
        let child = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard child >= 0 else {
            let problem: PrivateFolderError.Problem =
                errno == ELOOP ? .symbolicLink : errno == ENOTDIR ? .notAFolder : .system(call: "open", errno: errno)
            throw PrivateFolderError(path: path, purpose: purpose, problem: problem)
        }
        // What was opened is checked again: the name may have been swapped since the lstat.
        var opened = stat()
        guard fstat(child, &opened) == 0 else {
            close(child)
            throw PrivateFolderError(path: path, purpose: purpose, problem: .system(call: "fstat", errno: errno))
        }
        do {
            try check(opened, path: path, purpose: purpose)
        } catch {
            close(child)
            throw error
        }
        return child
    }

    static func check(_ info: stat, path: String, purpose: String) throws(PrivateFolderError) {
        let type = info.st_mode & S_IFMT
        if type == S_IFLNK { throw PrivateFolderError(path: path, purpose: purpose, problem: .symbolicLink) }
        if type != S_IFDIR { throw PrivateFolderError(path: path, purpose: purpose, problem: .notAFolder) }
        if info.st_uid != geteuid() { throw PrivateFolderError(path: path, purpose: purpose, problem: .ownedBy(uid: info.st_uid)) }
        if info.st_mode & 0o022 != 0 {
            throw PrivateFolderError(path: path, purpose: purpose, problem: .writableByOthers(mode: UInt32(info.st_mode & 0o7777)))
        }
    }

    /// `mkdir -p` with mode 0700 for the folders above the checked part.
    private static func makeAncestors(_ path: String, purpose: String) throws(PrivateFolderError) {
        var info = stat()
        if stat(path, &info) == 0 { return }
        let parent = (path as NSString).deletingLastPathComponent
        if parent != path { try makeAncestors(parent, purpose: purpose) }
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            throw PrivateFolderError(path: path, purpose: purpose, problem: .system(call: "mkdir", errno: errno))
        }
    }
}
