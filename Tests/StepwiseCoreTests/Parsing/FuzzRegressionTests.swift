import Foundation
import StepwiseSyntax
import Testing

@testable import StepwiseCore

/// Every input that once crashed, hung or exhausted memory in the loader (found by
/// `Scripts/fuzz`, or written to reach the same fault) loads now: into a lesson, or into
/// errors that each point at a line of the file.
@Suite(.tags(.fast)) struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/FuzzRegressions").path

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    @Test func theFolderHoldsInputs() {
        #expect(Self.inputs.count >= 3)
    }

    @Test(arguments: inputs)
    func loadsWithoutCrashing(_ name: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/" + name))
        var diagnostics: [Diagnostic] = []
        let lesson = LessonFileLoader.lesson(from: data, file: name, diagnostics: &diagnostics)
        for snippet in lesson?.steps.flatMap(\.snippets) ?? [] {
            diagnostics += StepTargetCheck.diagnostics(for: snippet, reader: DeclarationsReader())
        }
        let lineCount = data.count { $0 == UInt8(ascii: "\n") } + 1
        for diagnostic in diagnostics {
            #expect(diagnostic.location.file == name)
            #expect((1...lineCount).contains(diagnostic.location.line), "\(diagnostic)")
            #expect(diagnostic.location.column >= 1, "\(diagnostic)")
            #expect(diagnostic.message.count <= 300, "\(diagnostic)")
        }
        #expect(lesson != nil || diagnostics.contains { $0.severity == .error })
    }
}
