/// How the live prompt reads Swift without compiling it: whether an entry is complete, and the
/// entry rewritten as a library module of the live program. Implemented with swift-syntax in
/// StepwiseSyntax (`EntrySyntaxReader`) and handed to the executor by the command layer, so Core
/// stays free of the parser.
package protocol EntryReading: Sendable {
    /// Whether `text` can run as it is, needs another line, or cannot parse.
    func completeness(of text: String) -> EntryCompleteness
    /// `text` as the source of module `module`, whose entry function is exported as
    /// `stepwise_entry_<number>`; `imports` go first (earlier modules, scoped shadowing imports).
    /// - Parameters:
    ///   - asStatement: run a bare expression as a statement instead of printing its value.
    ///   - types: types for `let name = try await ...` bindings that have none written (see
    ///     ``RewrittenEntry/untypedEffectfulNames``), which makes them globals kept for later entries.
    func rewrite(_ text: String, as module: ModuleRequest, asStatement: Bool, types: [String: String]) -> RewrittenEntry
}

extension EntryReading {
    func rewrite(_ text: String, as module: ModuleRequest, asStatement: Bool) -> RewrittenEntry {
        rewrite(text, as: module, asStatement: asStatement, types: [:])
    }
}

/// What a prompt entry is, before any compile.
package enum EntryCompleteness: Sendable, Hashable {
    case complete
    /// An open brace, bracket, parenthesis, multi-line string or trailing operator.
    case needsMore
    /// A syntax error that another line cannot mend: messages with 1-based line and column.
    case invalid([CompilerDiagnostic])
}

/// The module an entry becomes.
package struct ModuleRequest: Sendable, Hashable {
    /// The module's name (`StepwiseEntry7`).
    package var name: String
    /// The number in the exported entry symbol's name.
    package var number: Int
    /// The file name given to `#sourceLocation`, so diagnostics point into the entry.
    package var file: String
    /// Lines placed before the code: imports of earlier modules, scoped imports that shadow.
    package var imports: [String]

    package init(name: String, number: Int, file: String, imports: [String]) {
        self.name = name
        self.number = number
        self.file = file
        self.imports = imports
    }
}

/// An entry as a module's source, and what it declares for later entries.
package struct RewrittenEntry: Sendable, Hashable {
    package var source: String
    /// Names at file scope, for the scoped imports of later entries that must see the newest.
    package var declarations: [DeclaredName]
    /// `import` lines the entry had: later entries repeat them.
    package var imports: [String]
    /// Whether the entry was a bare expression whose value is printed.
    package var showsValue: Bool
    /// Names bound by `let name = <a value that awaits or throws>` with no type written: a
    /// global's initialiser cannot await or throw, so without a type such a value lasts for its
    /// own entry only, unless the compiler is asked for the type first.
    package var untypedEffectfulNames: [String]

    package init(source: String, declarations: [DeclaredName], imports: [String], showsValue: Bool, untypedEffectfulNames: [String] = []) {
        self.source = source
        self.declarations = declarations
        self.imports = imports
        self.showsValue = showsValue
        self.untypedEffectfulNames = untypedEffectfulNames
    }
}

/// A name declared at file scope and the kind a scoped import names it by.
package struct DeclaredName: Sendable, Hashable {
    /// `var` (also for `let`), `func`, `struct`, `class`, `enum`, `protocol` or `typealias`.
    package var kind: String
    package var name: String

    package init(kind: String, name: String) {
        self.kind = kind
        self.name = name
    }
}
