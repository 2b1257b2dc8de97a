import Foundation
import StepwiseSyntax
import Testing

@testable import StepwiseCore

/// Checks that need no compiler: everything the parser and the static checks find.
@Suite(.tags(.fast)) struct StaticChecksTests {
    func check(_ text: String, named name: String = "01-fixture.md") async throws -> (report: CheckReport, file: String) {
        let folder = try LessonFolder()
        defer { folder.remove() }
        let file = try folder.write(name, text)
        let report = try await LessonChecker(engine: nil, declarations: DeclarationsReader()).check(paths: [folder.path])
        return (report, file)
    }

    @Test func reportsMisspelledRoleAtItsFenceWithSuggestion() async throws {
        let (report, file) = try await check(
            lesson(
                """

                ```swfit
                print(1)
                ```
                """))
        let diagnostic = try #require(report.diagnostics.first)
        #expect(diagnostic.location == SourceLocation(file: file, line: 6, column: 4))
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message == "unknown code block role 'swfit'; did you mean 'swift'?")
        #expect(!report.passed)
    }

    @Test func aTableIsReportedAtItsOwnLineNotTheStepHeading() async throws {
        let (report, file) = try await check(
            lesson(
                """

                ## Tables

                Some prose first.

                ```swift
                // | a | b |
                // |---|---|
                print(1)
                ```

                | a | b |
                |---|---|
                | 1 | 2 |
                """))
        #expect(report.findings(in: file).contains { $0.hasPrefix("16: warning: Markdown table") }, "\(report.findings(in: file))")
        #expect(report.findings(in: file).filter { $0.contains("table") }.count == 1)
    }

    @Test func aMissingClosingFenceIsReportedWhereTheSwallowedTextBegins() async throws {
        let (report, file) = try await check(
            lesson(
                """

                ## First

                ```swift
                print(1)
                ```

                ```output
                1

                ## Second

                ```swift
                print(2)
                ```
                """))
        #expect(
            report.findings(in: file).contains(
                "15: error: a heading inside a code block that starts at line 12: is the block's closing ``` missing?"),
            "\(report.findings(in: file))")
        #expect(!report.passed)
    }

    @Test func aFenceLikeLineInsideAnOutputBlockIsFlaggedButNotInsideCode() async throws {
        let (report, file) = try await check(
            lesson(
                """

                ## Unclosed

                ```swift
                print(1)
                ```

                ```output
                1

                ```swift
                print(2)
                ```

                ## Markdown shown

                ````markdown
                ```swift
                ```
                ````
                """))
        #expect(
            report.findings(in: file) == [
                "15: error: a fence inside a code block that starts at line 12: is the block's closing ``` missing?"
            ])
    }

    @Test func reportsMisspelledAttributeAtTheAttribute() async throws {
        let (report, file) = try await check(
            lesson(
                """

                ```swift stpe=gen
                var gen = [1].makeIterator()
                ```
                """))
        let diagnostic = try #require(report.diagnostics.first)
        #expect(diagnostic.location == SourceLocation(file: file, line: 6, column: 10))
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message.contains("did you mean 'step='?"))
    }

    @Test func reportsUnknownFrontMatterKeyAtItsLine() async throws {
        let (report, file) = try await check(
            """
            ---
            id: fixture
            title: Fixture
            sumary: a typo
            ---
            Text.
            """)
        #expect(report.findings(in: file) == ["4: error: unknown front matter key 'sumary'; did you mean 'summary'?"])
    }

    @Test func reportsDuplicateIdOnTheSecondFile() async throws {
        let folder = try LessonFolder()
        defer { folder.remove() }
        let first = try folder.write("01-first.md", lesson(id: "same", "One."))
        let second = try folder.write("02-second.md", lesson(id: "same", "Two."))
        let report = try await LessonChecker(engine: nil, declarations: DeclarationsReader()).check(paths: [folder.path])
        #expect(report.findings(in: first).isEmpty)
        #expect(report.findings(in: second) == ["2: error: duplicate lesson id 'same' (also used by \(first)); this lesson is skipped"])
    }

    @Test func reportsStepTargetThatIsNotDeclaredWithSuggestion() async throws {
        let (report, file) = try await check(
            lesson(
                """

                ```swift step=gne
                var gen = [1, 2].makeIterator()
                ```

                ```steps
                Optional(1)
                ```
                """))
        let diagnostic = try #require(report.diagnostics.first)
        #expect(diagnostic.location == SourceLocation(file: file, line: 6, column: 10))
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message == "step=gne names no top-level variable of this snippet; did you mean 'gen'?")
    }

    @Test func acceptsStepTargetDeclaredOnAHiddenLine() async throws {
        let (report, _) = try await check(
            lesson(
                """

                ```swift step=gen
                # var gen = [1, 2].makeIterator()
                print("ready")
                ```
                """))
        #expect(report.diagnostics.isEmpty)
    }

    @Test(arguments: [
        ("it", "var a = 1, it = (1...3).makeIterator()"),
        ("b", "var a = 1, b = 2"),
        ("b", "var (a, b) = (1, [1].makeIterator())"),
    ])
    func acceptsEveryNameABindingDeclares(_ target: String, _ code: String) async throws {
        let (report, _) = try await check(lesson("\n```swift step=\(target)\n\(code)\n```\n"))
        #expect(report.diagnostics.isEmpty)
    }

    @Test func reportsStepTargetBoundOnlyByIfLet() async throws {
        let (report, file) = try await check(
            lesson(
                """

                ```swift step=gen
                let maybe: IndexingIterator<[Int]>? = [1].makeIterator()
                if var gen = maybe { _ = gen.next() }
                ```
                """))
        let findings = report.findings(in: file)
        #expect(findings.count == 1)
        #expect(findings.first?.hasPrefix("6: error: step=gen names no top-level variable of this snippet") == true, "\(findings)")
    }

    @Test func reportsStepTargetDeclaredOnlyInsideAFunction() async throws {
        let (report, file) = try await check(
            lesson(
                """

                ```swift step=gen
                func make() {
                    var gen = [1, 2].makeIterator()
                    _ = gen.next()
                }
                ```
                """))
        #expect(report.findings(in: file) == ["6: error: step=gen names no top-level variable of this snippet"])
    }

    @Test func reportsUnclosedFenceAtItsOpeningLine() async throws {
        let (report, file) = try await check(
            lesson(
                """

                Some text.

                ```swift
                print("never closed")
                """))
        #expect(report.findings(in: file) == ["8: error: code block is never closed: add a line of ``` after it"])
    }

    @Test func reportsNumberedFileWithoutFrontMatter() async throws {
        let (report, file) = try await check("# Just notes\n\nNo front matter here.\n", named: "02-notes.md")
        #expect(report.findings(in: file).first?.hasPrefix("1: error: missing front matter") == true)
    }

    @Test func skipsFilesThatAreNotLessonsInAFolder() async throws {
        let folder = try LessonFolder()
        defer { folder.remove() }
        try folder.write("AUTHORING.md", "# Not a lesson\n")
        try folder.write("README.md", "# Not a lesson either\n")
        try folder.write("01-only.md", lesson("Text."))
        let report = try await LessonChecker(engine: nil, declarations: DeclarationsReader()).check(paths: [folder.path])
        #expect(report.lessons.map { ($0.file as NSString).lastPathComponent } == ["01-only.md"])
        #expect(report.passed)
    }

    @Test func checksAFileNamedExplicitlyWhateverItsName() async throws {
        let folder = try LessonFolder()
        defer { folder.remove() }
        let file = try folder.write("draft.md", lesson("Text."))
        let report = try await LessonChecker(engine: nil, declarations: DeclarationsReader()).check(paths: [file])
        #expect(report.lessons.map(\.id) == ["fixture"])
    }

    @Test func throwsForAPathThatDoesNotExist() async throws {
        await #expect(throws: CheckError.noSuchPath("/no/such/lessons")) {
            try await LessonChecker(engine: nil, declarations: DeclarationsReader()).check(paths: ["/no/such/lessons"])
        }
    }

    @Test func throwsForAFolderWithoutLessons() async throws {
        let folder = try LessonFolder()
        defer { folder.remove() }
        await #expect(throws: CheckError.noLessonFiles([folder.path])) {
            try await LessonChecker(engine: nil, declarations: DeclarationsReader()).check(paths: [folder.path])
        }
    }

    @Test func countsLessonsAndCompiledSnippetsInTheSummary() async throws {
        let (report, _) = try await check(
            lesson(
                """

                ```swift
                print(1)
                ```

                ```swift show
                fragment(
                ```

                ```swift exercise
                let x = 1
                ```

                ```swift checks
                check("x", x == 2)
                ```

                ```swift solution
                let x = 2
                ```
                """))
        #expect(report.summary == CheckReport.Summary(lessons: 1, snippets: 3, errors: 0, warnings: 0))
        #expect(report.summary.description == "checked 1 lesson, 3 snippets: 0 errors, 0 warnings")
    }
}
