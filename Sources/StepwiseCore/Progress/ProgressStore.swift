import Foundation

/// Reads and writes `LearnerProgress` as JSON, atomically; never loses a learner's file silently.
public struct ProgressStore: Sendable {
    public var path: String

    public init(path: String) {
        self.path = path
    }

    /// What loading found, so the UI can print the one-line warning.
    public enum LoadResult: Sendable, Equatable {
        case fresh
        case loaded(LearnerProgress)
        /// The file was unreadable; it was moved to `movedTo` and the learner starts fresh.
        case recovered(movedTo: String, reason: String)
    }

    public func load() -> (LearnerProgress, LoadResult) {
        let manager = FileManager.default
        guard manager.fileExists(atPath: path) else { return (LearnerProgress(), .fresh) }
        let reason: String
        if let data = manager.contents(atPath: path) {
            do {
                let progress = try JSONDecoder().decode(LearnerProgress.self, from: data)
                if progress.version <= LearnerProgress.currentVersion { return (progress, .loaded(progress)) }
                reason = "it was written by a newer Stepwise (version \(progress.version))"
            } catch {
                reason = "it is not valid progress JSON"
            }
        } else {
            reason = "it cannot be read"
        }
        let aside = path + ".corrupt-\(Int(Date().timeIntervalSince1970))"
        do {
            try manager.moveItem(atPath: path, toPath: aside)
        } catch {
            return (LearnerProgress(), .recovered(movedTo: "(could not move it: \(error.localizedDescription))", reason: reason))
        }
        return (LearnerProgress(), .recovered(movedTo: aside, reason: reason))
    }

    /// Writes to a temporary file in the same folder, then renames over the old file.
    public func save(_ progress: LearnerProgress) throws(ProgressStoreError) {
        let folder = (path as NSString).deletingLastPathComponent
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let data = try encoder.encode(progress)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ProgressStoreError(path: path, reason: error.localizedDescription)
        }
    }
}

public struct ProgressStoreError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): cannot save progress: \(reason)" }
}
