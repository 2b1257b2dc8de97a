import Testing

@testable import StepwiseCore

/// Rules of `stepwise check` that only a real run can show: a throw while stepping, and every
/// `output` block after a snippet.
@Suite(.tags(.compiler), .timeLimit(.minutes(2)))
struct AuthorCheckCompilerTests {
    static func streamSnippet() -> String {
        """
        ```swift step=stream
        struct Boom: Error {}
        let stream = AsyncThrowingStream<Int, any Error> { continuation in
            continuation.yield(1)
            continuation.finish(throwing: Boom())
        }
        ```
        """
    }

    @Test func aThrowWhileSteppingIsCheckedAsAThrowNotAsNil() async throws {
        let text = lesson(
            """

            ## Throws

            \(Self.streamSnippet())

            ```steps
            Optional(1)
            nil
            ```

            ## Throws, said so

            \(Self.streamSnippet())

            ```steps
            Optional(1)
            throws Boom()
            ```
            """)
        let (report, file) = try await LessonCheckerCompilerTests.check(text, engine: try await LessonCheckerCompilerTests.engine())
        #expect(
            report.findings(in: file) == ["18: error: call 2 of stream.next() returned 'throws Boom()', but the steps block says 'nil'"])
    }

    @Test func everyOutputBlockAfterASnippetIsChecked() async throws {
        let text = lesson(
            """

            ## Two outputs

            ```swift
            print("a")
            ```

            ```output
            b
            ```

            And again:

            ```output
            a
            ```
            """)
        let (report, file) = try await LessonCheckerCompilerTests.check(text, engine: try await LessonCheckerCompilerTests.engine())
        #expect(report.findings(in: file) == ["12: error: output block differs from the snippet's real output"])
    }
}
