/// A problem found in a lesson: data only; printing is the caller's job.
package struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    package enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
    }

    package var severity: Severity
    package var location: SourceLocation
    package var message: String
    /// Extra lines shown under the message (a diff, a quoted line, a suggestion).
    package var notes: [String]

    package init(_ severity: Severity, at location: SourceLocation, _ message: String, notes: [String] = []) {
        self.severity = severity
        self.location = location
        self.message = message
        self.notes = notes
    }

    package static func error(at location: SourceLocation, _ message: String, notes: [String] = []) -> Diagnostic {
        Diagnostic(.error, at: location, message, notes: notes)
    }

    package static func warning(at location: SourceLocation, _ message: String, notes: [String] = []) -> Diagnostic {
        Diagnostic(.warning, at: location, message, notes: notes)
    }

    /// `path:line:column: error: message`, the compilers' format that editors understand.
    package var description: String {
        "\(location): \(severity.rawValue): \(message)"
    }
}
