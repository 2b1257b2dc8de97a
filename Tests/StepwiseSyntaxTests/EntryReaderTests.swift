import StepwiseCore
import Testing

@testable import StepwiseSyntax

@Suite(.tags(.fast))
struct EntryReaderTests {
    @Test(arguments: ["let x = 1 +", "func f() {", "let a = [1,", "let s = \"\"\"\nabc", "print(1,"])
    func unfinishedEntriesNeedMore(_ text: String) {
        #expect(EntryReader(text).completeness == .needsMore)
    }

    @Test(arguments: ["print(\"hi", "let = 3", "x = = 2"])
    func errorsNoLineCanMendAreReportedNow(_ text: String) {
        guard case .invalid(let diagnostics) = EntryReader(text).completeness else {
            Issue.record("\(text) was not invalid")
            return
        }
        #expect(!diagnostics.isEmpty)
        #expect(diagnostics.allSatisfy { $0.region == .entry && $0.line >= 1 })
    }

    @Test(arguments: ["print(6 * 7)", "var g = 1", "struct P { var x: Int }", "for i in 1...3 { print(i) }", "/\\(/"])
    func completeEntriesAreNotHeldBack(_ text: String) {
        #expect(EntryReader(text).completeness != .needsMore)
    }

    @Test func bareExpressionsAreShownButAssignmentsAndCallsAreStatements() {
        #expect(EntryReader("r * 2").isBareExpression)
        #expect(EntryReader("gen.next()").isBareExpression)
        #expect(!EntryReader("x = 3").isBareExpression)
        #expect(!EntryReader("x += 3").isBareExpression)
        #expect(!EntryReader("let y = 2").isBareExpression)
        #expect(!EntryReader("print(1); print(2)").isBareExpression)
    }

    @Test func globalsAreMainActorAndTouchedInOrder() {
        let module = ModuleRequest(name: "E3", number: 3, file: "entry.swift", imports: ["@testable import A"])
        let rewritten = EntryRewriter().rewrite("print(\"a\")\nlet t = 5\nvar (p, q) = (1, 2)", as: module)
        #expect(rewritten.declarations.map(\.name) == ["t", "p", "q"])
        #expect(rewritten.source.contains("@MainActor let t = 5"))
        #expect(rewritten.source.contains("@_cdecl(\"stepwise_entry_3\")"))
        let body = rewritten.source.components(separatedBy: "func __stepwiseRun3")[1]
        let printAt = body.range(of: "print(\"a\")")!.lowerBound
        let touchAt = body.range(of: "_ = t")!.lowerBound
        #expect(printAt < touchAt)
        #expect(rewritten.source.hasPrefix("@testable import A"))
    }

    /// The task around an entry's code is the snippet module's, made once: an entry that
    /// carried its own was a fifth of the compile of a one-line entry.
    @Test func anEntryHandsItsCodeToTheSnippetModulesStarter() {
        let module = ModuleRequest(name: "E4", number: 4, file: "entry.swift", imports: [])
        let rewritten = EntryRewriter().rewrite("print(6 * 7)", as: module)
        #expect(rewritten.source.contains("__stepwiseTask4 = \(EntryStarter.name)(4, report, __stepwiseRun4)"))
        #expect(!rewritten.source.contains("Task {"))
    }

    @Test func typesAndFunctionsAreNamedForShadowing() {
        let module = ModuleRequest(name: "E1", number: 1, file: "entry.swift", imports: [])
        let rewritten = EntryRewriter().rewrite("struct P {}\nfunc f() -> Int { 1 }\nimport Foundation", as: module)
        #expect(rewritten.declarations == [DeclaredName(kind: "struct", name: "P"), DeclaredName(kind: "func", name: "f")])
        #expect(rewritten.imports == ["import Foundation"])
    }

    @Test func aGlobalThatAwaitsIsAssignedWhereTheEntryRunsWhenItsTypeIsWritten() {
        let module = ModuleRequest(name: "E2", number: 2, file: "entry.swift", imports: [])
        let typed = EntryRewriter().rewrite("let names: [String] = try await list()", as: module)
        #expect(typed.declarations == [DeclaredName(kind: "var", name: "names")])
        #expect(typed.source.contains("__stepwiseStored_names = try await list()"))
        let untyped = EntryRewriter().rewrite("let names = try await list()\nprint(names)", as: module)
        #expect(untyped.declarations.isEmpty)
        let inClosure = EntryRewriter().rewrite("let work = { try await list() }", as: module)
        #expect(inClosure.declarations == [DeclaredName(kind: "var", name: "work")])
        #expect(inClosure.source.contains("@MainActor let work"))
    }
}
