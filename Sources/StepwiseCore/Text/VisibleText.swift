/// Text from outside the tutor (a snippet's output, a lesson file, the compiler, python3) made
/// safe to show: nothing in it can act on the terminal, the presenter's screen or a handout.
///
/// A terminal obeys some characters instead of showing them: ESC starts a sequence that sets the
/// window title (OSC 0), writes the clipboard (OSC 52), clears the screen or moves the cursor
/// (CSI); the 8-bit C1 controls U+0080–U+009F do the same on terminals that read them; a lone
/// `\r` or a backspace overwrites what is already on the line; a NUL ends the text for any C
/// function that is handed it. Each of those is replaced by a visible stand-in, so a learner
/// sees what the program printed without it acting:
///
/// - C0 controls and DEL become their Unicode Control Pictures (`␛`, `␇`, `␀`, `␈`, `␍`, `␡`):
///   `ESC ] 0 ; PWNED BEL` reads `␛]0;PWNED␇`. The bytes of a sequence after its ESC are
///   printable already, so replacing the ESC (and any control inside) disarms all of it.
/// - C1 controls, which have no pictures, become their code point: `<U+009B>`.
/// - `\n` and `\r\n` are line ends (except in ``Form/row``, where they would break a screen row).
/// - A tab is a tab in a document; on a terminal it becomes spaces to the next multiple of 8
///   columns of the text's own line, where the program's own terminal would have put it, so it
///   cannot jump over a presenter's cells.
///
/// Invalid UTF-8 never gets this far: bytes become a `String` by `String(decoding:as:)`, which
/// replaces them with U+FFFD (``init(decoding:)`` does that for raw bytes).
///
/// One pass over the UTF-8 bytes, no allocation for text that needs no change (the common
/// case): every character replaced is ASCII or the two-byte `C2 80`–`C2 9F`, and a Swift string
/// is valid UTF-8, so a byte-level pass cannot split a character.
package enum VisibleText {
    /// Where the text goes, which decides what a line end and a tab become.
    package struct Form: Sendable, Equatable {
        /// `\n` and `\r\n` stay line ends; otherwise `\n` is shown as `␊`.
        package var keepsLineEnds: Bool
        /// Tabs become spaces to the next multiple of ``tabWidth``.
        package var expandsTabs: Bool
        /// Controls are left out instead of shown (HTML: the page is escaped text already, and a
        /// browser shows nothing useful for a control anyway).
        package var dropsControls: Bool

        /// The terminal, line by line (the tutor, `list`, `check`, `run`, piped sessions).
        package static let terminal = Form(keepsLineEnds: true, expandsTabs: true, dropsControls: false)
        /// One row of a full screen (the presenter): not even a line end may move the cursor.
        package static let row = Form(keepsLineEnds: false, expandsTabs: true, dropsControls: false)
        /// A file a person reads (a Markdown handout): tabs stay tabs.
        package static let document = Form(keepsLineEnds: true, expandsTabs: false, dropsControls: false)
        /// An HTML page: controls are dropped; tabs and line ends stay.
        package static let html = Form(keepsLineEnds: true, expandsTabs: false, dropsControls: true)
    }

    package static let tabWidth = 8

    /// `text` for a terminal: see ``Form/terminal``.
    package static func terminal(_ text: String) -> String { shown(text, as: .terminal) }

    /// `text` for one screen row: see ``Form/row``.
    package static func row(_ text: String) -> String { shown(text, as: .row) }

    /// `text` for a Markdown file: see ``Form/document``.
    package static func document(_ text: String) -> String { shown(text, as: .document) }

    /// `text` for an HTML page (after HTML escaping): see ``Form/html``.
    package static func html(_ text: String) -> String { shown(text, as: .html) }

    /// Raw bytes (a program's output) as visible terminal text; invalid UTF-8 becomes U+FFFD.
    package static func terminal(decoding bytes: some Collection<UInt8>) -> String {
        terminal(String(decoding: bytes, as: UTF8.self))
    }

    /// Whether `text` has anything that ``shown(_:as:)`` would change.
    package static func needsChange(_ text: String, as form: Form) -> Bool {
        var copy = text
        return copy.withUTF8 { firstChange(in: $0, form: form) != nil }
    }

    /// `text` with every control made visible (or dropped) as `form` says.
    package static func shown(_ text: String, as form: Form) -> String {
        var copy = text
        return copy.withUTF8 { bytes -> String in
            guard let first = firstChange(in: bytes, form: form) else { return text }
            // The most a byte can become is a tab's spaces; one buffer of that size is written
            // through directly (an array's append checks its capacity and uniqueness per byte,
            // ten times slower on a flood of controls).
            var out = Output(capacity: bytes.count * tabWidth + 8)
            defer { out.buffer.deallocate() }
            for index in 0..<first { out.put(bytes[index]) }
            var column = columns(in: bytes[..<first])
            var index = first
            while index < bytes.count {
                let byte = bytes[index]
                let next: UInt8? = index + 1 < bytes.count ? bytes[index + 1] : nil
                if byte == 0x0A, form.keepsLineEnds {
                    out.put(byte)
                    column = 0
                } else if byte == 0x0D, next == 0x0A, form.keepsLineEnds {
                    // `\r\n` is a line end as a file on Windows or a terminal in raw mode writes it.
                    out.put(0x0A)
                    column = 0
                    index += 1
                } else if byte == 0x09 {
                    if form.expandsTabs {
                        let spaces = tabWidth - column % tabWidth
                        for _ in 0..<spaces { out.put(0x20) }
                        column += spaces
                    } else {
                        out.put(byte)
                        column += 1
                    }
                } else if byte < 0x20 || byte == 0x7F {
                    if !form.dropsControls {
                        // U+2400 + the control (U+2421 for DEL): E2 90 80+n, or E2 90 A1.
                        out.put(0xE2)
                        out.put(0x90)
                        out.put(byte == 0x7F ? 0xA1 : 0x80 + byte)
                        column += 1
                    }
                } else if byte == 0xC2, let next, (0x80...0x9F).contains(next) {
                    if !form.dropsControls {
                        // `<U+009B>`
                        for character in [UInt8(ascii: "<"), UInt8(ascii: "U"), UInt8(ascii: "+"), 0x30, 0x30] { out.put(character) }
                        out.put(hexDigit(next >> 4))
                        out.put(hexDigit(next & 0x0F))
                        out.put(UInt8(ascii: ">"))
                        column += 8
                    }
                    index += 1
                } else {
                    out.put(byte)
                    // Continuation bytes belong to the character already counted.
                    if byte & 0xC0 != 0x80 { column += 1 }
                }
                index += 1
            }
            return String(decoding: UnsafeBufferPointer(rebasing: out.buffer[..<out.count]), as: UTF8.self)
        }
    }

    /// Where ``shown(_:as:)`` writes: a buffer as large as the text can become.
    private struct Output {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var count = 0

        init(capacity: Int) {
            buffer = UnsafeMutableBufferPointer.allocate(capacity: capacity)
        }

        @inline(__always)
        mutating func put(_ byte: UInt8) {
            buffer[count] = byte
            count += 1
        }
    }

    /// JSON text with DEL and the C1 controls written as `\\u` escapes, as C0 controls already
    /// are: the same document for a parser, and nothing a terminal would obey when it is shown.
    /// Outside strings JSON is ASCII without controls, so every such byte is inside a string.
    package static func escapingControls(inJSON json: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(json.count)
        var index = 0
        while index < json.count {
            let byte = json[index]
            if byte == 0x7F {
                out.append(contentsOf: Array("\\u007f".utf8))
            } else if byte == 0xC2, index + 1 < json.count, (0x80...0x9F).contains(json[index + 1]) {
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hexDigit(json[index + 1] >> 4, lowercase: true))
                out.append(hexDigit(json[index + 1] & 0x0F, lowercase: true))
                index += 1
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }

    /// The index of the first byte that `form` changes, or nil when the text can go as it is.
    private static func firstChange(in bytes: UnsafeBufferPointer<UInt8>, form: Form) -> Int? {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 {
                switch byte {
                case 0x0A where form.keepsLineEnds: break
                case 0x09 where !form.expandsTabs: break
                default: return index
                }
            } else if byte == 0x7F {
                return index
            } else if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Columns taken since the last line end, for tab stops: one per character.
    private static func columns(in bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> Int {
        var count = 0
        for byte in bytes.reversed() {
            if byte == 0x0A { break }
            if byte & 0xC0 != 0x80 { count += 1 }
        }
        return count
    }

    /// The ASCII hex digit for a value 0...15.
    private static func hexDigit(_ value: UInt8, lowercase: Bool = false) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : (lowercase ? UInt8(ascii: "a") : UInt8(ascii: "A")) + value - 10
    }
}
