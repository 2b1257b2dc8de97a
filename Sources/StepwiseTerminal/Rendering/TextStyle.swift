/// How a run of text looks. Only the 8 basic colours: they survive projectors and themes.
package struct TextStyle: Sendable, Hashable {
    package enum Color: Int, Sendable, Hashable {
        case red = 31, green = 32, yellow = 33, blue = 34, magenta = 35, cyan = 36
    }

    package var isBold = false
    package var isDim = false
    package var isItalic = false
    package var isUnderlined = false
    package var color: Color?

    package init(isBold: Bool = false, isDim: Bool = false, isItalic: Bool = false, isUnderlined: Bool = false, color: Color? = nil) {
        self.isBold = isBold
        self.isDim = isDim
        self.isItalic = isItalic
        self.isUnderlined = isUnderlined
        self.color = color
    }

    package static let plain = TextStyle()
    package static let bold = TextStyle(isBold: true)
    package static let dim = TextStyle(isDim: true)
    package static let italic = TextStyle(isItalic: true)

    package static func colored(_ color: Color, bold: Bool = false) -> TextStyle {
        TextStyle(isBold: bold, color: color)
    }

    /// The SGR sequence that turns this style on, or "" for plain text.
    var escape: String {
        var codes: [String] = []
        if isBold { codes.append("1") }
        if isDim { codes.append("2") }
        if isItalic { codes.append("3") }
        if isUnderlined { codes.append("4") }
        if let color { codes.append(String(color.rawValue)) }
        return codes.isEmpty ? "" : "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    func merged(with other: TextStyle) -> TextStyle {
        TextStyle(
            isBold: isBold || other.isBold,
            isDim: isDim || other.isDim,
            isItalic: isItalic || other.isItalic,
            isUnderlined: isUnderlined || other.isUnderlined,
            color: other.color ?? color
        )
    }
}
