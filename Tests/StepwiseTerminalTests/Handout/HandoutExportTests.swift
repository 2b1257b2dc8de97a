import Foundation
import Testing

@testable import StepwiseCore
@testable import StepwiseTerminal

/// Handouts built by really running a small lesson: golden files for Markdown and HTML (times
/// normalised to `<t>`; RECORD_SNAPSHOTS=1 rewrites them), escaping, self-containment, failures.
@Suite(.tags(.compiler), .serialized) struct HandoutExportTests {
    static let fixture = #"""
        ---
        id: handout-fixture
        title: Handouts <made> & "checked"
        summary: One of each thing a handout shows.
        ---

        A handout shows text such as `a < b && c` and the real output of each snippet.

        ## A snippet that sleeps

        Two lines, 0.3 s apart.

        <!-- tutor -->
        Type `run` and watch the second line wait.

        ```swift
        print("before the sleep")
        try? await Task.sleep(for: .milliseconds(300))
        print("after the sleep")
        ```

        ```output
        before the sleep
        after the sleep
        ```

        ## A generator, stepped

        ```swift step=gen
        struct Countdown: IteratorProtocol {
            var n: Int
            mutating func next() -> Int? {
                print("next() runs with n = \(n)")
                guard n > 0 else { return nil }
                defer { n -= 1 }
                return n
            }
        }
        var gen = Countdown(n: 2)
        ```

        ## The Python original

        ```python compare
        print(["x", "y"])
        ```

        ```swift
        print(["x", "y"])
        ```

        ```differences
        ' => "  Python's list repr uses single quotes.
        ```

        ## Predict

        What does this print?

        ```swift predict
        print([1, 2].map { $0 * 2 })
        ```

        <details><summary>Answer</summary>

        ```output
        [2, 4]
        ```

        `map` doubles each element.

        </details>

        ## Exercise: double it

        ```swift exercise
        func double(_ x: Int) -> Int {
            fatalError("TODO")
        }
        ```

        ```swift checks
        check("doubles 2", double(2) == 4)
        check("doubles 0", double(0) == 0)
        ```

        ```swift solution
        func double(_ x: Int) -> Int { x * 2 }
        ```

        ```hint
        Multiply by `2`.
        ```
        """#

    @Test(.enabled(if: HandoutTestSupport.hasPython3, "the fixture has a Python original"), .timeLimit(.minutes(3)))
    func goldenHandoutsFromRealRuns() async throws {
        let lesson = try HandoutTestSupport.lesson(Self.fixture)
        let executor = try await HandoutTestSupport.liveExecutor()
        try #require(
            (try? await executor.executor.pythonVersion().get()) != nil,
            "the golden handouts show Python's real output: python3 3.11+ is needed")
        var handout = await HandoutBuilder(executor: executor).build(lesson)

        // The run was real: the second line arrived after the 0.3 s sleep, the first before it.
        let run = try #require(
            handout.sections.lazy.flatMap(\.items).compactMap { item -> SnippetRun? in
                if case .run(let run) = item { run } else { nil }
            }.first)
        guard case .ran(let result) = run.report else {
            Issue.record("the sleeping snippet did not run: \(run.report)")
            return
        }
        #expect(result.lines.map(\.text) == ["before the sleep", "after the sleep"])
        // Arrival times are read times, and a loaded machine can read both lines in one read
        // (equal times); the program's own lifetime cannot be shorter than its sleep.
        #expect(result.lines[1].elapsed >= result.lines[0].elapsed)
        #expect(result.wallTime >= .milliseconds(300))

        // Versions differ between machines; what they are is not what the golden files check.
        #expect(handout.producedWith.count == 2)
        handout.producedWith = ["<swift version>", "<python version>"]
        let markdown = MarkdownHandoutRenderer().render(handout)
        let html = HTMLHandoutRenderer().render(handout)
        try HandoutTestSupport.assertSnapshot(HandoutTestSupport.normalisingTimes(markdown), named: "handout.md")
        try HandoutTestSupport.assertSnapshot(HandoutTestSupport.normalisingTimes(html), named: "handout.html")

        #expect(markdown.contains("next() call 3 → nil"), "stepping goes on until next() returns nil")
        #expect(markdown.contains("next() runs with n = 0"), "what the body printed during the last call")
        #expect(markdown.contains("['x', 'y']"), "Python's real output")
        #expect(markdown.contains("- Python's list repr uses single quotes."), "the declared difference that was needed")
        #expect(markdown.contains(" │ after the sleep"), "a sleeping snippet's lines carry their times")
        #expect(!markdown.contains("check(\"doubles 2\""), "the hidden checks stay hidden")
        #expect(markdown.contains("Two lines, 0.3 s apart."))
        #expect(
            !markdown.contains("watch the second line wait") && !html.contains("watch the second line wait"),
            "text marked for the tutor only is left out of print")
        let answers = try #require(markdown.range(of: "## Answers"))
        let prediction = try #require(markdown.range(of: "[2, 4]"))
        #expect(prediction.lowerBound > answers.lowerBound, "a prediction's answer waits until the end")
        #expect(markdown[answers.lowerBound...].contains("x * 2"), "the solution is among the answers")
        #expect(markdown.contains("this solution passes all 2 checks: doubles 2; doubles 0"), "and it really passes")
    }

    @Test func escapesLessonTextAndProgramOutputInHTML() async throws {
        let lesson = try HandoutTestSupport.lesson(
            #"""
            ---
            id: escaping
            title: Less <than> & "quotes" 'too'
            ---

            ## Text & <tags>

            Compare `a < b && c > "d"` and [a link](javascript:alert(1)) and ![a picture](https://example.com/p.png).

            <script>alert("raw html")</script>

            ```swift
            print("<script>alert('x')</script> & done")
            ```

            ```swift step=it
            var it = [1].makeIterator()
            ```

            ## Exercise <1>

            ```swift exercise
            let x = 1
            ```

            ```swift checks
            check("x", x == 2)
            ```

            ```swift solution
            let x = 2
            ```
            """#)
        let output = [TimedLine(elapsed: .zero, stream: .stdout, text: "<script>alert('x')</script> & done")]
        let handout = await HandoutBuilder(executor: ScriptedHandoutExecutor(output: output)).build(lesson)
        let html = HTMLHandoutRenderer().render(handout)

        #expect(!html.lowercased().contains("<script"), "neither lesson HTML nor program output becomes markup")
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; done"))
        #expect(html.contains("<title>Less &lt;than&gt; &amp; &quot;quotes&quot; &#39;too&#39;</title>"))
        #expect(html.contains("<code>a &lt; b &amp;&amp; c &gt; &quot;d&quot;</code>"))
        #expect(html.contains("Optional(&quot;&lt;b&gt;&quot;)"), "a stepped value is text too")
        #expect(html.contains("scripted &lt;runner&gt; &amp; &quot;friends&quot;"), "the colophon is text too")
        #expect(!html.contains("javascript:"), "a script link keeps its text and loses its target")
        #expect(html.contains("<h2>Exercise &lt;1&gt;</h2>"))
        #expect(html.contains("fails &lt;check&gt; &amp; &quot;name&quot;"), "a check's name is text")
    }

    @Test func htmlIsOneSelfContainedPrintableFile() async throws {
        let lesson = try HandoutTestSupport.lesson(
            #"""
            ---
            id: contained
            title: Contained
            ---

            ## Links and pictures

            See [the article](https://example.com/article) and ![a chart](https://example.com/chart.png) and ![local](chart.png).

            ```swift
            let wide = String(repeating: "x", count: 200)
            print("a line long enough to need wrapping on paper: \(wide)")
            ```
            """#)
        let output = [TimedLine(elapsed: .zero, stream: .stdout, text: String(repeating: "x", count: 300))]
        let handout = await HandoutBuilder(executor: ScriptedHandoutExecutor(output: output)).build(lesson)
        let html = HTMLHandoutRenderer().render(handout)
        let lower = html.lowercased()

        #expect(!lower.contains("<script"))
        #expect(!lower.contains("<link"), "styles are inline")
        #expect(!lower.contains("<img"), "pictures are named, never fetched")
        #expect(!lower.contains("@import") && !lower.contains("url("), "the style sheet fetches nothing")
        for attribute in ["src=\"http", "src='http", "srcset="] {
            #expect(!lower.contains(attribute), "a resource would be fetched: \(attribute)")
        }
        #expect(html.contains("<a href=\"https://example.com/article\">the article</a>"), "a link to read later is fine")
        #expect(html.contains("default-src 'none'"), "the browser is told to fetch nothing")
        #expect(html.contains("@media print"))
        #expect(html.contains("white-space: pre-wrap"), "long code lines wrap instead of running off the page")
        #expect(html.contains("break-inside: avoid"), "a code block is not split across pages")
        #expect(html.contains("<span class=\"kw\">"), "code is highlighted with classes")
    }

    @Test(.timeLimit(.minutes(3)))
    func aFailingSnippetIsShownAndTheExportGoesOn() async throws {
        let lesson = try HandoutTestSupport.lesson(
            #"""
            ---
            id: failures
            title: Failures
            ---

            ## Everything goes wrong

            ```swift
            let missing: Int? = nil
            print("about to unwrap")
            print(missing!)
            ```

            ```swift timeout=1
            print("spinning")
            while true {}
            ```

            ```swift
            let broken: Int = "not a number"
            ```

            ```swift
            for index in 0..<5_000 { print("flood line \(index)") }
            ```

            ```swift step=gen
            struct Bad: IteratorProtocol {
                mutating func next() -> Int? { fatalError("boom in next") }
            }
            var gen = Bad()
            ```

            ## A solution that does not pass

            ```swift exercise
            func triple(_ x: Int) -> Int { 0 }
            ```

            ```swift checks
            check("triples 2", triple(2) == 6)
            ```

            ```swift solution
            func triple(_ x: Int) -> Int { x * 2 }
            ```

            ## And yet it goes on

            ```swift
            print("still exporting")
            ```
            """#)
        let handout = await HandoutBuilder(executor: try await HandoutTestSupport.liveExecutor()).build(lesson)
        let markdown = MarkdownHandoutRenderer().render(handout)

        #expect(markdown.contains("about to unwrap"), "what a crashing snippet printed first")
        #expect(markdown.contains("Fatal error"), "the runtime's own message")
        #expect(markdown.contains("── crashed: killed by"))
        #expect(markdown.contains("spinning"))
        #expect(markdown.contains("still running after the 1 s limit"))
        #expect(markdown.contains("── the compiler stopped:"))
        #expect(markdown.contains("cannot convert value of type 'String'"))
        #expect(markdown.contains("flood line 0") && markdown.contains("flood line 4999"), "a flood keeps its head and tail")
        #expect(markdown.contains("4800 lines not shown"))
        #expect(markdown.contains("the program ended during call 1"), "a crash inside next() ends the trace")
        #expect(markdown.contains("boom in next"))
        #expect(markdown.contains("this solution fails triples 2"), "a solution is checked, not trusted")
        #expect(markdown.contains("still exporting"), "the snippet after the failures still ran")
    }
}
