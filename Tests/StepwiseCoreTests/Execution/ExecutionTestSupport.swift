import Foundation
import Testing

@testable import StepwiseCore

/// Shared set-up for tests that use the real Swift toolchain.
enum ExecutionTestSupport {
    /// Where test folders go; folders of earlier runs older than an hour are removed on first use.
    static let root: String = {
        let root = (NSTemporaryDirectory() as NSString).appendingPathComponent("stepwise-tests")
        let cutoff = Date().addingTimeInterval(-3600)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
            let path = (root as NSString).appendingPathComponent(name)
            if let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                modified < cutoff
            {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
        return root
    }()

    /// A fresh, empty folder for one test.
    static func temporaryFolder(_ name: String = "test") throws -> String {
        let path = (root as NSString).appendingPathComponent("\(name)-\(UUID().uuidString)")
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
