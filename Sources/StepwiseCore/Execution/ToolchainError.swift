/// Why no usable Swift toolchain was found.
package enum ToolchainError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No `swiftc` was found; `searched` lists where we looked, in order.
    case notFound(searched: [String])
    /// The path given with `--swift` (or `SWIFT_EXEC`) is not a Swift compiler.
    case overrideNotUsable(path: String, origin: String)
    /// `swiftc --version` failed or printed something unexpected.
    case versionUnreadable(swiftc: String, output: String)
    /// The compiler predates Swift 6, whose language mode the lessons use.
    case tooOld(swiftc: String, version: String)

    static let installAdvice = """
        Install Swift 6 or newer from https://swift.org/install \
        (or with swiftly, the Swift toolchain installer: see https://swift.org/install for the one-line setup), \
        then make sure `swiftc` is on your PATH, or tell Stepwise where it is with --swift /path/to/swiftc.
        """

    package var description: String {
        switch self {
        case .notFound(let searched):
            return "Stepwise runs snippets with your own Swift compiler, but could not find `swiftc` "
                + "(looked in: \(searched.isEmpty ? "PATH is empty" : searched.joined(separator: ", "))).\n"
                + Self.installAdvice
        case .overrideNotUsable(let path, let origin):
            return "\(origin) names \(path), which is not an executable Swift compiler "
                + "(expected `swiftc`, `swift`, or a toolchain folder containing them).\n" + Self.installAdvice
        case .versionUnreadable(let swiftc, let output):
            return "`\(swiftc) --version` did not report a Swift version (it printed: \(output.isEmpty ? "nothing" : output)).\n"
                + Self.installAdvice
        case .tooOld(let swiftc, let version):
            return "\(swiftc) is \(version); the lessons use the Swift 6 language mode.\n" + Self.installAdvice
        }
    }
}
