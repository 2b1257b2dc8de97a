import SwiftSyntax

/// Notes a `__stepwiseHit(LINE); ` before each statement inside the snippet's functions,
/// initializers, accessors and subscripts, and inside the blocks nested in them, so stepping
/// can show which lines a `next()` call ran.
///
/// Left alone, because a statement there would change what the code means: top-level code
/// (it runs before stepping begins), closures (a single-expression closure's type comes from
/// its expression), `if` and `switch` used as values (each branch must be one expression),
/// and `#if` (a directive must start its line). A function whose body is one expression gets
/// the `return` it implied.
final class InstrumentLines: SyntaxVisitor {
    private let converter: SourceLocationConverter
    private(set) var edits = InstrumentEdits()
    private(set) var lineCount: Int

    init(tree: SourceFileSyntax) {
        converter = SourceLocationConverter(fileName: "snippet.swift", tree: tree)
        lineCount = converter.location(for: tree.endPosition).line
        super.init(viewMode: .sourceAccurate)
    }

    override func visit(_ node: CodeBlockItemListSyntax) -> SyntaxVisitorContinueKind {
        guard let owner = Self.owner(of: node) else { return .visitChildren }
        for item in node {
            if item.item.is(IfConfigDeclSyntax.self) { continue }
            let line = converter.location(for: item.positionAfterSkippingLeadingTrivia).line
            var text = "__stepwiseHit(\(line)); "
            if node.count == 1, owner.returnsValue, InstrumentTasks.isImplicitReturn(item) { text += "return " }
            edits.insert(text, at: item.positionAfterSkippingLeadingTrivia)
        }
        return .visitChildren
    }

    /// What a statement list belongs to, when its statements are to be instrumented.
    struct Owner {
        /// Whether a lone expression in the list is the value the body returns.
        var returnsValue: Bool
    }

    static func owner(of list: CodeBlockItemListSyntax) -> Owner? {
        var node = list.parent
        var isBody = true
        while let current = node {
            if current.is(ClosureExprSyntax.self) || current.is(SourceFileSyntax.self) { return nil }
            if current.is(IfConfigClauseSyntax.self) { isBody = false }
            if let branch = current.as(IfExprSyntax.self), !isStatement(Syntax(branch)) { return nil }
            if let branch = current.as(SwitchExprSyntax.self), !isStatement(Syntax(branch)) { return nil }
            if let function = current.as(FunctionDeclSyntax.self) {
                return Owner(returnsValue: isBody && function.signature.returnClause != nil)
            }
            if current.is(InitializerDeclSyntax.self) || current.is(DeinitializerDeclSyntax.self) {
                return Owner(returnsValue: false)
            }
            if let accessor = current.as(AccessorDeclSyntax.self) {
                let kind = accessor.accessorSpecifier.tokenKind
                return Owner(returnsValue: isBody && kind == .keyword(.get))
            }
            if current.is(AccessorBlockSyntax.self) || current.is(SubscriptDeclSyntax.self) {
                // An implicit getter (`var x: Int { … }`).
                return Owner(returnsValue: isBody)
            }
            if current.is(CodeBlockSyntax.self) || current.is(CodeBlockItemListSyntax.self) || current.is(AccessorDeclListSyntax.self) {
                // Still the function's own body only if this block is the function's body.
            } else if !current.is(CodeBlockItemSyntax.self) {
                isBody = false
            }
            node = current.parent
        }
        return nil
    }

    /// An `if` or `switch` in statement position, not the lone item of a body (where it may be
    /// the body's value).
    static func isStatement(_ node: Syntax) -> Bool {
        var item = node.parent
        if item?.is(ExpressionStmtSyntax.self) == true { item = item?.parent }
        guard let item = item?.as(CodeBlockItemSyntax.self), let list = item.parent?.as(CodeBlockItemListSyntax.self) else {
            return false
        }
        return list.count > 1
    }
}
