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
        #expect(Self.isInert(VisibleText.terminal(all)))
        #expect(Self.isInert(VisibleText.row(all), allowingLineEnds: false))
        #expect(VisibleText.document(all).unicodeScalars.allSatisfy { $0 == "\t" || $0 == "\n" || !(0...0x1F).contains($0.value) })
        #expect(VisibleText.html(all).unicodeScalars.allSatisfy { $0 == "\t" || $0 == "\n" || !(0...0x1F).contains($0.value) })
        #expect(Self.isInert(String(VisibleText.html(all).filter { $0 != "\t" })))
    }

    @Test func checksJSONEscapesEveryControlAndStillParsesToTheSameText() throws {
        let message = "differs \u{1B}]0;PWNED\u{07} \u{7F} \u{9B}2J \u{0} é"
        let diagnostic = Diagnostic(.error, at: StepwiseCore.SourceLocation(file: "x.md", line: 1), message)
        let report = CheckReport(lessons: [CheckReport.LessonResult(file: "x.md", diagnostics: [diagnostic])], snippetCount: 0)
        let data = try report.jsonData()
        let bytes = Array(data)
        #expect(!bytes.contains { ($0 < 0x20 && $0 != 0x0A) || $0 == 0x7F })
        #expect(!zip(bytes, bytes.dropFirst()).contains { $0 == 0xC2 && (0x80...0x9F).contains($1) })
        #expect(String(decoding: data, as: UTF8.self).contains("\\u009b2J"))
        let parsed = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let lessons = try #require(parsed["lessons"] as? [[String: Any]])
        let diagnostics = try #require(lessons.first?["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["message"] as? String == message)
    }
}
