import Foundation
import StepwiseSyntax
import Testing

@testable import StepwiseCore

/// The dynamic checks with the real compiler and python3: one lesson that breaks every rule
/// once, checked once and shared by the tests (each test asserts one rule), and one that
/// follows every rule.
@Suite(.tags(.compiler), .timeLimit(.minutes(2)))
struct LessonCheckerCompilerTests {
    static let broken = """
        ---
        id: broken
        title: Broken
        ---

        ## Wrong output

        ```swift
        print("one")
        print("two")
        ```

        ```output
        one
        three
        ```

        ## Does not compile

        ```swift
        # let setup = 1
        let total: Int = "three"
        ```

        ## Warning

        ```swift
        func f() {
            var y = 1
            print(y)
        }
        f()
        ```

        ## Steps differ

        ```swift step=gen
        var gen = [1, 2, 3].makeIterator()
        ```

        ```steps
        Optional(1)
        Optional(3)
        ```

        ## Python differs

        ```python compare
        print("hello from python")
        ```

        ```swift
        print("hello from swift")
        ```

        ## Starter already passes

        ```swift exercise
        func double(_ x: Int) -> Int { x * 2 }
        ```

        ```swift checks
        check("doubles", double(2) == 4)
        ```

        ```swift solution
        func double(_ x: Int) -> Int { x * 2 }
        ```

        ## Starter does not compile

        ```swift exercise
        func triple(_ x: Int) -> Int { return }
        ```

        ```swift checks
        check("triples", triple(2) == 6)
        ```

        ```swift solution
        func triple(_ x: Int) -> Int { x * 3 }
        ```
        """

    static let good = """
        ---
        id: good
        title: Good
        ---

        ## A generator

        ```python compare
        def counter():
            for i in range(1, 4):
                yield i
        print(list(counter()))
        print(None)
        ```

        ```swift
        struct Counter: IteratorProtocol, Sequence {
            var i = 0
            mutating func next() -> Int? {
                guard i < 3 else { return nil }
                i += 1
                return i
            }
        }
        print(Array(Counter()))
        print(nil as Int? as Any)
        ```

        ```output
        [1, 2, 3]
        nil
        ```

        ```differences
        None => nil  Python's None is Swift's nil.
        ```

        ## Stepping

        ```swift step=counter
        # struct Counter: IteratorProtocol {
        #     var i = 0
        #     mutating func next() -> Int? {
        #         guard i < 3 else { return nil }
        #         i += 1
        #         return i
        #     }
        # }
        var counter = Counter()
        print("ready")
        ```

        ```output
        ready
        ```

        ```steps
        Optional(1)
        Optional(2)
        Optional(3)
        nil
        ```

        ## Your turn

        ```swift exercise
        func square(_ x: Int) -> Int {
            fatalError("TODO")
        }
        ```

        ```swift checks
        check("squares 3", square(3) == 9)
        ```

        ```swift solution
        func square(_ x: Int) -> Int {
            x * x
        }
        ```
        """

    static func engine(python: Result<PythonRunner, ExecutionError>? = nil) async throws -> RunnerCheckEngine {
        let runner = try await ExecutionTestSupport.runner(firstRun: .compile)
        let found: Result<PythonRunner, ExecutionError>
        if let python {
            found = python
        } else {
            do { found = .success(try await PythonRunner.locate()) } catch let error as ExecutionError { found = .failure(error) }
        }
        let tools = LocatedTools(
            swift: .success(runner.toolchain), python: found.mapError { ToolMissing("python3 3.11 or newer is not available (\($0))") })
        // Runs get a wall clock far beyond need: these tests assert what a check finds, and the
        // 10 s default would make a loaded machine's slow start a finding.
        return RunnerCheckEngine(
            executor: LiveLessonExecutor(tools: tools, policy: .authoring, limits: RunLimits(wallClock: .seconds(120)), cache: runner.cache)
        )
    }

    static func check(_ text: String, engine: RunnerCheckEngine) async throws -> (report: CheckReport, file: String) {
        let folder = try LessonFolder()
        defer { folder.remove() }
        let file = try folder.write("01-fixture.md", text)
        return (try await LessonChecker(engine: engine, declarations: DeclarationsReader()).check(paths: [folder.path]), file)
    }

