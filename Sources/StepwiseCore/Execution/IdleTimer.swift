/// A countdown that each use starts again: when `limit` passes with no new ``arm(after:_:)``
/// (or a ``cancel()``), `fire` runs. What ends a stepping program or a live program that the
/// learner has walked away from.
struct IdleTimer: Sendable {
    private var task: Task<Void, Never>?

    init() {}

    mutating func arm(after limit: Duration, _ fire: @escaping @Sendable () async -> Void) {
        task?.cancel()
        task = Task {
            try? await Task.sleep(for: limit)
            guard !Task.isCancelled else { return }
            await fire()
        }
    }

    mutating func cancel() {
        task?.cancel()
        task = nil
    }
}
