/// The names a Swift `main.swift` declares with `var` or `let` at top level: what `step=NAME`
/// needs to know, since stepping calls `NAME.next()` from code appended after the snippet.
///
/// Core only holds the answer; reading it takes a Swift parser, which Core does not link (the
/// fuzz script compiles Core alone), so a ``TopLevelDeclarationReader`` is passed in.
package struct TopLevelDeclarations: Sendable, Equatable {
    package struct Variable: Sendable, Equatable {
        package var name: String
        /// 1-based line in the read source.
        package var line: Int

        package init(name: String, line: Int) {
            self.name = name
            self.line = line
        }
    }

    /// Declared names, in source order.
    package var variables: [Variable]

    package var names: [String] { variables.map(\.name) }

    package func declares(_ name: String) -> Bool {
        variables.contains { $0.name == name }
    }

    package init(variables: [Variable]) {
        self.variables = variables
    }
}
