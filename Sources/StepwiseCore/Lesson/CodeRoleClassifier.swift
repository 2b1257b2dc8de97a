/// Turns an info string into a role, reporting unknown words with a "did you mean".
package enum CodeRoleClassifier {
    /// - Parameter location: Where the info string starts, so a diagnostic can point at the word.
    package static func classify(_ info: InfoString, at location: SourceLocation, into diagnostics: inout [Diagnostic]) -> CodeRole {
        func locate(_ word: String) -> SourceLocation {
            var spot = location
            spot.column = location.column + (info.offsets[word] ?? 0)
            return spot
        }
        func unknown(_ kind: String, _ word: String, known: [String], at spot: String? = nil) {
            var message = "unknown \(kind) \(Diagnostic.quoted(word))"
            if let suggestion = NearMiss.bestMatch(for: word, in: known) {
                message += "; did you mean '\(suggestion)'?"
            }
            diagnostics.append(.error(at: locate(spot ?? word), message))
        }
        func rejectExtras(allowedFlags: [String], allowedAttributes: [String]) {
            for flag in info.flags where !allowedFlags.contains(flag) {
                unknown("flag for '\(info.language)'", flag, known: allowedFlags + allowedAttributes)
            }
            for key in info.attributes.keys.sorted() where !allowedAttributes.contains(key) {
                unknown("attribute for '\(info.language)'", key + "=", known: allowedAttributes.map { $0 + "=" } + allowedFlags, at: key)
            }
        }

        switch info.language.lowercased() {
        case "swift":
            rejectExtras(allowedFlags: SwiftSnippet.flags, allowedAttributes: SwiftSnippet.attributes)
            var snippet = SwiftSnippet()
            let kinds = info.flags.compactMap { SwiftSnippet.Kind(rawValue: $0) }.filter { $0 != .runnable }
            if kinds.count > 1 {
                diagnostics.append(
                    .error(at: location, "a swift block has one kind; found \(kinds.map(\.rawValue).joined(separator: " and "))"))
            }
            snippet.kind = kinds.first ?? .runnable
            snippet.isPrediction = info.flags.contains("predict")
            snippet.drawsTimeline = info.flags.contains("timeline")
            snippet.needsCompiledBinary = info.flags.contains("compiled")
            if let target = info.attributes["step"] {
                if target.isEmpty || !target.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                    diagnostics.append(.error(at: locate("step"), "step= needs the name of a variable, found \(Diagnostic.quoted(target))"))
                } else {
                    snippet.stepTarget = target
                }
            }
            if let timeout = info.attributes["timeout"] {
                if let seconds = Int(timeout), (1...SwiftSnippet.maximumTimeoutSeconds).contains(seconds) {
                    snippet.timeoutSeconds = seconds
                } else {
                    diagnostics.append(
                        .error(
                            at: locate("timeout"),
                            "timeout= needs a whole number of seconds from 1 to \(SwiftSnippet.maximumTimeoutSeconds), found \(Diagnostic.quoted(timeout))"
                        ))
                }
            }
            return .swift(snippet)
        case "python":
            rejectExtras(allowedFlags: ["compare", "fragment"], allowedAttributes: [])
            let compare = info.flags.contains("compare")
            let fragment = info.flags.contains("fragment")
            if compare, fragment {
                diagnostics.append(.error(at: locate("fragment"), "a python fragment cannot be compared: compare runs it"))
            }
            return .python(compare ? .compare : fragment ? .fragment : .program)
        case "output":
            rejectExtras(allowedFlags: [], allowedAttributes: [])
            return .output
        case "steps":
            rejectExtras(allowedFlags: [], allowedAttributes: [])
            return .steps
        case "hint":
            rejectExtras(allowedFlags: [], allowedAttributes: [])
            return .hint
        case "differences":
            rejectExtras(allowedFlags: [], allowedAttributes: [])
            return .differences
        case "":
            return .display
        case let language where CodeRole.displayLanguages.contains(language):
            return .display
        default:
            unknown("code block role", info.language, known: CodeRole.roleLanguages + CodeRole.displayLanguages)
            return .display
        }
    }
}
