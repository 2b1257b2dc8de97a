#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system calls the process code makes more than once, with their errno handling in one place.
enum Syscalls {
    /// A failed call and its errno, for callers that need more than "it failed".
    struct Failure: Error, Sendable, Hashable {
        var call: String
        var errno: Int32
    }

    #if os(Linux)
    /// glibc's POSIX_SPAWN_SETSID (`<spawn.h>`, glibc 2.26+), which Swift's Glibc module does not import:
    /// the child starts a session, and so a process group, of its own.
    static let posixSpawnSetsid: Int32 = 0x80
    #endif

    /// Runs `body` again while it fails with EINTR; returns its last result.
    static func retryingInterrupts<Result: BinaryInteger>(_ body: () -> Result) -> Result {
        while true {
            let result = body()
            if result >= 0 || errno != EINTR { return result }
        }
    }

    /// Sends every byte on a socket, without SIGPIPE (which would kill the tutor) when the other end is gone.
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) throws(Failure) {
        #if os(Linux)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let flags: Int32 = 0
        #endif
        var offset = 0
        while offset < bytes.count {
            let written = retryingInterrupts {
                bytes.withUnsafeBytes { buffer -> Int in
                    guard let base = buffer.baseAddress else { return 0 }
                    return send(fd, base + offset, buffer.count - offset, flags)
                }
            }
            guard written >= 0 else { throw Failure(call: "send", errno: errno) }
            offset += written
        }
    }

    /// `waitpid(2)` for `pid`, blocking; the wait(2) status, or nil when there is nothing to reap.
    @discardableResult
    static func waitBlocking(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        return retryingInterrupts { waitpid(pid, &status, 0) } < 0 ? nil : status
    }
}
