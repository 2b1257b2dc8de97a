/// What an instrumented run recorded about its tasks: one entry per task the snippet created
/// (`addTask`, `async let`, `Task {}`, `Task.detached {}`) plus the main task, with when each
/// ran, where it waited and on which threads.
///
/// Independent of the process that recorded it: built from ``TraceEvent``s, whichever program
/// (a one-shot run, a stepping session) sent them.
package struct TaskTrace: Sendable, Hashable {
    /// One wait at an `await`.
    package struct Suspension: Sendable, Hashable {
        /// The snippet's visible line of the `await` (nil when it is on a hidden line).
        package var line: Int?
        package var start: Duration
        package var end: Duration
    }

    /// One task.
    package struct TaskRecord: Sendable, Hashable {
        /// 0 is the main task (the snippet's top-level code).
        package var id: Int
        /// Nil for the main task.
        package var parent: Int?
        /// `main`, `addTask`, `async let`, `Task` or `Task.detached`.
        package var kind: String
        /// `NAME` from a `start NAME` line the task printed, if it printed one.
        package var label: String?
        /// The visible line that created the task (nil for the main task or a hidden line).
        package var line: Int?
        package var start: Duration
        /// Nil when the program ended before the task did.
        package var end: Duration?
        /// In the order they happened.
        package var suspensions: [Suspension]
        /// The threads the task ran on, as small integers (0 is the first thread seen), in
        /// the order the task used them.
        package var threads: [Int]
    }

    /// The main task first, then the others in the order they started.
    package var tasks: [TaskRecord]

    package init(tasks: [TaskRecord]) {
        self.tasks = tasks
    }

    /// The children of a task, in the order they started.
    package func children(of id: Int) -> [TaskRecord] {
        tasks.filter { $0.parent == id }
    }

    /// The number of distinct threads any task ran on.
    package var threadCount: Int {
        Set(tasks.flatMap(\.threads)).count
    }
}
