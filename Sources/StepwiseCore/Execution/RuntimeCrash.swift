/// The Swift runtime's one-line report of a trap, taken from standard error,
/// such as `main/snippet.swift:6: Fatal error: Unexpectedly found nil while unwrapping an Optional value`.
package struct RuntimeCrash: Sendable, Hashable {
    /// `Fatal error`, `Precondition failed`, `Assertion failed`, `Could not cast value`, or
    /// `uncaught error` (a top-level `throw`, as ``SwiftRunOutput`` rewrites it).
    package var kind: String
    /// The message after the kind (may be empty, as for `fatalError()`).
    package var message: String
    /// The `#fileID` the runtime named, such as `main/snippet.swift`, if any.
    package var file: String?
    /// The line the runtime named, in the numbering of `file`, if any.
    package var line: Int?
    /// The whole line as the runtime wrote it.
    package var text: String

    static let kinds = ["Fatal error", "Precondition failed", "Assertion failed"]

    /// The runtime's report of a failed allocation: the snippet reached the memory limit.
    package var isOutOfMemory: Bool {
        kind == "Fatal error" && message.hasPrefix("failed to allocate")
    }

    /// How a crash that ran out of memory is told, with the limit that it reached.
    package static func outOfMemoryNote(limit: Int? = RunLimits().memoryBytes) -> String {
        "it ran out of memory" + (limit.map { " (a snippet may use up to \($0 >> 30) GiB)" } ?? "")
    }

    /// How an error thrown at top level and never caught is told: `uncaught error: Oops()`.
    package static let uncaughtPrefix = "uncaught error: "

    /// The error a top-level `throw` ended the program with, as the learner would write it
    /// (`Oops()`, not `main.(unknown context at $7f41…).Oops()`); nil for any other crash.
    package static func uncaughtError(in crash: RuntimeCrash) -> String? {
        let marker = "Error raised at top level: "
        guard crash.kind == "Fatal error", crash.message.hasPrefix(marker) else { return nil }
        var name = String(crash.message.dropFirst(marker.count))
        name = name.replacing(#/\(unknown context at \$[0-9a-fA-F]+\)\./#, with: "")
        // `main.` is the snippet's module; it prefixes the type and any generic argument.
        name = name.replacing(#/(^|[^A-Za-z0-9_])main\./#) { $0.output.1 + "" }
        return name
    }

    /// The first runtime crash report among the standard-error lines, if any.
    package static func find(in lines: [TimedLine]) -> RuntimeCrash? {
        for line in lines where line.stream == .stderr {
            if let crash = parse(line.text) { return crash }
        }
        return nil
    }

    /// Parses one line of standard error; nil when it is not a crash report.
    package static func parse(_ text: String) -> RuntimeCrash? {
        if text.hasPrefix(uncaughtPrefix) {
            return RuntimeCrash(
                kind: "uncaught error", message: String(text.dropFirst(uncaughtPrefix.count)), file: nil, line: nil, text: text)
        }
        if text.hasPrefix("Could not cast value of type") {
            return RuntimeCrash(kind: "Could not cast value", message: text, file: nil, line: nil, text: text)
        }
        for kind in kinds {
            guard let range = text.firstRange(of: kind) else { continue }
            let prefix = text[..<range.lowerBound]
            var file: String?
            var line: Int?
            if !prefix.isEmpty {
                // The prefix must be exactly "<file>:<line>: ", or this is ordinary output that mentions the words.
                guard prefix.hasSuffix(": ") else { continue }
                let location = prefix.dropLast(2)
                guard let colon = location.lastIndex(of: ":"),
                    let number = Int(location[location.index(after: colon)...])
                else { continue }
                file = String(location[..<colon])
                line = number
            }
            var rest = text[range.upperBound...]
            if rest.hasPrefix(":") { rest = rest.dropFirst() } else if !rest.isEmpty { continue }
            let message = rest.drop { $0 == " " }
            return RuntimeCrash(kind: kind, message: String(message), file: file, line: line, text: text)
        }
        return nil
    }
}
