/// Reads the variables a Swift `main.swift` declares at top level.
///
/// The reader that `stepwise` uses parses with swift-syntax (`DeclarationsReader` in
/// StepwiseSyntax); the command layer passes it to ``LessonChecker`` so Core itself builds
/// without a Swift parser.
package protocol TopLevelDeclarationReader: Sendable {
    func declarations(in source: String) -> TopLevelDeclarations
}
