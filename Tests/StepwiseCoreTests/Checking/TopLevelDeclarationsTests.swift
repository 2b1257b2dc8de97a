import Testing

@testable import StepwiseCore

@Suite(.tags(.fast)) struct TopLevelDeclarationsTests {
    @Test func findsVarAndLetAtTopLevelOnly() {
        let source = """
            struct Counter {
                var count = 0
                func make() { let inner = 1; _ = inner }
            }
            var gen = Counter()
            let total: Int = 3
            """
        #expect(TopLevelDeclarations(scanning: source).names == ["gen", "total"])
        #expect(TopLevelDeclarations(scanning: source).variables.map(\.line) == [5, 6])
    }

    @Test func ignoresBracesAndKeywordsInsideStringsAndComments() {
        let source = #"""
            let text = "{ var fake = 1"
            // var commented = 2 {
            /* nested /* var deep */ { */
            let raw = #"a "quoted" \(x) { "#
            let interpolated = "\("}" + "{")"
            let multi = """
                var insideMultiline {
                """
            var real = 1
            """#
        #expect(TopLevelDeclarations(scanning: source).names == ["text", "raw", "interpolated", "multi", "real"])
    }

    @Test func readsBacktickedNames() {
        #expect(TopLevelDeclarations(scanning: "var `default` = 1").names == ["default"])
    }
}
