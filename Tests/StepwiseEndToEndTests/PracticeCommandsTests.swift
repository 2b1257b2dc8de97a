import Foundation
import Testing

/// edit, reset, predict, check, solution, compare and Swift at the prompt, through the real binary.
@Suite(.tags(.terminal), .serialized) struct PracticeCommandsTests {
    func session(
        _ input: String, step: Int, world: (lessons: String, state: String), environment extra: [String: String] = [:]
    )
        async throws -> String
    {
        var environment = TutorBinary.environment(state: world.state)
        environment.merge(extra) { $1 }
        let (text, status) = try await TutorBinary.pipedSession(
            input, arguments: ["learn", "practice", "--step", String(step), "--lessons", world.lessons], environment: environment)
        #expect(status == 0)
        return text
    }

    /// The learner's copy lives in the state folder; the lesson file is never touched.
    func copyPath(_ world: (lessons: String, state: String), _ name: String) -> String {
        world.state + "/stepwise/folders/" + (try! FileManager.default.contentsOfDirectory(atPath: world.state + "/stepwise/folders")[0])
            + "/edits/practice/" + name
    }

    @Test(.timeLimit(.minutes(2)))
    func editedCopiesRunKeepHiddenSetupAndResetRestoresTheLesson() async throws {
        let world = try TutorBinary.makeWorld()
        let lessonBefore = try String(contentsOfFile: world.lessons + "/04-practice.md", encoding: .utf8)
        let first = try await session("edit\n", step: 1, world: world)
        #expect(first.contains("Your copy is"), "without a terminal, edit names the copy to edit")
        let copy = copyPath(world, "edit-me-1.swift")
        #expect(try String(contentsOfFile: copy, encoding: .utf8) == "print(greeting, 10)\n", "hidden lines stay out of the copy")
        try "print(greeting, 99)\n".write(toFile: copy, atomically: true, encoding: .utf8)
        let edited = try await session("run\nreset\nrun\n", step: 1, world: world)
        let changed = try #require(edited.range(of: "hello 99"), "the edited copy runs, with the hidden setup")
        let reset = try #require(edited.range(of: "lesson's version is back"))
        #expect(changed.upperBound < reset.lowerBound)
        #expect(edited.range(of: "hello 10", range: reset.upperBound..<edited.endIndex) != nil)
        #expect(try String(contentsOfFile: world.lessons + "/04-practice.md", encoding: .utf8) == lessonBefore)
    }

    @Test(.timeLimit(.minutes(2)))
    func predictionIsCheckedAgainstTheRealRunAndRevealsTheAnswer() async throws {
        let world = try TutorBinary.makeWorld()
        let text = try await session("run\nOptional(20)\n", step: 2, world: world)
        let before = try #require(text.range(of: "What will it print?"))
        #expect(text.range(of: "explanation-marker", range: text.startIndex..<before.lowerBound) == nil, "the answer stays hidden")
        #expect(text.contains("✓ Right"))
        #expect(text.range(of: "explanation-marker", range: before.upperBound..<text.endIndex) != nil, "then it is shown")
        let wrong = try await session("predict\nOptional(10)\n", step: 2, world: try TutorBinary.makeWorld())
        #expect(wrong.contains("✗ Not quite"))
    }

    @Test(.timeLimit(.minutes(2)))
    func aWrongPredictionGetsASecondTryBeforeTheOutputAndQuitLeavesThePrompt() async throws {
        let text = try await session("predict\nOptional(10)\nOptional(11)\n", step: 2, world: try TutorBinary.makeWorld())
        let retry = try #require(text.range(of: "One more try"))
        #expect(text.range(of: "explanation-marker", range: text.startIndex..<retry.lowerBound) == nil, "still hidden after one try")
        let reveal = try #require(text.range(of: "Here is what it printed", range: retry.upperBound..<text.endIndex))
        #expect(text.range(of: "Optional(20)", range: reveal.upperBound..<text.endIndex) != nil)
        let quitting = try await session("predict\nquit\n", step: 2, world: try TutorBinary.makeWorld())
        #expect(quitting.contains("Left the prediction unanswered"))
        #expect(!quitting.contains("Not quite"))
        #expect(quitting.contains("See you next time"))
    }

    @Test(.timeLimit(.minutes(3)))
    func checkFailsTheStarterThenOffersTheSolutionAndPassesAFix() async throws {
        let world = try TutorBinary.makeWorld()
        let tries = try await session("check\nsolution\nhint\ncheck\ncheck\nsolution\n", step: 3, world: world)
        #expect(tries.contains("✗ doubles two"))
        #expect(tries.contains("opens after three `check` attempts"))
        #expect(tries.contains("Multiply by"))
        #expect(tries.contains("x * 2"), "the solution after three tries")
        _ = try await session("edit\n", step: 3, world: world)
        try "func double(_ x: Int) -> Int { x + x }\n".write(
            toFile: copyPath(world, "exercise-exercise.swift"), atomically: true, encoding: .utf8)
        let solved = try await session("check\ndouble(21)\n", step: 3, world: world)
        #expect(solved.contains("✓ doubles two"))
        #expect(solved.contains("Exercise solved"))
        #expect(solved.contains("42"), "Swift at the prompt sees the learner's copy")
    }

    @Test(.timeLimit(.minutes(2)))
    func compareRunsPythonBesideSwiftAndExplainsTheDeclaredDifference() async throws {
        let world = try TutorBinary.makeWorld()
        let text = try await session("compare\n", step: 4, world: world)
        #expect(text.contains("['a']"))
        #expect(text.contains("[\"a\"]"))
        #expect(text.contains("double quotes"))
        #expect(text.range(of: #"\['a'\] {10,}≠ \["a"\]"#, options: .regularExpression) != nil, "the two outputs sit in columns")
    }

    @Test(.timeLimit(.minutes(2)))
    func swiftAtThePromptKeepsStateBetweenEntries() async throws {
        let world = try TutorBinary.makeWorld()
        let text = try await session(
            "var it = [3, 2, 1].makeIterator()\nit.next()\nit.next()\nfor x in 1...2 {\nprint(x * 100)\n}\n", step: 1, world: world)
        let first = try #require(text.range(of: "Optional(3)"))
        let second = try #require(text.range(of: "Optional(2)"))
        #expect(first.upperBound < second.lowerBound)
        #expect(text.contains("100\n") && text.contains("200\n"), "an unbalanced brace continues onto the next line")
    }

    /// A version-1 file counted steps by position; the tutor maps them to the steps now at those
    /// positions and saves them by key, copies included.
    @Test(.timeLimit(.minutes(2)))
    func aVersion1ProgressFileResumesOnItsStepWithItsAnswersAndCopies() async throws {
        let world = try TutorBinary.makeWorld()
        _ = try await session("quit\n", step: 1, world: world)
        let progress = copyPath(world, "").replacingOccurrences(of: "/edits/practice/", with: "/progress.json")
        try """
        {"version": 1, "currentLesson": "practice", "lessons": {"practice":
          {"step": 1, "isCompleted": false, "predictions": {"1": true}, "solvedExercises": [], "failedChecks": {"2": 3}}}}
        """.write(toFile: progress, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: copyPath(world, ""), withIntermediateDirectories: true)
        try "func double(_ x: Int) -> Int { x * 3 }\n".write(
            toFile: copyPath(world, "step-3-exercise.swift"), atomically: true, encoding: .utf8)
        let (text, status) = try await TutorBinary.pipedSession(
            "\nsolution\nquit\n", arguments: ["learn", "practice", "--lessons", world.lessons],
            environment: TutorBinary.environment(state: world.state))
        #expect(status == 0)
        #expect(text.contains("explanation-marker"), "the answered prediction shows its answer at once")
        #expect(text.contains("x * 2"), "three failed checks open the solution")
        let saved = try String(contentsOfFile: progress, encoding: .utf8)
        #expect(saved.contains("\"version\" : 2"))
        #expect(saved.contains("\"guess\" : true"))
        #expect(saved.contains("\"exercise\" : 3"))
        _ = try await session("edit\n", step: 3, world: world)
        #expect(
            try String(contentsOfFile: copyPath(world, "exercise-exercise.swift"), encoding: .utf8).contains("x * 3"),
            "the old copy was renamed, not replaced")
        #expect(!FileManager.default.fileExists(atPath: copyPath(world, "step-3-exercise.swift")))
    }
}
