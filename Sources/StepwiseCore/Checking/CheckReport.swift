/// Everything `stepwise check` found, grouped by lesson file, plus the totals.
package struct CheckReport: Sendable, Equatable {
    /// One checked file. A file that could not be parsed still has a result, with its errors.
    package struct LessonResult: Sendable, Equatable {
        package var file: String
        /// The lesson's id, when the file parsed far enough to have one.
        package var id: String?
        /// Sorted by line, then column.
        package var diagnostics: [Diagnostic]

        package init(file: String, id: String? = nil, diagnostics: [Diagnostic] = []) {
            self.file = file
            self.id = id
            self.diagnostics = diagnostics
        }
    }

    package struct Summary: Sendable, Equatable {
        package var lessons: Int
        /// Swift blocks compiled: runnable snippets, exercise starters and solutions.
        package var snippets: Int
        package var errors: Int
        package var warnings: Int

        package init(lessons: Int, snippets: Int, errors: Int, warnings: Int) {
            self.lessons = lessons
            self.snippets = snippets
            self.errors = errors
            self.warnings = warnings
        }

        /// `checked 10 lessons, 84 snippets: 0 errors, 1 warning`
        package var description: String {
            "checked \(Self.count(lessons, "lesson")), \(Self.count(snippets, "snippet")): "
                + "\(Self.count(errors, "error")), \(Self.count(warnings, "warning"))"
        }

        static func count(_ number: Int, _ noun: String) -> String {
            "\(number) \(noun)\(number == 1 ? "" : "s")"
        }
    }

    package var lessons: [LessonResult]
    package var snippetCount: Int

    package init(lessons: [LessonResult], snippetCount: Int) {
        self.lessons = lessons
        self.snippetCount = snippetCount
    }

    package var diagnostics: [Diagnostic] { lessons.flatMap(\.diagnostics) }

    package var summary: Summary {
        let all = diagnostics
        return Summary(
            lessons: lessons.count,
            snippets: snippetCount,
            errors: all.count { $0.severity == .error },
            warnings: all.count { $0.severity == .warning }
        )
    }

    /// `stepwise check` exits with a failure status exactly when this is false; warnings pass.
    package var passed: Bool { summary.errors == 0 }
}
