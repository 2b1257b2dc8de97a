import Testing
@testable import StepwiseCore

@Test func versionIsSemantic() {
    #expect(StepwiseVersion.current.split(separator: ".").count == 3)
}
