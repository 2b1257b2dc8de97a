/// A line of the tutor's own protocol between generated code and the tutor.
struct ControlMessage: Sendable, Hashable {
    /// Time since spawn.
    var elapsed: Duration
    var stream: TimedLine.Stream
    /// The text after the U+001E marker.
    var text: String
    /// How many output lines had been kept when this message arrived.
    var lineIndex: Int
}
