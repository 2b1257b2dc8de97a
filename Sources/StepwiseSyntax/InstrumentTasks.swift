import SwiftSyntax

/// Finds what an instrumented run records about tasks and notes the text to insert:
///
/// - `await X` becomes `await __stepwiseAwaited(__stepwiseAwaitBegan(LINE), X)`: the token is
///   made before `X` runs and the wrapper runs once `X`'s value is there, so the pair times
///   the wait without moving `X` out of its expression (its `try`, isolation and type stay).
///   A call to one of the snippet's own functions is left alone: the task runs its lines.
/// - a closure passed to `addTask`, `addTaskUnlessCancelled`, `Task` or `Task.detached` gets
///   a capture `[__stepwiseParent = __stepwiseCreating()]`, evaluated where the task is
///   created (in the parent), and opens with `let __stepwiseTask = __stepwiseTaskBegan(…)`
///   and a `defer` that ends it; a single-expression body becomes
///   `__stepwiseTaskDone(__stepwiseTaskBegan(…), EXPRESSION)`, still one expression.
/// - `async let x = E` becomes `let __stepwiseParentN = __stepwiseCreating(); async let x =
///   __stepwiseTaskDone(__stepwiseTaskBegan("async let", LINE, __stepwiseParentN), E)`: the
///   initializer runs in the child task, left to right.
///
/// Everything goes on the line it belongs to (see ``InstrumentEdits``).
final class InstrumentTasks: SyntaxVisitor {
    private let converter: SourceLocationConverter
    private(set) var edits = InstrumentEdits()
    private var parents = 0

    /// The functions the snippet declares: awaiting one of them is not a wait in itself (the
    /// task goes on running the callee's lines), and the callee's own awaits are recorded.
    private let snippetFunctions: Set<String>

    init(tree: SourceFileSyntax) {
        converter = SourceLocationConverter(fileName: "snippet.swift", tree: tree)
        let finder = FunctionNames(viewMode: .sourceAccurate)
        finder.walk(tree)
        snippetFunctions = finder.names
        super.init(viewMode: .sourceAccurate)
    }

    /// The name an awaited expression calls, when it is a plain call (`work(1)`, `x.work(1)`).
    static func calledName(_ expression: ExprSyntax) -> String? {
        var inner = expression
        if let attempt = inner.as(TryExprSyntax.self) { inner = attempt.expression }
        guard let call = inner.as(FunctionCallExprSyntax.self) else { return nil }
        if let reference = call.calledExpression.as(DeclReferenceExprSyntax.self) { return reference.baseName.text }
        if let member = call.calledExpression.as(MemberAccessExprSyntax.self) { return member.declName.baseName.text }
        return nil
    }

    private func line(_ node: some SyntaxProtocol) -> Int {
        converter.location(for: node.positionAfterSkippingLeadingTrivia).line
    }

    override func visit(_ node: AwaitExprSyntax) -> SyntaxVisitorContinueKind {
        let inner = node.expression
        if let name = Self.calledName(inner), snippetFunctions.contains(name) { return .visitChildren }
        edits.insert("__stepwiseAwaited(__stepwiseAwaitBegan(\(line(node))), ", at: inner.positionAfterSkippingLeadingTrivia)
        edits.insert(")", at: inner.endPositionBeforeTrailingTrivia, closing: true)
        return .visitChildren
    }

    override func visit(_ node: FunctionCallExprSyntax) -> SyntaxVisitorContinueKind {
        guard let kind = Self.taskKind(of: node.calledExpression) else { return .visitChildren }
        let closure: ClosureExprSyntax?
        if let trailing = node.trailingClosure {
            closure = trailing
        } else {
            closure = node.arguments.first { $0.label?.text == "operation" }?.expression.as(ClosureExprSyntax.self)
        }
        if let closure { instrument(closure, kind: kind, line: line(node)) }
        return .visitChildren
    }

