import Testing

@testable import StepwiseCore

/// Swift 6.3 appends a diagnostic's group to its message; the tutor reads it to explain the error.
@Suite(.tags(.fast)) struct DiagnosticGroupTests {
    @Test func readsTheGroupAtTheEndOfAMessage() {
        let message =
            "passing closure as a 'sending' parameter risks causing data races [#SendingClosureRisksDataRace]"
        #expect(CompilerDiagnostic.groupName(in: message) == "SendingClosureRisksDataRace")
        #expect(CompilerDiagnostic.groupName(in: "result of call is unused [#no-usage]") == "no-usage")
    }

    @Test func aMessageWithoutAGroupHasNone() {
        #expect(CompilerDiagnostic.groupName(in: "cannot find 'x' in scope") == nil)
        #expect(CompilerDiagnostic.groupName(in: "subscript [#] is odd") == nil)
        #expect(CompilerDiagnostic.groupName(in: "array literal [#a b]") == nil)
        #expect(CompilerDiagnostic.groupName(in: "ends in [x]") == nil)
    }

    @Test func explanationsComeOncePerGroupInTheOrderFirstNamed() {
        func diagnostic(_ group: String?) -> CompilerDiagnostic {
            CompilerDiagnostic(region: .snippet, line: 1, column: 1, severity: .error, message: "m", group: group)
        }
        let found = DiagnosticGroupExplanations.explanations(for: [
            diagnostic("SendingRisksDataRace"), diagnostic(nil), diagnostic("NoSuchGroup"),
            diagnostic("ActorIsolatedCall"), diagnostic("SendingRisksDataRace"),
        ])
        #expect(found.map(\.group) == ["SendingRisksDataRace", "ActorIsolatedCall"])
    }
}
