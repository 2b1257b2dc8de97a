import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One compiled snippet in the ``SnippetCache``, and the checksum that vouches for it.
///
/// `<key>.sum` holds the key it was compiled for and the SHA-256 of the executable and of the
/// compiler log. The key line catches an entry renamed from another key; the digests catch one
/// cut short (a full disk, a killed copy) or changed. Hashing a 20 KB executable costs little,
/// and is done once per process while the file keeps its inode, size and change time (a
/// change time cannot be set back by hand).
enum CacheEntry {
    static let sumHeader = "stepwise cache entry 1"

    /// The checksum file's text for an entry.
    static func sum(key: String, executable: Data, log: Data) -> String {
        [sumHeader, "key " + key, "executable " + digest(executable), "log " + digest(log)].joined(separator: "\n") + "\n"
    }

    static func digest(_ data: Data) -> String {
        var hasher = SHA256()
        hasher.update(data)
        return hasher.hexDigest()
    }

    /// Which file an entry's executable is, as far as a change to it would show.
    struct Identity: Sendable, Hashable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var changed: Int64

        init?(path: String) {
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            #if os(Linux)
            changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
            #else
            changed = Int64(info.st_ctimespec.tv_sec) * 1_000_000_000 + Int64(info.st_ctimespec.tv_nsec)
            #endif
        }
    }

    enum Verdict {
        case valid(Identity, log: String)
        case invalid
    }

    /// Whether the entry at `executable` is the one its checksum describes for `key`.
    /// `knownIdentity` is an identity already verified in this process: if the file still has
    /// it, only the log is read.
    static func verify(key: String, executable: String, knownIdentity: Identity?) -> Verdict {
        guard let identity = Identity(path: executable),
            let sumText = FileManager.default.contents(atPath: executable + ".sum").map({ String(decoding: $0, as: UTF8.self) }),
            let logData = FileManager.default.contents(atPath: executable + ".log")
        else { return .invalid }
        let lines = sumText.split(separator: "\n").map(String.init)
        guard lines.count == 4, lines[0] == sumHeader, lines[1] == "key " + key, lines[3] == "log " + digest(logData) else {
            return .invalid
        }
        if identity != knownIdentity {
            guard let data = FileManager.default.contents(atPath: executable), Identity(path: executable) == identity,
                lines[2] == "executable " + digest(data)
            else { return .invalid }
        }
        return .valid(identity, log: String(decoding: logData, as: UTF8.self))
    }

    /// Removes an entry's three files.
    static func remove(executable: String) {
        for suffix in ["", ".log", ".sum"] { unlink(executable + suffix) }
    }
}
