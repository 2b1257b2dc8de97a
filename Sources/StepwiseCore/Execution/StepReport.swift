/// What one `next()` call in a stepping session did.
public struct StepReport: Sendable, Hashable {
    /// 1 for the first call.
    public var call: Int
    /// The returned optional as Swift prints it: `Optional(1)`, `nil`.
    public var value: String
    /// Whether `next()` returned nil (or, for an async iterator, threw).
    public var isEnd: Bool
    /// What an async iterator's `next()` threw, if it did.
    public var error: String?
    /// Everything the iterator's body printed during this call, in order.
    public var bodyOutput: [TimedLine]
    /// The iterator's stored properties after the call (superclass ones first).
    public var state: [StateEntry]
    /// Time the round trip took, from sending the command to receiving the report.
    public var roundTrip: Duration

    public init(
        call: Int, value: String, isEnd: Bool, error: String? = nil, bodyOutput: [TimedLine],
        state: [StateEntry], roundTrip: Duration
    ) {
        self.call = call
        self.value = value
        self.isEnd = isEnd
        self.error = error
        self.bodyOutput = bodyOutput
        self.state = state
        self.roundTrip = roundTrip
    }

    /// What Python does at the same point, for the side-by-side explanation.
    public static let pythonEndOfSequence = "end of sequence; Python raises StopIteration here"

    /// ``pythonEndOfSequence`` when this call returned nil, else nil.
    public var pythonNote: String? {
        isEnd && error == nil ? Self.pythonEndOfSequence : nil
    }
}

/// One stored property of an iterator, as `Mirror` reports it.
public struct StateEntry: Sendable, Hashable, Codable {
    /// The property's name (`.0`, `.1`, ... for unlabeled children).
    public var label: String
    /// `String(describing:)` of its value, cut at 500 characters.
    public var value: String

    public init(label: String, value: String) {
        self.label = label
        self.value = value
    }
}

/// The JSON the stepping driver writes after each call (and once, as call 0, when ready).
struct StepMessage: Codable, Sendable, Hashable {
    var call: Int
    var isEnd: Bool
    var value: String?
    var error: String?
    /// Which protocol drives the session (call 0 only).
    var kind: String?
    var state: [StateEntry]

    static let prefix = "step "
}
