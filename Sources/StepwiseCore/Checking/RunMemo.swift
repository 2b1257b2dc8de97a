/// Runs each distinct snippet once per `stepwise check`, however many checks need its output.
///
/// The output check and the Python comparison both need what a snippet prints, and many
/// lesson snippets sleep on purpose (concurrency lessons show timing): running them twice
/// would double the wall time of a check whose compiles are all cached. Concurrent requests
/// for the same snippet share one run.
actor RunMemo {
    private var runs: [String: Task<RunOutcome, Never>] = [:]

    func outcome(for key: String, run: @escaping @Sendable () async -> RunOutcome) async -> RunOutcome {
        if let existing = runs[key] { return await existing.value }
        let task = Task { await run() }
        runs[key] = task
        return await task.value
    }
}
