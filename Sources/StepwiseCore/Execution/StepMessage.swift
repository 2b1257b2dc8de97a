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
