/// What generated code tells the tutor over the control channel (see ``SupportCode``).
///
/// On the wire each message is one line of flat JSON, `{"kind":"…","time":…,…}`, so the
/// child's hand-written encoder stays a few string concatenations; `ControlContractTests`
/// compiles real generated programs and decodes every kind with this type.
enum ControlMessage: Sendable, Hashable {
    /// The program's first statement is about to run (the wall clock's zero).
    case started
    /// `check(name, …)` is about to evaluate its condition; `index` counts the checks from 1.
    case checkBegan(name: String, index: Int = 0)
    /// `check(name, …)` evaluated its condition; a value check that failed sends both values.
    case checkEnded(name: String, passed: Bool, actual: String? = nil, expected: String? = nil)
    /// The stepping driver is ready for the first call, or (with `error`) cannot step.
    case stepReady(kind: String, state: [StateEntry], error: String?)
    /// The stepping driver's report of one call.
    case stepReport(call: Int, value: String?, isEnd: Bool, error: String?, state: [StateEntry])
    /// The prompt's replay has reached the new entry.
    case entryMark
    /// The program is exiting normally (sent from an `atexit` handler).
    case finished
    /// The live program's host finished entry `number`: 0 ran to the end, 1 threw, 2 cancelled,
    /// 3 handed back `result` (a stepping report).
    case entryDone(number: Int, status: Int, result: String?)
    /// The live program's host could not load entry `number`'s library.
    case entryFailed(number: Int, error: String)
    /// A batch of what an instrumented program's recorder saw (see ``TraceEvent``).
    case trace([TraceEvent])
    /// How long the stepping driver's call took in the child and, in an instrumented
    /// program, the snippet's program lines that ran during it; sent just before its report.
    case callTrace(call: Int, duration: Duration, lines: [Int]?)

    /// Whether the child waits for ``ControlChannel/ack`` after sending it: those whose place
    /// among the program's output matters, and `started`, which must not return before the
    /// limits are applied. `finished` comes from an exit handler and has nothing left to order.
    var needsAck: Bool {
        switch self {
        // Traces carry their own times, and a recorder must not wait on the tutor.
        case .finished, .trace, .callTrace: false
        default: true
        }
    }
}

/// One message as it arrived, with the child's clock and its place among the output lines.
struct ReceivedControl: Sendable, Hashable {
    var message: ControlMessage
    /// The child's CLOCK_MONOTONIC when it sent the message, relative to the parent's spawn time.
    var elapsed: Duration
    /// How many output lines (both streams) had been delivered when this message arrived.
    var lineIndex: Int
}

/// The wire form: a message with the child's CLOCK_MONOTONIC time in nanoseconds.
struct ControlLine: Sendable, Hashable, Codable {
    var message: ControlMessage
    var time: Int64

    private enum Keys: String, CodingKey {
        case kind, time, name, index, passed, actual, expected, call, value, isEnd, error, state, stepKind, events, duration, lines
    }

