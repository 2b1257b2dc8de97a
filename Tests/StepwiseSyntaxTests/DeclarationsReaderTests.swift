import StepwiseCore
import Testing

@testable import StepwiseSyntax

@Suite(.tags(.fast)) struct DeclarationsReaderTests {
    func names(_ source: String) -> [String] {
        DeclarationsReader().declarations(in: source).names
    }

    @Test func findsVarAndLetAtTopLevelOnly() {
        let source = """
            struct Counter {
                var count = 0
                func make() { let inner = 1; _ = inner }
            }
            var gen = Counter()
            let total: Int = 3
            """
        let declarations = DeclarationsReader().declarations(in: source)
        #expect(declarations.names == ["gen", "total"])
        #expect(declarations.variables.map(\.line) == [5, 6])
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
        #expect(names(source) == ["text", "raw", "interpolated", "multi", "real"])
    }

    @Test func readsBacktickedNames() {
        #expect(names("var `default` = 1") == ["default"])
    }

    @Test func readsEveryNameOfATuplePattern() {
        #expect(names("let (a, b) = (1, 2)") == ["a", "b"])
        #expect(names("var (x, (y, _)): (Int, (Int, Int)) = (1, (2, 3))") == ["x", "y"])
    }

    @Test func readsEveryBindingOfACommaList() {
        #expect(names("var a = 1, b = 2") == ["a", "b"])
        let declarations = DeclarationsReader().declarations(in: "let first = 0\nvar a = 1, it = (1...3).makeIterator()")
        #expect(declarations.names == ["first", "a", "it"])
        #expect(declarations.variables.map(\.line) == [1, 2, 2])
    }

    @Test func bindingsInsideStatementsAreNotTopLevel() {
        let source = """
            let maybe: Int? = 1
            if let x = maybe { print(x) }
            guard let y = maybe else { fatalError() }
            for z in 0..<2 { print(z) }
            while let w = Optional<Int>.none { print(w) }
            do { var inner = 1; inner += 1 }
            let closure = { let local = 2; return local }
            """
        #expect(names(source) == ["maybe", "closure"])
    }

    @Test func functionsTypesAndExtensionMembersAreNotVariables() {
        let source = """
            func gen() -> Int { 1 }
            struct S { var s = 1 }
            class C { let c = 2 }
            actor A { var a = 3 }
            enum E { case one; static var e = 4 }
            extension Int { static var shared: Int { 5 } }
            protocol P { var p: Int { get } }
            var only = 6
            """
        #expect(names(source) == ["only"])
    }

    @Test func readsBothBranchesOfAFileScopeIf() {
        let source = """
            #if DEBUG
            var debugOnly = 1
            #else
            var releaseOnly = 2
            #endif
            """
        #expect(names(source) == ["debugOnly", "releaseOnly"])
    }

    @Test func readsComputedAndObservedTopLevelVariables() {
        #expect(names("var doubled: Int { 2 }\nvar watched = 0 { didSet { print(watched) } }") == ["doubled", "watched"])
    }
}
