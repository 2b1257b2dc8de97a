import Testing

@testable import StepwiseTerminal

@Suite(.tags(.fast)) struct KeyDecoderTests {
    func keys(_ bytes: [UInt8]) -> [Key] {
        var decoder = KeyDecoder()
        return decoder.decode(bytes)
    }

    func keys(_ text: String) -> [Key] {
        keys(Array(text.utf8))
    }

    @Test(arguments: [
        ("\u{1B}[A", Key.up), ("\u{1B}[B", .down), ("\u{1B}[C", .right), ("\u{1B}[D", .left),
        ("\u{1B}OC", .right), ("\u{1B}OD", .left), ("\u{1B}[H", .home), ("\u{1B}[F", .end),
        ("\u{1B}[1~", .home), ("\u{1B}[4~", .end), ("\u{1B}[5~", .pageUp), ("\u{1B}[6~", .pageDown),
        ("\u{1B}[1;5C", .right), ("\u{1B}[3~", .unknown), ("\u{1B}[15~", .unknown),
    ])
    func decodesEscapeSequences(sequence: String, key: Key) {
        #expect(keys(sequence) == [key])
    }

    @Test(arguments: [
        ([UInt8(0x0D)], Key.enter), ([0x0A], .enter), ([0x20], .space), ([0x7F], .backspace), ([0x08], .backspace),
        ([0x03], .interrupt), ([0x04], .endOfInput), ([0x1A], .suspend), ([0x09], .tab), ([0x01], .unknown),
        ([UInt8(ascii: "q")], .character("q")), ([UInt8(ascii: "R")], .character("R")),
    ])
    func decodesSingleBytes(bytes: [UInt8], key: Key) {
        #expect(keys(bytes) == [key])
    }

    @Test func decodesSeveralKeysInOneRead() {
        #expect(keys("r\u{1B}[Cq") == [.character("r"), .right, .character("q")])
        #expect(keys("\u{1B}[5~\u{1B}[6~ ") == [.pageUp, .pageDown, .space])
    }

    @Test func aLoneEscapeAtTheEndOfAReadIsTheEscapeKey() {
        #expect(keys("\u{1B}") == [.escape])
        #expect(keys("x\u{1B}") == [.character("x"), .escape])
    }

    @Test func altAndAKeyIsReadAsEscape() {
        #expect(keys("\u{1B}x") == [.escape])
    }

    @Test func aSequenceSplitAcrossReadsIsKeptUntilItEnds() {
        var decoder = KeyDecoder()
        #expect(decoder.decode(Array("\u{1B}[".utf8)) == [])
        #expect(decoder.decode(Array("5".utf8)) == [])
        #expect(decoder.decode(Array("~n".utf8)) == [.pageUp, .character("n")])
        #expect(decoder.decode(Array("\u{1B}O".utf8)) == [])
        #expect(decoder.decode(Array("D".utf8)) == [.left])
    }

    @Test func decodesMultiByteCharacters() {
        #expect(keys("é→") == [.character("é"), .character("→")])
    }
}
