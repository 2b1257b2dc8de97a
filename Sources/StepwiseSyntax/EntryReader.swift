import StepwiseCore
import SwiftParser
import SwiftParserDiagnostics
import SwiftSyntax

/// Reads a prompt entry the way the compiler will: whether it is complete, what it is.
///
/// An entry needs another line when every syntax error sits at its very end (an open brace, a
/// trailing `+`, an unterminated `"""`): more text can mend those. An error anywhere else (a
/// single-line string left open, `let = 3`) is reported now, without a compile, because no
/// further line can fix it.
package struct EntryReader: Sendable {
    package let source: SwiftSource

    package init(_ text: String) {
        source = SwiftSource(text)
    }

    /// Whether the prompt should read another line before running `text`.
    package static func needsMore(_ text: String) -> Bool {
        EntryReader(text).completeness == .needsMore
    }

    /// See ``EntryCompleteness``.
    package var completeness: EntryCompleteness {
        guard source.tree.hasError else { return .complete }
        let diagnostics = ParseDiagnosticsGenerator.diagnostics(for: source.tree)
        let errors = diagnostics.filter { $0.diagMessage.severity == .error }
        guard !errors.isEmpty else { return .complete }
        let end = Self.endOfCode(source.text)
        if errors.allSatisfy({ $0.position.utf8Offset >= end }) && !Self.hasOpenSingleLineString(source.tree) {
            return .needsMore
        }
        let converter = SourceLocationConverter(fileName: "entry.swift", tree: source.tree)
        let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false)
        return .invalid(
            errors.map { diagnostic in
                let location = diagnostic.location(converter: converter)
                let line = max(1, location.line)
                return CompilerDiagnostic(
                    region: .entry, line: line, column: max(1, location.column), severity: .error,
                    message: diagnostic.message, sourceLine: line <= lines.count ? String(lines[line - 1]) : nil)
            })
    }

    /// The offset after the last character that is not white space: errors at or past it are
    /// about text still to come.
    static func endOfCode(_ text: String) -> Int {
        let bytes = Array(text.utf8)
        var end = bytes.count
        while end > 0, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[end - 1]) { end -= 1 }
        return end
    }

    /// A `"` string that the line ended inside: its missing quote is reported at the end, yet
    /// no later line can close it.
    static func hasOpenSingleLineString(_ tree: SourceFileSyntax) -> Bool {
        tree.tokens(viewMode: .all).contains { token in
            token.tokenKind == .stringQuote && token.presence == .missing
                || token.tokenKind == .singleQuote && token.presence == .missing
        }
    }

    /// The entry is one expression whose value a REPL would print (not an assignment).
    package var isBareExpression: Bool {
        let items = Array(source.tree.statements)
        guard items.count == 1, case .expr(let expression) = items[0].item else { return false }
        return !Self.isAssignment(expression)
    }

    static func isAssignment(_ expression: ExprSyntax) -> Bool {
        guard let sequence = expression.as(SequenceExprSyntax.self) else { return false }
        return sequence.elements.contains { element in
            if element.is(AssignmentExprSyntax.self) { return true }
            if let op = element.as(BinaryOperatorExprSyntax.self) {
                let text = op.operator.text
                return text.hasSuffix("=") && !["==", "!=", "<=", ">=", "===", "!=="].contains(text)
            }
            return false
        }
    }
}
