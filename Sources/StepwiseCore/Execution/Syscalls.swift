#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system calls Core makes more than once (processes, progress files, lesson files), with
/// their errno handling (EINTR, EAGAIN, short writes) in one place.
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

    /// What one `read(2)` gave, with EINTR already retried.
    enum ReadResult: Equatable {
        case bytes(Int)
        case endOfFile
        /// A non-blocking descriptor has nothing right now.
        case wouldBlock
        case failed(errno: Int32)
    }

    /// One `read(2)` into `buffer`, retried on EINTR.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer?, count: Int) -> ReadResult {
        #if canImport(Glibc)
        let count = retryingInterrupts { Glibc.read(fd, buffer, count) }
        #else
        let count = retryingInterrupts { Darwin.read(fd, buffer, count) }
        #endif
        if count > 0 { return .bytes(count) }
        if count == 0 { return .endOfFile }
        if errno == EAGAIN || errno == EWOULDBLOCK { return .wouldBlock }
        return .failed(errno: errno)
    }

    /// Writes every byte to `fd` (a file: no SIGPIPE to avoid), retried on EINTR and short writes.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(Failure) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            #if canImport(Glibc)
            let written = retryingInterrupts { Glibc.write(fd, base + offset, bytes.count - offset) }
            #else
            let written = retryingInterrupts { Darwin.write(fd, base + offset, bytes.count - offset) }
            #endif
            guard written >= 0 else { throw Failure(call: "write", errno: errno) }
            offset += written
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
