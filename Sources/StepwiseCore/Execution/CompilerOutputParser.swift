/// Reads `-diagnostic-style llvm` compiler output into ``CompilerDiagnostic``s.
///
/// Only header lines (`FILE:LINE:COL: SEVERITY: MESSAGE`) are read; the source
/// excerpts the compiler prints under them quote generated code and are
/// dropped. A header is only trusted when FILE is one of the program's own
/// files, so a quoted source line that happens to look like a header is ignored.
enum CompilerOutputParser {
    static func parse(_ lines: [String], program: GeneratedProgram) -> [CompilerDiagnostic] {
        let knownFiles = Set(program.segments.keys).union([GeneratedProgram.mainFileName, GeneratedProgram.supportFileName])
        var diagnostics: [CompilerDiagnostic] = []
        for line in lines {
            if let header = parseHeader(line), knownFiles.contains(lastPathComponent(header.file)) || header.file.isEmpty {
                let place = program.locate(file: lastPathComponent(header.file), line: header.line, byteColumn: header.column)
                diagnostics.append(
                    CompilerDiagnostic(
                        region: place.region, line: place.line, column: place.column,
                        severity: header.severity, message: header.message, sourceLine: place.text,
                        group: CompilerDiagnostic.groupName(in: header.message)))
            }
        }
        // Errors in generated code that follow an error in user code are consequences of it.
        if diagnostics.contains(where: { $0.region != .generated && $0.severity == .error }) {
            diagnostics.removeAll { $0.region == .generated }
        }
        return diagnostics
    }

    struct Header {
        var file: String
        var line: Int
        var column: Int
        var severity: CompilerDiagnostic.Severity
        var message: String
    }

    /// `FILE:LINE:COL: SEVERITY: MESSAGE`, `FILE:LINE: SEVERITY: MESSAGE`, `<unknown>:0: SEVERITY: ...` or `SEVERITY: MESSAGE`.
    static func parseHeader(_ text: String) -> Header? {
        for severity in [CompilerDiagnostic.Severity.error, .warning, .note, .remark] {
            let marker = "\(severity.rawValue): "
            if text.hasPrefix(marker) {
                return Header(file: "", line: 0, column: 0, severity: severity, message: String(text.dropFirst(marker.count)))
            }
            guard let range = text.firstRange(of: ": " + marker) else { continue }
            let location = text[..<range.lowerBound]
            let message = String(text[range.upperBound...])
            let parts = location.split(separator: ":", omittingEmptySubsequences: false)
            // The file name itself may contain colons; the numbers are the last one or two parts.
            if parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) {
                let file = parts.dropLast(2).joined(separator: ":")
                return Header(file: file, line: line, column: column, severity: severity, message: message)
            }
            if parts.count >= 2, let line = Int(parts[parts.count - 1]) {
                let file = parts.dropLast().joined(separator: ":")
                return Header(file: file == "<unknown>" ? "" : file, line: line, column: 0, severity: severity, message: message)
            }
        }
        return nil
    }

    private static func lastPathComponent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
