/// An exercise must be solvable and not already solved: the reference solution passes every
/// check, and the starter code compiles but fails at least one (a crash such as
/// `fatalError("TODO")` counts as failing).
package enum ExerciseCheck {
    package static func check(_ exercise: Exercise, engine: any CheckEngine) async -> [Diagnostic] {
        guard let checks = exercise.checks, let solution = exercise.solution else {
            // The parser already reported the missing block.
            return []
        }
        // One after the other: the checker already runs one job per core, and an exercise
        // compiling twice at once would exceed that bound.
        let solutionOutcome = await engine.checkExercise(code: solution, checks: checks)
        let starterOutcome = await engine.checkExercise(code: exercise.starter, checks: checks)
        return solutionDiagnostics(solutionOutcome, solution: solution, checks: checks)
            + starterDiagnostics(starterOutcome, starter: exercise.starter, checks: checks)
    }

    static func solutionDiagnostics(_ outcome: ExerciseOutcome, solution: CodeBlock, checks: CodeBlock) -> [Diagnostic] {
        var found = SnippetCompilesCheck.diagnostics(for: outcome.compile.messages, code: solution, checks: checks)
        if let problem = outcome.compile.problem {
            return found + [.error(at: solution.location, "could not check the solution", notes: [problem])]
        }
        guard outcome.compile.succeeded else {
            if found.isEmpty {
                found.append(.error(at: solution.location, "solution did not compile with the checks, and the compiler gave no reason"))
            }
            return found
        }
        guard !outcome.passed else { return found }
        let failed = outcome.results.filter { !$0.passed }
        let failing = failed.map(\.name)
        var notes = failed.map { "failed: \($0.name)" + ($0.detail.map { ": \($0)" } ?? "") }
        notes += TerminationNote.text(for: outcome.termination).map { [$0] } ?? []
        let message: String
        if !failing.isEmpty {
            message =
                "solution fails \(failing.count == 1 ? "the check" : "\(failing.count) checks") '\(failing.joined(separator: "', '"))'"
        } else if outcome.results.isEmpty, outcome.termination.isSuccess {
            message = "the checks block calls check(_:_:) for nothing, so no solution can pass"
        } else {
            message = "solution does not get through the checks"
            notes += outcome.output.split(separator: "\n").suffix(8).map { "  " + $0 }
        }
        found.append(.error(at: solution.location, message, notes: notes))
        return found
    }

    static func starterDiagnostics(_ outcome: ExerciseOutcome, starter: CodeBlock, checks: CodeBlock) -> [Diagnostic] {
        var found = SnippetCompilesCheck.diagnostics(for: outcome.compile.messages, code: starter, checks: checks)
        if let problem = outcome.compile.problem {
            return found + [.error(at: starter.location, "could not check the starter code", notes: [problem])]
        }
        guard outcome.compile.succeeded else {
            // The learner's first `check` would only show compiler errors in code they did not write.
            if found.isEmpty {
                found.append(.error(at: starter.location, "starter code did not compile with the checks, and the compiler gave no reason"))
            }
            return found
        }
        if outcome.passed {
            found.append(
                .error(
                    at: starter.location,
                    "starter code already passes every check; the exercise leaves nothing to do",
                    notes: ["make the starter fail at least one check, for example with fatalError(\"TODO\")"]
                ))
        }
        return found
    }
}
