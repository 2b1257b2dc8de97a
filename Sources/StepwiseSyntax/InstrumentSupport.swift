/// The Swift compiled beside an instrumented snippet: the recorders its rewritten lines call.
///
/// Events stay in the program's memory and go to the tutor in `trace` messages on the control
/// channel: every 100 ms from a thread of the recorder's own, and the rest when the program
/// exits (an `atexit` handler registered after the one that sends `finished`, so it runs
/// first). Not as they happen: that would write the socket from every thread of the pool, and
/// nothing here waits on the tutor, which would change the timings recorded. So a program that
/// crashes or is stopped at its time limit still shows its lanes, up to the last 100 ms.
enum InstrumentSupport {
    /// Tasks, awaits, threads, and `start NAME` labels.
    static let tasks = #"""
        /// One recorder per program; every entry point takes its lock, since tasks record from
        /// every thread of the pool.
        final class __StepwiseRecorder: @unchecked Sendable {
            private let lock: UnsafeMutablePointer<pthread_mutex_t>
            private var events: [String] = []
            private var threads: [UInt: Int] = [:]
            private var tasks: [Int: Int] = [:]
            private var labelled: Set<Int> = []
            /// `start NAME` printed by a task for the next child it creates (a parent that
            /// announces each child before adding it).
            private var pendingLabels: [Int: String] = [:]
            private var nextID = 1
            private let capacity = 100_000
            /// Each task's latest wait, still open to merging: a loop of `await Task.yield()`
            /// would otherwise record (and send) an event per turn.
            private var lastWait: [Int: (line: Int, start: Int, end: Int, thread: Int)] = [:]

            init() {
                lock = .allocate(capacity: 1)
                pthread_mutex_init(lock, nil)
            }

            /// The current task's identity (nil outside any task), read without taking the lock.
            static func taskKey() -> Int? {
                withUnsafeCurrentTask { $0?.hashValue }
            }

            static func threadKey() -> UInt {
                #if canImport(Darwin)
                UInt(bitPattern: pthread_self())
                #else
                UInt(pthread_self())
                #endif
            }

            /// Small integers for threads, in order of appearance. Called with the lock held.
            private func thread() -> Int {
                let key = Self.threadKey()
                if let known = threads[key] { return known }
                let number = threads.count
                threads[key] = number
                return number
            }

            private func append(_ event: String) {
                if events.count < capacity { events.append(event) }
            }

            func beginMain() {
                let key = Self.taskKey()
                pthread_mutex_lock(lock)
                if let key { tasks[key] = 0 }
                append("{\"e\":\"b\",\"t\":0,\"k\":\"main\",\"l\":0,\"at\":\(__stepwiseClockNow()),\"th\":\(thread())}")
                pthread_mutex_unlock(lock)
            }

            /// The id of the task running now: 0 for the main task and for code outside any
            /// task, -1 for a task the snippet did not create where the rewrite could see it.
            func current() -> Int {
                guard let key = Self.taskKey() else { return 0 }
                pthread_mutex_lock(lock)
                defer { pthread_mutex_unlock(lock) }
                return tasks[key] ?? -1
            }

            /// Called where a task is created, in its parent: the parent, and the `start NAME`
            /// the parent printed for it.
            func creating() -> __StepwiseParent {
                let id = current()
                pthread_mutex_lock(lock)
                defer { pthread_mutex_unlock(lock) }
                return __StepwiseParent(id: id, label: pendingLabels.removeValue(forKey: Swift.max(id, 0)))
            }

            func began(_ kind: String, _ line: Int, parent: __StepwiseParent) -> Int {
                let key = Self.taskKey()
                let now = __stepwiseClockNow()
                pthread_mutex_lock(lock)
                defer { pthread_mutex_unlock(lock) }
                let id = nextID
                nextID += 1
                if let key { tasks[key] = id }
                if let label = parent.label {
                    labelled.insert(id)
                    append("{\"e\":\"n\",\"t\":\(id),\"s\":" + __stepwiseJSON(label) + "}")
                }
                append("{\"e\":\"b\",\"t\":\(id),\"p\":\(Swift.max(parent.id, 0)),\"k\":\"\(kind)\",\"l\":\(line),\"at\":\(now),\"th\":\(thread())}")
                return id
            }

            func ended(_ id: Int) {
                let key = Self.taskKey()
                let now = __stepwiseClockNow()
                pthread_mutex_lock(lock)
                defer { pthread_mutex_unlock(lock) }
                if let key, tasks[key] == id { tasks[key] = nil }
                append("{\"e\":\"x\",\"t\":\(id),\"at\":\(now),\"th\":\(thread())}")
            }

            func awaited(_ token: __StepwiseAwait) {
                guard token.task >= 0 else { return }
                let now = __stepwiseClockNow()
                pthread_mutex_lock(lock)
                defer { pthread_mutex_unlock(lock) }
                let thread = thread()
                // Waits at one line less than a millisecond apart are one stretch.
                if let last = lastWait[token.task], last.line == token.line, token.start - last.end < 1_000_000 {
                    lastWait[token.task] = (last.line, last.start, now, thread)
                    return
                }
                closeWait(of: token.task)
                lastWait[token.task] = (token.line, token.start, now, thread)
            }

            /// Called with the lock held.
            private func closeWait(of task: Int) {
                guard let wait = lastWait.removeValue(forKey: task) else { return }
                append("{\"e\":\"w\",\"t\":\(task),\"l\":\(wait.line),\"at\":\(wait.start),\"to\":\(wait.end),\"th\":\(wait.thread)}")
            }

