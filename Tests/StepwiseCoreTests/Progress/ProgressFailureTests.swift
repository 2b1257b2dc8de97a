import Foundation
import Testing

@testable import StepwiseCore

/// Progress files that are damaged, and saves that cannot be written: each gives a message
/// that says what happened, and the progress saved before is never lost.
@Suite(.tags(.compiler)) struct ProgressFailureTests {
    static let isRoot = geteuid() == 0

    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "stepwise-progress-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func saved(_ progress: LearnerProgress, in folder: String) throws -> ProgressStore {
        let store = ProgressStore(path: folder + "/progress.json")
        try store.save(progress)
        return store
    }

    var sample: LearnerProgress {
        var progress = LearnerProgress()
        progress.currentLesson = "generators"
        progress[lesson: "generators"].step = 4
        return progress
    }

    func names(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// A damaged file is moved aside whole (never deleted), the learner is told why, and
    /// starts fresh; the next save works.
    @Test(arguments: [
        ("truncated", Data(#"{"currentLesson":"generators","lessons":{"generators":{"st"#.utf8), "it is not valid progress JSON"),
        ("garbage", Data((0..<512).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ 7) }), "it is not valid progress JSON"),
        ("empty", Data(), "it is empty"),
        ("wrong types", Data(#"{"version":1,"lessons":{"a":{"step":"three"}}}"#.utf8), "it is not valid progress JSON"),
        ("from the future", Data(#"{"version":99,"lessons":{}}"#.utf8), "it was written by a newer Stepwise (version 99)"),
    ])
    func aDamagedFileIsMovedAsideAndKept(_ name: String, _ content: Data, _ reason: String) throws {
        let folder = try folder()
        let path = folder + "/progress.json"
        try content.write(to: URL(fileURLWithPath: path))
        let store = ProgressStore(path: path)
        let (progress, result) = store.load()
        #expect(progress == LearnerProgress())
        guard case .recovered(let movedTo, let found) = result else {
            Issue.record("\(name): expected recovery, got \(result)")
            return
        }
        #expect(found == reason)
        #expect(movedTo.hasPrefix(path + ".corrupt-"))
        #expect(FileManager.default.contents(atPath: movedTo) == content)
        try store.save(sample)
        #expect(store.load().0 == sample)
    }

    @Test func twoDamagedFilesInOneSecondAreBothKept() throws {
        let folder = try folder()
        let store = ProgressStore(path: folder + "/progress.json")
        var moved: [String] = []
        for content in ["first", "second"] {
            try content.write(toFile: store.path, atomically: false, encoding: .utf8)
            if case .recovered(let movedTo, _) = store.load().1 { moved.append(movedTo) }
        }
        #expect(Set(moved).count == 2)
        #expect(moved.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) } == ["first", "second"])
    }

    @Test func aHugeFileIsMovedAsideWithoutBeingRead() throws {
        let folder = try folder()
        let path = folder + "/progress.json"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        #expect(truncate(path, 1 << 30) == 0)
        let (_, result) = ProgressStore(path: path).load()
        guard case .recovered(_, let reason) = result else {
            Issue.record("expected recovery, got \(result)")
            return
        }
        #expect(reason == "it is 1073741824 bytes, far too large to be progress")
    }

    /// Checked by the mode bits, so it holds for root too.
    @Test func aReadOnlyFileIsLeftAsItIs() throws {
        let folder = try folder()
        let store = try saved(sample, in: folder)
        #expect(chmod(store.path, 0o444) == 0)
        var next = sample
        next[lesson: "generators"].step = 5
        do {
            try store.save(next)
            Issue.record("the save should have failed")
        } catch {
            #expect(
                error.description == "\(store.path): cannot save progress: the file is read-only; the progress saved before is unchanged")
        }
        #expect(store.load().0 == sample)
        #expect(names(in: folder) == ["progress.json"])
    }

    @Test(
        .disabled(
            if: isRoot,
            "running as root, where a read-only folder does not stop writing; the full-disk, read-only file and folder-is-a-file tests make the write fail instead"
        ))
    func aReadOnlyFolderKeepsTheOldProgress() throws {
        let folder = try folder()
        let store = try saved(sample, in: folder)
        #expect(chmod(folder, 0o555) == 0)
        defer { chmod(folder, 0o755) }
        var next = sample
        next[lesson: "generators"].step = 5
        do {
            try store.save(next)
            Issue.record("the save should have failed")
        } catch {
            #expect(
                error.description
                    == "\(store.path): cannot save progress: writing it failed: Permission denied; the progress saved before is unchanged")
        }
        #expect(store.load().0 == sample)
        #expect(names(in: folder) == ["progress.json"])
    }

    @Test func aFileWhereTheFolderShouldBeIsAClearError() throws {
        let folder = try folder()
        try "not a folder".write(toFile: folder + "/state", atomically: false, encoding: .utf8)
        let store = ProgressStore(path: folder + "/state/progress.json")
        do {
            try store.save(sample)
            Issue.record("the save should have failed")
        } catch {
            #expect(error.description.hasPrefix("\(store.path): cannot save progress: cannot create the folder \(folder)/state: "))
        }
        #expect(try String(contentsOfFile: folder + "/state", encoding: .utf8) == "not a folder")
    }

    /// Even root cannot rename a file over a folder: a real failing step after the write.
    @Test func aFolderWhereTheFileShouldBeIsLeftAlone() throws {
        let folder = try folder()
        let store = ProgressStore(path: folder + "/progress.json")
        try FileManager.default.createDirectory(atPath: store.path + "/inside", withIntermediateDirectories: true)
        do {
            try store.save(sample)
            Issue.record("the save should have failed")
        } catch {
            #expect(
                error.description
                    == "\(store.path): cannot save progress: cannot replace the file: Is a directory; the progress saved before is unchanged"
            )
        }
        #expect(names(in: folder) == ["progress.json"])
        #expect(names(in: store.path) == ["inside"])
    }

    /// A real full disk, scaled down: the writer process may write at most 4 KB per file
    /// (RLIMIT_FSIZE), so writing 40 KB of progress fails in write(2) itself.
    @Test func aFullDiskKeepsTheOldProgress() async throws {
        let folder = try folder()
        let path = folder + "/progress.json"
        #expect(try await ProgressWriter.run([path, "--count", "3"]).status == 0)
        #expect(ProgressWriter.wholeState(in: path) == 3)
        let run = try await ProgressWriter.run([path, "--count", "1", "--file-size-limit", "4096"])
        #expect(run.status == 1)
        #expect(run.error == "\(path): cannot save progress: writing it failed: File too large; the progress saved before is unchanged\n")
        #expect(ProgressWriter.wholeState(in: path) == 3)
        #expect(names(in: folder) == ["progress.json"])
    }

    /// What a save killed after writing its temporary file leaves behind is cleared by the
    /// next save; a temporary file of a process still running is not touched.
    @Test func abandonedTemporaryFilesAreRemovedByTheNextSave() throws {
        let folder = try folder()
        let store = ProgressStore(path: folder + "/progress.json")
        var dead: pid_t = 4_000_000
        while kill(dead, 0) == 0 || errno != ESRCH { dead -= 1 }
        for pid in [dead, getpid(), getppid()] {
            try "partial".write(toFile: store.path + ".saving-\(pid)", atomically: false, encoding: .utf8)
        }
        try store.save(sample)
        #expect(names(in: folder) == ["progress.json", "progress.json.saving-\(getppid())"])
        #expect(store.load().0 == sample)
    }
}
