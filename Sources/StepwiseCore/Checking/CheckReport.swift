/// Everything `stepwise check` found, grouped by lesson file, plus the totals.
public struct CheckReport: Sendable, Equatable {
    /// One checked file. A file that could not be parsed still has a result, with its errors.
    public struct LessonResult: Sendable, Equatable {
        public var file: String
        /// The lesson's id, when the file parsed far enough to have one.
        public var id: String?
        /// Sorted by line, then column.
        public var diagnostics: [Diagnostic]

        public init(file: String, id: String? = nil, diagnostics: [Diagnostic] = []) {
            self.file = file
            self.id = id
            self.diagnostics = diagnostics
        }
    }

    public struct Summary: Sendable, Equatable {
        public var lessons: Int
        /// Swift blocks compiled: runnable snippets, exercise starters and solutions.
        public var snippets: Int
        public var errors: Int
        public var warnings: Int

        public init(lessons: Int, snippets: Int, errors: Int, warnings: Int) {
            self.lessons = lessons
            self.snippets = snippets
            self.errors = errors
            self.warnings = warnings
        }

        /// `checked 10 lessons, 84 snippets: 0 errors, 1 warning`
        public var description: String {
            "checked \(Self.count(lessons, "lesson")), \(Self.count(snippets, "snippet")): "
                + "\(Self.count(errors, "error")), \(Self.count(warnings, "warning"))"
        }

        static func count(_ number: Int, _ noun: String) -> String {
            "\(number) \(noun)\(number == 1 ? "" : "s")"
        }
    }

    public var lessons: [LessonResult]
    public var snippetCount: Int

    public init(lessons: [LessonResult], snippetCount: Int) {
        self.lessons = lessons
        self.snippetCount = snippetCount
    }

    public var diagnostics: [Diagnostic] { lessons.flatMap(\.diagnostics) }

    public var summary: Summary {
        let all = diagnostics
        return Summary(
            lessons: lessons.count,
            snippets: snippetCount,
            errors: all.count { $0.severity == .error },
            warnings: all.count { $0.severity == .warning }
        )
    }

    /// `stepwise check` exits with a failure status exactly when this is false; warnings pass.
    public var passed: Bool { summary.errors == 0 }
}
