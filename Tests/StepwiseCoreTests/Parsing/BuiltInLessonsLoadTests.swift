import Foundation
import StepwiseSyntax
import Testing

@testable import StepwiseCore

/// The loader's hardening must not cost the built-in lessons anything: they load, and pass
/// the static checks, without a single diagnostic.
@Suite(.tags(.fast)) struct BuiltInLessonsLoadTests {
    @Test func theBuiltInLessonsLoadAndPassTheStaticChecksCleanly() async throws {
        let folder = try #require(LessonLocator.builtInFolder(environment: [:]))
        let catalog = LessonCatalog.load(folder: folder)
        #expect(catalog.diagnostics.isEmpty, "\(catalog.diagnostics)")
        #expect(catalog.lessons.count >= 10)
        let report = try await LessonChecker(engine: nil, declarations: DeclarationsReader()).check(paths: [folder])
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
    }
}
