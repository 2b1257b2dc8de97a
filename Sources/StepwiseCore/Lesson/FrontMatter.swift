/// The `key: value` block between `---` lines at the top of a lesson file.
package struct FrontMatter: Sendable, Equatable {
    package static let knownKeys = ["id", "title", "summary", "order"]

    package var values: [String: String] = [:]
    /// Lines the block occupied (including both `---` lines), 0 when absent.
    package var lineCount = 0
    /// The 1-based line each key was written on, so a bad value is reported where it is.
    package var keyLines: [String: Int] = [:]

    package init(values: [String: String] = [:], lineCount: Int = 0, keyLines: [String: Int] = [:]) {
        self.values = values
        self.lineCount = lineCount
        self.keyLines = keyLines
    }

    /// Whether the file starts the way front matter does (a `---` line), closed or not.
    package static func isOpened(by text: String) -> Bool {
        let firstLine = text.prefix { $0 != "\n" }
        return firstLine.trimmingTrailingWhitespace() == "---"
    }

    /// Reads the block at the top of `text`, reporting unknown keys and malformed lines.
    package static func parse(_ text: String, file: String, diagnostics: inout [Diagnostic]) -> FrontMatter? {
        guard isOpened(by: text) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // Without a closing line there is no telling where the block was meant to end: one
        // error, rather than one for every line of the lesson below it.
        guard let closing = lines.indices.dropFirst().first(where: { lines[$0].trimmingTrailingWhitespace() == "---" }) else {
            diagnostics.append(.error(at: SourceLocation(file: file, line: 1), "front matter is never closed: add a '---' line after it"))
            return nil
        }
        var matter = FrontMatter(lineCount: closing + 1)
        for index in 1..<closing {
            let lineNumber = index + 1
            let line = lines[index].trimmingTrailingWhitespace()
            if line.trimmingLeadingWhitespace().isEmpty || line.hasPrefix("#") { continue }
            let at = SourceLocation(file: file, line: lineNumber)
            guard let colon = line.firstIndex(of: ":") else {
                diagnostics.append(.error(at: at, "front matter line is not 'key: value'"))
                continue
            }
            let key = String(line[..<colon]).trimmingLeadingWhitespace()
            let value = String(line[line.index(after: colon)...]).trimmingLeadingWhitespace()
            guard knownKeys.contains(key) else {
                var message = "unknown front matter key \(Diagnostic.quoted(key))"
                if let suggestion = NearMiss.bestMatch(for: key, in: knownKeys) {
                    message += "; did you mean '\(suggestion)'?"
                }
                diagnostics.append(.error(at: at, message))
                continue
            }
            if let first = matter.keyLines[key] {
                diagnostics.append(.error(at: at, "front matter key '\(key)' is already set on line \(first)"))
                continue
            }
            matter.values[key] = value.unquoted()
            matter.keyLines[key] = lineNumber
        }
        return matter
    }
}
