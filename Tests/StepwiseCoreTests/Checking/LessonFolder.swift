import Foundation

@testable import StepwiseCore

/// A temporary lessons folder written by a test, so each fixture's line numbers are visible
/// right where the test asserts them.
struct LessonFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "stepwise-check-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` as `name` and returns the path diagnostics will use for it.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return LessonCatalog.displayPath(file)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// A lesson with front matter and the given body; the body's first line is file line 5.
func lesson(id: String = "fixture", _ body: String) -> String {
    """
    ---
    id: \(id)
    title: Fixture
    ---
    \(body)
    """
}

extension CheckReport {
    /// `line: severity: message` for every diagnostic of `file`, the shape assertions compare.
    func findings(in file: String) -> [String] {
        diagnostics.filter { $0.location.file == file }.map { "\($0.location.line): \($0.severity.rawValue): \($0.message)" }
    }
}
