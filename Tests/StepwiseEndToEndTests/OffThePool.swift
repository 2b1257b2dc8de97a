import Foundation

/// Runs blocking `work` (waitpid, a read to end of file) on a thread of its own and awaits its
/// result. Swift's cooperative pool has one thread per core: a test blocking one of them makes
/// every other test's tasks queue behind it, which under load turned slow into failed.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result(catching: work)) }.start()
    }
}

extension Process {
    /// Waits for the process to end on a dedicated thread and returns its exit status.
    func exitStatus() async -> Int32 {
        // `waitUntilExit` cannot throw; the `try!` only satisfies offThePool's signature.
        try! await offThePool { [self] in
            waitUntilExit()
            return terminationStatus
        }
    }

    /// Starts the process with `input` on a pipe to its standard input and `output` to read,
    /// writes the input, reads the output to end of file and waits for the exit, all on
    /// dedicated threads: writer and reader apart, so neither side stalls on a full pipe.
    func runPiped(input: Data, output: Pipe) async throws -> (output: Data, status: Int32) {
        let stdin = Pipe()
        standardInput = stdin
        try run()
        let writer = stdin.fileHandleForWriting
        Thread {
            writer.write(input)
            try? writer.close()
        }.start()
        let reader = output.fileHandleForReading
        let data = try await offThePool { reader.readDataToEndOfFile() }
        return (data, await exitStatus())
    }
}

/// How long a wait may take before it counts as hung rather than slow: it returns as soon as
/// what it waits for happens, so the bound only decides how long a real hang takes to report.
let hangBound: Duration = .seconds(120)

/// Checks `condition` every few milliseconds, sleeping in between (a suspension, not a blocked
/// thread), until it holds; false if it still does not after `bound`.
func eventually(
    within bound: Duration = hangBound, pollEvery interval: Duration = .milliseconds(20), _ condition: () throws -> Bool
) async throws -> Bool {
    let deadline = ContinuousClock.now + bound
    while true {
        if try condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        try await Task.sleep(for: interval)
    }
}
