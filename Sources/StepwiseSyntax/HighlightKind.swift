/// What a piece of code is, for colouring it: the few kinds a reader tells apart at a glance.
/// The terminal and the HTML handouts each map a kind to their own style.
package enum HighlightKind: Sendable, Equatable {
    case plain
    case keyword
    case string
    case number
    case comment
    case type
    /// `@MainActor`, `#if`, `#expect`: the words that start with `@` or `#`.
    case attribute
}
