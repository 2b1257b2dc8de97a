/// The `key: value` block between `---` lines at the top of a lesson file.
public struct FrontMatter: Sendable, Equatable {
    public static let knownKeys = ["id", "title", "summary", "order"]

    public var values: [String: String] = [:]
    /// Lines the block occupied (including both `---` lines), 0 when absent.
    public var lineCount = 0

    public init(values: [String: String] = [:], lineCount: Int = 0) {
        self.values = values
        self.lineCount = lineCount
    }

    /// Reads the block at the top of `text`, reporting unknown keys and malformed lines.
    public static func parse(_ text: String, file: String, diagnostics: inout [Diagnostic]) -> FrontMatter? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingTrailingWhitespace() == "---" else { return nil }
        var matter = FrontMatter()
        for (index, rawLine) in lines.enumerated().dropFirst() {
            let lineNumber = index + 1
            let line = rawLine.trimmingTrailingWhitespace()
            if line == "---" {
                matter.lineCount = lineNumber
                return matter
            }
            if line.trimmingLeadingWhitespace().isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                diagnostics.append(.error(at: SourceLocation(file: file, line: lineNumber), "front matter line is not 'key: value'"))
                continue
            }
            let key = String(line[..<colon]).trimmingLeadingWhitespace()
            let value = String(line[line.index(after: colon)...]).trimmingLeadingWhitespace()
            guard knownKeys.contains(key) else {
                var message = "unknown front matter key '\(key)'"
                if let suggestion = NearMiss.bestMatch(for: key, in: knownKeys) {
                    message += "; did you mean '\(suggestion)'?"
                }
                diagnostics.append(.error(at: SourceLocation(file: file, line: lineNumber), message))
                continue
            }
            matter.values[key] = value.unquoted()
        }
        diagnostics.append(.error(at: SourceLocation(file: file, line: 1), "front matter is never closed: add a '---' line after it"))
        return nil
    }
}
