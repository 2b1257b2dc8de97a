import Foundation

// libFuzzer entry point for the lesson loader: compiled by Scripts/fuzz into one module with
// the StepwiseCore sources, so it calls the same code `stepwise` runs when it loads lessons
// and when `stepwise check` runs its static checks (no snippet is compiled or run).
//
// Besides not crashing, every input must end in a usable lesson or a located error: a
// diagnostic points at a real line of the file, and a file that gives no lesson says why.
@_cdecl("LLVMFuzzerTestOneInput")
public func lessonLoaderFuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    var diagnostics: [Diagnostic] = []
    let lesson = LessonFileLoader.lesson(from: data, file: "fuzz.md", diagnostics: &diagnostics)
    if let lesson {
        for step in lesson.steps {
            for snippet in step.snippets {
                diagnostics += StepTargetCheck.diagnostics(for: snippet, reader: NoDeclarations())
                _ = SnippetSource(snippet.block.code).compiledText
            }
            _ = step.exercise
            _ = step.hints
            _ = step.compiledBlockCount
            for block in step.codeBlocks { _ = block.visibleCode }
        }
    }
    let lineCount = data.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") || $1 == UInt8(ascii: "\r") ? 1 : 0) }
    for diagnostic in diagnostics {
        let location = diagnostic.location
        guard location.file == "fuzz.md", location.line >= 1, location.line <= lineCount, location.column >= 1 else {
            fatalError("unlocated diagnostic: \(diagnostic)")
        }
        guard diagnostic.message.utf8.count <= 2_000 else {
            fatalError("oversized diagnostic message (\(diagnostic.message.utf8.count) bytes) at \(location)")
        }
    }
    if lesson == nil, !diagnostics.contains(where: { $0.severity == .error }) {
        fatalError("no lesson and no error")
    }
    return 0
}

/// Core alone has no Swift parser: every `step=` target is then reported missing, which runs
/// the diagnostic's location and message code on every input that has one.
struct NoDeclarations: TopLevelDeclarationReader {
    func declarations(in source: String) -> TopLevelDeclarations { TopLevelDeclarations(variables: []) }
}
