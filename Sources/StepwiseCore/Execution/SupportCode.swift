/// The hidden Swift code compiled next to every snippet (in `stepwise-support.swift`).
///
/// It talks to the tutor with *control lines*: lines that start with U+001E,
/// which ``ChildProcess`` separates from the program's own output. Names start
/// with `__stepwise` so they cannot clash with lesson code.
enum SupportCode {
    /// Always present: line-buffered standard output (so output arrives as it is
    /// printed, not when a 4 KiB buffer fills) and a start marker on standard
    /// error, which separates compiler output from program output when the
    /// program runs in the interpreter, and gives timelines their zero. Kept
    /// minimal: every line here is compiled before each interpreted first run.
    static let base = #"""
        #if canImport(Glibc)
        @preconcurrency import Glibc
        #elseif canImport(Darwin)
        @preconcurrency import Darwin
        #endif

        func __stepwiseBegin() {
            setvbuf(stdout, nil, _IOLBF, 0)
            fputs("\u{1E}start\n", stderr)
        }
        """#

    /// Control lines on both streams, and JSON strings: only in programs that need
    /// them, because the interpreter compiles every function before the first run
    /// and these cost about 40 ms there.
    static let messages = #"""
        /// Writes a control line to both streams (standard output first, flushed),
        /// so the tutor knows everything before it on each stream was written earlier.
        func __stepwiseMark(_ text: String) {
            fflush(stdout)
            fputs("\u{1E}" + text + "\n", stdout)
            fflush(stdout)
            fputs("\u{1E}" + text + "\n", stderr)
        }

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

    /// The stepping driver: `await __stepwiseStep(NAME)` after the snippet.
    ///
    /// Which protocol drives the loop is decided at run time by casting to
    /// existentials, in the order iterator, sequence, async iterator, async
    /// sequence. Static overloads would be ambiguous for a type that is both a
    /// Sequence and an IteratorProtocol (a common generator shape), and a
    /// missing conformance is better reported as a sentence than as an overload error.
    static let stepDriver = #"""
        import Dispatch

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

        func __stepwiseSend(_ fields: String, call: Int) {
            fflush(stdout)
            fputs("\u{1E}step {" + fields + "}\n", stdout)
            fflush(stdout)
            fputs("\u{1E}step-end \(call)\n", stderr)
        }

        func __stepwiseReport(call: Int, value: String?, isEnd: Bool, error: String?, state: Any) {
            var fields = "\"call\":\(call),\"isEnd\":\(isEnd)"
            if let value { fields += ",\"value\":" + __stepwiseJSON(value) }
            if let error { fields += ",\"error\":" + __stepwiseJSON(error) }
            fields += ",\"state\":" + __stepwiseState(state)
            __stepwiseSend(fields, call: call)
        }

        func __stepwiseReady(kind: String, state: Any) {
            __stepwiseSend("\"call\":0,\"isEnd\":false,\"kind\":" + __stepwiseJSON(kind) + ",\"state\":" + __stepwiseState(state), call: 0)
        }

        /// Waits for the tutor's next command; false means stop.
        func __stepwiseAwaitNext() -> Bool {
            while let command = readLine() {
                if command == "next" { return true }
                if command == "quit" { return false }
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
                let value = iterator.next()
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
                do {
                    let value = try await iterator.next(isolation: #isolation)
                    var isEnd = false
                    if case .none = value { isEnd = true }
                    __stepwiseReport(call: call, value: String(describing: value), isEnd: isEnd, error: nil, state: iterator)
                } catch {
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
                __stepwiseSend("\"call\":0,\"isEnd\":true,\"error\":" + __stepwiseJSON("a value of type \(type(of: target)) is neither an iterator nor a sequence") + ",\"state\":[]", call: 0)
            }
        }
        """#

    /// Exercise checks: `check(name, condition)` reports each result as a control
    /// line before and after evaluating the condition, so a crash inside a
    /// condition is attributed to its check.
    static let checks = #"""
        nonisolated(unsafe) var __stepwiseFailedChecks = 0

        func check(_ name: String, _ condition: @autoclosure () throws -> Bool) rethrows {
            __stepwiseMark("check-begin " + __stepwiseJSON(name))
            let passed = try condition()
            if !passed { __stepwiseFailedChecks += 1 }
            __stepwiseMark("check-" + (passed ? "pass " : "fail ") + __stepwiseJSON(name))
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
