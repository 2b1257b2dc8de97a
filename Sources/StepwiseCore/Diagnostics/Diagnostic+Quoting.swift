extension Diagnostic {
    /// The longest piece of a lesson a message quotes; past it the quote ends in `…`.
    static let quoteLimit = 40

    /// `'word'` for a message, with control characters escaped and long text cut short: a
    /// message quotes what an author wrote, which may be a whole binary line or an escape
    /// sequence that would otherwise reach the terminal.
    static func quoted(_ text: some StringProtocol) -> String {
        var result = ""
        var length = 0
        for scalar in text.unicodeScalars {
            if length == quoteLimit {
                result += "…"
                break
            }
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
                result += scalar.escaped(asASCII: true)
            default:
                result.unicodeScalars.append(scalar)
            }
            length += 1
        }
        return "'" + result + "'"
    }
}
