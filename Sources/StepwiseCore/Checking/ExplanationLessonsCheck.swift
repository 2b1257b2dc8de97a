import Foundation

/// The diagnostic explanations name built-in lessons by id; a lesson renamed or removed would
/// leave the tutor pointing learners at nothing. So whenever `stepwise check` looks at a file of
/// the built-in lessons folder, it also checks that every lesson the table names exists in that
/// folder (all of it, not only the files checked, so checking one lesson does not report the
/// others as missing). Folders of other authors are never held to the table.
package enum ExplanationLessonsCheck {
    /// Findings for the checked files: none unless one of them lies in `builtInFolder`.
    package static func diagnostics(
        checking files: [String], builtInFolder: String? = LessonLocator.builtInFolder(),
        table: [DiagnosticGroupExplanation] = DiagnosticGroupExplanations.all
    ) -> [Diagnostic] {
        guard let builtInFolder else { return [] }
        let folder = canonical(builtInFolder)
        guard files.contains(where: { canonical(($0 as NSString).deletingLastPathComponent) == folder }) else { return [] }
        let ids = Set(LessonCatalog.load(folder: builtInFolder).lessons.map(\.id))
        return missing(from: ids, table: table)
    }

    /// An error at each table entry whose lesson id is not among `ids`.
    package static func missing(from ids: Set<String>, table: [DiagnosticGroupExplanation]) -> [Diagnostic] {
        table.filter { !ids.contains($0.lessonID) }.map { entry in
            .error(
                at: entry.location,
                "the explanation of [#\(entry.group)] names lesson '\(entry.lessonID)', which the built-in lessons do not have",
                notes: ["lesson ids there: \(ids.sorted().joined(separator: ", "))"])
        }
    }

    private static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
