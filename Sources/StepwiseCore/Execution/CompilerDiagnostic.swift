/// One error, warning or note from the Swift compiler, located in the text the
/// learner or author wrote (never in the code Stepwise generates around it).
package struct CompilerDiagnostic: Sendable, Hashable {
    package enum Severity: String, Sendable, Hashable {
        case error
        case warning
        case note
        case remark
    }

    /// Which piece of text a diagnostic refers to.
    package enum Region: String, Sendable, Hashable {
        /// The visible lines of the snippet (or an exercise's code): `line` is a visible line.
        case snippet
        /// A hidden line of the snippet: `line` is the line in the block as written.
        case hiddenSetup = "hidden setup"
        /// The hidden checks of an exercise: `line` is a line of the checks block.
        case checks
        /// A prompt entry: `line` is a line of the entry.
        case entry
        /// Code Stepwise generated, or output it could not attribute: `line` is 0.
        case generated
    }

    package var region: Region
    /// 1-based line in the region's own numbering; 0 when unknown.
    package var line: Int
    /// 1-based column in characters; 0 when unknown.
    package var column: Int
    package var severity: Severity
    package var message: String
    /// The text of the offending line, as the reader of that region sees it.
    package var sourceLine: String?
    /// The diagnostic group Swift 6.3 names at the end of the message (`[#SendingRisksDataRace]`),
    /// without its brackets; nil when the message names none.
    package var group: String?

    package init(
        region: Region, line: Int, column: Int, severity: Severity, message: String, sourceLine: String? = nil,
        group: String? = nil
    ) {
        self.region = region
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
        self.sourceLine = sourceLine
        self.group = group
    }

    /// The group named by a trailing ` [#Name]` (letters, digits, `-`, `_`), as the compiler
    /// appends it to a message.
    package static func groupName(in message: String) -> String? {
        guard message.hasSuffix("]"), let hash = message.lastIndex(of: "#"),
            message[..<hash].hasSuffix(" [")
        else { return nil }
        let name = message[message.index(after: hash)..<message.index(before: message.endIndex)]
        let allowed = name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return !name.isEmpty && allowed ? String(name) : nil
    }

    /// `snippet.swift:3:14: error: cannot convert ...` style header, with the region named for people.
    package var header: String {
        let place: String
        switch region {
        case .snippet: place = "line \(line)"
        case .hiddenSetup: place = "hidden setup line \(line)"
        case .checks: place = "checks line \(line)"
        case .entry: place = "line \(line)"
        case .generated: place = ""
        }
        let location = place.isEmpty ? "" : (column > 0 ? "\(place), column \(column): " : "\(place): ")
        return "\(location)\(severity.rawValue): \(message)"
    }

    /// Two lines quoting the offending line with a caret under the column:
    /// ```
    ///   3 | let q: Int = "x"
    ///     |              ^
    /// ```
    /// Nil when the line is unknown. Tabs before the column are kept so the caret lines up.
    package var excerpt: [String]? {
        guard let sourceLine, line > 0 else { return nil }
        let number = String(line)
        let gutter = String(repeating: " ", count: number.count)
        var caret = ""
        if column > 0 {
            for character in sourceLine.prefix(column - 1) {
                caret.append(character == "\t" ? "\t" : " ")
            }
            caret.append("^")
        }
        return [" \(number) | \(sourceLine)", " \(gutter) |" + (caret.isEmpty ? "" : " \(caret)")]
    }

    /// The header and excerpt, ready to print.
    package var rendered: String {
        ([header] + (excerpt ?? [])).joined(separator: "\n")
    }
}
