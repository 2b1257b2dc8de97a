/// A problem found in a lesson: data only; printing is the caller's job.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
    }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    /// Extra lines shown under the message (a diff, a quoted line, a suggestion).
    public var notes: [String]

    public init(_ severity: Severity, at location: SourceLocation, _ message: String, notes: [String] = []) {
        self.severity = severity
        self.location = location
        self.message = message
        self.notes = notes
    }

    public static func error(at location: SourceLocation, _ message: String, notes: [String] = []) -> Diagnostic {
        Diagnostic(.error, at: location, message, notes: notes)
    }

    public static func warning(at location: SourceLocation, _ message: String, notes: [String] = []) -> Diagnostic {
        Diagnostic(.warning, at: location, message, notes: notes)
    }

    /// `path:line:column: error: message`, the compilers' format that editors understand.
    public var description: String {
        "\(location): \(severity.rawValue): \(message)"
    }
}
