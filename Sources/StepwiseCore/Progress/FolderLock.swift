import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on a folder, held while one tutor reads, merges and replaces a file in
/// it, so a second tutor on the same state folder waits for the first instead of overwriting it.
///
/// The lock is on the folder itself rather than on a lock file beside the progress: nothing is
/// left in the learner's folder, and the descriptor doubles as the one that makes the rename
/// durable. The kernel drops the lock when the process dies, so a killed tutor never leaves
/// the folder locked.
struct FolderLock {
    let descriptor: Int32

    /// Waits for the lock. - Throws: ``ProgressStoreError`` naming `path` when the folder
    /// cannot be opened or locked.
    init(_ folder: String, path: String) throws(ProgressStoreError) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else {
            throw ProgressStoreError(path: path, reason: "cannot open the folder \(folder): \(String(cString: strerror(errno)))")
        }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw ProgressStoreError(path: path, reason: "cannot lock the folder \(folder): \(reason)")
            }
        }
        self.descriptor = descriptor
    }

    /// Closing the descriptor releases the lock.
    func release() {
        close(descriptor)
    }
}
