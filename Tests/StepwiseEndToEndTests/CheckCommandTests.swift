import Foundation
import Testing

/// `stepwise check` and `stepwise new` as a user or CI runs them: exit status and output.
@Suite(.tags(.terminal)) struct CheckCommandTests {
    /// A fresh folder holding the given lesson files.
    func folder(_ files: [String: String]) throws -> String {
        let path = NSTemporaryDirectory() + "stepwise-e2e-lessons-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
        }
        return path
    }

    static let passingLesson = """
        ---
        id: passing
        title: Passing
        ---

        ```swift
        print("hello")
        ```

        ```output
        hello
        ```
        """

    static let failingLesson = """
        ---
        id: failing
        title: Failing
        ---

        ```swfit
        print("hello")
        ```
        """

    @Test(.timeLimit(.minutes(2)))
    func listShowsALessonProblemWithItsNote() async throws {
        let twin = Self.passingLesson.replacingOccurrences(of: "title: ", with: "title: Twin of ")
        let lessons = try folder(["01-passing.md": Self.passingLesson, "02-twin.md": twin])
        defer { try? FileManager.default.removeItem(atPath: lessons) }
        // `list` only reads progress (of this folder, which has none).
        let result = try await StepwiseBinary().run(["list", "--lessons", lessons])
        #expect(result.status == 0, "the other lesson still loads: \(result.standardError)")
        let lines = result.standardError.split(separator: "\n").map(String.init)
        let error = try #require(lines.firstIndex { $0.contains("02-twin.md:2:1: error: duplicate lesson id") }, "\(lines)")
        #expect(
            lines.indices.contains(error + 1) && lines[error + 1] == "    \(lessons)/01-passing.md:2:1: the lesson that keeps this id",
            "\(lines)")
    }

    @Test(.timeLimit(.minutes(2)))
    func exitsWithZeroForAPassingFolder() async throws {
        let lessons = try folder(["01-passing.md": Self.passingLesson])
        defer { try? FileManager.default.removeItem(atPath: lessons) }
        let result = try await StepwiseBinary().run(["check", lessons])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput == "checked 1 lesson, 1 snippet: 0 errors, 0 warnings\n")
    }

    @Test(.timeLimit(.minutes(2)))
    func acceptsAStepTargetDeclaredSecondInACommaList() async throws {
        let lesson = """
            ---
            id: comma
            title: Comma list
            ---

            ```swift step=it
            var a = 1, it = (1...3).makeIterator()
            print(a)
            ```

            ```steps
            Optional(1)
            Optional(2)
            Optional(3)
            nil
            ```
            """
        let lessons = try folder(["01-comma.md": lesson])
        defer { try? FileManager.default.removeItem(atPath: lessons) }
        let result = try await StepwiseBinary().run(["check", "--fresh", lessons])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput == "checked 1 lesson, 1 snippet: 0 errors, 0 warnings\n")
    }

    @Test(.timeLimit(.minutes(2)))
    func exitsWithFailureAndPrintsLocatedErrorsForAFailingFolder() async throws {
        let lessons = try folder(["01-passing.md": Self.passingLesson, "02-failing.md": Self.failingLesson])
        defer { try? FileManager.default.removeItem(atPath: lessons) }
        let result = try await StepwiseBinary().run(["check", lessons])
        #expect(result.status == 1)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "\(lessons)/02-failing.md:6:4: error: unknown code block role 'swfit'; did you mean 'swift'?")
        #expect(lines.last == "checked 2 lessons, 1 snippet: 1 error, 0 warnings")
    }

    @Test(.timeLimit(.minutes(2)))
    func printsTheStableJSONSchema() async throws {
        let lessons = try folder(["02-failing.md": Self.failingLesson])
        defer { try? FileManager.default.removeItem(atPath: lessons) }
        let result = try await StepwiseBinary().run(["check", "--json", lessons])
        #expect(result.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["version"] as? Int == 1)
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["errors"] as? Int == 1)
        #expect(summary["passed"] as? Bool == false)
        let lesson = try #require((json["lessons"] as? [[String: Any]])?.first)
        let diagnostic = try #require((lesson["diagnostics"] as? [[String: Any]])?.first)
        #expect(diagnostic["line"] as? Int == 6)
        #expect(diagnostic["column"] as? Int == 4)
        #expect(diagnostic["severity"] as? String == "error")
        #expect(diagnostic["file"] as? String == "\(lessons)/02-failing.md")
    }

    @Test func failsWithAMessageForAMissingPath() async throws {
        let result = try await StepwiseBinary().run(["check", "/no/such/lessons"])
        #expect(result.status != 0)
        #expect(result.standardError.contains("/no/such/lessons: no such file or folder"))
    }

    @Test func aMissingPathWithJSONIsReportedAsJSON() async throws {
        let result = try await StepwiseBinary().run(["check", "--json", "/no/such/lessons"])
        #expect(result.status != 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(json["error"] as? String == "/no/such/lessons: no such file or folder")
        #expect((json["summary"] as? [String: Any])?["passed"] as? Bool == false)
        #expect((json["lessons"] as? [Any])?.isEmpty == true)
    }

    @Test func newCreatesAFolderThatDoesNotExistAndNamesALessonWithANonLatinTitle() async throws {
        let parent = try folder([:])
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let lessons = parent + "/course/lessons"
        let binary = try StepwiseBinary()
        let created = try await binary.run(["new", "日本語", "--lessons", lessons])
        #expect(created.status == 0, "\(created.standardError)")
        #expect(created.standardOutput == "\(lessons)/01-lesson-1.md\n")
        #expect(created.standardError.contains("the id is 'lesson-1'"))
        #expect(FileManager.default.fileExists(atPath: lessons + "/01-lesson-1.md"))
    }

    @Test(.timeLimit(.minutes(2)))
    func newWritesTheNextNumberedLessonThatPassesCheckAndNeverOverwrites() async throws {
        let lessons = try folder([
            "01-passing.md": Self.passingLesson, "07-later.md": Self.passingLesson.replacing("id: passing", with: "id: later"),
        ])
        defer { try? FileManager.default.removeItem(atPath: lessons) }
        let binary = try StepwiseBinary()
        let created = try await binary.run(["new", "Async Sequences: the basics", "--lessons", lessons])
        #expect(created.status == 0, "\(created.standardError)")
        #expect(created.standardOutput == "\(lessons)/08-async-sequences-the-basics.md\n")

        let checked = try await binary.run(["check", lessons + "/08-async-sequences-the-basics.md"])
        #expect(checked.status == 0, "\(checked.standardOutput)")

        let again = try await binary.run(["new", "Async Sequences: the basics", "--lessons", lessons])
        #expect(again.status != 0)
        #expect(again.standardError.contains("already uses the id 'async-sequences-the-basics'"))
    }
}
