/// One stored property of an iterator, as `Mirror` reports it.
package struct StateEntry: Sendable, Hashable, Codable {
    /// The property's name (`.0`, `.1`, ... for unlabeled children).
    package var label: String
    /// `String(describing:)` of its value, cut at 500 characters.
    package var value: String

    package init(label: String, value: String) {
        self.label = label
        self.value = value
    }
}
