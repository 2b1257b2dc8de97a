/// A key press of the full-screen presenter, decoded from the bytes a terminal sends.
package enum Key: Sendable, Hashable {
    case character(Character)
    case enter
    case space
    case backspace
    case tab
    case escape
    case up, down, left, right
    case pageUp, pageDown, home, end
    /// Ctrl-C arrives as a byte, not a signal: raw mode turns off the terminal's own SIGINT.
    case interrupt
    /// Ctrl-Z, which raw mode also turns into a byte: the presenter suspends itself.
    case suspend
    /// Ctrl-D; treated like `q`.
    case endOfInput
    /// A byte or sequence the presenter has no use for (a function key, a mouse report).
    case unknown
}
