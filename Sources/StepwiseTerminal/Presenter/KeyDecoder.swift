/// Turns raw terminal input into ``Key``s.
///
/// Arrow and paging keys are escape sequences (`ESC [ C`, `ESC [ 5 ~`, or `ESC O C` in
/// application-cursor mode). A read can end in the middle of one, so an unfinished sequence is
/// kept for the next ``decode(_:)``; a lone ESC at the end of a read is the Escape key, because
/// terminals send a whole sequence in one write.
package struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []

    package init() {}

    package mutating func decode(_ bytes: some Sequence<UInt8>) -> [Key] {
        var input = pending + Array(bytes)
        pending = []
        var keys: [Key] = []
        var index = 0
        while index < input.count {
            let byte = input[index]
            guard byte == 0x1B else {
                let (key, length) = Self.plain(input, at: index)
                keys.append(key)
                index += length
                continue
            }
            switch Self.escapeSequence(input, at: index) {
            case .complete(let key, let length):
                keys.append(key)
                index += length
            case .incomplete:
                pending = Array(input[index...])
                input.removeAll()
                index = 0
            }
        }
        return keys
    }

    private enum Parse {
        case complete(Key, length: Int)
        case incomplete
    }

    /// A key that is not an escape sequence: control bytes, ASCII, or one UTF-8 character.
    private static func plain(_ input: [UInt8], at index: Int) -> (Key, Int) {
        let byte = input[index]
        switch byte {
        case 0x0D, 0x0A: return (.enter, 1)
        case 0x20: return (.space, 1)
        case 0x7F, 0x08: return (.backspace, 1)
        case 0x09: return (.tab, 1)
        case 0x03: return (.interrupt, 1)
        case 0x04: return (.endOfInput, 1)
        case 0x1A: return (.suspend, 1)
        case 0x00..<0x20: return (.unknown, 1)
        case 0x21..<0x7F: return (.character(Character(Unicode.Scalar(byte))), 1)
        default:
            // A multi-byte UTF-8 character: its length is in the lead byte.
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            let end = min(index + length, input.count)
            let text = String(decoding: input[index..<end], as: UTF8.self)
            return (text.first.map(Key.character) ?? .unknown, end - index)
        }
    }

    private static func escapeSequence(_ input: [UInt8], at index: Int) -> Parse {
        guard index + 1 < input.count else { return .complete(.escape, length: 1) }
        let introducer = input[index + 1]
        if introducer == UInt8(ascii: "O") {
            // SS3: the cursor keys in application mode, and Home/End on some terminals.
            guard index + 2 < input.count else { return .incomplete }
            return .complete(final(input[index + 2], parameter: nil), length: 3)
        }
        guard introducer == UInt8(ascii: "[") else {
            // Alt+key sends ESC then the key; the presenter reads it as Escape and drops the key.
            return .complete(.escape, length: 2)
        }
        // CSI: parameter bytes (digits, `;`) up to a final byte in 0x40...0x7E.
        var end = index + 2
        while end < input.count, (0x30...0x3F).contains(input[end]) || (0x20...0x2F).contains(input[end]) {
            end += 1
        }
        guard end < input.count else { return .incomplete }
        let parameters = String(decoding: input[(index + 2)..<end], as: UTF8.self)
        let first = parameters.split(separator: ";").first.flatMap { Int($0) }
        return .complete(final(input[end], parameter: first), length: end - index + 1)
    }

    private static func final(_ byte: UInt8, parameter: Int?) -> Key {
        switch byte {
        case UInt8(ascii: "A"): .up
        case UInt8(ascii: "B"): .down
        case UInt8(ascii: "C"): .right
        case UInt8(ascii: "D"): .left
        case UInt8(ascii: "H"): .home
        case UInt8(ascii: "F"): .end
        case UInt8(ascii: "~"):
            switch parameter {
            case 1, 7: .home
            case 4, 8: .end
            case 5: .pageUp
            case 6: .pageDown
            default: .unknown
            }
        default: .unknown
        }
    }
}
