import Foundation
import Testing

@testable import StepwiseCore

@Suite(.tags(.fast)) struct ProgressStoreTests {
    func temporaryPath() -> String {
        NSTemporaryDirectory() + "stepwise-progress-\(UUID().uuidString)/progress.json"
    }

    @Test func savesAndLoadsProgressKeyedByLessonID() throws {
        let store = ProgressStore(path: temporaryPath())
        var progress = LearnerProgress()
        progress.currentLesson = "generators"
        progress[lesson: "generators"].step = 3
        progress[lesson: "sequences"].isCompleted = true
        try store.save(progress)
        let (loaded, result) = store.load()
        #expect(loaded == progress)
        #expect(result == .loaded(progress))
    }

    @Test func movesACorruptFileAsideAndStartsFresh() throws {
        let path = temporaryPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "{ not json".write(toFile: path, atomically: true, encoding: .utf8)
        let (progress, result) = ProgressStore(path: path).load()
        #expect(progress == LearnerProgress())
        guard case .recovered(let movedTo, _) = result else {
            Issue.record("expected recovery, got \(result)")
            return
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try String(contentsOfFile: movedTo, encoding: .utf8) == "{ not json")
    }

    @Test func aMissingFileIsAFreshStart() {
        let (progress, result) = ProgressStore(path: temporaryPath()).load()
        #expect(progress == LearnerProgress())
        #expect(result == .fresh)
    }

    @Test func authorFoldersKeepTheirOwnProgress() {
        let paths = StatePaths(root: "/state")
        let builtIn = paths.progressFile(forLessons: "/x/Lessons", builtIn: true)
        let author = paths.progressFile(forLessons: "/home/me/my-lessons", builtIn: false)
        let other = paths.progressFile(forLessons: "/home/you/my-lessons", builtIn: false)
        #expect(builtIn == "/state/progress.json")
        #expect(author != builtIn && author != other)
        #expect(author.contains("my-lessons"))
    }

    @Test func stateFolderFollowsXDG() {
        #expect(StatePaths(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]).root == "/s/stepwise")
        #expect(StatePaths(environment: ["HOME": "/h"]).root == "/h/.local/state/stepwise")
    }
}
