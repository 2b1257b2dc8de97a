/// Assembles a ``GeneratedProgram`` piece by piece.
struct ProgramBuilder {
    private var mainLines: [String] = ["__stepwiseBegin()"]
    private var supportParts: [String] = [SupportCode.base]
    private var segments: [String: GeneratedProgram.Segment] = [:]

    /// Adds user text as its own pseudo-file, so diagnostics name it.
    mutating func addUserCode(
        _ source: SnippetSource, file: String, region: CompilerDiagnostic.Region,
        prefix: String = "", suffix: String = "", rewritten: [String]? = nil
    ) {
        // A rewrite keeps one line per program line, so locations still map through `source`.
        var lines = rewritten ?? source.lines.map(\.text)
        if lines.isEmpty { lines = [""] }
        lines[0] = prefix + lines[0]
        lines[lines.count - 1] += suffix
        mainLines.append("#sourceLocation(file: \"\(file)\", line: 1)")
        mainLines.append(contentsOf: lines)
        mainLines.append("#sourceLocation()")
        segments[file] = GeneratedProgram.Segment(region: region, source: source, firstLineShift: prefix.count)
    }

    /// Adds generated lines to `main.swift` (outside any user segment).
    mutating func addGenerated(_ code: String) {
        mainLines.append(code)
    }

    /// Adds declarations to the support file.
    mutating func addSupport(_ code: String) {
        supportParts.append(code)
    }

    func build() -> GeneratedProgram {
        GeneratedProgram(
            main: mainLines.joined(separator: "\n") + "\n",
            support: supportParts.joined(separator: "\n") + "\n",
            segments: segments)
    }
}
