/// A text taller than the window, shown one screen at a time: the first screen starts at the
/// text's top (a step's title), Space or Enter shows the next, `q` stops. The last row of the
/// window is left for the question, so nothing a screen shows scrolls away before it is read.
///
/// Like the presenter's ``Pager`` it performs nothing: each key returns the ``Screen`` to print,
/// and a small driver reads the keys and prints.
package struct ScreenPager: Sendable, Equatable {
    package enum Key: Sendable, Equatable {
        case more
        case stop
        case other

        /// Space and Enter (either line end) ask for more; `q`, Escape and Ctrl-C stop.
        package init(byte: UInt8) {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "j"): self = .more
            case UInt8(ascii: "q"), UInt8(ascii: "Q"), 0x1B, 0x03, 0x04: self = .stop
            default: self = .other
            }
        }
    }

    /// What to print after a key.
    package struct Screen: Sendable, Equatable {
        package var lines: [String]
        /// More is to come: ask before printing it.
        package var asksForMore: Bool
        /// `q` left lines unshown.
        package var stoppedEarly: Bool
    }

    package let lines: [String]
    /// Lines one screen holds: the window's rows less the question's.
    package let pageHeight: Int
    package private(set) var shown = 0
    package private(set) var isFinished = false

    package init(lines: [String], rows: Int) {
        self.lines = lines
        pageHeight = max(1, rows - 1)
    }

    /// Whether the text is taller than the window and needs paging at all.
    package static func needsPaging(lineCount: Int, rows: Int) -> Bool { lineCount > max(1, rows - 1) }

    /// The first screen, from the top.
    package mutating func start() -> Screen {
        shown = 0
        isFinished = false
        return nextScreen()
    }

    package mutating func press(_ key: Key) -> Screen {
        guard !isFinished else { return Screen(lines: [], asksForMore: false, stoppedEarly: false) }
        switch key {
        case .more:
            return nextScreen()
        case .stop:
            isFinished = true
            return Screen(lines: [], asksForMore: false, stoppedEarly: shown < lines.count)
        case .other:
            return Screen(lines: [], asksForMore: true, stoppedEarly: false)
        }
    }

    private mutating func nextScreen() -> Screen {
        let page = Array(lines[shown..<min(lines.count, shown + pageHeight)])
        shown += page.count
        isFinished = shown >= lines.count
        return Screen(lines: page, asksForMore: !isFinished, stoppedEarly: false)
    }
}
