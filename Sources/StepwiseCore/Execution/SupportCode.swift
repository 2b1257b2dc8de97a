/// The hidden Swift code compiled next to every snippet (in `stepwise-support.swift`).
///
/// It talks to the tutor over a socket of its own (``ControlChannel``), never over the
/// program's standard output or error, so nothing a learner prints can pass for a message.
/// It cannot import StepwiseCore, so it writes ``ControlLine``'s JSON by hand; the contract
/// test compiles these programs and decodes each kind with the Core type. Names start
/// with `__stepwise` so they cannot clash with lesson code.
enum SupportCode {
    /// Always present: line-buffered standard output (so output arrives as it is
    /// printed, not when a 4 KiB buffer fills), the channel's sender, and a `started`
    /// message, which separates compiler output from program output when the program
    /// runs in the interpreter, gives timelines their zero, and returns only once the
    /// tutor has applied the limits. Kept minimal: every line here is compiled before
    /// each interpreted first run.
    static let base = #"""
        #if canImport(Glibc)
        @preconcurrency import Glibc
        #elseif canImport(Darwin)
        @preconcurrency import Darwin
        #endif

        nonisolated(unsafe) var __stepwiseControl: Int32 = -1

        /// Held while a message is written: the task recorder sends from a thread of its own
        /// beside the main thread, and a long message can take more than one `write`.
        nonisolated(unsafe) let __stepwiseWriteLock: UnsafeMutablePointer<pthread_mutex_t> = {
            let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
            pthread_mutex_init(lock, nil)
            return lock
        }()

