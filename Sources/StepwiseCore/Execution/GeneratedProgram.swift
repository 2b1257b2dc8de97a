/// The Swift files Stepwise compiles for a snippet: `main.swift` holds the
/// author's or learner's text under `#sourceLocation` directives, and
/// `stepwise-support.swift` holds the hidden prelude (in its own file so that
/// its `import Glibc` does not leak names into the snippet).
///
/// A single `#sourceLocation(file:line: 1)` precedes each piece of user text and
/// none appear inside it: the directive is only legal between statements, and a
/// hidden line may sit in the middle of an expression. Compiler locations are
/// therefore in *program* lines, which ``locate(file:line:byteColumn:)`` maps back.
struct GeneratedProgram: Sendable, Hashable {
    static let mainFileName = "main.swift"
    static let supportFileName = "stepwise-support.swift"

    /// One piece of user text and how to report locations in it.
    struct Segment: Sendable, Hashable {
        var region: CompilerDiagnostic.Region
        var source: SnippetSource
        /// Characters Stepwise inserted before the first line (such as `__show(`).
        var firstLineShift: Int
    }

    var main: String
    var support: String
    /// Keyed by the file name given to `#sourceLocation`.
    var segments: [String: Segment]

    /// What a compiler location refers to, in the reader's numbering.
    func locate(file: String, line: Int, byteColumn: Int) -> (region: CompilerDiagnostic.Region, line: Int, column: Int, text: String?) {
        guard let segment = segments[file], let programText = segment.source.programLineText(line) else {
            return (.generated, 0, 0, nil)
        }
        var column = byteColumn
        if line == 1 { column = max(1, column - segment.firstLineShift) }
        column = Self.characterColumn(in: programText, byteColumn: column)
        switch segment.region {
        case .snippet:
            if let visible = segment.source.visibleLine(forProgramLine: line) {
                return (.snippet, visible, column, programText)
            }
            return (.hiddenSetup, line, column, programText)
        default:
            return (segment.region, line, column, programText)
        }
    }

    /// The compiler counts columns in UTF-8 bytes; people count characters.
    static func characterColumn(in text: String, byteColumn: Int) -> Int {
        guard byteColumn > 1 else { return max(byteColumn, 0) }
        let bytes = Array(text.utf8)
        let prefix = bytes.prefix(byteColumn - 1)
        return String(decoding: prefix, as: UTF8.self).count + 1
    }

    /// The text hashed into the cache key.
    var cacheIdentity: String {
        main + "\u{0}" + support
    }
}

/// Assembles a ``GeneratedProgram`` piece by piece.
struct ProgramBuilder {
    private var mainLines: [String] = ["__stepwiseBegin()"]
    private var supportParts: [String] = [SupportCode.base]
    private var segments: [String: GeneratedProgram.Segment] = [:]

    /// Adds user text as its own pseudo-file, so diagnostics name it.
    mutating func addUserCode(
        _ source: SnippetSource, file: String, region: CompilerDiagnostic.Region,
        prefix: String = "", suffix: String = ""
    ) {
        var lines = source.lines.map(\.text)
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
