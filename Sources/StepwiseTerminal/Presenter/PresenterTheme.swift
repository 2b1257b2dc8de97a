import StepwiseCore

/// The presenter's colours: `dark` and `light` paint their own background, so a projector
/// shows the contrast chosen here whatever the terminal's profile is; `mono` uses no colour.
///
/// Every foreground was picked from the xterm 256-colour cube for a WCAG contrast ratio of at
/// least 4.5:1 against its background, because projectors wash colours out (ratios computed
/// from the cube's sRGB values):
///
/// | role                    | dark (on 16, black)  | light (on 231, white) |
/// |-------------------------|----------------------|-----------------------|
/// | text                    | 255  18.1:1          | 16   21.0:1           |
/// | keywords (magenta)      | 213  10.2:1          | 90    8.8:1           |
/// | strings (green)         | 114  12.1:1          | 22    8.0:1           |
/// | numbers, inline code (yellow) | 221  15.1:1    | 94    5.7:1           |
/// | types (blue)            | 75    9.1:1          | 19   13.0:1           |
/// | headings, comments (cyan) | 80  12.2:1         | 23    7.5:1           |
/// | errors (red)            | 203   7.1:1          | 124   7.4:1           |
/// | secondary text (dim)    | 246   6.9:1          | 240   7.1:1           |
///
/// The basic 8 colours are not used: their shades depend on the terminal's palette, and basic
/// yellow on white or blue on black is unreadable on a projector. Faint (SGR 2) is replaced by
/// a grey for the same reason. `mono` keeps only bold, underline and reverse video.
package enum PresenterTheme: String, Sendable, CaseIterable {
    case dark
    case light
    case mono

    /// Whether inline code can rely on colour (mono keeps its backticks instead).
    package var usesColor: Bool { self != .mono }

    private struct Palette {
        var background: Int
        var text: Int
        var dim: Int
        var colors: [TextStyle.Color: Int]
    }

    private var palette: Palette? {
        switch self {
        case .dark:
            Palette(
                background: 16, text: 255, dim: 246, colors: [.red: 203, .green: 114, .yellow: 221, .blue: 75, .magenta: 213, .cyan: 80])
        case .light:
            Palette(background: 231, text: 16, dim: 240, colors: [.red: 124, .green: 22, .yellow: 94, .blue: 19, .magenta: 90, .cyan: 23])
        case .mono:
            nil
        }
    }

    /// The SGR sequence every line starts from: the theme's text on its background.
    package func base(reversed: Bool = false) -> String {
        var codes = ["0"]
        if let palette { codes += ["38;5;\(palette.text)", "48;5;\(palette.background)"] }
        if reversed { codes.append("7") }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    /// The SGR sequence for a span, on top of ``base(reversed:)``; "" when it looks like the base.
    package func escape(for style: TextStyle) -> String {
        var codes: [String] = []
        if style.isBold { codes.append("1") }
        if style.isUnderlined { codes.append("4") }
        if let palette {
            if style.isItalic { codes.append("3") }
            if let color = style.color, let index = palette.colors[color] {
                codes.append("38;5;\(index)")
            } else if style.isDim {
                codes.append("38;5;\(palette.dim)")
            }
        }
        return codes.isEmpty ? "" : "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    /// One screen row: the spans cut to `width` columns, then the rest of the row cleared in the
    /// theme's background (the row is always repainted whole, so nothing of an older frame stays).
    ///
    /// Every repaint of the presenter goes through here: each span's text is made visible for a
    /// single row (``VisibleText/row(_:)``) before it is measured and cut, so the only escape
    /// codes of a frame are the theme's and the cursor moves of ``Presentation``.
    package func paint(_ spans: [Span], width: Int, reversed: Bool = false) -> String {
        let base = base(reversed: reversed)
        var text = base
        var column = 0
        for span in spans.coalesced() where column < width {
            var piece = VisibleText.row(span.text)
            if column + piece.count > width {
                piece = String(piece.prefix(max(0, width - column - 1))) + "…"
            }
            let escape = escape(for: span.style)
            text += escape.isEmpty ? piece : escape + piece + base
            column += piece.count
        }
        // A reversed row (the footer) is filled with spaces: erasing would use the normal colours.
        if reversed, column < width { text += String(repeating: " ", count: width - column) }
        return text + "\u{1B}[K"
    }
}
