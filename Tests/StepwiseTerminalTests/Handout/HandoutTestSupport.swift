import Foundation
import Testing

@testable import StepwiseCore

/// Lessons, real runners and stand-in executors for handout tests.
enum HandoutTestSupport {
    static func lesson(_ text: String, file: String = "handout.md") throws -> Lesson {
        var diagnostics: [Diagnostic] = []
        let lesson = LessonParser(file: file).parse(text, diagnostics: &diagnostics)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "fixture lesson has errors: \(diagnostics)")
        return try #require(lesson)
    }

    /// The real toolchain and python3, with a snippet cache of the test's own. The wall clock is
    /// far beyond what the fixtures take, so that a loaded machine cannot end a run or a
    /// stepping program early and change a golden handout.
    static func liveExecutor(limits: RunLimits = RunLimits(wallClock: .seconds(120))) async throws -> LiveHandoutExecutor {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("stepwise-handout-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let toolchain = try await Toolchain.locate(stateDirectory: folder)
        let executor = LiveLessonExecutor(
            tools: LocatedTools(swift: .success(toolchain)), policy: .export, limits: limits,
            cache: SnippetCache(directory: (folder as NSString).appendingPathComponent("snippets")))
        return LiveHandoutExecutor(executor: executor)
    }

    static var hasPython3: Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/python3") }
    }

    /// Times differ from run to run; everything else in a handout must not.
    static func normalisingTimes(_ text: String) -> String {
        text.replacing(/\d+\.\d\ds/, with: "<t>")
    }

    /// Compares with `Snapshots/<name>`; RECORD_SNAPSHOTS=1 rewrites it.
    static func assertSnapshot(_ text: String, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Snapshots/\(name)")
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "handout changed; RECORD_SNAPSHOTS=1 rewrites \(name)", sourceLocation: sourceLocation)
    }
}
