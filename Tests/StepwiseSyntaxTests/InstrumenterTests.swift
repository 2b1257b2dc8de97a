import StepwiseCore
import Testing

@testable import StepwiseSyntax

@Suite(.tags(.fast))
struct InstrumenterTests {
    static let group = """
        func fetch(_ n: Int) async -> Int {
            try? await Task.sleep(for: .seconds(n))
            return n
        }
        let all = await withTaskGroup(of: Int.self) { group in
            group.addTask { await fetch(1) }
            group.addTask(priority: .low) { () async -> Int in await fetch(2) }
            var sum = 0
            for await value in group { sum += value }
            return sum
        }
        async let later = fetch(3)
        let detached = Task.detached { [all] in print(all) }
        print(await later, all)
        """

    @Test func keepsEveryLineWhereItWas() throws {
        let source = SnippetSource(Self.group)
        let rewrite = try #require(Instrumenter().instrumentTasks(source))
        #expect(rewrite.lines.count == source.lines.count)
        for (original, rewritten) in zip(source.lines.map(\.text), rewrite.lines) {
            // Only insertions: the original characters remain, in order.
            var remaining = Substring(rewritten)
            for character in original {
                let found = try #require(remaining.firstIndex(of: character))
                remaining = remaining[remaining.index(after: found)...]
            }
        }
    }

    @Test func wrapsAwaitsAndTaskBodies() throws {
        let rewrite = try #require(Instrumenter().instrumentTasks(SnippetSource(Self.group)))
        #expect(rewrite.lines[1].contains("await __stepwiseAwaited(__stepwiseAwaitBegan(2), Task.sleep"))
        #expect(
            rewrite.lines[5]
                == "    group.addTask { [__stepwiseParent = __stepwiseCreating()] in  __stepwiseTaskDone(__stepwiseTaskBegan(\"addTask\", 6, __stepwiseParent), await fetch(1)) }"
        )
        // Awaiting a function of the snippet's own is no wait in itself; a library call is.
        #expect(rewrite.lines[13].contains("print(await __stepwiseAwaited(__stepwiseAwaitBegan(14), later), all)"))
        // An existing signature keeps its parameters and gets the capture in front of them.
        #expect(rewrite.lines[6].contains("{ [__stepwiseParent = __stepwiseCreating()] () async -> Int in  __stepwiseTaskDone("))
        #expect(rewrite.lines[11].hasPrefix("let __stepwiseParent1 = __stepwiseCreating(); async let later = __stepwiseTaskDone("))
        // An existing capture list gets one more entry.
        #expect(rewrite.lines[12].contains("[__stepwiseParent = __stepwiseCreating(), all] in"))
        #expect(rewrite.lines[12].contains("\"Task.detached\", 13"))
    }

    @Test func leavesSynchronousCodeAlone() {
        #expect(Instrumenter().instrumentTasks(SnippetSource("var i = 0\ni += 1\nprint(i)\n")) == nil)
    }

    @Test func leavesCodeThatDoesNotParseAlone() {
        #expect(Instrumenter().instrumentTasks(SnippetSource("let x = await (\n")) == nil)
    }

    @Test func marksStatementsInsideFunctionsOnly() throws {
        let text = """
            struct Counter: IteratorProtocol {
                var i = 0
                mutating func next() -> Int? {
                    guard i < 3 else { return nil }
                    defer { i += 1 }
                    return [1, 2, 3].map { $0 * 10 }[i]
                }
                var twice: Int { i * 2 }
            }
            var counter = Counter()
            """
        let rewrite = try #require(Instrumenter().instrumentLines(SnippetSource(text)))
        #expect(rewrite.lines[3] == "        __stepwiseHit(4); guard i < 3 else { __stepwiseHit(4); return nil }")
        #expect(rewrite.lines[4] == "        __stepwiseHit(5); defer { __stepwiseHit(5); i += 1 }")
        // Closures keep their single expression.
        #expect(rewrite.lines[5] == "        __stepwiseHit(6); return [1, 2, 3].map { $0 * 10 }[i]")
        // A getter's lone expression gets the return it implied.
        #expect(rewrite.lines[7] == "    var twice: Int { __stepwiseHit(8); return i * 2 }")
        #expect(rewrite.lines[9] == "var counter = Counter()")
    }

    @Test func leavesIfExpressionsWhole() throws {
        let text = """
            func pick(_ flag: Bool) -> Int {
                let value = if flag { 1 } else { 2 }
                return value
            }
            """
        let rewrite = try #require(Instrumenter().instrumentLines(SnippetSource(text)))
        #expect(rewrite.lines[1] == "    __stepwiseHit(2); let value = if flag { 1 } else { 2 }")
    }
}
