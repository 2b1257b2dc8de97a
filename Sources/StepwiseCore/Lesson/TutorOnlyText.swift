import Foundation

/// Text meant only for the interactive tutor, such as "Type `run`, then `compare`.".
///
/// The presenter answers keys, not typed commands, and a handout already prints every output
/// under its snippet, so there such sentences are wrong or noise. An author marks them with an
/// HTML comment on the line before, which GitHub and other Markdown viewers do not show:
///
///     <!-- tutor -->
///     Type `run`, then `compare`.
///
/// The marker applies to the one block that follows it (a paragraph, list or quote).
package enum TutorOnlyText {
    package static let marker = "<!-- tutor -->"

    package static func isMarker(_ block: MarkdownBlock) -> Bool {
        if case .html(let html) = block {
            return html.trimmingCharacters(in: .whitespacesAndNewlines) == marker
        }
        return false
    }

    /// `blocks` without the markers and the blocks they mark, inside lists and quotes too.
    package static func removing(from blocks: [MarkdownBlock]) -> [MarkdownBlock] {
        var kept: [MarkdownBlock] = []
        var dropsNext = false
        for block in blocks {
            if isMarker(block) {
                dropsNext = true
                continue
            }
            if dropsNext {
                dropsNext = false
                if isMarkable(block) { continue }
            }
            switch block {
            case .list(let ordered, let start, let items):
                kept.append(.list(ordered: ordered, start: start, items: items.map(removing(from:))))
            case .blockQuote(let inner):
                kept.append(.blockQuote(removing(from: inner)))
            default:
                kept.append(block)
            }
        }
        return kept
    }

    /// Only prose can be tutor-only: a handout must show every snippet, and hiding a heading
    /// or a `<details>` tag would tear the lesson's structure.
    static func isMarkable(_ block: MarkdownBlock) -> Bool {
        switch block {
        case .paragraph, .list, .blockQuote, .thematicBreak: true
        case .heading, .code, .html: false
        }
    }

    /// Markers followed by something they cannot hide (see ``isMarkable(_:)``), or by nothing.
    static func misplacedMarkers(in blocks: [MarkdownBlock]) -> Int {
        var count = 0
        for (index, block) in blocks.enumerated() where isMarker(block) {
            let next = blocks.indices.contains(index + 1) ? blocks[index + 1] : nil
            if !(next.map(isMarkable) ?? false) { count += 1 }
        }
        for block in blocks {
            switch block {
            case .list(_, _, let items): count += items.map(misplacedMarkers(in:)).reduce(0, +)
            case .blockQuote(let inner): count += misplacedMarkers(in: inner)
            default: break
            }
        }
        return count
    }
}
