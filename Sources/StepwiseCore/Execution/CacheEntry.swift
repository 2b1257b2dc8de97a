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

    /// An entry verified in this process: the identities of its three files when it was, and its log.
    struct Verified: Sendable, Hashable {
        var executable: Identity
        var log: Identity
        var sum: Identity
        var logText: String
    }

    enum Verdict {
        case valid(Verified)
        case invalid
    }

    /// Whether the entry at `executable` is the one its checksum describes for `key`.
    /// `known` is the entry as verified earlier in this process: if none of its three files has
    /// changed since (inode, size, change time), nothing is read or hashed again. A cached run
    /// used to hash the compiler log every time.
    static func verify(key: String, executable: String, known: Verified?) -> Verdict {
        guard let identity = Identity(path: executable), let logIdentity = Identity(path: executable + ".log"),
            let sumIdentity = Identity(path: executable + ".sum")
        else { return .invalid }
        if let known, known.executable == identity, known.log == logIdentity, known.sum == sumIdentity {
            return .valid(known)
        }
        guard let sumText = FileManager.default.contents(atPath: executable + ".sum").map({ String(decoding: $0, as: UTF8.self) }),
            let logData = FileManager.default.contents(atPath: executable + ".log")
        else { return .invalid }
        let lines = sumText.split(separator: "\n").map(String.init)
        guard lines.count == 4, lines[0] == sumHeader, lines[1] == "key " + key, lines[3] == "log " + digest(logData) else {
            return .invalid
        }
        if identity != known?.executable {
            guard let data = FileManager.default.contents(atPath: executable), Identity(path: executable) == identity,
                lines[2] == "executable " + digest(data)
            else { return .invalid }
        }
        // Read after the reads above: a file replaced while they ran is caught next time.
        guard Identity(path: executable + ".log") == logIdentity, Identity(path: executable + ".sum") == sumIdentity else {
            return .invalid
        }
        return .valid(Verified(executable: identity, log: logIdentity, sum: sumIdentity, logText: String(decoding: logData, as: UTF8.self)))
    }

    /// Removes an entry's three files.
    static func remove(executable: String) {
        for suffix in ["", ".log", ".sum"] { unlink(executable + suffix) }
    }
}
