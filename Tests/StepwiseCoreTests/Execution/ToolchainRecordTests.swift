import Foundation
import Testing

@testable import StepwiseCore

/// The remembered toolchain answers name a command Stepwise runs: they are read only from the
/// learner's private cache, and a remembered interpreter outside the compiler's folder is not
/// taken from the file.
@Suite(.tags(.compiler)) struct ToolchainRecordTests {
    @Test func aRecordedInterpreterElsewhereIsAskedForAgain() async throws {
        let state = try ExecutionTestSupport.temporaryFolder("toolchain-record")
        let honest = try await Toolchain.locate(stateDirectory: state)
        let interpreter = try #require(honest.interpreter)
        #expect(Toolchain.isBeside(honest.swiftc, interpreter))

        // Rewrite the record so its interpreter is a shell that would run anything.
        let records = try FileManager.default.contentsOfDirectory(atPath: state + "/toolchains")
        let path = state + "/toolchains/" + (try #require(records.first))
        var record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        record["interpreter"] = [
            "arguments": ["/bin/sh", "-c", "echo POISONED", Toolchain.InterpreterCommand.placeholder], "environment": [:],
        ]
        try JSONSerialization.data(withJSONObject: record).write(to: URL(fileURLWithPath: path))
        #expect(!Toolchain.isBeside(honest.swiftc, Toolchain.InterpreterCommand(arguments: ["/bin/sh"], environment: [:])))

        let again = try await Toolchain.locate(stateDirectory: state)
        #expect(again.interpreter == interpreter)
    }
}
