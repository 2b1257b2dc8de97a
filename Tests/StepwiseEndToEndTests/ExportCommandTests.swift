import Foundation
import Testing

/// `stepwise export` as a user runs it: where handouts go, the index, and the exit status.
@Suite(.tags(.terminal)) struct ExportCommandTests {
    func folder(_ files: [String: String]) throws -> String {
        let path = NSTemporaryDirectory() + "stepwise-e2e-export-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
        }
        return path
    }

    static let lessons = [
        "01-first.md": """
        ---
        id: first
        title: First & foremost
        summary: Says hello.
        ---

        ```swift
        print("hello from \\(1 + 1)")
        ```
        """,
        "02-second.md": """
        ---
        id: second
        title: Second
        ---

        ```swift
        let crash: Int? = nil
        print(crash!)
        ```
        """,
    ]

    @Test(.timeLimit(.minutes(2)))
    func exportsEveryLessonAndAnIndex() async throws {
        let lessons = try folder(Self.lessons)
        let output = lessons + "/handouts"
        let result = try await StepwiseBinary().run(["export", "--all", "--format", "html", "-o", output, "--lessons", lessons])
        #expect(result.status == 0, "a crashing snippet does not fail the export: \(result.standardError)")
        let index = try String(contentsOfFile: output + "/index.html", encoding: .utf8)
        #expect(index.contains("<a href=\"01-first.html\">First &amp; foremost</a>"))
        #expect(index.contains("<a href=\"02-second.html\">Second</a>"))
        let first = try String(contentsOfFile: output + "/01-first.html", encoding: .utf8)
        #expect(first.contains("hello from 2"), "the snippet really ran")
        let second = try String(contentsOfFile: output + "/02-second.html", encoding: .utf8)
        #expect(second.contains("Fatal error"), "the crash is shown")
    }

    @Test(.timeLimit(.minutes(2)))
    func writesMarkdownToStandardOutputAndFailsOnlyWhenItCannotWrite() async throws {
        let lessons = try folder(Self.lessons)
        let printed = try await StepwiseBinary().run(["export", "first", "--lessons", lessons])
        #expect(printed.status == 0)
        #expect(printed.standardOutput.hasPrefix("# First & foremost\n"), "Markdown by default, on standard output")
        #expect(printed.standardOutput.contains("hello from 2"))

        let unwritable = try await StepwiseBinary().run(["export", "first", "-o", lessons + "/no/such/folder/x.md", "--lessons", lessons])
        #expect(unwritable.status != 0)
        #expect(unwritable.standardError.contains("cannot write"))
    }
}
