import Testing

@testable import StepwiseSyntax

@Suite(.tags(.fast))
struct SwiftSourceTests {
    @Test func linesAreCountedFromOne() {
        let source = SwiftSource("let a = 1\nlet b = 2\n")
        let second = source.tree.statements.last!
        #expect(source.line(of: second.positionAfterSkippingLeadingTrivia) == 2)
    }
}
