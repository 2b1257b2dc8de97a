/// A line as it arrived at the prompt, screened before the session acts on it.
///
/// A terminal or a pipe can deliver anything: a megabyte pasted by mistake, control
/// characters and escape sequences (which, echoed back in a message, would move the cursor or
/// retitle the window), bytes that are not UTF-8 (already turned into U+FFFD when the line
/// became a `String`). Screening keeps the session's answers short and its screen intact.
package struct TypedLine: Sendable, Equatable {
    /// Lines longer than this are ignored: nobody types a longer line, so it is a paste gone
    /// wrong, and compiling it (and echoing it in the compiler's errors) takes minutes.
    package static let maximumLength = 10_000

    /// The text to act on: controls and escape sequences removed, tabs as spaces; nil when
    /// the line is ignored.
    package let usable: String?
    /// Characters in the line as it arrived.
    package let length: Int
    /// Control characters and escape sequences removed (each sequence counts once).
    package let removedControls: Int
    /// U+FFFD characters: bytes that were not UTF-8, or the character itself.
    package let undecodable: Int

    package init(screening raw: String) {
        length = raw.count
        guard length <= Self.maximumLength else {
            usable = nil
            removedControls = 0
            undecodable = 0
            return
        }
        var kept = String.UnicodeScalarView()
        var removed = 0
        var undecodable = 0
        var scalars = raw.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x09:
                kept.append(" ")
            case 0x1B:
                removed += 1
                Self.skipEscapeSequence(&scalars)
            case 0x00...0x1F, 0x7F...0x9F:
                removed += 1
            case 0xFFFD:
                undecodable += 1
                kept.append(scalar)
            default:
                kept.append(scalar)
            }
        }
        let text = String(kept)
        // A line of nothing but controls is not an Enter (which would move on a step).
        usable = removed > 0 && text.allSatisfy({ $0 == " " }) ? nil : text
        removedControls = removed
        self.undecodable = undecodable
    }

    /// What the tutor says about the line before acting on it, if anything.
    package var notice: String? {
        if length > Self.maximumLength {
            return "That line is \(Self.grouped(length)) characters long; lines over "
                + "\(Self.grouped(Self.maximumLength)) characters are ignored. Longer code belongs in a snippet: `edit`."
        }
        var notes: [String] = []
        if removedControls > 0 {
            notes.append(
                usable == nil
                    ? "That line held only control characters or escape sequences; it was ignored."
                    : "Removed \(removedControls) control character\(removedControls == 1 ? "" : "s") or escape sequence\(removedControls == 1 ? "" : "s") from that line."
            )
        }
        if undecodable > 0 {
            notes.append("\(undecodable) character\(undecodable == 1 ? " was" : "s were") not valid UTF-8 and became �.")
        }
        return notes.isEmpty ? nil : "(" + notes.joined(separator: " ") + ")"
    }

    /// Skips the rest of an escape sequence after its ESC: CSI (`ESC [ … final`), OSC and other
    /// strings (`ESC ] … BEL` or `ESC \`), or one character (`ESC c`, Alt+key).
    private static func skipEscapeSequence(_ scalars: inout String.UnicodeScalarView.Iterator) {
        guard let introducer = scalars.next() else { return }
        switch introducer {
        case "[":
            while let next = scalars.next(), !(0x40...0x7E).contains(next.value) {}
        case "]", "P", "X", "^", "_":
            var previous: Unicode.Scalar?
            while let next = scalars.next() {
                if next == "\u{07}" || (previous == "\u{1B}" && next == "\\") { break }
                previous = next
            }
        default:
            break
        }
    }

    /// 1048576 → "1,048,576".
    static func grouped(_ number: Int) -> String {
        var digits = String(number)
        var groups: [Substring] = []
        while digits.count > 3 {
            groups.insert(Substring(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        return ([Substring(digits)] + groups).joined(separator: ",")
    }
}