    override func visit(_ node: VariableDeclSyntax) -> SyntaxVisitorContinueKind {
        guard node.modifiers.contains(where: { $0.name.tokenKind == .keyword(.async) }) else { return .visitChildren }
        parents += 1
        let parent = "__stepwiseParent\(parents)"
        edits.insert("let \(parent) = __stepwiseCreating(); ", at: node.positionAfterSkippingLeadingTrivia)
        for binding in node.bindings {
            guard let value = binding.initializer?.value else { continue }
            edits.insert(
                "__stepwiseTaskDone(__stepwiseTaskBegan(\"async let\", \(line(binding)), \(parent)), ",
                at: value.positionAfterSkippingLeadingTrivia)
            edits.insert(")", at: value.endPositionBeforeTrailingTrivia, closing: true)
        }
        return .visitChildren
    }

    /// `addTask` and its relatives, `Task`, `Task<…>` and `Task.detached`.
    static func taskKind(of called: ExprSyntax) -> String? {
        if let member = called.as(MemberAccessExprSyntax.self) {
            let name = member.declName.baseName.text
            if name == "addTask" || name == "addTaskUnlessCancelled" { return "addTask" }
            if name == "detached", member.base?.as(DeclReferenceExprSyntax.self)?.baseName.text == "Task" {
                return "Task.detached"
            }
            return nil
        }
        if let reference = called.as(DeclReferenceExprSyntax.self), reference.baseName.text == "Task" { return "Task" }
        if let generic = called.as(GenericSpecializationExprSyntax.self),
            generic.expression.as(DeclReferenceExprSyntax.self)?.baseName.text == "Task"
        {
            return "Task"
        }
        return nil
    }

    private func instrument(_ closure: ClosureExprSyntax, kind: String, line: Int) {
        let capture = "__stepwiseParent = __stepwiseCreating()"
        let bodyStart: AbsolutePosition
        if let signature = closure.signature {
            if let list = signature.capture {
                edits.insert(list.items.isEmpty ? capture : capture + ", ", at: list.leftSquare.endPositionBeforeTrailingTrivia)
            } else {
                let first =
                    signature.parameterClause.map { Syntax($0) } ?? signature.effectSpecifiers.map { Syntax($0) }
                    ?? signature.returnClause.map { Syntax($0) } ?? Syntax(signature.inKeyword)
                edits.insert("[\(capture)] ", at: first.positionAfterSkippingLeadingTrivia)
            }
            bodyStart = signature.inKeyword.endPositionBeforeTrailingTrivia
            edits.insert(" ", at: bodyStart)
        } else {
            bodyStart = closure.leftBrace.endPositionBeforeTrailingTrivia
            edits.insert(" [\(capture)] in ", at: bodyStart)
        }
        let began = "__stepwiseTaskBegan(\"\(kind)\", \(line), __stepwiseParent)"
        // A lone expression stays one: its closure's type comes from it (`try? await …` in a
        // task whose result is Void is fine only as a single expression). The wrapper takes
        // the expression's value as an argument, so it ends the task once the value is there.
        if closure.statements.count == 1, let only = closure.statements.first, Self.isImplicitReturn(only) {
            edits.insert("__stepwiseTaskDone(\(began), ", at: only.positionAfterSkippingLeadingTrivia)
            edits.insert(")", at: only.endPositionBeforeTrailingTrivia, closing: true)
            return
        }
        let begin = "let __stepwiseTask = \(began); "
        // A `defer` with nothing after it draws a warning; an empty body just ends at once.
        if closure.statements.isEmpty {
            edits.insert(begin + "__stepwiseTaskEnded(__stepwiseTask) ", at: bodyStart)
            return
        }
        edits.insert(begin + "defer { __stepwiseTaskEnded(__stepwiseTask) }; ", at: bodyStart)
    }

    /// A lone expression that a closure returns: not an `if` or `switch` (left as they are) and
    /// not a statement or declaration.
    static func isImplicitReturn(_ item: CodeBlockItemSyntax) -> Bool {
        guard case .expr(let expression) = item.item else { return false }
        if expression.is(IfExprSyntax.self) || expression.is(SwitchExprSyntax.self) { return false }
        return true
    }
}

/// The names of the functions a snippet declares, at any depth.
private final class FunctionNames: SyntaxVisitor {
    var names: Set<String> = []

    override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind {
        names.insert(node.name.text)
        return .visitChildren
    }
}
