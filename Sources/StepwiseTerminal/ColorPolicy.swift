#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether output may carry ANSI colours: only to a terminal, and never when the user asked
/// for none (`--no-color`, `NO_COLOR` set to anything, or a `dumb` terminal).
public enum ColorPolicy {
    public static func allowsColor(isTerminal: Bool, environment: [String: String], noColorFlag: Bool) -> Bool {
        guard isTerminal, !noColorFlag else { return false }
        // no-color.org: the presence of NO_COLOR disables colour, whatever its value.
        if environment["NO_COLOR"] != nil { return false }
        return environment["TERM"] != "dumb"
    }

    public static var standardOutputIsTerminal: Bool {
        isatty(STDOUT_FILENO) == 1
    }
}
