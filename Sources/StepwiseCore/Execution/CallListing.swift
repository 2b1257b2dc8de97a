/// The lines a `next()` call ran, shown in place in the snippet's source, as Python Tutor
/// marks the current line:
///
/// ```text
///   4 │     mutating func next() -> Int? {
/// ▶ 5 │         print("  next() runs with i = \(i)")
/// ▶ 6 │         guard i <= 5 else { return nil }
/// ```
///
/// From the line before the first line run to the line after the last, so the body's
/// signature and closing brace frame it; gaps of more than three unrun lines are elided.
package enum CallListing {
    package static func render(source: [String], linesRun: [Int], width: Int) -> [String] {
        guard let first = linesRun.first, let last = linesRun.last, !source.isEmpty else { return [] }
        let ran = Set(linesRun)
        let from = max(1, first - 1)
        let to = min(source.count, last + 1)
        let numberWidth = String(to).count
        var rows: [String] = []
        var line = from
        while line <= to {
            // A long stretch that did not run (another method between two that did) is one `⋮`.
            if !ran.contains(line), let next = ran.filter({ $0 > line }).min(), next - line > 3, line > from {
                rows.append(String(repeating: " ", count: numberWidth + 2) + "⋮")
                line = next - 1
                continue
            }
            let number = String(line)
            let mark = ran.contains(line) ? "▶ " : "  "
            var text = mark + String(repeating: " ", count: numberWidth - number.count) + number + " │ " + source[line - 1]
            if text.count > width { text = String(text.prefix(max(1, width - 1))) + "…" }
            rows.append(text)
            line += 1
        }
        return rows
    }
}