    init(message: ControlMessage, time: Int64) {
        self.message = message
        self.time = time
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        time = try container.decode(Int64.self, forKey: .time)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "started": message = .started
        case "check-began":
            message = .checkBegan(
                name: try container.decode(String.self, forKey: .name),
                index: try container.decodeIfPresent(Int.self, forKey: .index) ?? 0)
        case "check-ended":
            message = .checkEnded(
                name: try container.decode(String.self, forKey: .name),
                passed: try container.decode(Bool.self, forKey: .passed),
                actual: try container.decodeIfPresent(String.self, forKey: .actual),
                expected: try container.decodeIfPresent(String.self, forKey: .expected))
        case "step-ready":
            message = .stepReady(
                kind: try container.decode(String.self, forKey: .stepKind),
                state: try container.decode([StateEntry].self, forKey: .state),
                error: try container.decodeIfPresent(String.self, forKey: .error))
        case "step-report":
            message = .stepReport(
                call: try container.decode(Int.self, forKey: .call),
                value: try container.decodeIfPresent(String.self, forKey: .value),
                isEnd: try container.decode(Bool.self, forKey: .isEnd),
                error: try container.decodeIfPresent(String.self, forKey: .error),
                state: try container.decode([StateEntry].self, forKey: .state))
        case "entry": message = .entryMark
        case "finished": message = .finished
        case "entry-done":
            message = .entryDone(
                number: try container.decode(Int.self, forKey: .call),
                status: Int(try container.decode(String.self, forKey: .value)) ?? 1,
                result: try container.decodeIfPresent(String.self, forKey: .error))
        case "entry-failed":
            message = .entryFailed(
                number: try container.decode(Int.self, forKey: .call), error: try container.decode(String.self, forKey: .error))
        case "trace":
            let wire = try container.decode([TraceEvent.Wire].self, forKey: .events)
            let sentAt = time
            message = .trace(wire.map { $0.event(relativeTo: sentAt) })
        case "call-trace":
            message = .callTrace(
                call: try container.decode(Int.self, forKey: .call),
                duration: .nanoseconds(try container.decode(Int64.self, forKey: .duration)),
                lines: try container.decodeIfPresent([Int].self, forKey: .lines))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown kind \(kind)")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(time, forKey: .time)
        switch message {
        case .started: try container.encode("started", forKey: .kind)
        case .checkBegan(let name, let index):
            try container.encode("check-began", forKey: .kind)
            try container.encode(name, forKey: .name)
            try container.encode(index, forKey: .index)
        case .checkEnded(let name, let passed, let actual, let expected):
            try container.encode("check-ended", forKey: .kind)
            try container.encode(name, forKey: .name)
            try container.encode(passed, forKey: .passed)
            try container.encodeIfPresent(actual, forKey: .actual)
            try container.encodeIfPresent(expected, forKey: .expected)
        case .stepReady(let kind, let state, let error):
            try container.encode("step-ready", forKey: .kind)
            try container.encode(kind, forKey: .stepKind)
            try container.encode(state, forKey: .state)
            try container.encodeIfPresent(error, forKey: .error)
        case .stepReport(let call, let value, let isEnd, let error, let state):
            try container.encode("step-report", forKey: .kind)
            try container.encode(call, forKey: .call)
            try container.encodeIfPresent(value, forKey: .value)
            try container.encode(isEnd, forKey: .isEnd)
            try container.encodeIfPresent(error, forKey: .error)
            try container.encode(state, forKey: .state)
        case .entryMark: try container.encode("entry", forKey: .kind)
        case .finished: try container.encode("finished", forKey: .kind)
        case .entryDone(let number, let status, let result):
            try container.encode("entry-done", forKey: .kind)
            try container.encode(number, forKey: .call)
            try container.encode(String(status), forKey: .value)
            try container.encodeIfPresent(result, forKey: .error)
        case .entryFailed(let number, let error):
            try container.encode("entry-failed", forKey: .kind)
            try container.encode(number, forKey: .call)
            try container.encode(error, forKey: .error)
        case .trace(let events):
            try container.encode("trace", forKey: .kind)
            let sentAt = time
            try container.encode(events.map { TraceEvent.Wire($0, relativeTo: sentAt) }, forKey: .events)
        case .callTrace(let call, let duration, let lines):
            try container.encode("call-trace", forKey: .kind)
            try container.encode(call, forKey: .call)
            try container.encode(TraceEvent.nanoseconds(duration), forKey: .duration)
            try container.encodeIfPresent(lines, forKey: .lines)
        }
    }
}

/// The descriptor generated programs talk on, and the bytes both sides agree on.
enum ControlChannel {
    /// The child's end of the socket pair is always this descriptor.
    static let childDescriptor: Int32 = 3
    /// Tells the child which descriptor is its channel; only generated programs get it.
    static let variable = "STEPWISE_CONTROL_FD"
    /// The parent's one-byte reply to a message that ``ControlMessage/needsAck``.
    static let ack: UInt8 = 0x06
    /// Lines longer than this are not ours: the reader drops them rather than grow without bound.
    static let maximumLineLength = 1 << 20
}
