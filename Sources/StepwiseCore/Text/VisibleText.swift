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
/// - Unicode bidirectional controls become their code point too: the embeddings and overrides
///   U+202A–U+202E, the isolates U+2066–U+2069 and the marks U+200E, U+200F and U+061C. They act
///   on what is shown no less than an escape does: an RLO makes the rest of a line display
///   backwards (on a terminal that implements bidi, in a browser, in an editor the text is
///   pasted into), so a snippet or a lesson could show code in an order other than the one the
///   compiler reads ("Trojan Source"). Shown as `<U+202E>`, nothing is reordered.
/// - Other characters that are invisible on purpose are shown the same way, as the learner
///   would otherwise copy or compare text with something unseen in it: the zero-width space
///   U+200B, the line and paragraph separators U+2028 and U+2029 (no terminal agrees on whether
///   they end a line, nor on how wide they are), the rest of U+2060–U+206F (word joiner,
///   invisible operators, deprecated format controls) and U+FEFF (a byte order mark anywhere
///   but at the start of a file, which the lesson loader already drops). Kept as they are:
///   the zero-width joiner U+200D and non-joiner U+200C, which emoji sequences (👩‍💻) and several
///   scripts need and which cannot reorder anything; combining marks and variation selectors,
///   which are part of the character they follow.
/// - `\n` and `\r\n` are line ends (except in ``Form/row``, where they would break a screen row).
/// - A tab is a tab in a document; on a terminal it becomes spaces to the next multiple of 8
///   columns of the text's own line, where the program's own terminal would have put it, so it
///   cannot jump over a presenter's cells.
///
/// Invalid UTF-8 never gets this far: bytes become a `String` by `String(decoding:as:)`, which
/// replaces them with U+FFFD (``init(decoding:)`` does that for raw bytes).
///
/// One pass over the UTF-8 bytes, no allocation for text that needs no change (the common
/// case): every character replaced is ASCII, the two-byte `C2 80`–`C2 9F` or `D8 9C`, or one of
/// the three-byte ones above, each matched from its lead byte; a Swift string is valid UTF-8, so
/// a byte-level pass cannot split a character.
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
        /// A code point shown for an invisible format character is written `&lt;U+202E&gt;`:
        /// the page is escaped text already, and a raw `<` would open a tag that hides it.
        package var escapesForHTML: Bool = false

        /// The terminal, line by line (the tutor, `list`, `check`, `run`, piped sessions).
        package static let terminal = Form(keepsLineEnds: true, expandsTabs: true, dropsControls: false)
        /// One row of a full screen (the presenter): not even a line end may move the cursor.
        package static let row = Form(keepsLineEnds: false, expandsTabs: true, dropsControls: false)
        /// A file a person reads (a Markdown handout): tabs stay tabs.
        package static let document = Form(keepsLineEnds: true, expandsTabs: false, dropsControls: false)
        /// An HTML page: controls are dropped; tabs and line ends stay. Bidirectional controls
        /// and the other invisible format characters are shown (escaped), not dropped: dropping
        /// an override would silently show the code in the compiler's order, where the reader
        /// should see that something was there.
        package static let html = Form(keepsLineEnds: true, expandsTabs: false, dropsControls: true, escapesForHTML: true)
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

    /// Columns a character shown by its code point takes (`<U+202E>`).
    package static let codePointColumns = 8

    /// Whether `scalar` is shown by its code point on a terminal (a C1 control, a bidirectional
    /// control or another invisible format character): text laid out before it is made visible
    /// counts ``codePointColumns`` for it, or a line that fitted would overflow once shown.
    package static func isShownByCodePoint(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x80...0x9F, 0x061C, 0x200B, 0x200E, 0x200F, 0x2028...0x202E, 0x2060...0x206F, 0xFEFF: true
        default: false
        }
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
                        out.putCodePoint(UInt32(next), escapingForHTML: false)
                        column += 8
                    }
                    index += 1
                } else if let format = invisibleFormat(in: bytes, at: index) {
                    out.putCodePoint(format.value, escapingForHTML: form.escapesForHTML)
                    column += 8
                    index += format.length - 1
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

        /// `<U+009B>`, or `&lt;U+202E&gt;` on an HTML page: four hex digits, as every code point
        /// shown is below U+10000. At most 14 bytes for a character of at least two.
        mutating func putCodePoint(_ value: UInt32, escapingForHTML: Bool) {
            for byte in (escapingForHTML ? "&lt;U+" : "<U+").utf8 { put(byte) }
            put(VisibleText.hexDigit(UInt8(value >> 12 & 0x0F)))
            put(VisibleText.hexDigit(UInt8(value >> 8 & 0x0F)))
            put(VisibleText.hexDigit(UInt8(value >> 4 & 0x0F)))
            put(VisibleText.hexDigit(UInt8(value & 0x0F)))
            for byte in (escapingForHTML ? "&gt;" : ">").utf8 { put(byte) }
        }
    }

    /// The invisible format character (see the type's comment) whose UTF-8 starts at `index`,
    /// with its length in bytes; nil for anything else.
    @inline(__always)
    private static func invisibleFormat(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, length: Int)? {
        let lead = bytes[index]
        guard lead == 0xE2 || lead == 0xD8 || lead == 0xEF, index + 1 < bytes.count else { return nil }
        let second = bytes[index + 1]
        if lead == 0xD8 { return second == 0x9C ? (0x061C, 2) : nil }
        guard index + 2 < bytes.count else { return nil }
        let third = bytes[index + 2]
        if lead == 0xEF { return second == 0xBB && third == 0xBF ? (0xFEFF, 3) : nil }
        let value = 0x2000 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)
        switch value {
        case 0x200B, 0x200E, 0x200F, 0x2028...0x202E, 0x2060...0x206F: return (value, 3)
        default: return nil
        }
    }

    /// JSON text with DEL, the C1 controls and the invisible format characters written as `\\u`
    /// escapes, as C0 controls already are: the same document for a parser, and nothing a
    /// terminal would obey (or reorder) when it is shown. Outside strings JSON is ASCII without
    /// controls, so every such byte is inside a string.
    package static func escapingControls(inJSON json: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(json.count)
        var index = 0
        while index < json.count {
            let byte = json[index]
            if let format = json.withUnsafeBufferPointer({ invisibleFormat(in: $0, at: index) }) {
                out.append(contentsOf: Array("\\u".utf8))
                for shift in [12, 8, 4, 0] { out.append(hexDigit(UInt8((format.value >> UInt32(shift)) & 0x0F), lowercase: true)) }
                index += format.length
                continue
            }
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
            } else if byte >= 0xD8, invisibleFormat(in: bytes, at: index) != nil {
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
