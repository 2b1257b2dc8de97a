/// What a compiler diagnostic group means, in plain words, and which built-in lesson teaches it.
///
/// Swift 6.3 ends a diagnostic with its group (`... [#SendingClosureRisksDataRace]`). The
/// concurrency groups are the ones a learner meets first and understands least, so the tutor
/// adds these sentences under such an error. `stepwise check` on the built-in lessons fails when
/// `lessonID` names no lesson there, so a renamed or removed lesson cannot leave a dead
/// reference behind.
package struct DiagnosticGroupExplanation: Sendable, Hashable {
    /// The group's name as the compiler prints it, without `[#` and `]`.
    package let group: String
    /// Two or three sentences: what the error means and how it is usually fixed.
    package let explanation: String
    /// The id of the built-in lesson that produces, reads and fixes this error.
    package let lessonID: String
    /// Where the entry is written, so a check can point at the line to fix.
    package let location: SourceLocation

    init(_ group: String, lesson lessonID: String, _ explanation: String, file: String = #filePath, line: Int = #line) {
        self.group = group
        self.explanation = explanation
        self.lessonID = lessonID
        self.location = SourceLocation(file: file, line: line)
    }
}

package enum DiagnosticGroupExplanations {
    package static let all: [DiagnosticGroupExplanation] = [
        DiagnosticGroupExplanation(
            "SendingClosureRisksDataRace", lesson: "sendable-and-data-races",
            """
            A closure that runs in another task (addTask, Task, Task.detached) captures something \
            the current task can still touch: a var, or an object that is not Sendable. Usually the \
            fix is to share nothing: let each task return its value and combine the values in the \
            parent, or protect the shared state with an actor or a Mutex.
            """),
        DiagnosticGroupExplanation(
            "SendingRisksDataRace", lesson: "sendable-and-data-races",
            """
            A value that is not Sendable is handed to another task or actor while this code can \
            still use it. Stop using it after the hand-over (the compiler then lets it move), mark \
            the parameter that receives it `sending`, or make its type Sendable.
            """),
        DiagnosticGroupExplanation(
            "SendableClosureCaptures", lesson: "sendable-and-data-races",
            """
            A @Sendable closure may run at the same time as the code that made it, so it may only \
            capture Sendable values, and no var at all. Capture a `let` copy of the value, make the \
            captured type Sendable, or move the state into an actor.
            """),
        DiagnosticGroupExplanation(
            "MutableGlobalVariable", lesson: "sendable-and-data-races",
            """
            A global or static `var` can be reached from every task at once. Make it a `let`, put \
            it on an actor (for example `@MainActor var`), or keep it behind a Mutex.
            """),
        DiagnosticGroupExplanation(
            "ActorIsolatedCall", lesson: "actors-and-isolation",
            """
            This calls into an actor from code that is not on that actor. Such a call may have to \
            wait its turn, so it needs `await`, and therefore an async context; or mark the callee \
            `nonisolated` if it touches none of the actor's state.
            """),
        DiagnosticGroupExplanation(
            "ConformanceIsolation", lesson: "actors-and-isolation",
            """
            A type that lives on an actor (often @MainActor) conforms to a protocol whose \
            requirements may be called from anywhere. Mark the requirement's implementation \
            `nonisolated`, or declare the conformance as isolated (`: @MainActor P`).
            """),
        DiagnosticGroupExplanation(
            "NonisolatedNonsendingByDefault", lesson: "actors-and-isolation",
            """
            With this feature a nonisolated async function runs on its caller's actor instead of \
            hopping to the thread pool. Write `@concurrent` where you want the hop, and \
            `nonisolated(nonsending)` where you want to keep the caller's actor.
            """),
    ]

    /// The explanation for a group name as the compiler prints it (`SendingRisksDataRace`).
    package static func explanation(for group: String) -> DiagnosticGroupExplanation? {
        all.first { $0.group == group }
    }
}

extension DiagnosticGroupExplanations {
    /// The explanations for the groups these diagnostics name, each once, in the order first named.
    package static func explanations(for diagnostics: [CompilerDiagnostic]) -> [DiagnosticGroupExplanation] {
        var seen: Set<String> = []
        return diagnostics.compactMap(\.group).filter { seen.insert($0).inserted }.compactMap(explanation(for:))
    }
}
