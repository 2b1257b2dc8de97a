import Foundation
import Testing

@testable import StepwiseCore

/// Progress follows a step by its key: inserting, removing or reordering steps keeps answers,
/// failure counts, solved marks and edited copies on the step they belong to.
@Suite(.tags(.fast)) struct StepKeyedProgressTests {
    /// A lesson with one step per heading; a step titled `Exercise` holds an exercise.
    static func lesson(_ headings: [String], id: String = "keys") throws -> Lesson {
        var text = "---\nid: \(id)\ntitle: Keys\n---\n"
        for heading in headings { text += "\n## \(heading)\n\nAbout \(heading).\n" }
        var diagnostics: [Diagnostic] = []
        let lesson = try #require(LessonParser(file: "Lessons/01-keys.md").parse(text, diagnostics: &diagnostics))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return lesson
    }

    static func catalog(_ lessons: [Lesson]) -> LessonCatalog {
        LessonCatalog(folder: "Lessons", lessons: lessons, diagnostics: [])
    }

    static func key(_ text: String) -> StepKey { StepKey(rawValue: text)! }

    static func temporaryFolder() -> String {
        NSTemporaryDirectory() + "stepwise-keyed-\(UUID().uuidString)"
    }

    /// The shape version 1 wrote: every step by its 0-based position.
    static let version1 = """
        {
          "currentLesson" : "keys",
          "lessons" : {
            "keys" : {
              "failedChecks" : { "2" : 3 },
              "isCompleted" : false,
              "predictions" : { "1" : true, "7" : false },
              "solvedExercises" : [ 2 ],
              "step" : 1
            },
            "elsewhere" : {
              "failedChecks" : {},
              "isCompleted" : true,
              "predictions" : { "0" : true },
              "solvedExercises" : [],
              "step" : 4
            }
          },
          "version" : 1
        }
        """

    func loadVersion1() throws -> (LearnerProgress, ProgressStore) {
        let folder = Self.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.version1.write(toFile: folder + "/progress.json", atomically: true, encoding: .utf8)
        let store = ProgressStore(path: folder + "/progress.json")
        let (progress, result) = store.load()
        guard case .loaded = result else {
            Issue.record("a version-1 file must load, got \(result)")
            return (progress, store)
        }
        return (progress, store)
    }

    @Test func aVersion1FileMigratesEverythingToTheKeysOfTheStepsAtThosePositions() throws {
        let lesson = try Self.lesson(["Start", "Guess", "Exercise"])
        var (progress, _) = try loadVersion1()
        #expect(progress.hasLegacyPositions)
        progress.migratePositions(using: Self.catalog([lesson]))
        let state = progress[lesson: "keys"]
        #expect(state.predictions == [Self.key("guess"): true], "position 7 is past the end: that step is gone")
        #expect(state.failedChecks == [Self.key("exercise"): 3])
        #expect(state.solvedExercises == [Self.key("exercise")])
        #expect(state.currentStep == Self.key("guess"))
        #expect(state.step == 1)
        #expect(state.legacyPositions == nil)
        #expect(progress.currentLesson == "keys")
        #expect(progress.stepIndex(in: lesson) == 1)
    }

    @Test func aLessonMissingFromTheCatalogKeepsItsPositionsThroughASave() throws {
        let lesson = try Self.lesson(["Start", "Guess", "Exercise"])
        var (progress, store) = try loadVersion1()
        progress.migratePositions(using: Self.catalog([lesson]))
        #expect(progress[lesson: "elsewhere"].legacyPositions?.predictions == [0: true])
        #expect(progress[lesson: "elsewhere"].isCompleted)
        try store.save(progress)
        let saved = try String(contentsOfFile: store.path, encoding: .utf8)
        #expect(saved.contains("\"version\" : 2"), "saving always writes the current version")
        var (reloaded, _) = store.load()
        #expect(reloaded == progress)
        let elsewhere = try Self.lesson(["Zero", "One"], id: "elsewhere")
        reloaded.migratePositions(using: Self.catalog([lesson, elsewhere]))
        #expect(reloaded[lesson: "elsewhere"].predictions == [Self.key("zero"): true], "resolved once the lesson is back")
        #expect(!reloaded.hasLegacyPositions)
        #expect(reloaded.stepIndex(in: elsewhere) == 1, "position 4 is gone: the learner lands on the last step")
    }

    @Test func insertingAStepAboveAnAnsweredPredictionKeepsEverythingOnItsStep() throws {
        let before = try Self.lesson(["Start", "Guess", "Exercise"])
        var progress = LearnerProgress()
        progress.place(lesson: before, at: 1)
        progress[lesson: "keys"].predictions[before.steps[1].key] = true
        progress[lesson: "keys"].failedChecks[before.steps[2].key] = 2
        progress[lesson: "keys"].solvedExercises.insert(before.steps[2].key)
        let copies = LearnerCopies(folder: Self.temporaryFolder())
        let copy = copies.path(lesson: before, step: 2, name: "exercise")
        try FileManager.default.createDirectory(atPath: (copy as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "let mine = 1\n".write(toFile: copy, atomically: true, encoding: .utf8)

        let after = try Self.lesson(["Start", "A new warm-up", "Guess", "Exercise"])
        let state = progress[lesson: "keys"]
        #expect(progress.stepIndex(in: after) == 2, "the learner is still on Guess")
        #expect(state.predictions[after.steps[2].key] == true)
        #expect(state.predictions[after.steps[1].key] == nil, "the new step is unanswered")
        #expect(state.failedChecks[after.steps[3].key] == 2)
        #expect(state.solvedExercises == [after.steps[3].key])
        #expect(copies.path(lesson: after, step: 3, name: "exercise") == copy)
        #expect(copies.edited(at: copies.path(lesson: after, step: 2, name: "exercise")) == nil)
    }

    @Test func keysOfARemovedStepAreKeptHarmlesslyAndTheLearnerStaysNearby() throws {
        let before = try Self.lesson(["Start", "Guess", "Exercise", "End"])
        var progress = LearnerProgress()
        progress.place(lesson: before, at: 2)
        progress[lesson: "keys"].predictions[Self.key("guess")] = false
        let after = try Self.lesson(["Start", "End"])
        #expect(progress.stepIndex(in: after) == 1, "the current step is gone: its saved position, clamped")
        #expect(progress[lesson: "keys"].predictions[Self.key("guess")] == false, "kept, in case the step comes back")
        let restored = try Self.lesson(["Start", "Guess", "End"])
        #expect(progress[lesson: "keys"].predictions[restored.steps[1].key] == false)
    }

    @Test func version2RoundTripsWithKeysAsJSONObjectKeys() throws {
        let lesson = try Self.lesson(["Start", "Guess", "Exercise"])
        var progress = LearnerProgress()
        progress.place(lesson: lesson, at: 2)
        progress[lesson: "keys"].predictions[Self.key("guess")] = true
        progress[lesson: "keys"].failedChecks[Self.key("exercise")] = 1
        progress[lesson: "keys"].solvedExercises = [Self.key("exercise"), Self.key("start")]
        let store = ProgressStore(path: Self.temporaryFolder() + "/progress.json")
        try store.save(progress)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: store.path))) as? [String: Any]
        let entry = (json?["lessons"] as? [String: Any])?["keys"] as? [String: Any]
        #expect(entry?["predictions"] as? [String: Bool] == ["guess": true])
        #expect(entry?["failedChecks"] as? [String: Int] == ["exercise": 1])
        #expect(entry?["currentStep"] as? String == "exercise")
        #expect(entry?["legacyPositions"] == nil)
        let (loaded, result) = store.load()
        #expect(loaded == progress)
        #expect(result == .loaded(progress))
        #expect(!loaded.hasLegacyPositions)
    }

    @Test func aKeyThatIsNotFileNameSafeIsNotProgress() throws {
        let path = Self.temporaryFolder() + "/progress.json"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try #"{"version": 2, "lessons": {"keys": {"predictions": {"../../etc": true}}}}"#.write(
            toFile: path, atomically: true, encoding: .utf8)
        let (progress, result) = ProgressStore(path: path).load()
        #expect(progress == LearnerProgress())
        guard case .recovered = result else {
            Issue.record("expected the file to be moved aside, got \(result)")
            return
        }
    }

    @Test func aNewerVersionIsStillMovedAside() throws {
        let path = Self.temporaryFolder() + "/progress.json"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try #"{"version": 3, "lessons": {"keys": {"predictions": [1, 2]}}}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let (_, result) = ProgressStore(path: path).load()
        guard case .recovered(_, let reason) = result else {
            Issue.record("expected the file to be moved aside, got \(result)")
            return
        }
        #expect(reason.contains("newer Stepwise (version 3)"))
    }

    @Test func anOldPositionalCopyIsRenamedToItsKeyOnFirstLookup() throws {
        let lesson = try Self.lesson(["Start", "Exercise"])
        let folder = Self.temporaryFolder()
        let copies = LearnerCopies(folder: folder)
        try FileManager.default.createDirectory(atPath: folder + "/keys", withIntermediateDirectories: true)
        try "mine\n".write(toFile: folder + "/keys/step-2-exercise.swift", atomically: true, encoding: .utf8)
        let path = copies.path(lesson: lesson, step: 1, name: "exercise")
        #expect(path == folder + "/keys/exercise-exercise.swift")
        #expect(copies.edited(at: path) == "mine\n")
        #expect(!FileManager.default.fileExists(atPath: folder + "/keys/step-2-exercise.swift"))
    }

    @Test func anOldCopyNeverReplacesACopyByKey() throws {
        let lesson = try Self.lesson(["Start", "Exercise"])
        let folder = Self.temporaryFolder()
        let copies = LearnerCopies(folder: folder)
        try FileManager.default.createDirectory(atPath: folder + "/keys", withIntermediateDirectories: true)
        try "old\n".write(toFile: folder + "/keys/step-2-1.swift", atomically: true, encoding: .utf8)
        try "new\n".write(toFile: folder + "/keys/exercise-1.swift", atomically: true, encoding: .utf8)
        #expect(copies.edited(at: copies.path(lesson: lesson, step: 1, name: "1")) == "new\n")
        #expect(FileManager.default.fileExists(atPath: folder + "/keys/step-2-1.swift"))
    }

    @Test func aStepKeyedLikeAnOldNameKeepsItsOwnCopy() throws {
        // `## Step 1` is keyed `step-1`: its copy `step-1-1.swift` is not the old copy of step 1.
        let lesson = try Self.lesson(["Warm-up", "Step 1"])
        let folder = Self.temporaryFolder()
        let copies = LearnerCopies(folder: folder)
        try FileManager.default.createDirectory(atPath: folder + "/keys", withIntermediateDirectories: true)
        try "step one's\n".write(toFile: folder + "/keys/step-1-1.swift", atomically: true, encoding: .utf8)
        #expect(copies.edited(at: copies.path(lesson: lesson, step: 0, name: "1")) == nil)
        #expect(copies.edited(at: copies.path(lesson: lesson, step: 1, name: "1")) == "step one's\n")
    }
}
