/// Lays out two outputs in columns, as `compare` shows Python next to Swift.
package enum SideBySide {
    /// Renders `left` and `right` in two columns that fit `width` characters.
    ///
    /// The middle marker is `│` where the lines are equal and `≠` where they
    /// differ; long lines are cut with `…`. The first row holds the titles.
    package static func render(
        left: [String], right: [String], width: Int, leftTitle: String = "Python", rightTitle: String = "Swift"
    ) -> [String] {
        let column = max(4, (width - 3) / 2)
        var rows = [trimmedTrailing(fit(leftTitle, column) + "   " + fit(rightTitle, column))]
        for index in 0..<max(left.count, right.count) {
            let leftLine = index < left.count ? left[index] : ""
            let rightLine = index < right.count ? right[index] : ""
            let marker = index < left.count && index < right.count && leftLine == rightLine ? " │ " : " ≠ "
            rows.append(trimmedTrailing(fit(leftLine, column) + marker + fit(rightLine, column)))
        }
        return rows
    }

    /// Pads or cuts `text` to exactly `width` characters.
    static func fit(_ text: String, _ width: Int) -> String {
        let expanded = text.replacing("\t", with: "    ")
        if expanded.count <= width { return expanded + String(repeating: " ", count: width - expanded.count) }
        return String(expanded.prefix(width - 1)) + "…"
    }

    private static func trimmedTrailing(_ text: String) -> String {
        var copy = text
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