    /// The broken lesson is compiled and checked once for all the tests below.
    static let brokenReport = Task { try await check(broken, engine: try await engine()) }

    func brokenFinding(atLine line: Int) async throws -> Diagnostic {
        let (report, file) = try await Self.brokenReport.value
        let atLine = report.diagnostics.filter { $0.location.file == file && $0.location.line == line }
        #expect(atLine.count == 1, "\(report.diagnostics.map(\.description))")
        return try #require(atLine.first)
    }

    @Test func passesALessonThatFollowsEveryRule() async throws {
        let (report, _) = try await Self.check(Self.good, engine: try await Self.engine())
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map { ([$0.description] + $0.notes).joined(separator: "\n") })")
        #expect(report.summary == CheckReport.Summary(lessons: 1, snippets: 4, errors: 0, warnings: 0))
    }

    @Test func reportsEveryBrokenRuleAndNothingElse() async throws {
        let (report, _) = try await Self.brokenReport.value
        #expect(report.diagnostics.map(\.location.line) == [13, 22, 29, 43, 48, 58, 73])
        #expect(report.diagnostics.allSatisfy { $0.severity == .error })
        #expect(!report.passed)
    }

    @Test func reportsWrongOutputAtTheOutputBlockWithADiff() async throws {
        let diagnostic = try await brokenFinding(atLine: 13)
        #expect(diagnostic.message == "output block differs from the snippet's real output")
        #expect(diagnostic.notes.contains("-three"))
        #expect(diagnostic.notes.contains("+two"))
    }

    @Test func reportsACompileErrorAtItsFileLineAndColumn() async throws {
        let diagnostic = try await brokenFinding(atLine: 22)
        #expect(diagnostic.location.column == 18)
        #expect(diagnostic.message.hasPrefix("cannot convert value of type 'String'"))
    }

    @Test func reportsACompilerWarningAsAnError() async throws {
        let diagnostic = try await brokenFinding(atLine: 29)
        #expect(diagnostic.location.column == 9)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message.hasPrefix("variable 'y' was never mutated"))
        #expect(diagnostic.message.hasSuffix("(lesson code must compile without warnings)"))
    }

    @Test func reportsTheFirstStepThatDiffersAtItsLine() async throws {
        let diagnostic = try await brokenFinding(atLine: 43)
        #expect(diagnostic.message == "call 2 of gen.next() returned 'Optional(2)', but the steps block says 'Optional(3)'")
    }

    @Test func reportsPythonThatPrintsSomethingElseAtThePythonBlock() async throws {
        let diagnostic = try await brokenFinding(atLine: 48)
        #expect(diagnostic.message == "Python and Swift print different output")
        #expect(diagnostic.notes.contains("-hello from python"))
    }

    @Test func reportsAStarterThatAlreadyPassesAtTheStarter() async throws {
        let diagnostic = try await brokenFinding(atLine: 58)
        #expect(diagnostic.message == "starter code already passes every check; the exercise leaves nothing to do")
    }

    @Test func reportsAStarterThatDoesNotCompile() async throws {
        let diagnostic = try await brokenFinding(atLine: 73)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message.contains("return"))
    }

    @Test func warnsButPassesWhenPythonIsMissing() async throws {
        let engine = try await Self.engine(python: .failure(.pythonNotFound(searched: ["/nowhere"])))
        let lesson = lesson(
            """

            ```python compare
            print(1)
            ```

            ```swift
            print(1)
            ```
            """)
        let (report, file) = try await Self.check(lesson, engine: engine)
        #expect(report.findings(in: file) == ["6: warning: python compare not checked"])
        #expect(report.passed)
    }

    @Test func newLessonTemplatePassesEveryCheck() async throws {
        let folder = try LessonFolder()
        defer { folder.remove() }
        let path = try NewLesson(title: "Template", folder: folder.path).write(into: folder.path)
        let report = try await LessonChecker(engine: try await Self.engine(), declarations: DeclarationsReader()).check(paths: [path])
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.description))")
    }
}
