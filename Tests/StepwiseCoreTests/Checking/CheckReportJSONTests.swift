import Foundation
import Testing

@testable import StepwiseCore

@Suite(.tags(.fast)) struct CheckReportJSONTests {
    @Test func encodesTheDocumentedSchema() throws {
        let report = CheckReport(
            lessons: [
                .init(
                    file: "L/01-a.md", id: "a",
                    diagnostics: [
                        .error(at: SourceLocation(file: "L/01-a.md", line: 7, column: 3), "broken", notes: ["why"])
                    ]),
                .init(file: "L/02-b.md", id: nil, diagnostics: []),
            ],
            snippetCount: 4
        )
        let json = try #require(try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
        #expect(Set(json.keys) == ["version", "lessons", "summary"])
        let lessons = try #require(json["lessons"] as? [[String: Any]])
        #expect(lessons.count == 2)
        #expect(lessons[1]["id"] is NSNull)
        let diagnostic = try #require((lessons[0]["diagnostics"] as? [[String: Any]])?.first)
        #expect(Set(diagnostic.keys) == ["file", "line", "column", "severity", "message", "notes"])
        #expect(diagnostic["line"] as? Int == 7)
        #expect(diagnostic["notes"] as? [String] == ["why"])
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["lessons"] as? Int == 2)
        #expect(summary["snippets"] as? Int == 4)
        #expect(summary["errors"] as? Int == 1)
        #expect(summary["warnings"] as? Int == 0)
        #expect(summary["passed"] as? Bool == false)
    }
}
