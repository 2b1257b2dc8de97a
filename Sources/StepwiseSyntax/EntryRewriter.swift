import StepwiseCore
import SwiftParser
import SwiftSyntax

/// Turns a prompt entry (or a step's snippet) into the source of one library module of the
/// live program.
///
/// - Top-level `var`/`let` become `@MainActor` globals of the module: the isolation `main.swift`
///   gives them in Swift 6, so what the compiler accepts at the prompt is what it accepts in a
///   program (`await countdown.next()` on a top-level var is still refused).
/// - Types, functions, extensions and imports stay at file scope. Modules are compiled with
///   `-enable-testing` and imported `@testable`, so nothing needs to be made public (a struct's
///   memberwise initialiser stays usable).
/// - Statements, in order, go into a `@MainActor` function that the exported entry function
///   hands to the snippet module's ``EntryStarter`` (the host calls the exported one); where a global
///   was declared the function touches it, because Swift initialises globals lazily and an
///   initialiser's effects (a `print`, the time it reads) belong to the moment the entry runs.
/// - A bare expression is printed as a REPL prints it (`__show`, defined by the snippet module).
///
/// `#sourceLocation` directives keep the compiler's line numbers those of the entry.
package struct EntryRewriter: Sendable {
    package init() {}

    /// - Parameter types: types for untyped `let name = try await ...` bindings, as the compiler named them.
    package func rewrite(
        _ text: String, as module: ModuleRequest, asStatement: Bool = false, types: [String: String] = [:]
    ) -> RewrittenEntry {
        let reader = EntryReader(text)
        let tree = reader.source.tree
        let converter = SourceLocationConverter(fileName: module.file, tree: tree)
        let showsValue = !asStatement && reader.isBareExpression
        var fileScope: [String] = []
        var body: [String] = []
        var declarations: [DeclaredName] = []
        var imports: [String] = []
        var untyped: [String] = []

        /// `code` between directives that give it the entry's own line numbers.
        func located(_ node: some SyntaxProtocol, _ code: String) -> String {
            let line = converter.location(for: node.positionAfterSkippingLeadingTrivia).line
            return "#sourceLocation(file: \"\(module.file)\", line: \(line))\n" + code + "\n#sourceLocation()"
        }

        for item in tree.statements {
            let code = item.trimmedDescription
            switch item.item {
            case .decl(let declaration):
                if let variable = declaration.as(VariableDeclSyntax.self),
                    variable.modifiers.contains(where: { $0.name.text == "async" })
                {
                    // `async let` lives only as long as the code around it: it stays in the entry.
                    body.append(located(item, code))
                } else if let variable = declaration.as(VariableDeclSyntax.self), Self.initialisesWithEffects(variable) {
                    // A global's initialiser cannot await or throw. With its type written, the
                    // global is declared here and assigned where the entry runs; without, the
                    // value lives in this entry only.
                    if let (name, type, value) = Self.typedSingleBinding(variable, types: types) {
                        declarations.append(DeclaredName(kind: "var", name: name))
                        fileScope.append(
                            """
                            @MainActor var __stepwiseStored_\(name): \(type)? = nil
                            @MainActor var \(name): \(type) {
                                get { __stepwiseStored_\(name)! }
                                set { __stepwiseStored_\(name) = newValue }
                            }
                            """)
                        body.append(located(item, "__stepwiseStored_\(name) = " + value))
                    } else {
                        untyped += Self.singleUntypedName(variable).map { [$0] } ?? []
                        body.append(located(item, code))
                    }
                } else if let variable = declaration.as(VariableDeclSyntax.self) {
                    let names = Self.boundNames(variable)
                    declarations += names.map { DeclaredName(kind: "var", name: $0) }
                    let isolated =
                        variable.attributes.contains { $0.trimmedDescription.hasPrefix("@MainActor") }
                        || variable.modifiers.contains { $0.name.text == "nonisolated" }
                    fileScope.append(located(item, (isolated ? "" : "@MainActor ") + code))
                    if Self.isStored(variable) {
                        body.append(contentsOf: names.map { "_ = \($0)" })
                    }
                } else if declaration.is(ImportDeclSyntax.self) {
                    imports.append(code)
                    fileScope.append(located(item, code))
                } else {
                    if let name = Self.declaredName(declaration) { declarations.append(name) }
                    fileScope.append(located(item, code))
                }
            case .stmt, .expr:
                if showsValue {
                    // The closing parenthesis on a line of its own: the entry may end in a `//` comment.
                    // `__show(` shifts the first line: the reader's segment says by how much.
                    body.append(located(item, "__show(" + code + "\n)"))
                } else {
                    body.append(located(item, code))
                }
            }
        }
        let number = module.number
        var lines = module.imports
        lines += fileScope
        lines.append(
            """
            @MainActor func __stepwiseRun\(number)() async throws {
            \(body.joined(separator: "\n"))
            }

            nonisolated(unsafe) var __stepwiseTask\(number): Task<Void, Never>?

            @_cdecl("stepwise_entry_\(number)")
            public func __stepwiseEntry\(number)(_ report: @convention(c) (Int32, Int32, UnsafePointer<CChar>?) -> Void) {
                __stepwiseTask\(number) = \(EntryStarter.name)(\(number), report, __stepwiseRun\(number))
            }

            @_cdecl("stepwise_cancel_\(number)")
            public func __stepwiseCancel\(number)() {
                __stepwiseTask\(number)?.cancel()
            }
            """)
        return RewrittenEntry(
            source: lines.joined(separator: "\n") + "\n", declarations: declarations, imports: imports, showsValue: showsValue,
            untypedEffectfulNames: untyped)
    }

    /// Whether an initialiser awaits or throws (outside any closure in it).
    static func initialisesWithEffects(_ variable: VariableDeclSyntax) -> Bool {
        variable.bindings.contains { binding in
            guard let value = binding.initializer?.value else { return false }
            return value.tokens(viewMode: .sourceAccurate).contains { token in
                guard token.tokenKind == .keyword(.await) || token.tokenKind == .keyword(.try) else { return false }
                var parent = token.parent
                while let node = parent {
                    if node.is(ClosureExprSyntax.self) { return false }
                    if node.id == value.id { break }
                    parent = node.parent
                }
                return true
            }
        }
    }

    /// `let name: Type = value`, the one shape a global can be split into; the type is the one
    /// written, else the one `types` gives for the name.
    static func typedSingleBinding(_ variable: VariableDeclSyntax, types: [String: String] = [:]) -> (String, String, String)? {
        guard variable.bindings.count == 1, let binding = variable.bindings.first,
            let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text,
            let type = binding.typeAnnotation?.type.trimmedDescription ?? types[name],
            let value = binding.initializer?.value.trimmedDescription
        else { return nil }
        return (name, type, value)
    }

    /// The name of `let name = value` with no type written.
    static func singleUntypedName(_ variable: VariableDeclSyntax) -> String? {
        guard variable.bindings.count == 1, let binding = variable.bindings.first, binding.typeAnnotation == nil else { return nil }
        return binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text
    }

    /// Every name a `var`/`let` binds, tuple patterns included.
    static func boundNames(_ variable: VariableDeclSyntax) -> [String] {
        variable.bindings.flatMap { binding in
            binding.pattern.tokens(viewMode: .sourceAccurate).compactMap { token -> String? in
                if case .identifier(let name) = token.tokenKind { return name }
                return nil
            }
        }
    }

    /// Stored (not computed) globals: only those have an initialiser to run.
    static func isStored(_ variable: VariableDeclSyntax) -> Bool {
        variable.bindings.allSatisfy { binding in
            guard let accessors = binding.accessorBlock else { return true }
            if case .accessors(let list) = accessors.accessors {
                return list.allSatisfy { ["willSet", "didSet"].contains($0.accessorSpecifier.text) }
            }
            return false
        }
    }

    static func declaredName(_ declaration: DeclSyntax) -> DeclaredName? {
        if let node = declaration.as(FunctionDeclSyntax.self) { return DeclaredName(kind: "func", name: node.name.text) }
        if let node = declaration.as(StructDeclSyntax.self) { return DeclaredName(kind: "struct", name: node.name.text) }
        if let node = declaration.as(ClassDeclSyntax.self) { return DeclaredName(kind: "class", name: node.name.text) }
        if let node = declaration.as(ActorDeclSyntax.self) { return DeclaredName(kind: "class", name: node.name.text) }
        if let node = declaration.as(EnumDeclSyntax.self) { return DeclaredName(kind: "enum", name: node.name.text) }
        if let node = declaration.as(ProtocolDeclSyntax.self) { return DeclaredName(kind: "protocol", name: node.name.text) }
        if let node = declaration.as(TypeAliasDeclSyntax.self) { return DeclaredName(kind: "typealias", name: node.name.text) }
        return nil
    }
}

/// The swift-syntax reader the live prompt is given (see ``EntryReading``).
package struct EntrySyntaxReader: EntryReading {
    package init() {}

    package func completeness(of text: String) -> EntryCompleteness {
        EntryReader(text).completeness
    }

    package func rewrite(_ text: String, as module: ModuleRequest, asStatement: Bool, types: [String: String]) -> RewrittenEntry {
        EntryRewriter().rewrite(text, as: module, asStatement: asStatement, types: types)
    }
}
