import Foundation

/// The thread that starts every sandbox.
///
/// `bwrap --die-with-parent` sets `PR_SET_PDEATHSIG` on itself, and Linux sends that signal
/// when the *thread* that started the process ends, not the process. The tutor's async code
/// runs on pool threads that end when idle (about a second later), which would kill a sandbox
/// started from one. So sandboxes are started from this one thread, which lives as long as
/// the tutor; when the tutor dies, they die with it, as they should.
final class SandboxSpawner: @unchecked Sendable {
    static let shared = SandboxSpawner()

    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []

    private init() {
        let thread = Thread { [self] in serve() }
        thread.name = "stepwise sandbox spawner"
        thread.start()
    }

    /// Runs `start` (a `posix_spawn`) on the spawner thread and waits for its answer.
    func perform(_ start: () -> Int32) -> Int32 {
        withoutActuallyEscaping(start) { start in
            let job = Job(start)
            condition.lock()
            jobs.append { job.run() }
            condition.signal()
            condition.unlock()
            job.done.wait()
            return job.result
        }
    }

    private func serve() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let next = jobs.removeFirst()
            condition.unlock()
            next()
        }
    }

    /// One start and its answer; the caller waits on `done`, so nothing outlives the call.
    private final class Job: @unchecked Sendable {
        /// Dropped before `done` is signalled: the closure must not outlive the call it came from.
        var start: (() -> Int32)?
        let done = DispatchSemaphore(value: 0)
        var result: Int32 = 0

        init(_ start: @escaping () -> Int32) { self.start = start }

        func run() {
            result = start?() ?? 0
            start = nil
            done.signal()
        }
    }
}
