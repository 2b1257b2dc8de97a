import Foundation

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
enum ScratchFolder {
    /// `$TMPDIR/stepwise-scratch`.
    static var root: String {
        (NSTemporaryDirectory() as NSString).appendingPathComponent("stepwise-scratch")
    }

    /// Runs once per process, on first use.
    private static let staleRemoved: Void = removeStale(in: root)

    /// A new, empty folder under ``root``.
    /// - Throws: ``ExecutionError/scratchUnavailable(path:reason:)`` when it cannot be made.
    static func make() throws -> String {
        let root = root
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw ExecutionError.scratchUnavailable(path: root, reason: error.localizedDescription)
        }
        _ = staleRemoved
        var template = Array((root as NSString).appendingPathComponent("run-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw ExecutionError.scratchUnavailable(path: root, reason: SystemErrors.describe(errno))
        }
        return String(cString: made)
    }

    /// Removes a folder made by ``make()``; a snippet may have made it unwritable, so its
    /// permissions are restored first.
    static func remove(_ folder: String) {
        if let enumerator = FileManager.default.enumerator(atPath: folder) {
            while let relative = enumerator.nextObject() as? String {
                chmod((folder as NSString).appendingPathComponent(relative), 0o700)
            }
        }
        chmod(folder, 0o700)
        try? FileManager.default.removeItem(atPath: folder)
    }

    private static func removeStale(in root: String) {
        let cutoff = Date().addingTimeInterval(-3600)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
            let path = (root as NSString).appendingPathComponent(name)
            if let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                modified < cutoff
            {
                remove(path)
            }
        }
    }
}
