import StepwiseCore

/// The one place where the tutor's text is fitted to the window: prose breaks between words,
/// code keeps its indentation and breaks between tokens. Everything the tutor prints goes through
/// ``fit(_:width:)`` at the moment it is printed, with the width read then, so text laid out
/// before a resize (or built without knowing the width, like a step's result) still fits.
package enum Wrapping {
    /// Marks the second and later pieces of a code line cut to fit.
    package static let continuation = "↪ "

    // MARK: - Widths

    /// Columns a character takes on a terminal: two for wide East Asian characters and emoji,
    /// none for a combining mark alone, one otherwise (the control pictures such as `␛` too).
    /// A character that will be shown by its code point counts as the code point it becomes
    /// (`<U+202E>`), so prose laid out before it is made visible still fits.
    package static func columns(of character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        if VisibleText.isShownByCodePoint(scalar) { return VisibleText.codePointColumns }
        let value = scalar.value
        if value < 0x300 { return 1 }
        if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark {
            return 0
        }
        if character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
            0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
            0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA,
            0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757,
            0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
            0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
            0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A,
            0x1F200...0x1F2FF, 0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB,
            0x1F900...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// Columns `text` takes on a terminal.
    package static func columns(of text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + columns(of: $1) }
    }

    /// Columns a line of spans takes.
    package static func columns(of line: [Span]) -> Int {
        line.reduce(0) { $0 + columns(of: $1.text) }
    }

    /// The blanks a line starts with.
    package static func leadingSpaces(of line: [Span]) -> String {
        let plain: String = line.map(\.text).joined()
        return String(plain.prefix(while: { (character: Character) in character == " " }))
    }

    // MARK: - Fitting printed text

    /// `text` with every line that is wider than `width` wrapped: a line inside a box or a
    /// timeline (a `│ ` gutter near its start) as code, under its own gutter and indentation;
    /// any other line as prose, its continuation lines under its leading spaces plus two.
    /// Lines that fit are left exactly as they are.
    package static func fit(_ text: StyledText, width: Int) -> StyledText {
        let width = max(width, 8)
        var fitted = StyledText()
        for line in text.lines {
            let visible = line.map { Span(VisibleText.row($0.text), $0.style) }
            guard columns(of: visible) > width else {
                fitted.append(line)
                continue
            }
            if let gutter = gutter(of: visible) {
                let (head, body) = split(visible, at: gutter)
                let headWidth = columns(of: head)
                let indent = leadingSpaces(of: body)
                for (index, piece) in code(body, room: width - headWidth, indent: indent).enumerated() {
                    fitted.append((index == 0 ? head : gutterOnly(head)) + piece)
                }
            } else {
                let leading = leadingSpaces(of: visible)
                var rest = visible
                dropLeading(leading.count, from: &rest)
                fitted.append(prose(rest, width: width, indent: leading, hanging: leading + "  "))
            }
        }
        return fitted
    }

    /// Where a gutter (`│ `) ends, when one sits in the first 14 columns of the line.
    private static func gutter(of line: [Span]) -> Int? {
        let plain = line.map(\.text).joined()
        guard let range = plain.range(of: "│ ") else { return nil }
        let offset = plain.distance(from: plain.startIndex, to: range.upperBound)
        return columns(of: plain[..<range.lowerBound]) <= 12 ? offset : nil
    }

    /// The head of a line repeated on its continuation lines: blanks where the head had text
    /// (a timestamp is said once), the gutter itself kept.
    private static func gutterOnly(_ head: [Span]) -> [Span] {
        head.map { span in
            Span(span.text.map { $0 == "│" ? "│" : String(repeating: " ", count: columns(of: $0)) }.joined(), span.style)
        }
    }

    /// `line` cut after `offset` characters.
    private static func split(_ line: [Span], at offset: Int) -> (head: [Span], body: [Span]) {
        var head: [Span] = []
        var body: [Span] = []
        var remaining = offset
        for span in line {
            if remaining >= span.text.count {
                head.append(span)
                remaining -= span.text.count
            } else if remaining > 0 {
                head.append(Span(String(span.text.prefix(remaining)), span.style))
                body.append(Span(String(span.text.dropFirst(remaining)), span.style))
                remaining = 0
            } else {
                body.append(span)
            }
        }
        return (head, body)
    }

    private static func dropLeading(_ count: Int, from line: inout [Span]) {
        var remaining = count
        while remaining > 0, !line.isEmpty {
            let take = min(remaining, line[0].text.count)
            line[0].text = String(line[0].text.dropFirst(take))
            remaining -= take
            if line[0].text.isEmpty { line.removeFirst() }
        }
    }

    /// Short items (Tab's choices) two spaces apart, as many to a line as fit in `width`.
    package static func list(_ items: [String], width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for item in items {
            let shown = VisibleText.row(item)
            if !line.isEmpty, columns(of: line) + 2 + columns(of: shown) > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : "  ") + shown
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    // MARK: - Prose

    /// Word-wraps spans to `width`; `indent` starts the first line, `hanging` the others.
    /// A word may be made of several spans (`` `i`, `` is code then a comma): it never breaks
    /// inside, unless it is longer than a whole line (a URL), which is cut.
    package static func prose(_ spans: [Span], width: Int, indent: String, hanging: String) -> StyledText {
        struct Word {
            var pieces: [Span] = []
            var spaceBefore = false
            var spaceStyle = TextStyle.plain
            var isLineBreak = false
            var width: Int { Wrapping.columns(of: pieces) }
        }
        var words: [Word] = []
        var current = Word()
        var sawSpace = false
        var spaceStyle = TextStyle.plain
        func finishWord() {
            if !current.pieces.isEmpty { words.append(current) }
            current = Word()
        }
        for span in spans {
            if span.text == "\n" {
                finishWord()
                words.append(Word(isLineBreak: true))
                sawSpace = false
                continue
            }
            var piece = ""
            for character in span.text {
                if character == " " || character == "\n" {
                    if !piece.isEmpty { current.pieces.append(Span(piece, span.style)) }
                    piece = ""
                    finishWord()
                    sawSpace = true
                    spaceStyle = span.style.isUnderlined ? .plain : span.style
                } else {
                    if current.pieces.isEmpty, piece.isEmpty {
                        current.spaceBefore = sawSpace
                        current.spaceStyle = spaceStyle
                        sawSpace = false
                    }
                    piece.append(character)
                }
            }
            if !piece.isEmpty { current.pieces.append(Span(piece, span.style)) }
        }
        finishWord()

        var text = StyledText()
        var line: [Span] = [Span(indent)]
        var column = columns(of: indent)
        var lineHasWords = false
        func breakLine() {
            text.append(line)
            line = [Span(hanging)]
            column = columns(of: hanging)
            lineHasWords = false
        }
        for word in words {
            if word.isLineBreak {
                breakLine()
                continue
            }
            let space = word.spaceBefore && lineHasWords ? 1 : 0
            if lineHasWords, column + space + word.width > width {
                breakLine()
            } else if space == 1 {
                line.append(Span(" ", word.spaceStyle))
                column += 1
            }
            for piece in word.pieces {
                var remaining = Substring(piece.text)
                while column + columns(of: remaining) > width, width - column > 0,
                    columns(of: remaining) > width - columns(of: hanging)
                {
                    let cut = prefix(of: remaining, columns: width - column)
                    if cut.isEmpty { break }
                    line.append(Span(String(cut), piece.style))
                    remaining = remaining.dropFirst(cut.count)
                    breakLine()
                }
                line.append(Span(String(remaining), piece.style))
                column += columns(of: remaining)
            }
            lineHasWords = true
        }
        if lineHasWords || text.lines.isEmpty { text.append(line) }
        return text
    }

    // MARK: - Code

    /// A code line cut into pieces of at most `room` columns. Each cut falls after a space or a
    /// punctuation character, never inside an identifier or a number (unless one token is wider
    /// than the room); continuation pieces start with the line's own `indent` and ``continuation``.
    package static func code(_ line: [Span], room: Int, indent: String = "") -> [[Span]] {
        guard columns(of: line) > room else { return [line] }
        // Characters with their styles, so a cut can fall anywhere and keep the colours.
        let characters: [(Character, TextStyle)] = line.flatMap { span in span.text.map { ($0, span.style) } }
        let lead = indent.count + continuation.count < room / 2 ? indent : ""
        var pieces: [[Span]] = []
        var start = 0
        var first = true
        while start < characters.count {
            let prefixWidth = first ? 0 : columns(of: lead) + columns(of: continuation)
            let space = max(1, room - prefixWidth)
            var end = start
            var used = 0
            while end < characters.count, used + columns(of: characters[end].0) <= space {
                used += columns(of: characters[end].0)
                end += 1
            }
            // A character wider than the room still goes somewhere: alone on its piece.
            if end == start { end = start + 1 }
            if end < characters.count {
                // Back up to the last boundary: after a space or punctuation, or before punctuation.
                var cut = end
                while cut > start + 1, !isBoundary(before: characters[cut].0, after: characters[cut - 1].0) { cut -= 1 }
                if cut > start + 1 { end = cut }
            }
            var piece: [Span] = first ? [] : [Span(lead), Span(continuation, .dim)]
            var index = start
            if !first {
                // A continuation does not start with the blanks the cut fell on.
                while index < end - 1, characters[index].0 == " " { index += 1 }
            }
            // Nor does a piece end with them, when more follows.
            var stop = end
            while end < characters.count, stop > index + 1, characters[stop - 1].0 == " " { stop -= 1 }
            for (character, style) in characters[index..<stop] {
                if let last = piece.last, last.style == style, !(piece.count <= 2 && !first) {
                    piece[piece.count - 1].text.append(character)
                } else {
                    piece.append(Span(String(character), style))
                }
            }
            pieces.append(piece)
            start = end
            first = false
        }
        return pieces
    }

    /// Whether a code line may be cut between `after` and `before`.
    private static func isBoundary(before: Character, after: Character) -> Bool {
        func isWord(_ character: Character) -> Bool { character.isLetter || character.isNumber || character == "_" }
        return !(isWord(after) && isWord(before))
    }

    /// The longest start of `text` that fits in `columns`.
    private static func prefix(of text: Substring, columns room: Int) -> Substring {
        var used = 0
        var end = text.startIndex
        while end < text.endIndex, used + columns(of: text[end]) <= room {
            used += columns(of: text[end])
            end = text.index(after: end)
        }
        return text[..<end]
    }
}
