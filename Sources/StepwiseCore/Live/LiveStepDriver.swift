/// Stepping inside the live program: `step` calls `next()` on the snippet's own global, so the
/// prompt and stepping share one iterator (two steps, then `gen.next()` at the prompt, gives the
/// third value). Each call is an entry of the program like any other; its report comes back
/// through the entry's `done` callback as flat JSON (status 3), decoded into ``StepReport``.
///
/// A global iterator is copied, advanced and written back: the way Swift 6 lets main-actor
/// code call a mutating async `next()` on a main-actor global. A sequence gets an iterator of
/// its own the first time, kept in a global of the driver.
package enum LiveStepDriver {
    /// The declarations, compiled once as an entry of their own: the standalone driver's JSON
    /// and state encoders, then ``step``.
    static let declarations = SupportCode.messages + "\n" + SupportCode.state + "\n" + step

    /// The step itself, which reports through the entry's result.
    private static let step = #"""
        nonisolated(unsafe) var __stepwiseSequenceIterator: Any?
        nonisolated(unsafe) var __stepwiseCalls = 0

        func __stepwiseReport(kind: String, value: String?, isEnd: Bool, error: String?, state: Any) -> String {
            var fields = "{\"kind\":" + __stepwiseJSON(kind) + ",\"isEnd\":\(isEnd),\"call\":\(__stepwiseCalls)"
            if let value { fields += ",\"value\":" + __stepwiseJSON(value) }
            if let error { fields += ",\"error\":" + __stepwiseJSON(error) }
            return fields + ",\"state\":" + __stepwiseState(state) + "}"
        }

        /// The value as the standalone stepper shows it (`Optional(1)`, `nil`), and whether it ended.
        func __stepwiseAdvance<I: IteratorProtocol>(_ iterator: inout I) -> (String, Bool) {
            let value = iterator.next()
            return (String(describing: value), value == nil)
        }

        @MainActor
        func __stepwiseAdvanceAsync<I: AsyncIteratorProtocol>(_ iterator: inout I) async throws -> (String, Bool) {
            let value = try await iterator.next(isolation: #isolation)
            return (String(describing: value), value == nil)
        }

        func __stepwiseIterator<S: Sequence>(_ sequence: S) -> any IteratorProtocol { sequence.makeIterator() }
        func __stepwiseAsyncIterator<S: AsyncSequence>(_ sequence: S) -> any AsyncIteratorProtocol { sequence.makeAsyncIterator() }

        /// With `advancing` false, only says what the target is (the start of stepping).
        @MainActor
        func __stepwiseStep<T>(_ target: inout T, advancing: Bool) async -> String {
            if advancing { __stepwiseCalls += 1 }
            if var iterator = target as? any IteratorProtocol {
                guard advancing else { return __stepwiseReport(kind: "IteratorProtocol", value: nil, isEnd: false, error: nil, state: iterator) }
                let began = __stepwiseCallStarting()
                let (value, isEnd) = __stepwiseAdvance(&iterator)
                __stepwiseCallFinished(__stepwiseCalls, since: began)
                if let back = iterator as? T { target = back }
                return __stepwiseReport(kind: "IteratorProtocol", value: value, isEnd: isEnd, error: nil, state: iterator)
            }
            if var iterator = target as? any AsyncIteratorProtocol {
                guard advancing else { return __stepwiseReport(kind: "AsyncIteratorProtocol", value: nil, isEnd: false, error: nil, state: iterator) }
                let began = __stepwiseCallStarting()
                do {
                    let (value, isEnd) = try await __stepwiseAdvanceAsync(&iterator)
                    __stepwiseCallFinished(__stepwiseCalls, since: began)
                    if let back = iterator as? T { target = back }
                    return __stepwiseReport(kind: "AsyncIteratorProtocol", value: value, isEnd: isEnd, error: nil, state: iterator)
                } catch {
                    __stepwiseCallFinished(__stepwiseCalls, since: began)
                    return __stepwiseReport(kind: "AsyncIteratorProtocol", value: nil, isEnd: true, error: String(describing: error), state: iterator)
                }
            }
            if let sequence = target as? any Sequence {
                var iterator = (__stepwiseSequenceIterator as? any IteratorProtocol) ?? __stepwiseIterator(sequence)
                guard advancing else {
                    __stepwiseSequenceIterator = iterator
                    return __stepwiseReport(kind: "Sequence", value: nil, isEnd: false, error: nil, state: iterator)
                }
                let began = __stepwiseCallStarting()
                let (value, isEnd) = __stepwiseAdvance(&iterator)
                __stepwiseCallFinished(__stepwiseCalls, since: began)
                __stepwiseSequenceIterator = iterator
                return __stepwiseReport(kind: "Sequence", value: value, isEnd: isEnd, error: nil, state: iterator)
            }
            if let sequence = target as? any AsyncSequence {
                var iterator = (__stepwiseSequenceIterator as? any AsyncIteratorProtocol) ?? __stepwiseAsyncIterator(sequence)
                guard advancing else {
                    __stepwiseSequenceIterator = iterator
                    return __stepwiseReport(kind: "AsyncSequence", value: nil, isEnd: false, error: nil, state: iterator)
                }
                let began = __stepwiseCallStarting()
                do {
                    let (value, isEnd) = try await __stepwiseAdvanceAsync(&iterator)
                    __stepwiseCallFinished(__stepwiseCalls, since: began)
                    __stepwiseSequenceIterator = iterator
                    return __stepwiseReport(kind: "AsyncSequence", value: value, isEnd: isEnd, error: nil, state: iterator)
                } catch {
                    __stepwiseCallFinished(__stepwiseCalls, since: began)
                    return __stepwiseReport(kind: "AsyncSequence", value: nil, isEnd: true, error: String(describing: error), state: iterator)
                }
            }
            return __stepwiseReport(kind: "", value: nil, isEnd: true, error: "a value of type \(type(of: target)) is neither an iterator nor a sequence", state: ())
        }
        """#

    /// The entry that makes one call (or, with `advancing` false, looks at the target).
    /// With `writesBack`, the advanced copy is stored in the global again (a `var`); a `let`
    /// is stepped on a copy, as the standalone stepper does.
    static func call(_ name: String, advancing: Bool, writesBack: Bool = true) -> String {
        // In a block: top-level `var`s of an entry would become globals.
        """
        do {
            var __stepwiseTarget = \(name)
            let __stepwiseReport = await __stepwiseStep(&__stepwiseTarget, advancing: \(advancing))
            \(writesBack ? "\(name) = __stepwiseTarget" : "_ = __stepwiseTarget")
            try __stepwiseReturn(__stepwiseReport)
        }
        """
    }

    /// In the snippet module, so every entry sees it: an entry hands a result back by throwing it.
    static let result = """
        struct __StepwiseReturn: Error { var text: String }
        func __stepwiseReturn(_ text: String) throws -> Never { throw __StepwiseReturn(text: text) }
        """

    /// Also in the snippet module: the standalone driver's sender and call trace, on the
    /// channel the host attaches before the snippet's code runs, and, for a snippet
    /// instrumented for stepping, its line recorder (`support`), started by `prologue`.
    static func channel(support: String = "", prologue: String = "") -> String {
        SupportCode.base + "\n" + SupportCode.callTrace + "\n" + support + "\n"
            + """
            @_cdecl("stepwise_attach_channel")
            public func __stepwiseAttachChannel(_ channel: Int32) {
                __stepwiseControl = channel
                \(prologue)
            }
            """
    }

    /// The report as the driver wrote it.
    package struct Report: Sendable, Decodable {
        package var kind: String
        package var isEnd: Bool
        package var call: Int
        package var value: String?
        package var error: String?
        package var state: [StateEntry]
    }
}
