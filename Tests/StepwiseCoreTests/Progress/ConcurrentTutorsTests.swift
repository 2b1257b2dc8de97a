import Foundation
import Testing

@testable import StepwiseCore

/// Two tutors on one state folder: each save merges into what is on disk, lesson by lesson,
/// under the folder's lock, so neither erases the other's place.
@Suite(.tags(.fast)) struct ConcurrentTutorsTests {
    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "stepwise-two-tutors-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func twoStoresOnOneFileKeepBothLearnersPlaces() throws {
        let path = try folder() + "/progress.json"
        let first = ProgressStore(path: path)
        let second = ProgressStore(path: path)
        var one = first.load().0
        var two = second.load().0
        one.currentLesson = "generators"
        one[lesson: "generators"].step = 3
        try first.save(one)
        two.currentLesson = "async"
        two[lesson: "async"].step = 5
        try second.save(two)
        // The first tutor goes on in its lesson; the second's lesson stays as it saved it.
        one[lesson: "generators"].step = 4
        try first.save(one)

        let (onDisk, _) = ProgressStore(path: path).load()
        #expect(onDisk[lesson: "generators"].step == 4)
        #expect(onDisk[lesson: "async"].step == 5)
        // The first tutor did not move to another lesson since its last save: the current lesson
        // is the one the second tutor chose last.
        #expect(onDisk.currentLesson == "async")
    }

    @Test func aLessonOnlyTheOtherTutorChangedIsNotRolledBack() throws {
        let path = try folder() + "/progress.json"
        var start = LearnerProgress()
        start[lesson: "generators"].step = 1
        start[lesson: "async"].step = 1
        try ProgressStore(path: path).save(start)

        let first = ProgressStore(path: path)
        let second = ProgressStore(path: path)
        var one = first.load().0
        var two = second.load().0
        two[lesson: "async"].step = 6
        try second.save(two)
        // The first tutor's copy still says async is at step 1; it changes only generators.
        one[lesson: "generators"].step = 2
        try first.save(one)

        let (onDisk, _) = ProgressStore(path: path).load()
        #expect(onDisk[lesson: "generators"].step == 2)
        #expect(onDisk[lesson: "async"].step == 6)
    }

    @Test func aLessonOneTutorRemovedIsRemoved() throws {
        let path = try folder() + "/progress.json"
        var start = LearnerProgress()
        start[lesson: "generators"].step = 1
        try ProgressStore(path: path).save(start)
        let store = ProgressStore(path: path)
        var progress = store.load().0
        progress.lessons["generators"] = nil
        try store.save(progress)
        #expect(ProgressStore(path: path).load().0.lessons["generators"] == nil)
    }

    @Test func theMergeReplacesOnlyChangedLessons() {
        var disk = LearnerProgress()
        disk.currentLesson = "b"
        disk[lesson: "a"].step = 1
        disk[lesson: "b"].step = 9
        var baseline = LearnerProgress()
        baseline.currentLesson = "a"
        baseline[lesson: "a"].step = 1
        baseline[lesson: "b"].step = 2
        var mine = baseline
        mine[lesson: "a"].step = 3
        let merged = ProgressStore.merge(mine, since: baseline, into: disk)
        #expect(merged[lesson: "a"].step == 3)
        #expect(merged[lesson: "b"].step == 9)
        #expect(merged.currentLesson == "b")
        #expect(ProgressStore.merge(mine, since: baseline, into: nil) == mine)
    }
}

/// Separate processes saving through the real store at the same time, as two tutors would.
@Suite(.tags(.compiler)) struct ConcurrentTutorProcessesTests {
    @Test func threeWritersAtOnceKeepEveryLesson() async throws {
        let folder = NSTemporaryDirectory() + "stepwise-writers-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/progress.json"
        let moves = 60
        async let a = ProgressWriter.run([path, "--learner", "1", "--count", "\(moves)"])
        async let b = ProgressWriter.run([path, "--learner", "2", "--count", "\(moves)"])
        async let c = ProgressWriter.run([path, "--learner", "3", "--count", "\(moves)"])
        let runs = try await [a, b, c]
        #expect(runs.map(\.status) == [0, 0, 0], "\(runs.map(\.error))")
        let (progress, _) = ProgressStore(path: path).load()
        for learner in 1...3 {
            for lesson in 0..<10 {
                // Move m puts lesson m % 10 at step m; the last such move is the largest m.
                let last = (1...moves).last { $0 % 10 == lesson }
                #expect(progress.lessons["learner-\(learner)-\(lesson)"]?.step == last, "learner \(learner), lesson \(lesson)")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["progress.json"])
    }
}
