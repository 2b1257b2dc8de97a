import Testing

@testable import StepwiseTerminal

@Suite(.tags(.fast)) struct PresenterThemeTests {
    let code = [Span("let", .colored(.magenta, bold: true)), Span(" x = "), Span("1", .colored(.yellow)), Span(" // why", .dim)]

    @Test func monoUsesNoColourOnlyBoldUnderlineAndReverse() {
        let painted = PresenterTheme.mono.paint(code, width: 40) + PresenterTheme.mono.paint([Span("footer")], width: 40, reversed: true)
        #expect(!painted.contains("38;5"))
        #expect(!painted.contains("48;5"))
        #expect(!painted.contains("[2m") && !painted.contains(";2m"), "faint is not used")
        #expect(painted.contains("\u{1B}[1m"))
        #expect(painted.contains(";7m"))
    }

    @Test(arguments: [(PresenterTheme.dark, 16, 213), (.light, 231, 90)])
    func colourThemesPaintTheirOwnBackground(theme: PresenterTheme, background: Int, keyword: Int) {
        let painted = theme.paint(code, width: 40)
        #expect(painted.hasPrefix("\u{1B}[0;38;5;"))
        #expect(painted.contains("48;5;\(background)"))
        #expect(painted.contains("38;5;\(keyword)"))
        #expect(painted.hasSuffix("\u{1B}[K"), "the rest of the row is cleared in the background colour")
    }

    @Test func aRowIsCutToTheWindow() {
        let painted = PresenterTheme.mono.paint([Span(String(repeating: "a", count: 30))], width: 10)
        let visible = painted.replacingOccurrences(of: "\u{1B}[0m", with: "").replacingOccurrences(of: "\u{1B}[K", with: "")
        #expect(visible == String(repeating: "a", count: 9) + "…")
    }

    @Test func aReversedRowIsPaddedToTheWindow() {
        let painted = PresenterTheme.dark.paint([Span("abc")], width: 10, reversed: true)
        #expect(painted.contains("abc       "))
    }
}
