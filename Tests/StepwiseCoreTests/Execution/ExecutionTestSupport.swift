import Foundation
import Testing

@testable import StepwiseCore

/// Shared set-up for tests that use the real Swift toolchain.
enum ExecutionTestSupport {
    /// A fresh, empty folder under the system's temporary directory.
    static func temporaryFolder(_ name: String = "stepwise-test") throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A runner with its own empty cache, so tests never touch the user's cache.
    static func runner(firstRun: SnippetRunner.FirstRun = .interpret) async throws -> SnippetRunner {
        let folder = try temporaryFolder()
        let toolchain = try await Toolchain.locate(stateDirectory: folder)
        return SnippetRunner(
            toolchain: toolchain, cache: SnippetCache(directory: (folder as NSString).appendingPathComponent("snippets")),
            firstRun: firstRun)
    }

    /// The lines the program printed, whichever stream.
    static func texts(_ outcome: SnippetOutcome) -> [String] {
        guard case .ran(let result, _) = outcome else { return [] }
        return result.lines.map(\.text)
    }
}
