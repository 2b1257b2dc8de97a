import Foundation
import Testing

@testable import StepwiseCore

/// What each kind of byte that would act on a terminal becomes, for each place text goes.
@Suite(.tags(.fast))
struct VisibleTextTests {
    /// No scalar that a terminal would obey: C0 controls (a line end aside), DEL, C1.
    static func isInert(_ text: String, allowingLineEnds: Bool = true) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x0A: allowingLineEnds
            case 0x00...0x1F, 0x7F...0x9F: false
            default: true
            }
        }
    }

    /// The bidirectional controls: embeddings and overrides, isolates, and the three marks.
    static let bidiControls: [UInt32] = [
        0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C,
    ]

    /// No bidirectional control and no invisible format character that the type shows.
    static func cannotReorder(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x061C, 0x200B, 0x200E, 0x200F, 0x2028...0x202E, 0x2060...0x206F, 0xFEFF: false
            default: true
            }
        }
    }

    static func text(_ values: UInt32...) -> String {
        var text = ""
        for value in values { text.unicodeScalars.append(Unicode.Scalar(value)!) }
        return text
    }

    @Test func plainTextIsReturnedAsItIs() {
        let text = "total: 2.0 seconds — ✓ naïve 日本 🎉\nsecond line"
        #expect(VisibleText.terminal(text) == text)
        #expect(!VisibleText.needsChange(text, as: .terminal))
    }

    @Test func anOSCTitleSequenceIsShownNotObeyed() {
        #expect(VisibleText.terminal("\u{1B}]0;PWNED\u{07}") == "␛]0;PWNED␇")
    }

    @Test func clipboardWritesAndCSISequencesKeepTheirParametersVisible() {
        #expect(VisibleText.terminal("\u{1B}]52;c;aGk=\u{1B}\\") == "␛]52;c;aGk=␛\\")
        #expect(VisibleText.terminal("\u{1B}[2J\u{1B}[10;5H\u{1B}[?1049h\u{1B}[?25l") == "␛[2J␛[10;5H␛[?1049h␛[?25l")
        #expect(VisibleText.terminal("\u{1B}P1$q\u{1B}\\") == "␛P1$q␛\\", "DCS")
    }

    @Test(arguments: [
        ("\u{00}", "␀"), ("\u{07}", "␇"), ("\u{08}", "␈"), ("\u{0B}", "␋"), ("\u{0C}", "␌"),
        ("\u{0E}", "␎"), ("\u{1A}", "␚"), ("\u{1B}", "␛"), ("\u{1F}", "␟"), ("\u{7F}", "␡"),
    ])
    func eachC0ControlAndDELBecomesItsControlPicture(control: String, picture: String) {
        #expect(VisibleText.terminal("a\(control)b") == "a\(picture)b")
    }

    @Test func everyC0ControlButTheLineEndAndTabIsReplaced() {
        for value in UInt8(0)..<0x20 where value != 0x0A && value != 0x09 {
            let shown = VisibleText.terminal(String(decoding: [0x61, value, 0x62], as: UTF8.self))
            #expect(Self.isInert(shown), "\(value)")
            #expect(shown.unicodeScalars.map(\.value) == [0x61, 0x2400 + UInt32(value), 0x62])
        }
    }

    @Test func eightBitC1ControlsAreShownByCodePoint() {
        #expect(VisibleText.terminal("\u{9B}2J") == "<U+009B>2J")
        #expect(VisibleText.terminal("\u{9D}0;x\u{9C}") == "<U+009D>0;x<U+009C>")
        for value in UInt32(0x80)...0x9F {
            let scalar = Unicode.Scalar(value)!
            #expect(Self.isInert(VisibleText.terminal("x" + String(Character(scalar)) + "y")), "\(value)")
        }
        // The characters right after C1 are ordinary text.
        #expect(VisibleText.terminal("\u{A0}é\u{FF}") == "\u{A0}é\u{FF}")
    }

    @Test(arguments: bidiControls)
    func eachBidirectionalControlIsShownByCodePointInEveryForm(value: UInt32) {
        let text = "a" + Self.text(value) + "b"
        let hex = String(value, radix: 16, uppercase: true)
        let code = String(repeating: "0", count: 4 - hex.count) + hex
        #expect(VisibleText.needsChange(text, as: .terminal))
        #expect(VisibleText.terminal(text) == "a<U+\(code)>b")
        #expect(VisibleText.row(text) == "a<U+\(code)>b")
        #expect(VisibleText.document(text) == "a<U+\(code)>b")
        // The page is escaped text already: a raw `<` would start a tag and hide the code point.
        #expect(VisibleText.html(text) == "a&lt;U+\(code)&gt;b")
    }

    @Test func aTrojanSourceLineIsShownInTheOrderTheCompilerReadsIt() {
        // The example from the Trojan Source paper: an RLO and isolates make `// admin` look like
        // part of the string's neighbour while the compiler reads it inside the string.
        let line = "if access != \"user\u{202E} \u{2066}// Check if admin\u{2069} \u{2066}\" {"
        let shown = VisibleText.terminal(line)
        #expect(shown == "if access != \"user<U+202E> <U+2066>// Check if admin<U+2069> <U+2066>\" {")
        #expect(Self.cannotReorder(shown))
        #expect(Self.cannotReorder(VisibleText.html(line)) && Self.cannotReorder(VisibleText.row(line)))
        #expect(Self.cannotReorder(VisibleText.document(line)))
    }

    /// The decision about invisible characters that cannot reorder text: those that hide
    /// something (a zero-width space in an identifier, a separator that may or may not end a
    /// line, a byte order mark inside text) are shown; the joiners that emoji and scripts need
    /// are kept.
    @Test func otherInvisibleFormatCharactersAreShownButTheJoinersAreKept() {
        #expect(VisibleText.terminal("let a\u{200B}b = 1") == "let a<U+200B>b = 1")
        #expect(VisibleText.terminal("one\u{2028}two\u{2029}three") == "one<U+2028>two<U+2029>three")
        #expect(VisibleText.terminal("x\u{2060}y\u{2062}z\u{206F}") == "x<U+2060>y<U+2062>z<U+206F>")
        #expect(VisibleText.terminal("\u{FEFF}text\u{FEFF}") == "<U+FEFF>text<U+FEFF>")
        #expect(VisibleText.html("a\u{2028}b") == "a&lt;U+2028&gt;b")
        // ZWJ and ZWNJ: unchanged, so an emoji sequence stays one picture.
        for kept in ["👩\u{200D}💻", "می\u{200C}خواهم", "क्\u{200D}ष", "a\u{200C}b"] {
            #expect(VisibleText.terminal(kept) == kept)
            #expect(VisibleText.html(kept) == kept)
            #expect(!VisibleText.needsChange(kept, as: .row))
        }
    }

    @Test func emojiSequencesCombiningMarksAndOtherScriptsAreUnchanged() {
        let texts = [
            "👩‍💻 👨‍👩‍👧‍👦 🏳️‍🌈 🏴‍☠️ 👍🏽 ❤️ 🇯🇵 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
            "e\u{301} n\u{303} a\u{308}\u{323} 한국어 ᄀ\u{1161}", "日本語の文章、中文，繁體。", "مرحبا بالعالم؛ שלום עולם",
            // Neighbours of the shown ranges: dashes, quotes, ellipsis, per mille, superscripts,
            // the euro, control pictures, a variation selector, full-width forms, Arabic punctuation.
            "‐–—‘’“”… ‰ ‼ ⁰ⁱ € ™ ␛␀ x\u{FE0E}\u{FE0F} ！ ؛ ؟ ؝\u{2027}\u{202F}\u{205F}\u{2070}\u{FEFE}\u{FF00}",
        ]
        for text in texts {
            for form in [VisibleText.Form.terminal, .row, .document, .html] {
                #expect(VisibleText.shown(text, as: form) == text, "\(text)")
                #expect(!VisibleText.needsChange(text, as: form))
            }
        }
    }

    @Test func showingIsIdempotentAndTabStopsCountTheCodePoint() {
        let text = "x\u{202E}y\u{9B}z\u{1B}[1m\u{200B}\u{2066}"
        let once = VisibleText.terminal(text)
        #expect(VisibleText.terminal(once) == once)
        #expect(!VisibleText.needsChange(once, as: .terminal))
        // `<U+202E>` takes eight columns, so the tab after it goes on to column 16.
        #expect(VisibleText.terminal("\u{202E}\tx") == "<U+202E>        x")
        // Cut text: a lead byte at the very end is not read past.
        #expect(VisibleText.terminal(decoding: [0x61, 0xE2, 0x80]) == "a\u{FFFD}")
        #expect(VisibleText.terminal(decoding: [0x61, 0xD8]) == "a\u{FFFD}")
    }

    @Test func theScalarsSaidToBeShownByCodePointAreExactlyThoseThatAre() {
        for value in UInt32(0x80)...0xFFFF where !(0xD800...0xDFFF).contains(value) {
            let scalar = Unicode.Scalar(value)!
            let shown = VisibleText.terminal(String(Character(scalar)))
            #expect(
                VisibleText.isShownByCodePoint(scalar) == shown.hasPrefix("<U+"), "\(String(value, radix: 16)): \(shown)")
            if VisibleText.isShownByCodePoint(scalar) { #expect(shown.count == VisibleText.codePointColumns) }
        }
    }

    @Test func aNULNoLongerEndsTheLineForWhoeverPrintsIt() {
        let shown = VisibleText.terminal("first\u{0}second")
        #expect(shown == "first␀second")
        #expect(shown.utf8.contains(0) == false)
    }

    @Test func aLoneCarriageReturnAndBackspacesCannotOverwrite() {
        #expect(VisibleText.terminal("a\rb") == "a␍b")
        #expect(VisibleText.terminal("0.00s\u{08}\u{08}\u{08}9.99s") == "0.00s␈␈␈9.99s")
        #expect(VisibleText.terminal("ends with\r") == "ends with␍")
    }

    @Test func crlfIsALineEnd() {
        #expect(VisibleText.terminal("one\r\ntwo\r\n") == "one\ntwo\n")
        #expect(VisibleText.terminal("one\r\r\ntwo") == "one␍\ntwo")
    }

    @Test func aRowShowsLineEndsToo() {
        #expect(VisibleText.row("one\ntwo") == "one␊two")
        #expect(VisibleText.row("one\r\ntwo") == "one␍␊two")
        #expect(Self.isInert(VisibleText.row("a\nb\r\nc"), allowingLineEnds: false))
    }

    @Test func tabsBecomeSpacesToTheNextStopOfTheTextsOwnLine() {
        #expect(VisibleText.terminal("\tx") == "        x")
        #expect(VisibleText.terminal("ab\tc") == "ab      c")
        #expect(VisibleText.terminal("12345678\tc") == "12345678        c")
        #expect(VisibleText.terminal("é\tc\nxy\tz") == "é       c\nxy      z")
        // A stop after a replaced control counts the picture's one column.
        #expect(VisibleText.terminal("\u{1B}\tc") == "␛       c")
    }

    @Test func aDocumentKeepsTabsAndShowsControls() {
        #expect(VisibleText.document("a\tb\u{1B}[1m\r\n") == "a\tb␛[1m\n")
    }

    @Test func htmlDropsControlsAndKeepsTabsAndLineEnds() {
        #expect(VisibleText.html("&lt;b&gt;\u{1B}]0;PWNED\u{07}\tx\r\ny\u{0}\u{9B}z\rw\u{7F}") == "&lt;b&gt;]0;PWNED\tx\ny" + "zw")
    }

    @Test func invalidUTF8BecomesTheReplacementCharacter() {
        let bytes: [UInt8] = [0x61, 0xFF, 0xC2, 0x1B, 0x5B, 0x32, 0x4A, 0xE2, 0x28, 0xA1, 0x62]
        let shown = VisibleText.terminal(decoding: bytes)
        #expect(Self.isInert(shown))
        #expect(shown.hasPrefix("a\u{FFFD}\u{FFFD}␛[2J"))
        #expect(shown.hasSuffix("b"))
        // A C1 control encoded in two bytes is a control; the same bytes cut apart are not text.
        #expect(VisibleText.terminal(decoding: [0xC2, 0x9B, 0x41]) == "<U+009B>A")
    }

    @Test func aFloodOfHostileOutputComesOutInert() {
        let unit = "\u{1B}]0;PWNED\u{07}\u{1B}[2J\u{0}a\rb\u{8}\u{9B}\t✓\n"
        let flood = String(repeating: unit, count: 50_000)
        let shown = VisibleText.terminal(flood)
        #expect(Self.isInert(shown))
        #expect(shown.split(separator: "\n").count == 50_000)
        #expect(shown.split(separator: "\n").allSatisfy { $0 == "␛]0;PWNED␇␛[2J␀a␍b␈<U+009B>     ✓" }, "the tab stops at column 32")
    }

    @Test func everyFormLeavesNothingATerminalWouldObey() {
        var all = ""
        for value in UInt32(0)...0xA0 { all.unicodeScalars.append(Unicode.Scalar(value)!) }
        for value in [UInt32(0x061C), 0xFEFF] + Array(0x2000...0x206F) { all.unicodeScalars.append(Unicode.Scalar(value)!) }
        for form in [VisibleText.Form.terminal, .row, .document, .html] { #expect(Self.cannotReorder(VisibleText.shown(all, as: form))) }
        #expect(Self.isInert(VisibleText.terminal(all)))
        #expect(Self.isInert(VisibleText.row(all), allowingLineEnds: false))
        #expect(VisibleText.document(all).unicodeScalars.allSatisfy { $0 == "\t" || $0 == "\n" || !(0...0x1F).contains($0.value) })
        #expect(VisibleText.html(all).unicodeScalars.allSatisfy { $0 == "\t" || $0 == "\n" || !(0...0x1F).contains($0.value) })
        #expect(Self.isInert(String(VisibleText.html(all).filter { $0 != "\t" })))
    }

    @Test func checksJSONEscapesEveryControlAndStillParsesToTheSameText() throws {
        let message = "differs \u{1B}]0;PWNED\u{07} \u{7F} \u{9B}2J \u{0} é \u{202E}dlrow\u{202C} 👩\u{200D}💻"
        let diagnostic = Diagnostic(.error, at: StepwiseCore.SourceLocation(file: "x.md", line: 1), message)
        let report = CheckReport(lessons: [CheckReport.LessonResult(file: "x.md", diagnostics: [diagnostic])], snippetCount: 0)
        let data = try report.jsonData()
        let bytes = Array(data)
        #expect(!bytes.contains { ($0 < 0x20 && $0 != 0x0A) || $0 == 0x7F })
        #expect(!zip(bytes, bytes.dropFirst()).contains { $0 == 0xC2 && (0x80...0x9F).contains($1) })
        #expect(String(decoding: data, as: UTF8.self).contains("\\u009b2J"))
        #expect(String(decoding: data, as: UTF8.self).contains("\\u202edlrow\\u202c 👩\u{200D}💻"))
        #expect(Self.cannotReorder(String(decoding: data, as: UTF8.self)))
        let parsed = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let lessons = try #require(parsed["lessons"] as? [[String: Any]])
        let diagnostics = try #require(lessons.first?["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["message"] as? String == message)
    }
}
