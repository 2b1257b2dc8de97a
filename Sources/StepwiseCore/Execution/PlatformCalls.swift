#if os(Linux)
import Glibc

/// glibc functions that the Swift `Glibc` module does not import (they need
/// `_GNU_SOURCE`), looked up at run time so that older C libraries still work.
enum PlatformCalls {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    typealias PRLimit = @convention(c) (pid_t, Int32, UnsafePointer<rlimit>?, UnsafeMutablePointer<rlimit>?) -> Int32
    typealias PidfdOpen = @convention(c) (pid_t, UInt32) -> Int32

    /// `pipe2(2)`: creates both ends close-on-exec atomically, so a concurrent spawn cannot inherit them.
    static let pipe2: Pipe2? = symbol("pipe2")
    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+).
    static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29+).
    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
    /// `prlimit(2)`: sets another process's limits, so no shell wrapper is needed.
    static let prlimit: PRLimit? = symbol("prlimit")
    /// `pidfd_open(2)` (glibc 2.36+, Linux 5.3+): a descriptor that polls readable when the process exits.
    static let pidfdOpen: PidfdOpen? = symbol("pidfd_open")

    private static func symbol<Function>(_ name: String) -> Function? {
        // A null handle is RTLD_DEFAULT: search every loaded library.
        guard let pointer = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(pointer, to: Function.self)
    }
}
#endif
