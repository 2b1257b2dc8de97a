import Foundation
import StepwiseSyntax
import Testing

@testable import StepwiseCore

@Suite(.tags(.fast)) struct PassedCheckCacheTests {
    func checker(_ engine: ScriptedEngine, cache: PassedCheckCache) -> LessonChecker {
        var checker = LessonChecker(engine: engine, declarations: DeclarationsReader(), parallelism: 2)
        checker.passedCache = cache
        return checker
    }

    @Test func aSecondCheckOfUnchangedLessonsRunsNothingButAnEditedBlockIsCheckedAgain() async throws {
        let folder = try LessonFolder()
        defer { folder.remove() }
        let cache = PassedCheckCache(directory: folder.path + "/cache", salt: "swift 6.3")
        let engine = ScriptedEngine()
        engine.runs["print(1)"] = RunOutcome(output: "1\n", termination: .exited(0))
        _ = try folder.write("01-a.md", lesson("\n```swift\nprint(1)\n```\n\n```output\n1\n```\n"))

        let first = try await checker(engine, cache: cache).check(paths: [folder.path])
        #expect(first.passed)
        let compilesAfterFirst = engine.compileCount
        #expect(compilesAfterFirst > 0)

        let second = try await checker(engine, cache: cache).check(paths: [folder.path])
        #expect(second.passed)
        #expect(engine.compileCount == compilesAfterFirst, "nothing changed, nothing is compiled")

        // The stated output now lies: the cache must not hide it.
        _ = try folder.write("01-a.md", lesson("\n```swift\nprint(1)\n```\n\n```output\n2\n```\n"))
        let third = try await checker(engine, cache: cache).check(paths: [folder.path])
        #expect(!third.passed)
        #expect(engine.compileCount > compilesAfterFirst)
    }

    @Test func aNewCompilerVersionInvalidatesEveryResult() {
        let old = PassedCheckCache(directory: "/unused", salt: "swift 6.2")
        let new = PassedCheckCache(directory: "/unused", salt: "swift 6.3")
        #expect(old.key(["snippet", "print(1)"]) != new.key(["snippet", "print(1)"]))
        #expect(old.key(["snippet", "print(1)", nil]) != old.key(["snippet", "print(1)", "1"]))
    }
}
