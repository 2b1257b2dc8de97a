import Dispatch
import Foundation

/// Ctrl-C while a snippet runs stops the snippet, not the tutor.
///
/// The tutor ignores SIGINT and watches for it with a dispatch source; a run registers how to
/// cancel itself. Snippets run in their own process group, so the terminal's SIGINT never
/// reaches them directly: cancelling the run's task is what kills their group.
final class InterruptHandler: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelCurrent: (@Sendable () -> Void)?
    private var source: DispatchSourceSignal?

    func install() {
        signal(SIGINT, SIG_IGN)
        // Ctrl-\ outside the prompt would end the tutor with a crash report; snippets, in
        // sessions of their own, never get it from the terminal anyway.
        signal(SIGQUIT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in
            guard let self else { return }
            let cancel = lock.withLock { cancelCurrent }
            cancel?()
        }
        source.resume()
        self.source = source
    }

    /// Runs `body` as a task that Ctrl-C cancels.
    func cancellable<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        lock.withLock { cancelCurrent = { task.cancel() } }
        defer { lock.withLock { cancelCurrent = nil } }
        return try await task.value
    }
}
