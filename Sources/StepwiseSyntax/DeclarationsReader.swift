import StepwiseCore
import SwiftSyntax

/// The top-level variables of a `main.swift`, read from swift-syntax's tree: every name a
/// `var` or `let` at file scope binds, in tuple patterns and comma lists too, and those inside
/// `#if` at file scope. Bindings made inside a statement (`if let`, `guard let`, `for`, a
/// closure) and members of types or extensions are not top-level variables.
package struct DeclarationsReader: TopLevelDeclarationReader {
    package init() {}

    package func declarations(in source: String) -> TopLevelDeclarations {
        declarations(in: SwiftSource(source))
    }

    package func declarations(in source: SwiftSource) -> TopLevelDeclarations {
        let converter = SourceLocationConverter(fileName: "main.swift", tree: source.tree)
        var variables: [TopLevelDeclarations.Variable] = []
        func collect(_ items: CodeBlockItemListSyntax) {
            for item in items {
                if let variable = item.item.as(VariableDeclSyntax.self) {
                    for binding in variable.bindings { bound(by: binding.pattern) }
                } else if let conditional = item.item.as(IfConfigDeclSyntax.self) {
                    // Each branch of a file-scope `#if` is file scope too.
                    for clause in conditional.clauses {
                        if case .statements(let statements) = clause.elements { collect(statements) }
                    }
                }
            }
        }
        func bound(by pattern: PatternSyntax) {
            if let identifier = pattern.as(IdentifierPatternSyntax.self) {
                let name = identifier.identifier.identifier?.name ?? identifier.identifier.text
                let line = converter.location(for: identifier.identifier.positionAfterSkippingLeadingTrivia).line
                variables.append(.init(name: name, line: line))
            } else if let tuple = pattern.as(TuplePatternSyntax.self) {
                for element in tuple.elements { bound(by: element.pattern) }
            } else if let binding = pattern.as(ValueBindingPatternSyntax.self) {
                bound(by: binding.pattern)
            }
        }
        collect(source.tree.statements)
        return TopLevelDeclarations(variables: variables)
    }
}
