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
