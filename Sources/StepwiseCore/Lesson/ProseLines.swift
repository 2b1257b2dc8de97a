/// Where a step's prose constructs are in the file. cmark gives paragraphs and HTML blocks no
/// line, so a warning about a table or a `<!-- tutor -->` marker finds its line here, by
/// reading the step's lines outside code fences.
struct ProseLines {
    /// The header line of each Markdown table, in order.
    var tableLines: [Int] = []
    /// Each `<!-- tutor -->` marker followed by nothing it can hide (a fence, a heading, HTML,
    /// another marker, or the end of the step).
    var misplacedMarkerLines: [Int] = []

    init(lines: [Substring], firstLine: Int) {
        var inFence = false
        var prose: [(line: Int, text: Substring)] = []
        for (offset, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " }
            let isFence = trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~")
            if isFence {
                inFence.toggle()
                // A fence opening is what follows a marker: keep it as a line that cannot be hidden.
                if inFence { prose.append((firstLine + offset, trimmed)) }
                continue
            }
            if !inFence { prose.append((firstLine + offset, trimmed)) }
        }
        for (index, entry) in prose.enumerated() {
            if entry.text.hasPrefix("|"), index + 1 < prose.count, Self.isTableRule(prose[index + 1].text),
                index == 0 || !prose[index - 1].text.hasPrefix("|")
            {
                tableLines.append(entry.line)
            }
            if entry.text.trimmingTrailingSpaces() == TutorOnlyText.marker {
                let next = prose[(index + 1)...].first { !$0.text.allSatisfy(\.isWhitespace) }
                if let next, Self.isHideable(next.text) { continue }
                misplacedMarkerLines.append(entry.line)
            }
        }
    }

    /// `|---|:--|` and the like.
    static func isTableRule(_ text: Substring) -> Bool {
        text.hasPrefix("|") && text.contains("-") && text.allSatisfy { "|-: ".contains($0) }
    }

    /// Prose a marker can hide: not a fence, a heading or HTML.
    static func isHideable(_ text: Substring) -> Bool {
        !(text.hasPrefix("```") || text.hasPrefix("~~~") || text.hasPrefix("#") || text.hasPrefix("<"))
    }
}

extension Substring {
    fileprivate func trimmingTrailingSpaces() -> Substring {
        var text = self
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return text
    }
}
