import Synchronization

/// Awaiting a shared task's value in a way the awaiting task's cancellation ends at once.
///
/// `Task.value` ignores the waiter's cancellation, so Ctrl-C while the tutor waits for a compile
/// started by a prefetch would wait for that compile to end (up to its time limit). Here the
/// waiter is resumed with `CancellationError` the moment it is cancelled; the task itself goes
/// on, so a compile still fills the cache (or stops at its limit) for the next run.
enum CancellableWait {
    static func value<T: Sendable>(of task: Task<T, Never>) async throws -> T {
        let gate = Gate<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                gate.arm(continuation)
                Task { gate.resume(with: .success(await task.value)) }
            }
        } onCancel: {
            gate.resume(with: .failure(CancellationError()))
        }
    }

    /// Resumes the continuation exactly once, whichever comes first: the value or the cancellation
    /// (which may even come before the continuation exists).
    private final class Gate<T: Sendable>: Sendable {
        private enum State {
            case waiting
            case armed(CheckedContinuation<T, any Error>)
            case finished(Result<T, any Error>)
            case done
        }

        private let state = Mutex<State>(.waiting)

        func arm(_ continuation: CheckedContinuation<T, any Error>) {
            let early: Result<T, any Error>? = state.withLock { state in
                if case .finished(let result) = state {
                    state = .done
                    return result
                }
                state = .armed(continuation)
                return nil
            }
            if let early { continuation.resume(with: early) }
        }

        func resume(with result: Result<T, any Error>) {
            let continuation: CheckedContinuation<T, any Error>? = state.withLock { state in
                switch state {
                case .waiting:
                    state = .finished(result)
                    return nil
                case .armed(let continuation):
                    state = .done
                    return continuation
                case .finished, .done:
                    return nil
                }
            }
            continuation?.resume(with: result)
        }
    }
}