        /// Writes one message, whole; false once the channel is gone.
        func __stepwiseWrite(_ kind: String, _ fields: String) -> Bool {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let time = Int(now.tv_sec) * 1_000_000_000 + Int(now.tv_nsec)
            let bytes = Array(("{\"kind\":\"" + kind + "\",\"time\":\(time)" + fields + "}\n").utf8)
            pthread_mutex_lock(__stepwiseWriteLock)
            defer { pthread_mutex_unlock(__stepwiseWriteLock) }
            var sent = 0
            while sent < bytes.count, __stepwiseControl >= 0 {
                let count = bytes.withUnsafeBytes { write(__stepwiseControl, $0.baseAddress! + sent, bytes.count - sent) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { __stepwiseControl = -1; return false }
                sent += count
            }
            return __stepwiseControl >= 0
        }

        /// Flushes both streams first, so what the program wrote before is in the pipes when the
        /// tutor reads the message; with `ack`, returns once the tutor has read up to it.
        func __stepwiseSend(_ kind: String, _ fields: String = "", ack: Bool = true) {
            guard __stepwiseControl >= 0 else { return }
            fflush(stdout)
            fflush(stderr)
            guard __stepwiseWrite(kind, fields), ack else { return }
            var reply: UInt8 = 0
            while read(__stepwiseControl, &reply, 1) < 0 && errno == EINTR {}
        }

        func __stepwiseBegin() {
            setvbuf(stdout, nil, _IOLBF, 0)
            if let text = getenv("STEPWISE_CONTROL_FD"), let fd = Int32(String(cString: text)) {
                __stepwiseControl = fd
                // Programs the snippet starts are not generated code and get no channel.
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                unsetenv("STEPWISE_CONTROL_FD")
                atexit { __stepwiseSend("finished", ack: false) }
            }
            __stepwiseSend("started")
        }
        """#

    /// JSON strings: only in programs that need them, because the interpreter compiles every function before the first run
    /// and these cost about 40 ms there.
    static let messages = #"""
        func __stepwiseJSON(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F {
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "\""
        }
        """#

    /// An iterator's stored properties as JSON, for the stepping drivers (this one and the
    /// live program's, ``LiveStepDriver``); needs ``messages``.
    static let state = #"""
        func __stepwiseDescribe(_ value: Any) -> String {
            let text = String(describing: value)
            return text.count > 500 ? String(text.prefix(500)) + "…" : text
        }

        /// Stored properties, superclass ones first, as `[{"label":..,"value":..}]`.
        func __stepwiseState(_ value: Any) -> String {
            var mirrors: [Mirror] = []
            var mirror: Mirror? = Mirror(reflecting: value)
            while let current = mirror {
                mirrors.append(current)
                mirror = current.superclassMirror
            }
            var entries: [String] = []
            for current in mirrors.reversed() {
                for (index, child) in current.children.enumerated() {
                    let label = child.label ?? ".\(index)"
                    entries.append("{\"label\":" + __stepwiseJSON(label) + ",\"value\":" + __stepwiseJSON(__stepwiseDescribe(child.value)) + "}")
                }
            }
            return "[" + entries.joined(separator: ",") + "]"
        }
        """#

    /// A stepping call's duration and, in a snippet instrumented for stepping, the lines it
    /// ran: `call-trace`, sent just before the call's report. Shared by this driver and the live
    /// program's (``LiveStepDriver``); needs ``base``.
    static let callTrace = #"""
        /// Set by a program instrumented for stepping: called with true as a call begins, and
        /// with false as it ends, for the JSON array of the program lines that ran.
        nonisolated(unsafe) var __stepwiseLinesHook: ((Bool) -> String)? = nil

        func __stepwiseClock() -> Int {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            return Int(now.tv_sec) * 1_000_000_000 + Int(now.tv_nsec)
        }

        func __stepwiseCallStarting() -> Int {
            _ = __stepwiseLinesHook?(true)
            return __stepwiseClock()
        }

        /// Sent before the call's report: its duration on the program's clock, and its lines.
        func __stepwiseCallFinished(_ call: Int, since began: Int) {
            var fields = ",\"call\":\(call),\"duration\":\(__stepwiseClock() - began)"
            if let hook = __stepwiseLinesHook { fields += ",\"lines\":" + hook(false) }
            __stepwiseSend("call-trace", fields, ack: false)
        }
        """#

    /// The stepping driver: `await __stepwiseStep(NAME)` after the snippet.
    ///
    /// Which protocol drives the loop is decided at run time by casting to
    /// existentials, in the order iterator, sequence, async iterator, async
    /// sequence. Static overloads would be ambiguous for a type that is both a
    /// Sequence and an IteratorProtocol (a common generator shape), and a
    /// missing conformance is better reported as a sentence than as an overload error.
    static let stepDriver = state + "\n" + callTrace + "\n" + loop

    /// The driver's messages and its loop.
    private static let loop = #"""
        import Dispatch

        func __stepwiseReport(call: Int, value: String?, isEnd: Bool, error: String?, state: Any) {
            var fields = ",\"call\":\(call),\"isEnd\":\(isEnd)"
            if let value { fields += ",\"value\":" + __stepwiseJSON(value) }
            if let error { fields += ",\"error\":" + __stepwiseJSON(error) }
            fields += ",\"state\":" + __stepwiseState(state)
            __stepwiseSend("step-report", fields)
        }

        func __stepwiseReady(kind: String, state: Any, error: String? = nil) {
            var fields = ",\"stepKind\":" + __stepwiseJSON(kind) + ",\"state\":" + __stepwiseState(state)
            if let error { fields += ",\"error\":" + __stepwiseJSON(error) }
            __stepwiseSend("step-ready", fields)
        }

        /// Waits for the tutor's next command on the channel (standard input is the learner's
        /// and at end of file); false means stop.
        func __stepwiseAwaitNext() -> Bool {
            var command: [UInt8] = []
            var byte: UInt8 = 0
            while __stepwiseControl >= 0 {
                let count = read(__stepwiseControl, &byte, 1)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { return false }
                if byte != 10 {
                    command.append(byte)
                    continue
                }
                if command == Array("next".utf8) { return true }
                if command == Array("quit".utf8) { return false }
                command = []
            }
            return false
        }

        /// Reads the next command on another thread, so the main actor and every task
        /// on it keep running while the learner reads between two calls: a producer
        /// that runs ahead really does run ahead, as it would in a program.
        func __stepwiseNextCommand() async -> Bool {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: __stepwiseAwaitNext()) }
            }
        }

        @MainActor
        func __stepwiseLoop<I: IteratorProtocol>(_ start: I, kind: String) async {
            var iterator = start
            __stepwiseReady(kind: kind, state: iterator)
            var call = 0
            while await __stepwiseNextCommand() {
                call += 1
                let began = __stepwiseCallStarting()
                let value = iterator.next()
                __stepwiseCallFinished(call, since: began)
                var isEnd = false
                if case .none = value { isEnd = true }
                __stepwiseReport(call: call, value: String(describing: value), isEnd: isEnd, error: nil, state: iterator)
            }
        }

        @MainActor
        func __stepwiseLoopSequence<S: Sequence>(_ sequence: S) async {
            await __stepwiseLoop(sequence.makeIterator(), kind: "Sequence")
        }

        @MainActor
        func __stepwiseLoopAsync<I: AsyncIteratorProtocol>(_ start: I, kind: String) async {
            var iterator = start
            __stepwiseReady(kind: kind, state: iterator)
            var call = 0
            while await __stepwiseNextCommand() {
                call += 1
                let began = __stepwiseCallStarting()
                do {
                    let value = try await iterator.next(isolation: #isolation)
                    __stepwiseCallFinished(call, since: began)
                    var isEnd = false
                    if case .none = value { isEnd = true }
                    __stepwiseReport(call: call, value: String(describing: value), isEnd: isEnd, error: nil, state: iterator)
                } catch {
                    __stepwiseCallFinished(call, since: began)
                    __stepwiseReport(call: call, value: nil, isEnd: true, error: String(describing: error), state: iterator)
                }
            }
        }

        @MainActor
        func __stepwiseLoopAsyncSequence<S: AsyncSequence>(_ sequence: S) async {
            await __stepwiseLoopAsync(sequence.makeAsyncIterator(), kind: "AsyncSequence")
        }

        @MainActor
        func __stepwiseStep(_ target: Any) async {
            if let iterator = target as? any IteratorProtocol {
                await __stepwiseLoop(iterator, kind: "IteratorProtocol")
            } else if let sequence = target as? any Sequence {
                await __stepwiseLoopSequence(sequence)
            } else if let iterator = target as? any AsyncIteratorProtocol {
                await __stepwiseLoopAsync(iterator, kind: "AsyncIteratorProtocol")
            } else if let sequence = target as? any AsyncSequence {
                await __stepwiseLoopAsyncSequence(sequence)
            } else {
                __stepwiseReady(kind: "", state: (), error: "a value of type \(type(of: target)) is neither an iterator nor a sequence")
            }
        }
        """#

    /// Exercise checks. Each `check` sends `check-began` (with its 1-based number) before it
    /// evaluates anything and `check-ended` after, so a crash is attributed to the check that was
    /// running. The tutor then runs the program again with that check's number in
    /// `STEPWISE_SKIP_CHECKS`, and the checks after it still report. A value check sends both
    /// values when they differ. The async forms take a closure, because an overload on an async
    /// autoclosure is never chosen over the synchronous one.
    static let checks = #"""
        nonisolated(unsafe) var __stepwiseFailedChecks = 0
        nonisolated(unsafe) var __stepwiseCheckCount = 0

        let __stepwiseSkippedChecks: [Int] = {
            guard let text = getenv("STEPWISE_SKIP_CHECKS") else { return [] }
            return String(cString: text).split(separator: ",").compactMap { Int($0) }
        }()

        func __stepwiseBeginCheck(_ name: String) -> Bool {
            __stepwiseCheckCount += 1
            if __stepwiseSkippedChecks.contains(__stepwiseCheckCount) {
                __stepwiseFailedChecks += 1
                return false
            }
            __stepwiseSend("check-began", ",\"name\":" + __stepwiseJSON(name) + ",\"index\":\(__stepwiseCheckCount)")
            return true
        }

        func __stepwiseEndCheck(_ name: String, _ passed: Bool, values: String = "") {
            if !passed { __stepwiseFailedChecks += 1 }
            __stepwiseSend("check-ended", ",\"name\":" + __stepwiseJSON(name) + ",\"passed\":\(passed)" + values)
        }

        func __stepwiseCheckValue<T>(_ value: T) -> String {
            let text = value is String || value is Substring || value is Character ? String(reflecting: value) : String(describing: value)
            return text.count > 300 ? String(text.prefix(300)) + "…" : text
        }

        func __stepwiseValues<T: Equatable>(_ actual: T, _ expected: T) -> String {
            actual == expected ? "" : ",\"actual\":" + __stepwiseJSON(__stepwiseCheckValue(actual)) + ",\"expected\":" + __stepwiseJSON(__stepwiseCheckValue(expected))
        }

        func check(_ name: String, _ condition: @autoclosure () throws -> Bool) rethrows {
            guard __stepwiseBeginCheck(name) else { return }
            __stepwiseEndCheck(name, try condition())
        }

        func check<T: Equatable>(_ name: String, _ actual: @autoclosure () throws -> T, equals expected: @autoclosure () throws -> T) rethrows {
            guard __stepwiseBeginCheck(name) else { return }
            let got = try actual()
            let wanted = try expected()
            __stepwiseEndCheck(name, got == wanted, values: __stepwiseValues(got, wanted))
        }

        func check(_ name: String, _ condition: () async throws -> Bool) async rethrows {
            guard __stepwiseBeginCheck(name) else { return }
            __stepwiseEndCheck(name, try await condition())
        }

        func check<T: Equatable>(_ name: String, equals expected: T, _ actual: () async throws -> T) async rethrows {
            guard __stepwiseBeginCheck(name) else { return }
            let got = try await actual()
            __stepwiseEndCheck(name, got == expected, values: __stepwiseValues(got, expected))
        }

        func __stepwiseFinishChecks() {
            fflush(stdout)
            exit(__stepwiseFailedChecks == 0 ? 0 : 1)
        }
        """#

    /// The prompt: a bare expression is passed to `__show`, which prints it the
    /// way a REPL would; Void results (such as `print(...)`) print nothing.
    static let prompt = #"""
        func __show(_ value: Void) {}
        func __show(_ value: String) { debugPrint(value) }
        func __show(_ value: Substring) { debugPrint(value) }
        func __show(_ value: Character) { debugPrint(value) }
        func __show<T>(_ value: T) { print(value) }
        """#
}
