/// What a code block is for, decided by its info string.
package enum CodeRole: Sendable, Equatable {
    case swift(SwiftSnippet)
    /// A Python program: run by `compare` and by `check`; `compare` also marks it as equivalent
    /// to the step's first runnable snippet, and `fragment` as shown only, never run.
    case python(PythonUse)
    /// The stated output of the nearest runnable snippet above it in the same step.
    case output
    /// The values that stepping the snippet above returns, one per line.
    case steps
    case hint
    /// `PYTHON => SWIFT  explanation` lines allowed between a Python original and its Swift.
    case differences
    /// Any other language: shown as is, never run.
    case display

    /// Languages that get a role; others listed in `displayLanguages` are only shown.
    package static let roleLanguages = ["swift", "python", "output", "steps", "hint", "differences"]
    package static let displayLanguages = [
        "text", "plain", "sh", "bash", "shell", "console", "json", "markdown", "md", "diff", "yaml", "toml", "c",
    ]
}

/// What a `python` block is for. Every Python program a lesson shows must run, so a piece of
/// code that is not a whole program says so with `fragment`.
package enum PythonUse: Sendable, Equatable {
    /// A whole program: `compare` runs it and shows its output, `check` fails when it fails.
    case program
    /// A program whose output must match the step's first runnable Swift snippet.
    case compare
    /// Not a program on its own: shown, never run.
    case fragment

    /// Whether `compare` and `check` run it.
    package var runs: Bool { self != .fragment }
}

/// The options of a `swift` block.
package struct SwiftSnippet: Sendable, Equatable {
    package enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Compiled and run by `run` (the default).
        case runnable
        /// Display only; never compiled.
        case show
        /// Starter code of an exercise.
        case exercise
        /// Hidden checks of the exercise.
        case checks
        /// Reference solution of the exercise.
        case solution
    }

    package var kind: Kind
    /// `step=NAME`: the iterator or sequence to call `next()` on.
    package var stepTarget: String?
    package var isPrediction: Bool
    package var drawsTimeline: Bool
    /// `compiled`: always run a compiled binary, never the interpreter, whose own compiler
    /// would show up in a snippet that measures its memory or speed.
    package var needsCompiledBinary = false
    /// `timeout=N` seconds, overriding the default wall-clock limit.
    package var timeoutSeconds: Int?

    package init(
        kind: Kind = .runnable, stepTarget: String? = nil, isPrediction: Bool = false, drawsTimeline: Bool = false,
        timeoutSeconds: Int? = nil
    ) {
        self.kind = kind
        self.stepTarget = stepTarget
        self.isPrediction = isPrediction
        self.drawsTimeline = drawsTimeline
        self.timeoutSeconds = timeoutSeconds
    }

    package static let flags = ["show", "predict", "timeline", "compiled", "exercise", "checks", "solution"]
    package static let attributes = ["step", "timeout"]
    /// An hour: longer than any snippet should run, and far below the values whose arithmetic
    /// overflows when the run's limits are computed (`timeout=9223372036854775807` crashed `run`).
    package static let maximumTimeoutSeconds = 3600
}
