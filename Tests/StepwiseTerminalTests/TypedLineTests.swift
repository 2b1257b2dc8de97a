import Testing

@testable import StepwiseTerminal

@Suite(.tags(.fast)) struct TypedLineTests {
    @Test func aPlainLineIsUsedAsItIs() {
        let line = TypedLine(screening: "let x = [1, 2]")
        #expect(line.usable == "let x = [1, 2]")
        #expect(line.notice == nil)
    }

    @Test func aMegabyteLineIsIgnoredWithItsLength() {
        let line = TypedLine(screening: String(repeating: "x", count: 1 << 20))
        #expect(line.usable == nil)
        #expect(line.notice?.hasPrefix("That line is 1,048,576 characters long; lines over 10,000 characters are ignored.") == true)
    }

    @Test func aLineAtTheLimitIsKept() {
        let line = TypedLine(screening: String(repeating: "x", count: TypedLine.maximumLength))
        #expect(line.usable?.count == TypedLine.maximumLength)
    }

    @Test func controlCharactersAndEscapeSequencesAreRemoved() {
        let line = TypedLine(screening: "he\u{01}lp\u{1B}[2J\u{1B}]0;title\u{07}\u{7F}\u{1B}c")
        #expect(line.usable == "help")
        #expect(line.removedControls == 5)
        #expect(line.notice == "(Removed 5 control characters or escape sequences from that line.)")
    }

    @Test func aTabIsASpace() {
        #expect(TypedLine(screening: "goto\t2").usable == "goto 2")
    }

    @Test func aLineOfOnlyControlsIsNotAnEnter() {
        let line = TypedLine(screening: "\u{01}\u{02}\u{1B}[A")
        #expect(line.usable == nil)
        #expect(line.notice?.contains("only control characters") == true)
        #expect(TypedLine(screening: "").usable == "", "a real Enter still is one")
    }

    @Test func undecodableBytesAreReported() {
        let raw = String(decoding: [0x61, 0xFF, 0xFE, 0x62], as: UTF8.self)
        let line = TypedLine(screening: raw)
        #expect(line.usable == "a\u{FFFD}\u{FFFD}b")
        #expect(line.notice == "(2 characters were not valid UTF-8 and became �.)")
    }
}
