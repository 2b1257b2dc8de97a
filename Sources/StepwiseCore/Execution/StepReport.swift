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