            func label(_ text: String) {
                let id = current()
                guard id >= 0 else { return }
                pthread_mutex_lock(lock)
                defer { pthread_mutex_unlock(lock) }
                guard id > 0, labelled.insert(id).inserted else {
                    pendingLabels[Swift.max(id, 0)] = text
                    return
                }
                append("{\"e\":\"n\",\"t\":\(id),\"s\":" + __stepwiseJSON(text) + "}")
            }

            /// Sends everything recorded, in messages well under the channel's line limit;
            /// `quietly` from the flushing thread, which leaves the program's output buffers alone
            /// (a line still being printed is the program's to end).
            func flush(quietly: Bool = false) {
                pthread_mutex_lock(lock)
                for task in Array(lastWait.keys) { closeWait(of: task) }
                let pending = events
                events = []
                pthread_mutex_unlock(lock)
                var start = 0
                while start < pending.count {
                    let end = Swift.min(start + 2_000, pending.count)
                    let fields = ",\"events\":[" + pending[start..<end].joined(separator: ",") + "]"
                    if quietly { _ = __stepwiseWrite("trace", fields) } else { __stepwiseSend("trace", fields, ack: false) }
                    start = end
                }
            }
        }

        let __stepwiseRecorder = __StepwiseRecorder()

        func __stepwiseClockNow() -> Int {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            return Int(now.tv_sec) * 1_000_000_000 + Int(now.tv_nsec)
        }

        func __stepwiseTraceBegin() {
            __stepwiseRecorder.beginMain()
            atexit { __stepwiseRecorder.flush() }
            // A thread of its own, not a task or a dispatch queue: the pool's threads are the
            // program's, and lesson 9 counts them.
            #if canImport(Darwin)
            var thread: pthread_t? = nil
            #else
            var thread = pthread_t()
            #endif
            let created = pthread_create(
                &thread, nil,
                { _ in
                    while true {
                        usleep(100_000)
                        __stepwiseRecorder.flush(quietly: true)
                    }
                }, nil)
            #if canImport(Darwin)
            if created == 0, let thread { pthread_detach(thread) }
            #else
            if created == 0 { pthread_detach(thread) }
            #endif
        }

        /// After the snippet's last line: the interpreter runs no `atexit` handler of the
        /// program it compiled, so the events go out here (and from `atexit` after `exit()`).
        func __stepwiseTraceEnd() {
            __stepwiseRecorder.ended(0)
            __stepwiseRecorder.flush()
        }

        struct __StepwiseParent: Sendable {
            let id: Int
            let label: String?
        }

        func __stepwiseCreating() -> __StepwiseParent { __stepwiseRecorder.creating() }

        func __stepwiseTaskBegan(_ kind: String, _ line: Int, _ parent: __StepwiseParent) -> Int {
            __stepwiseRecorder.began(kind, line, parent: parent)
        }

        func __stepwiseTaskEnded(_ id: Int) { __stepwiseRecorder.ended(id) }

        /// An `async let` initializer: ends its task once the value is there.
        func __stepwiseTaskDone<T>(_ id: Int, _ value: T) -> T {
            __stepwiseRecorder.ended(id)
            return value
        }

        struct __StepwiseAwait: Sendable {
            let task: Int
            let line: Int
            let start: Int
        }

        func __stepwiseAwaitBegan(_ line: Int) -> __StepwiseAwait {
            __StepwiseAwait(task: __stepwiseRecorder.current(), line: line, start: __stepwiseClockNow())
        }

        /// Takes the awaited value as its argument, so it runs once that value is there.
        @discardableResult
        func __stepwiseAwaited<T>(_ token: __StepwiseAwait, _ value: T) -> T {
            __stepwiseRecorder.awaited(token)
            return value
        }

        /// The standard `print`, which also names the task that prints `start NAME`. Declared
        /// with the same signature, it shadows `Swift.print` in the snippet and leaves
        /// `print(_:to:)` alone.
        func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
            var text = ""
            for (index, item) in items.enumerated() {
                if index > 0 { text += separator }
                text += String(describing: item)
            }
            if text.hasPrefix("start ") { __stepwiseRecorder.label(String(text.dropFirst(6))) }
            Swift.print(text, terminator: terminator)
        }
        """#

    static let tasksPrologue = "__stepwiseTraceBegin()"
    static let tasksEpilogue = "__stepwiseTraceEnd()"

    /// Line hits for stepping: which program lines ran in the stepping task during one call.
    /// Written by that task only, so a hit is a comparison and a store, without a lock.
    static func lines(count: Int) -> String {
        #"""
        final class __StepwiseLines: @unchecked Sendable {
            let hits: UnsafeMutablePointer<UInt8>
            let count: Int
            var task: Int? = nil
            var active = false

            init(count: Int) {
                self.count = count
                hits = .allocate(capacity: count + 1)
                hits.initialize(repeating: 0, count: count + 1)
            }
        }

        let __stepwiseLines = __StepwiseLines(count: \#(count))

        func __stepwiseHit(_ line: Int) {
            let lines = __stepwiseLines
            guard lines.active, line >= 0, line <= lines.count else { return }
            guard withUnsafeCurrentTask(body: { $0?.hashValue }) == lines.task else { return }
            lines.hits[line] = 1
        }

        func __stepwiseLinesBegin() {
            __stepwiseLinesHook = { began in
                let lines = __stepwiseLines
                if began {
                    lines.hits.update(repeating: 0, count: lines.count + 1)
                    lines.task = withUnsafeCurrentTask { $0?.hashValue }
                    lines.active = true
                    return ""
                }
                lines.active = false
                var ran: [String] = []
                for line in 0...lines.count where lines.hits[line] != 0 { ran.append(String(line)) }
                return "[" + ran.joined(separator: ",") + "]"
            }
        }
        """#
    }

    static let linesPrologue = "__stepwiseLinesBegin()"
}
