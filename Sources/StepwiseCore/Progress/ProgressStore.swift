import Foundation
import Synchronization

/// Reads and writes `LearnerProgress` as JSON, atomically; never loses a learner's file silently.
///
/// A save writes a temporary file beside the progress file, flushes it to disk and renames it
/// over the old one, so at every moment, even when the process is killed or the disk fills
/// up, the file on disk is either the previous progress or the new one, whole.
///
/// Two tutors may share one state folder (two terminals, one learner). A save therefore holds
/// an exclusive `flock` on the folder, reads the file again under it, and replaces only the
/// lessons (and the current lesson) this store's tutor changed since it loaded or last saved:
/// the other tutor's lessons stay as that tutor saved them.
package struct ProgressStore: Sendable {
    package var path: String
    /// What this store last loaded or saved: the baseline a save's changes are taken against.
    /// Shared by copies of the store, which stand for the same tutor.
    private let known = KnownProgress()

    private final class KnownProgress: Sendable {
        let progress = Mutex<LearnerProgress?>(nil)
    }

    /// Far beyond any real progress (a few KB); a larger file is not progress and is not read into memory.
    static let maximumBytes = 16 << 20

    package init(path: String) {
        self.path = path
    }

    /// What loading found, so the UI can print the one-line warning.
    package enum LoadResult: Sendable, Equatable {
        case fresh
        case loaded(LearnerProgress)
        /// The file was unreadable; it was moved to `movedTo` and the learner starts fresh.
        case recovered(movedTo: String, reason: String)
    }

    package func load() -> (LearnerProgress, LoadResult) {
        let manager = FileManager.default
        removeAbandonedTemporaryFiles(in: (path as NSString).deletingLastPathComponent)
        guard manager.fileExists(atPath: path) else { return (LearnerProgress(), .fresh) }
        let reason: String
        switch contents() {
        case .success(let data):
            do {
                let progress = try JSONDecoder().decode(LearnerProgress.self, from: data)
                if progress.version <= LearnerProgress.currentVersion {
                    known.progress.withLock { $0 = progress }
                    return (progress, .loaded(progress))
                }
                reason = "it was written by a newer Stepwise (version \(progress.version))"
            } catch {
                reason = data.isEmpty ? "it is empty" : "it is not valid progress JSON"
            }
        case .failure(let problem):
            reason = problem.reason
        }
        let aside = unusedAsidePath()
        do {
            try manager.moveItem(atPath: path, toPath: aside)
        } catch {
            return (LearnerProgress(), .recovered(movedTo: "(could not move it: \(error.localizedDescription))", reason: reason))
        }
        return (LearnerProgress(), .recovered(movedTo: aside, reason: reason))
    }

    /// Merges `progress` into the file under the folder's lock (see the type's comment), writes
    /// the result to a temporary file in the same folder, flushes it, then renames it over the
    /// old file.
    package func save(_ progress: LearnerProgress) throws(ProgressStoreError) {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ProgressStoreError(path: path, reason: "cannot create the folder \(folder): \(Self.reason(of: error))")
        }
        let lock = try FolderLock(folder, path: path)
        defer { lock.release() }
        let baseline = known.progress.withLock { $0 }
        let merged = Self.merge(progress, since: baseline, into: onDisk())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(merged)
        } catch {
            throw ProgressStoreError(path: path, reason: "cannot encode the progress: \(error)")
        }
        // A file the learner made read-only stays as it is, even for root, whom the
        // permission bits do not stop: the rename would replace it regardless.
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & 0o222 == 0 {
            throw ProgressStoreError(path: path, reason: "the file is read-only")
        }
        removeAbandonedTemporaryFiles(in: folder)
        let temporary = temporaryPrefix + String(getpid())
        do {
            try Self.writeFlushed(data, to: temporary)
        } catch {
            unlink(temporary)
            throw ProgressStoreError(path: path, reason: "writing it failed: \(error.reason)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ProgressStoreError(path: path, reason: "cannot replace the file: \(reason)")
        }
        // Make the rename itself durable; the progress is already saved if this fails.
        fsync(lock.descriptor)
        known.progress.withLock { $0 = progress }
    }

    /// The progress another tutor may have saved since this one loaded: nil when there is no
    /// file or it is not progress this version can read (then this tutor's progress is written
    /// as it is, as before there were two).
    func onDisk() -> LearnerProgress? {
        guard case .success(let data) = contents(),
            let progress = try? JSONDecoder().decode(LearnerProgress.self, from: data),
            progress.version <= LearnerProgress.currentVersion
        else { return nil }
        return progress
    }

    /// `disk` with the lessons `progress` changed since `baseline` replaced by `progress`'s
    /// (removed where `progress` removed them), and the current lesson too if it changed.
    /// Without a file on disk, `progress` is the whole answer; without a baseline (a store
    /// that never loaded), every lesson `progress` holds counts as changed.
    static func merge(_ progress: LearnerProgress, since baseline: LearnerProgress?, into disk: LearnerProgress?) -> LearnerProgress {
        guard var merged = disk else { return progress }
        let ids = Set(progress.lessons.keys).union(baseline.map { Set($0.lessons.keys) } ?? [])
        for id in ids where baseline == nil || progress.lessons[id] != baseline?.lessons[id] {
            merged.lessons[id] = progress.lessons[id]
        }
        if baseline == nil || progress.currentLesson != baseline?.currentLesson {
            merged.currentLesson = progress.currentLesson
        }
        return merged
    }

    /// `progress.json.saving-PID`: one per process, so two tutors saving at once never share one.
    var temporaryPrefix: String { path + ".saving-" }

    /// Writes every byte and flushes it to disk, reporting the failing call's `errno`.
    static func writeFlushed(_ data: Data, to file: String) throws(SystemCallError) {
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SystemCallError(errno: errno) }
        var failure: SystemCallError?
        do {
            try data.withUnsafeBytes { buffer in try Syscalls.writeAll(descriptor, buffer) }
        } catch let error as Syscalls.Failure {
            failure = SystemCallError(errno: error.errno)
        } catch {
            // withUnsafeBytes only rethrows what writeAll throws.
            failure = SystemCallError(errno: EIO)
        }
        if failure == nil, fsync(descriptor) != 0 { failure = SystemCallError(errno: errno) }
        if close(descriptor) != 0, failure == nil { failure = SystemCallError(errno: errno) }
        if let failure { throw failure }
    }

    /// Temporary files left by a save that was killed: ours from an earlier attempt, or those
    /// of processes that no longer exist.
    func removeAbandonedTemporaryFiles(in folder: String) {
        let prefix = (temporaryPrefix as NSString).lastPathComponent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            // kill(0) and kill(-1) would ask about whole groups of processes, not one.
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid > 0 else { continue }
            let isAbandoned = pid == getpid() || (kill(pid, 0) != 0 && errno == ESRCH)
            var info = stat()
            let file = folder + "/" + name
            if isAbandoned, lstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
                unlink(file)
            }
        }
    }

    /// The file's bytes, or why they cannot be read (a folder, a device, too large, no permission).
    func contents() -> Result<Data, UnusableFile> {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return .failure(UnusableFile(reason: "it cannot be read: \(String(cString: strerror(errno)))"))
        }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(UnusableFile(reason: "it is not a regular file")) }
        guard info.st_size <= Self.maximumBytes else {
            return .failure(UnusableFile(reason: "it is \(info.st_size) bytes, far too large to be progress"))
        }
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(UnusableFile(reason: "it cannot be read")) }
        return .success(data)
    }

    struct UnusableFile: Error {
        var reason: String
    }

    /// `progress.json.corrupt-TIME`, numbered when two corrupt files meet in one second.
    func unusedAsidePath() -> String {
        let base = path + ".corrupt-\(Int(Date().timeIntervalSince1970))"
        var candidate = base
        var number = 1
        while FileManager.default.fileExists(atPath: candidate) {
            number += 1
            candidate = base + "-\(number)"
        }
        return candidate
    }

    static func reason(of error: any Error) -> String {
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return error.localizedDescription
    }
}

/// A failed system call, by its `errno`.
struct SystemCallError: Error {
    var errno: Int32
    var reason: String { String(cString: strerror(errno)) }
}

/// Why progress could not be saved; the progress saved before is still on disk, unchanged.
package struct ProgressStoreError: Error, CustomStringConvertible {
    package var path: String
    package var reason: String
    package var description: String { "\(path): cannot save progress: \(reason); the progress saved before is unchanged" }
}
