import Foundation

/// The `--json` form of a report. The schema is a contract with editors and CI scripts, so it
/// is spelled out here rather than derived from the model types, which may change freely:
///
///     { "version": 1,
///       "lessons": [ { "file": "...", "id": "..." | null,
///                      "diagnostics": [ { "file", "line", "column", "severity", "message", "notes": [] } ] } ],
///       "summary": { "lessons", "snippets", "errors", "warnings", "passed" } }
///
/// When nothing could be checked (a missing path, no compiler), the same shape carries an
/// `"error"` string, no lessons and a summary that did not pass, so a script reading JSON
/// never meets plain text.
extension CheckReport {
    package static let jsonSchemaVersion = 1

    package func jsonData() throws -> Data {
        try Self.encode(JSONReport(self))
    }

    /// The `--json` form of a check that could not start.
    package static func jsonData(failure: String) throws -> Data {
        var report = JSONReport(CheckReport(lessons: [], snippetCount: 0))
        report.error = failure
        report.summary.passed = false
        return try encode(report)
    }

    private static func encode(_ report: JSONReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Diagnostics quote lesson text and program output; the report is often read in a terminal.
        return Data(VisibleText.escapingControls(inJSON: Array(try encoder.encode(report))))
    }
}

private struct JSONReport: Encodable {
    struct Lesson: Encodable {
        var file: String
        var id: String?
        var diagnostics: [JSONDiagnostic]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(file, forKey: .file)
            // Always present, null when unknown, so consumers need not test for the key.
            try container.encode(id, forKey: .id)
            try container.encode(diagnostics, forKey: .diagnostics)
        }

        enum CodingKeys: String, CodingKey { case file, id, diagnostics }
    }

    struct JSONDiagnostic: Encodable {
        var file: String
        var line: Int
        var column: Int
        var severity: String
        var message: String
        var notes: [String]
    }

    struct Summary: Encodable {
        var lessons: Int
        var snippets: Int
        var errors: Int
        var warnings: Int
        var passed: Bool
    }

    var version = CheckReport.jsonSchemaVersion
    var lessons: [Lesson]
    var summary: Summary
    /// Only when the check could not start; absent otherwise.
    var error: String?

    init(_ report: CheckReport) {
        lessons = report.lessons.map { lesson in
            Lesson(
                file: lesson.file, id: lesson.id,
                diagnostics: lesson.diagnostics.map { diagnostic in
                    JSONDiagnostic(
                        file: diagnostic.location.file,
                        line: diagnostic.location.line,
                        column: diagnostic.location.column,
                        severity: diagnostic.severity.rawValue,
                        message: diagnostic.message,
                        notes: diagnostic.notes
                    )
                })
        }
        let summary = report.summary
        self.summary = Summary(
            lessons: summary.lessons,
            snippets: summary.snippets,
            errors: summary.errors,
            warnings: summary.warnings,
            passed: report.passed
        )
    }
}
